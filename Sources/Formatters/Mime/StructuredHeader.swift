import MailModel

/// A structured MIME header value (`Content-Type`, `Content-Disposition`): the leading token and
/// its parameters, with RFC 2231 continuations and charsets and RFC 2047 words decoded.
public struct StructuredHeader: Sendable, Equatable {
  /// The value before the first `;`, trimmed and lower-cased (`text/plain`, `attachment`).
  public var value: String
  /// The parameters by lower-case name, values unquoted and decoded.
  public var parameters: [String: String]

  /// Parses `text` (an unfolded header value). Never fails: what cannot be read is left out.
  public init(_ text: String) {
    let bytes = Array(text.utf8)
    var i = 0
    while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
    value = String(decoding: bytes[0..<i], as: UTF8.self).trimmingBlanksAndComments()
      .lowercased()
    var plain: [String: String] = [:]
    // RFC 2231 pieces: name → (section → (text, isEncoded)).
    var sections: [String: [Int: (text: String, encoded: Bool)]] = [:]
    while i < bytes.count {
      i += 1  // the `;`
      guard let (name, raw, quoted, next) = Self.parameter(bytes, from: i) else { break }
      i = next
      guard !name.isEmpty else { continue }
      if let star = name.firstIndex(of: "*") {
        let base = String(name[..<star])
        var rest = name[name.index(after: star)...]
        let encoded = rest.hasSuffix("*") || rest.isEmpty
        if rest.hasSuffix("*") { rest = rest.dropLast() }
        let section = rest.isEmpty ? 0 : Int(rest) ?? -1
        guard section >= 0, section < 1000 else { continue }
        sections[base, default: [:]][section] = (raw, encoded && !quoted)
      } else if plain[name] == nil {
        plain[name] = raw
      }
    }
    for (name, pieces) in sections {
      plain[name] = Self.join(pieces)
    }
    for (name, text) in plain where text.contains("=?") {
      plain[name] = EncodedWords.decode(text)
    }
    parameters = plain
  }

  /// One `name=value` from `start`: lower-case name, the value (unquoted), whether it was quoted,
  /// and the index of the `;` after it (or the end); nil at the end of the text.
  private static func parameter(_ bytes: [UInt8], from start: Int) -> (
    String, String, Bool, Int
  )? {
    var i = start
    while i < bytes.count, isBlank(bytes[i]) { i += 1 }
    guard i < bytes.count else { return nil }
    let nameStart = i
    while i < bytes.count, bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ";") { i += 1 }
    let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).trimmingBlanksAndComments()
      .lowercased()
    guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { return ("", "", false, i) }
    i += 1
    while i < bytes.count, isBlank(bytes[i]) { i += 1 }
    var value: [UInt8] = []
    var quoted = false
    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
      quoted = true
      i += 1
      while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
        if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count { i += 1 }
        value.append(bytes[i])
        i += 1
      }
      // After the closing quote, skip to the next `;`.
      while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
    } else {
      let valueStart = i
      while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
      var valueEnd = i
      while valueEnd > valueStart, isBlank(bytes[valueEnd - 1]) { valueEnd -= 1 }
      value = Array(bytes[valueStart..<valueEnd])
    }
    return (name, String(decoding: value, as: UTF8.self), quoted, i)
  }

  /// The sections of an RFC 2231 parameter joined in order: `charset'language'%XX...` in the
  /// first encoded section names the charset of every encoded section.
  private static func join(_ pieces: [Int: (text: String, encoded: Bool)]) -> String {
    var charset: String?
    var bytes: [UInt8] = []
    for section in pieces.keys.sorted() {
      guard let piece = pieces[section] else { continue }
      var text = Substring(piece.text)
      if piece.encoded && section == 0 {
        let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3 {
          charset = parts[0].isEmpty ? nil : String(parts[0])
          text = parts[2]
        }
      }
      bytes += piece.encoded ? percentDecode(Array(text.utf8)) : Array(text.utf8)
    }
    return TransferDecoding.text(bytes, charset: charset)
  }

  /// `%XX` escapes decoded; a `%` without two hex digits is kept.
  private static func percentDecode(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      let escape = bytes[i...].dropFirst().prefix(2)
      if bytes[i] == UInt8(ascii: "%"), escape.count == 2,
        escape.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
        let value = UInt8(String(decoding: escape, as: UTF8.self), radix: 16)
      {
        out.append(value)
        i += 3
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return out
  }

  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
  }
}

extension String {
  /// The text with RFC 822 comments (`(...)`) removed and blanks trimmed.
  func trimmingBlanksAndComments() -> String {
    var out = ""
    var depth = 0
    for character in self {
      if character == "(" {
        depth += 1
      } else if character == ")", depth > 0 {
        depth -= 1
      } else if depth == 0 {
        out.append(character)
      }
    }
    return out.trimmingWhitespace()
  }
}
