import SystemPackage

/// Why writing or reading a bundle failed: a message, the file concerned, and where known a byte offset.
public struct BundleError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, in words.
  public var message: String
  /// The file being written or read, if there is one.
  public var path: String?
  /// The byte offset in `path` (or in the uncompressed stream, as `message` says) where it went wrong.
  public var offset: Int64?
  /// The operating-system error behind this one, if any.
  public var errno: Errno?

  /// Creates an error; `offset` and `errno` are optional details.
  public init(_ message: String, path: String? = nil, offset: Int64? = nil, errno: Errno? = nil) {
    self.message = message
    self.path = path
    self.offset = offset
    self.errno = errno
  }

  /// `path (byte N): message (errno)`, leaving out the parts that are not known.
  public var description: String {
    var text = ""
    if let path { text += path }
    if let offset { text += text.isEmpty ? "byte \(offset)" : " (byte \(offset))" }
    if !text.isEmpty { text += ": " }
    text += message
    if let errno { text += " (\(errno))" }
    return text
  }
}
