import Foundation
import TestSupport
import Testing

@testable import Outlook

/// Whether this run should rewrite `Fixtures/outlook/msg/` instead of checking it.
let writeFixtures = ProcessInfo.processInfo.environment["ZMIGRATE_WRITE_FIXTURES"] == "1"

/// The path of the committed fixture `name`.
func msgFixturePath(_ name: String) -> String { Fixture.path("outlook/msg/" + name) }

@Suite(.serialized) struct MsgFixturesTests {
  @Test func committedFixturesAreWhatTheWriterMakes() throws {
    for (name, message) in MsgFixtures.all {
      let bytes = try MsgWriter.bytes(message)
      if writeFixtures {
        try FileManager.default.createDirectory(
          atPath: Fixture.path("outlook/msg"), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: msgFixturePath(name)))
      }
      let committed = try Data(contentsOf: URL(fileURLWithPath: msgFixturePath(name)))
      #expect(Array(committed) == bytes, "\(name) differs from the writer's output")
      #expect(bytes.count <= 16384, "\(name) is \(bytes.count) bytes")
    }
  }

  @Test func fixturesReadBackAsWritten() throws {
    for (name, message) in MsgFixtures.all {
      var problems: [String] = []
      let read = try MsgFile.read(path: msgFixturePath(name), problems: &problems)
      #expect(problems.isEmpty, "\(name): \(problems)")
      #expect(sameMessage(read, message), "\(name)")
    }
  }

  @Test func fixturesHoldWhatTheirNamesSay() throws {
    /// The fixture `name` as read.
    func read(_ name: String) throws -> MapiMessage { try MsgFile.read(path: msgFixturePath(name)) }
    #expect(MsgFixtures.reportText.count == 40)
    #expect(MsgFixtures.logoPNG.count == 67)
    #expect(try read("unread.msg").properties.integer(.messageFlags) == 0)
    let draft = try read("draft.msg").properties
    #expect(draft.integer(.messageFlags) == 9)
    #expect(draft.time(.deliveryTime) == nil)
    let flagged = try read("flagged.msg")
    #expect(flagged.properties.integer(.flagStatus) == 2)
    #expect(flagged.properties.time(.deliveryTime) == MsgFixtures.deliveryTime)
    #expect(flagged.properties.string(.senderEmailAddress) == "ann@example.com")
    #expect(flagged.recipients.first?.string(.emailAddress) == "bob@example.com")
    #expect(flagged.recipients.first?.integer(.recipientType) == 1)
    #expect(try read("replied.msg").properties.integer(.lastVerbExecuted) == 102)
    #expect(try read("forwarded.msg").properties.integer(.lastVerbExecuted) == 104)
    #expect(try read("icon-replied.msg").properties.integer(.iconIndex) == 261)
    #expect(try read("categories.msg").properties.strings(.keywords) == ["Blue Team", "Ünïcode"])
    let ansi = try read("categories-ansi.msg").properties
    #expect(ansi[.keywords]?.type == MapiType(rawValue: 0x101E))
    #expect(ansi.strings(.keywords) == ["Blue Team", "Ünïcode"])
    #expect(try read("high-importance.msg").properties.integer(.importance) == 2)
    #expect(try read("low-importance.msg").properties.integer(.importance) == 0)
    let headers = try #require(try read("with-headers.msg").properties.string(.transportHeaders))
    #expect(headers.contains("Message-ID: <hdr@example.com>\r\n"))
    #expect(headers.hasPrefix("Received: "))
    let html = try read("html-body.msg").properties
    #expect(html.binary(.html) == Array("<html><body><p>Hello <b>HTML</b></p></body></html>".utf8))
    #expect(html.string(.body) != nil)
    let attachments = try read("attachment.msg").attachments
    #expect(
      attachments.map { $0.properties.string(.attachLongFilename) } == ["report.txt", "logo.png"])
    #expect(attachments.last?.properties.string(.attachContentID) == "logo@example")
    #expect(
      attachments.last?.properties.binary(.attachData)?.prefix(4) == [0x89, 0x50, 0x4E, 0x47])
    let embedded = try #require(try read("embedded.msg").attachments.first)
    #expect(embedded.method == 5)
    #expect(embedded.embeddedMessage?.properties.string(.subject) == "Inner message")
    let noDates = try read("no-dates.msg").properties
    #expect(noDates.time(.creationTime) == MsgFixtures.creationTime)
    #expect(noDates.time(.deliveryTime) == nil && noDates.time(.clientSubmitTime) == nil)
    #expect(try read("fai.msg").properties.integer(.messageFlags) == 0x41)
    #expect(try read("cp1251.msg").properties.string(.subject) == "Привет")
    let x500 = try read("x500-sender.msg")
    #expect(x500.properties.string(.senderAddressType) == "EX")
    #expect(x500.properties.string(.senderSMTPAddress) == "ann@example.com")
    #expect(x500.recipients.first?.string(.addressType) == "EX")
    #expect(x500.recipients.first?[.smtpAddress] == nil)
  }

  @Test(.enabled(if: olecfinfoIsPresent, "olecfinfo (libolecf-utils) not installed"))
  func olecfinfoOpensEveryFixture() throws {
    for (name, _) in MsgFixtures.all {
      let run = try ExternalProgram.run("/usr/bin/env", ["olecfinfo", msgFixturePath(name)])
      #expect(run.status == 0, "\(name): \(run.errors)")
    }
  }

  @Test(.enabled(if: olecfexportIsPresent, "olecfexport (libolecf-utils) not installed"))
  func olecfexportFindsTheWritersStreamsInEveryFixture() throws {
    for (name, message) in MsgFixtures.all {
      let directory = try TemporaryDirectory()
      defer { directory.cleanup() }
      let export = try OlecfExport(file: msgFixturePath(name), into: directory)
      /// Checks the exported folder `folder` against the storage `storage`, recursively.
      func check(_ storage: CompoundEntry, _ folder: URL) {
        #expect(export.entries(in: folder) == storage.children.map(\.name).sorted(), "\(name)")
        for child in storage.children {
          if child.isStorage {
            check(child, folder.appendingPathComponent(child.name))
          } else {
            #expect(export.stream(child.name, in: folder) == child.data, "\(name) \(child.name)")
          }
        }
      }
      check(try MsgWriter.tree(message), export.root)
    }
  }
}
