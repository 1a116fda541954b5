import MailModel
import TextEncodingDetection
import TextFormats

/// Undoes a MIME part's Content-Transfer-Encoding (RFC 2045 §6) and turns text bytes into a
/// `String` by their declared charset, never failing.
public enum TransferDecoding {
  /// The bytes with `encoding` (`base64`, `quoted-printable`, anything else taken as identity)
  /// undone; junk in base64 and broken escapes in quoted-printable are passed over, not errors.
  public static func decode(_ bytes: ArraySlice<UInt8>, encoding: String) -> [UInt8] {
    switch encoding {
    case "base64": return base64(bytes)
    case "quoted-printable": return quotedPrintable(bytes)
    default: return Array(bytes)
    }
  }

  /// Base64 (RFC 2045 §6.8) read leniently: every byte outside the alphabet (line breaks,
  /// spaces, junk, `=` padding) is skipped, and a final group of two or three characters still
  /// gives its one or two bytes.
  public static func base64(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count / 4 * 3 + 3)
    var group: UInt32 = 0
    var count = 0
    for byte in bytes {
      let value = sextet(byte)
      guard value < 64 else { continue }
      group = group << 6 | UInt32(value)
      count += 1
      if count == 4 {
        out.append(UInt8(truncatingIfNeeded: group >> 16))
        out.append(UInt8(truncatingIfNeeded: group >> 8))
        out.append(UInt8(truncatingIfNeeded: group))
        group = 0
        count = 0
      }
    }
    if count == 2 {
      out.append(UInt8(truncatingIfNeeded: group >> 4))
    } else if count == 3 {
      out.append(UInt8(truncatingIfNeeded: group >> 10))
      out.append(UInt8(truncatingIfNeeded: group >> 2))
    }
    return out
  }

  /// The 6-bit value of a base64 character, 64 for anything else.
  private static func sextet(_ byte: UInt8) -> UInt8 {
    switch byte {
    case 0x41...0x5A: return byte - 0x41
    case 0x61...0x7A: return byte - 0x61 + 26
    case 0x30...0x39: return byte - 0x30 + 52
    case UInt8(ascii: "+"): return 62
    case UInt8(ascii: "/"): return 63
    default: return 64
    }
  }

  /// Quoted-printable bodies (RFC 2045 §6.7): soft line breaks (`=` at a line's end) joined,
  /// transport whitespace at line ends dropped, then the `=XX` escapes decoded by `TextFormats`.
  /// Hard line breaks stay as written.
  public static func quotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    var joined: [UInt8] = []
    joined.reserveCapacity(bytes.count)
    var lineStart = bytes.startIndex
    let end = bytes.endIndex
    while lineStart < end {
      let newline = bytes[lineStart...].firstIndex(of: 0x0A)
      let lineEnd = newline ?? end
      var contentEnd = lineEnd
      if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
      let breakStart = contentEnd
      while contentEnd > lineStart, bytes[contentEnd - 1] == 0x20 || bytes[contentEnd - 1] == 0x09 {
        contentEnd -= 1
      }
      let soft = contentEnd > lineStart && bytes[contentEnd - 1] == UInt8(ascii: "=")
      if soft { contentEnd -= 1 }
      joined.append(contentsOf: bytes[lineStart..<contentEnd])
      if !soft, let newline { joined.append(contentsOf: bytes[breakStart...newline]) }
      lineStart = lineEnd < end ? lineEnd + 1 : end
    }
    return QuotedPrintable.decode(joined)
  }

  /// Text bytes as a `String` in `charset`: the declared charset when iconv knows it and the
  /// bytes are valid in it, else UTF-8 when valid, else Windows-1252, else Latin-1. Never fails.
  public static func text(_ bytes: some Collection<UInt8>, charset: String?) -> String {
    var name = (charset ?? "").trimmingBlanksAndComments().lowercased()
    name = charsetAliases[name] ?? name
    let declaredUTF8 = name.isEmpty || name == "utf-8" || name == "utf8" || name == "us-ascii"
    if declaredUTF8 || !bytes.contains(where: { $0 >= 0x80 }) && isASCIICompatible(name) {
      if let text = String(validating: bytes, as: UTF8.self) { return text }
    } else if let declared = Charset(name: name), case .success(let text) = declared.decode(bytes) {
      return text
    }
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    if case .success(let text) = Charset.windows1252.decode(bytes) { return text }
    return MailText.decode(bytes)
  }

  /// Charset labels mail uses that iconv does not know, or knows as a smaller charset than the
  /// one mailers really use (as Java's and browsers' charset tables do).
  private static let charsetAliases: [String: String] = [
    "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949", "euc-kr": "cp949", "gb2312": "gbk",
    "x-gbk": "gbk", "x-sjis": "shift_jis", "shift-jis": "shift_jis", "windows-874": "cp874",
    "x-mac-roman": "macintosh", "unicode-1-1-utf-7": "utf-7", "ascii": "us-ascii",
    "iso-8859-8-i": "iso-8859-8", "x-unknown": "", "unknown-8bit": "", "default": "",
  ]

  /// Whether pure ASCII bytes read the same in `name` (all but the UTF-16/32 and UTF-7 families
  /// and the ISO-2022 ones, which are stateful).
  private static func isASCIICompatible(_ name: String) -> Bool {
    !(name.hasPrefix("utf-16") || name.hasPrefix("utf-32") || name.hasPrefix("ucs")
      || name == "utf-7" || name.hasPrefix("iso-2022") || name.hasPrefix("hz"))
  }
}
