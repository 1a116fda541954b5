import Foundation
import TestSupport
import Testing

@testable import Migration

/// The live display of `zmigrate batch`: what it computes, and what a terminal is shown.
@Suite struct BatchProgressTests {
  @Test func snapshotFollowsTheUsersInFlight() {
    let progress = BatchProgress()
    progress.begin(users: 4, bytes: 4_000)
    progress.resumed(size: 1_000)
    let big = progress.started(user: "big@example.com", size: 2_000)
    let small = progress.started(user: "small@example.com", size: 500)
    big.update(messages: 3, bytes: 500, folder: "INBOX")
    small.update(messages: 1, bytes: 5_000, folder: "INBOX")  // more than the scan said
    var now = progress.snapshot()
    #expect(now.done == 1 && now.total == 4 && now.failed == 0)
    #expect(now.inFlight.map(\.user) == ["big@example.com", "small@example.com"])
    #expect(now.inFlight.map(\.fraction) == [0.25, 0.99])
    progress.finished(small, failed: true)
    progress.stop()
    now = progress.snapshot()
    #expect(now.done == 2 && now.failed == 1 && now.stopping)
    #expect(now.inFlight.map(\.user) == ["big@example.com"])
    let lines = BatchProgress.lines(now)
    #expect(lines[0].hasPrefix("batch: 2/4 users (1 failed), "))
    #expect(lines[0].contains(" MB/s"))
    #expect(lines[1] == "stopping after the users in flight (Ctrl-C again stops now)")
    #expect(lines[2] == "  big@example.com  25%")
  }

  @Test func linesShowTheRateTheTimeLeftAndAtMostTheLimit() {
    let snapshot = BatchProgress.Snapshot(
      done: 10, total: 100, failed: 0,
      inFlight: (0..<12).map { ("u\($0)@example.com", 0.5) }, bytesPerSecond: 25_000_000,
      secondsLeft: 187, elapsed: 3_725, stopping: false)
    let lines = BatchProgress.lines(snapshot, limit: 8)
    #expect(lines[0] == "batch: 10/100 users, 25.0 MB/s, ETA 3m 07s, 1h 02m elapsed")
    #expect(lines.count == 1 + 8 + 1)
    #expect(lines.last == "  and 4 more")
    #expect(lines[1] == "  u0@example.com  50%")
    #expect(lines[8] == "  u7@example.com  50%")
  }

  /// Runs the real command under a pseudo-terminal (`script`, util-linux) and reads what the
  /// terminal got: the redrawn block, a failed user printed above it, the summary.
  @Test(.enabled(if: CommandRun.binary != nil, "zmigrate binary not found beside the test bundle"))
  func aTerminalGetsTheLiveDisplayAndALogGetsOneLinePerUser() throws {
    let script = "/usr/bin/script"
    guard FileManager.default.isExecutableFile(atPath: script) else {
      Issue.record("util-linux script (Debian bsdutils) is needed for the terminal test")
      return
    }
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try FileManager.default.createDirectory(
      atPath: dir.path + "/export", withIntermediateDirectories: true)
    // A user big enough to be seen in flight, and one whose source is missing.
    try GeneratedMbox.write(to: dir.path + "/export/big", messages: 3_000, lines: 60, seed: 42)
    try Data("big@example.com\nnobody@example.com\n".utf8).write(
      to: URL(fileURLWithPath: dir.path + "/users.txt"))
    let binary = try #require(CommandRun.binary)
    let command =
      "\(binary) batch users.txt --source 'export/{localpart}' -o out --jobs 2 --verify"
    let terminal = try ExternalProgram.run(
      script, ["-qfec", command, "/dev/null"], in: dir.path)
    let shown = String(decoding: terminal.output, as: UTF8.self)
    #expect(terminal.status == 1, "\(shown)")
    #expect(shown.contains("\u{1B}[J"), "the block is redrawn in place")
    #expect(
      shown.range(of: #"batch: [0-9]+/2 users.*MB/s"#, options: .regularExpression) != nil)
    #expect(
      shown.range(of: #"  big@example\.com +[0-9]+%"#, options: .regularExpression) != nil,
      "the user in flight with its percentage")
    #expect(shown.contains("nobody@example.com: failed"))
    #expect(!shown.contains("big@example.com: complete"), "complete users are only counted")
    #expect(shown.contains("2 users: 1 complete, 0 with items left out, 1 failed"))
    // Not a terminal: one plain line per user, no escape sequences.
    let plain = try CommandRun.zmigrate(
      ["batch", "users.txt", "--source", "export/{localpart}", "-o", "plain"], in: dir.path)
    #expect(plain.status == 1)
    #expect(!plain.stdout.contains("\u{1B}") && !plain.stderr.contains("\u{1B}"))
    let perUser = plain.stdout.split(separator: "\n").filter { $0.contains("@example.com: ") }
    #expect(perUser.count == 2, "\(plain.stdout)")
  }
}
