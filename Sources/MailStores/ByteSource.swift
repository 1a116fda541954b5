import MailModel
import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Something bytes can be read from in chunks: a file, or memory in tests.
public protocol ByteSource {
  /// Reads up to `buffer.count` bytes; 0 means end of input.
  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file through a swift-system file descriptor, never more than `chunkSize` at a time.
public struct FileByteSource: ByteSource {
  let descriptor: FileDescriptor
  let chunkSize: Int
  let path: String

  /// Opens `path` for reading.
  public init(path: String, chunkSize: Int) throws {
    do {
      descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
    } catch {
      throw MailStoreError("cannot open: \(error)", at: SourceLocation(file: path), cause: error)
    }
    self.chunkSize = max(1, chunkSize)
    self.path = path
  }

  /// Reads at most `chunkSize` bytes from the file; throws `MailStoreError` on an I/O error.
  public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let limited = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, chunkSize)])
    do {
      return try descriptor.read(into: limited, retryOnInterrupt: true)
    } catch {
      throw MailStoreError("read failed: \(error)", at: SourceLocation(file: path), cause: error)
    }
  }

  /// The file's size now (fstat), or nil when it cannot be taken.
  public func currentSize() -> Int64? {
    var status = stat()
    guard fstat(descriptor.rawValue, &status) == 0 else { return nil }
    return Int64(status.st_size)
  }

  /// Closes the file.
  public func close() { try? descriptor.close() }
}

/// Serves bytes from memory in chunks of at most `chunkSize` (tests use it to cross every boundary).
public struct MemoryByteSource: ByteSource {
  let bytes: [UInt8]
  let chunkSize: Int
  var position = 0

  /// Serves `bytes` in pieces of at most `chunkSize` (at least 1).
  public init(_ bytes: [UInt8], chunkSize: Int) {
    self.bytes = bytes
    self.chunkSize = max(1, chunkSize)
  }

  /// Copies the next bytes (at most `chunkSize`) into `buffer`; returns 0 once all are served.
  public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let n = min(buffer.count, chunkSize, bytes.count - position)
    guard n > 0 else { return 0 }
    bytes.withUnsafeBytes { src in
      UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]).copyMemory(
        from: UnsafeRawBufferPointer(rebasing: src[position..<position + n]))
    }
    position += n
    return n
  }
}
