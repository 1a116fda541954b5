import MailModel
import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a whole file under a temporary name beside its destination and renames it into place.
///
/// The temporary file `<path>.partial-<pid>-<random>` is created with `O_CREAT|O_EXCL|O_NOFOLLOW` and
/// its final permissions from the start (0600 for secrets: the bytes are never readable by others, not
/// even for a moment, and no chmod follows), then written, `fsync`ed, closed and renamed over `path`;
/// the directory is synced last. On any failure the temporary file is removed and `path` is untouched.
enum AtomicAccountFile {
  /// Permission bits for files with passwords.
  static let secretMode: UInt16 = 0o600
  /// Permission bits (before the umask) for the others.
  static let plainMode: UInt16 = 0o644

  /// Writes `bytes` to `path`, mode 0600 when `secret`, else 0644 less the umask.
  static func write(_ bytes: [UInt8], to path: String, secret: Bool) throws {
    let destination = FilePath(path)
    guard let name = destination.lastComponent, !path.hasSuffix("/") else {
      throw AccountsError("not a file name", at: SourceLocation(file: path))
    }
    let directory = destination.removingLastComponent()
    let permissions = FilePermissions(rawValue: CModeT(secret ? secretMode : plainMode))

    var created: (FileDescriptor, FilePath)?
    for _ in 0..<16 {
      let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
      let candidate = directory.appending("\(name.string).partial-\(getpid())-\(suffix)")
      do {
        let fd = try FileDescriptor.open(
          candidate, .writeOnly, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
          permissions: permissions, retryOnInterrupt: true)
        created = (fd, candidate)
        break
      } catch Errno.fileExists {
        continue
      } catch let error as Errno {
        throw AccountsError(
          "cannot create a temporary file beside it: \(error)", at: SourceLocation(file: path))
      }
    }
    guard let (fd, temporary) = created else {
      throw AccountsError(
        "cannot find a free temporary name beside it", at: SourceLocation(file: path))
    }

    var open = true
    do {
      _ = try bytes.withUnsafeBytes { try fd.writeAll($0) }
      if fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
      open = false
      try fd.close()
      if rename(temporary.string, path) != 0 { throw Errno(rawValue: errno) }
    } catch {
      if open { try? fd.close() }
      unlink(temporary.string)
      throw AccountsError("cannot write the file: \(error)", at: SourceLocation(file: path))
    }
    syncDirectory(directory)
  }

  /// Makes the rename durable; failures are ignored (some file systems refuse a directory fsync).
  private static func syncDirectory(_ directory: FilePath) {
    let name = directory.isEmpty ? FilePath(".") : directory
    guard let fd = try? FileDescriptor.open(name, .readOnly, options: [.directory, .closeOnExec])
    else { return }
    _ = fsync(fd.rawValue)
    try? fd.close()
  }
}
