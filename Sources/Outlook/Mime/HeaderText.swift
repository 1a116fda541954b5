import Foundation

/// Header field values for synthesized headers: RFC 2047 encoded words for non-ASCII text,
/// quoted display names, RFC 2231 parameters, and folding at 78 columns.
enum HeaderText {
  /// An unstructured field (`Subject`): ASCII folded at spaces, otherwise UTF-8 encoded words.
  static func unstructured(_ name: String, _ value: String) -> String {
    let clean = singleLine(value)
    if clean.unicodeScalars.allSatisfy({ $0.isASCII }) {
      return fold(name + ": " + clean)
    }
    return fold(name + ": " + encodedWords(clean).joined(separator: " "))
  }

  /// A display name as a phrase: as is when it is atoms, quoted when it has specials, encoded
  /// words when it is not ASCII.
  static func phrase(_ name: String) -> String {
    let clean = singleLine(name)
    guard clean.unicodeScalars.allSatisfy({ $0.isASCII }) else {
      return encodedWords(clean).joined(separator: " ")
    }
    let atomText = clean.unicodeScalars.allSatisfy { scalar in
      CharacterSetting.atom(scalar) || scalar == " "
    }
    if atomText && !clean.isEmpty { return clean }
    let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    return "\"" + escaped + "\""
  }

  /// `name <address>`, or `<address>` without a name (or when the name is the address); line
  /// breaks and controls in the address become spaces, so it can never end the field.
  static func mailbox(name: String?, address: String) -> String {
    let address = singleLine(address).trimmingCharacters(in: .whitespaces)
    guard let name, !name.isEmpty, name != address else { return "<\(address)>" }
    return phrase(name) + " <\(address)>"
  }

  /// A field of comma-separated items (addresses), folded between items.
  static func list(_ name: String, _ items: [String]) -> String {
    fold(name + ": " + items.joined(separator: ", "))
  }

  /// A MIME parameter: `name="value"` when ASCII, RFC 2231 `name*=utf-8''…` otherwise.
  static func parameter(_ name: String, _ value: String) -> String {
    let clean = singleLine(value)
    if clean.unicodeScalars.allSatisfy({ $0.isASCII }) {
      let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "\"", with: "\\\"")
      return "\(name)=\"\(escaped)\""
    }
    var encoded = ""
    for byte in clean.utf8 {
      let scalar = Unicode.Scalar(byte)
      if byte < 0x80 && CharacterSetting.attributeChar(scalar) {
        encoded.unicodeScalars.append(scalar)
      } else {
        encoded += "%" + MapiHex.digits(UInt16(byte), width: 2)
      }
    }
    return "\(name)*=utf-8''\(encoded)"
  }

  /// Line breaks and other controls replaced by spaces.
  static func singleLine(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
  }

  /// UTF-8 `B` encoded words of at most 75 characters, split between characters.
  static func encodedWords(_ text: String) -> [String] {
    var words: [String] = []
    var chunk: [UInt8] = []
    // 75 − len("=?utf-8?B?" + "?=") = 63 base64 characters → 45 bytes (a multiple of 3 keeps
    // words independent).
    for character in text {
      let bytes = Array(String(character).utf8)
      if chunk.count + bytes.count > 45 && !chunk.isEmpty {
        words.append(word(chunk))
        chunk = []
      }
      chunk += bytes
    }
    if !chunk.isEmpty { words.append(word(chunk)) }
    return words
  }

  /// One encoded word.
  private static func word(_ bytes: [UInt8]) -> String {
    "=?utf-8?B?" + Data(bytes).base64EncodedString() + "?="
  }

  /// A field folded at spaces so lines stay within 78 characters where a space allows.
  static func fold(_ field: String) -> String {
    guard field.utf8.count > 78 else { return field }
    var lines: [String] = []
    var current = ""
    for (index, piece) in field.split(separator: " ", omittingEmptySubsequences: false).enumerated()
    {
      if index == 0 {
        current = String(piece)
      } else if current.utf8.count + 1 + piece.utf8.count > 78
        && !current.allSatisfy({ $0 == " " || $0 == "\t" })
      {
        lines.append(current)
        current = " " + piece
      } else {
        current += " " + piece
      }
    }
    lines.append(current)
    return lines.joined(separator: "\r\n")
  }
}

/// RFC 5322 and RFC 2231 character classes.
enum CharacterSetting {
  /// atext (RFC 5322 §3.2.3).
  static func atom(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9": return true
    default: return "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
    }
  }

  /// attribute-char (RFC 2231 §7): a token character other than `*`, `'` and `%`.
  static func attributeChar(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9": return true
    default: return "!#$&+-.^_`|~".unicodeScalars.contains(scalar)
    }
  }
}
