import TextEncodingDetection

/// The character encodings an account export can be read in (`--encoding`).
///
/// Every one of them keeps ASCII bytes as ASCII, so the scanners split records and fields on raw
/// bytes and only the field values are decoded.
public enum TextEncoding: String, Sendable, CaseIterable {
  /// UTF-8, the default; a leading byte-order mark is dropped.
  case utf8 = "utf-8"
  /// ISO-8859-1: every byte is the code point of the same number.
  case latin1 = "iso-8859-1"
  /// Windows-1252: Latin-1 with printable characters (€, curly quotes, Œ, …) in 0x80–0x9F.
  case cp1252 = "windows-1252"

  /// Parses a name as given to `--encoding`: `utf-8`/`utf8`, `latin1`/`iso-8859-1`/`l1`,
  /// `cp1252`/`windows-1252`; case, `-`, `_` and spaces do not matter.
  public init?(name: String) {
    var key = ""
    for c in name.lowercased() where c != "-" && c != "_" && c != " " { key.append(c) }
    switch key {
    case "utf8": self = .utf8
    case "latin1", "iso88591", "l1", "iso885901", "isolatin1": self = .latin1
    case "cp1252", "windows1252", "win1252", "ansi", "mswin1252": self = .cp1252
    default: return nil
    }
  }
}

/// Turns the bytes of one field or line into a `String` in a `TextEncoding`.
public enum TextDecoding {
  /// The UTF-8 byte-order mark.
  public static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// Windows-1252 code points for the bytes 0x80–0x9F (the rest of the code page is Latin-1).
  /// The five bytes the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1
  /// control of the same number, as Windows' own converter and the WHATWG Encoding Standard do.
  static let cp1252High: [UInt16] = SingleByteText.windows1252High.map { UInt16($0) }

  /// The decoded text, or nil when `encoding` is UTF-8 and the bytes are not valid UTF-8
  /// (Latin-1 and cp1252 decode every byte).
  public static func decode(_ bytes: UnsafeRawBufferPointer, as encoding: TextEncoding) -> String? {
    if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
    switch encoding {
    case .utf8:
      guard firstInvalidUTF8(bytes) == nil else { return nil }
      return String(decoding: bytes, as: UTF8.self)
    case .latin1, .cp1252:
      return decodeSingleByte(bytes, cp1252: encoding == .cp1252)
    }
  }

  /// `decode` over an array slice.
  public static func decode(_ bytes: ArraySlice<UInt8>, as encoding: TextEncoding) -> String? {
    bytes.withUnsafeBytes { decode($0, as: encoding) }
  }

  /// Whether every byte is below 0x80.
  static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    let n = bytes.count
    // Eight bytes at a time: the high bit of any byte makes the word fail the mask.
    if n >= 8, let base = bytes.baseAddress {
      while i + 8 <= n {
        if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
          return false
        }
        i += 8
      }
    }
    while i < n {
      if bytes[i] >= 0x80 { return false }
      i += 1
    }
    return true
  }

  /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence
  /// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or nil.
  public static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
      let b0 = bytes[i]
      if b0 < 0x80 {
        i += 1
        continue
      }
      let length: Int
      var low: UInt8 = 0x80  // allowed range of the second byte
      var high: UInt8 = 0xBF
      switch b0 {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        high = 0x9F
      case 0xF0:
        length = 4
        low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        high = 0x8F
      default: return i
      }
      guard i + length <= n else { return i }
      let b1 = bytes[i + 1]
      guard b1 >= low && b1 <= high else { return i }
      var k = 2
      while k < length {
        guard bytes[i + k] & 0xC0 == 0x80 else { return i }
        k += 1
      }
      i += length
    }
    return nil
  }

  /// Latin-1 or cp1252 bytes as a `String`, written straight into the string's UTF-8 storage.
  static func decodeSingleByte(_ bytes: UnsafeRawBufferPointer, cp1252: Bool) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 3) { out in
      var o = 0
      for b in bytes {
        var scalar = UInt32(b)
        if cp1252 && b >= 0x80 && b <= 0x9F { scalar = UInt32(cp1252High[Int(b - 0x80)]) }
        if scalar < 0x80 {
          out[o] = UInt8(scalar)
          o += 1
        } else if scalar < 0x800 {
          out[o] = UInt8(0xC0 | (scalar >> 6))
          out[o + 1] = UInt8(0x80 | (scalar & 0x3F))
          o += 2
        } else {
          out[o] = UInt8(0xE0 | (scalar >> 12))
          out[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
          out[o + 2] = UInt8(0x80 | (scalar & 0x3F))
          o += 3
        }
      }
      return o
    }
  }

  /// Whether Latin-1 bytes include 0x80–0x9F, which are control characters in Latin-1 and
  /// printable in cp1252 (a sign that the file is really cp1252).
  static func hasC1Bytes(_ bytes: UnsafeRawBufferPointer) -> Bool {
    for b in bytes where b >= 0x80 && b <= 0x9F { return true }
    return false
  }

  /// The number of code points in UTF-8 bytes already known to be valid.
  static func scalarCount(utf8 bytes: UnsafeRawBufferPointer) -> Int {
    var count = 0
    for b in bytes where b & 0xC0 != 0x80 { count += 1 }
    return count
  }
}
