import TextFormats

/// RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in header values.
public enum EncodedWords {
  /// The header value with its encoded words decoded. White space between two adjacent encoded
  /// words is dropped (RFC 2047 §6.2), and adjacent words in one charset are joined as bytes before
  /// conversion, so a character split across two words survives. A charset may carry an RFC 2231
  /// language (`UTF-8*en`). Malformed words and unknown charsets are decoded as best they can be
  /// (see `TransferDecoding.text`); text that is not an encoded word is kept as it is.
  public static func decode(_ value: String) -> String {
    guard value.contains("=?") else { return value }
    let bytes = Array(value.utf8)
    var out = ""
    var pending: [UInt8] = []
    var pendingCharset = ""
    var gap: Range<Int>?  // white space seen after an encoded word, dropped if another follows
    var literalStart = 0
    var i = 0
    func flush() {
      if !pending.isEmpty { out += TransferDecoding.text(pending, charset: pendingCharset) }
      pending.removeAll()
    }
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "="), let word = parseWord(bytes, at: i) {
        if let gap, gap.upperBound == i {
          // Only white space between this word and the previous one: drop it.
        } else {
          flush()
          out += String(decoding: bytes[literalStart..<i], as: UTF8.self)
        }
        if word.charset != pendingCharset { flush() }
        pendingCharset = word.charset
        pending += word.bytes
        i = word.end
        literalStart = i
        var j = i
        while j < bytes.count,
          bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D
            || bytes[j] == 0x0A
        {
          j += 1
        }
        gap = i..<j
        i = j
        continue
      }
      gap = nil
      i += 1
    }
    flush()
    out += String(decoding: bytes[literalStart..<bytes.count], as: UTF8.self)
    return out
  }

  /// One encoded word starting at `start`: its charset (lower-case, language removed), its
  /// decoded bytes and the index after its closing `?=`; nil when the text there is not one.
  private static func parseWord(_ bytes: [UInt8], at start: Int) -> (
    charset: String, bytes: [UInt8], end: Int
  )? {
    let question = UInt8(ascii: "?")
    guard start + 1 < bytes.count, bytes[start + 1] == question else { return nil }
    var i = start + 2
    let charsetStart = i
    while i < bytes.count, bytes[i] != question, bytes[i] > 0x20 { i += 1 }
    guard i + 2 < bytes.count, bytes[i] == question, i > charsetStart,
      bytes[i + 2] == question
    else { return nil }
    var charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self).lowercased()
    if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
    let encoding = bytes[i + 1] | 0x20
    guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
    let textStart = i + 3
    var j = textStart
    while j + 1 < bytes.count, !(bytes[j] == question && bytes[j + 1] == UInt8(ascii: "=")) {
      // An encoded word has no white space inside (RFC 2047 §5); stop at the first.
      if bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D {
        return nil
      }
      j += 1
    }
    guard j + 1 < bytes.count else { return nil }
    let text = bytes[textStart..<j]
    let decoded =
      encoding == UInt8(ascii: "b")
      ? TransferDecoding.base64(text) : qDecode(text)
    return (charset, decoded, j + 2)
  }

  /// The Q encoding (RFC 2047 §4.2): `_` is a space, `=XX` a byte.
  private static func qDecode(_ text: ArraySlice<UInt8>) -> [UInt8] {
    let underscoresAsSpaces = text.map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }
    return QuotedPrintable.decode(underscoresAsSpaces)
  }
}
