import Foundation

/// A Zimbra search query (`--query`), parsed once and matched against each message offline
/// (docs/export-query.md).
public struct ZimbraQuery: Sendable, Equatable {
  /// The query as the user wrote it.
  public let text: String
  /// The parsed query.
  public let expression: QueryExpression
  /// The moment relative dates (`after:-7days`) and two-digit years count from.
  public let now: Date
  /// Whether matching needs `MessageFacts.bodyText`: false lets a caller skip decoding bodies.
  public let needsBody: Bool

  /// Parses `text`; throws a `FormattersError` with the 1-based column of the problem.
  public init(parsing text: String, now: Date = Date()) throws {
    var parser = QueryParser(text, now: now)
    self.text = text
    self.now = now
    self.expression = try parser.parse()
    self.needsBody = Self.searchesContent(expression)
  }

  /// Whether `facts` satisfies the query; days and relative dates are taken in `timeZone`.
  public func matches(_ facts: MessageFacts, timeZone: TimeZone = .current) -> Bool {
    var matcher = QueryMatcher(facts: facts, now: now, timeZone: timeZone)
    return matcher.evaluate(expression)
  }

  private static func searchesContent(_ expression: QueryExpression) -> Bool {
    switch expression {
    case .term(.content): true
    case .term: false
    case .not(let inner): searchesContent(inner)
    case .and(let parts), .or(let parts): parts.contains(where: searchesContent)
    }
  }
}
