import Foundation
import MailModel
import MailStores
import TestSupport
import Testing

@Suite struct EmlxReaderTests {
  typealias Files = TestFiles

  static let mail = Fixture.path("emlx/Mail")
  static let account = Fixture.path("emlx/Mail/V10/ACCOUNT")

  /// An `.emlx` file: byte count line, message, property list.
  static func emlx(_ message: [UInt8], plist: String, countLine: String? = nil) -> [UInt8] {
    Array((countLine ?? "\(message.count)\n").utf8) + message + Array(plist.utf8)
  }

  static func plist(_ body: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
    <plist version="1.0">
    <dict>
    \(body)
    </dict>
    </plist>

    """
  }

  /// The framed slice of an `.emlx` file, found independently of the reader.
  static func framedSlice(_ path: String) throws -> (bytes: [UInt8], start: Int) {
    let file = try Files.bytes(path)
    let newline = try #require(file.firstIndex(of: 10))
    let count = try #require(
      Int(String(decoding: file[..<newline], as: UTF8.self).trimmingWhitespace()))
    return (Array(file[(newline + 1)..<(newline + 1 + count)]), newline + 1)
  }

  // MARK: - The Apple Mail fixture

  @Test func foldersAndOrder() throws {
    let run = try EmlRun.emlx(Self.mail)
    #expect(
      run.subjects == [
        "Apple one read", "Apple two unread flagged answered", "Apple ten draft forwarded deleted",
        "Projects twenty", "Alpha twenty-one", "Sent without date-received",
      ])
    #expect(
      run.messages.map(\.folder) == [
        .inbox, .inbox, .inbox, FolderPath(["Projects"]), FolderPath(["Projects", "Alpha"]),
        FolderPath(["Sent Messages"]),
      ])
    #expect(EmlxReader(root: Self.mail).formatName == "emlx")
    #expect(
      run.message("Apple one read")?.sourceID
        == "V10/ACCOUNT/INBOX.mbox/7D3B1C2E-0000-4000-8000-000000000001/Data/Messages/1.emlx")
  }

  @Test func bytesAreExactlyTheFramedSlice() throws {
    let run = try EmlRun.emlx(Self.mail)
    #expect(run.messages.count == 6)
    for message in run.messages {
      let (slice, start) = try Self.framedSlice(message.location.file)
      #expect(message.bytes == slice, "\(message.location)")
      #expect(message.location.offset == Int64(start))
      #expect(message.transformations.isEmpty)
      #expect(
        message.bytes.starts(with: Array("Received: ".utf8))
          || message.bytes.starts(with: Array("From: ".utf8))
      )
      #expect(message.bytes.firstRange(of: Array("<?xml".utf8)) == nil)
    }
    // The padded count line ("NNN       \n") and CRLF messages are framed the same way.
    let one = try #require(run.message("Apple one read"))
    #expect(
      try Files.bytes(one.location.file)[(one.bytes.count.description.count)] == UInt8(ascii: " "))
    let crlf = try #require(run.message("Apple ten draft forwarded deleted"))
    #expect(crlf.bytes.filter { $0 == 13 }.count == crlf.bytes.filter { $0 == 10 }.count)
  }

  @Test func flagsFromThePropertyList() throws {
    let run = try EmlRun.emlx(Self.mail)
    let expected: [(String, MessageFlags)] = [
      ("Apple one read", [.seen]),
      ("Apple two unread flagged answered", [.answered, .flagged]),
      ("Apple ten draft forwarded deleted", [.seen, .deleted, .draft, .forwarded]),
      ("Projects twenty", [.seen]),
      ("Alpha twenty-one", []),
      ("Sent without date-received", [.seen]),
    ]
    for (subject, flags) in expected {
      #expect(run.message(subject)?.flags == flags, "flags of \(subject)")
    }
    let unread = try EmlRun.emlx(Self.mail, ReadOptions(markAllUnread: true))
    #expect(unread.messages.allSatisfy { !$0.flags.contains(.seen) })
    #expect(
      unread.message("Apple ten draft forwarded deleted")?.flags == [.deleted, .draft, .forwarded])
  }

  @Test func flagBits() {
    #expect(EmlxFile.messageFlags(0) == [])
    #expect(EmlxFile.messageFlags(1 << 0) == [.seen])
    #expect(EmlxFile.messageFlags(1 << 1) == [.deleted])
    #expect(EmlxFile.messageFlags(1 << 2) == [.answered])
    #expect(EmlxFile.messageFlags(1 << 3) == [])  // encrypted
    #expect(EmlxFile.messageFlags(1 << 4) == [.flagged])
    #expect(EmlxFile.messageFlags(1 << 5) == [])  // recent
    #expect(EmlxFile.messageFlags(1 << 6) == [.draft])
    #expect(EmlxFile.messageFlags(1 << 7) == [])  // initial
    #expect(EmlxFile.messageFlags(1 << 8) == [.forwarded])
    // Redirected, attachment count, priority, junk …: none maps to a flag.
    #expect(EmlxFile.messageFlags(0x7FFF_FE00) == [])
  }

  @Test(arguments: [DatePreference?.none, .received, .date, .mtime])
  func dateReceivedIsTheInternalDate(_ preference: DatePreference?) throws {
    let (temp, root) = try Files.fixtureCopy("emlx/Mail", mtime: 1_500_000_000)
    defer { temp.cleanup() }
    let run = try EmlRun.emlx(root, ReadOptions(dateFrom: preference))
    let expected: [(String, Int64)] = [
      ("Apple one read", 1_672_740_000),
      ("Apple two unread flagged answered", 1_672_741_234),  // <real>1672741234.75</real>
      ("Apple ten draft forwarded deleted", 1_672_743_600),
      ("Projects twenty", 1_672_909_200),
      ("Alpha twenty-one", 1_672_995_600),
    ]
    for (subject, date) in expected {
      let message = try #require(run.message(subject))
      #expect(message.internalDate == date, "date of \(subject)")
      #expect(message.dateSource == .emlxDateReceived)
    }
    // No date-received: the headers (here only Date:), or the mtime when asked for.
    let sent = try #require(run.message("Sent without date-received"))
    if preference == .mtime {
      #expect(sent.internalDate == 1_500_000_000)
      #expect(sent.dateSource == .fileMtime)
    } else {
      #expect(sent.internalDate == Files.utc(2023, 1, 7, 18, 0))
      #expect(sent.dateSource == .dateHeader)
    }
    #expect(run.diagnostics("no-date").isEmpty)
  }

  @Test func diagnostics() throws {
    let run = try EmlRun.emlx(Self.mail)
    #expect(
      run.codeCounts == ["index-file": 4, "attachment-file": 2, "partial-emlx": 1, "bad-emlx": 2])
    let partial = try #require(run.diagnostics("partial-emlx").first)
    #expect(partial.severity == .skipped)
    #expect(
      partial.message
        == "partial emlx: attachments stored apart (.emlxpart); not supported, "
        + "export the mailbox from Apple Mail as mbox")
    #expect(partial.location.file.hasSuffix("/3.partial.emlx"))
    #expect(run.has("attachment-file", at: "/3.2.emlxpart"))
    #expect(run.has("attachment-file", at: "/Data/2/Attachments"))
    #expect(run.diagnostics("attachment-file").allSatisfy { $0.severity == .ignored })
    #expect(run.has("index-file", at: "/INBOX.mbox/Info.plist"))
    #expect(run.has("index-file", at: "/INBOX.mbox/.mboxCache.plist"))
    #expect(run.has("index-file", at: "/Projects.mbox/Info.plist"))
    #expect(run.has("index-file", at: "/MailData/Envelope Index"))
    // The .eml under Attachments/ is not a message.
    #expect(!run.messages.contains { EmlRun.subject($0) == "Attachment that is an eml" })
  }

  @Test func badByteCountsAreSkippedWithTheirOffset() throws {
    let run = try EmlRun.emlx(Self.mail)
    let bad = run.diagnostics("bad-emlx")
    #expect(bad.count == 2)
    #expect(bad.allSatisfy { $0.severity == .skipped })
    let short = try #require(bad.first { $0.location.file.hasSuffix("/4.emlx") })
    let shortFile = try Files.bytes(short.location.file)
    #expect(short.location.offset == Int64(shortFile.count))
    #expect(short.message.contains("short"))
    let long = try #require(bad.first { $0.location.file.hasSuffix("/5.emlx") })
    let longFile = try Files.bytes(long.location.file)
    let newline = try #require(longFile.firstIndex(of: 10))
    let count = try #require(Int(String(decoding: longFile[..<newline], as: UTF8.self)))
    #expect(long.location.offset == Int64(newline + 1 + count))
    #expect(long.message.contains("does not match"))
  }

  @Test func nestedMailboxRootsAndTheSameTreeThroughEmlTreeReader() throws {
    let inbox = try EmlRun.emlx(Self.account + "/INBOX.mbox")
    #expect(inbox.messages.count == 3)
    #expect(inbox.messages.allSatisfy { $0.folder == .inbox })
    let projects = try EmlRun.emlx(Self.account + "/Projects.mbox")
    #expect(
      projects.messages.map(\.folder) == [
        FolderPath(["Projects"]), FolderPath(["Projects", "Alpha"]),
      ])
    let alpha = try EmlRun.emlx(Self.account + "/Projects.mbox/Alpha.mbox")
    #expect(alpha.messages.map(\.folder) == [FolderPath(["Alpha"])])

    let viaEmlx = try EmlRun.emlx(Self.mail)
    let viaTree = try EmlRun.tree(Self.mail)
    #expect(viaTree.subjects == viaEmlx.subjects)
    #expect(viaTree.messages.map(\.bytes) == viaEmlx.messages.map(\.bytes))
    #expect(viaTree.messages.map(\.flags) == viaEmlx.messages.map(\.flags))
    #expect(viaTree.codeCounts == viaEmlx.codeCounts)
  }

  @Test func sameMailboxInTwoAccountsIsMergedWithAWarning() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let p = Self.plist("<key>flags</key><integer>1</integer>")
    try Files.make(
      temp.path,
      [
        "V10/A1/INBOX.mbox/Messages/1.emlx": Self.emlx(Files.mail("first account"), plist: p),
        "V10/A2/INBOX.mbox/Messages/1.emlx": Self.emlx(Files.mail("second account"), plist: p),
        "V10/A2/Work.mbox/Messages/2.emlx": Self.emlx(Files.mail("work"), plist: p),
      ])
    let run = try EmlRun.emlx(temp.path)
    #expect(run.subjects == ["first account", "second account", "work"])
    #expect(run.messages.map(\.folder) == [.inbox, .inbox, FolderPath(["Work"])])
    #expect(run.diagnostics("duplicate-folder").count == 1)
    #expect(run.diagnostics.count == 1)
  }

  @Test func propertyListWithoutFlagsOrUnreadable() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let unread = Files.mail("no flags key", headers: "Status: O\n")
    let broken = Files.mail("broken plist")
    let empty: [UInt8] = []
    try Files.make(
      temp.path,
      [
        "X.mbox/Messages/1.emlx": Self.emlx(
          unread, plist: Self.plist("<key>date-received</key><integer>1672740000</integer>")),
        "X.mbox/Messages/2.emlx": Self.emlx(
          broken, plist: "<?xml version=\"1.0\"?><plist><dict><key>flags"),
        "X.mbox/Messages/3.emlx": Self.emlx(empty, plist: Self.plist("")),
        "X.mbox/Messages/4.emlx": [],
      ])
    let run = try EmlRun.emlx(temp.path)
    #expect(run.subjects == ["no flags key", "broken plist"])
    #expect(run.message("no flags key")?.flags == [])
    #expect(run.message("no flags key")?.internalDate == 1_672_740_000)
    #expect(run.message("broken plist")?.flags == [.seen])
    #expect(run.message("broken plist")?.bytes == broken)
    #expect(run.message("broken plist")?.dateSource == .dateHeader)
    #expect(run.diagnostics("emlx-plist").count == 1)
    #expect(run.diagnostics("emlx-plist").first?.severity == .warning)
    #expect(run.diagnostics("empty-file").count == 2)
  }

  // MARK: - EmlxFile.parse

  struct FramingCase: Sendable, CustomStringConvertible {
    var name: String
    var bytes: [UInt8]
    var range: Range<Int>?
    var errorOffset: Int64?
    var description: String { name }
  }

  static let plistTail = Array(plist("<key>flags</key><integer>1</integer>").utf8)

  static let framingCases: [FramingCase] = [
    FramingCase(name: "plain", bytes: Array("5\nHello".utf8) + plistTail, range: 2..<7),
    FramingCase(name: "padded", bytes: Array("5         \nHello".utf8) + plistTail, range: 11..<16),
    FramingCase(name: "crlf count line", bytes: Array("5\r\nHello".utf8) + plistTail, range: 3..<8),
    FramingCase(
      name: "newline before plist", bytes: Array("5\nHello\n\n".utf8) + plistTail, range: 2..<7),
    FramingCase(
      name: "bare plist tag", bytes: Array("5\nHello<plist version=\"1.0\"><dict/></plist>".utf8),
      range: 2..<7),
    FramingCase(
      name: "file shorter", bytes: Array("5000\nHello".utf8) + plistTail,
      errorOffset: Int64(10 + plistTail.count)
    ),
    FramingCase(name: "plist missing", bytes: Array("5\nHello".utf8), errorOffset: 7),
    FramingCase(name: "only spaces after", bytes: Array("5\nHello \n ".utf8), errorOffset: 7),
    FramingCase(name: "count too small", bytes: Array("3\nHello".utf8) + plistTail, errorOffset: 5),
    FramingCase(name: "no count", bytes: Array("Hello\n".utf8) + plistTail, errorOffset: 0),
    FramingCase(name: "empty", bytes: [], errorOffset: 0),
    FramingCase(name: "no line feed", bytes: Array("12".utf8), errorOffset: 2),
    FramingCase(
      name: "huge count", bytes: Array("99999999999999999999999\nx".utf8), errorOffset: 18),
  ]

  @Test(arguments: framingCases)
  func framing(_ testCase: FramingCase) throws {
    if let range = testCase.range {
      let file = try EmlxFile.parse(testCase.bytes)
      #expect(file.messageRange == range)
      #expect(file.plistProblem == nil)
    } else {
      let error = #expect(throws: EmlxFormatError.self) { try EmlxFile.parse(testCase.bytes) }
      #expect(error?.offset == testCase.errorOffset)
    }
  }

  @Test func propertyListValues() throws {
    let integer = try EmlxFile.parse(
      Array("1\nx".utf8)
        + Array(
          Self.plist(
            "<key>flags</key><integer>8590195713</integer>"
              + "<key>date-received</key><integer>1672740000</integer>"
              + "<key>date-sent</key><real>1672739990.9</real>"
          ).utf8))
    #expect(integer.flags == 8_590_195_713)
    #expect(integer.dateReceived == 1_672_740_000)
    #expect(integer.dateSent == 1_672_739_990)
    let zero = try EmlxFile.parse(
      Array("1\nx".utf8) + Array(Self.plist("<key>date-received</key><integer>0</integer>").utf8))
    #expect(zero.dateReceived == nil)
    #expect(zero.flags == nil)
    let broken = try EmlxFile.parse(Array("1\nx<?xml version=\"1.0\"?><plist><dict><key>".utf8))
    #expect(broken.plistProblem != nil)
    #expect(broken.messageRange == 2..<3)
  }

  // MARK: - Detection

  @Test func detection() throws {
    #expect(EmlxReader.looksLikeAppleMail(Self.mail))
    #expect(EmlxReader.looksLikeAppleMail(Self.account + "/Projects.mbox"))
    #expect(!EmlxReader.looksLikeAppleMail(Fixture.path("eml/exchange")))
    #expect(!EmlxReader.looksLikeAppleMail(Fixture.path("maildir")))
    let reason = try #require(EmlxReader.detectionReason(Self.mail))
    #expect(reason.contains(".emlx") && !reason.contains("\n"))
  }
}
