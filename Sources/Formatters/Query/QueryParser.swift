import Foundation

/// A recursive-descent parser for Zimbra's query grammar (Parser.jjt), building the expression
/// with Zimbra's precedence: a query is an OR of AND groups (ZimbraQuery.ParseTree), so
/// `a OR b c` is `a OR (b AND c)`; `-`/`NOT` bind to the one clause that follows.
struct QueryParser {
  private var lexer: QueryLexer
  private let now: Date

  init(_ text: String, now: Date) {
    lexer = QueryLexer(text)
    self.now = now
  }

  /// The whole query; throws with the column of the first problem.
  mutating func parse() throws(FormattersError) -> QueryExpression {
    let first = try lexer.peek()
    if first.kind == .end { throw FormattersError("the query is empty", column: 1) }
    let expression = try parseQuery()
    let rest = try lexer.next()
    if rest.kind == .rightParen {
      throw FormattersError("')' without a matching '('", column: rest.column)
    }
    return expression
  }

  /// Clauses joined by AND (explicit or implied) and OR, up to the end or a `)`.
  private mutating func parseQuery(opening: QueryToken? = nil) throws(FormattersError)
    -> QueryExpression
  {
    try parseSequence(opening: opening) { (parser) throws(FormattersError) in
      try parser.parseClause()
    }
  }

  /// Items joined by AND/OR up to the end or a `)`, grouped as an OR of AND groups;
  /// `opening` is the `(` before them, if any.
  private mutating func parseSequence(
    opening: QueryToken?,
    item: (inout QueryParser) throws(FormattersError) -> QueryExpression
  ) throws(FormattersError) -> QueryExpression {
    var groups: [[QueryExpression]] = [[]]
    var pendingConjunction: QueryToken?
    while true {
      let token = try lexer.peek()
      switch token.kind {
      case .end, .rightParen:
        if let pendingConjunction {
          throw FormattersError(
            "\(Self.name(of: pendingConjunction)) with nothing after it",
            column: pendingConjunction.column)
        }
        if groups == [[]] {
          if token.kind == .end, let opening {
            throw FormattersError("'(' is never closed", column: opening.column)
          }
          throw FormattersError("empty parentheses", column: token.column)
        }
        return Self.combine(groups)
      case .and, .or:
        if groups == [[]] {
          throw FormattersError(
            "\(Self.name(of: token)) with nothing before it", column: token.column)
        }
        if let pendingConjunction {
          throw FormattersError(
            "\(Self.name(of: token)) right after \(Self.name(of: pendingConjunction))",
            column: token.column)
        }
        _ = try lexer.next()
        pendingConjunction = token
        if token.kind == .or { groups.append([]) }
      default:
        groups[groups.count - 1].append(try item(&self))
        pendingConjunction = nil
      }
    }
  }

  private static func combine(_ groups: [[QueryExpression]]) -> QueryExpression {
    let conjunctions = groups.map { $0.count == 1 ? $0[0] : .and($0) }
    return conjunctions.count == 1 ? conjunctions[0] : .or(conjunctions)
  }

  private static func name(of token: QueryToken) -> String {
    switch token.kind {
    case .and: "AND"
    case .or: "OR"
    case .not: "NOT"
    case .minus: "'-'"
    case .plus: "'+'"
    default: "operator"
    }
  }

  /// An optional `+`, `-` or `NOT` (only `NOT` when `allowSigns` is false, as in a list of
  /// dates); nil when there is none.
  private mutating func parseModifier(allowSigns: Bool = true) throws(FormattersError)
    -> QueryToken?
  {
    let token = try lexer.peek()
    switch token.kind {
    case .not: break
    case .plus, .minus:
      if !allowSigns { return nil }
    default: return nil
    }
    _ = try lexer.next()
    let following = try lexer.peek()
    switch following.kind {
    case .not, .plus, .minus:
      throw FormattersError(
        "\(Self.name(of: following)) right after \(Self.name(of: token))",
        column: following.column)
    case .end, .rightParen, .and, .or:
      throw FormattersError("\(Self.name(of: token)) with nothing after it", column: token.column)
    default:
      return token
    }
  }

  private static func applying(_ modifier: QueryToken?, to expression: QueryExpression)
    -> QueryExpression
  {
    switch modifier?.kind {
    case .minus, .not: .not(expression)
    default: expression
    }
  }

  /// `[modifier] ( "(" query ")" | field value | word | "phrase" )`.
  private mutating func parseClause() throws(FormattersError) -> QueryExpression {
    let modifier = try parseModifier()
    let token = try lexer.next()
    let clause: QueryExpression
    switch token.kind {
    case .leftParen:
      clause = try parseQuery(opening: token)
      try expectClosing(token)
    case .field(let name):
      clause = try parseFieldValue(name, fieldToken: token)
    case .term(let text), .quoted(let text):
      clause = try QueryTermBuilder(now: now).content(text, column: token.column)
    case .rightParen:
      throw FormattersError("')' without a matching '('", column: token.column)
    default:
      throw FormattersError("unexpected \(Self.name(of: token))", column: token.column)
    }
    return Self.applying(modifier, to: clause)
  }

  private mutating func expectClosing(_ open: QueryToken) throws(FormattersError) {
    let token = try lexer.next()
    guard token.kind == .rightParen else {
      throw FormattersError("'(' is never closed", column: open.column)
    }
  }

  /// The value after `field:`: one word or phrase, or a parenthesised list of them joined as
  /// a query is (`from:(a b)` is `from:a AND from:b`).
  private mutating func parseFieldValue(_ name: String, fieldToken: QueryToken)
    throws(FormattersError) -> QueryExpression
  {
    guard let field = QueryField(rawValue: name) else {
      throw FormattersError("unknown field '\(name):'", column: fieldToken.column)
    }
    return try parseValue(of: field, fieldToken: fieldToken)
  }

  private mutating func parseValue(of field: QueryField, fieldToken: QueryToken)
    throws(FormattersError) -> QueryExpression
  {
    let token = try lexer.next()
    let builder = QueryTermBuilder(now: now)
    switch token.kind {
    case .leftParen:
      let list = try parseSequence(opening: token) { (parser) throws(FormattersError) in
        let modifier = try parser.parseModifier(allowSigns: !field.takesDate)
        let value = try parser.parseValue(of: field, fieldToken: fieldToken)
        return Self.applying(modifier, to: value)
      }
      try expectClosing(token)
      return list
    case .term(let text), .quoted(let text):
      return try builder.term(field, text, column: token.column)
    case .minus, .plus:
      guard field.takesDate else { break }
      let signed = try lexer.next()
      switch signed.kind {
      case .term(let text), .quoted(let text):
        let sign = token.kind == .minus ? "-" : "+"
        return try builder.term(field, sign + text, column: token.column)
      default:
        throw FormattersError(
          "'\(field.rawValue):' needs a date after the sign", column: token.column)
      }
    default:
      break
    }
    throw FormattersError("'\(field.rawValue):' needs a value", column: fieldToken.column)
  }
}
