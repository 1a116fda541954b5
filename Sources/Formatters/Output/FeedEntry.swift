import MailModel

/// One entry of an Atom feed or item of an RSS channel: a message, or one instance of a
/// calendar item, with what Zimbra's `AtomFormatter` and `RssFormatter` print of it.
public struct FeedEntry: Sendable, Equatable {
  /// What the entry stands for; it decides the date element and whether the author is optional.
  public enum Kind: Sendable, Equatable {
    /// A message: Atom `modified`, an author always.
    case message
    /// One instance of an appointment or task: Atom `updated`, an author only with an organizer.
    case calendarInstance
  }

  /// The kind of item.
  public var kind: Kind
  /// The subject (a message) or `SUMMARY` (a calendar item).
  public var title: String
  /// The fragment: the short preview of the body or `DESCRIPTION` (`MessageFragment`).
  public var summary: String
  /// The sender's or organizer's display name (the address when there is no name).
  public var authorName: String
  /// The sender's or organizer's address.
  public var authorEmail: String
  /// The received date (a message) or instance start (a calendar item), seconds since 1970.
  public var date: Int64
  /// The item id the export gave it (the 1-based position in read order).
  public var id: Int
  /// The Message-ID without angle brackets (or a calendar item's `UID`), nil when there is none;
  /// the RSS `guid` when present.
  public var messageID: String?

  /// An entry with every field given.
  public init(
    kind: Kind = .message, title: String, summary: String, authorName: String,
    authorEmail: String, date: Int64, id: Int, messageID: String? = nil
  ) {
    self.kind = kind
    self.title = title
    self.summary = summary
    self.authorName = authorName
    self.authorEmail = authorEmail
    self.date = date
    self.id = id
    self.messageID = messageID
  }

  /// Whether the entry has an author to print (a message always has one, even an empty one, as
  /// in Zimbra; a calendar instance only when it has an organizer).
  public var hasAuthor: Bool {
    kind == .message || !authorName.isEmpty || !authorEmail.isEmpty
  }

  /// The RSS `guid`: the Message-ID (or UID) when there is one, else `zmigrate:<id>`; never a
  /// link (`isPermaLink="false"`). Zimbra writes no guid at all.
  public var guid: String {
    if let messageID, !messageID.isEmpty { return messageID }
    return "zmigrate:\(id)"
  }

  /// The RSS `author`: Zimbra prints the sender string, `Name <address>` (the address alone
  /// when the name is the address or empty).
  public var rssAuthor: String {
    if authorName.isEmpty || authorName == authorEmail { return authorEmail }
    if authorEmail.isEmpty { return authorName }
    return "\(authorName) <\(authorEmail)>"
  }
}

/// Building feed entries from messages and calendar instances.
extension FeedWriter {
  /// The entry of a message as Zimbra builds it: title = subject, summary = fragment, author =
  /// the first `From:` mailbox (`Sender:` when there is no `From:`), date = received date.
  ///
  /// Zimbra puts its raw sender string into both `author/name` and `author/email` (its code
  /// says "TODO: only personal part in name"); we split it into name and address.
  public static func entry(facts: MessageFacts, structure: MimeStructure, id: Int) -> FeedEntry {
    let headers = TopHeaders(structure)
    let sender = headers.from.first ?? headers.sender.first
    return FeedEntry(
      kind: .message, title: facts.subject, summary: structure.fragment(),
      authorName: displayName(sender), authorEmail: sender?.address ?? "",
      date: facts.receivedDate, id: id,
      messageID: facts.messageID.isEmpty ? nil : facts.messageID)
  }

  /// The entry of one calendar instance: title = `SUMMARY`, summary = the fragment of
  /// `DESCRIPTION`, author = the `ORGANIZER` (none when nil), date = the instance start.
  public static func entry(
    summary: String, description: String, organizer: Mailbox?, start: Int64, id: Int,
    uid: String? = nil
  ) -> FeedEntry {
    FeedEntry(
      kind: .calendarInstance, title: summary,
      summary: MessageFragment.make(from: description, calendar: false),
      authorName: displayName(organizer), authorEmail: organizer?.address ?? "", date: start,
      id: id, messageID: uid)
  }

  /// The name shown for a mailbox: its display name, else its address; empty for none.
  private static func displayName(_ mailbox: Mailbox?) -> String {
    guard let mailbox else { return "" }
    return mailbox.name.isEmpty ? mailbox.address : mailbox.name
  }
}
