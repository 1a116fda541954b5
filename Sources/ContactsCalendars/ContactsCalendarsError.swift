import MailModel

/// The error the ContactsCalendars module throws, with the file and line it refers to.
public struct ContactsCalendarsError: Error, Sendable, CustomStringConvertible {
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
