import CZMigrateZlib
import MailModel
import SystemPackage

enum ZipExtraField {
  /// Calls `body` with each (header id, data) of an extra field area.
  static func forEach(
    in extra: ArraySlice<UInt8>, _ body: (UInt16, ArraySlice<UInt8>) throws -> Void,
    onError: (String) -> BundleError
  ) throws {
    var at = extra.startIndex
    while at < extra.endIndex {
      guard at + 4 <= extra.endIndex else {
        throw onError("extra field area ends inside a field header")
      }
      let id = extra.le16(at)
      let length = Int(extra.le16(at + 2))
      guard at + 4 + length <= extra.endIndex else {
        throw onError(
          "extra field 0x\(String(id, radix: 16)) of \(length) bytes runs past the extra area")
      }
      try body(id, extra[(at + 4)..<(at + 4 + length)])
      at += 4 + length
    }
  }
}

// MARK: - Input

/// Random access to the archive bytes: a file read with `pread`, or memory.
final class ZipSource {
  let path: String?
  let size: Int64
  private let descriptor: FileDescriptor?
  private let bytes: [UInt8]

  init(path: String) throws {
    self.path = path
    bytes = []
    let descriptor: FileDescriptor
    do {
      descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
    } catch let error as Errno {
      throw BundleError("cannot open file", path: path, errno: error)
    }
    do {
      size = try descriptor.seek(offset: 0, from: .end)
    } catch let error as Errno {
      try? descriptor.close()
      throw BundleError("cannot find the size of the file", path: path, errno: error)
    }
    self.descriptor = descriptor
  }

  init(bytes: [UInt8]) {
    path = nil
    self.bytes = bytes
    size = Int64(bytes.count)
    descriptor = nil
  }

  deinit {
    try? descriptor?.close()
  }

  /// Up to `count` bytes at `position`; fewer only where the archive ends.
  func read(at position: Int64, count: Int) throws -> [UInt8] {
    let available = Int(max(0, min(Int64(count), size - position)))
    guard available > 0 else { return [] }
    guard let descriptor else { return Array(bytes[Int(position)..<(Int(position) + available)]) }
    var filled = 0
    let result = try [UInt8](unsafeUninitializedCapacity: available) { buffer, initialized in
      defer { initialized = filled }
      while filled < available {
        let target = UnsafeMutableRawBufferPointer(
          rebasing: UnsafeMutableRawBufferPointer(buffer)[filled...])
        let got: Int
        do {
          got = try descriptor.read(fromAbsoluteOffset: position + Int64(filled), into: target)
        } catch let error as Errno {
          throw BundleError(
            "cannot read file", path: path, offset: position + Int64(filled), errno: error)
        }
        if got == 0 { break }
        filled += got
      }
    }
    return result
  }
}

/// A raw-inflate (RFC 1951) stream, reset for every entry.
final class ZipInflater {
  private let stream: UnsafeMutablePointer<z_stream>
  private let path: String?
  private static let chunkSize = 1 << 20

  init(path: String?) throws {
    self.path = path
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    let status = inflateInit2_(
      stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      stream.deinitialize(count: 1)
      stream.deallocate()
      throw BundleError("zlib inflateInit2 failed (\(status))", path: path)
    }
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// Inflates the deflate stream at `position` up to its final block, reading at most `compressedSize`
  /// bytes when known. Returns the data and the number of compressed bytes the stream took.
  func inflate(
    source: ZipSource, at position: Int64, compressedSize: Int64?, size: Int64?, limit: Int,
    name: String
  ) throws -> (data: [UInt8], consumed: Int64) {
    func error(_ message: String, at errorOffset: Int64) -> BundleError {
      BundleError("zip: entry \(name): \(message)", path: path, offset: errorOffset)
    }
    guard inflateReset(stream) == Z_OK else {
      throw BundleError("zlib inflateReset failed", path: path)
    }
    var output = [UInt8](repeating: 0, count: Int(size ?? 0) + 1)
    var produced = 0
    var consumed: Int64 = 0
    var input: [UInt8] = []
    var inputUsed = 0
    while true {
      if inputUsed == input.count {
        var want = Int64(ZipInflater.chunkSize)
        if let compressedSize { want = min(want, compressedSize - consumed) }
        input = want > 0 ? try source.read(at: position + consumed, count: Int(want)) : []
        inputUsed = 0
        if input.isEmpty {
          if let compressedSize, consumed >= compressedSize {
            throw error(
              "the deflate data does not end within its \(compressedSize) compressed bytes",
              at: position + consumed)
          }
          throw error("the archive ends inside the deflate data", at: position + consumed)
        }
      }
      if produced == output.count {
        guard produced <= limit else {
          throw error("inflates to more than the limit of \(limit) bytes", at: position)
        }
        output.append(contentsOf: repeatElement(0, count: max(output.count, 64 * 1024)))
      }
      let (status, took, gave) = input.withUnsafeBytes { inBytes in
        output.withUnsafeMutableBytes { outBytes in
          stream.pointee.next_in = UnsafeMutablePointer(
            mutating: (inBytes.baseAddress.unsafelyUnwrapped + inputUsed).assumingMemoryBound(
              to: Bytef.self))
          stream.pointee.avail_in = uInt(input.count - inputUsed)
          stream.pointee.next_out = (outBytes.baseAddress.unsafelyUnwrapped + produced)
            .assumingMemoryBound(to: Bytef.self)
          let room = min(outBytes.count - produced, Int(UInt32.max))
          stream.pointee.avail_out = uInt(room)
          let status = CZMigrateZlib.inflate(stream, Z_NO_FLUSH)
          return (
            status, input.count - inputUsed - Int(stream.pointee.avail_in),
            room - Int(stream.pointee.avail_out)
          )
        }
      }
      inputUsed += took
      consumed += Int64(took)
      produced += gave
      switch status {
      case Z_STREAM_END:
        guard produced <= limit else {
          throw error("inflates to more than the limit of \(limit) bytes", at: position)
        }
        output.removeSubrange(produced...)
        return (output, consumed)
      case Z_OK, Z_BUF_ERROR:
        continue
      default:
        let detail = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
        throw error("corrupt deflate data (\(detail))", at: position + consumed)
      }
    }
  }
}

// MARK: - Little-endian fields

extension RandomAccessCollection where Element == UInt8, Index == Int {
  func le16(_ at: Int) -> UInt16 {
    UInt16(self[at]) | UInt16(self[at + 1]) << 8
  }

  func le32(_ at: Int) -> UInt32 {
    UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3])
      << 24
  }

  func le64(_ at: Int) -> UInt64 {
    UInt64(le32(at)) | UInt64(le32(at + 4)) << 32
  }

  func le64AsInt(_ at: Int, _ what: String, _ reader: ZipReader, at position: Int64)
    throws -> Int64
  {
    let value = le64(at)
    guard value <= UInt64(Int64.max) else {
      throw reader.error("ZIP64 \(what) is out of range", at: position)
    }
    return Int64(value)
  }
}
