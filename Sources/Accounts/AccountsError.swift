import MailModel

/// The error the Accounts module throws, with the file and line it refers to. Its text never
/// contains a password.
public struct AccountsError: LocatedError, Sendable {
  /// What kind of failure this is; `badInput` unless given or taken from the cause.
  public var code: ErrorCode
  /// What went wrong, without the location and never with a password.
  public var message: String
  /// The file (and line, where known) the error is about; nil when it is about no input.
  public var location: SourceLocation?
  /// The error behind this one, such as the `Errno` of a failed `open`; never holds a password.
  public var cause: (any Error)?

  /// An error saying `message` about `location`, optionally with its code and cause; without a
  /// code, the cause's code (see `ErrorCode(causedBy:)`) or `badInput`.
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
