/// A parsed query: terms joined by AND, OR and NOT (docs/export-query.md).
public indirect enum QueryExpression: Sendable, Equatable {
  /// One condition on a message.
  case term(QueryTerm)
  /// True when the inner expression is false (`-x`, `NOT x`).
  case not(QueryExpression)
  /// True when every part is true (implicit AND, `AND`, `&&`).
  case and([QueryExpression])
  /// True when any part is true (`OR`, `||`).
  case or([QueryExpression])
}

/// One condition of a query, with its value already read and checked.
public enum QueryTerm: Sendable, Equatable {
  /// `is:` a status of the message.
  case status(MessageStatus)
  /// `from:`, `to:`, `cc:` and their combinations: any of `fields` matches the text.
  case address(AddressFields, TextPattern)
  /// `to:@domain` and `cc:@domain`: an address in `fields` is at exactly this domain.
  case addressDomain(AddressFields, String)
  /// `subject:` the subject matches the text.
  case subject(TextPattern)
  /// `content:` or a bare word: the header text or the body text matches.
  case content(TextPattern)
  /// `msgid:` the Message-ID equals this value (without angle brackets).
  case messageID(String)
  /// `in:` (false) or `under:` (true): the folder, given as lower-case path components.
  case folder([String], includingSubfolders: Bool)
  /// `tag:` a keyword equal to this one, ignoring case.
  case tag(String)
  /// `attachment:` and `has:attachment`: an attachment token (a MIME type, a primary type,
  /// `any` or `none`) is one of these.
  case attachment([String])
  /// `type:` a part's MIME type token is one of these.
  case contentType([String])
  /// `filename:` an attachment's file name matches the text.
  case fileName(TextPattern)
  /// `before:`, `after:`, `date:` the received date compares so to a day or moment.
  case date(DateCondition)
  /// `larger:`, `smaller:`, `size:` the size compares so to a number of bytes.
  case size(SizeCondition)
}

/// The `is:` values that have a meaning offline.
public enum MessageStatus: String, Sendable, Equatable, CaseIterable {
  /// The message has been read.
  case read
  /// The message has not been read.
  case unread
  /// The message is flagged.
  case flagged
  /// The message is not flagged.
  case unflagged
  /// The message has been replied to.
  case replied
  /// The message has not been replied to.
  case unreplied
  /// The message has been forwarded.
  case forwarded
  /// The message has not been forwarded.
  case unforwarded
  /// The message is a draft.
  case draft
  /// The message is in a folder called Sent or below the top-level Sent folder.
  case sent
  /// The message is not `sent`.
  case received
  /// Every message (Zimbra: in any folder).
  case anywhere
}

/// The address headers an address term looks at.
public struct AddressFields: OptionSet, Sendable, Hashable {
  /// The bits.
  public let rawValue: UInt8
  /// Creates a set from raw bits.
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// `From:`.
  public static let from = AddressFields(rawValue: 1 << 0)
  /// `To:`.
  public static let to = AddressFields(rawValue: 1 << 1)
  /// `Cc:`.
  public static let cc = AddressFields(rawValue: 1 << 2)
}

/// Words to find in tokenised text: consecutive tokens (a phrase), the last one a prefix when
/// the value ended in `*`.
public struct TextPattern: Sendable, Equatable {
  /// The normalised (lower-case, accent-free) tokens, in order.
  public var tokens: [String]
  /// Whether the last token only needs to start a token of the text (a trailing `*`).
  public var lastIsPrefix: Bool

  /// Creates a pattern from normalised tokens.
  public init(tokens: [String], lastIsPrefix: Bool = false) {
    self.tokens = tokens
    self.lastIsPrefix = lastIsPrefix
  }
}

/// How a received date compares to a date value (Zimbra's DateQuery ranges).
public struct DateCondition: Sendable, Equatable {
  /// The comparison.
  public enum Comparison: Sendable, Equatable {
    /// Before the start of the value's range (`before:`, `date:<`).
    case before
    /// Before the end of the value's range (`date:<=`).
    case atOrBefore
    /// At or after the end of the value's range (`after:`, `date:>`).
    case after
    /// At or after the start of the value's range (`date:>=`).
    case atOrAfter
    /// Within the value's range (`date:`).
    case within
  }

  /// The comparison.
  public var comparison: Comparison
  /// The date value, which stands for a range: a day, a minute, a month, ...
  public var value: QueryDate

  /// Creates a condition.
  public init(_ comparison: Comparison, _ value: QueryDate) {
    self.comparison = comparison
    self.value = value
  }
}

/// A date as a query writes it; it stands for a range that starts at the date.
public enum QueryDate: Sendable, Equatable {
  /// Epoch milliseconds; the range is one second long.
  case epochMilliseconds(Int64)
  /// A calendar day; the range is that day in the matcher's time zone.
  case day(year: Int, month: Int, day: Int)
  /// So many units from now, the current unit truncated first (`-1day` is all of yesterday).
  case relative(Int, QueryDateUnit)
}

/// The unit of a relative query date.
public enum QueryDateUnit: Sendable, Equatable {
  /// Minutes.
  case minute
  /// Hours.
  case hour
  /// Days.
  case day
  /// Weeks starting on Sunday.
  case week
  /// Calendar months.
  case month
  /// Calendar years.
  case year
}

/// How a message's size compares to a number of bytes (Zimbra's SizeQuery).
public enum SizeCondition: Sendable, Equatable {
  /// Strictly larger than so many bytes.
  case larger(than: Int64)
  /// Strictly smaller than so many bytes.
  case smaller(than: Int64)
  /// Exactly so many bytes.
  case equal(to: Int64)
}
