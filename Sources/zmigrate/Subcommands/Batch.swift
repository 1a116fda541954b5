import ArgumentParser
import Foundation
import MailModel
import Migration
import ZimbraBundle

/// `zmigrate batch`: a whole organisation, one bundle per user, in one command.
struct Batch: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert every user of a list: one bundle per user in DIR, with a batch report.",
    discussion: """
      USERS is one address per line, a .tsv/.csv with a 'user' (account, email, mail) column and optional \
      source, contacts, calendar and into columns, a user;password or 6-field imapsync batch file, or a \
      zmprov file from 'zmigrate accounts' (passwords are ignored and never shown). Writes DIR/<user>.tgz \
      with DIR/<user>.tgz.report.json, DIR/batch.log (a JSON line per user started and finished), \
      DIR/report.json and DIR/report.html; DIR/zmigrate.db journals completed users so that the same command resumes, and keeps every user's message state (or --state FILE) for a later --since delta (docs/cutover.md). Exit status: 0 every user complete; 1 finished, but some users failed or had items \
      left out (listed); 2 bad usage, or nothing could be done. See docs/batch.md.
      """)

  @Argument(help: "The user list.", completion: .file())
  var users: String

  @Option(
    help:
      "Each user's source: a path with {user}, {localpart} and {domain} (e.g. /export/{domain}/{localpart}/Maildir); a 'source' column overrides it.",
    completion: .directory)
  var source: String

  @Option(name: .shortAndLong, help: "The directory for the bundles and reports.")
  var output: String

  @Option(help: "Users converted at once (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(
    help:
      "Take only shard K of N (e.g. 2/3): users are split by a stable hash of the address, so N hosts split any list without coordination."
  )
  var shard: String?

  @Option(help: "Each user's contacts file, a pattern like --source (a missing file is reported).")
  var contacts: String?

  @Option(help: "Each user's calendar file, a pattern like --source (a missing file is reported).")
  var calendar: String?

  @Option(name: .customLong("bundle-format"), help: "The bundles' form: tgz (default), tar or zip.")
  var bundleFormat: BatchBundleFormat = .tgz

  @OptionGroup var sourceOptions: SourceOptions

  @OptionGroup(title: "Staged migration (each user's rows under their address)")
  var staging: StagingOptions

  @Flag(name: .customLong("no-meta"), help: "Write bundles without .meta entries (as convert).")
  var noMeta = false

  @Option(
    name: .customLong("compression-level"),
    help: "Deflate level for .tgz and .zip, 0-12 (libdeflate): 0 stores, 1 is fastest, 12 smallest."
  )
  var compressionLevel: Int = 1

  @Option(
    name: .customLong("max-bundle-size"),
    help:
      "Split each user's bundle into DIR/<user>.part001.tgz, ... each at most SIZE (e.g. 500M; K, M, G are 1024-based), as convert does."
  )
  var maxBundleSize: String?

  @Flag(
    help:
      "Forget the journal (DIR/zmigrate.db) and convert every user again; without it, users the journal has as complete, with an unchanged source and an intact bundle, are not converted again."
  )
  var restart = false

  @Flag(help: "Verify each bundle against its source right after writing it (as zmigrate verify).")
  var verify = false

  @Flag(help: "Print the batch report as JSON.")
  var json = false

  /// `K/N` read as numbers, 1 ≤ K ≤ N.
  func shardValue() throws -> (index: Int, count: Int)? {
    guard let shard else { return nil }
    let parts = shard.split(separator: "/").compactMap { Int($0) }
    guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
      throw ValidationError("--shard takes K/N with 1 <= K <= N, e.g. 2/3")
    }
    return (parts[0], parts[1])
  }

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    guard (0...12).contains(compressionLevel) else {
      throw ValidationError("--compression-level must be 0 to 12")
    }
    _ = try shardValue()
    if let maxBundleSize, SplitBundleWriter.parseSize(maxBundleSize) == nil {
      throw ValidationError(
        "--max-bundle-size takes a size such as 500M, 256MiB, 1G or a number of bytes, not '\(maxBundleSize)'"
      )
    }
  }

  func run() throws {
    var convert = try sourceOptions.convertOptions()
    convert.bundle = BundleOptions(
      format: bundleFormat.format, compressionLevel: compressionLevel, writeMeta: !noMeta)
    convert.bundle.maxPartSize = maxBundleSize.flatMap(SplitBundleWriter.parseSize)
    convert.delta = staging.deltaOptions()
    convert.dryRun = staging.dryRun
    var options = BatchOptions(source: source, output: output, jobs: jobs, convert: convert)
    options.contacts = contacts
    options.calendar = calendar
    options.shard = try shardValue()
    options.restart = restart
    options.verify = verify
    let display = BatchDisplay.forTerminal(json: json)
    let interrupts = Interrupts(quiet: json, display: display)
    options.shouldStop = { interrupts.count > 0 }
    let list: [BatchUser]
    do {
      list = try BatchUsers.read(users)
    } catch {
      throw fail(error)
    }
    guard !list.isEmpty else { throw fail(MigrationError("the user list has no users")) }
    let quiet = json
    // On a terminal the live display shows the users in flight, and only users with a problem
    // get a line of their own; elsewhere (a log file) every user finished gets one plain line.
    let plainLines = isatty(1) == 0 || display == nil
    let report: BatchReport
    do {
      display?.start()
      defer { display?.finish() }
      report = try BatchRunner(options: options).run(
        users: list, listPath: users, progress: display?.progress
      ) { result in
        guard !quiet else { return }
        let line =
          "\(result.user): \(result.status), \(result.messagesWritten) messages written"
          + (result.messagesSkipped > 0 ? ", \(result.messagesSkipped) not written" : "")
          + (result.messagesLeftOut.map { ", \($0) left out by --since/--dedupe" } ?? "")
          + (result.reason.map { " (\($0))" } ?? "") + (result.note.map { "; \($0)" } ?? "")
          + (result.verified == true ? "; verified" : "")
        if plainLines {
          // Unbuffered, so that a log being watched gets each user as it finishes.
          FileHandle.standardOutput.write(Data((line + "\n").utf8))
        } else if result.status != "complete", let display {
          display.printAbove(line)
        }
      }
    } catch {
      throw fail(error)
    }
    if json {
      try printJSON(report)
    } else {
      print(
        "\(report.userCount) users: \(report.complete) complete, \(report.withSkippedItems) with items left out, \(report.failed) failed; \(report.messagesWritten) messages (\(megabytes(report.bytesWritten))) in \(String(format: "%.1f", report.seconds)) s"
      )
      if let leftOut = report.messagesLeftOut {
        print("left out on purpose (--since, --dedupe; listed in each user's report): \(leftOut)")
      }
      if staging.dryRun {
        print("dry run: the counts are what a run would write; nothing was written")
        if report.hasProblems { throw ExitCode(1) }
        return
      }
      if report.notStarted > 0 {
        print("stopped: \(report.notStarted) users not started; run the same command to finish")
      }
      print("report: \(output)/report.json")
    }
    if report.hasProblems { throw ExitCode(1) }
  }
}

/// The bundle forms `batch --bundle-format` offers.
enum BatchBundleFormat: String, ExpressibleByArgument, CaseIterable {
  case tgz, tar, zip

  var format: BundleFormat {
    switch self {
    case .tgz: return .tgz
    case .tar: return .tar
    case .zip: return .zip
    }
  }
}

/// Ctrl-C during a batch: the first one lets the users in flight finish and stops (the display
/// says so); the second stops at once. Nothing half-written looks complete either way: bundles are
/// renamed into place only when whole, and the next run removes what a stopped run left.
final class Interrupts: @unchecked Sendable {
  private let lock = NSLock()
  private var received = 0
  private let source: DispatchSourceSignal

  init(quiet: Bool, display: BatchDisplay?) {
    signal(SIGINT, SIG_IGN)
    source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler { [unowned self] in
      self.lock.lock()
      // Signals that arrive close together reach the handler as one event with their count.
      self.received += max(1, Int(self.source.data))
      let now = self.received
      self.lock.unlock()
      if now >= 2 { _exit(130) }
      if let display {
        display.progress.stop()
      } else if !quiet {
        FileHandle.standardError.write(
          Data("\nstopping after the users in flight (Ctrl-C again stops now)\n".utf8))
      }
    }
    source.resume()
  }

  /// How many Ctrl-C have arrived.
  var count: Int {
    lock.lock()
    defer { lock.unlock() }
    return received
  }
}
