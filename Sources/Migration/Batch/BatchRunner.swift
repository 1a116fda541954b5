import Foundation
import MailModel
import ZimbraBundle

/// What `zmigrate batch` is told (beyond the conversion options every user shares).
public struct BatchOptions: Sendable {
  /// The source path pattern: `{user}`, `{localpart}`, `{domain}` (`/export/{domain}/{localpart}/Maildir`).
  public var source: String
  /// The contacts file pattern (`--contacts`), nil for none; a missing file fails only that user.
  public var contacts: String?
  /// The calendar file pattern (`--calendar`), nil for none.
  public var calendar: String?
  /// The output directory.
  public var output: String
  /// Users converted at once.
  public var jobs: Int
  /// This host's shard: `(k, n)` for `--shard k/n`, nil for every user.
  public var shard: (index: Int, count: Int)?
  /// How each user's mail is read, mapped and written (the bundle form among them).
  public var convert: ConvertOptions
  /// Forget the journal and convert every user again (`--restart`).
  public var restart = false
  /// Verify each bundle against its source right after writing it (`--verify`).
  public var verify = false
  /// Asked before each user starts: true stops the run after the users in flight (Ctrl-C).
  public var shouldStop: @Sendable () -> Bool = { false }

  /// Options for a batch writing into `output`.
  public init(
    source: String, output: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
    convert: ConvertOptions = ConvertOptions()
  ) {
    self.source = source
    self.output = output
    self.jobs = max(1, jobs)
    self.convert = convert
  }
}

/// One user's outcome, as `DIR/report.json` and `DIR/batch.log` record it (no passwords).
public struct BatchUserResult: Codable, Sendable {
  /// The Zimbra address.
  public var user: String
  /// `complete`, `skipped-items` (written, with items listed as not written) or `failed`.
  public var status: String
  /// Why the user failed, when it did.
  public var reason: String?
  /// The source path converted.
  public var source: String
  /// The bundle written, when one was.
  public var bundle: String?
  /// Messages read, written and not written.
  public var messagesRead = 0
  /// Messages written into the bundle.
  public var messagesWritten = 0
  /// Messages and message files not written (listed in the user's report with reasons).
  public var messagesSkipped = 0
  /// The bundle file's SHA-256 (hex), as written (nil when split into parts).
  public var bundleSHA256: String?
  /// The parts, when the bundle was split to size (`--max-bundle-size`).
  public var parts: [BundlePart]?
  /// Those, counted by reason.
  public var skippedByReason: [String: Int] = [:]
  /// Bytes of messages written.
  public var bytesWritten: Int64 = 0
  /// Messages left out on purpose: known from `--since` (already exported, moved, flags
  /// changed) or repeats (`--dedupe`); listed in the user's report. Nil when none.
  public var messagesLeftOut: Int?
  /// Seconds the user took.
  public var seconds: Double = 0
  /// What the journal said: already complete (skipped), or converted again and why.
  public var note: String?
  /// With `--verify`: whether the bundle holds exactly what convert could write of the source.
  public var verified: Bool?
}

/// What `zmigrate batch` writes to `DIR/report.json`.
public struct BatchReport: Codable, Sendable {
  /// The user list.
  public var users: String
  /// The source pattern.
  public var sourcePattern: String
  /// `k/n` when this run was one shard.
  public var shard: String?
  /// Users in this run (after sharding).
  public var userCount = 0
  /// Users whose bundle was written with nothing left out.
  public var complete = 0
  /// Users whose bundle was written with some items listed as not written.
  public var withSkippedItems = 0
  /// Users that failed (no bundle, or a bundle `--verify` found wrong), each with its reason.
  public var failed = 0
  /// Users whose bundle `--verify` checked and found complete.
  public var verified = 0
  /// Messages written, over all users.
  public var messagesWritten = 0
  /// Messages and files not written, over all users.
  public var messagesSkipped = 0
  /// Bytes of messages written, over all users.
  public var bytesWritten: Int64 = 0
  /// Messages left out on purpose (`--since`, `--dedupe`), over all users; nil when none.
  public var messagesLeftOut: Int?
  /// Wall-clock seconds of the whole run.
  public var seconds: Double = 0
  /// Users not started because the run was stopped (Ctrl-C); the same command does them.
  public var notStarted = 0
  /// Every user, in list order.
  public var results: [BatchUserResult] = []

  /// Whether anything failed or was left out (exit status 1).
  public var hasProblems: Bool { failed > 0 || withSkippedItems > 0 || notStarted > 0 }
}

/// Converts a list of users, `jobs` at a time, largest sources first: each user's source into
/// `DIR/<user>.tgz` with its report beside it, a line per user in `DIR/batch.log`, and
/// `DIR/report.json` at the end. One user's broken or missing source fails that user only.
public struct BatchRunner: Sendable {
  /// What to do.
  public var options: BatchOptions

  /// A runner for `options`.
  public init(options: BatchOptions) {
    self.options = options
  }

  /// The users of `all` this run takes (`--shard k/n` keeps those whose stable hash falls in
  /// shard k).
  public func selected(_ all: [BatchUser]) -> [BatchUser] {
    guard let shard = options.shard else { return all }
    return all.filter { $0.shard(of: shard.count) == shard.index - 1 }
  }

  /// Runs the batch over `users` (the list at `listPath`); `progress`, when given, follows the
  /// users in flight for a live display; `finished` is called after each user (from the worker
  /// threads). Throws only when the output directory cannot be made or written.
  public func run(
    users all: [BatchUser], listPath: String, progress: BatchProgress? = nil,
    finished: @escaping @Sendable (BatchUserResult) -> Void = { _ in }
  ) throws -> BatchReport {
    let started = Date()
    // A dry run (`--dry-run`) writes nothing: no directory, journal, log, bundle or report.
    let dryRun = options.convert.dryRun
    if !dryRun {
      try FileManager.default.createDirectory(
        atPath: options.output, withIntermediateDirectories: true)
    }
    let users = selected(all)
    if !dryRun { Self.removeStaleTemporaries(in: options.output) }
    let journal = dryRun ? nil : try BatchJournal(path: options.output + "/zmigrate.db")
    if options.restart { try journal?.reset() }
    let done = try journal?.entries() ?? [:]
    let log = dryRun ? nil : try BatchLog(path: options.output + "/batch.log")
    // Every source's fingerprint (and size, for the order), taken on all cores.
    let prints = ResultSlots<(digest: String, size: Int64)>(count: users.count)
    DispatchQueue.concurrentPerform(iterations: users.count) { index in
      prints.set(index, BatchJournal.fingerprint(of: sourcePath(users[index])))
    }
    let fingerprints = prints.all
    guard fingerprints.count == users.count else {
      throw MigrationError("could not take every source's fingerprint")
    }
    // Largest sources first, so one huge mailbox does not finish last alone.
    let order = users.indices.sorted { fingerprints[$0].size > fingerprints[$1].size }
    progress?.begin(users: users.count, bytes: fingerprints.reduce(0) { $0 + $1.size })
    let results = ResultSlots<BatchUserResult>(count: users.count)
    let jobs = min(options.jobs, max(1, users.count))
    var shared = options.convert
    shared.bundle.digestOutput = true  // the journal records it without reading the bundle back
    // The batch keeps every user's message state in its own database unless told where (so
    // that a cut-over delta can follow any bulk run); a dry run records nothing.
    shared.delta.state =
      dryRun ? nil : options.convert.delta.state ?? options.output + "/zmigrate.db"
    // Compression threads shared out so the machine is busy but not oversubscribed.
    shared.bundle.workers = max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
    let convert = shared
    let next = NextIndex()
    DispatchQueue.concurrentPerform(iterations: jobs) { _ in
      while !options.shouldStop(), let position = next.take(below: order.count) {
        let index = order[position]
        let user = users[index]
        let earlier = done[user.address.lowercased()]
        if let earlier,
          let resumed = self.resumed(user, earlier, fingerprint: fingerprints[index].digest)
        {
          results.set(index, resumed)
          progress?.resumed(size: fingerprints[index].size)
          log?.write(["event": "already-complete", "user": user.address])
          finished(resumed)
          continue
        }
        log?.write(["event": "started", "user": user.address])
        let tracker = progress?.started(user: user.address, size: fingerprints[index].size)
        var result = self.convert(user, options: convert, progress: tracker)
        if let earlier {
          result.note =
            earlier.fingerprint != fingerprints[index].digest
            ? "source changed since the last run: converted again"
            : "bundle missing or changed since the last run: converted again"
        }
        if result.status != "failed", !dryRun, let bundle = result.bundle {
          let recorded = self.record(
            result, bundle: bundle, fingerprint: fingerprints[index].digest)
          do { try journal?.record(recorded) } catch { result.reason = "\(error)" }
        }
        results.set(index, result)
        if let tracker { progress?.finished(tracker, failed: result.status == "failed") }
        log?.write(
          ["event": result.status == "failed" ? "failed" : "finished", "user": user.address]
            .merging(result.reason.map { ["reason": $0] } ?? [:]) { a, _ in a })
        finished(result)
      }
    }
    log?.close()
    var report = BatchReport(users: listPath, sourcePattern: options.source)
    report.shard = options.shard.map { "\($0.index)/\($0.count)" }
    report.userCount = users.count
    report.results = results.all
    report.notStarted = users.count - report.results.count
    for result in report.results {
      switch result.status {
      case "complete": report.complete += 1
      case "failed": report.failed += 1
      default: report.withSkippedItems += 1
      }
      if result.verified == true { report.verified += 1 }
      report.messagesWritten += result.messagesWritten
      report.messagesSkipped += result.messagesSkipped
      report.bytesWritten += result.bytesWritten
      if let leftOut = result.messagesLeftOut {
        report.messagesLeftOut = (report.messagesLeftOut ?? 0) + leftOut
      }
    }
    report.seconds = Date().timeIntervalSince(started)
    if !dryRun { try report.write(directory: options.output) }
    return report
  }

  /// The source path of `user`: its own `source` column, else the pattern expanded.
  public func sourcePath(_ user: BatchUser) -> String {
    user.source ?? user.expand(options.source)
  }

  /// The bundle path of `user`: `DIR/<address>.<form>`.
  public func bundlePath(_ user: BatchUser) -> String {
    let suffix: String
    switch options.convert.bundle.format {
    case .tgz: suffix = ".tgz"
    case .tar: suffix = ".tar"
    case .zip: suffix = ".zip"
    case .directory: suffix = "/"
    }
    return options.output + "/" + user.address + suffix
  }

  /// Converts one user; never throws (a failure is the result).
  func convert(
    _ user: BatchUser, options base: ConvertOptions, progress: (any ProgressReporting)? = nil
  ) -> BatchUserResult {
    let started = Date()
    let source = sourcePath(user)
    var result = BatchUserResult(user: user.address, status: "failed", source: source)
    guard BatchUsers.isAddress(user.address) else {
      // The address names the bundle: it must stay a plain file name inside the output.
      result.reason = "not an address that can name a bundle file (name@domain, no '/')"
      return result
    }
    var options = base
    // One state database, many users: each user's rows under their address.
    options.delta.account = user.address.lowercased()
    if let into = user.into { options.folders.into = into.split(separator: "/").map(String.init) }
    var missing: [String] = []
    for (file, kind) in [
      (user.contacts ?? self.options.contacts, "contacts"),
      (user.calendar ?? self.options.calendar, "calendar"),
    ] {
      guard let file else { continue }
      let path = user.contacts == file || user.calendar == file ? file : user.expand(file)
      if FileManager.default.fileExists(atPath: path) {
        if kind == "contacts" { options.contacts = [path] } else { options.calendars = [path] }
      } else {
        missing.append("\(kind) file \(path) does not exist")
      }
    }
    let output = bundlePath(user)
    do {
      let report = try Converter(options: options).convert(
        source: source, output: output, progress: progress)
      if report.dryRun != true {
        var withUser = report
        withUser.notes.append("bundle for account \(user.address)")
        try AtomicFile.write(try withUser.json(), to: OutputPaths.report(for: output))
        result.bundle = output
      } else {
        result.note = "dry run: nothing written"
      }
      result.messagesLeftOut = report.delta.map(\.leftOut).flatMap { $0 > 0 ? $0 : nil }
      result.messagesRead = report.messagesRead
      result.messagesWritten = report.messagesWritten
      result.messagesSkipped = report.messagesSkipped
      result.skippedByReason = report.skippedByReason
      result.bytesWritten = report.bytesWritten
      result.bundleSHA256 = report.bundleSHA256
      result.parts = report.parts
      result.status = report.hasProblems || !missing.isEmpty ? "skipped-items" : "complete"
      if !missing.isEmpty { result.reason = missing.joined(separator: "; ") }
      if self.options.verify {
        // The same decisions as the conversion, against the state runs it read.
        var checking = options
        checking.delta.state = nil
        if checking.delta.since != nil { checking.delta.baseRun = report.delta?.baseRun ?? 0 }
        let check = try Verifier(options: checking).verify(
          source: source, bundles: Verifier.expandParts([output]))
        result.verified = check.isComplete
        if !check.isComplete {
          result.status = "failed"
          result.reason =
            "verify found \(check.problems.count) problems, e.g. "
            + (check.problems.first.map { "\($0)" } ?? "a count that does not match")
        }
      }
    } catch {
      result.reason = "\(error)"
    }
    result.seconds = Date().timeIntervalSince(started)
    return result
  }

  /// The result of a user the journal has as complete, when its source is unchanged and its
  /// bundle still has the recorded size and SHA-256; nil when it must be converted again.
  func resumed(_ user: BatchUser, _ entry: BatchJournal.Entry, fingerprint: String)
    -> BatchUserResult?
  {
    guard entry.fingerprint == fingerprint, let disk = Self.onDisk(entry.bundle),
      disk.size == entry.size, disk.sha256 == entry.sha256
    else { return nil }
    var result = BatchUserResult(
      user: user.address, status: entry.status, source: sourcePath(user), bundle: entry.bundle)
    result.messagesWritten = entry.messagesWritten
    result.messagesSkipped = entry.messagesSkipped
    result.messagesRead = entry.messagesWritten + entry.messagesSkipped
    result.bytesWritten = entry.bytesWritten
    result.note = "already complete in the journal (source unchanged, bundle re-checked)"
    return result
  }

  /// The journal row for a user just converted.
  func record(_ result: BatchUserResult, bundle: String, fingerprint: String) -> BatchJournal.Entry
  {
    // A split bundle is kept as its parts' total size and a digest over the parts' digests.
    let written =
      result.parts.map(Self.summary)
      ?? result.bundleSHA256.map { (Self.fileSize(bundle) ?? -1, $0) } ?? Self.onDisk(bundle)
    return BatchJournal.Entry(
      user: result.user, fingerprint: fingerprint, bundle: bundle, size: written?.size ?? -1,
      sha256: written?.sha256 ?? "",
      status: result.status,
      messagesWritten: result.messagesWritten, messagesSkipped: result.messagesSkipped,
      bytesWritten: result.bytesWritten)
  }

  /// A split bundle as the journal keeps it: the parts' total size, and a SHA-256 over each
  /// part's file name, size and SHA-256.
  static func summary(_ parts: [BundlePart]) -> (size: Int64, sha256: String) {
    let lines = parts.map {
      "\(URL(fileURLWithPath: $0.path).lastPathComponent)\t\($0.size)\t\($0.sha256 ?? "")\n"
    }
    return (parts.reduce(0) { $0 + $1.size }, SHA256.hash(Array(lines.joined().utf8)).hex)
  }

  /// The size and SHA-256 of the bundle at `path` as it is on disk, read back: the file, or,
  /// when there is none, its parts (`NAME.part001…`, `summary`); nil when neither is there.
  static func onDisk(_ path: String) -> (size: Int64, sha256: String)? {
    if let size = fileSize(path), let digest = BatchJournal.digest(ofFile: path) {
      return (size, digest)
    }
    var parts: [BundlePart] = []
    while true {
      let part = SplitBundleWriter.partPath(for: path, part: parts.count + 1)
      guard let size = fileSize(part), let digest = BatchJournal.digest(ofFile: part) else { break }
      parts.append(BundlePart(path: part, size: size, messages: 0, sha256: digest))
    }
    return parts.isEmpty ? nil : summary(parts)
  }

  private static func fileSize(_ path: String) -> Int64? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int64(info.st_size)
  }

  /// Removes the temporary files (`NAME.partial-PID…`) that runs no longer alive left in
  /// `directory` (`AtomicFile.removeStaleTemporaries`, the rule `convert` follows too).
  static func removeStaleTemporaries(in directory: String) {
    AtomicFile.removeStaleTemporaries(in: directory)
  }
}

/// Hands out the next position to the worker threads.
private final class NextIndex: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func take(below count: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard value < count else { return nil }
    value += 1
    return value - 1
  }
}

/// Values written by worker threads into their list positions (the users' results, their
/// fingerprints).
private final class ResultSlots<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [Value?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ result: Value) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }

  var all: [Value] {
    lock.lock()
    defer { lock.unlock() }
    return slots.compactMap { $0 }
  }
}

/// `DIR/batch.log`: one JSON object per line (time, event, user, reason), appended as users
/// start and end.
final class BatchLog: @unchecked Sendable {
  private let lock = NSLock()
  private let handle: FileHandle

  init(path: String) throws {
    if !FileManager.default.fileExists(atPath: path) {
      guard FileManager.default.createFile(atPath: path, contents: nil) else {
        throw MigrationError(
          "cannot create the batch log", code: .io, at: SourceLocation(file: path))
      }
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw MigrationError("cannot open the batch log", code: .io, at: SourceLocation(file: path))
    }
    handle.seekToEndOfFile()
    self.handle = handle
  }

  func write(_ fields: [String: String]) {
    var record = fields
    record["time"] = MailDate.iso8601(Int64(Date().timeIntervalSince1970))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(record) else { return }
    lock.lock()
    handle.write(data + Data("\n".utf8))
    lock.unlock()
  }

  func close() { try? handle.close() }
}
