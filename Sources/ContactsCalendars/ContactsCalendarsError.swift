import MailModel

/// The error the ContactsCalendars module throws, with the file and line it refers to.
public struct ContactsCalendarsError: LocatedError, Sendable {
  /// What kind of failure this is; `badInput` unless given or taken from the cause.
  public var code: ErrorCode
  /// A human-readable explanation of what went wrong.
  public var message: String
  /// The file (and line, when known) the error refers to, or nil when it is not tied to a file.
  public var location: SourceLocation?
  /// The error behind this one, such as the error of a failed read or write.
  public var cause: (any Error)?

  /// Creates an error with a message and, optionally, its code, the place it refers to and its
  /// cause; without a code, the cause's code (see `ErrorCode(causedBy:)`) or `badInput`.
  public init(
    _ message: String, code: ErrorCode? = nil, at location: SourceLocation? = nil,
    cause: (any Error)? = nil
  ) {
    self.code = code ?? ErrorCode(causedBy: cause) ?? .badInput
    self.message = message
    self.location = location
    self.cause = cause
  }
}
