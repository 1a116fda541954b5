import Foundation

/// Writes the Atom and RSS feeds of Zimbra's `fmt=atom` and `fmt=rss` (ZIMBRA-IMPORT §5.2) as
/// UTF-8 XML, dates in one time zone.
///
/// Element structure and texts follow Zimbra's `AtomFormatter` and `RssFormatter`; differences
/// (all additive or cosmetic): one element per line, indented by two spaces (Zimbra writes the
/// document on one line); RSS items carry a `guid` (`FeedEntry.guid`, Zimbra writes none); Atom
/// message authors have the display name and the address apart (Zimbra repeats its sender
/// string in both). Text is escaped and characters XML 1.0 forbids are dropped, so the output is
/// always well-formed.
public struct FeedWriter: Sendable {
  /// The time zone of every date written (Zimbra uses the server's).
  public var timeZone: TimeZone

  /// A writer printing dates in `timeZone`.
  public init(timeZone: TimeZone) {
    self.timeZone = timeZone
  }

  /// The feed title Zimbra gives a folder: `Zimbra <path>` (the path as the request named it,
  /// `inbox` or `/Inbox/Sub`).
  public static func title(path: String) -> String { "Zimbra " + path }

  /// The RSS channel description Zimbra gives a folder: `Zimbra item <path> in RSS format.`
  public static func rssDescription(path: String) -> String {
    "Zimbra item " + path + " in RSS format."
  }

  /// Atom's `generator` text, as Zimbra writes it.
  public static let atomGenerator = "Zimbra Atom Feed Servlet"
  /// RSS's `generator` text, as Zimbra writes it.
  public static let rssGenerator = "Zimbra RSS Feed Servlet"
  /// The channel `link`, which Zimbra hard-codes.
  public static let rssLink = "http://www.zimbra.com"

  /// An Atom feed: `title`, `generator`, `id` (Zimbra: the request URL), `updated` (Zimbra: the
  /// mailbox's last change; seconds since 1970), then one `entry` per element of `entries`.
  ///
  /// A message entry has `title`, `summary`, `author` (`name`, `email`) and the non-standard
  /// `modified` (the received date); a calendar instance has `title`, `updated` (its start),
  /// `summary` and, with an organizer, `author`.
  public func atom(title: String, id: String, updated: Int64, entries: [FeedEntry]) -> [UInt8] {
    var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
    xml += element("title", title, depth: 1)
    xml += element("generator", FeedWriter.atomGenerator, depth: 1)
    xml += element("id", id, depth: 1)
    xml += element("updated", iso8601(updated), depth: 1)
    for entry in entries {
      xml += "  <entry>\n"
      xml += element("title", entry.title, depth: 2)
      switch entry.kind {
      case .message:
        xml += element("summary", entry.summary, depth: 2)
        xml += author(entry)
        xml += element("modified", iso8601(entry.date), depth: 2)
      case .calendarInstance:
        xml += element("updated", iso8601(entry.date), depth: 2)
        xml += element("summary", entry.summary, depth: 2)
        if entry.hasAuthor { xml += author(entry) }
      }
      xml += "  </entry>\n"
    }
    xml += "</feed>\n"
    return Array(xml.utf8)
  }

  /// An RSS 2.0 channel: `title`, `link` (http://www.zimbra.com), `description`, `generator`,
  /// then one `item` per entry with `title`, `description` (the fragment), `author`, `pubDate`
  /// (RFC 822, English names) and `guid` (`isPermaLink="false"`). A calendar instance without
  /// an organizer has no `author`.
  public func rss(title: String, description: String, entries: [FeedEntry]) -> [UInt8] {
    var xml = "<?xml version=\"1.0\"?>\n"
    xml += "<rss version=\"2.0\">\n"
    xml += "  <channel>\n"
    xml += element("title", title, depth: 2)
    xml += element("link", FeedWriter.rssLink, depth: 2)
    xml += element("description", description, depth: 2)
    xml += element("generator", FeedWriter.rssGenerator, depth: 2)
    for entry in entries {
      xml += "    <item>\n"
      xml += element("title", entry.title, depth: 3)
      xml += element("description", entry.summary, depth: 3)
      if entry.hasAuthor { xml += element("author", entry.rssAuthor, depth: 3) }
      xml += element("pubDate", rfc822(entry.date), depth: 3)
      xml +=
        "      <guid isPermaLink=\"false\">" + FeedText.escaped(entry.guid) + "</guid>\n"
      xml += "    </item>\n"
    }
    xml += "  </channel>\n"
    xml += "</rss>\n"
    return Array(xml.utf8)
  }

  /// `seconds` as Zimbra's ISO 8601 in this writer's time zone: `2026-03-02T10:00:00+01:00`.
  public func iso8601(_ seconds: Int64) -> String {
    FeedText.iso8601(seconds, offset: FeedText.offset(of: timeZone, at: seconds))
  }

  /// `seconds` as RSS's RFC 822 date in this writer's time zone: `Mon, 2 Mar 2026 10:00:00 +0100`.
  public func rfc822(_ seconds: Int64) -> String {
    FeedText.rfc822(seconds, offset: FeedText.offset(of: timeZone, at: seconds))
  }

  /// An Atom `author` with `name` and `email`.
  private func author(_ entry: FeedEntry) -> String {
    "    <author>\n" + element("name", entry.authorName, depth: 3)
      + element("email", entry.authorEmail, depth: 3) + "    </author>\n"
  }

  /// One text element on its own line, `depth` levels deep.
  private func element(_ name: String, _ text: String, depth: Int) -> String {
    String(repeating: "  ", count: depth) + "<" + name + ">" + FeedText.escaped(text) + "</"
      + name + ">\n"
  }
}
