import Foundation
import MailModel
import MailStores
import TestSupport
import Testing

/// Each row of the MAPI → Zimbra mapping (docs/outlook.md), read from the small `.msg` fixtures in
/// `Fixtures/outlook/msg/` (their README says what each holds) through the `.msg` source reader.
@Suite struct OutlookMappingTests {
  /// What reading one fixture gave.
  struct Read {
    var message: Message?
    var diagnostics: [Diagnostic]

    /// The message's bytes as text.
    var text: String { message.map { String(decoding: $0.bytes, as: UTF8.self) } ?? "" }

    /// A header field's unfolded value.
    func header(_ name: String) -> String? {
      message.flatMap { HeaderSection.value(of: name, in: $0.bytes) }
    }
  }

  /// Reads `Fixtures/outlook/msg/NAME` as a source of its own (detected as `msg`).
  static func read(_ name: String) throws -> Read {
    let source = try SourceDetector.open(Fixture.path("outlook/msg/" + name))
    #expect(source.format == "msg")
    var messages: [Message] = []
    var diagnostics: [Diagnostic] = []
    try source.reader.readMessages(
      diagnostics: { diagnostics.append($0) }, { messages.append($0) })
    #expect(messages.count <= 1)
    return Read(message: messages.first, diagnostics: diagnostics)
  }

  /// 2021-03-04T05:06:07Z and 2021-03-04T05:00:00Z, the fixtures' delivery and submit times.
  static let delivered: Int64 = 1_614_834_367
  static let submitted: Int64 = 1_614_834_000

  @Test(
    arguments: [
      ("unread.msg", MessageFlags()), ("draft.msg", [.seen, .draft]),
      ("flagged.msg", [.seen, .flagged]),
      ("replied.msg", [.seen, .answered]), ("forwarded.msg", [.seen, .forwarded]),
      ("icon-replied.msg", [.seen, .answered]), ("high-importance.msg", [.seen]),
    ] as [(String, MessageFlags)])
  func flags(fixture: String, expected: MessageFlags) throws {
    let read = try Self.read(fixture)
    #expect(read.message?.flags == expected)
  }

  @Test func receivedDateOrder() throws {
    let delivered = try #require(try Self.read("unread.msg").message)
    #expect(delivered.internalDate == Self.delivered)
    #expect(delivered.dateSource == .deliveryTime)
    let draft = try #require(try Self.read("draft.msg").message)
    #expect(draft.internalDate == Self.submitted)
    #expect(draft.dateSource == .submitTime)
    let created = try #require(try Self.read("no-dates.msg").message)
    #expect(created.internalDate == 1_577_934_245)  // 2020-01-02T03:04:05Z
    #expect(created.dateSource == .creationTime)
  }

  @Test func categoriesBecomeKeywordsInBothEncodings() throws {
    #expect(try Self.read("categories.msg").message?.keywords == ["Blue Team", "Ünïcode"])
    #expect(try Self.read("categories-ansi.msg").message?.keywords == ["Blue Team", "Ünïcode"])
  }

  @Test func importanceBecomesPriorityHeaders() throws {
    let high = try Self.read("high-importance.msg")
    #expect(high.header("Importance") == "high")
    #expect(high.header("X-Priority")?.hasPrefix("1") == true)
    let low = try Self.read("low-importance.msg")
    #expect(low.header("Importance") == "low")
    #expect(try Self.read("unread.msg").header("Importance") == nil)
  }

  @Test func synthesizedHeaders() throws {
    let read = try Self.read("unread.msg")
    #expect(read.header("From") == "Ann Example <ann@example.com>")
    #expect(read.header("To") == "Bob Example <bob@example.com>")
    #expect(read.header("Subject") == "Unread")
    #expect(read.header("Date") == "Thu, 4 Mar 2021 05:00:00 +0000")
    #expect(read.header("MIME-Version") == "1.0")
    #expect(read.diagnostics.isEmpty)
  }

  @Test func transportHeadersAreKeptAndTheirMimeFieldsReplaced() throws {
    let read = try Self.read("with-headers.msg")
    #expect(read.header("Message-ID") == "<hdr@example.com>")
    #expect(read.header("Received") != nil)
    let contentType = try #require(read.header("Content-Type"))
    #expect(contentType.hasPrefix("text/plain"))
    #expect(!read.text.contains("boundary=x"))
  }

  @Test func eightBitStringsDecodeByTheCodePage() throws {
    let read = try Self.read("cp1251.msg")
    #expect(
      read.header("Subject") == "=?utf-8?B?" + Data("Привет".utf8).base64EncodedString() + "?=")
  }

  @Test func htmlBodyAttachmentsAndInlineImages() throws {
    let html = try Self.read("html-body.msg")
    #expect(html.text.contains("multipart/alternative"))
    #expect(html.text.contains("Content-Type: text/html"))
    #expect(html.text.contains("<b>HTML</b>"))
    let attached = try Self.read("attachment.msg")
    #expect(attached.text.contains("multipart/related"))
    #expect(attached.text.contains("Content-ID: <logo@example>"))
    #expect(attached.text.contains("filename=\"report.txt\""))
    #expect(attached.text.contains("Content-Type: image/png"))
  }

  @Test func embeddedMessagesBecomeMessageParts() throws {
    let read = try Self.read("embedded.msg")
    #expect(read.text.contains("Content-Type: message/rfc822"))
    #expect(read.text.contains("Subject: Inner message"))
  }

  @Test func exchangeAddresses() throws {
    let read = try Self.read("x500-sender.msg")
    #expect(read.header("From") == "Ann Example <ann@example.com>")
    #expect(read.header("To") == "Bob Example: ;")
    let lossy = read.diagnostics.filter { $0.code == "outlook-lossy" }
    #expect(lossy.count == 1)
    #expect(lossy.first?.message.contains("/CN=BOB") == true)
  }

  @Test func associatedItemsAreNotMail() throws {
    let read = try Self.read("fai.msg")
    #expect(read.message == nil)
    #expect(read.diagnostics.map(\.code) == ["outlook-hidden"])
    #expect(read.diagnostics.first?.severity == .ignored)
  }
}
