import Foundation
import MailModel
import TestSupport
import Testing

@testable import MailStores

/// Reads a fixture mbox from memory in chunks of `chunkSize`, collecting messages and diagnostics.
func readMbox(
  _ relative: String, chunkSize: Int = 1 << 20, zone: TimeZone? = nil
)
  throws -> (messages: [Message], diagnostics: [Diagnostic], summary: MboxFileSummary)
{
  let zone = try #require(zone ?? TimeZone(identifier: "UTC"))
  let path = Fixture.path(relative)
  let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
  let reader = MboxReader(
    path: path, options: ReadOptions(mboxTimeZone: zone, chunkSize: chunkSize))
  var messages: [Message] = []
  var diagnostics: [Diagnostic] = []
  let summary = try reader.read(
    source: MemoryByteSource(bytes, chunkSize: chunkSize), containerMtime: 1_000_000_000,
    diagnostics: { diagnostics.append($0) }, { messages.append($0) })
  return (messages, diagnostics, summary)
}

func fixtureBytes(_ relative: String) throws -> [UInt8] {
  try [UInt8](Data(contentsOf: Fixture.url(relative)))
}

@Suite struct MboxReaderTests {
  static let chunkSizes = [1, 2, 3, 5, 7, 64, 4096, 1 << 20]

  @Test(arguments: chunkSizes)
  func mboxrdUnquotesAndReadsStatusHeaders(chunkSize: Int) throws {
    let (messages, _, summary) = try readMbox("mbox/mboxrd.mbox", chunkSize: chunkSize)
    #expect(messages.count == 3)
    #expect(messages[0].bytes == (try fixtureBytes("mbox/mboxrd.expected-1.eml")))
    #expect(messages[1].bytes == (try fixtureBytes("mbox/mboxrd.expected-2.eml")))
    #expect(messages[0].flags == [.seen, .answered, .flagged])
    #expect(messages[0].keywords == ["Work", "$label1"])
    #expect(messages[1].flags == [])
    #expect(messages[2].flags == [.seen, .draft, .deleted])
    #expect(
      messages[0].internalDate
        == MailDate.epoch(year: 2023, month: 1, day: 2, hour: 9, minute: 0, second: 0))
    #expect(messages[0].dateSource == .fromLine)
    #expect(messages[0].transformations.contains(.unquotedFrom))
    #expect(messages[0].transformations.contains(.removedMboxHeaders))
    #expect(summary.unquotedLines == 3)
    #expect(summary.variant == "mboxrd")
    #expect(messages[0].sourceID == "offset:0")
  }

  @Test(arguments: chunkSizes)
  func contentLengthKeepsUnescapedFromLinesInBody(chunkSize: Int) throws {
    let (messages, diagnostics, summary) = try readMbox(
      "mbox/dovecot-mboxcl2.mbox", chunkSize: chunkSize)
    #expect(messages.count == 2)
    #expect(messages[0].bytes == (try fixtureBytes("mbox/dovecot-mboxcl2.expected-1.eml")))
    #expect(messages[0].flags == [.seen])
    #expect(messages[1].keywords == ["Later"])
    #expect(summary.variant == "mboxcl2")
    #expect(diagnostics.isEmpty)
  }

  @Test(arguments: chunkSizes)
  func wrongContentLengthFallsBackToScanning(chunkSize: Int) throws {
    let (messages, diagnostics, _) = try readMbox(
      "mbox/bad-content-length.mbox", chunkSize: chunkSize)
    #expect(messages.count == 2)
    #expect(
      diagnostics.contains {
        $0.code == "possibly-truncated" || $0.code == "content-length-ignored"
      })
    let text = String(decoding: messages[0].bytes, as: UTF8.self)
    #expect(!text.contains("Content-Length"))
    #expect(text.hasSuffix("Body text.\n"))
  }

  @Test(arguments: chunkSizes)
  func crlfMessagesKeepTheirLineEndings(chunkSize: Int) throws {
    let (messages, _, summary) = try readMbox("mbox/crlf.mbox", chunkSize: chunkSize)
    #expect(messages.count == 2)
    #expect(messages[0].bytes == (try fixtureBytes("mbox/crlf.expected-1.eml")))
    #expect(summary.crlfMessages == 2)
    #expect(
      messages[1].internalDate
        == MailDate.epoch(year: 2023, month: 1, day: 7, hour: 11, minute: 0, second: 0))
  }

  @Test(arguments: chunkSizes)
  func lastMessageWithoutTrailingNewlineIsKept(chunkSize: Int) throws {
    let (messages, _, _) = try readMbox("mbox/no-trailing-newline.mbox", chunkSize: chunkSize)
    #expect(messages.count == 2)
    #expect(
      String(decoding: messages[1].bytes, as: UTF8.self).hasSuffix("last line without newline"))
    #expect(String(decoding: messages[0].bytes, as: UTF8.self).hasSuffix("\n\nx\n"))
  }

  @Test(arguments: chunkSizes)
  func truncatedLastMessageIsKeptAndReported(chunkSize: Int) throws {
    let (messages, diagnostics, _) = try readMbox("mbox/truncated.mbox", chunkSize: chunkSize)
    #expect(messages.count == 2)
    #expect(diagnostics.contains { $0.code == "possibly-truncated" && $0.location.offset == 184 })
  }

  @Test(arguments: chunkSizes)
  func uwImapPseudoMessageIsSkipped(chunkSize: Int) throws {
    let (messages, diagnostics, _) = try readMbox("mbox/uw-imap.mbox", chunkSize: chunkSize)
    #expect(messages.count == 1)
    #expect(messages[0].flags == [.seen])
    #expect(diagnostics.contains { $0.code == "folder-internal-data" && $0.severity == .ignored })
  }

  @Test(arguments: chunkSizes)
  func trailingNULsAreStripped(chunkSize: Int) throws {
    let (messages, diagnostics, _) = try readMbox("mbox/trailing-nul.mbox", chunkSize: chunkSize)
    #expect(messages.count == 1)
    #expect(!messages[0].bytes.contains(0))
    #expect(messages[0].transformations.contains(.strippedTrailingNUL))
    #expect(diagnostics.contains { $0.code == "trailing-nul" })
  }

  @Test(arguments: chunkSizes)
  func netscapeSeparatorsAndExpungedMessages(chunkSize: Int) throws {
    let (messages, diagnostics, _) = try readMbox("mbox/netscape.mbox", chunkSize: chunkSize)
    #expect(messages.count == 2)
    #expect(messages[0].flags == [.seen])
    #expect(messages[1].flags == [.answered, .flagged])
    #expect(messages[1].keywords == ["$label2", "Later"])
    #expect(diagnostics.filter { $0.code == "expunged" }.count == 1)
    // `From - ` carries no date: the Received/Date header is used.
    #expect(messages[1].dateSource == .dateHeader)
    #expect(!String(decoding: messages[0].bytes, as: UTF8.self).contains("X-Mozilla-Status"))
  }

  // MARK: - Which From lines separate (docs/mbox.md), one test per row of the table

  /// Splits `text` as an mbox at every chunk size and returns each message's text.
  static func split(_ text: String, chunkSize: Int) throws -> [String] {
    let reader = MboxReader(path: "table.mbox", options: ReadOptions(chunkSize: chunkSize))
    var messages: [String] = []
    _ = try reader.read(
      source: MemoryByteSource(Array(text.utf8), chunkSize: chunkSize), containerMtime: 0,
      diagnostics: { _ in }, { messages.append(String(decoding: $0.bytes, as: UTF8.self)) })
    return messages
  }

  static let head = "From: a@example.com\nSubject: s\n\n"

  @Test(arguments: chunkSizes)
  func startOfFileCompleteLineSeparates(chunkSize: Int) throws {
    let messages = try Self.split(
      "From a@example.com Thu Jan 12 10:00:00 2023\n" + Self.head + "body\n", chunkSize: chunkSize)
    #expect(messages == [Self.head + "body\n"])
  }

  @Test(arguments: chunkSizes)
  func afterBlankCompleteLineSeparates(chunkSize: Int) throws {
    let text =
      "From a Thu Jan 12 10:00:00 2023\n" + Self.head + "one\n\n"
      + "From b@example.com Thu Jan 12 11:00:00 2023\n" + Self.head + "two\n"
    #expect(try Self.split(text, chunkSize: chunkSize).count == 2)
  }

  @Test(arguments: chunkSizes)
  func afterBlankOneTokenSeparates(chunkSize: Int) throws {
    let text =
      "From a Thu Jan 12 10:00:00 2023\n" + Self.head + "one\n\nFrom MAILER-DAEMON\n" + Self.head
      + "two\n"
    #expect(try Self.split(text, chunkSize: chunkSize).count == 2)
  }

  @Test(arguments: chunkSizes)
  func afterBlankBareDashSeparates(chunkSize: Int) throws {
    let text = "From - \n" + Self.head + "one\n\nFrom -\nthis is text, not a header\n"
    #expect(try Self.split(text, chunkSize: chunkSize).count == 2)
  }

  @Test(arguments: chunkSizes)
  func afterBlankProseDoesNotSeparate(chunkSize: Int) throws {
    let text = "From - \n" + Self.head + "one\n\nFrom the desk of Alice: hello\n"
    #expect(
      try Self.split(text, chunkSize: chunkSize) == [
        Self.head + "one\n\nFrom the desk of Alice: hello\n"
      ])
  }

  @Test(arguments: chunkSizes)
  func midTextCompleteLineSeparates(chunkSize: Int) throws {
    let text =
      "From - Thu Jan 12 10:00:00 2023\n" + Self.head + "one\n"
      + "From - Thu Jan 12 11:00:00 2023\n" + Self.head + "two\n"
    #expect(
      try Self.split(text, chunkSize: chunkSize) == [Self.head + "one\n", Self.head + "two\n"])
  }

  @Test(arguments: chunkSizes)
  func midTextBareDashBeforeAHeaderSeparates(chunkSize: Int) throws {
    let text = "From - \n" + Self.head + "one\nFrom - \n" + Self.head + "two\n"
    #expect(
      try Self.split(text, chunkSize: chunkSize) == [Self.head + "one\n", Self.head + "two\n"])
  }

  @Test(arguments: chunkSizes)
  func midTextBareDashBeforeTextDoesNotSeparate(chunkSize: Int) throws {
    let text = "From - \n" + Self.head + "one\nFrom -\nthe dash was text\n"
    #expect(try Self.split(text, chunkSize: chunkSize).count == 1)
  }

  @Test(arguments: chunkSizes)
  func midTextOneTokenDoesNotSeparate(chunkSize: Int) throws {
    let text = "From - \n" + Self.head + "notes\nFrom Carol\nSubject: lunch\n"
    #expect(
      try Self.split(text, chunkSize: chunkSize) == [
        Self.head + "notes\nFrom Carol\nSubject: lunch\n"
      ])
  }

  @Test(arguments: chunkSizes)
  func midTextProseDoesNotSeparate(chunkSize: Int) throws {
    let text = "From - \n" + Self.head + "notes\nFrom here on, plain text.\n"
    #expect(try Self.split(text, chunkSize: chunkSize).count == 1)
  }

  @Test(arguments: chunkSizes)
  func headerSectionOneTokenDoesNotCut(chunkSize: Int) throws {
    let text = "From - \nFrom: a@example.com\nFrom Bob\nSubject: s\n\nbody\n"
    #expect(try Self.split(text, chunkSize: chunkSize).count == 1)
  }

  @Test(arguments: chunkSizes)
  func thunderbirdBareFromLinesKeepBodiesWhole(chunkSize: Int) throws {
    let (messages, diagnostics, _) = try readMbox("mbox/bare-from-lines.mbox", chunkSize: chunkSize)
    let subjects = messages.map { HeaderSection.value(of: "Subject", in: $0.bytes) ?? "" }
    #expect(subjects == ["bare one", "bare two", "bare three", "bare four", "bare five"])
    let first = String(decoding: messages[0].bytes, as: UTF8.self)
    #expect(
      first.hasSuffix(
        "From Carol\nand the rest of them.\nFrom the desk of Alice:\nFrom -\nthat was a dash on its own.\n"
      ))
    let third = String(decoding: messages[2].bytes, as: UTF8.self)
    #expect(
      third.hasSuffix("body three\n\nFrom the desk of Bob, a paragraph after a blank line.\n"))
    #expect(!diagnostics.contains { $0.code == "no-header" || $0.severity == .skipped })
  }

  @Test func mboxTimezoneAppliesToZonelessFromLines() throws {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let (messages, _, _) = try readMbox("mbox/mboxrd.mbox", zone: berlin)
    #expect(
      messages[0].internalDate
        == MailDate.epoch(year: 2023, month: 1, day: 2, hour: 8, minute: 0, second: 0))
  }

  @Test func emptyFileHasNoMessagesAndSaysSo() throws {
    let (messages, diagnostics, _) = try readMbox("bad/empty.mbox")
    #expect(messages.isEmpty)
    #expect(diagnostics.first?.code == "empty-mbox")
  }

  @Test(arguments: ["bad/binary.bin", "bad/not-mbox.txt"])
  func nonMboxFilesAreRefusedWithTheirName(relative: String) throws {
    let error = #expect(throws: MailStoreError.self) { try readMbox(relative) }
    #expect(error?.location.file.hasSuffix(relative) == true)
    #expect(error?.location.offset == 0)
  }

  @Test func embeddedNULIsReportedAndKept() throws {
    let (messages, diagnostics, _) = try readMbox("bad/embedded-nul.mbox")
    #expect(messages.count == 1)
    #expect(messages[0].bytes.contains(0))
    #expect(diagnostics.contains { $0.code == "embedded-nul" })
  }

  @Test func unquoteOnlyTouchesQuotedFromLines() {
    let input = Array(">From a\n>>From b\n> From c\nFrom d\n>Fromage\n".utf8)
    let (out, count) = MboxReader.unquoteFrom(input)
    #expect(count == 2)
    #expect(String(decoding: out, as: UTF8.self) == "From a\n>From b\n> From c\nFrom d\n>Fromage\n")
  }

  @Test func readsFromTheFileSystemToo() throws {
    let reader = MboxReader(path: Fixture.path("mbox/mboxrd.mbox"), folder: FolderPath(["Old"]))
    var folders: [FolderPath] = []
    try reader.readMessages(diagnostics: { _ in }, { folders.append($0.folder) })
    #expect(folders == Array(repeating: FolderPath(["Old"]), count: 3))
  }
}

@Suite struct MboxTreeReaderTests {
  @Test func thunderbirdTreeBecomesFolders() throws {
    let reader = MboxTreeReader(root: Fixture.path("mbox-tree/thunderbird"))
    var seen: [String: Int] = [:]
    var diagnostics: [Diagnostic] = []
    try reader.readMessages(
      diagnostics: { diagnostics.append($0) }, { seen[$0.folder.description, default: 0] += 1 })
    #expect(seen == ["INBOX": 2, "Sent": 1, "Archives/2023": 1, "Archives/Résumé": 1])
    #expect(diagnostics.filter { $0.code == "index-file" }.count == 3)
    #expect(diagnostics.contains { $0.code == "empty-mbox" })
    #expect(!diagnostics.contains { $0.severity == .skipped || $0.severity == .error })
  }
}

@Suite struct FromLineDateTests {
  static let utc = TimeZone(identifier: "UTC") ?? .gmt

  @Test(arguments: [
    ("MAILER-DAEMON Thu Jan  1 00:00:00 1970", Int64(0)),
    ("\"user name\"@example.com Mon Jan  2 09:00:00 2023", Int64(1_672_650_000)),
    ("a@b Mon Jan 2 09:00 2023", Int64(1_672_650_000)),
    ("28668125511680@xxx Thu Apr 16 09:53:04 +0000 2015", Int64(1_429_177_984)),
    ("a@b Mon Jan  2 10:00:00 2023 +0100", Int64(1_672_650_000)),
    ("a@b Mon Jan  2 09:00:00 2023 remote from host", Int64(1_672_650_000)),
    ("- Mon, 2 Jan 2023 09:00:00 +0000", Int64(1_672_650_000)),
  ])
  func parsesRealWorldForms(rest: String, expected: Int64) {
    #expect(MailDate.parseFromLine(rest, zone: Self.utc) == expected)
  }

  @Test(arguments: ["here on, plain text.", "the desk of the migration team:", "a@b yesterday"])
  func proseIsNotADate(rest: String) {
    #expect(MailDate.parseFromLine(rest, zone: Self.utc) == nil)
    #expect(!MboxSplitter<MemoryByteSource>.isSeparatorRemainder(rest, zone: Self.utc))
  }
}

/// Messages larger than the splitter's slice size (64 MiB) leave the buffer slice by slice,
/// its pages given back as they go (issue 13, hostile sizes): the bytes must be exactly those of
/// the file, whatever the read size, and the message after it intact.
@Suite struct MboxLargeMessageTests {
  @Test(arguments: [1 << 20, 3 << 20 + 7])
  func aMessageLargerThanASliceComesOutWhole(chunkSize: Int) throws {
    let header = Array("From: a@example.com\nSubject: large\n\n".utf8)
    var body: [UInt8] = []
    body.reserveCapacity(70 << 20)
    var state: UInt64 = 7
    while body.count < 70 << 20 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      body += Array(String(state, radix: 36).utf8) + [10]
    }
    let first = header + body
    let second = Array("From: b@example.com\nSubject: after\n\nsmall\n".utf8)
    let separator = Array("From a@example.com Mon Jan  1 10:00:00 2024\n".utf8)
    let mbox = separator + first + [10] + separator + second
    var messages: [[UInt8]] = []
    let reader = MboxReader(path: "large.mbox", options: ReadOptions(chunkSize: chunkSize))
    _ = try reader.read(
      source: MemoryByteSource(mbox, chunkSize: chunkSize), containerMtime: 0,
      diagnostics: { _ in }, { messages.append($0.bytes) })
    #expect(messages.count == 2)
    #expect(messages.first == first)
    #expect(messages.last == second)
  }
}
