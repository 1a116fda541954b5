import Foundation

/// The state of a running batch for a live display: users done of the total, the users in
/// flight with how far each is, the rate and the time left. The runner feeds it from its worker
/// threads; a display reads `snapshot()` from its own.
public final class BatchProgress: @unchecked Sendable {
  /// What a display shows at one moment.
  public struct Snapshot: Sendable {
    /// Users finished in this run (converted, failed, or found complete in the journal).
    public var done: Int
    /// Users this run takes.
    public var total: Int
    /// Users that failed so far.
    public var failed: Int
    /// The users being converted, oldest first, each with the fraction of its source read (0...1).
    public var inFlight: [(user: String, fraction: Double)]
    /// Source bytes converted per second since the first user started.
    public var bytesPerSecond: Double
    /// Seconds left at that rate; nil until there is a rate.
    public var secondsLeft: Double?
    /// Seconds since the run started.
    public var elapsed: Double
    /// Whether the run was told to stop after the users in flight (Ctrl-C once).
    public var stopping: Bool
  }

  /// The lines of the live display: a headline (users done of total, failures, MB/s, time
  /// left), then one line per user in flight (at most `limit`, then how many more).
  public static func lines(_ snapshot: Snapshot, limit: Int = 8) -> [String] {
    var head = "batch: \(snapshot.done)/\(snapshot.total) users"
    if snapshot.failed > 0 { head += " (\(snapshot.failed) failed)" }
    head += String(format: ", %.1f MB/s", snapshot.bytesPerSecond / 1_000_000)
    if let left = snapshot.secondsLeft {
      head += ", ETA " + duration(left)
    }
    head += ", " + duration(snapshot.elapsed) + " elapsed"
    var lines = [head]
    if snapshot.stopping {
      lines.append("stopping after the users in flight (Ctrl-C again stops now)")
    }
    let width = snapshot.inFlight.prefix(limit).map(\.user.count).max() ?? 0
    for (user, fraction) in snapshot.inFlight.prefix(limit) {
      let padded = user + String(repeating: " ", count: width - user.count)
      lines.append(String(format: "  %@ %3d%%", padded, Int(fraction * 100)))
    }
    if snapshot.inFlight.count > limit {
      lines.append("  and \(snapshot.inFlight.count - limit) more")
    }
    return lines
  }

  /// `42s`, `3m 07s`, `2h 05m`.
  static func duration(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded())
    if whole < 60 { return "\(whole)s" }
    if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
    return String(format: "%dh %02dm", whole / 3600, whole % 3600 / 60)
  }

  private struct Running {
    var user: String
    var size: Int64
    var read: Int64
  }

  private let lock = NSLock()
  private var started: Date?
  private var total = 0
  private var totalBytes: Int64 = 0
  private var done = 0
  private var failed = 0
  private var doneBytes: Int64 = 0
  private var resumedBytes: Int64 = 0
  private var running: [Int: Running] = [:]
  private var nextTicket = 0
  private var stopping = false

  /// An empty tracker; the runner calls `begin` with the users it takes.
  public init() {}

  /// Starts the clock for `users` users whose sources hold `bytes` bytes in all.
  func begin(users: Int, bytes: Int64) {
    locked {
      started = Date()
      total = users
      totalBytes = bytes
    }
  }

  /// A user the journal already has as complete: counted as done, its bytes not in the rate.
  func resumed(size: Int64) {
    locked {
      done += 1
      resumedBytes += size
    }
  }

  /// A user starts; the returned tracker follows its walk and must be ended with `finished`.
  func started(user: String, size: Int64) -> UserTracker {
    locked {
      nextTicket += 1
      running[nextTicket] = Running(user: user, size: max(size, 1), read: 0)
      return UserTracker(progress: self, ticket: nextTicket)
    }
  }

  /// A user ends: all of its source counts as converted.
  func finished(_ tracker: UserTracker, failed didFail: Bool) {
    locked {
      if let user = running.removeValue(forKey: tracker.ticket) { doneBytes += user.size }
      done += 1
      if didFail { failed += 1 }
    }
  }

  /// Marks the run as stopping after the users in flight.
  public func stop() {
    locked { stopping = true }
  }

  fileprivate func read(_ ticket: Int, bytes: Int64) {
    locked { running[ticket]?.read = bytes }
  }

  /// The state now.
  public func snapshot() -> Snapshot {
    locked {
      let elapsed = started.map { Date().timeIntervalSince($0) } ?? 0
      let inFlight = running.sorted { $0.key < $1.key }.map { _, user in
        (user.user, min(0.99, Double(user.read) / Double(user.size)))
      }
      let converted = doneBytes + running.values.reduce(0) { $0 + min($1.read, $1.size) }
      let rate = elapsed > 0.5 ? Double(converted) / elapsed : 0
      let left = max(0, totalBytes - resumedBytes - converted)
      return Snapshot(
        done: done, total: total, failed: failed, inFlight: inFlight, bytesPerSecond: rate,
        secondsLeft: rate > 0 ? Double(left) / rate : nil, elapsed: elapsed, stopping: stopping)
    }
  }

  private func locked<T>(_ body: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }

  /// One user's walk, as the message pipeline reports it.
  final class UserTracker: ProgressReporting, @unchecked Sendable {
    private let progress: BatchProgress
    let ticket: Int

    init(progress: BatchProgress, ticket: Int) {
      self.progress = progress
      self.ticket = ticket
    }

    func update(messages: Int, bytes: Int64, folder: String) {
      progress.read(ticket, bytes: bytes)
    }

    func finish() {}
  }
}
