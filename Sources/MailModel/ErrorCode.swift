import SystemPackage

/// What kind of failure a module error is, so callers can react without reading its message.
///
/// A struct of static values rather than a closed enum (as swift-nio's `FileSystemError.Code`), so
/// a module can add its own code (`extension ErrorCode { static let … }`) without breaking anyone.
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
  /// The code's stable name, as printed.
  public var name: String

  /// A code called `name`; modules declare theirs as static constants.
  public init(_ name: String) {
    self.name = name
  }

  /// The stable name.
  public var description: String { name }

  /// A file or folder that should be there is not (`ENOENT`, `ENOTDIR`).
  public static let notFound = ErrorCode("notFound")
  /// The operating system refused access (`EACCES`, `EPERM`, `EROFS`).
  public static let permissionDenied = ErrorCode("permissionDenied")
  /// A file or folder is there that must not be (`EEXIST`).
  public static let alreadyExists = ErrorCode("alreadyExists")
  /// A file or folder is there but cannot be read as what it should be.
  public static let unreadable = ErrorCode("unreadable")
  /// The input's content is malformed or breaks a rule of its format.
  public static let badInput = ErrorCode("badInput")
  /// The input uses a format or feature that is deliberately not supported.
  public static let unsupported = ErrorCode("unsupported")
  /// A value given by the caller (an option, a path, a setting) cannot be used.
  public static let invalidArgument = ErrorCode("invalidArgument")
  /// An object was used in the wrong order (a write after `finish()`, a second commit).
  public static let invalidState = ErrorCode("invalidState")
  /// The file system has no room left (`ENOSPC`, `EDQUOT`).
  public static let noSpace = ErrorCode("noSpace")
  /// Reading or writing failed in the operating system for another reason.
  public static let io = ErrorCode("io")

  /// The code for an operating-system error number.
  public init(_ errno: Errno) {
    switch errno {
    case .noSuchFileOrDirectory, .notDirectory: self = .notFound
    case .permissionDenied, .notPermitted, .readOnlyFileSystem: self = .permissionDenied
    case .fileExists: self = .alreadyExists
    case .noSpace, .diskQuotaExceeded: self = .noSpace
    default: self = .io
    }
  }

  /// The code a wrapping error inherits from its cause: a located error's own code, or the code of
  /// an operating-system error; nil for any other cause or none.
  public init?(causedBy cause: (any Error)?) {
    switch cause {
    case let located as any LocatedError: self = located.code
    case let errno as Errno: self.init(errno)
    default: return nil
    }
  }
}
