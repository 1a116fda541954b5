import Foundation
import MailModel
import MailStores
import Migration
import TestSupport
import Testing
import ZimbraBundle

/// One row of gen_corpus.py's manifest: the ground truth for a generated message.
struct ManifestRow {
  var folder: String
  var flags: String
  var keywords: [String]
  var date: Int64
  var sha256: String
  /// Delivered to `new/`: the Maildir name carries no flags, while the generator's mbox copy
  /// may still carry the X-Status letters it chose.
  var inNew: Bool
}

/// Generates a small deterministic corpus with ../shared/tools/gen_corpus.py and converts it,
/// then checks every message against the generator's manifest (bytes, folder, date, flags, tags).
enum CorpusGenerator {
  static let script = Fixture.packageRoot.deletingLastPathComponent().appendingPathComponent(
    "shared/tools/gen_corpus.py"
  ).path
  static var isPresent: Bool {
    FileManager.default.fileExists(atPath: script)
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
  }
}

@Suite(.enabled(if: CorpusGenerator.isPresent, "../shared/tools/gen_corpus.py or python3 absent"))
struct GroundTruthTests {
  static let generator = CorpusGenerator.script

  static func generate(into dir: String) throws -> [ManifestRow] {
    let run = try ExternalProgram.run(
      "/usr/bin/python3", [generator, "--out", dir, "--size", "3M", "--seed", "7"])
    #expect(run.status == 0, "\(run.errors)")
    let text = try String(contentsOfFile: dir + "/manifest.tsv", encoding: .utf8)
    return try text.split(separator: "\n").dropFirst().map { line in
      let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      return ManifestRow(
        folder: f[1], flags: f[4], keywords: f[5].split(separator: " ").map(String.init),
        date: try #require(Int64(f[6]), "manifest date '\(f[6])' is not an integer"), sha256: f[8],
        inNew: f[2].hasPrefix("new/") || f[2].contains("/new/"))
    }
  }

  /// Zimbra folder for a generated folder name under the default mapping.
  static func zimbraFolder(_ folder: String) -> String {
    folder == "INBOX" ? "Inbox" : folder
  }

  /// The `.meta` flag string a row should get (Maildir letters, keyword $Forwarded as forwarded).
  static func expectedFlags(_ row: ManifestRow, mbox: Bool) -> MessageFlags {
    var flags: MessageFlags = []
    if row.flags.contains("S") { flags.insert(.seen) }
    if row.flags.contains("R") { flags.insert(.answered) }
    if row.flags.contains("F") { flags.insert(.flagged) }
    if row.flags.contains("D") { flags.insert(.draft) }
    if row.flags.contains("T") { flags.insert(.deleted) }
    // mbox X-Status has no letter for it
    if row.flags.contains("P") && !mbox { flags.insert(.forwarded) }
    if row.keywords.contains("$Forwarded") { flags.insert(.forwarded) }
    return flags
  }

  func check(bundle: String, rows: [ManifestRow], mbox: Bool) throws {
    var entries: [String: [(folder: String, mtime: Int64, mode: UInt32, meta: ParsedMeta)]] = [:]
    var pendingMeta: ParsedMeta?
    try BundleReader.forEachEntry(bundle) { entry in
      let (name, mode, mtime, data) = (entry.name, entry.mode, entry.mtime, entry.data)
      if name.hasSuffix(".meta") {
        pendingMeta = try MetaRecord.parse(data)
        return
      }
      let slash = try #require(name.lastIndex(of: "/"), "entry \(name) is not in a folder")
      let meta = try #require(pendingMeta, "entry \(name) has no .meta before it")
      entries[SHA256.hash(data).hex, default: []].append(
        (String(name[..<slash]), mtime, mode, meta))
    }
    #expect(entries.values.map(\.count).reduce(0, +) == rows.count)
    for row in rows {
      let wantFolder = mbox ? "Inbox" : Self.zimbraFolder(row.folder)
      guard var candidates = entries[row.sha256],
        let i = candidates.firstIndex(where: { $0.folder == wantFolder })
      else {
        Issue.record(
          "message \(row.sha256.prefix(12)) of \(row.folder) not found with identical bytes in \(wantFolder)"
        )
        continue
      }
      let entry = candidates.remove(at: i)
      entries[row.sha256] = candidates
      #expect(entry.mtime == row.date)
      let flags = Self.expectedFlags(row, mbox: mbox)
      #expect((entry.mode & 0o200 == 0) == !flags.contains(.seen))
      if mbox && row.inNew {
        #expect(entry.meta.flagStr?.contains("u") == !flags.contains(.seen))
      } else {
        #expect(
          entry.meta.flagStr == MetaRecord.flagString(flags),
          "\(row.flags) \(row.keywords) \(row.folder)")
      }
      #expect(entry.meta.tagNames.sorted() == row.keywords.filter { $0 != "$Forwarded" }.sorted())
    }
  }

  @Test func maildirMatchesTheManifest() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let rows = try Self.generate(into: dir.path + "/c")
    #expect(rows.count > 30)
    let report = try Converter(options: ConvertOptions()).convert(
      source: dir.path + "/c/Maildir", output: dir.path + "/md.tgz")
    #expect(report.messagesWritten == rows.count)
    #expect(report.dateSources["mtime"] == rows.count)
    try check(bundle: dir.path + "/md.tgz", rows: rows, mbox: false)
    #expect(
      try Verifier(options: ConvertOptions()).verify(
        source: dir.path + "/c/Maildir", bundle: dir.path + "/md.tgz"
      ).isComplete)
  }

  @Test func mboxMatchesTheManifest() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let rows = try Self.generate(into: dir.path + "/c")
    let report = try Converter(options: ConvertOptions()).convert(
      source: dir.path + "/c/all.mbox", output: dir.path + "/mb.tgz")
    #expect(report.messagesWritten == rows.count)
    #expect(report.dateSources["from-line"] == rows.count)
    try check(bundle: dir.path + "/mb.tgz", rows: rows, mbox: true)
  }
}
