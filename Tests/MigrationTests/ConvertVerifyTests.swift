import ContactsCalendars
import Foundation
import MailModel
import MailStores
import Migration
import TestSupport
import Testing
import ZimbraBundle

/// One entry of a bundle as the tests read it back.
struct BundleEntry {
  var name: String
  var mode: UInt32
  var mtime: Int64
  var data: [UInt8]
}

func readBundle(_ path: String) throws -> [BundleEntry] {
  var entries: [BundleEntry] = []
  try BundleReader.forEachEntry(path) {
    entries.append(BundleEntry(name: $0.name, mode: $0.mode, mtime: $0.mtime, data: $0.data))
  }
  return entries
}

func convertOptions(_ format: BundleFormat, meta: Bool = true) -> ConvertOptions {
  var options = ConvertOptions()
  options.bundle = BundleOptions(format: format, compressionLevel: 1, workers: 2, writeMeta: meta)
  return options
}

func outputName(_ format: BundleFormat) -> String {
  switch format {
  case .tgz: return "out.tgz"
  case .tar: return "out.tar"
  case .directory: return "out/"
  case .zip: return "out.zip"
  }
}

/// All messages a source yields, read directly.
func sourceMessages(_ path: String) throws -> [Message] {
  var messages: [Message] = []
  try SourceDetector.open(path).reader.readMessages(diagnostics: { _ in }, { messages.append($0) })
  return messages
}

@Suite struct ConvertVerifyTests {
  static let sources = [
    "maildir", "mbox/mboxrd.mbox", "mbox/dovecot-mboxcl2.mbox", "mbox/netscape.mbox",
    "mbox/crlf.mbox", "mbox/uw-imap.mbox", "mbox/truncated.mbox", "mbox-tree/thunderbird",
    "dovecot/maildir-plusplus", "dovecot/maildir-fs", "dovecot/mbox-home/mail", "eml/exchange",
    "eml/readpst", "eml/readpst-e", "emlx/Mail",
  ]

  @Test(arguments: sources, BundleFormat.allCases)
  func everyFixtureConvertsAndVerifies(source: String, format: BundleFormat) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let output = dir.path + "/" + outputName(format)
    let report = try Converter(options: convertOptions(format)).convert(
      source: Fixture.path(source), output: output)
    #expect(report.accountsForEveryMessage)
    #expect(report.messagesWritten > 0)
    #expect(report.messagesWritten == (try sourceMessages(Fixture.path(source))).count)
    let verification = try Verifier(options: convertOptions(format)).verify(
      source: Fixture.path(source), bundle: output)
    #expect(verification.problems.isEmpty, "\(verification.problems)")
    #expect(verification.isComplete)
    #expect(verification.matched == report.messagesWritten)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
      $0.contains(".partial-")
    }
    #expect(leftovers.isEmpty)
  }

  @Test func bundleCarriesFoldersDatesReadStateAndMeta() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let output = dir.path + "/m.tgz"
    _ = try Converter(options: convertOptions(.tgz)).convert(
      source: Fixture.path("mbox/mboxrd.mbox"), output: output)
    let entries = try readBundle(output)
    #expect(entries.count == 6)
    #expect(
      entries.map(\.name) == [
        "Inbox/00000001.eml.meta", "Inbox/00000001.eml", "Inbox/00000002.eml.meta",
        "Inbox/00000002.eml", "Inbox/00000003.eml.meta", "Inbox/00000003.eml",
      ])
    let messages = try sourceMessages(Fixture.path("mbox/mboxrd.mbox"))
    #expect(entries[1].data == messages[0].bytes)
    #expect(
      entries[1].mtime
        == MailDate.epoch(year: 2023, month: 1, day: 2, hour: 9, minute: 0, second: 0))
    #expect(entries[1].mode & 0o777 == 0o644)  // read
    #expect(entries[3].mode & 0o777 == 0o444)  // unread
    let meta = try MetaRecord.parse(entries[0].data)
    #expect(meta.flagStr?.contains("f") == true && meta.flagStr?.contains("r") == true)
    #expect(meta.tagNames == ["Work", "$label1"])
    #expect(meta.path == ["Inbox"])
    #expect(meta.size == entries[1].data.count)
    #expect(meta.blobDigest == MetaRecord.blobDigest(SHA256.hash(entries[1].data)))
    let unreadMeta = try MetaRecord.parse(entries[2].data)
    #expect(unreadMeta.unread == 1 && unreadMeta.flagStr?.contains("u") == true)
  }

  @Test func zipBundlesCarryNoMetaAndSaySo() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let output = dir.path + "/x.zip"
    let report = try Converter(options: convertOptions(.zip)).convert(
      source: Fixture.path("eml/exchange"), output: output)
    let entries = try readBundle(output)
    #expect(!entries.isEmpty)
    #expect(!entries.contains { $0.name.hasSuffix(".meta") })
    #expect(entries.allSatisfy { $0.name.hasSuffix(".eml") })
    #expect(report.notes.contains(Converter.zipNote))
    #expect(report.messagesWritten == entries.count)
  }

  @Test func contactsAndCalendarsRideInTheBundleBeforeAnyMeta() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var options = convertOptions(.tgz)
    options.contacts = [
      Fixture.path("contacts/v30-groups-escapes.vcf"), Fixture.path("contacts/google.csv"),
    ]
    options.calendars = [
      Fixture.path("calendar/task.ics"), Fixture.path("calendar/recurring-dst.ics"),
    ]
    let output = dir.path + "/u.tgz"
    let report = try Converter(options: options).convert(
      source: Fixture.path("mbox/mboxrd.mbox"), output: output)
    let entries = try readBundle(output)
    #expect(entries.prefix(2).map(\.name) == ["Contacts/contacts.vcf", "Calendar/calendar.ics"])
    #expect(entries[2].name.hasSuffix(".meta"))
    #expect(report.contactsWritten > 0 && report.eventsWritten > 0 && report.tasksWritten == 1)
    let tasks = try String(contentsOfFile: dir.path + "/u-tasks.ics", encoding: .utf8)
    #expect(tasks.contains("BEGIN:VTODO"))
    let verification = try Verifier(options: options).verify(
      source: Fixture.path("mbox/mboxrd.mbox"), bundle: output)
    #expect(verification.isComplete, "\(verification.problems)")
    #expect(verification.contactsCalendarsEntriesMatched == 2)
    // Without the --calendar files, the calendar entry is not expected: verify says so.
    var mailOnly = options
    mailOnly.calendars = []
    let other = try Verifier(options: mailOnly).verify(
      source: Fixture.path("mbox/mboxrd.mbox"), bundle: output)
    #expect(other.problems.contains { $0.entry == "Calendar/calendar.ics" && $0.kind == "extra" })
  }

  @Test func contactsCanRideAsZimbraCSVWhichKeepsTagsAndCustomFields() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var options = convertOptions(.tgz)
    options.contacts = [
      Fixture.path("contacts/v30-groups-escapes.vcf"), Fixture.path("contacts/yahoo.csv"),
    ]
    // As vCard, the report names what Zimbra's vCard import would not keep.
    let vcfReport = try Converter(options: options).convert(
      source: Fixture.path("mbox/mboxrd.mbox"), output: dir.path + "/v.tgz")
    let note = try #require(vcfReport.diagnostics.first { $0.code == "vcard-import-drops" })
    #expect(note.message.contains("tags") && note.message.contains("--contacts-entry csv"))

    options.contactsEntry = .csv
    let output = dir.path + "/c.tgz"
    let report = try Converter(options: options).convert(
      source: Fixture.path("mbox/mboxrd.mbox"), output: output)
    #expect(!report.diagnostics.contains { $0.code == "vcard-import-drops" })
    let entries = try readBundle(output)
    #expect(entries.first?.name == "Contacts/contacts.csv")
    // The entry is zimbra-csv: read back, it holds the same contacts, tags included.
    let csv = try ContactCSVReader().read(
      data: Data(try #require(entries.first).data), file: "contacts.csv")
    #expect(csv.dialect == .zimbra)
    var expected = try VCardReader().read(
      contentsOf: Fixture.url("contacts/v30-groups-escapes.vcf")
    ).contacts
    expected += try ContactCSVReader().read(contentsOf: Fixture.url("contacts/yahoo.csv")).result
      .contacts
    #expect(csv.result.contacts.map(\.fieldDictionary) == expected.map(\.fieldDictionary))
    #expect(csv.result.contacts.map(\.tags) == expected.map(\.tags))
    #expect(report.settings?.contactsEntry == "csv")
    let verification = try Verifier(options: try #require(report.settings).convertOptions()).verify(
      source: Fixture.path("mbox/mboxrd.mbox"), bundle: output)
    #expect(verification.isComplete, "\(verification.problems)")
    #expect(verification.contactsCalendarsEntriesMatched == 1)
  }

  @Test func noMetaMeansNoMetaEntriesAtAll() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let output = dir.path + "/m.tar"
    let report = try Converter(options: convertOptions(.tar, meta: false)).convert(
      source: Fixture.path("maildir"), output: output)
    let entries = try readBundle(output)
    #expect(!entries.contains { $0.name.hasSuffix(".meta") })
    #expect(entries.count == report.messagesWritten)
    let verification = try Verifier(options: convertOptions(.tar)).verify(
      source: Fixture.path("maildir"), bundle: output)
    #expect(verification.isComplete)
  }

  @Test func maildirFoldersAreMappedAndNotMessagesAreCounted() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let report = try Converter(options: convertOptions(.tgz)).convert(
      source: Fixture.path("maildir"), output: dir.path + "/x.tgz")
    let targets = Set(report.folders.map(\.zimbra))
    #expect(
      targets.contains("Inbox") && targets.contains("Sent") && targets.contains("Entwürfe")
        && targets.contains("R&D Notes"))
    #expect(report.ignoredByReason["tmp-file"] == 1)
    #expect(report.ignoredByReason["empty-file"] == 1)
    #expect(report.skipped.isEmpty)
    #expect(!report.hasProblems)
  }

  @Test func unreadableSourceLeavesNoOutput() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    for bad in ["bad/binary.bin", "bad/not-mbox.txt"] {
      let output = dir.path + "/bad.tgz"
      #expect(throws: MailStoreError.self) {
        try Converter(options: convertOptions(.tgz)).convert(
          source: Fixture.path(bad), output: output)
      }
      #expect(!FileManager.default.fileExists(atPath: output))
    }
    let notMaildir = dir.path + "/empty-dir"
    try FileManager.default.createDirectory(atPath: notMaildir, withIntermediateDirectories: true)
    let error = #expect(throws: MailStoreError.self) {
      try Converter(options: convertOptions(.tgz)).convert(
        source: notMaildir, output: dir.path + "/x.tgz")
    }
    #expect(error?.location.file == notMaildir)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["empty-dir"])
  }

  @Test func emptyMboxGivesAnEmptyButValidBundle() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let report = try Converter(options: convertOptions(.tgz)).convert(
      source: Fixture.path("bad/empty.mbox"), output: dir.path + "/e.tgz")
    #expect(report.messagesRead == 0)
    #expect(report.ignoredByReason["empty-mbox"] == 1)
    #expect(try readBundle(dir.path + "/e.tgz").isEmpty)
  }

  @Test(arguments: BundleFormat.allCases)
  func hostileFolderNamesStayInsideTheOutput(format: BundleFormat) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let root = dir.path + "/md"
    let message = Array(
      "From: a@example.com\nSubject: hi\nDate: Mon, 2 Jan 2023 10:00:00 +0000\n\nbody\n".utf8)
    // `.&AC4-&AC4-` decodes to "..", `.a&AC8-b` to "a/b", `.&AC8-etc&AC8-passwd` to "/etc/passwd".
    for folder in ["", ".&AC4-&AC4-", ".a&AC8-b", ".&AC8-etc&AC8-passwd", ".x:y"] {
      try FileManager.default.createDirectory(
        atPath: root + "/" + folder + "/cur", withIntermediateDirectories: true)
      try FileManager.default.createDirectory(
        atPath: root + "/" + folder + "/new", withIntermediateDirectories: true)
      #expect(
        FileManager.default.createFile(
          atPath: root + "/" + folder + "/cur/1700000000.1.host:2,S", contents: Data(message)))
    }
    let output = dir.path + "/" + outputName(format)
    let report = try Converter(options: convertOptions(format)).convert(
      source: root, output: output)
    #expect(report.messagesWritten == 5)
    for entry in try readBundle(output) {
      let parts = entry.name.split(separator: "/", omittingEmptySubsequences: false)
      #expect(!entry.name.hasPrefix("/"))
      #expect(!parts.contains { $0 == ".." || $0 == "." || $0.isEmpty }, "\(entry.name)")
    }
    if format == .directory {
      let all = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []
      #expect(all.allSatisfy { $0.hasPrefix("md") || $0.hasPrefix("out") }, "\(all)")
    }
    #expect(
      try Verifier(options: convertOptions(format)).verify(source: root, bundle: output).isComplete)
  }

  @Test func longLinesAreRepairedReportedAndVerified() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let html = "<p>" + String(repeating: "lorem ipsum ", count: 2_000) + "</p>"
    let text =
      "From a@example.com Mon Jan  2 09:00:00 2023\nFrom: a@example.com\nSubject: long\nDate: Mon, 2 Jan 2023 09:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/html; charset=us-ascii\n\n\(html)\n\n"
    #expect(
      FileManager.default.createFile(atPath: dir.path + "/long.mbox", contents: Data(text.utf8)))
    let report = try Converter(options: convertOptions(.tgz)).convert(
      source: dir.path + "/long.mbox", output: dir.path + "/l.tgz")
    #expect(report.messagesWritten == 1)
    #expect(report.repaired.count == 1)
    #expect(report.transformations["repaired-long-lines"] == 1)
    let entry = try readBundle(dir.path + "/l.tgz").first { $0.name.hasSuffix(".eml") }!
    #expect(LongLineRepair.longestLine(entry.data) <= LongLineRepair.limit)
    #expect(
      try Verifier(options: convertOptions(.tgz)).verify(
        source: dir.path + "/long.mbox", bundle: dir.path + "/l.tgz"
      ).isComplete)
  }
}

@Suite struct VerifyCatchesDifferencesTests {
  /// Converts the Maildir fixture, then rewrites the bundle through `edit` and verifies it.
  func verifyEdited(_ edit: (inout [BundleEntry]) -> Void) throws -> VerificationReport {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let good = dir.path + "/good.tar"
    _ = try Converter(options: convertOptions(.tar)).convert(
      source: Fixture.path("maildir"), output: good)
    var entries = try readBundle(good)
    edit(&entries)
    let bad = dir.path + "/bad.tar"
    let sink = try AtomicFileSink(path: bad)
    let tar = TarWriter(sink: sink)
    for entry in entries {
      try tar.addFile(name: entry.name, data: entry.data, mode: entry.mode, mtime: entry.mtime)
    }
    try tar.finish()
    try sink.commit()
    return try Verifier(options: convertOptions(.tar)).verify(
      source: Fixture.path("maildir"), bundle: bad)
  }

  @Test func untouchedBundleVerifies() throws {
    let report = try verifyEdited { _ in }
    #expect(report.isComplete && report.problems.isEmpty)
  }

  @Test func missingMessageIsFound() throws {
    let report = try verifyEdited { $0.removeSubrange(0..<2) }
    #expect(!report.isComplete)
    #expect(report.problems.map(\.kind) == ["missing"])
  }

  @Test func changedBytesAreFound() throws {
    let report = try verifyEdited { entries in
      entries[1].data += Array("tampered\n".utf8)
      entries.remove(at: 0)  // drop its .meta too, which would otherwise disagree on size
    }
    #expect(report.problems.contains { $0.kind == "bytes-differ" || $0.kind == "missing" })
    #expect(!report.isComplete)
  }

  @Test func changedDateAndReadStateAreFound() throws {
    let report = try verifyEdited { entries in
      entries[1].mtime += 3600
      entries[3].mode ^= 0o200
    }
    let kinds = Set(report.problems.map(\.kind))
    #expect(kinds.contains("date-differs"))
    #expect(kinds.contains("read-state-differs"))
  }

  @Test func duplicatedMessageIsFound() throws {
    let report = try verifyEdited { entries in
      var copy = entries[1]
      copy.name = copy.name.replacingOccurrences(of: ".eml", with: "-copy.eml")
      var meta = entries[0]
      meta.name = copy.name + ".meta"
      entries += [meta, copy]
    }
    #expect(report.problems.contains { $0.kind == "extra" })
  }

  @Test func wrongFolderIsFound() throws {
    let report = try verifyEdited { entries in
      // Move the first Inbox message (and its .meta) to another folder.
      entries[0].name = "Elsewhere/" + entries[0].name.split(separator: "/").last!
      entries[1].name = "Elsewhere/" + entries[1].name.split(separator: "/").last!
    }
    #expect(report.problems.contains { $0.kind == "wrong-folder" })
  }
}

@Suite struct RealCorpusTests {
  /// Maildir roots in the notmuch corpus (directories with cur/ whose parent has none).
  static func notmuchRoots() -> [String] {
    guard Corpus.isPresent else { return [] }
    let base = Corpus.url("notmuch").path
    var roots: [String] = []
    for candidate in ["default", "lkml", "threading/parent-priority"] {
      let path = base + "/" + candidate
      if MaildirReader.looksLikeMaildir(path) { roots.append(path) }
    }
    return roots
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func notmuchMaildirsConvertAndVerify() throws {
    let roots = Self.notmuchRoots()
    #expect(roots.count == 3)
    var total = 0
    for root in roots {
      let dir = try TemporaryDirectory()
      defer { dir.cleanup() }
      var files = 0
      let walker = FileManager.default.enumerator(atPath: root)
      while let relative = walker?.nextObject() as? String {
        let parts = relative.split(separator: "/")
        let parent = parts.dropLast().joined(separator: "/")
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
        if parts.count >= 2, ["cur", "new"].contains(String(parts[parts.count - 2])) {
          files += 1
        } else if !isDirectory.boolValue,
          MaildirReader.looksLikeMaildir(parent.isEmpty ? root : root + "/" + parent)
        {
          files += 1  // a message file beside cur/ and new/, read with a note (issue 9)
        }
      }
      let report = try Converter(options: convertOptions(.tgz)).convert(
        source: root, output: dir.path + "/n.tgz")
      #expect(report.messagesRead == files)
      #expect(report.messagesWritten == files, "\(report.skipped)")
      let verification = try Verifier(options: convertOptions(.tgz)).verify(
        source: root, bundle: dir.path + "/n.tgz")
      #expect(verification.isComplete, "\(verification.problems.prefix(5))")
      total += report.messagesWritten
    }
    #expect(total == 266)  // 256 in cur/ and new/, 10 beside them
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func wholeNotmuchTreeConvertsAndVerifies() throws {
    // The corpus as one mixed tree: .eml files, Maildirs with files beside cur/ and new/,
    // loose RFC 822 files, a Maildir-named file with an envelope line, two README-like files.
    let root = Corpus.url("notmuch").path
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let report = try Converter(options: convertOptions(.tgz)).convert(
      source: root, output: dir.path + "/all.tgz")
    #expect(report.messagesSkipped == 0)
    #expect(report.accountsForEveryMessage)
    var files = 0
    let walker = FileManager.default.enumerator(atPath: root)
    while let relative = walker?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files += 1
      }
    }
    // Every file is a message written or listed as not a message (README, SOURCE.txt).
    #expect(report.messagesWritten + report.ignoredByReason.values.reduce(0, +) == files)
    let verification = try Verifier(options: convertOptions(.tgz)).verify(
      source: root, bundle: dir.path + "/all.tgz")
    #expect(verification.holdsEverySourceMessage, "\(verification.problems.prefix(5))")
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func mailGemMessagesSurviveAsAnMbox() throws {
    // The broken and odd messages of the mail gem, wrapped into one mboxrd file as a mail
    // client would write it, must all come out byte-identical.
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var originals: [[UInt8]] = []
    let base = Corpus.url("mail-gem").path
    let walker = FileManager.default.enumerator(atPath: base)
    var names: [String] = []
    while let relative = walker?.nextObject() as? String {
      if relative.hasSuffix(".eml") { names.append(relative) }
    }
    names.sort()
    var mbox: [UInt8] = []
    for name in names {
      var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: base + "/" + name)))
      while bytes.last == 0 { bytes.removeLast() }
      guard !bytes.isEmpty, !bytes.starts(with: Array("From ".utf8)) else { continue }
      originals.append(bytes)
      mbox += Array("From MAILER-DAEMON Mon Jan  2 09:00:00 2023\n".utf8)
      // mboxrd quoting
      var quoted: [UInt8] = []
      var lineStart = true
      var i = 0
      while i < bytes.count {
        if lineStart {
          var k = i
          while k < bytes.count && bytes[k] == UInt8(ascii: ">") { k += 1 }
          if bytes[k...].starts(with: Array("From ".utf8)) { quoted.append(UInt8(ascii: ">")) }
        }
        quoted.append(bytes[i])
        lineStart = bytes[i] == 0x0A
        i += 1
      }
      mbox += quoted
      if bytes.last != 0x0A {
        mbox.append(0x0A)
        originals[originals.count - 1].append(0x0A)
      }
      mbox.append(0x0A)
    }
    #expect(originals.count > 50)
    #expect(FileManager.default.createFile(atPath: dir.path + "/gem.mbox", contents: Data(mbox)))
    var read: [Message] = []
    try MboxReader(path: dir.path + "/gem.mbox").readMessages(
      diagnostics: { _ in }, { read.append($0) })
    #expect(read.count == originals.count)
    let mboxHeaders = MboxReader.bookkeepingHeaders
    for (message, original) in zip(read, originals) {
      let expected = HeaderSection.removing(mboxHeaders, from: original).bytes
      #expect(message.bytes == expected, "\(message.location)")
    }
    let output = dir.path + "/gem.tgz"
    let report = try Converter(options: convertOptions(.tgz)).convert(
      source: dir.path + "/gem.mbox", output: output)
    #expect(report.accountsForEveryMessage)
    #expect(
      try Verifier(options: convertOptions(.tgz)).verify(
        source: dir.path + "/gem.mbox", bundle: output
      ).isComplete)
  }
}
