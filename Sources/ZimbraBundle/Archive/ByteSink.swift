import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A destination for a stream of bytes (a file, a compressor, memory); `finish()` ends the stream.
///
/// Sinks are reference types used from one thread at a time; writers hold on to them.
public protocol ByteSink: AnyObject {
  /// Appends `bytes` to the stream. The buffer is only borrowed for the duration of the call.
  func write(_ bytes: UnsafeRawBufferPointer) throws
  /// Ends the stream: flushes what is buffered and passes the end on. Nothing may be written afterwards.
  func finish() throws
}

extension ByteSink {
  /// Appends the bytes of an array.
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }
}

/// A sink that collects everything in memory (for tests and small outputs).
public final class MemorySink: ByteSink {
  /// Everything written so far.
  public private(set) var bytes: [UInt8] = []
  /// Whether `finish()` was called.
  public private(set) var isFinished = false

  /// An empty sink.
  public init() {}

  /// Appends a copy of `buffer` to `bytes`; writing after `finish()` is a programming error.
  public func write(_ buffer: UnsafeRawBufferPointer) throws {
    precondition(!isFinished, "write after finish")
    bytes.append(contentsOf: buffer)
  }

  /// Marks the sink finished; `bytes` is complete and no more writes are allowed.
  public func finish() throws {
    isFinished = true
  }
}

/// A file written under a temporary name beside its destination and renamed into place on `commit()`.
///
/// The data goes to `<destination>.partial-<pid>` (created with mode 0644, less the umask) through a
/// buffer of `bufferSize` bytes, so most `write(2)` calls are that large. `commit()` flushes, `fsync`s,
/// renames over `destination` and syncs the directory. Without a commit (`abandon()`, an error, or the
/// sink being released) the temporary file is removed and `destination` is never touched.
public final class AtomicFileSink: ByteSink {
  /// The final file name.
  public let path: String
  /// The name the data is written under until `commit()`.
  public let temporaryPath: String
  /// Bytes accepted so far (written or buffered).
  public private(set) var bytesWritten: Int64 = 0

  private enum State { case open, finished, committed, abandoned }
  private var state = State.open
  private var descriptor: FileDescriptor?
  private let buffer: UnsafeMutableRawBufferPointer
  private var buffered = 0

  /// Creates (or truncates) the temporary file for `path`.
  public init(
    path: String, bufferSize: Int = 1 << 20,
    permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]
  ) throws {
    precondition(bufferSize > 0, "bufferSize must be positive")
    self.path = path
    self.temporaryPath = path + ".partial-\(getpid())"
    do {
      descriptor = try FileDescriptor.open(
        FilePath(temporaryPath), .writeOnly,
        options: [.create, .truncate, .closeOnExec], permissions: permissions)
    } catch let error as Errno {
      throw BundleError("cannot create temporary output file", path: temporaryPath, errno: error)
    }
    buffer = .allocate(byteCount: bufferSize, alignment: 16)
  }

  deinit {
    if state != .committed { abandon() }
    buffer.deallocate()
  }

  /// Appends `bytes` to the temporary file through the buffer; throws after `finish()` or on an I/O error.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard state == .open else { throw BundleError("write after finish", path: temporaryPath) }
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    bytesWritten += Int64(bytes.count)
    // Large writes skip the buffer once it is empty.
    if buffered == 0 && bytes.count >= buffer.count {
      try writeOut(bytes)
      return
    }
    var offset = 0
    while offset < bytes.count {
      let take = min(buffer.count - buffered, bytes.count - offset)
      (buffer.baseAddress.unsafelyUnwrapped + buffered).copyMemory(
        from: source + offset, byteCount: take)
      buffered += take
      offset += take
      if buffered == buffer.count { try flush() }
    }
  }

  /// Writes out what is buffered; the file stays under its temporary name until `commit()`.
  public func finish() throws {
    switch state {
    case .open:
      try flush()
      state = .finished
    case .finished:
      return
    case .committed, .abandoned:
      throw BundleError("finish after commit or abandon", path: temporaryPath)
    }
  }

  /// Finishes if needed, `fsync`s, closes, and renames the temporary file to `path`.
  public func commit() throws {
    try finish()
    guard let fd = descriptor else {
      throw BundleError("output already closed", path: temporaryPath)
    }
    if fsync(fd.rawValue) != 0 {
      let error = Errno(rawValue: errno)
      abandon()
      throw BundleError("cannot sync output file", path: temporaryPath, errno: error)
    }
    descriptor = nil
    do {
      try fd.close()
    } catch let error as Errno {
      unlink(temporaryPath)
      state = .abandoned
      throw BundleError("cannot close output file", path: temporaryPath, errno: error)
    }
    if rename(temporaryPath, path) != 0 {
      let error = Errno(rawValue: errno)
      abandon()
      throw BundleError("cannot rename \(temporaryPath) to final name", path: path, errno: error)
    }
    state = .committed
    syncDirectory()
  }

  /// Closes and removes the temporary file; `path` is left as it was. Safe to call more than once.
  public func abandon() {
    guard state != .committed && state != .abandoned else { return }
    if let fd = descriptor {
      try? fd.close()
      descriptor = nil
    }
    unlink(temporaryPath)
    state = .abandoned
  }

  private func flush() throws {
    guard buffered > 0 else { return }
    try writeOut(UnsafeRawBufferPointer(start: buffer.baseAddress, count: buffered))
    buffered = 0
  }

  private func writeOut(_ bytes: UnsafeRawBufferPointer) throws {
    guard let fd = descriptor else {
      throw BundleError("output already closed", path: temporaryPath)
    }
    do {
      _ = try fd.writeAll(bytes)
    } catch let error as Errno {
      throw BundleError("cannot write output file", path: temporaryPath, errno: error)
    }
  }

  /// Makes the rename durable; failures are ignored (some file systems refuse directory fsync).
  private func syncDirectory() {
    let directory = FilePath(path).removingLastComponent()
    let name = directory.isEmpty ? "." : directory.string
    guard
      let fd = try? FileDescriptor.open(
        FilePath(name), .readOnly, options: [.directory, .closeOnExec])
    else { return }
    _ = fsync(fd.rawValue)
    try? fd.close()
  }
}
