import Foundation
import MailModel
import SystemPackage

/// A bundle written as a directory tree under `<path>.partial-<pid>` and renamed on commit.
final class DirectoryBundle {
  let path: String
  let temporaryPath: String
  private var madeDirectories: Set<String> = []
  private var committed = false

  init(path: String) throws {
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
    try? FileManager.default.removeItem(atPath: temporaryPath)
    do {
      try FileManager.default.createDirectory(
        atPath: temporaryPath, withIntermediateDirectories: true)
    } catch {
      throw BundleError(
        "cannot create output directory: \(error.localizedDescription)", path: temporaryPath)
    }
  }

  deinit { if !committed { abandon() } }

  func add(name: String, data: [UInt8], mode: UInt32, mtime: Int64) throws {
    let full = temporaryPath + "/" + name
    if let slash = name.lastIndex(of: "/") {
      let directory = String(name[..<slash])
      if !madeDirectories.contains(directory) {
        try FileManager.default.createDirectory(
          atPath: temporaryPath + "/" + directory, withIntermediateDirectories: true)
        madeDirectories.insert(directory)
      }
    }
    let fd: FileDescriptor
    do {
      fd = try FileDescriptor.open(
        FilePath(full), .writeOnly, options: [.create, .truncate, .exclusiveCreate],
        permissions: FilePermissions(rawValue: 0o644))
    } catch {
      throw BundleError("cannot create file: \(error)", path: full)
    }
    do {
      _ = try data.withUnsafeBytes { try fd.writeAll($0) }
      if mode != 0o644 { _ = fchmod(fd.rawValue, mode_t(mode)) }
      var times = [
        timespec(tv_sec: Int(mtime), tv_nsec: 0), timespec(tv_sec: Int(mtime), tv_nsec: 0),
      ]
      _ = futimens(fd.rawValue, &times)
      try fd.close()
    } catch {
      try? fd.close()
      throw BundleError("cannot write file: \(error)", path: full)
    }
  }

  func commit() throws {
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
    try? FileManager.default.removeItem(atPath: temporaryPath)
  }
}
