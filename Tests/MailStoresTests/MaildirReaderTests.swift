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

@Suite struct MaildirReaderTests {
  /// Everything one read of a store produced.
  struct Run {
    var messages: [Message]
    var diagnostics: [Diagnostic]

    /// The messages keyed by the leading timestamp of their name (unique in the fixture).
    var byStamp: [String: Message] {
      Dictionary(messages.map { (stamp($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    func diagnostics(_ code: String) -> [Diagnostic] { diagnostics.filter { $0.code == code } }
  }

  static func stamp(_ message: Message) -> String {
    String(message.sourceID.prefix(while: \.isNumber))
  }

  static func read(_ root: String) throws -> Run {
    var messages: [Message] = []
    var diagnostics: [Diagnostic] = []
    try MaildirReader(root: root).readMessages(
      diagnostics: { diagnostics.append($0) }, { messages.append($0) })
    return Run(messages: messages, diagnostics: diagnostics)
  }

  /// A copy of `Fixtures/maildir` in a temporary directory, every message file's mtime set to
  /// its name's timestamp + 7 (git does not keep mtimes).
  static func fixtureCopy() throws -> (TemporaryDirectory, String) {
    let (temp, root) = try TestFiles.copyFixture("maildir")
    try TestFiles.setMtimes(below: root) { relative in
      guard
        relative.contains("/cur/") || relative.contains("/new/") || relative.hasPrefix("cur/")
          || relative.hasPrefix("new/")
      else { return nil }
      let name = (relative as NSString).lastPathComponent
      return Int64(name.prefix(while: \.isNumber)).map { $0 + 7 }
    }
    return (temp, root)
  }

  static func mail(_ subject: String) -> [UInt8] {
    Array(
      "From: a@example.org\nTo: b@example.org\nSubject: \(subject)\n\nbody of \(subject)\n".utf8)
  }

  static func id(_ stamp: Int, _ n: Int, size: Int? = nil) -> String {
    "\(stamp).M\(n)P\(2000 + n % 1000).mx1.example.org" + (size.map { ",S=\($0)" } ?? "")
  }

  // MARK: - Fixture

  @Test func flagsAndKeywordsPerMessage() throws {
    let (temp, root) = try Self.fixtureCopy()
    defer { temp.cleanup() }
    let run = try Self.read(root)
    #expect(run.messages.count == 17)
    let m = run.byStamp
    let expected: [(String, MessageFlags, [String])] = [
      ("1700000001", [.seen], []),
      ("1700000002", [.draft, .flagged, .forwarded, .answered, .seen, .deleted], []),
      ("1700000003", [], []),
      ("1700000004", [.answered, .seen], []),
      ("1700000005", [.seen], []),
      ("1700000006", [.flagged, .seen], []),
      ("1700000007", [], []),
      ("1700000008", [.flagged, .seen], []),
      ("1700000009", [.answered, .seen], []),
      ("1700000010", [], []),
      ("1700000100", [.seen], []),
      ("1672600000", [.answered, .seen], []),
      ("1700000300", [.draft, .seen], []),
      ("1700000400", [], []),
      ("1700000500", [.seen], ["$NonJunk"]),
      ("1700000501", [.seen], ["$Junk", "project-x"]),
      ("1700000502", [.seen], ["$NonJunk"]),
    ]
    for (stamp, flags, keywords) in expected {
      let message = try #require(m[stamp], "message \(stamp)")
      #expect(message.flags == flags, "flags of \(stamp)")
      #expect(message.keywords == keywords, "keywords of \(stamp)")
    }
    let unknown = run.diagnostics("unknown-keyword-letter")
    #expect(unknown.count == 1)
    #expect(unknown.first?.severity == .warning)
    #expect(
      unknown.first?.location.file.hasSuffix("1700000502.M100502P2502.mx1.example.org:2,Sbz")
        == true)
    let experimental = run.diagnostics("experimental-info")
    #expect(experimental.count == 1)
    #expect(experimental.first?.location.file.hasSuffix(":1,xyz") == true)
    #expect(m["1700000001"]?.sourceID == Self.id(1_700_000_001, 100001, size: 518))
    #expect(m["1700000007"]?.sourceID == Self.id(1_700_000_007, 100007))
  }

  @Test func foldersAreDecoded() throws {
    let reader = MaildirReader(root: Fixture.path("maildir"))
    #expect(reader.formatName == "maildir")
    #expect(
      try reader.folders() == [
        .inbox, FolderPath(["Archive", "2023"]), FolderPath(["Entwürfe"]), FolderPath(["Lists"]),
        FolderPath(["R&D Notes"]), FolderPath(["Sent"]),
      ])
    let run = try Self.read(Fixture.path("maildir"))
    #expect(run.diagnostics("folder-name-encoding").isEmpty)
    #expect(run.byStamp["1700000300"]?.folder == FolderPath(["Entwürfe"]))
    #expect(run.byStamp["1700000400"]?.folder == FolderPath(["R&D Notes"]))
    #expect(run.byStamp["1672600000"]?.folder == FolderPath(["Archive", "2023"]))
    #expect(run.byStamp["1700000001"]?.folder == .inbox)
    #expect(MaildirReader.looksLikeMaildir(Fixture.path("maildir")))
  }

  @Test func tmpAndEmptyFilesAreReported() throws {
    let run = try Self.read(Fixture.path("maildir"))
    let tmp = run.diagnostics("tmp-file")
    #expect(tmp.count == 1)
    #expect(tmp.first?.severity == .ignored)
    #expect(
      tmp.first?.location.file.hasSuffix("/tmp/1700000099.M100099P2099.mx1.example.org") == true)
    let empty = run.diagnostics("empty-file")
    #expect(empty.count == 1)
    #expect(empty.first?.severity == .ignored)
    #expect(
      empty.first?.location.file.hasSuffix("/new/1700000011.M100011P2011.mx1.example.org") == true)
    #expect(
      !run.messages.contains { Self.stamp($0) == "1700000099" || Self.stamp($0) == "1700000011" })
    // Control files beside cur/ and new/ are listed as not mail (issue 9: nothing is passed
    // over in silence); .keep files in tmp/ are not reported.
    let expectedCodes: Set<String> = [
      "tmp-file", "empty-file", "trailing-nul", "embedded-nul", "experimental-info",
      "unknown-keyword-letter", "index-file", "hidden-file",
    ]
    #expect(Set(run.diagnostics.map(\.code)) == expectedCodes)
    #expect(
      Set(
        run.diagnostics("index-file").map {
          URL(fileURLWithPath: $0.location.file).lastPathComponent
        })
        == ["dovecot-uidlist", "subscriptions", "dovecot-keywords", "maildirfolder"])
    #expect(run.diagnostics("index-file").allSatisfy { $0.severity == .ignored })
    #expect(
      run.diagnostics("hidden-file").map(\.location.file) == [
        Fixture.path("maildir") + "/.gitattributes"
      ])
    #expect(!run.diagnostics.contains { $0.location.file.hasSuffix(".keep") })
  }

  @Test func trailingNULsAreStrippedAndEmbeddedNULsKept() throws {
    let root = Fixture.path("maildir")
    let run = try Self.read(root)
    let crashed = try #require(run.byStamp["1700000005"])
    let original = try TestFiles.bytes(crashed.location.file)
    #expect(original.suffix(12) == ArraySlice(repeating: 0, count: 12))
    #expect(crashed.bytes == Array(original.dropLast(12)))
    #expect(crashed.transformations == [.strippedTrailingNUL])
    let trailing = run.diagnostics("trailing-nul")
    #expect(trailing.count == 1 && trailing.first?.severity == .warning)
    #expect(trailing.first?.location == crashed.location)

    let odd = try #require(run.byStamp["1700000006"])
    #expect(odd.bytes == (try TestFiles.bytes(odd.location.file)))
    #expect(odd.bytes.contains(0))
    #expect(odd.transformations.isEmpty)
    let embedded = run.diagnostics("embedded-nul")
    #expect(embedded.count == 1 && embedded.first?.severity == .warning)
    #expect(embedded.first?.location == odd.location)
  }

  @Test func bytesAreKeptExactlyIncludingCRLF() throws {
    let run = try Self.read(Fixture.path("maildir"))
    for message in run.messages where !message.transformations.contains(.strippedTrailingNUL) {
      #expect(message.bytes == (try TestFiles.bytes(message.location.file)), "\(message.location)")
    }
    let crlf = try #require(run.byStamp["1700000004"])
    let crCount = crlf.bytes.filter { $0 == 13 }.count
    let lfCount = crlf.bytes.filter { $0 == 10 }.count
    #expect(crCount > 10 && crCount == lfCount)
    #expect(crlf.sourceID == Self.id(1_700_000_004, 100004, size: crlf.bytes.count))
  }

  @Test func semicolonAndBangSeparators() throws {
    let run = try Self.read(Fixture.path("maildir"))
    let bang = try #require(run.byStamp["1700000008"])
    #expect(bang.sourceID == Self.id(1_700_000_008, 100008))
    #expect(bang.flags == [.flagged, .seen])
    #expect(bang.location.file.hasSuffix("!2,FS"))
    let semicolon = try #require(run.byStamp["1700000009"])
    #expect(semicolon.sourceID == Self.id(1_700_000_009, 100009))
    #expect(semicolon.flags == [.answered, .seen])
    #expect(semicolon.location.file.hasSuffix(";2,RS"))
  }

  @Test func orderIsDeterministic() throws {
    let run = try Self.read(Fixture.path("maildir"))
    let order = run.messages.map { "\($0.folder)|\(Self.stamp($0))" }
    #expect(
      order == [
        "INBOX|1700000001", "INBOX|1700000002", "INBOX|1700000003", "INBOX|1700000004",
        "INBOX|1700000005", "INBOX|1700000006", "INBOX|1700000007", "INBOX|1700000008",
        "INBOX|1700000009", "INBOX|1700000010", "Archive/2023|1672600000", "Entwürfe|1700000300",
        "Lists|1700000500", "Lists|1700000501", "Lists|1700000502", "R&D Notes|1700000400",
        "Sent|1700000100",
      ])
    #expect(
      try Self.read(Fixture.path("maildir")).messages.map(\.location)
        == run.messages.map(\.location))

    // cur/ and new/ are merged by file name.
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try TestFiles.make(
      temp.path,
      [
        "new/1000000003.a": Self.mail("3"), "cur/1000000002.a:2,S": Self.mail("2"),
        "new/1000000001.a": Self.mail("1"), "cur/1000000004.a:2,": Self.mail("4"),
      ], directories: ["tmp"])
    let merged = try Self.read(temp.path)
    #expect(
      merged.messages.map(\.sourceID) == [
        "1000000001.a", "1000000002.a", "1000000003.a", "1000000004.a",
      ])
    #expect(merged.messages.map(\.flags) == [[], [.seen], [], []])
    #expect(merged.diagnostics.isEmpty)
  }

  @Test func nonMaildirThrows() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    try TestFiles.make(
      temp.path,
      ["plain/notes.txt": Array("hello\n".utf8), "plain/.git/HEAD": Array("ref\n".utf8)],
      directories: ["empty", "plain/.hidden/tmp", "plain/sub/tmp"])
    for name in ["empty", "plain", "plain/notes.txt", "missing"] {
      let path = temp.path + "/" + name
      #expect(!MaildirReader.looksLikeMaildir(path), "\(path)")
      let error = #expect(throws: MailStoreError.self, "\(path)") {
        try MaildirReader(root: path).readMessages(diagnostics: { _ in }, { _ in })
      }
      #expect(error?.message.hasPrefix("not a Maildir") == true)
      #expect(error?.location.file == path)
      #expect(throws: MailStoreError.self) { try MaildirReader(root: path).folders() }
    }
    let error = #expect(throws: MailStoreError.self) {
      try MaildirReader(root: temp.path + "/plain").folders()
    }
    #expect(error?.message == "not a Maildir: no cur/ or new/ found")
  }

  @Test func dateFallbacks() throws {
    let (temp, root) = try Self.fixtureCopy()
    defer { temp.cleanup() }
    let received = Array(
      """
      Received: from a.example.net by b.example.org; Tue, 14 Nov 2023 10:00:00 +0000
      Received: from c.example.net by a.example.net; Tue, 14 Nov 2023 09:59:00 +0000
      Date: Mon, 13 Nov 2023 08:00:00 +0000
      Subject: dates

      body

      """.utf8)
    let dateOnly = Array("Date: Mon, 13 Nov 2023 08:00:00 +0100\nSubject: d\n\nbody\n".utf8)
    try TestFiles.make(
      root,
      [
        "cur/msg.4711:2,S": received, "cur/msg.4712:2,S": dateOnly,
        "cur/msg.4713:2,S": Array("Subject: no date\n\nbody\n".utf8),
      ])
    let zeroed = [
      "/cur/1700000002.M100002P2002.mx1.example.org:2,DFPRST", "/cur/msg.4711:2,S",
      "/cur/msg.4712:2,S",
      "/cur/msg.4713:2,S",
    ]
    for path in zeroed { try TestFiles.setMtime(root + path, 0) }
    try TestFiles.setMtime(root + "/cur/1700000003.M100003P2003.mx1.example.org:2,", -3600)
    let run = try Self.read(root)
    let m = run.byStamp
    #expect(m["1700000001"]?.internalDate == 1_700_000_008)
    #expect(m["1700000001"]?.dateSource == .fileMtime)
    #expect(m["1672600000"]?.internalDate == 1_672_600_007)
    #expect(m["1700000002"]?.internalDate == 1_700_000_002)
    #expect(m["1700000002"]?.dateSource == .fileName)
    #expect(m["1700000003"]?.internalDate == 1_700_000_003)
    #expect(m["1700000003"]?.dateSource == .fileName)
    let bySource = Dictionary(
      run.messages.map { ($0.sourceID, $0) }, uniquingKeysWith: { a, _ in a })
    let tenUTC = MailDate.epoch(year: 2023, month: 11, day: 14, hour: 10, minute: 0, second: 0)
    #expect(bySource["msg.4711"]?.internalDate == tenUTC)
    #expect(bySource["msg.4711"]?.dateSource == .received)
    let sevenUTC = MailDate.epoch(year: 2023, month: 11, day: 13, hour: 7, minute: 0, second: 0)
    #expect(bySource["msg.4712"]?.internalDate == sevenUTC)
    #expect(bySource["msg.4712"]?.dateSource == .dateHeader)
    #expect(bySource["msg.4713"]?.internalDate == 0)
    #expect(bySource["msg.4713"]?.dateSource == .fileMtime)
  }

  // MARK: - Edge cases in temporary stores

  @Test func folderNameEdgeCases() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let root = temp.path
    try TestFiles.make(
      root,
      [
        "cur/1.a:2,S": Self.mail("inbox"),
        ".&AC8-etc/cur/2.a:2,S": Self.mail("slash"),
        ".&AC4-&AC4-/new/3.a": Self.mail("dotdot"),
        ".A..B/cur/4.a:2,": Self.mail("empty component"),
        ".AT&T/cur/5.a:2,": Self.mail("bare ampersand"),
        ".Résumé/cur/6.a:2,": Self.mail("utf8 name"),
        "..DOVECOT-TRASHED/cur/7.a:2,": Self.mail("trashed"),
        ".DOVECOT-TRASHED/cur/8.a:2,": Self.mail("trashed too"),
        ".Trash.DOVECOT-TRASHED/cur/8b.a:2,": Self.mail("trashed child"),
        ".notmail/notes.txt": Self.mail("not a folder"),
        "Projects/Alpha/cur/9.a:2,S": Self.mail("fs child with missing parent"),
        "Team/cur/10.a:2,": Self.mail("fs folder"),
        "Team/Sub/new/11.a": Self.mail("fs grandchild"),
        "Caf&AOk-/cur/12.a:2,": Self.mail("fs mutf7"),
        "courierimapkeywords/:list": Array("x\n".utf8),
      ],
      directories: ["new", "tmp", ".Empty/cur", ".Empty/tmp"])
    let reader = MaildirReader(root: root)
    #expect(
      try reader.folders() == [
        .inbox, FolderPath([".."]), FolderPath(["/etc"]), FolderPath(["A", "", "B"]),
        FolderPath(["AT&T"]),
        FolderPath(["Café"]), FolderPath(["Empty"]), FolderPath(["Projects", "Alpha"]),
        FolderPath(["Résumé"]), FolderPath(["Team"]), FolderPath(["Team", "Sub"]),
      ])
    let run = try Self.read(root)
    let folderOf = Dictionary(
      run.messages.map { (Self.stamp($0), $0.folder) }, uniquingKeysWith: { a, _ in a })
    #expect(folderOf["2"] == FolderPath(["/etc"]))
    #expect(folderOf["3"] == FolderPath([".."]))
    #expect(folderOf["4"] == FolderPath(["A", "", "B"]))
    #expect(folderOf["5"] == FolderPath(["AT&T"]))
    #expect(folderOf["6"] == FolderPath(["Résumé"]))
    #expect(folderOf["9"] == FolderPath(["Projects", "Alpha"]))
    #expect(folderOf["11"] == FolderPath(["Team", "Sub"]))
    #expect(folderOf["12"] == FolderPath(["Café"]))
    #expect(folderOf["7"] == nil && folderOf["8"] == nil)
    #expect(run.messages.count == 10)
    // Paths come from directory entries, never from decoded names.
    #expect(
      run.messages.first { Self.stamp($0) == "2" }?.location.file == root + "/.&AC8-etc/cur/2.a:2,S"
    )
    #expect(
      run.messages.first { Self.stamp($0) == "3" }?.location.file == root + "/.&AC4-&AC4-/new/3.a")
    let encoding = run.diagnostics("folder-name-encoding")
    #expect(encoding.count == 2)
    #expect(encoding.allSatisfy { $0.severity == .warning })
    let warnedNames = Set(encoding.map { URL(fileURLWithPath: $0.location.file).lastPathComponent })
    #expect(warnedNames == [".AT&T", ".Résumé"])
    #expect(!run.diagnostics.contains { $0.severity != .warning })
  }

  @Test func unreadableAndOddFilesAreReported() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let root = temp.path
    try TestFiles.make(
      root,
      [
        "cur/1.a:2,S": Self.mail("fine"),
        "cur/2.a:2,S": [0, 0, 0, 0],
        "cur/.hidden:2,S": Self.mail("dotfile"),
        "new/4.a": Self.mail("fine too"),
        "tmp/.keep": [],
        "tmp/5.a": Self.mail("partial"),
      ],
      directories: ["cur/6.subdirectory"])
    #expect(symlink(root + "/nowhere", root + "/cur/3.a:2,S") == 0)
    #expect(mkfifo(root + "/new/7.fifo", 0o600) == 0)
    let run = try Self.read(root)
    #expect(run.messages.map(\.sourceID) == ["1.a", "4.a"])
    let unreadable = run.diagnostics("unreadable")
    #expect(unreadable.count == 1)
    #expect(unreadable.first?.severity == .skipped)
    #expect(unreadable.first?.location.file == root + "/cur/3.a:2,S")
    #expect(unreadable.first?.message.contains("No such file or directory") == true)
    let empty = run.diagnostics("empty-file")
    #expect(empty.count == 1 && empty.first?.location.file == root + "/cur/2.a:2,S")
    #expect(run.diagnostics("not-regular-file").first?.location.file == root + "/new/7.fifo")
    #expect(run.diagnostics("tmp-file").map(\.location.file) == [root + "/tmp/5.a"])
    #expect(run.diagnostics.count == 4)
  }

  @Test func infoAndKeywordFileEdgeCases() throws {
    let temp = try TemporaryDirectory()
    defer { temp.cleanup() }
    let root = temp.path
    try TestFiles.make(
      root,
      [
        "cur/1.a:2,S,extra=1": Self.mail("comma ends flags"),
        "cur/2.host:with:colons": Self.mail("colon without info"),
        "cur/3.a:2,Sabcaxy": Self.mail("keywords"),
        "cur/4.a:2,SX": Self.mail("unknown upper-case letter"),
        "cur/5.a;x:2,F": Self.mail("last separator wins"),
        "dovecot-keywords": Array(
          "0 $Junk\r\nnospace\n1 $Junk\n2 Work\n30 TooHigh\nx NotANumber\n23 Project X\n24 \n3 Work\n"
            .utf8),
      ])
    let run = try Self.read(root)
    let byID = Dictionary(run.messages.map { ($0.sourceID, $0) }, uniquingKeysWith: { a, _ in a })
    #expect(byID["1.a"]?.flags == [.seen])
    #expect(byID["2.host:with:colons"]?.flags == [])
    #expect(byID["3.a"]?.flags == [.seen])
    #expect(byID["3.a"]?.keywords == ["$Junk", "Work", "Project X"])
    #expect(byID["4.a"]?.flags == [.seen])
    #expect(byID["5.a;x"]?.flags == [.flagged])
    // b (duplicate name) and y (empty name) have no entry.
    let letters = run.diagnostics("unknown-keyword-letter").map(\.message)
    #expect(letters.count == 2)
    #expect(letters.contains { $0.contains("'b'") } && letters.contains { $0.contains("'y'") })
  }

  // MARK: - Shared corpus

  @Test(.enabled(if: Corpus.isPresent, "shared corpus absent"))
  func notmuchCorpusReadsEveryFileExactly() throws {
    let top = Corpus.url("notmuch").path
    let fm = FileManager.default
    let relatives = fm.enumerator(atPath: top)?.allObjects as? [String] ?? []
    var directories: [String] = []
    var expected: [String: [UInt8]] = [:]
    var loose: Set<String> = []
    var noted: Set<String> = []
    for relative in relatives {
      let path = top + "/" + relative
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        directories.append(path)
        continue
      }
      let parent = (relative as NSString).deletingLastPathComponent
      let parentName = (parent as NSString).lastPathComponent
      let attributes = try fm.attributesOfItem(atPath: path)
      guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
      if parentName == "cur" || parentName == "new" {
        expected[path] = try TestFiles.bytes(path)
      } else if MaildirReader.looksLikeMaildir(top + "/" + parent) {
        // Lying beside cur/ and new/ (10 files of the corpus): read too, each with a note.
        expected[path] = try TestFiles.bytes(path)
        loose.insert(path)
      }
    }
    let maildirs = directories.filter { MaildirReader.looksLikeMaildir($0) }
    // Roots: maildirs not inside another maildir (nested ones are read as LAYOUT=fs children).
    let roots = maildirs.filter { candidate in !maildirs.contains { candidate.hasPrefix($0 + "/") }
    }.sorted()
    #expect(!roots.isEmpty)
    var seen: Set<String> = []
    var count = 0
    for root in roots {
      let run = try Self.read(root)
      #expect(!run.diagnostics.contains { $0.severity != .warning }, "\(run.diagnostics)")
      noted.formUnion(run.diagnostics("outside-cur-new").map(\.location.file))
      for message in run.messages {
        count += 1
        let file = message.location.file
        #expect(seen.insert(file).inserted, "read twice: \(file)")
        guard let original = expected[file] else {
          Issue.record("not a message file of a Maildir folder: \(file)")
          continue
        }
        var want = original
        if message.transformations.contains(.strippedTrailingNUL) {
          while want.last == 0 { want.removeLast() }
        }
        #expect(message.bytes == want, "\(file)")
      }
    }
    #expect(count == expected.count)
    #expect(Set(expected.keys) == seen)
    #expect(loose.count == 10)
    #expect(noted == loose)
  }
}
