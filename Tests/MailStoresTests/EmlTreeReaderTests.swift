import Foundation
import MailModel
import MailStores
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite struct EmlTreeReaderTests {
  typealias Files = TestFiles

  static let exchange = Fixture.path("eml/exchange")
  static let readpst = Fixture.path("eml/readpst")
  static let readpstE = Fixture.path("eml/readpst-e")

  // MARK: - Exchange / Outlook / Windows Mail export

  @Test func exchangeFoldersAndOrder() throws {
    let run = try EmlRun.tree(Self.exchange)
    #expect(
      run.subjects == [
        "Loose at top", "Inbox one", "Inbox two unread", "Inbox ten crlf", "Text named msg",
        "Report flagged", "Mozilla unread", "Answered and forwarded", "Unsent draft", "Re budget",
      ])
    let folders = run.messages.map(\.folder.description)
    #expect(
      folders == [
        "INBOX", "INBOX", "INBOX", "INBOX", "INBOX", "INBOX/Sub folder", "INBOX/Sub folder",
        "Deleted Items", "Drafts", "Sent Items",
      ])
    #expect(run.message("Loose at top")?.folder == .inbox)
    #expect(run.message("Report flagged")?.folder == FolderPath(["INBOX", "Sub folder"]))
    #expect(run.message("Inbox one")?.sourceID == "Inbox/1.eml")
    #expect(run.message("Inbox ten crlf")?.sourceID == "Inbox/10.Eml")
    #expect(EmlTreeReader(root: Self.exchange).formatName == "eml-tree")
  }

  @Test func emlBytesAreTheFileBytes() throws {
    let run = try EmlRun.tree(Self.exchange)
    for message in run.messages {
      #expect(message.bytes == (try Files.bytes(message.location.file)), "\(message.location)")
      #expect(message.transformations.isEmpty)
    }
    let crlf = try #require(run.message("Inbox ten crlf"))
    let cr = crlf.bytes.filter { $0 == 13 }.count
    #expect(cr > 5 && cr == crlf.bytes.filter { $0 == 10 }.count)
    // State headers stay in the bytes.
    #expect(
      HeaderSection.value(of: "Status", in: try #require(run.message("Inbox two unread")).bytes)
        == "O")
    #expect(
      HeaderSection.value(of: "X-Unsent", in: try #require(run.message("Unsent draft")).bytes)
        == "1")
    #expect(
      HeaderSection.value(
        of: "X-Mozilla-Status", in: try #require(run.message("Report flagged")).bytes) == "0005"
    )
  }

  @Test func readStateAndFlagsFromHeaders() throws {
    let run = try EmlRun.tree(Self.exchange)
    let expected: [(String, MessageFlags)] = [
      ("Loose at top", [.seen]),
      ("Inbox one", [.seen]),
      ("Inbox two unread", []),
      ("Inbox ten crlf", [.seen]),
      ("Text named msg", [.seen]),
      ("Report flagged", [.seen, .flagged]),
      ("Mozilla unread", []),
      ("Answered and forwarded", [.seen, .answered, .forwarded]),
      ("Unsent draft", [.seen, .draft]),
      ("Re budget", [.seen]),
    ]
    for (subject, flags) in expected {
      #expect(run.message(subject)?.flags == flags, "flags of \(subject)")
    }
  }

  @Test func markAllUnreadClearsSeenOnly() throws {
    let run = try EmlRun.tree(Self.exchange, ReadOptions(markAllUnread: true))
    #expect(run.messages.count == 10)
    #expect(run.messages.allSatisfy { !$0.flags.contains(.seen) })
    #expect(run.message("Unsent draft")?.flags == [.draft])
    #expect(run.message("Answered and forwarded")?.flags == [.answered, .forwarded])
  }

  @Test func diagnosticsPerKindOfFile() throws {
    let run = try EmlRun.tree(Self.exchange)
    #expect(
      run.codeCounts == [
        "appledouble": 2, "calendar-file": 1, "contact-file": 1, "outlook-unreadable": 2,
        "empty-file": 1, "expunged": 1, "not-a-message": 1,
      ])
    func severity(_ code: String) -> Set<Diagnostic.Severity> {
      Set(run.diagnostics(code).map(\.severity))
    }
    for code in [
      "appledouble", "calendar-file", "contact-file", "empty-file", "expunged", "not-a-message",
    ] {
      #expect(severity(code) == [.ignored], "\(code)")
    }
    // The two compound files are the signature and counting bytes, not real .msg files: each is
    // read as Outlook's and skipped with libolecf's reason.
    #expect(severity("outlook-unreadable") == [.skipped])
    for diagnostic in run.diagnostics("outlook-unreadable") {
      #expect(diagnostic.message.hasPrefix("Outlook .msg file not readable: "))
    }
    #expect(run.has("outlook-unreadable", at: "/Inbox/Outlook item.msg"))
    #expect(run.has("outlook-unreadable", at: "/Inbox/Saved as eml.eml"))  // CFB under a .eml name
    #expect(run.has("appledouble", at: "/Inbox/._1.eml"))
    #expect(run.has("appledouble", at: "/__MACOSX"))
    #expect(run.has("calendar-file", at: "/Inbox/meeting.ics"))
    #expect(run.has("contact-file", at: "/Inbox/Bob.vcf"))
    #expect(run.has("empty-file", at: "/Deleted Items/placeholder.eml"))
    #expect(run.has("expunged", at: "/Inbox/Sub folder/Old.eml"))
    let notMessage = try #require(run.diagnostics("not-a-message").first)
    #expect(notMessage.location.file.hasSuffix("/notes.txt"))
    #expect(notMessage.message.contains(".txt"))
  }

  // MARK: - Dates

  @Test func defaultDateIsNewestReceivedThenDate() throws {
    let run = try EmlRun.tree(Self.exchange)
    let one = try #require(run.message("Inbox one"))
    #expect(one.internalDate == Files.utc(2023, 1, 3, 9, 0, 5))
    #expect(one.dateSource == .received)
    let sent = try #require(run.message("Re budget"))  // no Received:
    #expect(sent.internalDate == Files.utc(2023, 1, 9, 13, 30))
    #expect(sent.dateSource == .dateHeader)
    #expect(run.diagnostics("no-date").isEmpty)
    let explicit = try EmlRun.tree(Self.exchange, ReadOptions(dateFrom: .received))
    #expect(explicit.messages.map(\.internalDate) == run.messages.map(\.internalDate))
  }

  @Test func dateFromDatePrefersTheDateHeader() throws {
    let run = try EmlRun.tree(Self.exchange, ReadOptions(dateFrom: .date))
    let one = try #require(run.message("Inbox one"))
    #expect(one.internalDate == Files.utc(2023, 1, 3, 8, 59))
    #expect(one.dateSource == .dateHeader)
    let crlf = try #require(run.message("Inbox ten crlf"))
    #expect(crlf.internalDate == Files.utc(2023, 1, 3, 10, 59))
  }

  @Test func dateFromMtimeUsesTheFileTime() throws {
    let (temp, root) = try Files.fixtureCopy("eml/exchange", mtime: 1_600_000_000)
    defer { temp.cleanup() }
    let run = try EmlRun.tree(root, ReadOptions(dateFrom: .mtime))
    #expect(run.messages.count == 10)
    #expect(
      run.messages.allSatisfy { $0.internalDate == 1_600_000_000 && $0.dateSource == .fileMtime })
    #expect(run.diagnostics("no-date").isEmpty)
  }

  @Test(arguments: [DatePreference?.none, .received, .date])
  func noHeaderDateFallsBackToMtime(_ preference: DatePreference?) throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(
      temp.path,
      [
        "undated.eml": Files.mail("Undated", date: nil),
        "bad date.eml": Files.mail("Bad date", date: "sometime last week"),
        "received only.eml": Files.mail(
          "Received only", headers: "Received: by mx; Thu, 12 Jan 2023 08:00:00 +0000\n", date: nil),
      ])
    for name in ["undated.eml", "bad date.eml", "received only.eml"] {
      try Files.setMtime(temp.path + "/" + name, 1_650_000_000)
    }
    let run = try EmlRun.tree(temp.path, ReadOptions(dateFrom: preference))
    for subject in ["Undated", "Bad date"] {
      let message = try #require(run.message(subject))
      #expect(message.internalDate == 1_650_000_000)
      #expect(message.dateSource == .fileMtime)
    }
    let received = try #require(run.message("Received only"))
    #expect(received.internalDate == Files.utc(2023, 1, 12, 8, 0))
    #expect(received.dateSource == .received)
    #expect(run.diagnostics("no-date").count == 2)
    #expect(run.diagnostics("no-date").allSatisfy { $0.severity == .warning })
  }

  // MARK: - readpst

  @Test func readpstNumberedFiles() throws {
    let run = try EmlRun.tree(Self.readpst)
    #expect(run.subjects == ["PST one", "PST two with attachment", "PST ten unread", "PST sent"])
    #expect(run.messages.map(\.folder) == [.inbox, .inbox, .inbox, FolderPath(["Sent Items"])])
    #expect(run.messages.map(\.sourceID) == ["Inbox/1", "Inbox/2", "Inbox/10", "Sent Items/1"])
    for message in run.messages {
      #expect(message.bytes == (try Files.bytes(message.location.file)))
    }
    // readpst writes `Status: RO` for read messages only.
    #expect(run.message("PST one")?.flags == [.seen])
    #expect(run.message("PST ten unread")?.flags == [])
    #expect(run.message("PST sent")?.internalDate == Files.utc(2023, 1, 4, 12, 0))
    #expect(run.message("PST sent")?.dateSource == .dateHeader)
    #expect(
      run.codeCounts == [
        "attachment-file": 2, "contact-file": 1, "calendar-file": 1, "not-a-message": 1,
      ])
    #expect(run.has("attachment-file", at: "/Inbox/2-report.pdf"))
    #expect(run.has("attachment-file", at: "/Inbox/2-attach2"))  // RFC 822, but an attachment
    #expect(run.has("contact-file", at: "/Inbox/3"))
    #expect(run.has("calendar-file", at: "/Calendar/1"))
    #expect(run.has("not-a-message", at: "/Inbox/4"))
    #expect(run.diagnostics.allSatisfy { $0.severity == .ignored })
  }

  @Test func readpstWithExtensions() throws {
    let run = try EmlRun.tree(Self.readpstE)
    #expect(run.subjects == ["PST-e one", "PST-e two"])
    #expect(run.messages.map(\.flags) == [[.seen], []])
    #expect(run.codeCounts == ["msg-copy": 1, "contact-file": 1, "calendar-file": 1])
    #expect(run.has("msg-copy", at: "/Inbox/1.msg"))
  }

  // MARK: - Layout rules

  @Test func inboxRules() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(
      temp.path,
      [
        "top.eml": Files.mail("top"),
        "inbox/in.eml": Files.mail("in lower-case inbox"),
        "inbox/Child/c.eml": Files.mail("child of inbox"),
        "Archive/Inbox/old.eml": Files.mail("nested inbox"),
        "Archive/a.eml": Files.mail("archive"),
      ])
    let run = try EmlRun.tree(temp.path)
    #expect(
      run.subjects == ["top", "in lower-case inbox", "child of inbox", "archive", "nested inbox"])
    #expect(
      run.messages.map(\.folder.description) == [
        "INBOX", "INBOX", "INBOX/Child", "Archive", "Archive/Inbox",
      ])
    #expect(run.diagnostics.isEmpty)
  }

  @Test func twoInboxDirectoriesAreMergedWithAWarning() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(temp.path, ["Inbox/a.eml": Files.mail("a"), "INBOX/b.eml": Files.mail("b")])
    let run = try EmlRun.tree(temp.path)
    #expect(run.messages.count == 2)
    #expect(run.messages.allSatisfy { $0.folder == .inbox })
    let duplicate = try #require(run.diagnostics("duplicate-folder").first)
    #expect(duplicate.severity == .warning)
    #expect(run.diagnostics.count == 1)
  }

  @Test func folderNamesAreKeptAsTheyAre() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(
      temp.path,
      [
        "R&D-&AOQ-/x.eml": Files.mail("mutf7 lookalike"),
        "Entwürfe/y.eml": Files.mail("utf8"),
        "Questions_ why_/z.eml": Files.mail("substituted"),
      ])
    // A directory name that is not UTF-8 (Latin-1 "Café").
    let latin1: [UInt8] = Array(temp.path.utf8) + Array("/Caf".utf8) + [0xE9, 0]
    let made = latin1.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) }
    }
    #expect(made == 0)
    var filePath = latin1.dropLast()
    filePath.append(contentsOf: Array("/m.eml".utf8))
    let fd = Array(filePath + [0]).withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
    }
    #expect(fd >= 0)
    let mail = Files.mail("latin1 folder")
    _ = mail.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)

    let run = try EmlRun.tree(temp.path)
    #expect(run.message("mutf7 lookalike")?.folder == FolderPath(["R&D-&AOQ-"]))
    #expect(run.message("utf8")?.folder == FolderPath(["Entwürfe"]))
    #expect(run.message("substituted")?.folder == FolderPath(["Questions_ why_"]))
    let latin = try #require(run.message("latin1 folder"))
    #expect(latin.folder == FolderPath(["Café"]))
    #expect(latin.bytes == mail)
  }

  @Test func naturalOrderWithinAFolder() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let names = ["10", "2", "1", "9.eml", "10.eml", "b.eml", "a.eml", "a10.eml", "a9.eml", "002"]
    try Files.make(
      temp.path, Dictionary(uniqueKeysWithValues: names.map { ("F/" + $0, Files.mail($0)) }))
    let run = try EmlRun.tree(temp.path)
    #expect(
      run.subjects == [
        "1", "002", "2", "9.eml", "10", "10.eml", "a.eml", "a9.eml", "a10.eml", "b.eml",
      ])
  }

  @Test func foldersAreSortedParentsFirst() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(
      temp.path,
      [
        "Zeta/z.eml": Files.mail("zeta"),
        "Alpha/Beta/b.eml": Files.mail("beta"),
        "Alpha/a.eml": Files.mail("alpha"),
        "Inbox/Sub/s.eml": Files.mail("inbox sub"),
        "Inbox/i.eml": Files.mail("inbox"),
      ])
    let run = try EmlRun.tree(temp.path)
    #expect(run.subjects == ["inbox", "inbox sub", "alpha", "beta", "zeta"])
  }

  @Test func outlookMessagesUnderAnyName() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(
      temp.path,
      [
        "a.msg": Files.compoundFile,
        "5": Files.compoundFile,  // readpst-style name, CFB content
        "message.dat": Files.compoundFile,
        "old.doc": Files.compoundFile,  // a Word document, not mail
        "Thumbs.db": Files.compoundFile,
        "text.msg": Files.mail("rfc822 in msg"),
        "junk.msg": Array("just some text\n".utf8),
      ])
    let run = try EmlRun.tree(temp.path)
    #expect(run.subjects == ["rfc822 in msg"])
    #expect(run.diagnostics("outlook-unreadable").count == 3)
    #expect(run.has("outlook-unreadable", at: "/a.msg"))
    #expect(run.has("outlook-unreadable", at: "/5"))
    #expect(run.has("outlook-unreadable", at: "/message.dat"))
    #expect(run.has("not-a-message", at: "/old.doc"))
    #expect(run.has("not-a-message", at: "/junk.msg"))
    #expect(run.has("index-file", at: "/Thumbs.db"))
  }

  @Test func sniffingOfFilesWithoutExtension() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(
      temp.path,
      [
        "1": Array("Return-Path: <a@example.org>\nMessage-ID: <1@x>\n\nbody\n".utf8),
        "2": Array("X-Custom: 1\nX-Other: 2\n\nno message field\n".utf8),
        "3": Array("From a@example.org Tue Jan  3 09:00:00 2023\nSubject: x\n\nbody\n".utf8),
        "4": Array("\u{FEFF}BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n".utf8),
        "5": Array(" Subject: folded first line\n\n".utf8),
        "README": Array("Subject lines below\n".utf8),
        "Archive.mbox": Array("From - Tue Jan  3 09:00:00 2023\nSubject: x\n\nbody\n".utf8),
        "letter.txt": Array("From my desk, hello\n".utf8),
        "6": Array("From my desk, hello\nSubject: x\n".utf8),
      ])
    let run = try EmlRun.tree(temp.path)
    // Files that start with an envelope `From ` line are mbox files and are read (issue 9): a
    // numbered one into its directory's folder, a named one as a folder of its own (top-level
    // at the root, as in an mbox tree).
    #expect(run.messages.map(\.sourceID) == ["1", "3#offset:0", "Archive.mbox#offset:0"])
    #expect(run.messages.map(\.folder.description) == ["INBOX", "INBOX", "Archive"])
    #expect(run.has("not-a-message", at: "/2"))
    #expect(run.has("contact-file", at: "/4"))
    #expect(run.has("not-a-message", at: "/5"))
    #expect(run.has("not-a-message", at: "/README"))
    #expect(run.has("not-a-message", at: "/letter.txt"))
    #expect(run.has("not-a-message", at: "/6"))
    #expect(run.diagnostics("mbox-file").isEmpty)
    #expect(!run.diagnostics.contains { $0.severity == .skipped })
  }

  @Test func emlStartingWithAnEnvelopeIsReadAsAnMbox() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let bytes = Array("From - Tue Jan  3 09:00:00 2023\nSubject: x\n\nbody\n".utf8)
    try Files.make(temp.path, ["odd.eml": bytes])
    let run = try EmlRun.tree(temp.path)
    // The envelope line is the mbox separator, not part of the message (FIDELITY.md).
    #expect(run.messages.map(\.bytes) == [Array("Subject: x\n\nbody\n".utf8)])
    #expect(run.messages.first?.internalDate == 1_672_736_400)
    #expect(run.diagnostics("no-header").isEmpty)
  }

  @Test func trailingNULsAreStrippedAndReported() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let mail = Files.mail("crashed")
    try Files.make(temp.path, ["crashed.eml": mail + [0, 0, 0], "nul.eml": [0, 0, 0, 0]])
    let run = try EmlRun.tree(temp.path)
    let message = try #require(run.message("crashed"))
    #expect(message.bytes == mail)
    #expect(message.transformations == [.strippedTrailingNUL])
    #expect(run.diagnostics("trailing-nul").count == 1)
    #expect(run.has("empty-file", at: "/nul.eml"))
    #expect(run.messages.count == 1)
  }

  @Test func headerStateRules() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(
      temp.path,
      [
        "01.eml": Files.mail("status RO", headers: "Status: RO\n"),
        "02.eml": Files.mail(
          "status wins over mozilla", headers: "Status: O\nX-Mozilla-Status: 0001\n"),
        "03.eml": Files.mail("x-status", headers: "X-Status: AFT\n"),
        "04.eml": Files.mail("x-status deleted", headers: "X-Status: D\n"),
        "05.eml": Files.mail("unsent 0", headers: "X-Unsent: 0\n"),
        "06.eml": Files.mail(
          "libpst unread", headers: "X-libpst-forensic-sender: /O=EXAMPLE/CN=ALICE\n"),
        "07.eml": Files.mail("bad mozilla", headers: "X-Mozilla-Status: zz\n"),
      ])
    let run = try EmlRun.tree(temp.path)
    let expected: [(String, MessageFlags)] = [
      ("status RO", [.seen]),
      ("status wins over mozilla", []),
      ("x-status", [.seen, .answered, .flagged, .draft]),
      ("x-status deleted", [.seen, .deleted]),
      ("unsent 0", [.seen]),
      ("libpst unread", []),
      ("bad mozilla", [.seen]),
    ]
    for (subject, flags) in expected {
      #expect(run.message(subject)?.flags == flags, "flags of \(subject)")
    }
  }

  @Test func symbolicLinkLoopIsReadOnce() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(temp.path, ["A/a.eml": Files.mail("a")])
    try FileManager.default.createSymbolicLink(
      atPath: temp.path + "/A/loop", withDestinationPath: temp.path + "/A")
    try FileManager.default.createSymbolicLink(
      atPath: temp.path + "/dangling.eml", withDestinationPath: "/nonexistent")
    let run = try EmlRun.tree(temp.path)
    #expect(run.subjects == ["a"])
    #expect(run.diagnostics("directory-loop").count == 1)
    #expect(run.has("unreadable", at: "/dangling.eml"))
  }

  @Test func rootMustBeADirectory() throws {
    #expect(throws: MailStoreError.self) { try EmlRun.tree(Fixture.path("eml/exchange/loose.eml")) }
    #expect(throws: MailStoreError.self) { try EmlRun.tree(Fixture.path("eml/no-such-directory")) }
  }

  // MARK: - Detection

  @Test func detection() throws {
    #expect(EmlTreeReader.looksLikeEmlTree(Self.exchange))
    #expect(EmlTreeReader.looksLikeEmlTree(Self.readpst))
    #expect(EmlTreeReader.looksLikeEmlTree(Self.readpstE))
    #expect(!EmlTreeReader.looksLikeEmlTree(Fixture.path("emlx/Mail")))
    #expect(!EmlTreeReader.looksLikeEmlTree(Fixture.path("maildir")))
    #expect(!EmlTreeReader.looksLikeEmlTree(Fixture.path("eml/exchange/loose.eml")))
    let reason = try #require(EmlTreeReader.detectionReason(Self.exchange))
    #expect(reason.contains(".eml") && !reason.contains("\n"))
    let readpstReason = try #require(EmlTreeReader.detectionReason(Self.readpst))
    #expect(readpstReason.contains("readpst") && readpstReason.contains("Calendar/1") == false)
  }

  @Test func detectionLooksOnlyAtTheFirstEntries() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    var files: [String: [UInt8]] = [:]
    for i in 0..<600 { files["a/f\(i).txt"] = [0x41] }
    files["z/deep.eml"] = Files.mail("late")
    try Files.make(temp.path, files)
    #expect(!EmlTreeReader.looksLikeEmlTree(temp.path))
    try Files.make(temp.path, ["b.eml": Files.mail("early")])
    #expect(EmlTreeReader.looksLikeEmlTree(temp.path))
  }
}
