import MailModel
import SystemPackage

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

/// A file written under a temporary name beside its destination and renamed into place on `commit()`:
/// MailModel's `AtomicFile` as a `ByteSink`, with its failures as `BundleError`s.
///
/// The data goes to `<destination>.partial-<pid>-<random>` (created exclusively with `permissions`,
/// 0644 less the umask by default) through a buffer of `bufferSize` bytes, so most `write(2)` calls
/// are that large. `commit()` flushes, `fsync`s, renames over `destination` and syncs the directory.
/// Without a commit (`abandon()`, an error, or the sink being released) the temporary file is
/// removed and `destination` is never touched.
public final class AtomicFileSink: ByteSink {
  /// The final file name.
  public var path: String { file.path }
  /// The name the data is written under until `commit()`.
  public var temporaryPath: String { file.temporaryPath }
  /// Bytes accepted so far (written or buffered).
  public var bytesWritten: Int64 { file.bytesWritten }

  private let file: AtomicFile
  private var isFinished = false
  private var hasher: SHA256?

  /// Hash every byte written, so that `sha256` gives the file's digest without reading it back.
  public func computeDigest() { hasher = SHA256() }

  /// The SHA-256 of everything written, once finished; nil unless `computeDigest()` was called.
  public private(set) var sha256: [UInt8]?

  /// Creates the temporary file for `path`.
  public init(
    path: String, bufferSize: Int = 1 << 20,
    permissions: FilePermissions = AtomicFile.plainPermissions
  ) throws {
    file = try Self.bundleErrors {
      try AtomicFile(path: path, permissions: permissions, bufferSize: bufferSize)
    }
  }

  /// Appends `bytes` to the temporary file through the buffer; throws after `finish()` or on an I/O error.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard !isFinished else { throw BundleError("write after finish", path: temporaryPath) }
    try Self.bundleErrors { try file.write(bytes) }
    hasher?.update(bytes)
  }

  /// Writes out what is buffered; the file stays under its temporary name until `commit()`.
  public func finish() throws {
    guard file.isOpen else {
      throw BundleError("finish after commit or abandon", path: temporaryPath)
    }
    if isFinished { return }
    try Self.bundleErrors { try file.flush() }
    isFinished = true
    sha256 = hasher?.finalize()
  }

  /// Finishes if needed, `fsync`s, closes, and renames the temporary file to `path`.
  public func commit() throws {
    try finish()
    try Self.bundleErrors { try file.commit() }
  }

  /// Closes and removes the temporary file; `path` is left as it was. Safe to call more than once.
  public func abandon() {
    file.abandon()
  }

  /// Runs `body`, turning an `AtomicFile` failure into a `BundleError` with the same message,
  /// file and code, and the same cause.
  private static func bundleErrors<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as MailModelError {
      throw BundleError(
        error.message, code: error.code, path: error.location?.file, cause: error.cause)
    }
  }
}
