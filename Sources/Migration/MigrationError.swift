import MailModel

/// The error the Migration module throws.
public struct MigrationError: LocatedError, Sendable {
  /// What kind of failure this is; `invalidArgument` (a setting or report that cannot be used)
  /// unless given or taken from the cause.
  public var code: ErrorCode
  /// What went wrong, naming the file or setting involved.
  public var message: String
  /// The file the error is about (a report, an output), or nil when it is about no file.
  public var location: SourceLocation?
  /// The error behind this one, such as another module's error or an `Errno`.
  public var cause: (any Error)?

  /// An error that says `message`, optionally with its code, the file it is about and its cause;
  /// without a code, the cause's code (see `ErrorCode(causedBy:)`) or `invalidArgument`.
  public init(
    _ message: String, code: ErrorCode? = nil, at location: SourceLocation? = nil,
    cause: (any Error)? = nil
  ) {
    self.code = code ?? ErrorCode(causedBy: cause) ?? .invalidArgument
    self.message = message
    self.location = location
    self.cause = cause
  }
}
