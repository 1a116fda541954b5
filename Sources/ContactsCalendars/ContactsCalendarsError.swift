import MailModel

/// The error the ContactsCalendars module throws, with the file and line it refers to.
public struct ContactsCalendarsError: LocatedError, Sendable {
  /// A human-readable explanation of what went wrong.
  public var message: String
  /// The file (and line, when known) the error refers to, or nil when it is not tied to a file.
  public var location: SourceLocation?

  /// Creates an error with a message and, optionally, the place it refers to.
  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
  }
}
