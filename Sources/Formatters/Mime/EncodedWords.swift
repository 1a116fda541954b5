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
    var marks = Marks()
    func flush() {
      if !pending.isEmpty { out += TransferDecoding.text(pending, charset: pendingCharset) }
      pending.removeAll()
    }
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "="), let word = parseWord(bytes, at: i, marks: &marks) {
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

  /// Where the next `?=` and the next blank are, remembered between words so that a header of
  /// many unclosed `=?` is still read in one pass (both only move forward).
  private struct Marks {
    var close = -1
    var blank = -1

    /// The index of the next `?=` at or after `start` (`bytes.count` when none).
    mutating func close(in bytes: [UInt8], from start: Int) -> Int {
      if close < start {
        close = start
        while close + 1 < bytes.count,
          !(bytes[close] == UInt8(ascii: "?") && bytes[close + 1] == UInt8(ascii: "="))
        {
          close += 1
        }
        if close + 1 >= bytes.count { close = bytes.count }
      }
      return close
    }

    /// The index of the next blank or line break at or after `start` (`bytes.count` when none).
    mutating func blank(in bytes: [UInt8], from start: Int) -> Int {
      if blank < start {
        blank = start
        while blank < bytes.count, bytes[blank] > 0x20 { blank += 1 }
      }
      return blank
    }
  }

  /// One encoded word starting at `start`: its charset (lower-case, language removed), its
  /// decoded bytes and the index after its closing `?=`; nil when the text there is not one.
  private static func parseWord(_ bytes: [UInt8], at start: Int, marks: inout Marks) -> (
    charset: String, bytes: [UInt8], end: Int
  )? {
    let question = UInt8(ascii: "?")
    guard start + 1 < bytes.count, bytes[start + 1] == question else { return nil }
    var i = start + 2
    let charsetStart = i
    while i < bytes.count, i - charsetStart < 64, bytes[i] != question, bytes[i] > 0x20 { i += 1 }
    guard i + 2 < bytes.count, bytes[i] == question, i > charsetStart,
      bytes[i + 2] == question
    else { return nil }
    var charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self).lowercased()
    if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
    let encoding = bytes[i + 1] | 0x20
    guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
    let textStart = i + 3
    // An encoded word ends at the first `?=` and has no blank inside (RFC 2047 §5).
    let close = marks.close(in: bytes, from: textStart)
    guard close < bytes.count, close <= marks.blank(in: bytes, from: textStart) else { return nil }
    let text = bytes[textStart..<close]
    let decoded =
      encoding == UInt8(ascii: "b")
      ? TransferDecoding.base64(text) : qDecode(text)
    return (charset, decoded, close + 2)
  }

  /// The Q encoding (RFC 2047 §4.2): `_` is a space, `=XX` a byte.
  private static func qDecode(_ text: ArraySlice<UInt8>) -> [UInt8] {
    let underscoresAsSpaces = text.map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }
    return QuotedPrintable.decode(underscoresAsSpaces)
  }
}
