/// A path kept as the raw bytes the file system gave us, so names that are not valid UTF-8 still open.
///
/// It becomes a `String` only for display (diagnostics, locations, folder names). Paths are built
/// only from the root the user gave and from directory entries, never from anything read inside a
/// file.
struct RawPath: Hashable, Sendable {
  var bytes: [UInt8]

  init(_ path: String) {
    var bytes = Array(path.utf8)
    while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
    self.bytes = bytes
  }

  init(bytes: [UInt8]) { self.bytes = bytes }

  /// This path with one more component; `name` is a real directory entry, never a decoded name.
  func appending<C: Collection>(_ name: C) -> RawPath where C.Element == UInt8 {
    var out = bytes
    out.reserveCapacity(bytes.count + 1 + name.count)
    if out.last != UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
    out.append(contentsOf: name)
    return RawPath(bytes: out)
  }

  /// This path with one more component named in the code (`cur`, `dovecot-uidlist`).
  func appending(_ name: String) -> RawPath { appending(name.utf8) }

  /// The last component (the whole path when it has no `/`).
  var lastComponent: [UInt8] {
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes }
    return Array(bytes[(slash + 1)...])
  }

  /// The path for messages and reports (invalid UTF-8 shown with replacement characters).
  var display: String { String(decoding: bytes, as: UTF8.self) }

  /// Calls `body` with a NUL-terminated copy of the path.
  func withCString<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
    var terminated = bytes
    terminated.append(0)
    return terminated.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        // A non-empty array always has a base address.
        body(chars.baseAddress.unsafelyUnwrapped)
      }
    }
  }
}
