#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A character set iconv can convert from, by the name iconv knows it (`CP932`, `WINDOWS-1251`,
/// `KOI8-R`, …).
public struct Charset: Sendable, Hashable, CustomStringConvertible {
  /// The iconv name, upper-case.
  public let name: String

  /// The charset of `name` (any spelling iconv accepts, any case: `shift_jis`, `cp1251`, `koi8-r`);
  /// nil when iconv cannot convert from it.
  public init?(name: String) {
    let upper = name.trimmingBlanks().uppercased()
    guard !upper.isEmpty, upper != "AUTO", let handle = Self.open(upper) else { return nil }
    iconv_close(handle)
    self.name = upper
  }

  /// Windows-1252, the code page of Western European Windows programs.
  public static let windows1252 = Charset(known: "WINDOWS-1252")
  /// Windows-1250, the code page of Central European Windows programs.
  public static let windows1250 = Charset(known: "WINDOWS-1250")

  /// A charset whose name is known to be valid (checked when it is first converted).
  init(known name: String) { self.name = name }

  /// The iconv name.
  public var description: String { name }

  /// The bytes converted to text; the error gives the offset of the first byte that is not valid in
  /// this charset (or does not end a character).
  public func decode(_ bytes: some Collection<UInt8>) -> Result<String, CharsetDecodingError> {
    utf8(Array(bytes)).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The bytes converted to UTF-8 bytes (see `decode`).
  public func utf8(_ bytes: [UInt8]) -> Result<[UInt8], CharsetDecodingError> {
    guard !bytes.isEmpty else { return .success([]) }
    guard let handle = Self.open(name) else {
      return .failure(CharsetDecodingError(charset: name, offset: 0))
    }
    defer { iconv_close(handle) }
    var source = bytes
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count * 2)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var failedAt: Int?
    source.withUnsafeMutableBytes { src in
      chunk.withUnsafeMutableBytes { dst in
        guard let srcBase = src.baseAddress, let dstBase = dst.baseAddress else { return }
        var inPointer: UnsafeMutablePointer<CChar>? = srcBase.assumingMemoryBound(to: CChar.self)
        var inLeft = src.count
        while true {
          var outPointer: UnsafeMutablePointer<CChar>? = dstBase.assumingMemoryBound(to: CChar.self)
          var outLeft = dst.count
          let status = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
          let error = errno
          output.append(
            contentsOf: UnsafeRawBufferPointer(start: dstBase, count: dst.count - outLeft))
          if status != -1 {
            // All input taken; flush a stateful charset's pending output (ISO-2022 resets).
            var flushPointer: UnsafeMutablePointer<CChar>? = dstBase.assumingMemoryBound(
              to: CChar.self)
            var flushLeft = dst.count
            _ = iconv(handle, nil, nil, &flushPointer, &flushLeft)
            output.append(
              contentsOf: UnsafeRawBufferPointer(start: dstBase, count: dst.count - flushLeft))
            return
          }
          if error == E2BIG { continue }
          failedAt = src.count - inLeft
          return
        }
      }
    }
    if let failedAt { return .failure(CharsetDecodingError(charset: name, offset: failedAt)) }
    return .success(output)
  }

  /// An iconv handle from `name` to UTF-8, or nil when iconv does not know the name.
  private static func open(_ name: String) -> iconv_t? {
    let handle = iconv_open("UTF-8", name)
    guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
    return handle
  }
}

/// Bytes that are not valid in the charset they were read as.
public struct CharsetDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The charset's iconv name.
  public var charset: String
  /// The offset of the first byte that does not convert.
  public var offset: Int

  /// Creates the error for `charset` at byte `offset`.
  public init(charset: String, offset: Int) {
    self.charset = charset
    self.offset = offset
  }

  /// `byte N is not valid CHARSET`.
  public var description: String { "byte \(offset) is not valid \(charset)" }

  /// The 1-based line of the bad byte in `bytes` (LF, CR LF and a lone CR end a line).
  public func line(in bytes: some Collection<UInt8>) -> Int {
    TextLines.line(ofOffset: offset, in: bytes)
  }
}

/// Line numbers of byte offsets.
public enum TextLines {
  /// The 1-based line of the byte at `offset` in `bytes` (LF, CR LF and a lone CR end a line).
  public static func line(ofOffset offset: Int, in bytes: some Collection<UInt8>) -> Int {
    var line = 1
    var previous: UInt8 = 0
    for byte in bytes.prefix(offset) {
      if byte == 0x0A, previous != 0x0D { line += 1 }
      if byte == 0x0D { line += 1 }
      previous = byte
    }
    return line
  }

  /// The line of the first byte of 0x80 or more (where a charset question starts); 1 when none.
  public static func firstNonASCIILine(in bytes: [UInt8]) -> Int {
    line(ofOffset: bytes.firstIndex { $0 >= 0x80 } ?? 0, in: bytes)
  }
}

extension String {
  func trimmingBlanks() -> String {
    var s = Substring(self)
    while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
    while let c = s.last, c == " " || c == "\t" { s.removeLast() }
    return String(s)
  }
}
