/// One entry of a tar archive, as `TarReader` returns it.
public struct TarEntry: Sendable, Equatable {
  /// The entry name; a GNU `././@LongLink` name replaces the 100-byte field (its trailing NUL dropped).
  public var name: String
  /// The permission bits from the header.
  public var mode: UInt32
  /// The modification time, seconds since 1970.
  public var mtime: Int64
  /// The data size from the header (equals `data.count`).
  public var size: Int
  /// The raw typeflag byte: `0` (ASCII) for a regular file, `5` a directory, `x` a PAX header, and so on.
  public var typeflag: UInt8
  /// The entry's contents.
  public var data: [UInt8]
  /// Where the entry's header (or its long-name record) starts in the uncompressed tar stream.
  public var offset: Int64

  /// An entry with the given fields.
  public init(
    name: String, mode: UInt32, mtime: Int64, size: Int, typeflag: UInt8, data: [UInt8],
    offset: Int64
  ) {
    self.name = name
    self.mode = mode
    self.mtime = mtime
    self.size = size
    self.typeflag = typeflag
    self.data = data
    self.offset = offset
  }
}

/// Reads a tar stream (plain or gzip-compressed) entry by entry, the way Zimbra's tar reader sees it.
///
/// Like Zimbra's reader (ZIMBRA-IMPORT.md §1.3) it takes names from the 100-byte `name` field or a
/// GNU `././@LongLink` record and ignores the ustar `prefix`; PAX records (`x`, `g`) and directories
/// are returned as ordinary entries with their typeflag, so a verifier can flag them. Unlike Zimbra
/// it checks header checksums and number fields, insists on the end-of-archive block, and reads
/// the input to its end (so a gzip trailer is verified): bad or truncated input throws a `BundleError` whose `offset` is the position in the uncompressed stream.
public struct TarReader {
  /// The archive file, for error messages.
  public let path: String?
  /// Uncompressed bytes consumed so far.
  public private(set) var offset: Int64 = 0
  /// Entries larger than this are refused (a corrupt size field would otherwise allocate gigabytes).
  public var maxEntrySize: Int

  private let input: BufferedInput
  private var header = [UInt8](repeating: 0, count: 512)
  private var ended = false

  /// Opens the archive at `path`; it is decompressed if it starts with the gzip magic `1f 8b`.
  public init(path: String, maxEntrySize: Int = 1 << 30) throws {
    let file = try FileInput(path: path)
    let magic = try file.peek(count: 2)
    let source: any ByteInput =
      magic == [0x1f, 0x8b] ? try GzipReader(source: file, path: path) : file
    self.init(source: source, path: path, maxEntrySize: maxEntrySize)
  }

  /// Reads an archive held in memory, gzip-compressed or not.
  public init(bytes: [UInt8], maxEntrySize: Int = 1 << 30) throws {
    let memory = MemoryInput(bytes)
    let isGzip = bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    let source: any ByteInput = isGzip ? try GzipReader(source: memory) : memory
    self.init(source: source, path: nil, maxEntrySize: maxEntrySize)
  }

  /// Reads an uncompressed tar stream from `source`; `path` only names it in errors.
  public init(source: any ByteInput, path: String? = nil, maxEntrySize: Int = 1 << 30) {
    self.input = BufferedInput(source: source)
    self.path = path
    self.maxEntrySize = maxEntrySize
  }

  /// The next entry, or nil after the end-of-archive block.
  public mutating func next() throws -> TarEntry? {
    guard !ended else { return nil }
    var longName: [UInt8]?
    var entryOffset: Int64?
    while true {
      let headerOffset = offset
      let got = try header.withUnsafeMutableBytes { try input.read(into: $0) }
      if got < 512 {
        throw error(
          got == 0
            ? "archive ends without the end-of-archive block" : "archive ends inside a header",
          at: headerOffset + Int64(got))
      }
      offset += 512
      if header.allSatisfy({ $0 == 0 }) {
        if longName != nil {
          throw error("long-name record is not followed by an entry", at: headerOffset)
        }
        ended = true
        // Read what follows (the second zero block, record padding) so a compressed
        // stream's trailer and CRC are checked too.
        while true {
          let count = try header.withUnsafeMutableBytes { try input.read(into: $0) }
          offset += Int64(count)
          if count < 512 { break }
        }
        return nil
      }
      try verifyChecksum(at: headerOffset)
      let size64 = try number(at: 124, width: 12, field: "size", headerOffset: headerOffset)
      guard size64 <= Int64(maxEntrySize) else {
        throw error(
          "entry size \(size64) exceeds the limit of \(maxEntrySize) bytes", at: headerOffset)
      }
      let size = Int(size64)
      let typeflag = header[156]
      let mode = try number(at: 100, width: 8, field: "mode", headerOffset: headerOffset)
      let mtime = try number(at: 136, width: 12, field: "mtime", headerOffset: headerOffset)
      let fieldName = header[0..<100].prefix { $0 != 0 }
      let data = try readData(count: size, entryName: fieldName)

      switch typeflag {
      case UInt8(ascii: "L"):
        guard size <= 1 << 20 else { throw error("long name of \(size) bytes", at: headerOffset) }
        var name = data
        while name.last == 0 { name.removeLast() }
        longName = name
        if entryOffset == nil { entryOffset = headerOffset }
      case UInt8(ascii: "K"):
        // GNU long link target: irrelevant for regular files.
        if entryOffset == nil { entryOffset = headerOffset }
      default:
        let nameBytes = longName ?? Array(fieldName)
        return TarEntry(
          name: String(decoding: nameBytes, as: UTF8.self), mode: UInt32(truncatingIfNeeded: mode),
          mtime: mtime, size: size, typeflag: typeflag, data: data,
          offset: entryOffset ?? headerOffset)
      }
    }
  }

  // MARK: - Helpers

  private func padding(_ size: Int) -> Int { (512 - size % 512) % 512 }

  private mutating func readData(count: Int, entryName: ArraySlice<UInt8>) throws -> [UInt8] {
    let start = offset
    var got = 0
    let data = try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      got = try input.read(into: UnsafeMutableRawBufferPointer(buffer))
      initialized = got
    }
    offset += Int64(got)
    let name = String(decoding: entryName, as: UTF8.self)
    guard got == count else {
      throw error(
        "archive ends inside the data of \(name) (\(got) of \(count) bytes)", at: start + Int64(got)
      )
    }
    let pad = padding(count)
    if pad > 0 {
      let padded = try header.withUnsafeMutableBytes {
        try input.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<pad]))
      }
      offset += Int64(padded)
      guard padded == pad else {
        throw error("archive ends inside the padding of \(name)", at: offset)
      }
    }
    return data
  }

  private func verifyChecksum(at headerOffset: Int64) throws {
    let stored = try number(at: 148, width: 8, field: "checksum", headerOffset: headerOffset)
    var unsigned: Int64 = 0
    var signed: Int64 = 0
    for (index, byte) in header.enumerated() {
      let value = (148..<156).contains(index) ? 0x20 : byte
      unsigned += Int64(value)
      signed += Int64(Int8(bitPattern: value))
    }
    guard stored == unsigned || stored == signed else {
      throw error("bad header checksum (stored \(stored), computed \(unsigned))", at: headerOffset)
    }
  }

  /// An octal text field (leading spaces, digits, then NULs or spaces) or a GNU base-256 one.
  private func number(at start: Int, width: Int, field: String, headerOffset: Int64) throws -> Int64
  {
    let end = start + width
    if header[start] & 0x80 != 0 {
      guard header[start] == 0x80, header[(start + 1)..<(end - 7)].allSatisfy({ $0 == 0 }) else {
        throw error(
          "\(field) field in base-256 is negative or too large", at: headerOffset + Int64(start))
      }
      var value: UInt64 = 0
      for byte in header[(end - 7)..<end] { value = value << 8 | UInt64(byte) }
      return Int64(value)
    }
    var index = start
    while index < end && header[index] == 0x20 { index += 1 }
    var value: Int64 = 0
    while index < end, header[index] >= UInt8(ascii: "0"), header[index] <= UInt8(ascii: "7") {
      value = value << 3 | Int64(header[index] - UInt8(ascii: "0"))
      index += 1
    }
    while index < end {
      guard header[index] == 0 || header[index] == 0x20 else {
        throw error("\(field) field is not an octal number", at: headerOffset + Int64(start))
      }
      index += 1
    }
    return value
  }

  private func error(_ message: String, at position: Int64) -> BundleError {
    BundleError("tar: \(message) (offset in the uncompressed stream)", path: path, offset: position)
  }
}

/// A read-ahead buffer over a `ByteInput` that fills caller buffers completely unless the source ends.
final class BufferedInput {
  private let source: any ByteInput
  private let buffer: UnsafeMutableRawBufferPointer
  private var start = 0
  private var end = 0

  init(source: any ByteInput, capacity: Int = 64 * 1024) {
    self.source = source
    buffer = .allocate(byteCount: capacity, alignment: 16)
  }

  deinit {
    buffer.deallocate()
  }

  /// Fills `target` completely, or returns fewer bytes only when the source has ended.
  func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let targetBase = target.baseAddress else { return 0 }
    var filled = 0
    while filled < target.count {
      if start == end {
        let wanted = target.count - filled
        if wanted >= buffer.count {
          // Large reads go straight into the caller's memory.
          let count = try source.read(
            into: UnsafeMutableRawBufferPointer(start: targetBase + filled, count: wanted))
          if count == 0 { break }
          filled += count
          continue
        }
        start = 0
        end = try source.read(into: buffer)
        if end == 0 { break }
      }
      let take = min(end - start, target.count - filled)
      (targetBase + filled).copyMemory(
        from: buffer.baseAddress.unsafelyUnwrapped + start, byteCount: take)
      start += take
      filled += take
    }
    return filled
  }
}
