import Foundation
import MailModel
import Migration
import TestSupport
import Testing
import ZimbraBundle

@testable import Formatters

/// `ExportURL`: the REST spelling read as Zimbra's UserServlet reads its URLs.
@Suite struct ExportURLTests {
  static func exists(_ path: String) -> Bool { ["/data/mail", "/data"].contains(path) }

  @Test func pathFolderFormatAndParameters() throws {
    let request = try ExportURL.parse(
      "/data/mail/inbox.rss?query=is:unread+from:ross&start=-7days&limit=5&offset=2",
      exists: Self.exists)
    #expect(request.source == "/data/mail")
    #expect(request.folder == "inbox")
    #expect(request.format == .rss)
    #expect(request.query == "is:unread from:ross")
    #expect(request.start == "-7days")
    #expect(request.limit == 5 && request.offset == 2)
  }

  @Test func nestedFoldersEscapesAndFmt() throws {
    let zip = try ExportURL.parse("/data/mail/Archive/2023.zip", exists: Self.exists)
    #expect(zip.folder == "Archive/2023" && zip.format == .zip)
    let atom = try ExportURL.parse(
      "/data/mail/My%20Folder?fmt=atom&start=%2B2days&id=7", exists: Self.exists)
    #expect(atom.folder == "My Folder" && atom.format == .atom)
    #expect(atom.start == "+2days" && atom.id == 7)
    // As on the server, a bare + in a URL is a space.
    let plus = try ExportURL.parse("/data/mail/inbox.ics?start=+2days", exists: Self.exists)
    #expect(plus.start == " 2days")
    let whole = try ExportURL.parse("/data/mail?fmt=tgz&query=in:inbox", exists: Self.exists)
    #expect(whole.folder == nil && whole.format == .tgz && whole.query == "in:inbox")
  }

  @Test(arguments: [
    ("/data/mail/inbox.rss?fmt=atom", "says .rss"),
    ("/data/mail/inbox?query=x", "no format"),
    ("/data/mail/inbox.rss?sort=dateAsc", "parameter 'sort'"),
    ("/data/mail/inbox.rss?limit=many", "limit=many"),
    ("/data/mail/inbox.rss?query=%zz", "hexadecimal"),
    ("/elsewhere/inbox.rss?query=x", "no leading part"),
    ("/data/mail/inbox.rss?limit=1&limit=2", "given twice"),
  ])
  func malformedURLsSayWhy(url: String, expected: String) {
    do {
      _ = try ExportURL.parse(url, exists: Self.exists)
      Issue.record("\(url) parsed")
    } catch {
      #expect("\(error)".contains(expected), "\(error)")
    }
  }

  @Test func aPlainPathIsNotAURL() {
    #expect(!ExportURL.isURL("/data/mail", exists: Self.exists))
    #expect(ExportURL.isURL("/data/mail/inbox.rss", exists: Self.exists))
    #expect(ExportURL.isURL("/data/mail/inbox?fmt=rss", exists: Self.exists))
  }
}

/// `Exporter` over the fixture mailbox (Fixtures/export-mailbox: a Dovecot Maildir++ of six
/// messages in Inbox, Archive, Archive/2025 and Sent; ids 1-3 in Inbox, 4 Archive (tag work),
/// 5 Archive/2025, 6 Sent). Dovecot's received date is the file's mtime, which a checkout does
/// not keep: the suite works on a copy whose mtimes are the names' leading timestamps.
@Suite struct ExporterTests {
  static let copy: String = {
    let prefix = "zmigrate-export-mailbox-"
    let temporary = NSTemporaryDirectory()
    // Copies left by earlier test processes that have ended are removed.
    for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
    where name.hasPrefix(prefix) {
      guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH
      else { continue }
      try? FileManager.default.removeItem(atPath: temporary + name)
    }
    let target = temporary + prefix + "\(getpid())"
    try? FileManager.default.removeItem(atPath: target)
    try? FileManager.default.copyItem(atPath: Fixture.path("export-mailbox"), toPath: target)
    let files = FileManager.default.enumerator(atPath: target)?.compactMap { $0 as? String } ?? []
    for file in files where file.contains("/cur/") || file.hasPrefix("cur/") {
      let name = (file as NSString).lastPathComponent
      guard let stamp = Int(name.prefix { $0.isNumber }) else { continue }
      var times = [
        timeval(tv_sec: stamp, tv_usec: 0), timeval(tv_sec: stamp, tv_usec: 0),
      ]
      utimes(target + "/" + file, &times)
    }
    return target
  }()
  static var mailbox: String { copy }
  static let now = Date(timeIntervalSince1970: 1_772_668_800)  // 2026-03-05T00:00:00Z
  static let utc = TimeZone(identifier: "UTC") ?? .gmt

  static func run(_ request: ExportRequest) throws -> ExportSummary {
    try Exporter(now: now, timeZone: utc).export(request) { _ in }
  }

  static func request(
    _ format: ExportFormat, query: String? = nil, folder: String? = nil, source: String? = mailbox
  ) -> ExportRequest {
    var request = ExportRequest(format: format)
    request.source = source
    request.query = query
    request.folder = folder
    return request
  }

  static func text(_ summary: ExportSummary) -> String {
    String(decoding: summary.bytes ?? [], as: UTF8.self)
  }

  @Test func rssOfTheUnreadMail() throws {
    let summary = try Self.run(Self.request(.rss, query: "is:unread"))
    #expect(summary.read == 6 && summary.matched == 1 && summary.written == 1)
    let rss = Self.text(summary)
    #expect(rss.components(separatedBy: "<item>").count == 2, "\(rss)")
    #expect(rss.contains("Grüße aus Köln"))
  }

  @Test func atomOfAFolderNewestFirstWithOffsetAndLimit() throws {
    var request = Self.request(.atom, folder: "inbox")
    let all = Self.text(try Self.run(request))
    let titles = all.components(separatedBy: "<title>").dropFirst(2).map {
      String($0.prefix { $0 != "<" })
    }
    #expect(titles == ["Report über 2026", "Grüße aus Köln", "Lunch on Friday"], "\(all)")
    request.offset = 2
    request.limit = 1
    let one = try Self.run(request)
    #expect(one.matched == 3 && one.written == 1)
    #expect(Self.text(one).contains("<title>Grüße aus Köln</title>"))
  }

  @Test func zipOfOneSendersMailWithAttachments() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var request = Self.request(.zip, query: "from:carol has:attachment")
    request.output = dir.path + "/carol.zip"
    let summary = try Self.run(request)
    #expect(summary.matched == 1 && summary.written == 1 && summary.output == request.output)
    var names: [String] = []
    try BundleReader.forEachEntry(dir.path + "/carol.zip") { names.append($0.name) }
    #expect(names.count == 1)
    #expect(names.first?.hasPrefix("Inbox/0000000003-") == true, "\(names)")
    #expect(names.first?.hasSuffix(".eml") == true)
  }

  @Test func tgzUnderAFolderKeepsFoldersFlagsAndTags() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var request = Self.request(.tgz, folder: "Archive")
    request.output = dir.path + "/archive.tgz"
    #expect(try Self.run(request).written == 2)
    var messages: [BundleMessage] = []
    _ = try BundleReader.forEachItem(dir.path + "/archive.tgz") { item in
      if case .message(let entry) = item { messages.append(entry.message) }
    }
    #expect(messages.map(\.zimbraPath) == [["Archive"], ["Archive", "2025"]])
    #expect(messages.first?.tags == ["work"])
    #expect(messages.first?.flags.contains(.answered) == true)
  }

  @Test func nativeGivesAMessageOrOnePartDecoded() throws {
    var request = Self.request(.native)
    request.id = 1
    let whole = try Self.run(request)
    let original = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: Self.mailbox + "/cur/1772442000.M1P1.host:2,S")))
    #expect(whole.bytes == original)
    request.id = 3
    let structure = MimeStructure(bytes: try #require(try Self.run(Self.oneOf(3)).bytes))
    let attachment = try #require(structure.attachmentParts().first)
    request.part = structure.parts[attachment].number
    let part = try Self.run(request)
    #expect(part.note?.contains(structure.parts[attachment].fileName ?? "?") == true)
    #expect(part.bytes == structure.decodedBody(attachment))
    // Into a directory: the file takes the attachment's name.
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    request.output = dir.path + "/"
    let saved = try Self.run(request)
    let name = try #require(structure.parts[attachment].fileName)
    #expect(saved.output == dir.path + "/" + name)
    #expect(
      FileManager.default.contents(atPath: dir.path + "/" + name).map { [UInt8]($0) }
        == structure.decodedBody(attachment))
    request.output = nil
    request.part = "9.9"
    #expect(throws: MigrationError.self) { try Self.run(request) }
  }

  static func oneOf(_ id: Int) -> ExportRequest {
    var request = request(.native)
    request.id = id
    return request
  }

  @Test func syncPutsZimbraHeadersBeforeTheMessage() throws {
    var request = Self.request(.sync)
    request.id = 4
    let text = Self.text(try Self.run(request))
    #expect(text.contains("X-Zimbra-ItemId: 4"), "\(text)")
    #expect(text.contains("work"))
    #expect(
      text.hasSuffix(
        String(decoding: try #require(try Self.run(Self.oneOf(4)).bytes), as: UTF8.self)))
  }

  @Test func oneMessageFormatsRefuseSeveralMatches() throws {
    #expect(throws: MigrationError.self) { try Self.run(Self.request(.native, query: "in:inbox")) }
    let one = try Self.run(Self.request(.native, query: "subject:lunch in:sent"))
    #expect(Self.text(one).contains("See you at noon."))
  }

  @Test func aBundleExportsLikeItsSource() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    _ = try Converter(options: ConvertOptions()).convert(
      source: Self.mailbox, output: dir.path + "/bundle.tgz")
    let fromSource = try Self.run(Self.request(.rss, query: "is:unread OR is:flagged"))
    let fromBundle = try Self.run(
      Self.request(.rss, query: "is:unread OR is:flagged", source: dir.path + "/bundle.tgz"))
    #expect(fromSource.matched == 2 && fromBundle.matched == 2)
    let titles = { (summary: ExportSummary) in
      Self.text(summary).components(separatedBy: "<title>").dropFirst(2).map {
        String($0.prefix { $0 != "<" })
      }
    }
    #expect(titles(fromSource) == titles(fromBundle))
  }

  @Test func rangesSelectByReceivedDate() throws {
    var request = Self.request(.rss)
    request.start = "2026/03/03"
    request.end = "2026/03/04"
    let summary = try Self.run(request)
    #expect(summary.matched == 1, "\(Self.text(summary))")
    request.start = "-100days"
    request.end = nil
    #expect(try Self.run(request).matched == 5)
  }

  @Test func badQueriesAndTimesAreErrorsNamingTheColumn() {
    #expect {
      try Self.run(Self.request(.rss, query: "from:ann (subject:x"))
    } throws: { "\($0)".contains("column") }
    var request = Self.request(.rss)
    request.start = "+1Day"
    #expect { try Self.run(request) } throws: { "\($0)".contains("+1Day") }
  }

  @Test func contactsAsZimbraCSVByTag() throws {
    var request = Self.request(.csv, query: "tag:vip", source: nil)
    request.contacts = [
      Fixture.path("contacts/v40.vcf"), Fixture.path("contacts/v30-groups-escapes.vcf"),
    ]
    let summary = try Self.run(request)
    #expect(summary.read == 3 && summary.matched == 1)
    let csv = Self.text(summary)
    #expect(csv.contains("Zoë") && !csv.contains("Paul"), "\(csv)")
  }

  @Test func calendarsAsICSAndFreeBusy() throws {
    let now = Date(timeIntervalSince1970: 1_710_892_800)  // 2024-03-20T00:00:00Z
    let exporter = Exporter(now: now, timeZone: Self.utc)
    var request = Self.request(.ifb, source: nil)
    request.calendars = [Fixture.path("calendar/recurring-dst.ics")]
    request.start = "2024/03/17"
    request.end = "2024/04/10"
    let ifb = String(decoding: try exporter.export(request) { _ in }.bytes ?? [], as: UTF8.self)
    #expect(ifb.hasPrefix("BEGIN:VCALENDAR\r\nPRODID:Zimbra-Calendar-Provider\r\n"), "\(ifb)")
    // The weekly standup at 09:00 Berlin: 08:00Z before the change to summer time, 07:00Z
    // after; the 25th moved to 11:00 (10:00Z), the 1st of April excluded.
    let busy = ifb.split(separator: "\r\n").filter { $0.hasPrefix("FREEBUSY") }
    #expect(
      busy == [
        "FREEBUSY;FBTYPE=BUSY:20240318T080000Z/20240318T090000Z",
        "FREEBUSY;FBTYPE=BUSY:20240325T100000Z/20240325T110000Z",
        "FREEBUSY;FBTYPE=BUSY:20240408T070000Z/20240408T080000Z",
      ], "\(ifb)")
    #expect(ifb.contains("URL:" + Fixture.path("calendar/recurring-dst.ics") + "/.ifb?"))
    request.format = .ics
    request.query = "subject:moved"
    let ics = String(decoding: try exporter.export(request) { _ in }.bytes ?? [], as: UTF8.self)
    #expect(ics.components(separatedBy: "BEGIN:VEVENT").count == 2, "\(ics)")
    #expect(ics.contains("Weekly standup (moved)") && ics.contains("RECURRENCE-ID"))
  }
}

/// Golden outputs of every format through `Exporter` over the fixture mailbox, contacts and
/// calendar (`Fixtures/export/golden/export-*`; regenerate with `ZMIGRATE_UPDATE_GOLDEN=1`).
/// Archives are compared by their listing (name, size), since compression may change.
@Suite struct ExportGoldenTests {
  static func bytes(_ request: ExportRequest, now: Date = ExporterTests.now) throws -> [UInt8] {
    try Exporter(now: now, timeZone: ExporterTests.utc).export(request) { _ in }.bytes ?? []
  }

  @Test(arguments: [ExportFormat.atom, .rss])
  func feeds(format: ExportFormat) throws {
    var request = ExporterTests.request(format, query: "under:inbox OR in:archive")
    request.source = ExporterTests.mailbox
    let text = String(decoding: try Self.bytes(request), as: UTF8.self)
    // The feed's id names the source path, which differs per run: golden with a fixed one.
    let fixed = text.replacingOccurrences(of: ExporterTests.mailbox, with: "MAILBOX")
    try GoldenFile.check(Array(fixed.utf8), "export/golden/export-mailbox.\(format.rawValue)")
  }

  @Test func nativeSyncAndPart() throws {
    var request = ExporterTests.oneOf(3)
    try GoldenFile.check(try Self.bytes(request), "export/golden/export-native-3.eml")
    request.part = "2"
    try GoldenFile.check(try Self.bytes(request), "export/golden/export-native-3-part-2.bin")
    request.part = nil
    request.format = .sync
    request.id = 4
    try GoldenFile.check(try Self.bytes(request), "export/golden/export-sync-4.eml")
  }

  @Test func contactsAndCalendars() throws {
    var csv = ExporterTests.request(.csv, source: nil)
    csv.contacts = [Fixture.path("contacts/v30-groups-escapes.vcf")]
    try GoldenFile.check(try Self.bytes(csv), "export/golden/export-contacts.csv")
    let now = Date(timeIntervalSince1970: 1_710_892_800)  // 2024-03-20T00:00:00Z
    for format in [ExportFormat.ics, .ifb, .atom] {
      var request = ExporterTests.request(format, source: nil)
      request.calendars = [Fixture.path("calendar/recurring-dst.ics")]
      request.start = "2024/03/17"
      request.end = "2024/04/10"
      let text = String(decoding: try Self.bytes(request, now: now), as: UTF8.self)
        .replacingOccurrences(of: Fixture.path("calendar"), with: "CALENDAR")
      try GoldenFile.check(Array(text.utf8), "export/golden/export-calendar.\(format.rawValue)")
    }
  }

  @Test(arguments: [ExportFormat.zip, .tgz, .tar])
  func archiveListings(format: ExportFormat) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var request = ExporterTests.request(format)
    request.output = dir.path + "/out." + format.rawValue
    _ = try Exporter(now: ExporterTests.now, timeZone: ExporterTests.utc).export(request) { _ in }
    var listing = ""
    try BundleReader.forEachEntry(request.output ?? "") { entry in
      listing +=
        "\(entry.name) \(entry.data.count) \(String(entry.mode, radix: 8)) \(entry.mtime)\n"
    }
    try GoldenFile.check(
      Array(listing.utf8), "export/golden/export-mailbox-\(format.rawValue)-listing.txt")
  }
}

/// `zmigrate export` as a command: the REST spelling, flags, exit statuses.
@Suite(.enabled(if: CommandRun.enabled, "zmigrate binary not built"))
struct ExportCommandTests {
  @Test func theRESTSpellingAndItsFlagsGiveTheSameFeed() throws {
    let mailbox = ExporterTests.mailbox
    let url = try CommandRun.zmigrate(
      ["export", mailbox + "/inbox.rss?query=is:unread"], in: NSTemporaryDirectory())
    #expect(url.status == 0, "\(url.stderr)")
    let flags = try CommandRun.zmigrate(
      [
        "export", mailbox, "--fmt", "rss", "--folder", "inbox", "--query", "is:unread",
      ], in: NSTemporaryDirectory())
    #expect(flags.status == 0)
    #expect(url.stdout.contains("<item>") && url.stdout == flags.stdout)
    #expect(url.stderr.contains("6 read, 1 matched, 1 written"), "\(url.stderr)")
  }

  @Test func unparseableQueriesAndTimesExitTwoNamingWhere() throws {
    let mailbox = ExporterTests.mailbox
    let query = try CommandRun.zmigrate(
      ["export", mailbox, "--fmt", "atom", "--query", "a OR"], in: NSTemporaryDirectory())
    #expect(query.status == 2)
    #expect(query.stderr.contains("column"), "\(query.stderr)")
    let start = try CommandRun.zmigrate(
      ["export", mailbox + "/inbox.atom?start=+2days"], in: NSTemporaryDirectory())
    #expect(start.status == 2)
    #expect(start.stderr.contains("2days"), "\(start.stderr)")
    let archive = try CommandRun.zmigrate(
      ["export", mailbox, "--fmt", "zip"], in: NSTemporaryDirectory())
    #expect(archive.status == 2 && archive.stderr.contains("--output"))
  }
}
