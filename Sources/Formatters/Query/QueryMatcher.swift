import Foundation
import MailModel

/// Evaluates a query on one message, tokenising each text field at most once.
struct QueryMatcher {
  let facts: MessageFacts
  let now: Date
  let timeZone: TimeZone

  private lazy var subjectWords = QueryText.words(facts.subject)
  private lazy var headerWords = QueryText.words(facts.headerText)
  private lazy var bodyWords = QueryText.words(facts.bodyText)
  private lazy var fromTokens = facts.from.map(QueryText.addressTokens)
  private lazy var toTokens = facts.to.map(QueryText.addressTokens)
  private lazy var ccTokens = facts.cc.map(QueryText.addressTokens)
  private lazy var fileNameTokens = facts.attachments.map { QueryText.fileNameTokens($0.fileName) }
  private lazy var folderNames = facts.folder.components.map { $0.lowercased() }
  private lazy var attachmentTokens: Set<String> = {
    var tokens = Set(facts.attachments.flatMap { AttachmentTypes.indexTokens(of: $0.contentType) })
    tokens.insert(facts.attachments.isEmpty ? "none" : "any")
    return tokens
  }()
  /// Zimbra indexes the message itself as a `message/rfc822` part, and every part with `any`.
  private lazy var typeTokens: Set<String> = Set(
    facts.contentTypes.flatMap(AttachmentTypes.indexTokens(of:))
      + ["message/rfc822", "message", "any"])

  init(facts: MessageFacts, now: Date, timeZone: TimeZone) {
    self.facts = facts
    self.now = now
    self.timeZone = timeZone
  }

  mutating func evaluate(_ expression: QueryExpression) -> Bool {
    switch expression {
    case .term(let term): return evaluate(term)
    case .not(let inner): return !evaluate(inner)
    case .and(let parts):
      for part in parts where !evaluate(part) { return false }
      return true
    case .or(let parts):
      for part in parts where evaluate(part) { return true }
      return false
    }
  }

  private mutating func evaluate(_ term: QueryTerm) -> Bool {
    switch term {
    case .status(let status): return has(status)
    case .address(let fields, let pattern):
      return addressTokens(fields).contains { QueryText.contains($0, pattern) }
    case .addressDomain(let fields, let domain):
      return addressTokens(fields).contains { $0.contains(domain) }
    case .subject(let pattern): return QueryText.contains(subjectWords, pattern)
    case .content(let pattern):
      return QueryText.contains(headerWords, pattern) || QueryText.contains(bodyWords, pattern)
    case .messageID(let identifier): return facts.messageID == identifier
    case .folder(let components, let includingSubfolders):
      if includingSubfolders { return folderNames.starts(with: components) }
      return folderNames == components
    case .tag(let tag): return facts.tags.contains { $0.lowercased() == tag }
    case .attachment(let wanted): return wanted.contains(where: attachmentTokens.contains)
    case .contentType(let wanted): return wanted.contains(where: typeTokens.contains)
    case .fileName(let pattern): return fileNameTokens.contains { QueryText.contains($0, pattern) }
    case .date(let condition): return matches(condition)
    case .size(let condition):
      let size = Int64(facts.size)
      switch condition {
      case .larger(let bytes): return size > bytes
      case .smaller(let bytes): return size < bytes
      case .equal(let bytes): return size == bytes
      }
    }
  }

  private mutating func addressTokens(_ fields: AddressFields) -> [[String]] {
    var lists: [[String]] = []
    if fields.contains(.from) { lists += fromTokens }
    if fields.contains(.to) { lists += toTokens }
    if fields.contains(.cc) { lists += ccTokens }
    return lists
  }

  private mutating func has(_ status: MessageStatus) -> Bool {
    let flags = facts.flags
    switch status {
    case .read: return flags.contains(.seen)
    case .unread: return !flags.contains(.seen)
    case .flagged: return flags.contains(.flagged)
    case .unflagged: return !flags.contains(.flagged)
    case .replied: return flags.contains(.answered)
    case .unreplied: return !flags.contains(.answered)
    case .forwarded: return flags.contains(.forwarded)
    case .unforwarded: return !flags.contains(.forwarded)
    case .draft: return flags.contains(.draft)
    case .sent: return isInSentFolder
    case .received: return !isInSentFolder
    case .anywhere: return true
    }
  }

  /// In a folder named Sent (any letter case) or below the top-level Sent folder.
  private var isInSentFolder: Bool {
    mutating get { folderNames.first == "sent" || folderNames.last == "sent" }
  }

  private func matches(_ condition: DateCondition) -> Bool {
    guard let (start, end) = condition.value.range(now: now, timeZone: timeZone) else {
      return false
    }
    let (received, overflow) = facts.receivedDate.multipliedReportingOverflow(by: 1000)
    guard !overflow else { return false }
    switch condition.comparison {
    case .before: return received < start
    case .atOrBefore: return received < end
    case .after: return received >= end
    case .atOrAfter: return received >= start
    case .within: return received >= start && received < end
    }
  }
}
