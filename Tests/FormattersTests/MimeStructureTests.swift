import Foundation
import MailModel
import TestSupport
import Testing

@testable import Formatters

/// Reads `Fixtures/export/<name>`.
func exportFixture(_ name: String) throws -> [UInt8] {
  try Array(Data(contentsOf: Fixture.url("export/\(name)")))
}

/// A message in the inbox with the given bytes.
func message(_ bytes: [UInt8], keywords: [String] = [], date: Int64 = 0) -> Message {
  Message(
    folder: .inbox, bytes: bytes, flags: [.seen], keywords: keywords, internalDate: date,
    dateSource: .fileMtime, sourceID: "test", location: SourceLocation(file: "test"))
}

@Suite struct MimeStructureTests {
  @Test func plainMessageIsPartOne() throws {
    let bytes = try exportFixture("plain.eml")
    let structure = MimeStructure(bytes: bytes)
    #expect(structure.parts.map(\.number) == ["1"])
    let part = try #require(structure.parts.first)
    #expect(part.contentType == "text/plain" && part.charset == "us-ascii")
    #expect(String(decoding: bytes[part.bodyRange], as: UTF8.self).hasPrefix("Hi Bob,"))
  }

  @Test func envelopeFromLineIsPassedOver() {
    let text =
      "From ann@example.com Mon May  2 16:07:05 2005\nSubject: Hi\nFrom: ann@example.com\n\nBody\n"
    let facts = MessageFacts(message: message(Array(text.utf8)))
    #expect(
      facts.subject == "Hi" && facts.from == ["ann@example.com"] && facts.bodyText == "Body\n")
  }

  @Test func unlabelledEightBitHeadersReadAsWindows1252() {
    var bytes = Array("Subject: 5 ".utf8) + [0x80, 0x20, 0x93, 0x6F, 0x6B, 0x94]
    bytes += Array("\nContent-Type: text/plain; name=caf".utf8) + [0xE9] + Array("\n\nx".utf8)
    let structure = MimeStructure(bytes: bytes)
    #expect(TopHeaders(structure).subject == "5 € “ok”")
    #expect(structure.parts.first?.fileName == "café")
  }

  @Test func nestedAlternativeAndAttachments() throws {
    let structure = MimeStructure(bytes: try exportFixture("mixed-attachment.eml"))
    #expect(structure.parts.map(\.number) == ["TEXT", "1", "1.1", "1.2", "2", "3"])
    #expect(
      structure.parts.map(\.contentType) == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf",
        "image/png",
      ])
    let pdf = try #require(structure.part(numbered: "2"))
    #expect(pdf.fileName == "Bericht über 2026.pdf")
    #expect(pdf.disposition == "attachment" && pdf.transferEncoding == "base64")
    #expect(structure.part(numbered: "3")?.fileName == "föto.png")
    #expect(structure.part(numbered: "1.1")?.parent == 1)
    // The line break before a delimiter belongs to the delimiter.
    #expect(structure.text(2) == "See the attached report.")
  }

  @Test func messageRFC822DescendsLikeIMAP() throws {
    let structure = MimeStructure(bytes: try exportFixture("nested-rfc822.eml"))
    #expect(
      structure.parts.map(\.number) == ["TEXT", "1", "2", "2.TEXT", "2.1", "2.2", "3", "3.1"])
    #expect(structure.part(numbered: "2")?.contentType == "message/rfc822")
    #expect(structure.part(numbered: "2.2")?.fileName == "votes.csv")
    #expect(structure.part(numbered: "3.1")?.isMessage == true)
  }

  @Test func digestPartsDefaultToMessages() throws {
    let structure = MimeStructure(bytes: try exportFixture("digest.eml"))
    #expect(structure.parts.map(\.number) == ["TEXT", "1", "1.1", "2", "2.1"])
    #expect(structure.part(numbered: "1")?.contentType == "message/rfc822")
    let first = try #require(structure.parts.firstIndex { $0.number == "1.1" })
    #expect(structure.text(first) == "Body one.")
  }

  @Test func missingClosingBoundaryEndsAtTheEnd() throws {
    let structure = MimeStructure(bytes: try exportFixture("broken-no-close.eml"))
    #expect(structure.parts.map(\.number) == ["TEXT", "1", "2"])
    let data = try structure.extract(part: "2")
    #expect(data.bytes == [0, 1, 2, 3, 4, 5, 6, 7, 8])
    #expect(data.fileName == "data.bin" && data.contentType == "application/octet-stream")
  }

  @Test func boundaryNeverFoundGivesOneTextPart() throws {
    let structure = MimeStructure(bytes: try exportFixture("no-boundary.eml"))
    #expect(structure.parts.map(\.number) == ["TEXT", "1"])
    #expect(structure.text(1).hasPrefix("Just some text"))
  }

  @Test func unknownPartNamesThePartsThereAre() throws {
    let structure = MimeStructure(bytes: try exportFixture("mixed-attachment.eml"))
    let error = #expect(throws: FormattersError.self) { try structure.extract(part: "4.1") }
    #expect(
      error?.description == "the message has no part 4.1; its parts are TEXT, 1, 1.1, 1.2, 2, 3")
  }

  @Test func extractedPDFIsDecoded() throws {
    let structure = MimeStructure(bytes: try exportFixture("mixed-attachment.eml"))
    let pdf = try structure.extract(part: "2")
    #expect(pdf.bytes.starts(with: Array("%PDF-1.4\n".utf8)))
    #expect(pdf.bytes.suffix(6) == ArraySlice("%%EOF\n".utf8))
    #expect(pdf.contentType == "application/pdf" && pdf.fileName == "Bericht über 2026.pdf")
    let forwarded = try MimeStructure(bytes: try exportFixture("nested-rfc822.eml"))
      .extract(part: "3")
    #expect(String(decoding: forwarded.bytes, as: UTF8.self).hasPrefix("From: erin@example.com"))
  }

  @Test func manyPartsAreSplitInOnePass() {
    var text = "Content-Type: multipart/mixed; boundary=\"=_b\"\r\n\r\n"
    for index in 0..<20_000 {
      text += "--=_b \r\nContent-Type: text/plain\r\n\r\npart \(index)\r\n"
    }
    text += "--=_b--\r\nepilogue\r\n"
    let structure = MimeStructure(bytes: Array(text.utf8))
    #expect(structure.parts.count == 20_001)
    #expect(structure.parts.last?.number == "20000")
    #expect(structure.text(20_000) == "part 19999")
  }

  @Test func similarBoundariesAreNotConfused() {
    let text = """
      Content-Type: multipart/mixed; boundary=abc

      --abc
      Content-Type: multipart/alternative; boundary=abcdef

      --abcdef
      Content-Type: text/plain

      inner
      --abcdef--
      --abc
      Content-Type: text/plain; name*=utf-8''%E2%82%AC.txt

      outer
      --abc--
      """
    let structure = MimeStructure(bytes: Array(text.utf8))
    #expect(structure.parts.map(\.number) == ["TEXT", "1", "1.1", "2"])
    #expect(structure.part(numbered: "2")?.fileName == "€.txt")
    #expect(structure.text(2) == "inner" && structure.text(3) == "outer")
  }

  @Test func depthIsLimited() {
    var text = ""
    for level in 0..<200 {
      text += "Content-Type: multipart/mixed; boundary=b\(level)\n\n--b\(level)\n"
      text += "Content-Type: message/rfc822\n\n"
    }
    let structure = MimeStructure(bytes: Array(text.utf8))
    #expect(structure.parts.map(\.depth).max() == MimeStructure.maximumDepth)
  }

  @Test(arguments: ["plain.eml", "alternative.eml", "mixed-attachment.eml", "nested-rfc822.eml"])
  func everyPrefixParsesWithoutTrapping(_ name: String) throws {
    let bytes = try exportFixture(name)
    for length in stride(from: 0, through: bytes.count, by: 7) {
      let structure = MimeStructure(bytes: Array(bytes.prefix(length)))
      #expect(!structure.parts.isEmpty)
      _ = MessageFacts(message: message(Array(bytes.prefix(length))))
    }
  }

  @Test(arguments: ["mixed-attachment.eml", "nested-rfc822.eml", "digest.eml"])
  func mutatedMessagesNeverTrap(_ name: String) throws {
    let original = try exportFixture(name)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33) % bound
    }
    let interesting = Array("-\r\n=?:;\"<>()*'%".utf8)
    for _ in 0..<300 {
      var bytes = original
      for _ in 0..<(1 + next(8)) {
        let at = next(bytes.count)
        switch next(3) {
        case 0: bytes[at] = interesting[next(interesting.count)]
        case 1: bytes.remove(at: at)
        default: bytes.insert(UInt8(truncatingIfNeeded: next(256)), at: at)
        }
      }
      let structure = MimeStructure(bytes: bytes)
      for part in structure.parts {
        #expect(part.headerRange.upperBound <= part.bodyRange.lowerBound)
        #expect(part.bodyRange.upperBound <= bytes.count)
      }
      _ = MessageFacts(message: message(bytes), structure: structure)
      _ = structure.fragment()
    }
  }
}
