import CZMigrateZlib
import SystemPackage

/// A stream of bytes to read from (a file, memory, a decompressor); the counterpart of `ByteSink`.
public protocol ByteInput: AnyObject {
  /// Reads up to `buffer.count` bytes into `buffer` and returns how many; 0 means the end.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file front to back through `read(2)`.
public final class FileInput: ByteInput {
  /// The file being read.
  public let path: String
  /// Bytes read so far.
  public private(set) var offset: Int64 = 0
  private var descriptor: FileDescriptor?

  /// Opens `path` for reading.
  public init(path: String) throws {
    self.path = path
    do {
      descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
    } catch let error as Errno {
      throw BundleError("cannot open file", path: path, errno: error)
    }
  }

  deinit {
    try? descriptor?.close()
  }

  /// Reads the next bytes of the file (one `read(2)`); 0 at the end of the file.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let descriptor, buffer.count > 0 else { return 0 }
    do {
      let count = try descriptor.read(into: buffer)
      offset += Int64(count)
      return count
    } catch let error as Errno {
      throw BundleError("cannot read file", path: path, offset: offset, errno: error)
    }
  }

  /// Reads up to `count` bytes at `position` without moving the read position (`pread`).
  func peek(count: Int, at position: Int64 = 0) throws -> [UInt8] {
    guard let descriptor else { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    let got: Int
    do {
      got = try bytes.withUnsafeMutableBytes {
        try descriptor.read(fromAbsoluteOffset: position, into: $0)
      }
    } catch let error as Errno {
      throw BundleError("cannot read file", path: path, offset: position, errno: error)
    }
    bytes.removeSubrange(got...)
    return bytes
  }
}

/// Reads from an in-memory byte array.
public final class MemoryInput: ByteInput {
  private let bytes: [UInt8]
  private var position = 0

  /// A source over `bytes`.
  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// Copies the next bytes of the array into `buffer`; 0 once all are read.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let count = min(buffer.count, bytes.count - position)
    guard count > 0 else { return 0 }
    bytes.withUnsafeBytes { all in
      buffer.baseAddress.unsafelyUnwrapped.copyMemory(
        from: all.baseAddress.unsafelyUnwrapped + position, byteCount: count)
    }
    position += count
    return count
  }
}

/// Decompresses a gzip stream (RFC 1952) from a `ByteInput`, member after member, checking CRCs and sizes.
///
/// Concatenated members read as one stream, as `gzip -d` does. Anything else after a member, a
/// corrupt stream, or a file that ends mid-member throws a `BundleError` whose `offset` is the
/// position in the compressed input.
public final class GzipReader: ByteInput {
  /// The compressed file, for error messages.
  public let path: String?
  /// Compressed bytes consumed so far.
  public private(set) var compressedOffset: Int64 = 0
  /// Uncompressed bytes produced so far.
  public private(set) var uncompressedOffset: Int64 = 0
  /// Complete gzip members read so far.
  public private(set) var memberCount = 0

  private let source: any ByteInput
  private let stream: UnsafeMutablePointer<z_stream>
  private let inputBuffer: UnsafeMutableRawBufferPointer
  private var sourceEnded = false
  private var inMember = false
  private var atEnd = false
  private var memberStart: Int64 = 0

  /// A reader of the gzip file at `path`.
  public convenience init(path: String, bufferSize: Int = 1 << 20) throws {
    try self.init(source: FileInput(path: path), path: path, bufferSize: bufferSize)
  }

  /// A reader of gzip data from `source`; `path` only names it in errors.
  public init(source: any ByteInput, path: String? = nil, bufferSize: Int = 1 << 20) throws {
    self.source = source
    self.path = path
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    // 15 + 16: a 32 KiB window, gzip wrapper only.
    let status = inflateInit2_(
      stream, MAX_WBITS + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      stream.deinitialize(count: 1)
      stream.deallocate()
      throw BundleError("zlib inflateInit2 failed (\(status))", path: path)
    }
    inputBuffer = .allocate(byteCount: max(bufferSize, 512), alignment: 16)
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
    inputBuffer.deallocate()
  }

  /// Decompresses into `buffer`; 0 after the last member. Throws on corrupt or truncated input.
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let outBase = buffer.baseAddress, buffer.count > 0, !atEnd else { return 0 }
    stream.pointee.next_out = outBase.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = uInt(min(buffer.count, Int(UInt32.max)))
    let outStart = Int(stream.pointee.avail_out)

    while Int(stream.pointee.avail_out) == outStart {
      if stream.pointee.avail_in == 0 && !sourceEnded {
        let count = try source.read(into: inputBuffer)
        if count == 0 {
          sourceEnded = true
        } else {
          stream.pointee.next_in = inputBuffer.baseAddress.unsafelyUnwrapped.assumingMemoryBound(
            to: Bytef.self)
          stream.pointee.avail_in = uInt(count)
        }
      }
      if stream.pointee.avail_in == 0 && sourceEnded {
        if inMember {
          throw BundleError(
            "truncated gzip stream: the file ends inside member \(memberCount + 1)",
            path: path, offset: compressedOffset)
        }
        if memberCount == 0 {
          throw BundleError("empty file: no gzip member", path: path, offset: 0)
        }
        atEnd = true
        break
      }
      if !inMember {
        inMember = true
        memberStart = compressedOffset
      }
      let before = Int(stream.pointee.avail_in)
      let status = inflate(stream, Z_NO_FLUSH)
      compressedOffset += Int64(before - Int(stream.pointee.avail_in))
      switch status {
      case Z_OK, Z_BUF_ERROR:
        continue
      case Z_STREAM_END:
        inMember = false
        memberCount += 1
        _ = inflateReset(stream)
      default:
        let detail = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
        // A failure within the 10-byte header of a second member means it was not a member.
        if memberCount > 0 && compressedOffset - memberStart <= 10 {
          throw BundleError(
            "trailing data after gzip member (\(detail))", path: path, offset: memberStart)
        }
        throw BundleError("corrupt gzip data (\(detail))", path: path, offset: compressedOffset)
      }
    }
    let produced = outStart - Int(stream.pointee.avail_out)
    uncompressedOffset += Int64(produced)
    return produced
  }
}
