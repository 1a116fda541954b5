import Foundation
import MailModel

/// What `--state FILE` records and `--since FILE` reads: every message an earlier run exported
/// (its source identity, SHA-256, Zimbra folder, source folder, flags and tags), per account, in
/// an SQLite database. A run's rows are staged in a temporary table and committed only after
/// its bundle is renamed into place, so a killed run records nothing it did not finish.
final class MessageState: @unchecked Sendable {
  /// A message an earlier run exported.
  struct Known: Equatable {
    /// `MessageIdentity.of`: what names the message in its store across runs.
    var identity: String
    /// The SHA-256 (hex) of the bytes written into the bundle.
    var sha256: String
    /// The Zimbra folder it was written into.
    var folder: String
    /// The source folder it was read from.
    var sourceFolder: String
    /// `MessageFlags.rawValue` as written.
    var flags: Int64
    /// The tags written, one per line.
    var tags: String
  }

  private let database: SQLiteDatabase
  /// The file, when the connection goes back to `idle` for the next run (not read-only ones).
  private let path: String?
  /// Open connections no run is using, by file: a batch opens the state once per worker, not
  /// once per user.
  private static let idle = IdleConnections()
  /// The account whose messages this is (`""` for `convert`, the address in `batch`).
  let account: String
  /// The newest run recorded for the account when the file was opened: lookups see only runs up
  /// to it, never what this run stages.
  let baseRun: Int64

  /// Opens (or creates) the state at `path` for `account`. `readOnly` (verify) opens an existing
  /// file without changing it; `baseRun` fixes the runs lookups see (the run a delta was made
  /// against, from its report) instead of the newest.
  init(path: String, account: String, readOnly: Bool = false, baseRun fixed: Int64? = nil) throws {
    if readOnly {
      database = try SQLiteDatabase(path: path, what: "the message state", readOnly: true)
    } else if let idle = Self.idle.take(path) {
      database = idle
    } else {
      database = try SQLiteDatabase(path: path, what: "the message state")
      try Self.create(database)
    }
    self.path = readOnly ? nil : path
    self.account = account
    // Rows a run that failed left staged on a reused connection are not this run's.
    if !readOnly { try database.execute("DELETE FROM pending") }
    var newest: Int64 = 0
    try database.query(
      "SELECT coalesce(max(id), 0) FROM runs WHERE account = ?", [.text(account)]
    ) { newest = $0.integer(0) }
    baseRun = fixed ?? newest
  }

  deinit {
    if let path { Self.idle.put(database, for: path) }
  }

  private static func create(_ database: SQLiteDatabase) throws {
    try database.execute(
      """
      CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY, account TEXT NOT NULL, bundle TEXT NOT NULL,
        messages INTEGER NOT NULL, finished TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS messages (
        account TEXT NOT NULL, identity TEXT NOT NULL, sha256 TEXT NOT NULL,
        folder TEXT NOT NULL, source_folder TEXT NOT NULL, flags INTEGER NOT NULL,
        tags TEXT NOT NULL, run INTEGER NOT NULL, PRIMARY KEY (account, identity));
      CREATE INDEX IF NOT EXISTS messages_by_digest ON messages (account, sha256);
      CREATE TEMP TABLE IF NOT EXISTS pending (
        identity TEXT PRIMARY KEY, sha256 TEXT NOT NULL, folder TEXT NOT NULL,
        source_folder TEXT NOT NULL, flags INTEGER NOT NULL, tags TEXT NOT NULL);
      """)
  }

  /// The message an earlier run exported under `identity`.
  func known(identity: String) throws -> Known? {
    var found: Known?
    try database.query(
      "SELECT identity, sha256, folder, source_folder, flags, tags FROM messages WHERE account = ? AND identity = ? AND run <= ?",
      [.text(account), .text(identity), .integer(baseRun)]
    ) { found = Self.known($0) }
    return found
  }

  /// The messages earlier runs exported with these bytes.
  func known(digest: String) throws -> [Known] {
    var found: [Known] = []
    try database.query(
      "SELECT identity, sha256, folder, source_folder, flags, tags FROM messages WHERE account = ? AND sha256 = ? AND run <= ?",
      [.text(account), .text(digest), .integer(baseRun)]
    ) { found.append(Self.known($0)) }
    return found
  }

  /// The source folders earlier runs exported from, with how many messages each.
  func sourceFolders() throws -> [String: Int] {
    var folders: [String: Int] = [:]
    try database.query(
      "SELECT source_folder, count(*) FROM messages WHERE account = ? AND run <= ? GROUP BY source_folder",
      [.text(account), .integer(baseRun)]
    ) { folders[$0.text(0)] = Int($0.integer(1)) }
    return folders
  }

  /// Stages a message this run writes; recorded by `commit`.
  func stage(_ message: Known) throws {
    try database.query(
      "INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?, ?)",
      [
        .text(message.identity), .text(message.sha256), .text(message.folder),
        .text(message.sourceFolder), .integer(message.flags), .text(message.tags),
      ])
  }

  /// Records the staged messages as one run that wrote `bundle`, in one transaction; returns
  /// the run's number.
  @discardableResult
  func commit(bundle: String) throws -> Int64 {
    var run: Int64 = 0
    try database.transaction {
      var staged: Int64 = 0
      try database.query("SELECT count(*) FROM pending") { staged = $0.integer(0) }
      try database.query(
        "INSERT INTO runs (account, bundle, messages, finished) VALUES (?, ?, ?, ?)",
        [
          .text(account), .text(bundle), .integer(staged),
          .text(MailDate.iso8601(Int64(Date().timeIntervalSince1970))),
        ])
      try database.query("SELECT last_insert_rowid()") { run = $0.integer(0) }
      try database.query(
        "INSERT OR REPLACE INTO messages SELECT ?, identity, sha256, folder, source_folder, flags, tags, ? FROM pending",
        [.text(account), .integer(run)])
      try database.execute("DELETE FROM pending")
    }
    return run
  }

  private static func known(_ row: SQLiteDatabase.Row) -> Known {
    Known(
      identity: row.text(0), sha256: row.text(1), folder: row.text(2), sourceFolder: row.text(3),
      flags: row.integer(4), tags: row.text(5))
  }
}

/// Connections to state files kept open between runs, by path.
private final class IdleConnections: @unchecked Sendable {
  private let lock = NSLock()
  private var connections: [String: [SQLiteDatabase]] = [:]

  func take(_ path: String) -> SQLiteDatabase? {
    lock.lock()
    defer { lock.unlock() }
    return connections[path]?.popLast()
  }

  func put(_ database: SQLiteDatabase, for path: String) {
    lock.lock()
    defer { lock.unlock() }
    connections[path, default: []].append(database)
  }
}

/// What names a message in its store from one run to the next (issue 12): Dovecot's
/// UIDVALIDITY and UID within the folder; the Maildir unique name without its `:2,` info (kept
/// when the message moves between folders); for mbox the Message-ID plus the content digest,
/// since offsets move when mail is deleted; for EML and emlx files the relative path plus the
/// digest.
enum MessageIdentity {
  /// The identity of `message`, whose written bytes have SHA-256 `digest` (hex).
  static func of(_ message: Message, digest: String) -> String {
    let id = message.sourceID
    if id.hasPrefix("uid:") { return "uid:\(message.folder.description)\n\(id)" }
    if id.hasPrefix("offset:") || id.contains("#offset:") {
      let messageID = HeaderSection.value(of: "Message-ID", in: message.bytes) ?? ""
      return "mbox:\(messageID.trimmingCharacters(in: .whitespacesAndNewlines))\n\(digest)"
    }
    let directory = URL(fileURLWithPath: message.location.file).deletingLastPathComponent()
      .lastPathComponent
    if directory == "cur" || directory == "new" { return "maildir:\(id)" }
    return "path:\(id)\n\(digest)"
  }
}
