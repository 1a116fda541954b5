/// Where in the input something was found: a file and, where known, a byte offset or line.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
  public var file: String
  public var offset: Int64?
  public var line: Int?

  public init(file: String, offset: Int64? = nil, line: Int? = nil) {
    self.file = file
    self.offset = offset
    self.line = line
  }

  public var description: String {
    if let offset { return "\(file) (byte \(offset))" }
    if let line { return "\(file):\(line)" }
    return file
  }
}

/// One per-message or per-file problem found while reading or writing; it never stops a run.
public struct Diagnostic: Sendable, Codable, CustomStringConvertible {
  /// How serious the problem is.
  public enum Severity: String, Sendable, Codable {
    /// Not a message at all (a `tmp/` file, an index file, an expunged message): not written,
    /// counted by reason, and not a failure.
    case ignored
    /// Something was noticed or changed, and the message was still written.
    case warning
    /// The item was not written; the reason says why.
    case skipped
    /// A whole file or folder could not be read.
    case error
  }

  public var severity: Severity
  /// A short stable reason code, such as `tmp-file` or `expunged`, for counting in reports.
  public var code: String
  public var message: String
  public var location: SourceLocation

  public init(_ severity: Severity, code: String, _ message: String, at location: SourceLocation) {
    self.severity = severity
    self.code = code
    self.message = message
    self.location = location
  }

  public var description: String { "\(location): \(severity.rawValue): \(message) [\(code)]" }
}

/// The channel readers and writers report problems through.
public typealias DiagnosticHandler = (Diagnostic) -> Void

/// The error the MailModel module throws, with the place it refers to.
public struct MailModelError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var location: SourceLocation?

  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
  }

  public var description: String {
    if let location { return "\(location): \(message)" }
    return message
  }
}
