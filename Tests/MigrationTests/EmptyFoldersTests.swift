import Foundation
import MailModel
import Migration
import TestSupport
import Testing
import ZimbraBundle

/// Empty folders present after the steps that would run on the server (bundle or folders file).
@Suite struct EmptyFoldersTests {
  static let mail = Array("From: a@example.com\nSubject: s\nMessage-ID: <m@x>\n\nbody\n".utf8)
  static let mbox = Array("From a@example.com Mon Jan  2 09:00:00 2023\n".utf8) + mail

  /// The Zimbra folders that exist after the server runs the folders file (when there is one)
  /// and then imports the bundle, by the rules of Zimbra's archive import (docs/bundle.md,
  /// "Folders"): a message entry creates its folder and the parents; a folder `.meta` creates
  /// its parents and then the folder `name`; a bare directory entry creates nothing;
  /// `createFolder` creates one folder whose parent must exist. Every mailbox's own folders are
  /// left out. Lower-cased, as Zimbra matches names.
  static func foldersAfterImport(_ bundle: String) throws -> Set<String> {
    var created: Set<String> = []
    func create(_ path: [String]) {
      for length in 1...max(1, path.count) where !path.isEmpty {
        created.insert(path.prefix(length).joined(separator: "/").lowercased())
      }
    }
    let foldersFile = OutputPaths.folders(for: bundle)
    if let text = try? String(contentsOfFile: foldersFile, encoding: .utf8) {
      for line in text.split(separator: "\n") {
        let prefix = "createFolder -V message '"
        #expect(line.hasPrefix(prefix) && line.hasSuffix("'"), "\(line)")
        var path = ""
        var escaped = false
        for ch in line.dropFirst(prefix.count).dropLast() {
          if !escaped && ch == "\\" {
            escaped = true
          } else {
            path.append(ch)
            escaped = false
          }
        }
        let levels = path.split(separator: "/").map(String.init)
        let parent = levels.dropLast().joined(separator: "/").lowercased()
        #expect(
          levels.count == 1 || created.contains(parent)
            || FolderMapper.existsInEveryMailbox(Array(levels.dropLast())),
          "createFolder \(path) before its parent")
        created.insert(levels.joined(separator: "/").lowercased())
      }
    }
    var problems: [String] = []
    try BundleReader.forEachItem(bundle) { item in
      switch item {
      case .message(let found): create(found.directory.split(separator: "/").map(String.init))
      case .folder(let folder): create(folder.path)
      case .other: break
      case .problem(let problem): problems.append("\(problem.entry): \(problem.detail)")
      }
    }
    #expect(problems.isEmpty)
    return created.filter {
      !FolderMapper.existsInEveryMailbox($0.split(separator: "/").map(String.init))
    }
  }

  /// A Maildir++ store: INBOX and `.Work` with a message, the rest empty: nested, modified
  /// UTF-7, UTF-8 with no directory for its parent, and a `Sent` every mailbox has.
  static func makeMaildir(_ root: String) throws {
    try TestFiles.make(
      root, ["cur/1000.A.host:2,S": mail, ".Work/cur/2000.B.host:2,S": mail],
      directories: [
        "new", ".Archive/cur", ".Archive.2023/cur", ".Archive.2023.Q1/new", ".R&AOk-sum&AOk-/cur",
        ".Projekte.Übersicht/new", ".Sent/cur", ".Work/new",
      ])
  }

  static let maildirFolders: Set<String> = [
    "archive", "archive/2023", "archive/2023/q1", "résumé", "projekte", "projekte/übersicht",
    "work",
  ]

  static let formats: [(BundleFormat, Bool)] = [
    (.tgz, true), (.tgz, false), (.tar, true), (.directory, true), (.directory, false),
    (.zip, true),
  ]

  static func convert(_ source: String, to output: String, _ format: BundleFormat, meta: Bool)
    throws -> ConversionReport
  {
    var options = ConvertOptions()
    options.bundle = BundleOptions(format: format, compressionLevel: 1, workers: 2, writeMeta: meta)
    return try Converter(options: options).convert(source: source, output: output)
  }

  static func output(_ dir: TemporaryDirectory, _ format: BundleFormat) -> String {
    let names: [BundleFormat: String] = [
      .tgz: "out.tgz", .tar: "out.tar", .directory: "out/", .zip: "out.zip",
    ]
    return dir.path + "/" + (names[format] ?? "out")
  }

  @Test(arguments: 0..<formats.count)
  func maildirEmptyFoldersExistAfterImport(case index: Int) throws {
    let (format, meta) = Self.formats[index]
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Self.makeMaildir(dir.path + "/Maildir")
    let output = Self.output(dir, format)
    let report = try Self.convert(dir.path + "/Maildir", to: output, format, meta: meta)
    #expect(try Self.foldersAfterImport(output) == Self.maildirFolders)
    #expect(
      Set(report.emptyFolders ?? []) == [
        "Archive", "Archive/2023", "Archive/2023/Q1", "Résumé", "Projekte/Übersicht",
      ])
    #expect((report.foldersFile != nil) == (format == .zip))
    #expect(report.accountsForEveryMessage && report.messagesWritten == 2)
  }

  @Test func folderEntriesComeLastAndSayWhatZimbraReads() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Self.makeMaildir(dir.path + "/Maildir")
    let output = dir.path + "/out.tar"
    _ = try Self.convert(dir.path + "/Maildir", to: output, .tar, meta: false)
    var names: [String] = []
    try BundleReader.forEachEntry(output) { entry in
      names.append(entry.name)
      guard entry.name.hasSuffix(".meta") else { return }
      let json = try JSONSerialization.jsonObject(with: Data(entry.data)) as? [String: Any]
      #expect(json?["type"] as? Int == 1)
      #expect(json?["metadata"] as? String == "d2:vti5ee")
      #expect(json?["blob_digest"] == nil)
      let path = (json?["Path"] as? String) ?? ""
      #expect(path.hasPrefix("/") && !path.hasSuffix("/"))
      #expect(path.split(separator: "/").last.map(String.init) == json?["name"] as? String)
    }
    let firstFolder = try #require(names.firstIndex { $0.hasSuffix(".meta") })
    #expect(names[firstFolder...].allSatisfy { $0.hasSuffix(".meta") })
    #expect(names.count == 2 + 5)
  }

  @Test(arguments: [BundleFormat.tgz, .zip])
  func mboxTreeEmptyFileAndDirectory(format: BundleFormat) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let source = dir.path + "/mail"
    try TestFiles.make(
      source, ["INBOX": Self.mbox, "Work": Self.mbox, "Empty": [], "Ärger": []],
      directories: ["Lists", "Deep/Sub"])
    let output = Self.output(dir, format)
    let report = try Self.convert(source, to: output, format, meta: true)
    #expect(report.messagesWritten == 2)
    #expect(
      try Self.foldersAfterImport(output) == [
        "work", "empty", "ärger", "lists", "deep", "deep/sub",
      ])
  }

  @Test(arguments: [BundleFormat.tgz, .zip])
  func emlTreeEmptyDirectory(format: BundleFormat) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let source = dir.path + "/eml"
    try TestFiles.make(
      source, ["a.eml": Self.mail, "Projects/p.eml": Self.mail],
      directories: ["Empty", "Nested/Deeper", "Ünïcode"])
    let output = Self.output(dir, format)
    let report = try Self.convert(source, to: output, format, meta: true)
    #expect(report.messagesWritten == 2)
    #expect(
      try Self.foldersAfterImport(output) == [
        "projects", "empty", "nested", "nested/deeper", "ünïcode",
      ])
  }

  @Test(arguments: [BundleFormat.directory, .zip])
  func verifyFindsARemovedFolder(format: BundleFormat) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let source = dir.path + "/Maildir"
    try Self.makeMaildir(source)
    let output = Self.output(dir, format)
    _ = try Self.convert(source, to: output, format, meta: true)
    var options = ConvertOptions()
    options.bundle.format = format
    let clean = try Verifier(options: options).verify(source: source, bundle: output)
    #expect(clean.problems.isEmpty)
    #expect(clean.holdsEverySourceMessage)

    // Take the folder Archive/2023/Q1 out: its entry, or its line of the folders file.
    if format == .zip {
      let file = OutputPaths.folders(for: output)
      let text = try String(contentsOfFile: file, encoding: .utf8)
      let kept = text.split(separator: "\n").filter { !$0.contains("/Q1'") }
      try (kept.joined(separator: "\n") + "\n").write(
        toFile: file, atomically: true, encoding: .utf8)
    } else {
      let folders = output + BundleLayout.folderEntryDirectory
      for name in try FileManager.default.contentsOfDirectory(atPath: folders) {
        let data = try Data(contentsOf: URL(fileURLWithPath: folders + "/" + name))
        if String(decoding: data, as: UTF8.self).contains("\"Path\":\"/Archive/2023/Q1\"") {
          try FileManager.default.removeItem(atPath: folders + "/" + name)
        }
      }
    }
    let broken = try Verifier(options: options).verify(source: source, bundle: output)
    #expect(broken.problems.map(\.kind) == [.missingFolder])
    #expect(broken.problems.first?.entry == "Archive/2023/Q1")
    #expect(!broken.holdsEverySourceMessage)
  }

  @Test func folderFileQuotesAndOrdersParentsFirst() {
    let text = EmptyFolders.zmmailboxCommands([["Inbox", "O'Brien\\x"], ["A", "B"], ["A"]])
    #expect(
      text
        == "createFolder -V message '/Inbox/O\\'Brien\\\\x'\ncreateFolder -V message '/A'\n"
        + "createFolder -V message '/A/B'\n")
    #expect(
      EmptyFolders.createdFolders(inCommands: text) == [
        ["Inbox", "O'Brien\\x"], ["A"], ["A", "B"],
      ])
  }
}

extension EmptyFoldersTests {
  @Test(.enabled(if: CommandRun.enabled, "zmigrate binary not found beside the test bundle"))
  func terminalSummarySaysHowManyFoldersWereCarried() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Self.makeMaildir(dir.path + "/Maildir")
    let tgz = try CommandRun.zmigrate(["convert", "Maildir", "-o", "m.tgz"], in: dir.path)
    #expect(tgz.status == 0, "\(tgz.stdout)\(tgz.stderr)")
    #expect(tgz.stdout.contains("empty folders carried: 5 (as folder entries in the bundle)"))
    let zip = try CommandRun.zmigrate(["convert", "Maildir", "-o", "m.zip"], in: dir.path)
    #expect(zip.stdout.contains("empty folders carried: 5 (in m.folders.zmm)"))
    #expect(FileManager.default.fileExists(atPath: dir.path + "/m.folders.zmm"))
    let verify = try CommandRun.zmigrate(["verify", "Maildir", "m.zip"], in: dir.path)
    #expect(verify.status == 0, "\(verify.stdout)")
  }
}
