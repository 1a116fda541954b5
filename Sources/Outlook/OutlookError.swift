import MailModel

/// The error the Outlook module throws when a PST or `.msg` file (or one item in it) cannot be read.
public struct OutlookError: AlwaysLocatedError, Sendable {
  /// What kind of failure this is; `unreadable` unless given or taken from the cause.
  public var code: ErrorCode
  /// A human-readable explanation of what could not be read.
  public var message: String
  /// The file (with the item's offset or identifier in the message when one is known).
  public var location: SourceLocation
  /// The error behind this one, such as a libpff or libolecf error.
  public var cause: (any Error)?

  /// Creates an error for the file at `location`, optionally with its code and cause.
  public init(
    _ message: String, code: ErrorCode? = nil, at location: SourceLocation,
    cause: (any Error)? = nil
  ) {
    self.code = code ?? ErrorCode(causedBy: cause) ?? .unreadable
    self.message = message
    self.location = location
    self.cause = cause
  }
}
