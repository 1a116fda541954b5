import TextEncodingDetection

/// Text in MAPI's encodings: UTF-16LE strings and 8-bit strings in a Windows code page.
public enum MapiText {
  /// UTF-16LE bytes as a string, with any trailing NUL characters dropped; unpaired surrogates
  /// become U+FFFD.
  public static func utf16(_ bytes: [UInt8]) -> String {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = 0
    while index + 1 < bytes.count {
      units.append(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
      index += 2
    }
    while units.last == 0 { units.removeLast() }
    return String(decoding: units, as: UTF16.self)
  }

  /// `bytes` without trailing NUL bytes.
  public static func trimmingNUL(_ bytes: [UInt8]) -> [UInt8] {
    var end = bytes.count
    while end > 0 && bytes[end - 1] == 0 { end -= 1 }
    return Array(bytes[0..<end])
  }

  /// The charset of a Windows code page number (1252 → WINDOWS-1252, 65001 → UTF-8, 932 → CP932,
  /// 50220 → ISO-2022-JP, …); nil when iconv cannot convert from it.
  public static func charset(codePage: Int) -> Charset? {
    let name: String
    switch codePage {
    case 65001: name = "UTF-8"
    case 20127: name = "US-ASCII"
    case 1200: name = "UTF-16LE"
    case 1201: name = "UTF-16BE"
    case 28591...28599: name = "ISO-8859-\(codePage - 28590)"
    case 28603: name = "ISO-8859-13"
    case 28605: name = "ISO-8859-15"
    case 20866: name = "KOI8-R"
    case 21866: name = "KOI8-U"
    case 50220, 50221, 50222: name = "ISO-2022-JP"
    case 50225: name = "ISO-2022-KR"
    case 51932: name = "EUC-JP"
    case 51936: name = "GB2312"
    case 51949: name = "EUC-KR"
    case 52936: name = "HZ-GB-2312"
    case 54936: name = "GB18030"
    case 936: name = "GBK"
    case 1250...1258: name = "WINDOWS-\(codePage)"
    default: name = "CP\(codePage)"
    }
    return Charset(name: name)
  }

  /// 8-bit text decoded from `codePage`; where the code page is unknown or the bytes are not
  /// valid in it, Windows-1252 (which maps every byte but five), then Latin-1.
  public static func decode(_ bytes: [UInt8], codePage: Int) -> String {
    if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
    if let charset = charset(codePage: codePage), case .success(let text) = charset.decode(bytes) {
      return text
    }
    if case .success(let text) = Charset.windows1252.decode(bytes) { return text }
    return String(bytes.map { Character(Unicode.Scalar($0)) })
  }
}
