/// One header field of a message, located by byte ranges in the message.
public struct HeaderField: Sendable {
  /// The field name as written (`Content-Type`).
  public var name: String
  /// The whole field: name, value, folded continuation lines and the final line ending.
  public var range: Range<Int>
  /// The value bytes after the colon, continuation lines included, final line ending excluded.
  public var valueRange: Range<Int>

  /// The value unfolded (line breaks of folding removed), trimmed, decoded as UTF-8 or Latin-1.
  public func value(in bytes: [UInt8]) -> String {
    var unfolded: [UInt8] = []
    unfolded.reserveCapacity(valueRange.count)
    for b in bytes[valueRange] where b != UInt8(ascii: "\r") && b != UInt8(ascii: "\n") {
      unfolded.append(b)
    }
    return MailText.decode(unfolded).trimmingWhitespace()
  }
}

/// Finds and edits the header section of a raw RFC 5322 message without touching anything else.
public enum HeaderSection {
  /// Where the header section ends: `end` is the first byte after the last header line,
  /// `bodyStart` the first byte after the blank separator line (equal to `end` if there is none).
  public static func bounds(of bytes: [UInt8]) -> (end: Int, bodyStart: Int) {
    bytes.withUnsafeBufferPointer { bounds(of: $0) }
  }

  /// The same over a raw buffer.
  public static func bounds(of bytes: UnsafeBufferPointer<UInt8>) -> (end: Int, bodyStart: Int) {
    var i = 0
    let n = bytes.count
    var first = true
    while i < n {
      // i is at a line start.
      let c = bytes[i]
      if c == UInt8(ascii: "\n") { return (i, i + 1) }
      if c == UInt8(ascii: "\r"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "\n") {
        return (i, i + 2)
      }
      if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") {
        if first { return (0, 0) }
      } else if !lineLooksLikeField(bytes, from: i) {
        return (i, i)
      }
      first = false
      guard let nl = nextNewline(bytes, from: i) else { return (n, n) }
      i = nl + 1
    }
    return (n, n)
  }

  private static func lineLooksLikeField(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Bool
  {
    var i = start
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: ":") { return i > start }
      if c <= 0x20 || c >= 0x7F { return false }
      i += 1
    }
    return false
  }

  private static func nextNewline(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard start < bytes.count, let base = bytes.baseAddress else { return nil }
    guard let p = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
    return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
  }

  /// Every field of the header section, in order.
  public static func fields(of bytes: [UInt8]) -> [HeaderField] {
    let (end, _) = bounds(of: bytes)
    var result: [HeaderField] = []
    var i = 0
    while i < end {
      var lineEnd = i
      while lineEnd < end && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      var fieldEnd = min(lineEnd + 1, end)
      while fieldEnd < end
        && (bytes[fieldEnd] == UInt8(ascii: " ") || bytes[fieldEnd] == UInt8(ascii: "\t"))
      {
        var e = fieldEnd
        while e < end && bytes[e] != UInt8(ascii: "\n") { e += 1 }
        fieldEnd = min(e + 1, end)
      }
      guard let colon = bytes[i..<fieldEnd].firstIndex(of: UInt8(ascii: ":")) else {
        i = fieldEnd
        continue
      }
      let name = String(decoding: bytes[i..<colon], as: UTF8.self)
      var valueEnd = fieldEnd
      if valueEnd > colon + 1 && bytes[valueEnd - 1] == UInt8(ascii: "\n") { valueEnd -= 1 }
      if valueEnd > colon + 1 && bytes[valueEnd - 1] == UInt8(ascii: "\r") { valueEnd -= 1 }
      result.append(
        HeaderField(name: name, range: i..<fieldEnd, valueRange: (colon + 1)..<valueEnd))
      i = fieldEnd
    }
    return result
  }

  /// The value of the first field called `name` (case-insensitive), if any.
  public static func value(of name: String, in bytes: [UInt8]) -> String? {
    let wanted = name.lowercased()
    return fields(of: bytes).first { $0.name.lowercased() == wanted }?.value(in: bytes)
  }

  /// Removes the named top-level fields (names lowercased) from `bytes` in place, without a
  /// second copy of the message, and returns what was removed.
  public static func remove(_ names: Set<String>, from bytes: inout [UInt8]) -> [(
    name: String, value: String
  )] {
    let doomed = fields(of: bytes).filter { names.contains($0.name.lowercased()) }
    let removed = doomed.map { ($0.name, $0.value(in: bytes)) }
    for field in doomed.reversed() { bytes.removeSubrange(field.range) }
    return removed
  }

  /// The message with the named top-level fields removed (names lowercased), and what was removed.
  public static func removing(
    _ names: Set<String>, from bytes: [UInt8]
  ) -> (bytes: [UInt8], removed: [(name: String, value: String)]) {
    let all = fields(of: bytes)
    let doomed = all.filter { names.contains($0.name.lowercased()) }
    guard !doomed.isEmpty else { return (bytes, []) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var cursor = 0
    for field in doomed {
      out.append(contentsOf: bytes[cursor..<field.range.lowerBound])
      cursor = field.range.upperBound
    }
    out.append(contentsOf: bytes[cursor...])
    return (out, doomed.map { ($0.name, $0.value(in: bytes)) })
  }
}

/// Small text helpers shared by the parsers.
public enum MailText {
  /// Bytes as UTF-8 when valid, else as Latin-1 (never fails, never loses a byte's meaning).
  public static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    if let s = String(validating: bytes, as: UTF8.self) { return s }
    return String(bytes.map { Character(Unicode.Scalar($0)) })
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and line breaks.
  public func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
