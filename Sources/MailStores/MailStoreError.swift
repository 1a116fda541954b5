import MailModel

/// The error the MailStores module throws when a source cannot be read at all.
public struct MailStoreError: AlwaysLocatedError, Sendable {
  /// What kind of failure this is; `unreadable` unless given or taken from the cause.
  public var code: ErrorCode
  /// A human-readable explanation of why the source cannot be read.
  public var message: String
  /// The file or folder that cannot be read (with an offset when one is known).
  public var location: SourceLocation
  /// The error behind this one, such as the `Errno` of a failed `open` or `read`.
  public var cause: (any Error)?

  /// Creates an error for the source at `location`, optionally with its code and cause; without a
  /// code, the cause's code (see `ErrorCode(causedBy:)`) or `unreadable`.
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
