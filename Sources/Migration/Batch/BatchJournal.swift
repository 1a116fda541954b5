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

  private let database: SQLiteDatabase

  /// Opens (or creates) the journal at `path`.
  init(path: String) throws {
    // A power cut can lose the last rows (WAL, synchronous=NORMAL); those users are then
    // converted again, as their bundles were renamed into place before the row was written.
    database = try SQLiteDatabase(path: path, what: "the batch journal")
    try database.execute(
      """
      CREATE TABLE IF NOT EXISTS users (
        user TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, bundle TEXT NOT NULL,
        size INTEGER NOT NULL, sha256 TEXT NOT NULL, status TEXT NOT NULL,
        messages_written INTEGER NOT NULL, messages_skipped INTEGER NOT NULL,
        bytes_written INTEGER NOT NULL, finished TEXT NOT NULL)
      """)
  }

  /// Forgets every user (`--restart`).
  func reset() throws { try database.execute("DELETE FROM users") }

  /// The completed users, by lower-cased address.
  func entries() throws -> [String: Entry] {
    var result: [String: Entry] = [:]
    try database.query(
      "SELECT user, fingerprint, bundle, size, sha256, status, messages_written, messages_skipped, bytes_written FROM users"
    ) { row in
      let entry = Entry(
        user: row.text(0), fingerprint: row.text(1), bundle: row.text(2), size: row.integer(3),
        sha256: row.text(4), status: row.text(5), messagesWritten: Int(row.integer(6)),
        messagesSkipped: Int(row.integer(7)), bytesWritten: row.integer(8))
      result[entry.user.lowercased()] = entry
    }
    return result
  }

  /// Records a completed user (replacing an earlier record of the same user).
  func record(_ entry: Entry) throws {
    try database.query(
      "INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [
        .text(entry.user), .text(entry.fingerprint), .text(entry.bundle), .integer(entry.size),
        .text(entry.sha256), .text(entry.status), .integer(Int64(entry.messagesWritten)),
        .integer(Int64(entry.messagesSkipped)), .integer(entry.bytesWritten),
        .text(MailDate.iso8601(Int64(Date().timeIntervalSince1970))),
      ])
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
