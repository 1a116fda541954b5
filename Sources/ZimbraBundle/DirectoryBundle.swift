import Foundation
import MailModel
import SystemPackage

/// A bundle written as a directory tree under `<path>.partial-<pid>` and renamed on commit.
///
/// Each entry costs four system calls: `openat` relative to its folder's directory (kept open
/// while entries go into the same folder) with `O_CREAT|O_EXCL` and its final mode, one `write`,
/// `futimens` and `close`. The mode is given to `openat` when the umask leaves it whole;
/// otherwise (a mode the umask would cut, such as 0444 under umask 0277) the file is created
/// 0644 and `fchmod`ed, so entry modes never depend on the umask except 0644's, as before.
///
/// Durability: no file is `fsync`ed. The tree appears at `path` only whole, by one `rename`, and
/// the directory holding `path` is `fsync`ed after it, so a killed run never leaves a bundle at
/// `path`; after a power loss the renamed tree may still lack data the kernel had not written
/// back (`zmigrate verify` finds such a bundle incomplete).
final class DirectoryBundle {
  let path: String
  let temporaryPath: String
  private var madeDirectories: Set<String> = []
  private var committed = false
  /// The temporary directory, open for the `*at` calls.
  private var root: CInt = -1
  /// The folder directory entries last went into (relative to the root), and its descriptor.
  private var folder: (name: String, descriptor: CInt)?
  /// The process umask, when it could be read; nil means every mode but 0644 is `fchmod`ed.
  private let umaskBits: mode_t?

  /// Opens `<path>.partial-<pid>`. `umask` stands in for the process umask when deciding which
  /// modes `openat` can set alone (tests pass 0o777 to take the `fchmod` path for every mode).
  init(path: String, umask: mode_t? = DirectoryBundle.currentUmask()) throws {
    var final = path
    while final.count > 1 && final.hasSuffix("/") { final.removeLast() }
    self.path = final
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: final, isDirectory: &isDirectory) {
      let contents = (try? FileManager.default.contentsOfDirectory(atPath: final)) ?? ["?"]
      guard isDirectory.boolValue, contents.isEmpty else {
        throw BundleError(
          "output exists and is not an empty directory; refusing to overwrite", path: final)
      }
    }
    temporaryPath = final + ".partial-\(getpid())"
    umaskBits = umask
    try? FileManager.default.removeItem(atPath: temporaryPath)
    do {
      try FileManager.default.createDirectory(
        atPath: temporaryPath, withIntermediateDirectories: true)
    } catch {
      throw BundleError(
        "cannot create output directory: \(error.localizedDescription)", path: temporaryPath)
    }
    root = open(temporaryPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard root >= 0 else {
      let error = Errno(rawValue: errno)
      throw BundleError("cannot open output directory: \(error)", path: temporaryPath, errno: error)
    }
  }

  deinit {
    if !committed { abandon() }
    closeDirectories()
  }

  func add(name: String, data: [UInt8], mode: UInt32, mtime: Int64) throws {
    let slash = name.utf8.lastIndex(of: UInt8(ascii: "/"))
    let directory = try slash.map { try folderDescriptor(String(name[..<$0])) } ?? root
    let leaf = slash.map { String(name[name.index(after: $0)...]) } ?? name
    // The mode goes to openat when the umask leaves it whole; else 0644 and an fchmod, as
    // before, so that a 0444 entry is 0444 whatever the umask.
    let direct = mode == 0o644 || umaskBits.map { mode_t(mode) & $0 == 0 } == true
    let fd = openat(
      directory, leaf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
      direct ? mode_t(mode) : 0o644)
    guard fd >= 0 else {
      let error = Errno(rawValue: errno)
      throw BundleError("cannot create file: \(error)", path: fullPath(name), errno: error)
    }
    var failed: (String, Errno)?
    if let error = Self.writeAll(fd, data) {
      failed = ("cannot write file", error)
    } else if !direct && fchmod(fd, mode_t(mode)) != 0 {
      failed = ("cannot set the file's mode", Errno(rawValue: errno))
    } else {
      var times = (
        timespec(tv_sec: Int(mtime), tv_nsec: 0), timespec(tv_sec: Int(mtime), tv_nsec: 0)
      )
      let set = withUnsafePointer(to: &times) {
        $0.withMemoryRebound(to: timespec.self, capacity: 2) { futimens(fd, $0) }
      }
      if set != 0 { failed = ("cannot set the file's mtime", Errno(rawValue: errno)) }
    }
    if close(fd) != 0 && failed == nil {
      failed = ("cannot write file", Errno(rawValue: errno))
    }
    if let (message, error) = failed {
      throw BundleError("\(message): \(error)", path: fullPath(name), errno: error)
    }
  }

  /// The descriptor of the folder directory `name` (relative to the root), made if needed.
  private func folderDescriptor(_ name: String) throws -> CInt {
    if let folder, folder.name == name { return folder.descriptor }
    if !madeDirectories.contains(name) {
      // Each missing level, like `mkdir -p` (0777 less the umask, as FileManager made them).
      var prefix = ""
      for component in name.split(separator: "/", omittingEmptySubsequences: false) {
        prefix += prefix.isEmpty ? String(component) : "/" + component
        if madeDirectories.contains(prefix) { continue }
        if mkdirat(root, prefix, 0o777) != 0 && errno != EEXIST {
          let error = Errno(rawValue: errno)
          throw BundleError(
            "cannot create directory: \(error)", path: fullPath(prefix), errno: error)
        }
        madeDirectories.insert(prefix)
      }
    }
    let descriptor = openat(root, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else {
      let error = Errno(rawValue: errno)
      throw BundleError("cannot open directory: \(error)", path: fullPath(name), errno: error)
    }
    if let folder { close(folder.descriptor) }
    folder = (name, descriptor)
    return descriptor
  }

  private func fullPath(_ name: String) -> String { temporaryPath + "/" + name }

  /// Writes all of `data` to `fd`; the error, or nil.
  private static func writeAll(_ fd: CInt, _ data: [UInt8]) -> Errno? {
    data.withUnsafeBytes { buffer -> Errno? in
      guard let base = buffer.baseAddress else { return nil }
      var offset = 0
      while offset < buffer.count {
        let written = write(fd, base + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return Errno(rawValue: errno)
        }
        offset += written
      }
      return nil
    }
  }

  /// The process umask from `/proc/self/status` (read, not set: `umask(2)` would change it for
  /// a moment under other threads), or nil where that line is missing.
  static func currentUmask() -> mode_t? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return nil
    }
    for line in status.split(separator: "\n") where line.hasPrefix("Umask:") {
      return mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8)
    }
    return nil
  }

  private func closeDirectories() {
    if let folder { close(folder.descriptor) }
    folder = nil
    if root >= 0 { close(root) }
    root = -1
  }

  func commit() throws {
    closeDirectories()
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      try? FileManager.default.removeItem(atPath: path)  // only an empty directory gets here
    }
    guard rename(temporaryPath, path) == 0 else {
      throw BundleError(
        "cannot rename \(temporaryPath) to final name: \(String(cString: strerror(errno)))",
        path: path)
    }
    committed = true
    // The rename is durable once its directory is synced (as AtomicFile does for files).
    AtomicFile.syncDirectory(containing: path)
  }

  func abandon() {
    guard !committed else { return }
    closeDirectories()
    try? FileManager.default.removeItem(atPath: temporaryPath)
  }
}
