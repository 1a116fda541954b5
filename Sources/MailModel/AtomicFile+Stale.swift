import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporaries a killed run leaves, and the one rule for removing them: a name made by
/// zmigrate's own scheme (`<name>.partial-<pid>-<hex>` from `AtomicFile`, `<name>.partial-<pid>`
/// from a directory bundle) whose process no longer exists. `convert` applies it to its output's
/// names, `batch` to its whole output directory.
extension AtomicFile {
  /// The final name and the writer's process id a temporary name was made from
  /// (`user.tgz.partial-4242-1f3a` → (`user.tgz`, 4242)); nil for any other name.
  public static func temporaryNameParts(_ name: String) -> (target: String, pid: Int32)? {
    let bytes = Array(name.utf8)
    let marker = Array(".partial-".utf8)
    guard bytes.count > marker.count else { return nil }
    // The last marker: a final name may itself hold ".partial-".
    var start = bytes.count - marker.count
    while start > 0 && !bytes[start..<start + marker.count].elementsEqual(marker) { start -= 1 }
    guard start > 0, bytes[start..<start + marker.count].elementsEqual(marker) else { return nil }
    let rest = bytes[(start + marker.count)...]
    let digits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    guard !digits.isEmpty, digits.count <= 10, digits.first != UInt8(ascii: "0"),
      let pid = Int32(String(decoding: digits, as: UTF8.self)), pid > 0
    else { return nil }
    let tail = rest.dropFirst(digits.count)
    if !tail.isEmpty {
      let hex = tail.dropFirst()
      guard tail.first == UInt8(ascii: "-"), (1...8).contains(hex.count),
        hex.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
      else { return nil }
    }
    return (String(decoding: bytes[..<start], as: UTF8.self), pid)
  }

  /// Whether no process `pid` exists: `kill(pid, 0)` fails with `ESRCH`. A process of another
  /// user (`EPERM`) counts as alive.
  public static func processIsGone(_ pid: Int32) -> Bool {
    kill(pid, 0) != 0 && errno == ESRCH
  }

  /// Removes from `directory` every temporary (file or directory tree) made by the scheme above
  /// whose process is gone and whose final name `belongs` accepts; returns the names removed.
  /// Temporaries of live processes, and every other file, are left alone.
  @discardableResult
  public static func removeStaleTemporaries(
    in directory: String, where belongs: (String) -> Bool = { _ in true }
  ) -> [String] {
    guard let handle = opendir(directory.isEmpty ? "." : directory) else { return [] }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      names.append(name)
    }
    closedir(handle)
    var removed: [String] = []
    for name in names {
      guard let (target, pid) = temporaryNameParts(name), belongs(target), processIsGone(pid)
      else { continue }
      let path = FilePath(directory.isEmpty ? "." : directory).appending(name).string
      if removeTree(path) { removed.append(name) }
    }
    return removed
  }

  /// Removes `path` and, for a directory (never followed through a symbolic link), everything
  /// below it; true when it is gone.
  private static func removeTree(_ path: String) -> Bool {
    var info = stat()
    guard lstat(path, &info) == 0 else { return errno == ENOENT }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      if let handle = opendir(path) {
        var children: [String] = []
        while let entry = readdir(handle) {
          let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
          }
          if name != "." && name != ".." { children.append(name) }
        }
        closedir(handle)
        for child in children { _ = removeTree(path + "/" + child) }
      }
      return rmdir(path) == 0
    }
    return unlink(path) == 0
  }
}
