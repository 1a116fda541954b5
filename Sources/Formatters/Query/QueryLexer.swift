import Foundation

/// One token of a query, with the 1-based column (in characters) where it starts.
struct QueryToken: Equatable {
  /// What the token is.
  enum Kind: Equatable {
    case leftParen
    case rightParen
    case and
    case or
    case not
    case plus
    case minus
    /// A field name with its colon, lower-cased without the colon: `from`, `is`.
    case field(String)
    /// An unquoted word, as written.
    case term(String)
    /// A quoted phrase, without its quotes, `\"` turned into `"`.
    case quoted(String)
    case end
  }

  var kind: Kind
  var column: Int
}

/// Splits a query into tokens the way Zimbra's query grammar (Parser.jjt) does.
///
/// After a field whose value is free text (`from:`, `subject:`, `in:` ...) the next word is
/// always a value, so `subject:and` looks for "and" and `from:-x` is an error; after any other
/// token `and`, `or`, `not`, `&&`, `||`, `!`, `+` and `-` are operators.
struct QueryLexer {
  private let characters: [Character]
  private var position = 0
  private var valueFollows = false
  private var peeked: QueryToken?

  init(_ text: String) {
    characters = Array(text)
  }

  /// The next token, without consuming it.
  mutating func peek() throws(FormattersError) -> QueryToken {
    if let peeked { return peeked }
    let token = try lex()
    peeked = token
    return token
  }

  /// The next token, consumed.
  mutating func next() throws(FormattersError) -> QueryToken {
    let token = try peek()
    peeked = nil
    return token
  }

  private static let separators: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
  /// Characters that cannot start a word.
  private static let notWordStart: Set<Character> = [
    "{", "}", " ", "\t", "\n", "\r", "\r\n", ":", "+", "-", "\"", "(", ")",
  ]

  private func isWordStart(at index: Int) -> Bool {
    !Self.notWordStart.contains(characters[index]) || isEscapedQuote(at: index)
  }

  private func isWordContinuation(at index: Int) -> Bool {
    let character = characters[index]
    return isWordStart(at: index) || character == "-" || character == "+" || character == "@"
  }

  private func isEscapedQuote(at index: Int) -> Bool {
    characters[index] == "\\" && index + 1 < characters.count && characters[index + 1] == "\""
  }

  private mutating func lex() throws(FormattersError) -> QueryToken {
    while position < characters.count, Self.separators.contains(characters[position]) {
      position += 1
    }
    let column = position + 1
    guard position < characters.count else { return QueryToken(kind: .end, column: column) }
    let character = characters[position]
    let valueExpected = valueFollows
    valueFollows = false
    switch character {
    case "(":
      position += 1
      return QueryToken(kind: .leftParen, column: column)
    case ")":
      position += 1
      return QueryToken(kind: .rightParen, column: column)
    case "\"":
      return QueryToken(kind: .quoted(try lexQuoted()), column: column)
    case "{", "}":
      throw FormattersError("braced terms ({...}) are not supported offline", column: column)
    case ":":
      throw FormattersError("':' without a field name before it", column: column)
    case "-", "+":
      if valueExpected {
        throw FormattersError(
          "a value cannot start with '\(character)'; put it in quotes", column: column)
      }
      position += 1
      return QueryToken(kind: character == "-" ? .minus : .plus, column: column)
    default:
      break
    }
    let start = position
    position += isEscapedQuote(at: position) ? 2 : 1
    while position < characters.count, isWordContinuation(at: position) {
      position += isEscapedQuote(at: position) ? 2 : 1
    }
    let word = String(characters[start..<position])
    if position < characters.count, characters[position] == ":" {
      if valueExpected {
        throw FormattersError(
          "':' inside the value '\(word):...'; put the value in quotes", column: position + 1)
      }
      position += 1
      let name = word.lowercased()
      guard let field = QueryField(rawValue: name) else {
        throw FormattersError(
          QueryField.unsupportedNames.contains(name) || name.hasPrefix("field[")
            || name.hasPrefix("#")
            ? "'\(word):' is not supported offline" : "unknown field '\(word):'",
          column: column)
      }
      valueFollows = field.takesFreeText
      return QueryToken(kind: .field(name), column: column)
    }
    if !valueExpected {
      switch word.lowercased() {
      case "and", "&&": return QueryToken(kind: .and, column: column)
      case "or", "||": return QueryToken(kind: .or, column: column)
      case "not", "!": return QueryToken(kind: .not, column: column)
      default: break
      }
    }
    return QueryToken(kind: .term(word), column: column)
  }

  /// Reads a quoted phrase starting at the opening quote. Like Zimbra's longest match, the
  /// phrase ends at the first quote not preceded by a backslash or, when there is none before
  /// the line ends, at the last escaped one.
  private mutating func lexQuoted() throws(FormattersError) -> String {
    let open = position
    var index = open + 1
    var end: Int?
    var lastEscaped: Int?
    while index < characters.count, characters[index] != "\n" {
      if characters[index] == "\"" {
        if index - 1 > open, characters[index - 1] == "\\" {
          lastEscaped = index
        } else {
          end = index
          break
        }
      }
      index += 1
    }
    guard let close = end ?? lastEscaped else {
      throw FormattersError("unterminated quoted phrase", column: open + 1)
    }
    position = close + 1
    let inner = String(characters[(open + 1)..<close])
    return inner.replacingOccurrences(of: "\\\"", with: "\"")
  }
}

/// The fields a query may name, by their lower-case names.
enum QueryField: String {
  case content, subject, msgid, from, to, cc, tofrom, tocc, fromcc, tofromcc
  case `in`, under, filename, tag
  case `is`, has, type, attachment
  case date, before, after
  case size, larger, bigger, smaller

  /// Whether the value is lexed as free text (Zimbra's TEXT state), where operators are words.
  var takesFreeText: Bool {
    switch self {
    case .content, .subject, .msgid, .from, .to, .cc, .tofrom, .tocc, .fromcc, .tofromcc, .in,
      .under, .filename, .tag:
      true
    case .is, .has, .type, .attachment, .date, .before, .after, .size, .larger, .bigger, .smaller:
      false
    }
  }

  /// Whether the value is a date, which may carry its own leading `-` or `+`.
  var takesDate: Bool { self == .date || self == .before || self == .after }

  /// Zimbra's other fields, which need a server (contacts, conversations, calendars, ids).
  static let unsupportedNames: Set<String> = [
    "envto", "envfrom", "contact", "message", "my", "author", "title", "keywords", "company",
    "metadata", "conv", "mdate", "day", "week", "month", "year", "appt-start", "appt-end",
    "conv-start", "conv-end", "conv-count", "conv-minm", "conv-maxm", "modseq", "priority",
    "inid", "underid", "item", "sortby", "sort",
  ]
}
