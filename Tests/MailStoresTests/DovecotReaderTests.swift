import Foundation
import MailModel
import MailStores
import TestSupport
import Testing

/// Everything one read of a store produced.
struct DovecotRun {
  var messages: [Message]
  var diagnostics: [Diagnostic]

  init(_ reader: any MailStoreReader) throws {
    var messages: [Message] = []
    var diagnostics: [Diagnostic] = []
    try reader.readMessages(diagnostics: { diagnostics.append($0) }, { messages.append($0) })
    self.messages = messages
    self.diagnostics = diagnostics
  }

  func diagnostics(_ code: String) -> [Diagnostic] { diagnostics.filter { $0.code == code } }

  func messages(in folder: String...) -> [Message] {
    messages.filter { $0.folder.components == folder }
  }

  /// The folders in reading order, each once.
  var folders: [String] {
    var seen: [String] = []
    for message in messages where seen.last != message.folder.description {
      seen.append(message.folder.description)
    }
    return seen
  }

  static func subject(_ message: Message) -> String {
    HeaderSection.value(of: "Subject", in: message.bytes)?.trimmingCharacters(in: .whitespaces)
      ?? ""
  }

  func subjects(in folder: String...) -> [String] {
    messages.filter { $0.folder.components == folder }.map(Self.subject)
  }
}

func write(_ text: String, to path: String) throws {
  try FileManager.default.createDirectory(
    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

@Suite struct DovecotReaderTests {
  static let plusPlus = Fixture.path("dovecot/maildir-plusplus")
  static let fsLayout = Fixture.path("dovecot/maildir-fs")

  @Test func maildirPlusPlusInUIDOrderWithSourceIDs() throws {
    let run = try DovecotRun(DovecotReader(root: Self.plusPlus))
    #expect(DovecotReader(root: Self.plusPlus).formatName == "dovecot-maildir")
    #expect(run.folders == ["INBOX", "Archive/2023", "Sent", "Trash"])
    // File-name order would be uid 4, 3, 1, 2, then the new file.
    #expect(
      run.subjects(in: "INBOX") == [
        "INBOX uid 1", "INBOX uid 2", "INBOX uid 3", "INBOX uid 4", "INBOX no uid",
      ])
    #expect(
      run.messages(in: "INBOX").map(\.sourceID) == [
        "uid:1700000000:1", "uid:1700000000:2", "uid:1700000000:3", "uid:1700000000:4",
        "1700004000.M4P400.mx.example.org",
      ])
    // uid 4's file was renamed after the list was written (stale name, other size info).
    #expect(run.messages(in: "INBOX")[3].location.file.hasSuffix(",S=163:2,"))
    // The file the list does not know comes last, with one warning.
    let noUID = run.diagnostics("no-uid")
    #expect(noUID.count == 1)
    #expect(noUID.first?.severity == .warning)
    #expect(noUID.first?.location.file.hasSuffix("new/1700004000.M4P400.mx.example.org") == true)
    // dovecot-keywords as the Maildir reader reads them.
    #expect(run.messages(in: "INBOX")[1].keywords == ["$Forwarded"])
    #expect(run.messages(in: "INBOX")[0].flags == [.answered, .seen])
    #expect(run.messages(in: "Archive", "2023").first?.keywords == ["$Junk"])
    #expect(run.messages(in: "Archive", "2023").first?.sourceID == "uid:1700000002:7")
    #expect(run.subjects(in: "Sent") == ["Sent uid 1", "Sent uid 2"])
    #expect(run.messages(in: "Sent").map(\.sourceID) == ["uid:1700000001:1", "uid:1700000001:2"])
    #expect(run.subjects(in: "Trash") == ["Trash uid 1", "Trash uid 2"])
    #expect(run.diagnostics("not-subscribed").isEmpty)
    #expect(run.diagnostics.allSatisfy { $0.severity != .error })
    // Bytes are the files' bytes.
    for message in run.messages {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: message.location.file)))
      #expect(message.bytes == bytes)
    }
  }

  @Test func subscribedOnlyMaildirPlusPlus() throws {
    var options = ReadOptions()
    options.subscribedOnly = true
    let run = try DovecotRun(DovecotReader(root: Self.plusPlus, options: options))
    #expect(run.folders == ["INBOX", "Archive/2023", "Sent"])
    let ignored = run.diagnostics("not-subscribed")
    #expect(ignored.count == 1)
    #expect(ignored.first?.severity == .ignored)
    #expect(ignored.first?.message.contains("Trash") == true)
    #expect(ignored.first?.message.contains("2 messages") == true)
    #expect(ignored.first?.location.file.hasSuffix("/.Trash") == true)
    // The skipped folder's tmp/ and uidlist are not looked at.
    #expect(run.diagnostics.allSatisfy { !$0.location.file.contains(".Trash/") })
  }

  @Test func layoutFSWithVersion1ListsAndVersion2Subscriptions() throws {
    let run = try DovecotRun(DovecotReader(root: Self.fsLayout))
    #expect(run.folders == ["INBOX", "Entwürfe", "Lists/swift", "Work", "Work/Projects"])
    #expect(run.subjects(in: "INBOX") == ["INBOX uid 1", "INBOX uid 2", "INBOX uid 3"])
    #expect(
      run.messages(in: "INBOX").map(\.sourceID) == [
        "uid:1700000100:1", "uid:1700000100:2", "uid:1700000100:3",
      ])
    #expect(run.subjects(in: "Work") == ["Work uid 1", "Work uid 2"])
    #expect(run.messages(in: "Work", "Projects").map(\.sourceID) == ["uid:1700000102:5"])
    #expect(run.messages(in: "Entwürfe").first?.flags == [.draft, .seen])
    #expect(run.diagnostics("no-uid").isEmpty)
    #expect(run.diagnostics.allSatisfy { $0.severity != .warning && $0.severity != .error })

    var options = ReadOptions()
    options.subscribedOnly = true
    let subscribed = try DovecotRun(DovecotReader(root: Self.fsLayout, options: options))
    #expect(subscribed.folders == ["INBOX", "Entwürfe", "Work", "Work/Projects"])
    let ignored = subscribed.diagnostics("not-subscribed")
    #expect(ignored.count == 1)
    #expect(ignored.first?.message.contains("Lists/swift") == true)
    #expect(ignored.first?.message.contains("3 messages") == true)
  }

  @Test func missingAndCorruptUIDListsFallBackToFileOrder() throws {
    let (temp, root) = try TestFiles.copyFixture("dovecot/maildir-plusplus")
    defer { temp.cleanup() }
    try FileManager.default.removeItem(atPath: root + "/dovecot-uidlist")
    try write("this is not a uidlist\n", to: root + "/.Sent/dovecot-uidlist")
    try write(
      "3 V99 N9\n1 :1672600000.M20P2.mx.example.org\nrubbish\n",
      to: root + "/.Archive.2023/dovecot-uidlist")
    let run = try DovecotRun(DovecotReader(root: root))
    #expect(run.messages.count == 10)
    // INBOX: file-name order, base names as ids, one folder warning (no per-message flood).
    #expect(
      run.subjects(in: "INBOX") == [
        "INBOX uid 4", "INBOX uid 3", "INBOX uid 1", "INBOX uid 2", "INBOX no uid",
      ])
    #expect(run.messages(in: "INBOX").allSatisfy { !$0.sourceID.hasPrefix("uid:") })
    #expect(run.diagnostics("no-uidlist").count == 1)
    #expect(run.diagnostics("no-uid").isEmpty)
    // Sent: unusable list.
    #expect(run.subjects(in: "Sent") == ["Sent uid 2", "Sent uid 1"])
    #expect(run.diagnostics("bad-uidlist").count == 1)
    #expect(run.diagnostics("bad-uidlist").first?.severity == .warning)
    // Archive: a garbage line is reported, the rest of the list used.
    #expect(run.messages(in: "Archive", "2023").first?.sourceID == "uid:99:1")
    #expect(run.diagnostics("uidlist-problems").count == 1)
    #expect(run.diagnostics("uidlist-problems").first?.message.contains("line 3") == true)
  }

  @Test func listWithoutUIDValidityOrdersButKeepsFileNames() throws {
    let (temp, root) = try TestFiles.copyFixture("dovecot/maildir-plusplus")
    defer { temp.cleanup() }
    try write(
      "3 N3\n1 :1700010500.M11P1.mx.example.org\n2 :1700010000.M10P1.mx.example.org\n",
      to: root + "/.Sent/dovecot-uidlist")
    let run = try DovecotRun(DovecotReader(root: root))
    #expect(run.subjects(in: "Sent") == ["Sent uid 1", "Sent uid 2"])
    #expect(
      run.messages(in: "Sent").map(\.sourceID) == [
        "1700010500.M11P1.mx.example.org", "1700010000.M10P1.mx.example.org",
      ])
    #expect(run.diagnostics("no-uidvalidity").count == 1)
  }

  @Test func courierUIDDatabaseAndSubscriptions() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let root = temp.path + "/Maildir"
    let mail = "From: a@example.org\nSubject: courier\n\nbody\n"
    try write(mail, to: root + "/cur/1000.A.host:2,S")
    try write(mail, to: root + "/cur/2000.B.host:2,S")
    try write(mail, to: root + "/.Sent/cur/3000.C.host:2,S")
    try write(mail, to: root + "/.Old/cur/4000.D.host:2,S")
    try write("1 555 3\n1 2000.B.host:2,\n2 1000.A.host\n", to: root + "/courierimapuiddb")
    try write("INBOX.Sent\n", to: root + "/courierimapsubscribed")
    var options = ReadOptions()
    options.subscribedOnly = true
    let run = try DovecotRun(DovecotReader(root: root, options: options))
    #expect(run.messages(in: "INBOX").map(\.sourceID) == ["uid:555:1", "uid:555:2"])
    #expect(run.folders == ["INBOX", "Sent"])
    #expect(run.diagnostics("not-subscribed").first?.message.contains("Old") == true)
    #expect(run.diagnostics("no-uidlist").count == 1)  // .Sent has none
    // Courier's files are not Dovecot's.
    #expect(DovecotReader.looksLikeDovecotMaildir(root) == false)
  }

  @Test func subscribedOnlyWithoutSubscriptionsReadsEverything() throws {
    let (temp, root) = try TestFiles.copyFixture("dovecot/maildir-plusplus")
    defer { temp.cleanup() }
    try FileManager.default.removeItem(atPath: root + "/subscriptions")
    var options = ReadOptions()
    options.subscribedOnly = true
    let run = try DovecotRun(DovecotReader(root: root, options: options))
    #expect(run.folders == ["INBOX", "Archive/2023", "Sent", "Trash"])
    #expect(run.diagnostics("no-subscriptions").count == 1)
  }

  @Test func looksLikeDovecotMaildir() throws {
    #expect(DovecotReader.looksLikeDovecotMaildir(Self.plusPlus))
    #expect(DovecotReader.looksLikeDovecotMaildir(Self.fsLayout))
    #expect(!DovecotReader.looksLikeDovecotMaildir(Fixture.path("mbox-tree/thunderbird")))
    #expect(!DovecotReader.looksLikeDovecotMaildir(Fixture.path("dovecot/mbox-home/mail")))
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let root = temp.path + "/Maildir"
    try write("Subject: x\n\nx\n", to: root + "/cur/1.A.host:2,S")
    #expect(!DovecotReader.looksLikeDovecotMaildir(root))
    try write("0 $Junk\n", to: root + "/.Spam/dovecot-keywords")
    try FileManager.default.createDirectory(
      atPath: root + "/.Spam/cur", withIntermediateDirectories: true)
    #expect(DovecotReader.looksLikeDovecotMaildir(root))
    try FileManager.default.removeItem(atPath: root + "/.Spam/dovecot-keywords")
    try write("", to: root + "/dovecot.index.log")
    #expect(DovecotReader.looksLikeDovecotMaildir(root))
  }

  /// The generated corpus (../shared/tools/gen_corpus.py): every message's UID is its
  /// `dovecot-uidlist` entry, and each folder comes in UID order.
  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: DovecotReaderTests.corpusMaildir),
      "corpus-200M absent"))
  func corpusUIDsMatchTheUIDLists() throws {
    var lists: [String: DovecotUidList] = [:]
    var messages = 0
    var lastUID: [String: UInt32] = [:]
    var problems: [String] = []
    try DovecotReader(root: Self.corpusMaildir).readMessages(
      diagnostics: { diagnostic in
        if Self.uidCodes.contains(diagnostic.code) { problems.append(diagnostic.description) }
      },
      { message in
        messages += 1
        let file = message.location.file
        let folderDirectory = ((file as NSString).deletingLastPathComponent as NSString)
          .deletingLastPathComponent
        if lists[folderDirectory] == nil {
          let bytes = try [UInt8](
            Data(contentsOf: URL(fileURLWithPath: folderDirectory + "/dovecot-uidlist")))
          lists[folderDirectory] = try DovecotUidList(parsing: bytes)
        }
        guard let list = lists[folderDirectory], let validity = list.uidValidity,
          let uid = list.uid(forFileName: (file as NSString).lastPathComponent)
        else {
          problems.append("\(file): no UID in the list")
          return
        }
        if message.sourceID != "uid:\(validity):\(uid)" {
          problems.append("\(file): sourceID \(message.sourceID)")
        }
        if let last = lastUID[folderDirectory], last >= uid {
          problems.append("\(file): UID \(uid) after \(last)")
        }
        lastUID[folderDirectory] = uid
      })
    #expect(problems.isEmpty, "\(problems.prefix(5))")
    #expect(messages > 1000)
    #expect(lists.values.map(\.records.count).reduce(0, +) == messages)
  }

  static let corpusMaildir = Fixture.packageRoot.path + "/bench-out/corpus-200M/Maildir"
  static let uidCodes: Set<String> = [
    "no-uid", "no-uidlist", "bad-uidlist", "uidlist-problems", "duplicate-uid", "no-uidvalidity",
  ]
}

@Suite struct DovecotMboxReaderTests {
  static let mail = Fixture.path("dovecot/mbox-home/mail")
  static let spool = Fixture.path("dovecot/mbox-home/spool-inbox")

  static func options(inbox: String? = spool, subscribedOnly: Bool = false) -> ReadOptions {
    var options = ReadOptions()
    options.inboxFile = inbox
    options.subscribedOnly = subscribedOnly
    return options
  }

  @Test func mailDirectoryWithSeparateInbox() throws {
    let reader = DovecotMboxReader(root: Self.mail, options: Self.options())
    #expect(reader.formatName == "dovecot-mbox")
    let run = try DovecotRun(reader)
    #expect(run.folders == ["INBOX", "Archive/2023", "Junk", "Sent"])
    #expect(run.subjects(in: "INBOX") == ["spool uid 1", "spool uid 2", "spool uid 4"])
    #expect(
      run.messages(in: "INBOX").map(\.sourceID) == [
        "uid:1700000300:1", "uid:1700000300:2", "uid:1700000300:4",
      ])
    #expect(run.messages(in: "INBOX").allSatisfy { $0.location.file == Self.spool })
    let inbox = run.messages(in: "INBOX")
    #expect(inbox[0].flags == [.seen])
    #expect(inbox[1].flags == [.seen, .answered, .flagged])
    #expect(inbox[1].keywords == ["Work"])
    #expect(inbox[2].flags == [])
    // Bogus is not listed in X-IMAPbase: Dovecot ignores it, so do we.
    #expect(inbox[2].keywords == ["$Forwarded"])
    #expect(run.diagnostics("untrusted-keyword").count == 1)
    #expect(run.diagnostics("untrusted-keyword").first?.message.contains("Bogus") == true)
    // The bookkeeping headers are gone from the bytes.
    for message in run.messages {
      let text = String(decoding: message.bytes, as: UTF8.self)
      for header in ["X-UID:", "X-IMAPbase:", "X-Keywords:", "Status:", "Content-Length:"] {
        #expect(!text.contains("\n" + header), "\(header) left in \(DovecotRun.subject(message))")
      }
    }
    // Content-Length keeps the unescaped From line inside Sent's first message.
    #expect(run.subjects(in: "Sent") == ["Sent uid 1", "Sent uid 2"])
    #expect(run.messages(in: "Sent").map(\.sourceID) == ["uid:1700000301:1", "uid:1700000301:2"])
    #expect(
      String(decoding: run.messages(in: "Sent")[0].bytes, as: UTF8.self).contains(
        "\nFrom bob@example.org Sat Nov 18 10:30:00 2023\n"))
    // UW-IMAP pseudo message: skipped, its X-IMAP gives UIDVALIDITY and keywords.
    #expect(run.subjects(in: "Archive", "2023") == ["Archive 2023 uid 6", "Archive 2023 uid 7"])
    #expect(
      run.messages(in: "Archive", "2023").map(\.sourceID) == [
        "uid:1700000302:6", "uid:1700000302:7",
      ])
    #expect(run.messages(in: "Archive", "2023")[0].keywords == ["Later"])
    #expect(run.diagnostics("folder-internal-data").count == 1)
    // Index directory and subscriptions file are not mail.
    #expect(run.diagnostics("index-directory").first?.location.file.hasSuffix("/.imap") == true)
    #expect(
      run.diagnostics("index-file").contains { $0.location.file.hasSuffix("/.subscriptions") })
    #expect(run.diagnostics.allSatisfy { $0.severity != .error })
  }

  @Test func subscribedOnly() throws {
    let run = try DovecotRun(
      DovecotMboxReader(root: Self.mail, options: Self.options(subscribedOnly: true)))
    #expect(run.folders == ["INBOX", "Archive/2023", "Sent"])
    let ignored = run.diagnostics("not-subscribed")
    #expect(ignored.count == 1)
    #expect(ignored.first?.severity == .ignored)
    #expect(ignored.first?.message.contains("Junk") == true)
    #expect(ignored.first?.message.contains("2 messages") == true)
  }

  @Test func withoutInboxFileAndWithAnInboxInTheDirectory() throws {
    let without = try DovecotRun(
      DovecotMboxReader(root: Self.mail, options: Self.options(inbox: nil)))
    #expect(without.folders == ["Archive/2023", "Junk", "Sent"])

    let (temp, root) = try TestFiles.copyFixture("dovecot/mbox-home/mail")
    defer { temp.cleanup() }
    try FileManager.default.copyItem(atPath: Self.spool, toPath: root + "/inbox")
    let local = try DovecotRun(DovecotMboxReader(root: root, options: Self.options(inbox: nil)))
    #expect(local.folders == ["INBOX", "Archive/2023", "Junk", "Sent"])
    #expect(local.messages(in: "INBOX").count == 3)

    // Both: the spool is INBOX, the directory's file becomes a folder of its own name.
    let both = try DovecotRun(DovecotMboxReader(root: root, options: Self.options()))
    #expect(both.messages(in: "INBOX").allSatisfy { $0.location.file == Self.spool })
    #expect(both.messages(in: "inbox").count == 3)
    #expect(both.diagnostics("inbox-name-clash").count == 1)

    // --inbox naming the directory's own inbox file: read once, as INBOX.
    let same = try DovecotRun(
      DovecotMboxReader(root: root, options: Self.options(inbox: root + "/inbox")))
    #expect(same.folders == ["INBOX", "Archive/2023", "Junk", "Sent"])
    #expect(same.messages(in: "INBOX").count == 3)
    #expect(same.diagnostics("inbox-name-clash").isEmpty)
  }

  @Test func missingSpoolIsAnErrorButTheRestIsRead() throws {
    let run = try DovecotRun(
      DovecotMboxReader(root: Self.mail, options: Self.options(inbox: "/nonexistent/spool")))
    #expect(run.diagnostics("unreadable-inbox").first?.severity == .error)
    #expect(run.folders == ["Archive/2023", "Junk", "Sent"])
  }

  @Test func uidsMustIncrease() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let mbox = """
      From a@example.org Tue Nov 14 22:13:20 2023
      X-IMAPbase: 9 0000000005
      X-UID: 5
      Subject: one

      one

      From a@example.org Tue Nov 14 22:13:21 2023
      X-UID: 3
      Subject: two

      two

      From a@example.org Tue Nov 14 22:13:22 2023
      Subject: three

      three

      """
    try write(mbox, to: temp.path + "/mail/Folder")
    try write("", to: temp.path + "/mail/.subscriptions")
    let run = try DovecotRun(DovecotMboxReader(root: temp.path + "/mail"))
    let ids = run.messages.map(\.sourceID)
    #expect(ids.count == 3)
    #expect(ids.first == "uid:9:5")
    #expect(ids.dropFirst().allSatisfy { $0.hasPrefix("offset:") })
    #expect(run.diagnostics("uid-not-increasing").count == 1)
  }

  @Test func looksLikeDovecotMbox() throws {
    #expect(DovecotMboxReader.looksLikeDovecotMbox(Self.mail))
    #expect(!DovecotMboxReader.looksLikeDovecotMbox(Fixture.path("mbox-tree/thunderbird")))
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try FileManager.default.copyItem(atPath: Self.mail + "/Sent", toPath: temp.path + "/Sent")
    #expect(DovecotMboxReader.dovecotEvidence(temp.path)?.contains("X-IMAPbase") == true)
  }
}

@Suite struct DovecotDetectionTests {
  @Test func maildirs() throws {
    let plusPlus = try #require(
      try DovecotDetection.detect(Fixture.path("dovecot/maildir-plusplus"), options: ReadOptions()))
    #expect(plusPlus.format == "dovecot-maildir")
    #expect(plusPlus.reader is DovecotReader)
    #expect(
      plusPlus.reason
        == "Maildir with dovecot-uidlist (version 3) in 4 of 4 folders, dovecot-keywords in 2")
    let fs = try #require(
      try DovecotDetection.detect(Fixture.path("dovecot/maildir-fs"), options: ReadOptions()))
    #expect(fs.reason == "Maildir with dovecot-uidlist (version 1) in 5 of 5 folders")

    let (temp, root) = try TestFiles.copyFixture("dovecot/maildir-fs")
    defer { temp.cleanup() }
    try write("3 V1 N1\n", to: root + "/Work/dovecot-uidlist")
    try FileManager.default.removeItem(atPath: root + "/Lists/swift/dovecot-uidlist")
    let mixed = try #require(try DovecotDetection.detect(root, options: ReadOptions()))
    #expect(mixed.reason == "Maildir with dovecot-uidlist (versions 1, 3) in 4 of 5 folders")
  }

  @Test func mboxDirectories() throws {
    var options = ReadOptions()
    options.inboxFile = Fixture.path("dovecot/mbox-home/spool-inbox")
    let home = try #require(
      try DovecotDetection.detect(Fixture.path("dovecot/mbox-home/mail"), options: options))
    #expect(home.format == "dovecot-mbox")
    #expect(home.reader is DovecotMboxReader)
    #expect(home.reason.contains(".imap"))
    #expect(home.reason.contains("spool-inbox"))
    #expect(
      try DovecotDetection.detect(Fixture.path("mbox-tree/thunderbird"), options: ReadOptions())
        == nil)
    let spooled = try #require(
      try DovecotDetection.detect(Fixture.path("mbox-tree/thunderbird"), options: options))
    #expect(spooled.format == "dovecot-mbox")
  }

  @Test func notDovecot() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try write("Subject: x\n\nx\n", to: temp.path + "/Maildir/cur/1.A.host:2,S")
    #expect(try DovecotDetection.detect(temp.path + "/Maildir", options: ReadOptions()) == nil)
    #expect(
      try DovecotDetection.detect(
        Fixture.path("dovecot/mbox-home/spool-inbox"), options: ReadOptions()) == nil)
    #expect(try DovecotDetection.detect(temp.path + "/missing", options: ReadOptions()) == nil)
  }

  @Test(arguments: [("sdbox", DboxKind.sdbox), ("mdbox", DboxKind.mdbox)])
  func dboxStopsWithAdvice(_ name: String, _ kind: DboxKind) throws {
    let path = Fixture.path("dovecot/" + name)
    #expect(DboxDetector.detect(path) == kind)
    do {
      _ = try DovecotDetection.detect(path, options: ReadOptions())
      Issue.record("dbox was not refused")
    } catch let error as MailStoreError {
      #expect(error.location.file == path)
      #expect(error.message.contains("doveadm backup -u USER maildir:/path/to/new/Maildir"))
      #expect(
        error.message.contains(
          "doveadm -o mail_location=\(kind.rawValue):\(path) backup -u USER maildir:/path/to/new/Maildir"
        ))
      #expect(error.message.contains("flags and keywords"))
    }
  }

  @Test func dboxDetectionVariants() throws {
    let sdbox = Fixture.path("dovecot/sdbox")
    let mdbox = Fixture.path("dovecot/mdbox")
    #expect(DboxDetector.detect(sdbox + "/mailboxes") == .sdbox)
    #expect(DboxDetector.detect(sdbox + "/mailboxes/INBOX/dbox-Mails") == .sdbox)
    #expect(DboxDetector.detect(sdbox + "/mailboxes/INBOX/dbox-Mails/u.1") == .sdbox)
    #expect(DboxDetector.detect(mdbox + "/storage") == .mdbox)
    #expect(DboxDetector.detect(mdbox + "/storage/m.1") == .mdbox)
    #expect(DboxDetector.detect(Fixture.path("dovecot/maildir-plusplus")) == nil)
    #expect(DboxDetector.detect(Fixture.path("dovecot/mbox-home/mail")) == nil)
    #expect(DboxDetector.detect(Fixture.path("dovecot/mbox-home/spool-inbox")) == nil)
    #expect(DboxDetector.detect(Fixture.path("maildir")) == nil)

    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    // An sdbox tree whose mailboxes are all empty: only dbox-Mails directories.
    try FileManager.default.createDirectory(
      atPath: temp.path + "/empty/mailboxes/INBOX/dbox-Mails", withIntermediateDirectories: true)
    #expect(DboxDetector.detect(temp.path + "/empty") == .sdbox)
    // A copied dbox-Mails directory under another name.
    try FileManager.default.copyItem(
      atPath: sdbox + "/mailboxes/INBOX/dbox-Mails", toPath: temp.path + "/copied")
    #expect(DboxDetector.detect(temp.path + "/copied") == .sdbox)
    // A u.N-named file that is not dbox is not enough on its own.
    try write("From a@b Tue Nov 14 22:13:20 2023\n\nx\n", to: temp.path + "/u.1")
    #expect(DboxDetector.detect(temp.path + "/u.1") == nil)
  }

  @Test func adviceNamesTheMailRootAndQuotesPaths() {
    let advice = DboxDetector.conversionAdvice(path: "/srv/mail/user one/storage/", kind: .mdbox)
    #expect(advice.contains("doveadm -o 'mail_location=mdbox:/srv/mail/user one' backup -u USER"))
    #expect(advice.contains("-o mail_driver=mdbox -o 'mail_path=/srv/mail/user one'"))
    let plain = DboxDetector.conversionAdvice(path: "/srv/mail/u/mailboxes", kind: .sdbox)
    #expect(
      plain.contains(
        "doveadm -o mail_location=sdbox:/srv/mail/u backup -u USER maildir:/path/to/new/Maildir"))
  }
}
