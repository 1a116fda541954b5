import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file that appears at its path only complete: written under a temporary name beside it and
/// renamed into place by `commit()`. Every whole-file output (reports, account files, contacts,
/// calendars, single-file bundles) is written through it.
///
/// `init` creates `<path>.partial-<pid>-<random>` with `O_CREAT|O_EXCL|O_NOFOLLOW` and its final
/// permissions from the start (0600 for secrets: the bytes are never readable by others, not even
/// for a moment, and no chmod follows). Writes go through a buffer of `bufferSize` bytes. `commit()`
/// flushes, `fsync`s, closes, renames over `path` (replacing any file there in one step) and then
/// `fsync`s the directory. Without a commit (`abandon()`, a failure, or the object being released)
/// the temporary file is removed and `path` is never touched. Failures throw `MailModelError` with
/// the file concerned as location and the `Errno` as cause.
public final class AtomicFile {
  /// Permission bits for ordinary output, before the umask: 0644.
  public static let plainPermissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]
  /// Permission bits for files with passwords: 0600, owner only.
  public static let secretPermissions: FilePermissions = [.ownerReadWrite]

  /// The final file name.
  public let path: String
  /// The name the data is written under until `commit()`.
  public let temporaryPath: String
  /// Bytes accepted so far (written or buffered).
  public private(set) var bytesWritten: Int64 = 0
  /// Whether `commit()` succeeded: the data is at `path`.
  public private(set) var isCommitted = false
  /// Whether the file still takes writes: neither committed nor abandoned.
  public var isOpen: Bool { !isCommitted && !isAbandoned }

  private var descriptor: FileDescriptor?
  private var isAbandoned = false
  private let buffer: UnsafeMutableRawBufferPointer
  private var buffered = 0

  /// Creates the temporary file for `path` with `permissions` (less the umask); throws when `path`
  /// names no file or its directory does not take a new file.
  public init(
    path: String, permissions: FilePermissions = AtomicFile.plainPermissions,
    bufferSize: Int = 1 << 20
  ) throws {
    precondition(bufferSize > 0, "bufferSize must be positive")
    let target = FilePath(path)
    guard let name = target.lastComponent, !path.hasSuffix("/") else {
      throw MailModelError(
        "not a file name", code: .invalidArgument, at: SourceLocation(file: path))
    }
    let directory = target.removingLastComponent()
    var created: (FileDescriptor, String)?
    for _ in 0..<16 {
      let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
      let candidate = directory.appending("\(name.string).partial-\(getpid())-\(suffix)").string
      do {
        let descriptor = try FileDescriptor.open(
          FilePath(candidate), .writeOnly,
          options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
          permissions: permissions, retryOnInterrupt: true)
        created = (descriptor, candidate)
        break
      } catch Errno.fileExists {
        continue
      } catch {
        throw MailModelError(
          "cannot create the temporary file", at: SourceLocation(file: candidate),
          cause: error)
      }
    }
    guard let (descriptor, temporaryPath) = created else {
      throw MailModelError(
        "cannot find a free temporary name beside it", at: SourceLocation(file: path),
        cause: Errno.fileExists)
    }
    self.path = path
    self.temporaryPath = temporaryPath
    self.descriptor = descriptor
    buffer = .allocate(byteCount: bufferSize, alignment: 16)
  }

  deinit {
    abandon()
    buffer.deallocate()
  }

  /// Writes `bytes` to `path` atomically: the file there is replaced by a complete new one or,
  /// on failure, left as it was.
  public static func write(
    _ bytes: some Collection<UInt8>, to path: String,
    permissions: FilePermissions = AtomicFile.plainPermissions
  ) throws {
    let file = try AtomicFile(path: path, permissions: permissions, bufferSize: 16 << 10)
    try file.write(bytes)
    try file.commit()
  }

  /// Appends `bytes` through the buffer; throws after `commit()` or `abandon()`, or on an I/O error.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard isOpen else {
      throw MailModelError(
        "write after commit or abandon", code: .invalidState,
        at: SourceLocation(file: temporaryPath))
    }
    guard !bytes.isEmpty else { return }
    bytesWritten += Int64(bytes.count)
    // Large writes skip the buffer once it is empty.
    if buffered == 0 && bytes.count >= buffer.count {
      try writeOut(bytes)
      return
    }
    var offset = 0
    while offset < bytes.count {
      let take = min(buffer.count - buffered, bytes.count - offset)
      UnsafeMutableRawBufferPointer(rebasing: buffer[buffered..<buffered + take]).copyMemory(
        from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + take]))
      buffered += take
      offset += take
      if buffered == buffer.count { try flush() }
    }
  }

  /// Appends the bytes of any collection (an array, `Data`, a slice).
  public func write(_ bytes: some Collection<UInt8>) throws {
    let done: Void? = try bytes.withContiguousStorageIfAvailable {
      try write(UnsafeRawBufferPointer($0))
    }
    if done == nil {
      try Array(bytes).withUnsafeBytes { try write($0) }
    }
  }

  /// Writes out what is buffered; the data stays under the temporary name until `commit()`.
  public func flush() throws {
    guard buffered > 0 else { return }
    try writeOut(UnsafeRawBufferPointer(start: buffer.baseAddress, count: buffered))
    buffered = 0
  }

  /// Flushes, `fsync`s and closes the temporary file, renames it to `path` and syncs the
  /// directory; on failure removes the temporary file and leaves `path` as it was.
  public func commit() throws {
    guard let descriptor, isOpen else {
      throw MailModelError(
        "commit after commit or abandon", code: .invalidState,
        at: SourceLocation(file: temporaryPath))
    }
    do {
      try flush()
    } catch {
      abandon()
      throw error
    }
    if fsync(descriptor.rawValue) != 0 {
      let error = Errno(rawValue: errno)
      abandon()
      throw MailModelError(
        "cannot sync the temporary file", at: SourceLocation(file: temporaryPath), cause: error)
    }
    self.descriptor = nil
    do {
      try descriptor.close()
    } catch {
      abandon()
      throw MailModelError(
        "cannot close the temporary file", at: SourceLocation(file: temporaryPath), cause: error)
    }
    if rename(temporaryPath, path) != 0 {
      let error = Errno(rawValue: errno)
      abandon()
      throw MailModelError(
        "cannot rename the temporary file \(temporaryPath) over it", at: SourceLocation(file: path),
        cause: error)
    }
    isCommitted = true
    Self.syncDirectory(containing: path)
  }

  /// Closes and removes the temporary file; `path` is left as it was. Does nothing after
  /// `commit()` and is safe to call more than once.
  public func abandon() {
    guard isOpen else { return }
    isAbandoned = true
    if let descriptor {
      try? descriptor.close()
      self.descriptor = nil
    }
    unlink(temporaryPath)
  }

  /// `fsync`s the directory holding `path`, which makes a rename into it durable; failures are
  /// ignored (some file systems refuse to sync a directory).
  public static func syncDirectory(containing path: String) {
    let directory = FilePath(path).removingLastComponent()
    let name = directory.isEmpty ? FilePath(".") : directory
    guard
      let descriptor = try? FileDescriptor.open(
        name, .readOnly, options: [.directory, .closeOnExec])
    else { return }
    _ = fsync(descriptor.rawValue)
    try? descriptor.close()
  }

  private func writeOut(_ bytes: UnsafeRawBufferPointer) throws {
    guard let descriptor else {
      throw MailModelError(
        "the temporary file is already closed", code: .invalidState,
        at: SourceLocation(file: temporaryPath))
    }
    do {
      _ = try descriptor.writeAll(bytes)
    } catch {
      throw MailModelError(
        "cannot write the temporary file", at: SourceLocation(file: temporaryPath), cause: error)
    }
  }
}
