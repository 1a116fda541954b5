/// The one rule for entry names in every archive we write: a clean relative file path.
enum ArchiveEntryName {
  /// Throws unless `bytes` is non-empty, has no NUL, and has no empty, `.` or `..` component
  /// (so no leading or trailing `/` and no `//`). `kind` names the archive (`tar`, `zip`) in messages.
  static func validate(_ bytes: [UInt8], original: String, kind: String) throws {
    guard !bytes.isEmpty else { throw BundleError("\(kind) entry name is empty") }
    guard !bytes.contains(0) else {
      throw BundleError("\(kind) entry name \(original) contains a NUL byte")
    }
    var start = 0
    for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: "/") {
      let length = end - start
      let isDot = length == 1 && bytes[start] == UInt8(ascii: ".")
      let isDotDot =
        length == 2 && bytes[start] == UInt8(ascii: ".") && bytes[start + 1] == UInt8(ascii: ".")
      if length == 0 || isDot || isDotDot {
        throw BundleError(
          "\(kind) entry name \(original) is not a clean relative file path "
            + "(leading or trailing '/', '//', '.' or '..')")
      }
      start = end + 1
    }
  }
}
