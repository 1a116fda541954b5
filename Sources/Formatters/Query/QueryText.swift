import Foundation

/// How query values and message text are cut into tokens and compared, a simplified form of
/// Zimbra's analyzers (docs/export-query.md, "Matching text").
enum QueryText {
  /// Lower-case, without accents, full-width forms made narrow (Zimbra's NormalizeTokenFilter).
  static func normalized(_ text: String) -> String {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
    return text.folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil
    ).lowercased()
  }

  /// Lucene's English stop words, which Zimbra's default analyzer drops from text and queries.
  static let stopWords: Set<String> = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
  ]

  /// Whether the scalar is in one of the ranges Zimbra's tokenizer treats as CJK.
  private static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x2E80...0x2FFF, 0x3040...0x9FFF, 0xAC00...0xD7FF, 0xFF00...0xFFEF: true
    default: false
    }
  }

  private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      return (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
        || (scalar >= "A" && scalar <= "Z")
    }
    return scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
  }

  private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }
    return scalar.properties.isAlphabetic
  }

  /// The words of free text: runs of letters and digits, an apostrophe between letters kept
  /// inside a word and a final `'s` dropped, each CJK character a word of its own, stop words
  /// left out.
  static func words(_ text: String, keepingStopWords: Bool = false) -> [String] {
    let scalars = Array(normalized(text).unicodeScalars)
    var words: [String] = []
    var current = String.UnicodeScalarView()
    func finish() {
      guard !current.isEmpty else { return }
      var word = String(current)
      current = String.UnicodeScalarView()
      if word.hasSuffix("'s") { word.removeLast(2) }
      if !word.isEmpty, keepingStopWords || !stopWords.contains(word) { words.append(word) }
    }
    for (index, scalar) in scalars.enumerated() {
      if isCJK(scalar) {
        finish()
        words.append(String(scalar))
      } else if isWordScalar(scalar) {
        current.append(scalar)
      } else if scalar == "'", let previous = current.last, isLetter(previous),
        index + 1 < scalars.count, isLetter(scalars[index + 1])
      {
        current.append(scalar)
      } else {
        finish()
      }
    }
    finish()
    return words
  }

  /// Whether a value ends with the `*` wildcard.
  private static func isWildcard(_ text: String) -> Bool { text.hasSuffix("*") }

  /// `token` without its trailing `*`s.
  private static func trimmingStars(_ token: String) -> String {
    var trimmed = Substring(token)
    while trimmed.last == "*" { trimmed.removeLast() }
    return String(trimmed)
  }

  /// A free-text query value as a pattern: its words as a phrase, the last a prefix after `*`.
  static func wordPattern(_ text: String) -> TextPattern {
    var tokens = words(text)
    guard isWildcard(text) else { return TextPattern(tokens: tokens) }
    // A stop word is still a useful prefix ("the*"), so the last word is kept even then.
    let last = words(text, keepingStopWords: true).last ?? ""
    if tokens.last != last { tokens.append(last) }
    return TextPattern(tokens: tokens, lastIsPrefix: true)
  }

  /// Characters that separate tokens of an address header (Zimbra's AddrCharTokenizer).
  private static func isAddressSeparator(_ character: Character) -> Bool {
    if character.isWhitespace { return true }
    switch character {
    case "\u{3000}", "<", ">", "\"", ",", "'", "(", ")", "[", "]": return true
    default: return false
    }
  }

  /// An address query value as a pattern: its address tokens as a phrase.
  static func addressPattern(_ text: String) -> TextPattern {
    var tokens = normalized(text).split(whereSeparator: isAddressSeparator).map(String.init)
    guard isWildcard(text) else { return TextPattern(tokens: tokens) }
    tokens.append(trimmingStars(tokens.popLast() ?? ""))
    return TextPattern(tokens: tokens, lastIsPrefix: true)
  }

  /// The tokens Zimbra indexes for one address entry (`Jane Doe <jane.doe@mail.example.com>`):
  /// each word, and for an address also its local part, the local part's dot-separated
  /// pieces, `@domain`, the domain, and the registrable name (`example`, `@example`).
  static func addressTokens(_ entry: String) -> [String] {
    var tokens: [String] = []
    for piece in normalized(entry).split(whereSeparator: isAddressSeparator) {
      if piece.count == 1, let only = piece.first, !only.isLetter { continue }
      let word = String(piece)
      tokens.append(word)
      guard let at = word.lastIndex(of: "@"), at != word.startIndex else { continue }
      let localPart = String(word[..<at])
      tokens.append(localPart)
      if let dot = localPart.firstIndex(of: "."), dot != localPart.startIndex {
        tokens.append(contentsOf: localPart.split(separator: ".").map(String.init))
      }
      let domain = String(word[word.index(after: at)...])
      guard !domain.isEmpty else { continue }
      tokens.append("@" + domain)
      tokens.append(domain)
      if let name = registrableName(of: domain) {
        tokens.append(name)
        tokens.append("@" + name)
      }
    }
    return tokens
  }

  /// Second-level labels under which names are registered in many country domains (`co.uk`).
  private static let secondLevelLabels: Set<String> = [
    "co", "com", "net", "org", "gov", "edu", "ac", "ne", "or", "go", "gv", "mil",
  ]

  /// The label of the domain a name is registered under (`example` for `mail.example.com` and
  /// `example.co.uk`); Zimbra uses the public suffix list, this is a close approximation.
  static func registrableName(of domain: String) -> String? {
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else { return nil }
    let secondLast = labels[labels.count - 2]
    if labels.count >= 3, labels[labels.count - 1].count == 2,
      secondLevelLabels.contains(String(secondLast))
    {
      return String(labels[labels.count - 3])
    }
    return String(secondLast)
  }

  /// The tokens of a file name (Zimbra's FilenameTokenizer: split at `.`, `,`, space and line
  /// breaks).
  static func fileNameTokens(_ name: String) -> [String] {
    normalized(name).split { $0 == "." || $0 == "," || $0 == " " || $0.isNewline }.map(
      String.init)
  }

  /// A `filename:` value as a pattern.
  static func fileNamePattern(_ text: String) -> TextPattern {
    var tokens = fileNameTokens(text)
    guard isWildcard(text) else { return TextPattern(tokens: tokens) }
    tokens.append(trimmingStars(tokens.popLast() ?? ""))
    return TextPattern(tokens: tokens, lastIsPrefix: true)
  }

  /// Whether `pattern`'s tokens occur one after another in `tokens`; an empty pattern matches.
  static func contains(_ tokens: [String], _ pattern: TextPattern) -> Bool {
    let wanted = pattern.tokens
    guard !wanted.isEmpty else { return true }
    guard tokens.count >= wanted.count else { return false }
    let lastIndex = wanted.count - 1
    for start in 0...(tokens.count - wanted.count) {
      var matched = true
      for offset in 0...lastIndex {
        let token = tokens[start + offset]
        let ok =
          offset == lastIndex && pattern.lastIsPrefix
          ? token.hasPrefix(wanted[offset]) : token == wanted[offset]
        if !ok {
          matched = false
          break
        }
      }
      if matched { return true }
    }
    return false
  }
}
