import CZMigrateSQLite
import Foundation
import MailModel

/// `DIR/zmigrate.db`: the batch journal, an SQLite database in WAL mode. A user's row is
/// written only after its bundle and report are renamed into place, so a run killed at any
/// moment records nothing it did not finish; the next run skips the users recorded here whose
/// source is unchanged and whose bundle still has the recorded size and SHA-256.
final class BatchJournal: @unchecked Sendable {
  /// One completed user.
  struct Entry: Equatable {
    var user: String
    /// `BatchJournal.fingerprint` of the source when it was converted.
    var fingerprint: String
    var bundle: String
    var size: Int64
    var sha256: String
    var status: String
    var messagesWritten: Int
    var messagesSkipped: Int
    var bytesWritten: Int64
  }

  private var database: OpaquePointer?
  private let lock = NSLock()
  private let path: String

  /// Opens (or creates) the journal at `path`.
  init(path: String) throws {
    self.path = path
    guard
      sqlite3_open_v2(
        path, &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil)
        == SQLITE_OK
    else {
      let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(database)
      throw MigrationError(
        "cannot open the batch journal: \(message)", code: .io, at: SourceLocation(file: path))
    }
    sqlite3_busy_timeout(database, 10_000)
    try execute("PRAGMA journal_mode=WAL")
    // WAL with NORMAL survives kill -9; a power cut can lose the last rows, whose users are
    // then converted again (their bundles were renamed into place before the row was written).
    try execute("PRAGMA synchronous=NORMAL")
    try execute(
      """
      CREATE TABLE IF NOT EXISTS users (
        user TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, bundle TEXT NOT NULL,
        size INTEGER NOT NULL, sha256 TEXT NOT NULL, status TEXT NOT NULL,
        messages_written INTEGER NOT NULL, messages_skipped INTEGER NOT NULL,
        bytes_written INTEGER NOT NULL, finished TEXT NOT NULL)
      """)
  }

  deinit { sqlite3_close(database) }

  /// Forgets every user (`--restart`).
  func reset() throws { try execute("DELETE FROM users") }

  /// The completed users, by lower-cased address.
  func entries() throws -> [String: Entry] {
    lock.lock()
    defer { lock.unlock() }
    var statement: OpaquePointer?
    let sql =
      "SELECT user, fingerprint, bundle, size, sha256, status, messages_written, messages_skipped, bytes_written FROM users"
    guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK else {
      throw failure("cannot read the batch journal")
    }
    defer { sqlite3_finalize(statement) }
    var result: [String: Entry] = [:]
    while sqlite3_step(statement) == SQLITE_ROW {
      func text(_ column: Int32) -> String {
        sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
      }
      let entry = Entry(
        user: text(0), fingerprint: text(1), bundle: text(2),
        size: sqlite3_column_int64(statement, 3), sha256: text(4), status: text(5),
        messagesWritten: Int(sqlite3_column_int64(statement, 6)),
        messagesSkipped: Int(sqlite3_column_int64(statement, 7)),
        bytesWritten: sqlite3_column_int64(statement, 8))
      result[entry.user.lowercased()] = entry
    }
    return result
  }

  /// Records a completed user (replacing an earlier record of the same user).
  func record(_ entry: Entry) throws {
    lock.lock()
    defer { lock.unlock() }
    var statement: OpaquePointer?
    let sql = "INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK else {
      throw failure("cannot write the batch journal")
    }
    defer { sqlite3_finalize(statement) }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    let texts: [(Int32, String)] = [
      (1, entry.user), (2, entry.fingerprint), (3, entry.bundle), (5, entry.sha256),
      (6, entry.status), (10, MailDate.iso8601(Int64(Date().timeIntervalSince1970))),
    ]
    for (index, value) in texts { sqlite3_bind_text(statement, index, value, -1, transient) }
    sqlite3_bind_int64(statement, 4, entry.size)
    sqlite3_bind_int64(statement, 7, Int64(entry.messagesWritten))
    sqlite3_bind_int64(statement, 8, Int64(entry.messagesSkipped))
    sqlite3_bind_int64(statement, 9, entry.bytesWritten)
    guard sqlite3_step(statement) == SQLITE_DONE else {
      throw failure("cannot write the batch journal")
    }
  }

  private func execute(_ sql: String) throws {
    lock.lock()
    defer { lock.unlock() }
    guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
      throw failure("batch journal statement failed")
    }
  }

  private func failure(_ what: String) -> MigrationError {
    let detail = database.map { String(cString: sqlite3_errmsg($0)) } ?? ""
    return MigrationError("\(what): \(detail)", code: .io, at: SourceLocation(file: path))
  }

  /// What a source looks like on disk: a SHA-256 over every file's path, size and mtime (a
  /// changed, added or removed file changes it), with the total size for ordering. One `lstat`
  /// per entry (symbolic links to files count as files, as the readers follow them).
  static func fingerprint(of path: String) -> (digest: String, size: Int64) {
    var lines: [String] = []
    var total: Int64 = 0
    var info = stat()
    guard stat(path, &info) == 0 else { return ("missing", 0) }
    func add(_ relative: String, _ info: stat) {
      total += Int64(info.st_size)
      lines.append(
        "\(relative)\u{0}\(info.st_size)\u{0}\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)")
    }
    func walk(_ directory: String, _ relative: String, depth: Int) {
      guard depth < 64, let handle = opendir(directory) else { return }
      defer { closedir(handle) }
      while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        if name == "." || name == ".." { continue }
        let full = directory + "/" + name
        var child = stat()
        guard stat(full, &child) == 0 else { continue }
        if child.st_mode & S_IFMT == S_IFDIR {
          walk(full, relative + "/" + name, depth: depth + 1)
        } else if child.st_mode & S_IFMT == S_IFREG {
          add(relative + "/" + name, child)
        }
      }
    }
    if info.st_mode & S_IFMT == S_IFDIR { walk(path, "", depth: 0) } else { add("", info) }
    lines.sort()
    return (SHA256.hash(Array(lines.joined(separator: "\n").utf8)).hex, total)
  }

  /// The SHA-256 of a bundle file, read in chunks; nil when it cannot be read.
  static func digest(ofFile path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      hasher.update([UInt8](chunk))
    }
    return hasher.finalize().hex
  }
}
