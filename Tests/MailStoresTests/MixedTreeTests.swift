import Foundation
import MailModel
import TestSupport
import Testing

@testable import MailStores

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a source as `zmigrate` would (detected), for the tree tests.
func detectedRun(_ path: String) throws -> (format: String, run: EmlRun) {
  let detected = try SourceDetector.open(path)
  return (detected.format, try EmlRun.read(detected.reader))
}

/// The subject of each message, in reading order.
func subjects(_ run: EmlRun) -> [String] {
  run.messages.map { HeaderSection.value(of: "Subject", in: $0.bytes) ?? "" }
}

/// Issue 9: trees that mix message files, mbox files and Maildirs are read whole.
@Suite struct MixedTreeTests {
  typealias Files = TestFiles
  @Test func msgFilesWithSomeEnvelopesAreAllRead() throws {
    // Outlook Express and old Exchange saved RFC 822 text as .msg; a few begin with an envelope.
    let (format, run) = try detectedRun(Fixture.path("mixed/msg-envelopes"))
    #expect(format == "eml-tree")
    #expect(
      Set(subjects(run)) == [
        "plain msg one", "msg with envelope", "plain msg three", "sent with envelope", "sent plain",
      ])
    let folderOf = Dictionary(
      zip(subjects(run), run.messages.map(\.folder.description)), uniquingKeysWith: { a, _ in a })
    #expect(folderOf["msg with envelope"] == "INBOX")
    #expect(folderOf["sent with envelope"] == "Sent Items")
    #expect(run.diagnostics("not-mbox").isEmpty)
    #expect(!run.diagnostics.contains { $0.severity == .skipped || $0.severity == .ignored })
    // The envelope line is the separator: the message starts at its first header, and the
    // envelope's date is the received date.
    let enveloped = try #require(run.messages.first { $0.sourceID.hasSuffix("0002.msg#offset:0") })
    #expect(enveloped.bytes.starts(with: Array("From: carol@example.net\n".utf8)))
    #expect(enveloped.internalDate == 1_673_343_000)
  }

  @Test func mhNumberedFilesMboxAndEmlTogether() throws {
    let (format, run) = try detectedRun(Fixture.path("mixed/mh-numbered"))
    #expect(format == "eml-tree")
    let folders = Dictionary(
      zip(subjects(run), run.messages.map(\.folder.description)), uniquingKeysWith: { a, _ in a })
    #expect(
      folders == [
        "mh one": "INBOX", "mh two with envelope": "INBOX", "mh three": "INBOX",
        "archived one": "archive", "archived two": "archive", "notes export": "notes",
      ])
    #expect(run.has("hidden-file", at: "/inbox/.mh_sequences"))
    #expect(run.has("not-a-message", at: "/notes/readme.txt"))
  }

  @Test func enronNumberedFilesWithATrailingDot() throws {
    // The CMU Enron corpus: maildir/<user>/<folder>/<N>. files, MH-like, no cur/ or new/.
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let mail = "Message-ID: <1.JavaMail.evans@thyme>\nDate: Mon, 14 May 2001 16:39:00 -0700 (PDT)\n"
    try Files.make(
      temp.path,
      [
        "inbox/1.": Array((mail + "From: p@enron.com\nSubject: one\n\nx\n").utf8),
        "inbox/2.": Array((mail + "From: p@enron.com\nSubject: two\n\nx\n").utf8),
        "sent_items/10.": Array((mail + "From: p@enron.com\nSubject: ten\n\nx\n").utf8),
      ])
    let (format, run) = try detectedRun(temp.path)
    #expect(format == "eml-tree")
    #expect(subjects(run) == ["one", "two", "ten"])
    #expect(run.messages.map(\.folder.description) == ["INBOX", "INBOX", "sent_items"])
  }

  @Test func directoryOfMaildirsIsATreeOfFolders() throws {
    // mbsync (SubFolders Verbatim) and offlineimap: no cur/ at the root.
    let (format, run) = try detectedRun(Fixture.path("maildir-tree/mbsync"))
    #expect(format == "maildir-tree")
    #expect(run.messages.map(\.folder.description) == ["INBOX", "Lists/swift", "Work"])
    #expect(subjects(run) == ["mbsync inbox", "mbsync swift list", "mbsync work"])
    #expect(run.messages.map(\.flags) == [[.seen], [], [.seen, .flagged]])
    #expect(run.has("index-file", at: "/Work/.uidvalidity"))
    #expect(run.has("index-file", at: "/Work/.mbsyncstate"))
    #expect(!run.diagnostics.contains { $0.severity == .skipped || $0.severity == .error })
    // --format maildir accepts it too, instead of refusing it with exit 2.
    let forced = try SourceDetector.open(Fixture.path("maildir-tree/mbsync"), format: .maildir)
    #expect(forced.format == "maildir-tree")
  }

  @Test func rootMixingMaildirsAndMboxFiles() throws {
    let (format, run) = try detectedRun(Fixture.path("maildir-tree/mixed"))
    #expect(format == "mixed-tree")
    let folders = Dictionary(
      zip(subjects(run), run.messages.map(\.folder.description)), uniquingKeysWith: { a, _ in a })
    #expect(
      folders == [
        "getmail inbox": "Maildir", "mutt 2022 archive": "old/2022", "mutt saved": "saved-messages",
      ])
  }

  @Test func envelopedFileWithAPatchAttachmentIsOneMessage() throws {
    // notmuch's insert/mbox-attachment.eml: a git format-patch attachment holds a complete
    // `From <sha> Mon Sep 17 00:00:00 2001` line after a blank line.
    let message =
      "From: d@example.net\nSubject: patch\nDate: Sat, 05 Feb 2022 10:19:09 -0400\n"
      + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"=-=-=\"\n\n--=-=-=\n"
      + "Content-Type: text/plain\n\nsee the patch\n\n--=-=-=\nContent-Type: text/x-diff\n\n"
      + "From fc88cba7f1f37b9cf3b296eace2422dd0e173502 Mon Sep 17 00:00:00 2001\n"
      + "From: d@example.net\nSubject: [PATCH] fix\n\n---\n a | 1 +\n\n--=-=-=--\n"
    let twoMessages =
      "From: a@example.org\nSubject: first\n\none\n\n"
      + "From a@example.org Mon Jan  2 10:00:00 2023\nFrom: a@example.org\nSubject: second\n\ntwo\n"
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try Files.make(
      temp.path,
      [
        "patch.eml": Array(("From d@example.net  Sat Feb  5 09:19:10 2022\n" + message).utf8),
        "Saved/two.eml": Array(
          ("From a@example.org Mon Jan  2 09:00:00 2023\n" + twoMessages).utf8),
      ])
    let run = try EmlRun.tree(temp.path)
    #expect(subjects(run) == ["patch", "first", "second"])
    #expect(run.messages.first?.bytes == Array(message.utf8))
    #expect(run.messages.first?.internalDate == 1_644_052_750)
    #expect(run.messages.first?.dateSource == .fromLine)
    #expect(
      run.diagnostics("envelope-one-message").map(\.location.file) == [temp.path + "/patch.eml"])
    #expect(run.messages.map(\.folder.description) == ["INBOX", "Saved", "Saved"])
  }

  @Test func maildirsInsideAnEmlTreeKeepTheirFlags() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let mail = "From: a@example.org\nSubject: S\nDate: Mon, 2 Jan 2023 09:00:00 +0000\n\nx\n"
    func message(_ subject: String) -> [UInt8] {
      Array(mail.replacingOccurrences(of: "S\n", with: subject + "\n").utf8)
    }
    try Files.make(
      temp.path,
      [
        "top.eml": message("top"),
        "Archive/cur/1.a:2,FS": message("archived"),
        "Archive/.Sub/cur/2.a:2,": message("archived sub"),
        "Archive/new/.keep": [],
        "Exported/x.eml": message("exported"),
        "Exported/msg-with-info:2,S": Array(
          ("From a@example.org Mon Jan  2 09:00:00 2023\n" + mail).utf8),
      ])
    let (format, run) = try detectedRun(temp.path)
    #expect(format == "eml-tree")
    let byFolder = Dictionary(
      zip(subjects(run), run.messages.map { "\($0.folder) \($0.flags.rawValue)" }),
      uniquingKeysWith: { a, _ in a })
    #expect(byFolder["archived"] == "Archive \(MessageFlags([.seen, .flagged]).rawValue)")
    #expect(byFolder["archived sub"] == "Archive/Sub 0")
    #expect(byFolder["top"]?.hasPrefix("INBOX ") == true)
    // A Maildir-named file with an envelope outside a Maildir is a message of its directory.
    #expect(run.messages.filter { $0.folder == FolderPath(["Exported"]) }.count == 2)
    #expect(Self.unaccounted(temp.path, run).isEmpty)
  }

  @Test func messagesBesideCurAndNewAreReadWithANote() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let mail = "From: a@example.org\nSubject: loose\nDate: Mon, 2 Jan 2023 09:00:00 +0000\n\nx\n"
    try Files.make(
      temp.path,
      [
        "cur/1.a:2,S": Array(mail.replacingOccurrences(of: "loose", with: "in cur").utf8),
        "02:2,S": Array(mail.utf8),
        "dovecot-uidlist": Array("3 V1 N2\n".utf8),
        "notes.txt": Array("my notes\n".utf8),
        "Sub/cur/3.a:2,": Array(mail.replacingOccurrences(of: "loose", with: "sub").utf8),
        "Sub/saved.mbox": Array(
          ("From a@example.org Mon Jan  2 09:00:00 2023\n"
            + mail.replacingOccurrences(of: "loose", with: "saved")).utf8),
        "Plain/04": Array(mail.replacingOccurrences(of: "loose", with: "plain dir").utf8),
      ])
    for directory in ["new", "tmp"] {
      try FileManager.default.createDirectory(
        atPath: temp.path + "/" + directory, withIntermediateDirectories: true)
    }
    let run = try EmlRun.read(MaildirReader(root: temp.path))
    // Folders first (each with its loose files), then the plain directories walked through.
    #expect(subjects(run) == ["in cur", "loose", "sub", "saved", "plain dir"])
    #expect(run.messages[1].flags == [.seen])
    #expect(
      run.messages.map(\.folder.description) == ["INBOX", "INBOX", "Sub", "Sub", "Plain"])
    #expect(run.diagnostics("outside-cur-new").count == 3)
    #expect(run.has("index-file", at: "/dovecot-uidlist"))
    #expect(run.has("not-a-message", at: "/notes.txt"))
  }

  @Test func fileThatVanishesMidRunIsSkippedWithItsReason() throws {
    // A mail client still running on the store moves a file between the listing and the read.
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let mail = Array(
      "From: a@example.org\nSubject: s\nDate: Mon, 2 Jan 2023 09:00:00 +0000\n\nx\n".utf8)
    try Files.make(temp.path, ["cur/1.a:2,S": mail, "cur/2.a:2,S": mail, "new/.keep": []])
    var diagnostics: [Diagnostic] = []
    var read = 0
    try MaildirReader(root: temp.path).readMessages(
      diagnostics: { diagnostics.append($0) },
      { _ in
        read += 1
        try? FileManager.default.removeItem(atPath: temp.path + "/cur/2.a:2,S")
      })
    #expect(read == 1)
    let vanished = diagnostics.filter { $0.code == "unreadable" }
    #expect(vanished.map(\.location.file) == [temp.path + "/cur/2.a:2,S"])
    #expect(vanished.first?.severity == .skipped)
    #expect(vanished.first?.message.contains("vanished after its directory was listed") == true)
  }

  @Test func mboxThatVanishesFromAnEmlTreeIsSkippedWithItsReason() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let mail = "From: a@example.org\nSubject: s\nDate: Mon, 2 Jan 2023 09:00:00 +0000\n\nx\n"
    try Files.make(
      temp.path,
      [
        "a.eml": Array(mail.utf8),
        "b.mbox": Array(("From a@example.org Mon Jan  2 09:00:00 2023\n" + mail).utf8),
      ])
    var diagnostics: [Diagnostic] = []
    try EmlTreeReader(root: temp.path).readMessages(
      diagnostics: { diagnostics.append($0) },
      { _ in try? FileManager.default.removeItem(atPath: temp.path + "/b.mbox") })
    let skipped = diagnostics.filter { $0.severity == .skipped }
    #expect(skipped.map(\.code) == ["unreadable"])
    #expect(skipped.first?.location.file == temp.path + "/b.mbox")
    #expect(skipped.first?.message.contains("vanished") == true)
  }

  /// Every regular file below `root`, except hidden files inside `cur/`, `new/` and `tmp/`
  /// (the Maildir specification has readers pass over them; git's `.keep` placeholders).
  static func everyFile(_ root: String) -> Set<String> {
    var files: Set<String> = []
    let walker = FileManager.default.enumerator(atPath: root)
    while let relative = walker?.nextObject() as? String {
      let path = root + "/" + relative
      var info = stat()
      guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { continue }
      let parts = relative.split(separator: "/")
      if parts.count >= 2, ["cur", "new", "tmp"].contains(parts[parts.count - 2]),
        parts[parts.count - 1].hasPrefix(".")
      {
        continue
      }
      files.insert(path)
    }
    return files
  }

  /// The files of `root` that are neither a message read nor named by a diagnostic that is not
  /// a warning (on the file itself, or on a directory above it listed as not mail: `.imap/`,
  /// `__MACOSX/`, Apple Mail's `Attachments/`).
  static func unaccounted(_ root: String, _ run: EmlRun) -> [String] {
    let messages = Set(run.messages.map(\.location.file))
    let listed = run.diagnostics.filter { $0.severity != .warning }.map(\.location.file)
    let files = Set(listed)
    return everyFile(root).filter { file in
      !messages.contains(file) && !files.contains(file)
        && !listed.contains { file.hasPrefix($0 + "/") }
    }.sorted()
  }

  static let trees = [
    "maildir", "mbox-tree/thunderbird", "dovecot/maildir-plusplus", "dovecot/maildir-fs",
    "dovecot/mbox-home/mail", "eml/exchange", "eml/readpst", "eml/readpst-e", "emlx/Mail",
    "mixed/msg-envelopes", "mixed/mh-numbered", "maildir-tree/mbsync", "maildir-tree/mixed",
  ]

  /// The accounting invariant, reader by reader: every file of the tree is a message read, a
  /// message file skipped with its reason, or a file that cannot hold mail, listed as such.
  @Test(arguments: trees)
  func everyFileIsAccountedFor(tree: String) throws {
    let root = Fixture.path(tree)
    let (_, run) = try detectedRun(root)
    let missing = Self.unaccounted(root, run)
    #expect(missing.isEmpty, "passed over in silence: \(missing)")
  }

  @Test func brokenFilesOfEveryKindAreAccountedFor() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let mail = Array(
      "From: a@example.org\nSubject: s\nDate: Mon, 2 Jan 2023 09:00:00 +0000\n\nx\n".utf8)
    try Files.make(
      temp.path,
      [
        "Inbox/good.eml": mail,
        "Inbox/empty.eml": [],
        "Inbox/outlook.msg": EmlSniff.compoundFileMagic + [0, 0, 0, 0],
        "Inbox/Thumbs.db": Array("x".utf8),
        "Inbox/old.mbox": Array("From a Mon Jan  2 09:00:00 2023\n".utf8) + mail,
        "Inbox/picture.jpg": [0xFF, 0xD8, 0xFF, 0xE0],
      ])
    #expect(symlink(temp.path + "/nowhere.eml", temp.path + "/Inbox/dangling.eml") == 0)
    let (_, run) = try detectedRun(temp.path)
    #expect(run.messages.count == 2)
    #expect(run.has("unreadable", at: "/Inbox/dangling.eml"))
    #expect(run.diagnostics("unreadable").first?.message.contains("dangling symbolic link") == true)
    #expect(Self.unaccounted(temp.path, run).isEmpty)
  }
}
