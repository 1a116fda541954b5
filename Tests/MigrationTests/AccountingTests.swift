import Foundation
import MailModel
import MailStores
import Migration
import TestSupport
import Testing
import ZimbraBundle

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Issue 9: read = written + skipped on the terminal, in the report and in the exit status, and
/// verify never says OK over a gap.
@Suite struct AccountingTests {
  @Test(arguments: [
    ("emlx/Mail", ["partial-emlx": 1, "bad-emlx": 2]),
    ("eml/exchange", ["outlook-unreadable": 2]),
  ])
  func skippedMessageFilesAreCountedAndListed(source: String, reasons: [String: Int]) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let report = try Converter(options: convertOptions(.tgz)).convert(
      source: Fixture.path(source), output: dir.path + "/out.tgz")
    let skipped = reasons.values.reduce(0, +)
    #expect(report.messagesSkipped == skipped)
    #expect(report.skipped.count == skipped)
    #expect(report.skippedByReason == reasons)
    #expect(report.messagesRead == report.messagesWritten + report.messagesSkipped)
    #expect(report.accountsForEveryMessage)
    #expect(report.hasProblems)
    let verification = try Verifier(options: convertOptions(.tgz)).verify(
      source: Fixture.path(source), bundle: dir.path + "/out.tgz")
    // The bundle is faithful to what could be written, but the source holds more mail.
    #expect(verification.isComplete)
    #expect(verification.sourceSkipped.count == skipped)
    #expect(!verification.holdsEverySourceMessage)
  }

  @Test func danglingLinkIsSkippedWithItsReason() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let tree = dir.path + "/tree"
    try FileManager.default.createDirectory(
      atPath: tree + "/Inbox", withIntermediateDirectories: true)
    try Data("From: a@example.org\nSubject: s\n\nx\n".utf8).write(
      to: URL(fileURLWithPath: tree + "/Inbox/1.eml"))
    #expect(symlink(tree + "/gone.eml", tree + "/Inbox/2.eml") == 0)
    let report = try Converter(options: convertOptions(.tar)).convert(
      source: tree, output: dir.path + "/t.tar")
    #expect(report.messagesRead == 2)
    #expect(report.messagesWritten == 1)
    #expect(report.skippedByReason == ["unreadable": 1])
    #expect(report.skipped.first?.location.file == tree + "/Inbox/2.eml")
  }

  @Test(arguments: ["mixed/msg-envelopes", "mixed/mh-numbered", "maildir-tree/mbsync"])
  func mixedTreesConvertAndVerifyWhole(source: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let report = try Converter(options: convertOptions(.tgz)).convert(
      source: Fixture.path(source), output: dir.path + "/m.tgz")
    #expect(report.messagesSkipped == 0)
    #expect(report.messagesWritten == (try sourceMessages(Fixture.path(source))).count)
    #expect(report.ignoredByReason["not-mbox"] == nil)
    let verification = try Verifier(options: convertOptions(.tgz)).verify(
      source: Fixture.path(source), bundle: dir.path + "/m.tgz")
    #expect(verification.holdsEverySourceMessage, "\(verification.problems)")
  }
}

@Suite(
  .enabled(
    if: CommandRun.enabled,
    "zmigrate binary not found beside the test bundle (with CI=true this fails instead)"))
struct AccountingCommandLineTests {
  @Test func summaryNamesEachClassNotWrittenAndVerifyExitsOne() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let convert = try CommandRun.zmigrate(
      ["convert", Fixture.path("emlx/Mail"), "-o", "e.tgz"], in: dir.path)
    #expect(convert.status == 1)
    #expect(convert.stdout.contains("wrote 6, skipped 3 (bad-emlx 2, partial-emlx 1)"))
    #expect(convert.stdout.contains("read 9 messages"))
    #expect(convert.stdout.contains("not messages (not written): "))
    let verify = try CommandRun.zmigrate(
      ["verify", Fixture.path("emlx/Mail"), "e.tgz"], in: dir.path)
    #expect(verify.status == 1)
    #expect(verify.stdout.contains("not in the bundle: "))
    #expect(verify.stdout.contains("DIFFERENT: 3 source items not in the bundle"))
    #expect(!verify.stdout.contains("OK:"))
  }

  @Test func directoryOfMaildirsConvertsInsteadOfExitTwo() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let convert = try CommandRun.zmigrate(
      ["convert", Fixture.path("maildir-tree/mbsync"), "-o", "m.tgz"], in: dir.path)
    #expect(convert.status == 0, "\(convert.stdout)\(convert.stderr)")
    #expect(convert.stdout.contains("(maildir-tree)"))
    #expect(convert.stdout.contains("Lists/swift -> Lists/swift: 1"))
    let verify = try CommandRun.zmigrate(
      ["verify", Fixture.path("maildir-tree/mbsync"), "m.tgz"], in: dir.path)
    #expect(verify.status == 0, "\(verify.stdout)")
  }
}
