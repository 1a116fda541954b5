/// Why an export could not be done: a bad query, an unknown part, with the column where known.
public struct FormattersError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, in words.
  public var message: String
  /// The 1-based column in the query where the problem is, when there is one.
  public var column: Int?

  /// Creates the error; `column` only for problems found in a query.
  public init(_ message: String, column: Int? = nil) {
    self.message = message
    self.column = column
  }

  /// The message, prefixed by `column N: ` when a column is known.
  public var description: String {
    if let column { return "column \(column): \(message)" }
    return message
  }
}
