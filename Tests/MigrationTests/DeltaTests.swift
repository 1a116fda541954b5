import Foundation
import MailModel
import TestSupport
import Testing
import ZimbraBundle

@testable import Migration

/// Staged migrations (issue 12): `--state`, `--since`, `--dry-run`, `--dedupe`.
@Suite struct DeltaTests {
  /// A Maildir++ built message by message, each message with its own bytes.
  struct Maildir {
    let root: String
    var next = 0

    init(_ root: String) { self.root = root }

    func directory(_ folder: String) -> String {
      folder == "INBOX" ? root : root + "/." + folder
    }

    /// Writes a new message into `folder` with Maildir flags `flags`; returns its path.
    @discardableResult
    mutating func add(_ folder: String, flags: String = "S", body: String? = nil) throws -> String {
      next += 1
      for sub in ["cur", "new", "tmp"] {
        try FileManager.default.createDirectory(
          atPath: directory(folder) + "/" + sub, withIntermediateDirectories: true)
      }
      let text = """
        From: sender\(next)@example.com\r
        To: user@example.com\r
        Subject: message \(next) in \(folder)\r
        Message-ID: <\(next).\(folder)@example.com>\r
        Date: Mon, 1 Jan 2024 10:00:00 +0000\r
        \r
        \(body ?? "Body of message \(next), written for the delta test.")\r

        """
      let path = directory(folder) + "/cur/\(1_700_000_000 + next).M\(next)P1.host:2,\(flags)"
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      return path
    }
  }

  /// The SHA-256 of every message in `bundle`, with how often each is there.
  static func digests(_ bundle: String) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    _ = try BundleReader.forEachItem(bundle) { item in
      if case .message(let found) = item {
        counts[SHA256.hash(found.entry.data).hex, default: 0] += 1
      }
    }
    return counts
  }

  /// The SHA-256 of every message file under `root`'s `cur/` and `new/` directories.
  static func sourceDigests(_ root: String) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap {
      $0 as? String
    }
    for file in files where file.contains("cur/") || file.contains("new/") {
      counts[SHA256.hash(try TestFiles.bytes(root + "/" + file)).hex, default: 0] += 1
    }
    return counts
  }

  func convert(
    _ source: String, to output: String, since: String? = nil, state: String? = nil,
    dedupe: DedupeScope = .off, dryRun: Bool = false
  ) throws -> ConversionReport {
    var options = ConvertOptions()
    options.bundle = BundleOptions(format: .tgz, compressionLevel: 1, workers: 1)
    options.delta.since = since
    options.delta.state = state
    options.delta.dedupe = dedupe
    options.dryRun = dryRun
    let report = try Converter(options: options).convert(source: source, output: output)
    if !dryRun { try AtomicFile.write(report.json(), to: OutputPaths.report(for: output)) }
    return report
  }

  func verify(_ source: String, _ bundle: String) throws -> VerificationReport {
    let options = try ConversionSettings.forVerify(
      given: ConvertOptions(), bundle: bundle, report: nil
    ).options
    return try Verifier(options: options).verify(source: source, bundle: bundle)
  }

  @Test func aStagedPairGivesEachMessageExactlyOnce() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var maildir = Maildir(dir.path + "/Maildir")
    for _ in 0..<20 { try maildir.add("INBOX") }
    for _ in 0..<15 { try maildir.add("Work") }
    for _ in 0..<10 { try maildir.add("Lists") }
    let state = dir.path + "/state.db"
    let bulk = try convert(maildir.root, to: dir.path + "/bulk.tgz", state: state)
    #expect(bulk.messagesWritten == 45 && bulk.delta?.recordedRun == 1)

    // Between the runs: 37 new messages, 3 flags changed, Work renamed to Projects.
    var added: [String] = []
    for index in 0..<37 {
      added.append(try maildir.add(["INBOX", "Lists", "Work"][index % 3], flags: ""))
    }
    let inbox = try FileManager.default.contentsOfDirectory(atPath: maildir.root + "/cur")
      .sorted().filter { $0.hasSuffix(":2,S") }
    for name in inbox.prefix(3) {
      try FileManager.default.moveItem(
        atPath: maildir.root + "/cur/" + name, toPath: maildir.root + "/cur/" + name + "F")
    }
    try FileManager.default.moveItem(
      atPath: maildir.root + "/.Work", toPath: maildir.root + "/.Projects")

    // A dry run says what the delta would write and writes nothing, state included.
    let dry = try convert(maildir.root, to: dir.path + "/dry.tgz", since: state, dryRun: true)
    #expect(dry.dryRun == true && dry.messagesWritten == 37)
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/dry.tgz"))
    #expect(try MessageState(path: state, account: "").baseRun == 1)

    let delta = try convert(maildir.root, to: dir.path + "/delta.tgz", since: state, state: state)
    #expect(delta.messagesWritten == 37)
    let report = try #require(delta.delta)
    #expect(report.flagsChanged.count == 3)
    #expect(report.flagsChanged.allSatisfy { $0.detail == "flags seen → seen,flagged" })
    #expect(report.moved.count == 15 && report.alreadyExported == 45 - 15 - 3)
    #expect(report.folderChanges.count == 1)
    #expect(report.folderChanges.first?.hasPrefix("renamed: Work → Projects") == true)
    #expect(delta.accountsForEveryMessage)
    #expect(report.recordedRun == 2)

    // The delta bundle holds exactly the 37 new messages.
    let addedDigests = Dictionary(
      try added.map { (SHA256.hash(try TestFiles.bytes(moved($0))).hex, 1) },
      uniquingKeysWith: +)
    #expect(try Self.digests(dir.path + "/delta.tgz") == addedDigests)
    // Both bundles imported give every message of the source exactly once.
    let union = try Self.digests(dir.path + "/bulk.tgz").merging(
      try Self.digests(dir.path + "/delta.tgz"), uniquingKeysWith: +)
    #expect(union == (try Self.sourceDigests(maildir.root)))
    // verify applies the same decisions from the delta's report.
    let checked = try verify(maildir.root, dir.path + "/delta.tgz")
    #expect(checked.isComplete, "\(checked.problems)")
    #expect(checked.matched == 37 && checked.leftOut == 45)
    // A third run against the updated state has nothing new to write.
    let again = try convert(maildir.root, to: dir.path + "/again.tgz", since: state)
    #expect(again.messagesWritten == 0)

    /// Where a message added before the rename is now.
    func moved(_ path: String) -> String {
      path.replacingOccurrences(of: "/.Work/", with: "/.Projects/")
    }
  }

  @Test func aDeltaSplitToSizeKeepsEmptyFoldersAndVerifiesAsAUnion() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var maildir = Maildir(dir.path + "/Maildir")
    let filler = String(repeating: "text that makes the parts fill up\r\n", count: 300)
    for number in 0..<20 { try maildir.add("INBOX", body: "\(number) \(filler)") }
    let state = dir.path + "/state.db"
    _ = try convert(maildir.root, to: dir.path + "/bulk.tgz", state: state)
    for number in 0..<30 { try maildir.add("Projects", body: "\(number) \(filler)") }
    try FileManager.default.createDirectory(
      atPath: maildir.root + "/.Projects.Empty/cur", withIntermediateDirectories: true)
    var options = ConvertOptions()
    options.bundle = BundleOptions(format: .tar)
    options.bundle.maxPartSize = 64 * 1_024
    options.delta.since = state
    options.delta.state = state
    let output = dir.path + "/delta.tar"
    let report = try Converter(options: options).convert(source: maildir.root, output: output)
    try AtomicFile.write(report.json(), to: OutputPaths.report(for: output))
    let parts = try #require(report.parts)
    #expect(parts.count > 1 && parts.allSatisfy { $0.size <= 64 * 1_024 })
    #expect(report.messagesWritten == 30 && report.delta?.alreadyExported == 20)
    #expect(report.emptyFolders == ["Projects/Empty"])
    // The folder entry rides in the last part, after every message.
    var folders: [[String]] = []
    _ = try BundleReader.forEachItem(try #require(parts.last).path) { item in
      if case .folder(let folder) = item { folders.append(folder.path) }
    }
    #expect(folders == [["Projects", "Empty"]])
    let settings = try ConversionSettings.forVerify(
      given: ConvertOptions(), bundle: output, report: nil)
    let checked = try Verifier(options: settings.options).verify(
      source: maildir.root, bundles: parts.map(\.path))
    #expect(checked.isComplete, "\(checked.problems)")
    #expect(checked.matched == 30 && checked.leftOut == 20)
  }

  @Test func batchSplitBundlesAreJournalledResumedAndVerified() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let filler = String(repeating: "text that makes the parts fill up\r\n", count: 300)
    for user in ["alice", "bob"] {
      var maildir = Maildir(dir.path + "/export/" + user)
      for number in 0..<25 { try maildir.add("INBOX", body: "\(user) \(number) \(filler)") }
    }
    let users = [
      BatchUser(address: "alice@example.com", line: 1),
      BatchUser(address: "bob@example.com", line: 2),
    ]
    var options = BatchOptions(
      source: dir.path + "/export/{localpart}", output: dir.path + "/out", jobs: 2)
    options.convert.bundle = BundleOptions(format: .tar)
    options.convert.bundle.maxPartSize = 64 * 1_024
    options.verify = true
    let first = try BatchRunner(options: options).run(users: users, listPath: "users")
    #expect(first.complete == 2 && first.verified == 2, "\(first.results.map(\.reason))")
    let alice = try #require(first.results.first?.parts)
    #expect(alice.count > 1 && alice.allSatisfy { $0.size <= 64 * 1_024 })
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/alice@example.com.tar"))
    // The journal knows the parts: a second run skips both users, a damaged part is redone.
    options.verify = false
    let second = try BatchRunner(options: options).run(users: users, listPath: "users")
    #expect(second.results.allSatisfy { $0.note?.hasPrefix("already complete") == true })
    let damaged = try #require(alice.last).path
    try Data("damaged".utf8).write(to: URL(fileURLWithPath: damaged))
    let third = try BatchRunner(options: options).run(users: users, listPath: "users")
    #expect(third.results[0].note?.contains("converted again") == true)
    #expect(third.results[1].note?.hasPrefix("already complete") == true)
    let rechecked = try BatchVerifier.verify(directory: dir.path + "/out")
    #expect(rechecked.allSatisfy { $0.complete }, "\(rechecked.map(\.problems))")
  }

  @Test func dedupeWritesRepeatedBytesOncePerFolderOrMailbox() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var maildir = Maildir(dir.path + "/Maildir")
    // The same bytes three times (two in INBOX, one in Work) and one message of its own.
    let first = try maildir.add("INBOX", body: "same")
    let copy = maildir.root + "/cur/1800000000.Mcopy.host:2,S"
    try FileManager.default.copyItem(atPath: first, toPath: copy)
    let work = try maildir.add("Work", body: "x")
    try FileManager.default.removeItem(atPath: work)
    try FileManager.default.copyItem(atPath: first, toPath: work)
    try maildir.add("INBOX")
    let plain = try convert(maildir.root, to: dir.path + "/plain.tgz")
    #expect(plain.messagesWritten == 4 && plain.delta == nil)
    let folder = try convert(maildir.root, to: dir.path + "/folder.tgz", dedupe: .folder)
    #expect(folder.messagesWritten == 3)
    #expect(folder.delta?.duplicates.count == 1)
    #expect(folder.delta?.duplicates.first?.detail.contains("(kept)") == true)
    #expect(folder.accountsForEveryMessage)
    let global = try convert(maildir.root, to: dir.path + "/global.tgz", dedupe: .global)
    #expect(global.messagesWritten == 2 && global.delta?.duplicates.count == 2)
    for bundle in ["folder", "global"] {
      let checked = try verify(maildir.root, dir.path + "/\(bundle).tgz")
      #expect(checked.isComplete, "\(bundle): \(checked.problems)")
    }
  }

  @Test func batchKeepsEachUsersStateInItsDatabaseAndCutsOverWithADelta() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var alice = Maildir(dir.path + "/export/alice")
    var bob = Maildir(dir.path + "/export/bob")
    bob.next = 1_000
    for _ in 0..<6 { try alice.add("INBOX") }
    for _ in 0..<4 { try bob.add("Work") }
    let users = [
      BatchUser(address: "alice@example.com", line: 1),
      BatchUser(address: "bob@example.com", line: 2),
    ]
    func batch(_ output: String, since: String? = nil, state: String? = nil, dryRun: Bool = false)
      throws -> BatchReport
    {
      var options = BatchOptions(source: dir.path + "/export/{localpart}", output: output, jobs: 2)
      options.convert.bundle = BundleOptions(format: .tgz, compressionLevel: 1, workers: 1)
      options.convert.delta.since = since
      options.convert.delta.state = state
      options.convert.dryRun = dryRun
      options.verify = !dryRun
      return try BatchRunner(options: options).run(users: users, listPath: "users")
    }
    let bulk = try batch(dir.path + "/bulk")
    #expect(bulk.complete == 2 && bulk.verified == 2 && bulk.messagesLeftOut == nil)

    for _ in 0..<5 { try alice.add("INBOX", flags: "") }
    for _ in 0..<2 { try bob.add("Work", flags: "") }
    let name = try #require(
      try FileManager.default.contentsOfDirectory(atPath: bob.root + "/.Work/cur").sorted().first)
    try FileManager.default.moveItem(
      atPath: bob.root + "/.Work/cur/" + name, toPath: bob.root + "/.Work/cur/" + name + "T")

    let state = dir.path + "/bulk/zmigrate.db"
    let dry = try batch(dir.path + "/dry", since: state, dryRun: true)
    #expect(dry.results.map(\.messagesWritten) == [5, 2])
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/dry"))

    let cutover = try batch(dir.path + "/cutover", since: state, state: state)
    #expect(cutover.results.map(\.messagesWritten) == [5, 2])
    #expect(cutover.verified == 2, "\(cutover.results.map(\.reason))")
    #expect(cutover.messagesLeftOut == 6 + 4)
    let bobReport = try JSONDecoder().decode(
      ConversionReport.self,
      from: Data(
        contentsOf: URL(fileURLWithPath: dir.path + "/cutover/bob@example.com.tgz.report.json")))
    #expect(bobReport.delta?.flagsChanged.count == 1)
    #expect(bobReport.settings?.account == "bob@example.com")
    // Each user's rows are their own: a third run has nothing left to write for either.
    let third = try batch(dir.path + "/third", since: state)
    #expect(third.results.map(\.messagesWritten) == [0, 0])
  }

  @Test(.enabled(if: CommandRun.binary != nil, "zmigrate binary not found beside the test bundle"))
  func aKilledRunRecordsNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var maildir = Maildir(dir.path + "/Maildir")
    let filler = String(repeating: "filler text for a long conversion\r\n", count: 400)
    for number in 0..<4_000 { try maildir.add("INBOX", body: "\(number) " + filler) }
    let state = dir.path + "/state.db"
    let process = try CommandRun.start(
      ["convert", maildir.root, "-o", dir.path + "/x.tgz", "--state", state], in: dir.path)
    // Killed while the bundle is being written: messages are staged, nothing is committed.
    var writing = false
    for _ in 0..<400 where !writing {
      usleep(25_000)
      writing = (try FileManager.default.contentsOfDirectory(atPath: dir.path)).contains {
        $0.contains(".partial-")
      }
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(writing, "the bundle was never being written")
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.tgz"))
    let reopened = try MessageState(path: state, account: "")
    #expect(reopened.baseRun == 0)
    #expect(try reopened.sourceFolders().isEmpty)
  }
}
