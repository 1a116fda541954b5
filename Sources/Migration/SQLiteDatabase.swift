import CZMigrateSQLite
import Foundation
import MailModel

/// One connection to an SQLite database file in WAL mode, serialised by a lock: the batch
/// journal and the message state (`--state`, `--since`) are kept in it. Statements are
/// prepared once and kept.
final class SQLiteDatabase: @unchecked Sendable {
  /// A value bound to a statement's `?`.
  enum Value {
    case text(String)
    case integer(Int64)
  }

  /// One result row.
  struct Row {
    fileprivate let statement: OpaquePointer?

    /// The text of column `index` (empty for NULL).
    func text(_ index: Int32) -> String {
      sqlite3_column_text(statement, index).map { String(cString: $0) } ?? ""
    }

    /// The integer of column `index` (0 for NULL).
    func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }
  }

  private var database: OpaquePointer?
  private var prepared: [String: OpaquePointer] = [:]
  private let lock = NSRecursiveLock()
  private let path: String
  private let what: String

  /// Opens (or creates, unless `readOnly`) the database at `path`; `what` names it in errors
  /// (`the batch journal`). WAL with synchronous=NORMAL survives kill -9; a power cut can lose
  /// the last commits, which callers make safe to lose.
  init(path: String, what: String, readOnly: Bool = false) throws {
    self.path = path
    self.what = what
    let flags =
      (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
      | SQLITE_OPEN_FULLMUTEX
    guard sqlite3_open_v2(path, &database, flags, nil) == SQLITE_OK else {
      let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(database)
      database = nil
      throw MigrationError(
        "cannot open \(what): \(message)", code: .io, at: SourceLocation(file: path))
    }
    sqlite3_busy_timeout(database, 30_000)
    if !readOnly {
      try execute("PRAGMA journal_mode=WAL")
      try execute("PRAGMA synchronous=NORMAL")
    }
  }

  deinit {
    for statement in prepared.values { sqlite3_finalize(statement) }
    sqlite3_close(database)
  }

  /// Runs one or more statements without results.
  func execute(_ sql: String) throws {
    try locked {
      guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
        throw failure("statement failed")
      }
    }
  }

  /// Runs `sql` with `values` bound, calling `row` for each result row.
  func query(_ sql: String, _ values: [Value] = [], row: (Row) throws -> Void = { _ in }) throws {
    try locked {
      let statement = try statement(sql)
      defer {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
      }
      let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
      for (offset, value) in values.enumerated() {
        let index = Int32(offset + 1)
        switch value {
        case .text(let text): sqlite3_bind_text(statement, index, text, -1, transient)
        case .integer(let number): sqlite3_bind_int64(statement, index, number)
        }
      }
      while true {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: try row(Row(statement: statement))
        case SQLITE_DONE: return
        default: throw failure("cannot read or write")
        }
      }
    }
  }

  /// Runs `body` inside one transaction (`BEGIN IMMEDIATE`), committed when it returns and
  /// rolled back when it throws.
  func transaction(_ body: () throws -> Void) throws {
    try locked {
      try execute("BEGIN IMMEDIATE")
      do {
        try body()
        try execute("COMMIT")
      } catch {
        try? execute("ROLLBACK")
        throw error
      }
    }
  }

  private func statement(_ sql: String) throws -> OpaquePointer {
    if let known = prepared[sql] { return known }
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement
    else { throw failure("cannot prepare a statement") }
    prepared[sql] = statement
    return statement
  }

  private func locked<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  private func failure(_ doing: String) -> MigrationError {
    let detail = database.map { String(cString: sqlite3_errmsg($0)) } ?? ""
    return MigrationError(
      "\(what): \(doing): \(detail)", code: .io, at: SourceLocation(file: path))
  }
}
