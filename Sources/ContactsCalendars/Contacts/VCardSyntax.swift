import TextEncodingDetection

/// Lexical helpers for vCard text.
enum VCardSyntax {
  /// Instant-messaging properties: RFC 4770 `IMPP` and the older per-service ones.
  static let imProperties: Set<String> = [
    "IMPP", "X-AIM", "X-JABBER", "X-GOOGLE-TALK", "X-GTALK", "X-YAHOO", "X-MSN",
    "X-ICQ", "X-SKYPE", "X-SKYPE-USERNAME", "X-QQ", "X-GADUGADU", "X-MS-IMADDRESS",
    "X-KADDRESSBOOK-X-IMADDRESS",
  ]

  /// Vendor properties with a Zimbra field (names as in the contact CSV tables): Thunderbird's
  /// custom fields, Outlook's, Evolution's and KAddressBook's spouse/assistant/manager, Apple's and
  /// Android's phonetic names and Apple's maiden name.
  static let vendorFields: [String: String] = [
    "X-CUSTOM1": "custom1", "X-CUSTOM2": "custom2", "X-CUSTOM3": "custom3",
    "X-CUSTOM4": "custom4",
    "X-SPOUSE": "spouse", "X-MS-SPOUSE": "spouse", "X-EVOLUTION-SPOUSE": "spouse",
    "X-KADDRESSBOOK-X-SPOUSESNAME": "spouse",
    "X-ASSISTANT": "assistantName", "X-MS-ASSISTANT": "assistantName",
    "X-EVOLUTION-ASSISTANT": "assistantName", "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistantName",
    "X-MANAGER": "managerName", "X-MS-MANAGER": "managerName",
    "X-EVOLUTION-MANAGER": "managerName", "X-KADDRESSBOOK-X-MANAGERSNAME": "managerName",
    "X-KADDRESSBOOK-X-OFFICE": "office", "X-KADDRESSBOOK-X-PROFESSION": "profession",
    "X-PHONETIC-FIRST-NAME": "phoneticFirstName", "X-PHONETIC-LAST-NAME": "phoneticLastName",
    "X-PHONETIC-ORG": "phoneticCompany", "X-MAIDENNAME": "maidenName",
  ]

  /// Apple's `X-ABRELATEDNAMES` labels with a Zimbra field.
  static let relatedNames: [String: String] = [
    "spouse": "spouse", "partner": "spouse", "assistant": "assistantName",
    "manager": "managerName",
  ]

  /// An IM handle as Zimbra's web client stores it: `xmpp://`, `yahoo://`, `aol://`, `msn://` or `im://`
  /// (other) before the handle. The service comes from Apple's `X-SERVICE-TYPE`, the property name, or
  /// the `IMPP` URI scheme.
  static func zimbraIMAddress(property: String, value: String, service: String?) -> String {
    var handle = value
    var scheme = ""
    if property == "IMPP", let colon = value.firstIndex(of: ":") {
      scheme = value[..<colon].lowercased()
      handle = String(value[value.index(after: colon)...])
      while handle.hasPrefix("/") { handle.removeFirst() }
    }
    handle = handle.removingPercentEncoding ?? handle
    guard !handle.isEmpty else { return "" }
    let key = (service ?? (property == "IMPP" ? scheme : String(property.dropFirst(2))))
      .lowercased()
    let zimbra: String
    switch key {
    case "xmpp", "jabber", "google-talk", "googletalk", "gtalk": zimbra = "xmpp"
    case "yahoo", "ymsgr": zimbra = "yahoo"
    case "aim": zimbra = "aol"
    case "msn", "msnim": zimbra = "msn"
    default: zimbra = "im"
    }
    return zimbra + "://" + handle
  }

  struct Line {
    var bytes: [UInt8]
    var number: Int
  }

  /// Physical lines (CRLF, LF, CR, or the CR CR LF iPhone exports write) unfolded into logical
  /// lines, with quoted-printable soft line breaks joined and 2.1 bare base64 continuation lines
  /// absorbed.
  static func logicalLines(_ bytes: [UInt8]) -> [Line] {
    var physical: [[UInt8]] = []
    var current: [UInt8] = []
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b == 0x0A {
        physical.append(current)
        current = []
      } else if b == 0x0D {
        physical.append(current)
        current = []
        // CR LF and CR CR LF are one line end; a lone CR is one too.
        if i + 1 < bytes.count, bytes[i + 1] == 0x0A {
          i += 1
        } else if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A {
          i += 2
        }
      } else {
        current.append(b)
      }
      i += 1
    }
    if !current.isEmpty { physical.append(current) }

    /// Whether the part of `line` before its first `:` contains `needle` (ASCII, any case).
    func headContains(_ line: [UInt8], _ needle: String) -> Bool {
      let end = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
      let pattern = Array(needle.utf8)
      guard end >= pattern.count else { return false }
      return (0...(end - pattern.count)).contains { start in
        pattern.indices.allSatisfy { line[start + $0] & 0xDF == pattern[$0] & 0xDF }
      }
    }
    var out: [Line] = []
    var n = 0
    while n < physical.count {
      var line = physical[n]
      let number = n + 1
      n += 1
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      let qp = headContains(line, "QUOTED-PRINTABLE")
      while n < physical.count {
        if qp, line.last == UInt8(ascii: "=") {
          line.removeLast()
          line += physical[n]
          n += 1
        } else if let f = physical[n].first, f == 0x20 || f == 0x09 {
          line += physical[n].dropFirst()
          n += 1
        } else {
          break
        }
      }
      if headContains(line, "BASE64") || headContains(line, "ENCODING=B") {
        // 2.1 writers may continue base64 on unindented lines up to a blank line.
        while n < physical.count, !physical[n].isEmpty, !physical[n].contains(UInt8(ascii: ":")) {
          line += physical[n]
          n += 1
        }
      }
      out.append(Line(bytes: line, number: number))
    }
    return out
  }

  static func decodeSingleByte(_ bytes: [UInt8], windows1252: Bool) -> String {
    SingleByteText.decode(bytes, windows1252: windows1252)
  }

  /// Decodes bytes in `charset` (default UTF-8, or `fallback` for bytes that are not UTF-8; any
  /// other charset iconv knows, such as `SHIFT_JIS`); bytes that do not decode fall back to
  /// Windows-1252, and the second value says so.
  static func decode(_ bytes: [UInt8], charset: String?, fallback: Charset? = nil) -> (String, Bool)
  {
    switch CharsetLabel(charset ?? "UTF-8") {
    case .latin1, .ascii:
      return (decodeSingleByte(bytes, windows1252: false), false)
    case .windows1252:
      return (decodeSingleByte(bytes, windows1252: true), false)
    case .utf8:
      if let s = String(validating: bytes, as: UTF8.self) { return (s, false) }
      if charset == nil, let fallback, case .success(let s) = fallback.decode(bytes) {
        return (s, false)
      }
      return (decodeSingleByte(bytes, windows1252: true), true)
    case .other:
      if let named = charset.flatMap(Charset.init(name:)),
        case .success(let s) = named.decode(bytes)
      {
        return (s, false)
      }
      if let s = String(validating: bytes, as: UTF8.self) { return (s, false) }
      return (decodeSingleByte(bytes, windows1252: true), true)
    }
  }

  // Splitting and unescaping go by Unicode scalar, not by Character: a `;`, `,` or `"`
  // followed by a combining mark is one Character and must still count.

  static func splitOutsideQuotes(_ s: String, on sep: Unicode.Scalar) -> [String] {
    var parts: [String] = []
    var cur = String.UnicodeScalarView()
    var inQuotes = false
    for c in s.unicodeScalars {
      if c == "\"" {
        inQuotes.toggle()
        cur.append(c)
      } else if c == sep, !inQuotes {
        parts.append(String(cur))
        cur = String.UnicodeScalarView()
      } else {
        cur.append(c)
      }
    }
    parts.append(String(cur))
    return parts
  }

  /// Splits on unescaped `sep`, then each component on unescaped `,`, unescaping the pieces.
  static func split(_ s: String, on sep: Unicode.Scalar, modern: Bool) -> [[String]] {
    splitRaw(s, on: sep).map { component in
      splitRaw(component, on: ",").map { unescape($0, modern: modern) }.filter { !$0.isEmpty }
    }
  }

  /// A comma-separated text list (CATEGORIES, NICKNAME), unescaped and trimmed.
  static func splitList(_ s: String, modern: Bool) -> [String] {
    splitRaw(s, on: ",").map { unescape($0, modern: modern).contactsTrimmed() }.filter {
      !$0.isEmpty
    }
  }

  static func splitRaw(_ s: String, on sep: Unicode.Scalar) -> [String] {
    var parts: [String] = []
    var cur = String.UnicodeScalarView()
    var escaped = false
    for c in s.unicodeScalars {
      if escaped {
        cur.append("\\")
        cur.append(c)
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else if c == sep {
        parts.append(String(cur))
        cur = String.UnicodeScalarView()
      } else {
        cur.append(c)
      }
    }
    if escaped { cur.append("\\") }
    parts.append(String(cur))
    return parts
  }

  /// 3.0/4.0: `\\` `\,` `\;` `\n`/`\N`. 2.1 only knows `\;` (and `\,` from common writers);
  /// other backslashes stay literal.
  static func unescape(_ s: String, modern: Bool) -> String {
    guard s.utf8.contains(0x5C) else { return s }
    var out = String.UnicodeScalarView()
    var escaped = false
    for c in s.unicodeScalars {
      if escaped {
        switch c {
        case "n", "N":
          if modern {
            out.append("\n")
          } else {
            out.append("\\")
            out.append(c)
          }
        case "\\":
          out.append("\\")
          if !modern { out.append("\\") }
        case ",", ";": out.append(c)
        default:
          out.append("\\")
          out.append(c)
        }
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    if escaped { out.append("\\") }
    return String(out)
  }

  /// `19850412`, `1985-04-12`, `1985-04-12T10:00:00Z`, `19850412T000000` → `1985-04-12`; else nil.
  static func normalizeDate(_ raw: String) -> String? {
    var s = Substring(raw)
    if let t = s.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) { s = s[..<t] }
    let digits = s.filter { $0 != "-" }
    guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    if s.contains("-") {
      let parts = s.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else {
        return nil
      }
    }
    let y = digits.prefix(4)
    let m = digits.dropFirst(4).prefix(2)
    let d = digits.suffix(2)
    guard let mi = Int(m), let di = Int(d), (1...12).contains(mi), (1...31).contains(di) else {
      return nil
    }
    return "\(y)-\(m)-\(d)"
  }
}
