import Foundation

/// Writes small files (reports) under a temporary name and renames them into place.
public enum AtomicFile {
  /// Writes `data` to `path` atomically with the given permissions.
  public static func write(_ data: Data, to path: String, permissions: Int = 0o644) throws {
    let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
    guard
      FileManager.default.createFile(
        atPath: temporary, contents: data, attributes: [.posixPermissions: permissions])
    else {
      throw MigrationError("cannot write \(temporary)")
    }
    guard rename(temporary, path) == 0 else {
      try? FileManager.default.removeItem(atPath: temporary)
      throw MigrationError("cannot rename \(temporary) to \(path)")
    }
  }
}
