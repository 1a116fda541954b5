import Foundation

/// Turns one `field:value` into a checked term, throwing with the value's column when the
/// value is not one the field accepts.
struct QueryTermBuilder {
  /// The moment two-digit years are resolved against.
  let now: Date

  /// A bare word or phrase: searched in the header text and the body text.
  func content(_ text: String, column: Int) throws(FormattersError) -> QueryExpression {
    try nonEmpty(text, column: column, field: nil)
    return textTerm(QueryText.wordPattern(text)) { .content($0) }
  }

  /// The term for `field:text`.
  func term(_ field: QueryField, _ text: String, column: Int) throws(FormattersError)
    -> QueryExpression
  {
    try nonEmpty(text, column: column, field: field)
    switch field {
    case .content:
      return textTerm(QueryText.wordPattern(text)) { .content($0) }
    case .subject:
      try refuseComparison(field, text, column: column)
      return textTerm(QueryText.wordPattern(text)) { .subject($0) }
    case .from:
      try refuseComparison(field, text, column: column)
      return .term(.address(.from, QueryText.addressPattern(text)))
    case .to, .cc:
      let fields: AddressFields = field == .to ? .to : .cc
      if text.hasPrefix("@") {
        return .term(.addressDomain(fields, QueryText.normalized(text)))
      }
      return .term(.address(fields, QueryText.addressPattern(text)))
    case .tofrom:
      return .term(.address([.to, .from], QueryText.addressPattern(text)))
    case .tocc:
      return .term(.address([.to, .cc], QueryText.addressPattern(text)))
    case .fromcc:
      return .term(.address([.from, .cc], QueryText.addressPattern(text)))
    case .tofromcc:
      return .term(.address([.to, .from, .cc], QueryText.addressPattern(text)))
    case .msgid:
      var identifier = Substring(text)
      if identifier.first == "<" { identifier = identifier.dropFirst() }
      if identifier.last == ">" { identifier = identifier.dropLast() }
      return .term(.messageID(String(identifier)))
    case .in, .under:
      let components = text.split(separator: "/").map { $0.lowercased() }
      return .term(.folder(components, includingSubfolders: field == .under))
    case .tag:
      return .term(.tag(text.lowercased()))
    case .filename:
      return .term(.fileName(QueryText.fileNamePattern(text)))
    case .is:
      return .term(.status(try status(text, column: column)))
    case .has:
      let value = text.lowercased()
      if value == "attachment" { return .term(.attachment(["any"])) }
      if ["att", "phone", "url", "ssn", "u.po"].contains(value) {
        throw FormattersError("'has:\(text)' is not supported offline", column: column)
      }
      throw FormattersError(
        "unknown value 'has:\(text)'; use has:attachment, -has:attachment or attachment:none",
        column: column)
    case .attachment:
      return .term(.attachment(AttachmentTypes.tokens(for: text)))
    case .type:
      return .term(.contentType(AttachmentTypes.tokens(for: text)))
    case .date, .before, .after:
      return .term(.date(try QueryDateParser(now: now).condition(field, text, column: column)))
    case .size, .larger, .bigger, .smaller:
      return .term(.size(try QuerySizeParser.condition(field, text, column: column)))
    }
  }

  /// A text pattern with no words left (only stop words or punctuation) constrains nothing,
  /// so it becomes an always-true empty AND.
  private func textTerm(_ pattern: TextPattern, _ make: (TextPattern) -> QueryTerm)
    -> QueryExpression
  {
    pattern.tokens.isEmpty ? .and([]) : .term(make(pattern))
  }

  private func nonEmpty(_ text: String, column: Int, field: QueryField?) throws(FormattersError) {
    guard text.allSatisfy(\.isWhitespace) else { return }
    let message =
      field.map { "'\($0.rawValue):' needs a value, not an empty phrase" } ?? "empty phrase"
    throw FormattersError(message, column: column)
  }

  /// Zimbra reads `from:>x` and `subject:<x` as comparisons on a sort column; offline there is
  /// no such column, so they are refused rather than searched as words.
  private func refuseComparison(_ field: QueryField, _ text: String, column: Int)
    throws(FormattersError)
  {
    guard text.count > 1, text.hasPrefix("<") || text.hasPrefix(">") else { return }
    throw FormattersError(
      "'\(field.rawValue):\(text)' is a comparison, which is not supported offline",
      column: column)
  }

  /// Zimbra's `is:` values that need the server: who "me" is, calendars, conversations,
  /// mount points.
  private static let serverOnlyStatuses: Set<String> = [
    "tome", "fromme", "ccme", "tofromme", "toccme", "fromccme", "tofromccme", "invite", "solo",
    "local", "remote",
  ]

  private func status(_ text: String, column: Int) throws(FormattersError) -> MessageStatus {
    let value = text.lowercased()
    if let status = MessageStatus(rawValue: value) { return status }
    if Self.serverOnlyStatuses.contains(value) {
      throw FormattersError("'is:\(text)' is not supported offline", column: column)
    }
    throw FormattersError("unknown value 'is:\(text)'", column: column)
  }
}
