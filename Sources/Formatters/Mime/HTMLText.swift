/// The readable text of an HTML body, for searching and previews: tags removed, `script` and
/// `style` contents and comments dropped, block elements turned into line breaks, and the common
/// character references decoded. Not a full HTML parser; broken markup never fails.
public enum HTMLText {
  /// The text of `html`.
  public static func text(_ html: String) -> String {
    var out = ""
    out.reserveCapacity(html.utf8.count / 2)
    var rest = Substring(html)
    while let open = rest.firstIndex(where: { $0 == "<" || $0 == "&" }) {
      out += rest[..<open]
      if rest[open] == "&" {
        let (text, after) = reference(rest[open...])
        out += text
        rest = after
        continue
      }
      let tagText = rest[rest.index(after: open)...]
      if tagText.hasPrefix("!--") {
        rest = tagText.firstRange(of: "-->").map { tagText[$0.upperBound...] } ?? ""
        continue
      }
      guard let close = tagText.firstIndex(of: ">") else {
        rest = ""
        break
      }
      let name = tagName(tagText[..<close])
      rest = tagText[tagText.index(after: close)...]
      if name == "script" || name == "style" || name == "title" {
        // Skip to the matching end tag (case-insensitive).
        rest = skippingElement(named: name, in: rest)
      } else if blockTags.contains(name) {
        out += "\n"
      }
    }
    out += rest
    return out
  }

  /// `text` with only its numeric character references (`&#233;`, `&#xE9;`) decoded.
  static func expandingNumericReferences(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let ampersand = rest.firstRange(of: "&#") {
      out += rest[..<ampersand.lowerBound]
      let (decoded, after) = reference(rest[ampersand.lowerBound...])
      out += decoded
      rest = after
    }
    return out + rest
  }

  /// The text after the end tag `</name>` (any case), or nothing when there is none.
  private static func skippingElement(named name: String, in text: Substring) -> Substring {
    var rest = text
    while let end = rest.firstRange(of: "</") {
      let after = rest[end.upperBound...]
      if after.prefix(name.count).lowercased() == name {
        return after.firstIndex(of: ">").map { after[after.index(after: $0)...] } ?? ""
      }
      rest = after
    }
    return ""
  }

  /// Tags that break a line.
  private static let blockTags: Set<String> = [
    "br", "p", "/p", "div", "/div", "tr", "/tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "/h1", "/h2", "/h3", "/h4", "/h5", "/h6", "blockquote", "/blockquote", "table", "/table",
    "hr", "ul", "/ul", "ol", "/ol",
  ]

  /// The lower-case tag name (`/p` for an end tag) of the text between `<` and `>`.
  private static func tagName(_ tag: Substring) -> String {
    var name = ""
    for character in tag {
      if character == "/" && name.isEmpty {
        name.append(character)
      } else if character.isLetter || character.isNumber {
        name.append(character)
      } else {
        break
      }
    }
    return name.lowercased()
  }

  /// The character a reference at the start of `text` stands for and the text after it; an `&`
  /// that starts no known reference stands for itself.
  private static func reference(_ text: Substring) -> (String, Substring) {
    let body = text.dropFirst()
    guard let semicolon = body.prefix(12).firstIndex(of: ";") else { return ("&", body) }
    let name = body[..<semicolon]
    let after = body[body.index(after: semicolon)...]
    if name.hasPrefix("#") {
      let digits = name.dropFirst()
      let value =
        digits.first == "x" || digits.first == "X"
        ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
      if let value, let scalar = Unicode.Scalar(value) { return (String(scalar), after) }
      return ("&", body)
    }
    if let named = namedReferences[String(name)] { return (named, after) }
    return ("&", body)
  }

  /// The named references mail commonly uses.
  private static let namedReferences: [String: String] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©",
    "reg": "®", "euro": "€", "hellip": "…", "mdash": "—", "ndash": "–", "laquo": "«",
    "raquo": "»", "auml": "ä", "ouml": "ö", "uuml": "ü", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü",
    "szlig": "ß", "eacute": "é", "egrave": "è", "agrave": "à", "ccedil": "ç", "rsquo": "’",
    "lsquo": "‘", "rdquo": "”", "ldquo": "“", "middot": "·", "bull": "•",
  ]
}
