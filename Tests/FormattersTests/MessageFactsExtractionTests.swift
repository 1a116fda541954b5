import Foundation
import MailModel
import TestSupport
import Testing

@testable import Formatters

@Suite struct MessageFactsExtractionTests {
  @Test func plainMessage() throws {
    let bytes = try exportFixture("plain.eml")
    let facts = MessageFacts(message: message(bytes, keywords: ["work"], date: 1_772_442_000))
    #expect(facts.folder == .inbox && facts.flags == [.seen] && facts.tags == ["work"])
    #expect(facts.receivedDate == 1_772_442_000 && facts.size == bytes.count)
    #expect(facts.from == ["Ann Example <ann@example.com>"])
    #expect(
      facts.to == ["bob@example.org", "Smith, Carol <carol@example.net>"])
    #expect(facts.cc == ["dave@example.com", "erin@example.com"])
    #expect(facts.subject == "Lunch on Friday")
    #expect(facts.messageID == "plain-1@example.com")
    #expect(
      facts.headerText
        == "Lunch on Friday\nAnn Example <ann@example.com>\nbob@example.org\n"
        + "Smith, Carol <carol@example.net>\ndave@example.com\nerin@example.com")
    #expect(facts.bodyText.contains("shall we meet at noon?"))
    #expect(facts.attachments.isEmpty && facts.contentTypes == ["text/plain"])
  }

  @Test func alternativePrefersPlainText() throws {
    let facts = MessageFacts(message: message(try exportFixture("alternative.eml")))
    #expect(facts.subject == "Grüße aus Köln")
    #expect(facts.from == ["Jürgen Müller <juergen@example.de>"])
    #expect(
      facts.bodyText
        == "Schöne Grüße aus Köln, mit einer sehr langen Zeile, die weich umbrochen wurde.")
    #expect(facts.contentTypes == ["text/plain", "text/html"])
    #expect(facts.attachments.isEmpty)
  }

  @Test func htmlOnlyBodyIsStripped() {
    let text =
      "Subject: x\nContent-Type: text/html; charset=utf-8\n\n<div>Caf&eacute; <b>open</b></div>"
    let facts = MessageFacts(message: message(Array(text.utf8)))
    #expect(facts.bodyText == "\nCafé open\n")
  }

  @Test func attachmentsFollowZimbra() throws {
    let facts = MessageFacts(message: message(try exportFixture("mixed-attachment.eml")))
    #expect(facts.subject == "Report über 2026")
    #expect(
      facts.attachments == [
        .init(part: "2", fileName: "Bericht über 2026.pdf", contentType: "application/pdf"),
        .init(part: "3", fileName: "föto.png", contentType: "image/png"),
      ])
    #expect(facts.contentTypes == ["text/plain", "text/html", "application/pdf", "image/png"])
    #expect(facts.bodyText == "See the attached report.")
  }

  @Test func forwardedMessagesAreAttachmentsAndSearched() throws {
    let facts = MessageFacts(message: message(try exportFixture("nested-rfc822.eml")))
    #expect(
      facts.attachments.map(\.part) == ["2", "2.2", "3"])
    #expect(facts.attachments.map(\.fileName) == ["", "votes.csv", "note.eml"])
    #expect(
      facts.bodyText
        == "Forwarding the minutes below.\nMinutes of the meeting.\nname,vote\nann,yes\nJust a note."
    )
    let lean = MessageFacts(
      message: message(try exportFixture("nested-rfc822.eml")), includeBody: false)
    #expect(lean.bodyText.isEmpty && lean.attachments == facts.attachments)
  }

  @Test func brokenMultipartStillGivesFacts() throws {
    let facts = MessageFacts(message: message(try exportFixture("broken-no-close.eml")))
    #expect(facts.bodyText == "first part")
    #expect(facts.attachments.map(\.fileName) == ["data.bin"])
  }

  @Test func everyCorpusMessageGivesFacts() throws {
    let root = Corpus.url("mail-gem")
    guard FileManager.default.fileExists(atPath: root.path) else {
      try Test.cancel("shared corpus mail-gem absent at \(root.path)")
    }
    let files = try #require(FileManager.default.enumerator(atPath: root.path))
      .compactMap { $0 as? String }.filter { $0.hasSuffix(".eml") }.sorted()
    #expect(files.count > 50)
    var withAttachments = 0
    for file in files {
      let bytes = try Array(Data(contentsOf: root.appendingPathComponent(file)))
      let structure = MimeStructure(bytes: bytes)
      let facts = MessageFacts(message: message(bytes), structure: structure)
      #expect(facts.size == bytes.count)
      for part in structure.parts {
        #expect(part.bodyRange.upperBound <= bytes.count && part.headerRange.lowerBound >= 0)
        _ = try structure.extract(part: part.number)
      }
      _ = structure.fragment()
      if !facts.attachments.isEmpty { withAttachments += 1 }
    }
    #expect(withAttachments > 10)
  }
}
