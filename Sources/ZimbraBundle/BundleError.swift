import MailModel
import SystemPackage

/// Why writing or reading a bundle failed: a message, the file concerned, and where known a byte offset.
public struct BundleError: LocatedError, Sendable {
  /// What kind of failure this is; `badInput` unless given or taken from the cause.
  public var code: ErrorCode
  /// What went wrong, in words.
  public var message: String
  /// The file being written or read, if there is one.
  public var path: String?
  /// The byte offset in `path` (or in the uncompressed stream, as `message` says) where it went wrong.
  public var offset: Int64?
  /// The error behind this one: the `Errno` of a failed system call, or another module's error.
  public var cause: (any Error)?

  /// Creates an error; `offset`, `errno` and `cause` are optional details. Without a code, the
  /// cause's code (see `ErrorCode(causedBy:)`) or `badInput`; `errno` is the cause when none is given.
  public init(
    _ message: String, code: ErrorCode? = nil, path: String? = nil, offset: Int64? = nil,
    errno: Errno? = nil, cause: (any Error)? = nil
  ) {
    let cause = cause ?? errno
    self.code = code ?? ErrorCode(causedBy: cause) ?? .badInput
    self.message = message
    self.path = path
    self.offset = offset
    self.cause = cause
  }

  /// The operating-system error behind this one, if the cause is one.
  public var errno: Errno? {
    get { cause as? Errno }
    set { cause = newValue }
  }

  /// `path` with `offset`, or nil when the error names no file.
  public var location: SourceLocation? {
    path.map { SourceLocation(file: $0, offset: offset) }
  }

  /// `path (byte N): message (cause)`, leaving out the parts that are not known (and the cause when
  /// the message already quotes it).
  public var description: String {
    if let location { return "\(location): \(messageAndCause)" }
    if let offset { return "byte \(offset): \(messageAndCause)" }
    return messageAndCause
  }
}
