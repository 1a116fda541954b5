import Foundation
import MailModel
import Testing

@testable import Formatters

@Suite struct ZimbraQueryMatchingTests {
  /// 2024-03-15 12:00:00 UTC, a Friday.
  static let now = Date(timeIntervalSince1970: 1_710_504_000)
  static let utc = TimeZone(identifier: "UTC") ?? .current

  /// Received 2024-03-14 09:30 UTC, the day before `now`.
  static let sample = MessageFacts(
    folder: .inbox, flags: [.seen, .answered], tags: ["Work", "$Label1"],
    receivedDate: 1_710_408_600, size: 20_000,
    from: ["Jane Doe <jane.doe@mail.example.co.uk>"],
    to: ["bob@example.com", "Team <team@lists.example.org>"],
    cc: ["Carol <carol@other.net>"],
    subject: "Quarterly Café report, Q1",
    messageID: "abc123@mail.example.co.uk",
    headerText: "Quarterly Café report, Q1 Jane Doe jane.doe@mail.example.co.uk bob@example.com",
    bodyText:
      "Hello Bob,\nthe numbers for the first quarter are attached. Don't share John's sheet.\n東京オフィス",
    attachments: [
      .init(part: "2", fileName: "Q1 Report.PDF", contentType: "application/pdf"),
      .init(
        part: "3", fileName: "budget.docx",
        contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
    contentTypes: [
      "text/plain", "application/pdf",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ])

  private func matches(
    _ query: String, _ facts: MessageFacts = sample, timeZone: TimeZone = utc
  ) throws -> Bool {
    try ZimbraQuery(parsing: query, now: Self.now).matches(facts, timeZone: timeZone)
  }

  private func facts(in folder: [String]) -> MessageFacts {
    var facts = Self.sample
    facts.folder = FolderPath(folder)
    return facts
  }

  @Test(arguments: [
    ("is:read", true), ("is:unread", false), ("is:replied", true), ("is:unreplied", false),
    ("is:flagged", false), ("is:unflagged", true), ("is:forwarded", false),
    ("is:unforwarded", true), ("is:draft", false), ("is:sent", false), ("is:received", true),
    ("is:anywhere", true),
  ])
  func statuses(query: String, expected: Bool) throws {
    #expect(try matches(query) == expected)
  }

  @Test func flagsSetTheOtherWay() throws {
    var facts = Self.sample
    facts.flags = [.flagged, .forwarded, .draft]
    #expect(try matches("is:unread is:flagged is:forwarded is:draft is:unreplied", facts))
    #expect(try !matches("is:read", facts))
  }

  @Test func sentMeansTheSentFolder() throws {
    #expect(try matches("is:sent", facts(in: ["Sent"])))
    #expect(try matches("is:sent", facts(in: ["sent", "2023"])))
    #expect(try matches("is:sent", facts(in: ["INBOX", "SENT"])))
    #expect(try !matches("is:sent", facts(in: ["Sent Items"])))
    #expect(try !matches("is:received", facts(in: ["Sent"])))
  }

  @Test(arguments: [
    ("from:jane", true), ("from:doe", true), ("from:JANE", true), ("from:jane.doe", true),
    ("from:jane.doe@mail.example.co.uk", true), ("from:@mail.example.co.uk", true),
    ("from:mail.example.co.uk", true), ("from:example", true), ("from:@example", true),
    ("from:\"jane doe\"", true), ("from:\"doe jane\"", false), ("from:ja*", true),
    ("from:bob", false), ("from:exam", false),
    ("to:bob", true), ("to:team", true), ("to:@example.com", true),
    ("to:@lists.example.org", true), ("to:@other.net", false), ("to:carol", false),
    ("cc:carol", true), ("cc:@other.net", true), ("cc:bob", false),
    ("tofrom:jane", true), ("tofrom:bob", true), ("tofrom:carol", false),
    ("tocc:carol", true), ("tocc:jane", false), ("fromcc:carol", true), ("fromcc:bob", false),
    ("tofromcc:carol", true), ("tofromcc:jane", true), ("tofromcc:nobody", false),
  ])
  func addresses(query: String, expected: Bool) throws {
    #expect(try matches(query) == expected)
  }

  @Test(arguments: [
    ("subject:quarterly", true), ("subject:QUARTERLY", true), ("subject:cafe", true),
    ("subject:café", true), ("subject:\"quarterly cafe\"", true),
    ("subject:\"cafe quarterly\"", false), ("subject:quart*", true), ("subject:q1", true),
    ("subject:quarter", false), ("subject:numbers", false),
  ])
  func subject(query: String, expected: Bool) throws {
    #expect(try matches(query) == expected)
  }

  @Test(arguments: [
    ("numbers", true), ("quarterly", true), ("content:numbers", true), ("sheet", true),
    ("john", true), ("\"don't\"", true), ("東京", true), ("京東", false),
    ("\"numbers first\"", true), ("\"first numbers\"", false), ("numb*", true),
    ("missing", false), ("hello bob", true), ("\"bob hello\"", false),
  ])
  func content(query: String, expected: Bool) throws {
    #expect(try matches(query) == expected)
  }

  @Test func messageID() throws {
    #expect(try matches("msgid:abc123@mail.example.co.uk"))
    #expect(try matches("msgid:<abc123@mail.example.co.uk>"))
    #expect(try !matches("msgid:abc123"))
  }

  @Test func folders() throws {
    #expect(try matches("in:inbox"))
    #expect(try matches("in:INBOX"))
    #expect(try matches("in:/Inbox"))
    #expect(try matches("under:inbox"))
    #expect(try !matches("in:inbox/sub"))
    let nested = facts(in: ["INBOX", "Projects", "2024"])
    #expect(try !matches("in:inbox", nested))
    #expect(try matches("under:inbox", nested))
    #expect(try matches("under:Inbox/projects", nested))
    #expect(try matches("in:\"inbox/projects/2024\"", nested))
    #expect(try !matches("under:projects", nested))
    #expect(try matches("under:/", nested))
    #expect(try !matches("in:/", nested))
    let spaced = facts(in: ["Old Mail"])
    #expect(try matches("in:\"old mail\"", spaced))
  }

  @Test func tags() throws {
    #expect(try matches("tag:work"))
    #expect(try matches("tag:WORK"))
    #expect(try matches("tag:$label1"))
    #expect(try !matches("tag:wor"))
  }

  @Test(arguments: [
    ("has:attachment", true), ("-has:attachment", false), ("attachment:pdf", true),
    ("attachment:word", true), ("attachment:application", true), ("attachment:any", true),
    ("attachment:none", false), ("attachment:image", false),
    ("attachment:application/pdf", true), ("attachment:excel", false),
    ("type:text/plain", true), ("type:text", true), ("type:application/pdf", true),
    ("type:image", false), ("type:message/rfc822", true), ("type:word", true),
    ("filename:report", true), ("filename:pdf", true), ("filename:\"q1 report\"", true),
    ("filename:rep*", true), ("filename:budget.docx", true), ("filename:\"report q1\"", false),
    ("filename:xls", false),
  ])
  func attachments(query: String, expected: Bool) throws {
    #expect(try matches(query) == expected)
  }

  @Test func noAttachments() throws {
    var facts = Self.sample
    facts.attachments = []
    #expect(try !matches("has:attachment", facts))
    #expect(try matches("attachment:none", facts))
    #expect(try matches("-attachment:any", facts))
  }

  @Test(arguments: [
    ("before:03/15/2024", true), ("before:03/14/2024", false), ("after:03/13/2024", true),
    ("after:03/14/2024", false), ("date:03/14/2024", true), ("date:3/14/24", true),
    ("date:03/15/2024", false), ("date:yesterday", true), ("date:today", false),
    ("date:-1day", true), ("date:-1d", true), ("after:-2days", true), ("after:-1day", false),
    ("before:today", true), ("before:yesterday", false), ("date:>=03/14/2024", true),
    ("date:<=03/14/2024", true), ("date:<03/14/2024", false), ("date:>03/14/2024", false),
    ("date:1710408600000", true), ("date:1710408601000", false), ("after:-1week", true),
    ("date:-0w", true), ("date:-1w", false), ("after:-1mi", false), ("after:-27h", false),
    ("after:-28h", true), ("date:-0m", true), ("date:-1m", false), ("date:-0y", true),
    ("date:-1y", false), ("date:+1day", false), ("date:03/14/2024,", true),
    ("date:(03/14/2024 OR 03/20/2024)", true), ("date:(03/14/2024 03/20/2024)", false),
  ])
  func dates(query: String, expected: Bool) throws {
    #expect(try matches(query) == expected)
  }

  @Test func daysAreTakenInTheMatchersTimeZone() throws {
    var facts = Self.sample
    facts.receivedDate = 1_710_459_000  // 2024-03-14 23:30 UTC, 2024-03-15 12:30 in Auckland
    let auckland = try #require(TimeZone(identifier: "Pacific/Auckland"))
    #expect(try matches("date:03/14/2024", facts))
    #expect(try !matches("date:03/15/2024", facts))
    #expect(try matches("date:03/15/2024", facts, timeZone: auckland))
    #expect(try !matches("date:03/14/2024", facts, timeZone: auckland))
  }

  @Test(arguments: [
    ("larger:10kb", true), ("larger:20000", false), ("larger:19999", true),
    ("larger:=20000", true), ("bigger:1mb", false), ("smaller:20001", true),
    ("smaller:20000", false), ("smaller:<=20000", true), ("size:20000", true),
    ("size:19999", false), ("size:>19kb", true), ("size:<19kb", false),
  ])
  func sizes(query: String, expected: Bool) throws {
    #expect(try matches(query) == expected)
  }

  @Test func combinations() throws {
    #expect(try matches("from:jane -is:unread (tag:work OR tag:home) larger:1kb"))
    #expect(try matches("from:jane OR from:nobody subject:nothing"))
    #expect(try !matches("from:nobody OR from:jane subject:nothing"))
    #expect(try matches("NOT from:jane OR subject:report"))
    #expect(try !matches("-(from:jane subject:report)"))
    #expect(try matches("from:(jane doe)"))
    #expect(try !matches("from:(jane -doe)"))
    #expect(try matches("the"))
  }
}
