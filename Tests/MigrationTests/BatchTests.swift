import Foundation
import MailModel
import TestSupport
import Testing
import ZimbraBundle

@testable import Migration

/// `zmigrate batch`, first part (issue 11): user lists, patterns, shards, and a run over
/// fixtures in which one user fails and the others verify.
@Suite struct BatchTests {
  @Test func userListForms() throws {
    let plain = try BatchUsers.parse("# staff\nalice@example.com\n\nbob@example.com\n", file: "u")
    #expect(plain.map(\.address) == ["alice@example.com", "bob@example.com"])
    #expect(plain.map(\.line) == [2, 4])
    let tsv = try BatchUsers.parse(
      "email\tsource\tinto\nalice@example.com\t/x/alice\tOld\nbob@example.com\t\t\n", file: "u.tsv")
    #expect(
      tsv[0] == BatchUser(address: "alice@example.com", source: "/x/alice", into: "Old", line: 2))
    #expect(tsv[1].source == nil)
    let csv = try BatchUsers.parse("Account,Contacts\ncarol@example.com,c.vcf\n", file: "u.csv")
    #expect(csv == [BatchUser(address: "carol@example.com", contacts: "c.vcf", line: 2)])
    let seed = try BatchUsers.parse("alice@example.com;S3cr3t!\n", file: "seed.txt")
    #expect(seed.map(\.address) == ["alice@example.com"])
    let imapsync = try BatchUsers.parse(
      "old.example.com;alice;pw1;zimbra.example.com;alice@example.com;pw2\n", file: "i.txt")
    #expect(imapsync.map(\.address) == ["alice@example.com"])
    let zmprov = try BatchUsers.parse(
      "ca 'alice@example.com' 'Al1ce-pw' displayName 'Alice'\naaa 'alice@example.com' 'a@example.com'\nexit\n",
      file: "u.zmp")
    #expect(zmprov.map(\.address) == ["alice@example.com"])
  }

  @Test func badListsNameTheLineAndNeverThePassword() {
    let twice = #expect(throws: MigrationError.self) {
      try BatchUsers.parse("alice@example.com\nALICE@example.com\n", file: "u")
    }
    #expect(twice?.description == "u:2: ALICE@example.com is listed twice (first on line 1)")
    for text in ["not-an-address;S3cr3t!Zz\n", "a;b;S3cr3t!Zz\n", "../../etc@x/y;S3cr3t!Zz\n"] {
      let error = #expect(throws: MigrationError.self) { try BatchUsers.parse(text, file: "u") }
      #expect(error?.location?.line == 1)
      #expect(error?.description.contains("S3cr3t") == false)
    }
  }

  @Test func patternsAndShards() {
    let user = BatchUser(address: "alice@example.com", line: 1)
    #expect(
      user.expand("/export/{domain}/{localpart}/Maildir") == "/export/example.com/alice/Maildir")
    #expect(user.expand("/c/{user}.vcf") == "/c/alice@example.com.vcf")
    // Shards 1/3, 2/3 and 3/3 cover every user exactly once, whatever the list order or case.
    let users = (0..<300).map { BatchUser(address: "user\($0)@example.com", line: $0 + 1) }
    var covered: [String] = []
    for k in 1...3 {
      var options = BatchOptions(source: "/x", output: "/tmp/unused")
      options.shard = (k, 3)
      covered += BatchRunner(options: options).selected(users.reversed()).map(\.address)
    }
    #expect(covered.count == 300 && Set(covered).count == 300)
    #expect(user.shard(of: 3) == BatchUser(address: "ALICE@Example.com", line: 9).shard(of: 3))
  }

  @Test func runConvertsEachUserAndOneFailureCostsOnlyThatUser() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let export = dir.path + "/export/example.com"
    for (user, fixture) in [("alice", "maildir"), ("bob", "maildir-tree/mbsync")] {
      try FileManager.default.createDirectory(
        atPath: export + "/" + user, withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: Fixture.path(fixture), toPath: export + "/" + user + "/Maildir")
    }
    let list = try BatchUsers.parse(
      "alice@example.com;S3cr3t!Zz\nbob@example.com;S3cr3t!Zz\ncarol@example.com;S3cr3t!Zz\n",
      file: "users.txt")
    let out = dir.path + "/out"
    var options = BatchOptions(
      source: dir.path + "/export/{domain}/{localpart}/Maildir", output: out, jobs: 2)
    options.convert.bundle = BundleOptions(format: .tgz, compressionLevel: 1, workers: 1)
    let report = try BatchRunner(options: options).run(users: list, listPath: "users.txt")
    #expect(report.userCount == 3 && report.complete == 2 && report.failed == 1)
    #expect(report.results.map(\.user) == list.map(\.address))
    let carol = try #require(report.results.last)
    #expect(carol.status == "failed" && carol.bundle == nil)
    #expect(carol.reason?.contains("carol/Maildir") == true)
    for result in report.results where result.status == "complete" {
      let bundle = try #require(result.bundle)
      let verified = try Verifier(options: ConvertOptions()).verify(
        source: result.source, bundle: bundle)
      #expect(verified.holdsEverySourceMessage, "\(verified.problems)")
      #expect(verified.matched == result.messagesWritten)
      // The digest taken while writing is the file's.
      #expect(result.bundleSHA256 == BatchJournal.digest(ofFile: bundle))
    }
    let decoded = try JSONDecoder().decode(
      BatchReport.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
    #expect(decoded.messagesWritten == report.messagesWritten)
    let log = try String(contentsOfFile: out + "/batch.log", encoding: .utf8)
    #expect(log.split(separator: "\n").count == 6)  // started + finished/failed per user
    for name in try FileManager.default.contentsOfDirectory(atPath: out) {
      let text = String(decoding: try TestFiles.bytes(out + "/" + name), as: UTF8.self)
      #expect(!text.contains("S3cr3t"), "\(name)")
      #expect(!name.contains(".partial"), "temporary file left: \(name)")
    }
  }
}

/// The journal: resume skips what is done, redoes what changed, cleans up dead runs' files.
@Suite struct BatchJournalTests {
  /// A tree of `count` users, each with a copy of the Maildir fixture, and its user list.
  static func organisation(_ dir: String, count: Int) throws -> [BatchUser] {
    for number in 0..<count {
      try FileManager.default.createDirectory(
        atPath: dir + "/export", withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: Fixture.path("maildir"), toPath: dir + "/export/user\(number)")
    }
    return (0..<count).map { BatchUser(address: "user\($0)@example.com", line: $0 + 1) }
  }

  @Test func resumeSkipsTheCompleteAndRedoesWhatChanged() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let users = try Self.organisation(dir.path, count: 3)
    let out = dir.path + "/out"
    var options = BatchOptions(source: dir.path + "/export/{localpart}", output: out, jobs: 2)
    options.convert.bundle = BundleOptions(format: .tar)
    let runner = BatchRunner(options: options)
    let first = try runner.run(users: users, listPath: "u")
    #expect(first.complete == 3 && first.results.allSatisfy { $0.note == nil })
    // A dead run's temporary file, and a changed source and a damaged bundle.
    let stale = out + "/user0@example.com.tar.partial-999999-abc"
    FileManager.default.createFile(atPath: stale, contents: Data("half".utf8))
    try Data("x".utf8).write(to: URL(fileURLWithPath: dir.path + "/export/user1/cur/new-file:2,S"))
    let handle = try #require(FileHandle(forWritingAtPath: out + "/user2@example.com.tar"))
    try handle.truncate(atOffset: 100)
    try handle.close()
    let second = try runner.run(users: users, listPath: "u")
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(second.results[0].note?.hasPrefix("already complete") == true)
    #expect(second.results[1].note == "source changed since the last run: converted again")
    #expect(second.results[1].messagesWritten == first.results[1].messagesWritten + 1)
    #expect(second.results[2].note?.hasPrefix("bundle missing or changed") == true)
    #expect(second.complete == 3)
    var restarted = options
    restarted.restart = true
    let third = try BatchRunner(options: restarted).run(users: users, listPath: "u")
    #expect(third.results.allSatisfy { $0.note == nil })
  }

  @Test(.enabled(if: CommandRun.binary != nil, "zmigrate binary not found beside the test bundle"))
  func ctrlCOnceFinishesTheUsersInFlightAndTwiceStopsNow() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let users = try Self.organisation(dir.path, count: 160)
    try Data(users.map { $0.address + "\n" }.joined().utf8).write(
      to: URL(fileURLWithPath: dir.path + "/users.txt"))
    func start() throws -> Process {
      try CommandRun.start(
        [
          "batch", "users.txt", "--source", "export/{localpart}", "-o", "out", "--jobs", "2",
          "--json",
        ], in: dir.path)
    }
    // Signals are sent once users are under way (a loaded machine may start the binary slowly).
    func waitForStartedUsers(_ count: Int) {
      for _ in 0..<600 {
        let log = (try? String(contentsOfFile: dir.path + "/out/batch.log", encoding: .utf8)) ?? ""
        if log.components(separatedBy: "\"started\"").count > count { return }
        usleep(50_000)
      }
    }
    let once = try start()
    waitForStartedUsers(1)
    kill(once.processIdentifier, SIGINT)
    once.waitUntilExit()
    #expect(once.terminationStatus == 1)
    let stopped = try BatchReport.read(directory: dir.path + "/out")
    #expect(stopped.notStarted > 0, "the run finished before the interrupt; make it longer")
    #expect(stopped.complete + stopped.notStarted == 160)
    // Twice: a user big enough to be in flight for seconds, so that the second Ctrl-C comes
    // while it is (two signals sent back to back would reach the process as one).
    try GeneratedMbox.write(to: dir.path + "/export/big", messages: 2_000, lines: 80, seed: 7)
    try Data("big@example.com\n".utf8).write(to: URL(fileURLWithPath: dir.path + "/big.txt"))
    let before =
      (try? String(contentsOfFile: dir.path + "/out/batch.log", encoding: .utf8))?
      .components(separatedBy: "\"started\"").count ?? 1
    let twice = try CommandRun.start(
      ["batch", "big.txt", "--source", "export/{localpart}", "-o", "out", "--json"], in: dir.path)
    waitForStartedUsers(before)
    kill(twice.processIdentifier, SIGINT)
    usleep(150_000)
    kill(twice.processIdentifier, SIGINT)
    twice.waitUntilExit()
    #expect(twice.terminationStatus == 130)
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/out/big@example.com.tgz"))
    let finish = try CommandRun.zmigrate(
      ["batch", "users.txt", "--source", "export/{localpart}", "-o", "out"], in: dir.path)
    #expect(finish.status == 0, "\(finish.stdout)")
    let done = try BatchReport.read(directory: dir.path + "/out")
    #expect(done.complete == 160 && done.notStarted == 0)
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out").filter {
      $0.contains(".partial")
    }
    #expect(left.isEmpty, "\(left)")
  }

  @Test(.enabled(if: CommandRun.binary != nil, "zmigrate binary not found beside the test bundle"))
  func killedAtRandomMomentsTheSameCommandFinishesTheJob() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let users = try Self.organisation(dir.path, count: 24)
    try Data(users.map { $0.address + "\n" }.joined().utf8).write(
      to: URL(fileURLWithPath: dir.path + "/users.txt"))
    let binary = try #require(CommandRun.binary)
    let arguments = [
      "batch", "users.txt", "--source", "export/{localpart}", "-o", "out", "--jobs", "2",
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<10 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = arguments
      process.currentDirectoryURL = dir.url
      process.standardOutput = FileHandle.nullDevice
      try process.run()
      usleep(UInt32.random(in: 20_000...400_000, using: &generator))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    let final = try CommandRun.zmigrate(arguments + ["--json"], in: dir.path)
    #expect(final.status == 0, "\(final.stderr)")
    let report = try JSONDecoder().decode(BatchReport.self, from: Data(final.stdout.utf8))
    #expect(report.complete == 24)
    let out = dir.path + "/out"
    let journal = try BatchJournal(path: out + "/zmigrate.db").entries()
    #expect(journal.count == 24)
    for user in users {
      let bundle = out + "/" + user.address + ".tgz"
      #expect(journal[user.address]?.bundle.hasSuffix(user.address + ".tgz") == true)
      let verified = try Verifier(options: ConvertOptions()).verify(
        source: dir.path + "/export/" + user.localPart, bundle: bundle)
      #expect(verified.holdsEverySourceMessage, "\(user.address)")
    }
    let left = try FileManager.default.contentsOfDirectory(atPath: out).filter {
      $0.contains(".partial")
    }
    #expect(left.isEmpty, "\(left)")
  }
}

/// A generated organisation (issue 11's acceptance): 200 small users and 3 large ones made by
/// `../shared/tools/gen_corpus.py`, converted by one batch and every bundle verified.
@Suite(.enabled(if: CorpusGenerator.isPresent, "../shared/tools/gen_corpus.py or python3 absent"))
struct BatchOrganisationTests {
  @Test func generatedOrganisationConvertsAndEveryBundleVerifies() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    func generate(_ name: String, size: String, seed: Int) throws {
      let run = try ExternalProgram.run(
        "/usr/bin/python3",
        [
          CorpusGenerator.script, "--out", dir.path + "/gen/" + name, "--size", size, "--seed",
          "\(seed)", "--no-mbox",
        ])
      #expect(run.status == 0, "\(run.errors)")
    }
    try generate("small", size: "100K", seed: 11)
    for large in 1...3 { try generate("large\(large)", size: "2M", seed: 20 + large) }
    var lines: [String] = ["user\tsource"]
    for number in 1...200 {
      lines.append("small\(number)@example.com\t\(dir.path)/gen/small/Maildir")
    }
    for large in 1...3 {
      lines.append("large\(large)@example.com\t\(dir.path)/gen/large\(large)/Maildir")
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(
      to: URL(fileURLWithPath: dir.path + "/users.tsv"))
    var options = BatchOptions(source: "/unused/{user}", output: dir.path + "/out", jobs: 2)
    options.convert.bundle = BundleOptions(format: .tgz, compressionLevel: 1)
    options.verify = true
    let users = try BatchUsers.read(dir.path + "/users.tsv")
    let report = try BatchRunner(options: options).run(users: users, listPath: "users.tsv")
    #expect(report.userCount == 203)
    #expect(
      report.complete == 203 && report.verified == 203,
      "\(report.results.filter { $0.status != "complete" }.prefix(3))")
    let large = report.results.filter { $0.user.hasPrefix("large") }
    let small = report.results.filter { $0.user.hasPrefix("small") }
    #expect(large.allSatisfy { $0.bytesWritten > (small.map(\.bytesWritten).max() ?? 0) })
    // Largest first: the first two users started (one per job) are large ones.
    let log = try String(contentsOfFile: dir.path + "/out/batch.log", encoding: .utf8)
    let started = log.split(separator: "\n").filter { $0.contains("\"event\":\"started\"") }
    #expect(
      started.prefix(2).allSatisfy { $0.contains("\"user\":\"large") }, "\(started.prefix(3))")
    #expect(try BatchVerifier.verify(directory: dir.path + "/out").allSatisfy(\.complete))
  }
}

/// Shards merged, `--verify`, and `verify DIR` from the journal.
@Suite struct BatchShardsAndVerifyTests {
  @Test func shardsMergeToTheTotalsOfOneRunAndVerifyDirChecksEveryBundle() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let users = try BatchJournalTests.organisation(dir.path, count: 9)
    func options(_ output: String) -> BatchOptions {
      var options = BatchOptions(source: dir.path + "/export/{localpart}", output: output, jobs: 2)
      options.convert.bundle = BundleOptions(format: .tar)
      options.verify = true
      return options
    }
    let whole = try BatchRunner(options: options(dir.path + "/all")).run(
      users: users, listPath: "u")
    #expect(whole.complete == 9 && whole.verified == 9)
    var shards: [(path: String, report: BatchReport)] = []
    for k in 1...3 {
      var sharded = options(dir.path + "/shard\(k)")
      sharded.shard = (k, 3)
      let report = try BatchRunner(options: sharded).run(users: users, listPath: "u")
      shards.append((dir.path + "/shard\(k)", report))
    }
    let merged = try BatchReport.merge(shards)
    #expect(merged.userCount == whole.userCount && merged.complete == whole.complete)
    #expect(merged.messagesWritten == whole.messagesWritten)
    #expect(merged.bytesWritten == whole.bytesWritten)
    #expect(merged.results.map(\.user).sorted() == whole.results.map(\.user).sorted())
    let overlap = #expect(throws: MigrationError.self) {
      try BatchReport.merge([shards[0], shards[0]])
    }
    #expect(overlap?.message.contains("the shards overlap") == true)
    // verify DIR re-checks every journalled bundle; a tampered one is found.
    #expect(try BatchVerifier.verify(directory: dir.path + "/all").allSatisfy(\.complete))
    let victim = dir.path + "/all/user4@example.com.tar"
    let handle = try #require(FileHandle(forWritingAtPath: victim))
    try handle.truncate(atOffset: 2048)
    try handle.close()
    let again = try BatchVerifier.verify(directory: dir.path + "/all")
    #expect(again.filter { !$0.complete }.map(\.user) == ["user4@example.com"])
  }
}

@Suite(
  .enabled(
    if: CommandRun.enabled,
    "zmigrate binary not found beside the test bundle (with CI=true this fails instead)"))
struct BatchCommandLineTests {
  @Test func exitStatusFollowsTheUsers() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try FileManager.default.createDirectory(
      atPath: dir.path + "/export/alice", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Fixture.path("mbox/mboxrd.mbox"), toPath: dir.path + "/export/alice/mbox")
    try Data("alice@example.com\n".utf8).write(to: dir.url.appendingPathComponent("one.txt"))
    try Data("alice@example.com\nzoe@example.com\n".utf8).write(
      to: dir.url.appendingPathComponent("two.txt"))
    let good = try CommandRun.zmigrate(
      ["batch", "one.txt", "--source", "export/{localpart}/mbox", "-o", "out1"], in: dir.path)
    #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
    #expect(good.stdout.contains("alice@example.com: complete, 3 messages written"))
    #expect(FileManager.default.fileExists(atPath: dir.path + "/out1/alice@example.com.tgz"))
    let oneFails = try CommandRun.zmigrate(
      ["batch", "two.txt", "--source", "export/{localpart}/mbox", "-o", "out2"], in: dir.path)
    #expect(oneFails.status == 1)
    #expect(oneFails.stdout.contains("zoe@example.com: failed"))
    let badShard = try CommandRun.zmigrate(
      ["batch", "one.txt", "--source", "x", "-o", "out3", "--shard", "4/3"], in: dir.path)
    #expect(badShard.status == 2)
  }
}
