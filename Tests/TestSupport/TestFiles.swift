import Foundation

/// Files and folders made on the fly for one test.
public enum TestFiles {
  /// The bytes of the file at `path`.
  public static func bytes(_ path: String) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
  }

  /// Creates `files` (relative path → contents) and the empty `directories` below `root`, with
  /// every parent folder they need.
  public static func make(
    _ root: String, _ files: [String: [UInt8]], directories: [String] = []
  ) throws {
    for directory in directories {
      try FileManager.default.createDirectory(
        atPath: root + "/" + directory, withIntermediateDirectories: true)
    }
    for (relative, bytes) in files {
      let url = URL(fileURLWithPath: root + "/" + relative)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
    }
  }

  /// Sets the modification time of the file at `path` to `seconds` since the epoch.
  public static func setMtime(_ path: String, _ seconds: Int64) throws {
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSince1970: TimeInterval(seconds))], ofItemAtPath: path)
  }

  /// A copy of `Fixtures/<relative>` in a fresh temporary directory, named `name` (the fixture's
  /// own last path component when nil); returns the directory and the copy's path.
  public static func copyFixture(_ relative: String, as name: String? = nil) throws -> (
    TemporaryDirectory, String
  ) {
    let temp = try TemporaryDirectory()
    let copy = temp.path + "/" + (name ?? URL(fileURLWithPath: relative).lastPathComponent)
    do {
      try FileManager.default.copyItem(atPath: Fixture.path(relative), toPath: copy)
    } catch {
      temp.cleanup()
      throw error
    }
    return (temp, copy)
  }

  /// Sets the modification time of every regular file below `root` to what `mtime` answers for
  /// its path relative to `root`, leaving the files it answers nil for alone (git does not keep
  /// mtimes, so tests that read them set them on a copy).
  public static func setMtimes(below root: String, _ mtime: (String) -> Int64?) throws {
    for relative in FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [] {
      var isDirectory: ObjCBool = false
      guard
        FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
        !isDirectory.boolValue, let seconds = mtime(relative)
      else { continue }
      try setMtime(root + "/" + relative, seconds)
    }
  }
}
