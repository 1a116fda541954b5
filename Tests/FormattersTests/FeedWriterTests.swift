import Foundation
import FoundationXML
import MailModel
import TestSupport
import Testing

@testable import Formatters

@Suite struct FeedWriterTests {
  static let berlin = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 3600)
  static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)

  func atom(_ zone: TimeZone?) throws -> [UInt8] {
    let writer = FeedWriter(timeZone: try #require(zone))
    return writer.atom(
      title: FeedWriter.title(path: "inbox"), id: "urn:zmigrate:export:inbox",
      updated: 1_772_470_000, entries: try ExportGolden.entries())
  }

  func rss(_ zone: TimeZone?) throws -> [UInt8] {
    let writer = FeedWriter(timeZone: try #require(zone))
    return writer.rss(
      title: FeedWriter.title(path: "inbox"),
      description: FeedWriter.rssDescription(path: "inbox"), entries: try ExportGolden.entries())
  }

  @Test func atomMatchesGoldenFiles() throws {
    try ExportGolden.check(try atom(Self.utc), "atom-utc.xml")
    try ExportGolden.check(try atom(Self.berlin), "atom-berlin.xml")
  }

  @Test func rssMatchesGoldenFiles() throws {
    try ExportGolden.check(try rss(Self.utc), "rss-utc.xml")
    try ExportGolden.check(try rss(Self.berlin), "rss-berlin.xml")
  }

  @Test func messageEntryTakesSubjectFragmentAndSender() throws {
    let entries = try ExportGolden.entries()
    let plain = try #require(entries.first)
    #expect(plain.title == "Lunch on Friday")
    #expect(plain.summary == "Hi Bob, shall we meet at noon?")
    #expect(plain.authorName == "Ann Example" && plain.authorEmail == "ann@example.com")
    #expect(
      plain.guid == "plain-1@example.com" && plain.rssAuthor == "Ann Example <ann@example.com>")
    #expect(entries[1].authorName == "Jürgen Müller" && entries[1].title == "Grüße aus Köln")
    #expect(entries[5].guid == "zmigrate:6" && !entries[5].hasAuthor)
  }

  @Test func datesUseTheTimeZoneAndEnglishNames() throws {
    let berlin = FeedWriter(timeZone: try #require(Self.berlin))
    // 2026-03-02T09:00:00Z is 10:00 in Berlin (CET) and 2026-07-01T12:00:00Z is 14:00 (CEST).
    #expect(berlin.iso8601(1_772_442_000) == "2026-03-02T10:00:00+01:00")
    #expect(berlin.rfc822(1_772_442_000) == "Mon, 2 Mar 2026 10:00:00 +0100")
    #expect(berlin.rfc822(1_782_907_200) == "Wed, 1 Jul 2026 14:00:00 +0200")
    let newYork = FeedWriter(timeZone: try #require(TimeZone(identifier: "America/New_York")))
    #expect(newYork.iso8601(0) == "1969-12-31T19:00:00-05:00")
    #expect(newYork.rfc822(0) == "Wed, 31 Dec 1969 19:00:00 -0500")
    let utc = FeedWriter(timeZone: try #require(Self.utc))
    #expect(utc.iso8601(951_782_400) == "2000-02-29T00:00:00+00:00")
    #expect(utc.rfc822(-1) == "Wed, 31 Dec 1969 23:59:59 +0000")
  }

  @Test func textIsEscapedAndIllegalCharactersDropped() throws {
    let entry = FeedEntry(
      title: "a & b <c> \"d\" 'e'\u{0}\u{1}\u{B}\u{FFFE}\u{FFFF}\tz\r\n",
      summary: "]]> fine", authorName: "x", authorEmail: "x@y", date: 0, id: 1)
    let writer = FeedWriter(timeZone: try #require(Self.utc))
    let atom = String(
      decoding: writer.atom(title: "t", id: "i", updated: 0, entries: [entry]), as: UTF8.self)
    #expect(
      atom.contains("<title>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;\tz&#13;\n</title>"))
    #expect(atom.contains("<summary>]]&gt; fine</summary>"))
    try Self.expectWellFormed(Array(atom.utf8))
  }

  @Test func atomHasZimbraStructure() throws {
    for zone in [Self.utc, Self.berlin] {
      let bytes = try atom(zone)
      try Self.expectWellFormed(bytes)
      let document = try XMLDocument(data: Data(bytes), options: [])
      let feed = try #require(document.rootElement())
      #expect(feed.localName == "feed" && feed.uri == "http://www.w3.org/2005/Atom")
      #expect(
        Self.children(feed).prefix(4) == ["title", "generator", "id", "updated"])
      let entries = Self.elements(feed, "entry")
      #expect(entries.count == 6)
      for entry in entries.prefix(4) {
        #expect(Self.children(entry) == ["title", "summary", "author", "modified"])
        let author = try #require(Self.elements(entry, "author").first)
        #expect(Self.children(author) == ["name", "email"])
      }
      #expect(Self.children(entries[4]) == ["title", "updated", "summary", "author"])
      #expect(Self.children(entries[5]) == ["title", "updated", "summary"])
      #expect(Self.elements(entries[0], "title").first?.stringValue == "Lunch on Friday")
      #expect(Self.elements(entries[4], "title").first?.stringValue == "Team <sync> & review")
    }
  }

  @Test func rssHasZimbraStructure() throws {
    for zone in [Self.utc, Self.berlin] {
      let bytes = try rss(zone)
      try Self.expectWellFormed(bytes)
      let document = try XMLDocument(data: Data(bytes), options: [])
      let rss = try #require(document.rootElement())
      #expect(rss.localName == "rss" && rss.attribute(forName: "version")?.stringValue == "2.0")
      let channel = try #require(Self.elements(rss, "channel").first)
      #expect(Self.children(channel).prefix(4) == ["title", "link", "description", "generator"])
      #expect(Self.elements(channel, "link").first?.stringValue == "http://www.zimbra.com")
      let items = Self.elements(channel, "item")
      #expect(items.count == 6)
      for item in items.prefix(5) {
        #expect(Self.children(item) == ["title", "description", "author", "pubDate", "guid"])
        let guid = try #require(Self.elements(item, "guid").first)
        #expect(guid.attribute(forName: "isPermaLink")?.stringValue == "false")
      }
      #expect(Self.children(items[5]) == ["title", "description", "pubDate", "guid"])
    }
  }

  /// The local names of `element`'s child elements, in order.
  static func children(_ element: XMLElement) -> [String] {
    (element.children ?? []).compactMap { ($0 as? XMLElement)?.localName }
  }

  /// The child elements of `element` with local name `name`.
  static func elements(_ element: XMLElement, _ name: String) -> [XMLElement] {
    (element.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localName == name }
  }

  /// Checks `bytes` with libxml2's `xmllint --noout` when it is installed.
  static func expectWellFormed(_ bytes: [UInt8]) throws {
    let xmllint = "/usr/bin/xmllint"
    guard FileManager.default.isExecutableFile(atPath: xmllint) else {
      print("xmllint not installed: well-formedness checked by FoundationXML only")
      _ = try XMLDocument(data: Data(bytes), options: [])
      return
    }
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let file = directory.url.appendingPathComponent("feed.xml")
    try Data(bytes).write(to: file)
    let run = try ExternalProgram.run(xmllint, ["--noout", file.path])
    #expect(run.status == 0, "xmllint: \(run.errors)")
  }
}
