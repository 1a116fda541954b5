import CZMigrateZlib
import MailModel
import SystemPackage

/// One file of a zip archive, as `ZipReader` returns it.
public struct ZipEntry: Sendable, Equatable {
  /// The entry name: UTF-8 when general-purpose bit 11 is set, otherwise also decoded as UTF-8
  /// (Zimbra's default `charset`), invalid sequences replaced.
  public var name: String
  /// The modification time, seconds since 1970: from the local header's extended-timestamp (0x5455)
  /// field when present, else the MS-DOS date and time read as UTC.
  public var mtime: Int64
  /// The permission bits: from the central directory's external attributes when it was made on
  /// Unix and has them, otherwise 0o644.
  public var mode: UInt32
  /// The contents (inflated, CRC-checked).
  public var data: [UInt8]
  /// The compression method: 0 stored, 8 deflated.
  public var method: UInt16
  /// The general-purpose flags of the local header (bit 3: data descriptor, bit 11: UTF-8 name).
  public var flags: UInt16
  /// The size of the stored (compressed) data.
  public var compressedSize: Int64
  /// Whether the local header has an extended-timestamp field with the modification time.
  public var hasExtendedTimestamp: Bool
  /// Where the entry's local header starts in the archive.
  public var offset: Int64

  /// The uncompressed size.
  public var size: Int { data.count }

  /// Whether the data is followed by a data descriptor (general-purpose bit 3).
  public var hasDataDescriptor: Bool { flags & 8 != 0 }

  /// An entry with the given fields.
  public init(
    name: String, mtime: Int64, mode: UInt32, data: [UInt8], method: UInt16, flags: UInt16,
    compressedSize: Int64, hasExtendedTimestamp: Bool, offset: Int64
  ) {
    self.name = name
    self.mtime = mtime
    self.mode = mode
    self.data = data
    self.method = method
    self.flags = flags
    self.compressedSize = compressedSize
    self.hasExtendedTimestamp = hasExtendedTimestamp
    self.offset = offset
  }
}

/// Reads a zip archive entry by entry through its local headers, the way Java's `ZipInputStream` does,
/// and checks them against the central directory.
///
/// Opening reads the end records (classic and ZIP64) and the central directory; `next()` then walks
/// the local headers from the start of the file: STORED and DEFLATED entries, ZIP64 sizes, data
/// descriptors (bit 3; with or without their signature, 32- or 64-bit sizes). Every entry's CRC-32 and
/// sizes are checked, and its name, method, CRC and sizes must match its central record. When the
/// local headers end, the central directory must start right there and list exactly the entries read.
/// Anything else throws a `BundleError` whose `offset` is the position in the archive. Encrypted
/// entries, other methods and multi-disk archives are refused.
public struct ZipReader {
  /// The archive file, for error messages.
  public let path: String?
  /// Where the next local header is expected.
  public private(set) var offset: Int64 = 0
  /// Entries larger than this (compressed or not) are refused.
  public var maxEntrySize: Int
  /// The number of entries the central directory lists.
  public let entryCount: Int
  /// Whether the archive has a ZIP64 end of central directory record (and its locator).
  public let hasZip64EndRecord: Bool
  /// Where the central directory starts.
  public let centralDirectoryOffset: Int64
  /// The length of the central directory in bytes.
  public let centralDirectorySize: Int64

  private let source: ZipSource
  private let central: [Int64: ZipCentralRecord]
  private let inflater: ZipInflater
  private var entriesRead = 0
  private var ended = false

  /// Opens the zip file at `path` and reads its central directory.
  public init(path: String, maxEntrySize: Int = 1 << 30) throws {
    try self.init(source: ZipSource(path: path), maxEntrySize: maxEntrySize)
  }

  /// Reads a zip archive held in memory.
  public init(bytes: [UInt8], maxEntrySize: Int = 1 << 30) throws {
    try self.init(source: ZipSource(bytes: bytes), maxEntrySize: maxEntrySize)
  }

  private init(source: ZipSource, maxEntrySize: Int) throws {
    self.source = source
    self.path = source.path
    self.maxEntrySize = maxEntrySize
    let directory = try ZipCentralDirectory(source: source)
    entryCount = directory.records.count
    hasZip64EndRecord = directory.hasZip64EndRecord
    centralDirectoryOffset = directory.offset
    centralDirectorySize = directory.size
    var byOffset: [Int64: ZipCentralRecord] = [:]
    byOffset.reserveCapacity(directory.records.count)
    for record in directory.records {
      guard byOffset.updateValue(record, forKey: record.localOffset) == nil else {
        throw BundleError(
          "zip: two central directory records point to the local header at \(record.localOffset)",
          path: path, offset: record.recordOffset)
      }
    }
    central = byOffset
    inflater = try ZipInflater(path: source.path)
  }

  /// The next entry, or nil once the local headers give way to the central directory.
  public mutating func next() throws -> ZipEntry? {
    guard !ended else { return nil }
    let headerOffset = offset
    let fixed = try source.read(at: headerOffset, count: 30)
    let signature = fixed.count >= 4 ? fixed.le32(0) : nil
    guard signature == ZipSignature.localHeader else {
      if signature == ZipSignature.centralHeader || signature == ZipSignature.endOfCentralDirectory
        || signature == ZipSignature.zip64EndOfCentralDirectory
      {
        guard entriesRead == entryCount else {
          throw error(
            "the local headers end after \(entriesRead) entries but the central directory lists \(entryCount)",
            at: headerOffset)
        }
        guard headerOffset == centralDirectoryOffset || entryCount == 0 else {
          throw error(
            "the local headers end at \(headerOffset) but the central directory starts at \(centralDirectoryOffset)",
            at: headerOffset)
        }
        ended = true
        return nil
      }
      if let signature {
        throw error(
          "expected a local header, found signature 0x\(String(signature, radix: 16))",
          at: headerOffset)
      }
      throw error("the archive ends where a local header should start", at: headerOffset)
    }
    guard fixed.count == 30 else {
      throw error("the archive ends inside a local header", at: headerOffset)
    }
    let flags = fixed.le16(6)
    let method = fixed.le16(8)
    let dosTime = fixed.le16(10)
    let dosDate = fixed.le16(12)
    let headerCRC = fixed.le32(14)
    var compressedSize = Int64(fixed.le32(18))
    var size = Int64(fixed.le32(22))
    let nameLength = Int(fixed.le16(26))
    let extraLength = Int(fixed.le16(28))
    let variable = try source.read(at: headerOffset + 30, count: nameLength + extraLength)
    guard variable.count == nameLength + extraLength else {
      throw error("the archive ends inside a local header's name or extra field", at: headerOffset)
    }
    let nameBytes = Array(variable[0..<nameLength])
    let name = String(decoding: nameBytes, as: UTF8.self)
    guard flags & 1 == 0 else { throw error("entry \(name) is encrypted", at: headerOffset) }
    guard method == 0 || method == 8 else {
      throw error(
        "entry \(name) uses compression method \(method); only 0 (stored) and 8 (deflated) are supported",
        at: headerOffset)
    }
    guard let record = central[headerOffset] else {
      throw error(
        "the local header of \(name) is not listed in the central directory", at: headerOffset)
    }
    guard record.name == nameBytes else {
      let centralName = String(decoding: record.name, as: UTF8.self)
      throw error(
        "local name \(name) differs from the central directory's \(centralName)", at: headerOffset)
    }
    guard record.method == method else {
      throw error(
        "entry \(name): local method \(method), central directory \(record.method)",
        at: headerOffset)
    }

    // Extra fields: ZIP64 sizes and the extended timestamp.
    var hasZip64Field = false
    var unixTime: Int64?
    let extraStart = headerOffset + 30 + Int64(nameLength)
    try ZipExtraField.forEach(in: variable[nameLength...]) { id, field in
      switch id {
      case 0x0001:
        hasZip64Field = true
        // A local ZIP64 field holds both sizes, but only when the 32-bit fields say 0xFFFFFFFF.
        if size == 0xFFFF_FFFF || compressedSize == 0xFFFF_FFFF {
          guard field.count >= 16 else {
            throw error(
              "entry \(name): ZIP64 extra field of \(field.count) bytes lacks the sizes",
              at: extraStart)
          }
          size = try field.le64AsInt(field.startIndex, "size", self, at: extraStart)
          compressedSize = try field.le64AsInt(
            field.startIndex + 8, "compressed size", self, at: extraStart)
        }
      case 0x5455:
        if let first = field.first, first & 1 != 0, field.count >= 5 {
          unixTime = Int64(Int32(bitPattern: field.le32(field.startIndex + 1)))
        }
      default:
        break
      }
    } onError: { message in
      error("entry \(name): \(message)", at: extraStart)
    }

    let dataStart = extraStart + Int64(extraLength)
    let hasDescriptor = flags & 8 != 0
    var knownCompressedSize: Int64? = compressedSize
    var knownSize: Int64? = size
    if hasDescriptor {
      // The local sizes are not to be trusted (usually zero); a stored entry's length then
      // comes only from the central directory (Java refuses such entries altogether).
      knownSize = nil
      knownCompressedSize = method == 0 ? record.compressedSize : nil
    }
    if let knownCompressedSize, knownCompressedSize > Int64(maxEntrySize) {
      throw error(
        "entry \(name) has \(knownCompressedSize) compressed bytes, over the limit of \(maxEntrySize)",
        at: headerOffset)
    }
    if let knownSize, knownSize > Int64(maxEntrySize) {
      throw error(
        "entry \(name) is \(knownSize) bytes, over the limit of \(maxEntrySize)", at: headerOffset)
    }

    let data: [UInt8]
    let consumed: Int64
    if method == 0 {
      let stored = knownCompressedSize ?? 0
      if !hasDescriptor && size != compressedSize {
        throw error(
          "stored entry \(name) has size \(size) but compressed size \(compressedSize)",
          at: headerOffset)
      }
      data = try source.read(at: dataStart, count: Int(stored))
      guard data.count == Int(stored) else {
        throw error(
          "the archive ends inside the data of \(name)", at: dataStart + Int64(data.count))
      }
      consumed = stored
    } else {
      (data, consumed) = try inflater.inflate(
        source: source, at: dataStart, compressedSize: knownCompressedSize, size: knownSize,
        limit: maxEntrySize, name: name)
    }
    let crc = crc32Update(0, data.withUnsafeBytes { $0 })
    var expectedCRC = headerCRC
    var end = dataStart + consumed
    if hasDescriptor {
      let descriptor = try readDescriptor(
        at: end, compressedSize: consumed, size: Int64(data.count), preferZip64: hasZip64Field,
        name: name)
      expectedCRC = descriptor.crc
      end += descriptor.length
    } else {
      guard consumed == compressedSize else {
        throw error(
          "entry \(name): the deflate data ends after \(consumed) bytes, the header says \(compressedSize)",
          at: dataStart + consumed)
      }
      guard Int64(data.count) == size else {
        throw error(
          "entry \(name) inflates to \(data.count) bytes, the header says \(size)", at: dataStart)
      }
    }
    guard crc == expectedCRC else {
      throw error(
        "entry \(name): CRC-32 is \(hex(crc)), expected \(hex(expectedCRC))", at: dataStart)
    }
    guard record.crc == crc, record.compressedSize == consumed, record.size == Int64(data.count)
    else {
      throw error(
        "entry \(name): CRC-32 \(hex(crc)), sizes \(consumed)/\(data.count) differ from the central directory's "
          + "\(hex(record.crc)), \(record.compressedSize)/\(record.size)",
        at: headerOffset)
    }

    offset = end
    entriesRead += 1
    let mode =
      record.madeBy >> 8 == 3 && record.externalAttributes >> 16 != 0
      ? (record.externalAttributes >> 16) & 0o7777 : 0o644
    return ZipEntry(
      name: name, mtime: unixTime ?? ZipReader.unixTime(dosDate: dosDate, dosTime: dosTime),
      mode: mode,
      data: data, method: method, flags: flags, compressedSize: consumed,
      hasExtendedTimestamp: unixTime != nil, offset: headerOffset)
  }

  /// Reads every remaining entry.
  public mutating func readAll() throws -> [ZipEntry] {
    var entries: [ZipEntry] = []
    while let entry = try next() { entries.append(entry) }
    return entries
  }

  /// The MS-DOS date and time fields read as a UTC calendar time.
  static func unixTime(dosDate: UInt16, dosTime: UInt16) -> Int64 {
    let year = Int(dosDate >> 9) + 1980
    let month = min(max(Int(dosDate >> 5 & 0xF), 1), 12)
    let day = max(Int(dosDate & 0x1F), 1)
    let days = Int64(MailDate.days(year: year, month: month, day: day))
    let seconds =
      Int64(dosTime >> 11) * 3600 + Int64(dosTime >> 5 & 0x3F) * 60 + Int64(dosTime & 0x1F) * 2
    return days * 86_400 + seconds
  }

  // MARK: - Helpers

  /// Reads a data descriptor: an optional signature, the CRC, then both sizes in 4 or 8 bytes each.
  /// The form is the one whose sizes match what was actually read and that is followed by another
  /// header; among equals, 8-byte sizes first when the local header had a ZIP64 field.
  private func readDescriptor(
    at position: Int64, compressedSize: Int64, size: Int64, preferZip64: Bool, name: String
  ) throws -> (crc: UInt32, length: Int64) {
    let bytes = try source.read(at: position, count: 28)
    var candidates: [(length: Int, wide: Bool)] = []
    for start in [4, 0]
    where start == 0 || (bytes.count >= 4 && bytes.le32(0) == ZipSignature.dataDescriptor) {
      for wide in preferZip64 ? [true, false] : [false, true] {
        let length = start + (wide ? 20 : 12)
        guard bytes.count >= length else { continue }
        let matches =
          wide
          ? bytes.le64(start + 4) == UInt64(compressedSize)
            && bytes.le64(start + 12) == UInt64(size)
          : Int64(bytes.le32(start + 4)) == compressedSize && Int64(bytes.le32(start + 8)) == size
        if matches { candidates.append((length, wide)) }
      }
    }
    let followed = candidates.first { candidate in
      bytes.count >= candidate.length + 4 && bytes[candidate.length] == 0x50
        && bytes[candidate.length + 1] == 0x4b
    }
    guard let chosen = followed ?? candidates.first else {
      throw error(
        "entry \(name): no data descriptor with sizes \(compressedSize)/\(size) after its data",
        at: position)
    }
    return (bytes.le32(chosen.length - (chosen.wide ? 20 : 12)), Int64(chosen.length))
  }

  fileprivate func error(_ message: String, at position: Int64) -> BundleError {
    BundleError("zip: \(message)", path: path, offset: position)
  }

  private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}

// MARK: - Structure

enum ZipSignature {
  static let localHeader: UInt32 = 0x0403_4b50
  static let centralHeader: UInt32 = 0x0201_4b50
  static let dataDescriptor: UInt32 = 0x0807_4b50
  static let endOfCentralDirectory: UInt32 = 0x0605_4b50
  static let zip64EndOfCentralDirectory: UInt32 = 0x0606_4b50
  static let zip64Locator: UInt32 = 0x0706_4b50
}

/// One central directory record, with ZIP64 values already applied.
struct ZipCentralRecord {
  var name: [UInt8]
  var madeBy: UInt16
  var flags: UInt16
  var method: UInt16
  var crc: UInt32
  var compressedSize: Int64
  var size: Int64
  var externalAttributes: UInt32
  var localOffset: Int64
  /// Where this record starts in the archive.
  var recordOffset: Int64
}

/// The end records and the central directory they point to.
struct ZipCentralDirectory {
  var records: [ZipCentralRecord] = []
  var hasZip64EndRecord = false
  var offset: Int64 = 0
  var size: Int64 = 0

  init(source: ZipSource) throws {
    func error(_ message: String, at position: Int64) -> BundleError {
      BundleError("zip: \(message)", path: source.path, offset: position)
    }
    // The end record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
    let tailLength = Int(min(source.size, 22 + 0xFFFF))
    let tailStart = source.size - Int64(tailLength)
    let tail = try source.read(at: tailStart, count: tailLength)
    var endIndex: Int?
    var index = tail.count - 22
    while index >= 0 {
      if tail.le32(index) == ZipSignature.endOfCentralDirectory
        && Int(tail.le16(index + 20)) == tail.count - index - 22
      {
        endIndex = index
        break
      }
      index -= 1
    }
    guard let endIndex else {
      throw error("not a zip archive: no end of central directory record", at: source.size)
    }
    let endOffset = tailStart + Int64(endIndex)
    guard tail.le16(endIndex + 4) == 0, tail.le16(endIndex + 6) == 0 else {
      throw error("multi-disk zip archives are not supported", at: endOffset)
    }
    var count = UInt64(tail.le16(endIndex + 10))
    var directorySize = UInt64(tail.le32(endIndex + 12))
    var directoryOffset = UInt64(tail.le32(endIndex + 16))
    var directoryLimit = endOffset

    // A ZIP64 locator sits right before the classic end record.
    if endOffset >= 20 {
      let locator = try source.read(at: endOffset - 20, count: 20)
      if locator.count == 20 && locator.le32(0) == ZipSignature.zip64Locator {
        let recordPosition = locator.le64(8)
        guard endOffset >= 20 + 56, recordPosition <= UInt64(endOffset - 20 - 56) else {
          throw error("ZIP64 locator points past itself (\(recordPosition))", at: endOffset - 20)
        }
        let record = try source.read(at: Int64(recordPosition), count: 56)
        guard record.count == 56, record.le32(0) == ZipSignature.zip64EndOfCentralDirectory else {
          throw error(
            "no ZIP64 end of central directory record where the locator points",
            at: Int64(recordPosition))
        }
        guard record.le32(16) == 0, record.le32(20) == 0 else {
          throw error("multi-disk zip archives are not supported", at: Int64(recordPosition))
        }
        hasZip64EndRecord = true
        count = record.le64(32)
        directorySize = record.le64(40)
        directoryOffset = record.le64(48)
        directoryLimit = Int64(recordPosition)
      }
    }
    guard directoryOffset <= UInt64(directoryLimit),
      directorySize <= UInt64(directoryLimit) - directoryOffset
    else {
      throw error(
        "central directory (\(directorySize) bytes at \(directoryOffset)) does not fit before the end records",
        at: endOffset)
    }
    guard directorySize <= 1 << 31 else {
      throw error("central directory of \(directorySize) bytes is too large", at: endOffset)
    }
    offset = Int64(directoryOffset)
    size = Int64(directorySize)
    let directory = try source.read(at: offset, count: Int(size))
    guard directory.count == Int(size) else {
      throw error("the archive ends inside the central directory", at: offset)
    }
    guard count <= UInt64(size / 46) else {
      throw error(
        "the end record lists \(count) entries, more than a \(size)-byte central directory holds",
        at: endOffset)
    }
    records.reserveCapacity(Int(count))
    var position = 0
    for _ in 0..<count {
      let recordOffset = offset + Int64(position)
      guard position + 46 <= directory.count, directory.le32(position) == ZipSignature.centralHeader
      else {
        throw error("expected a central directory record", at: recordOffset)
      }
      let nameLength = Int(directory.le16(position + 28))
      let extraLength = Int(directory.le16(position + 30))
      let commentLength = Int(directory.le16(position + 32))
      let total = 46 + nameLength + extraLength + commentLength
      guard position + total <= directory.count else {
        throw error(
          "central directory record runs past the end of the central directory", at: recordOffset)
      }
      var record = ZipCentralRecord(
        name: Array(directory[(position + 46)..<(position + 46 + nameLength)]),
        madeBy: directory.le16(position + 4), flags: directory.le16(position + 8),
        method: directory.le16(position + 10), crc: directory.le32(position + 16),
        compressedSize: Int64(directory.le32(position + 20)),
        size: Int64(directory.le32(position + 24)),
        externalAttributes: directory.le32(position + 38),
        localOffset: Int64(directory.le32(position + 42)),
        recordOffset: recordOffset)
      let extra = directory[
        (position + 46 + nameLength)..<(position + 46 + nameLength + extraLength)]
      try ZipExtraField.forEach(in: extra) { id, field in
        guard id == 0x0001 else { return }
        // Only the fields whose 32-bit value is 0xFFFFFFFF are present, in this order.
        var at = field.startIndex
        func take(_ what: String) throws -> Int64 {
          guard at + 8 <= field.endIndex else {
            throw error("ZIP64 extra field lacks the \(what)", at: recordOffset)
          }
          let value = field.le64(at)
          guard value <= UInt64(Int64.max) else {
            throw error("ZIP64 \(what) is out of range", at: recordOffset)
          }
          at += 8
          return Int64(value)
        }
        if record.size == 0xFFFF_FFFF { record.size = try take("size") }
        if record.compressedSize == 0xFFFF_FFFF {
          record.compressedSize = try take("compressed size")
        }
        if record.localOffset == 0xFFFF_FFFF {
          record.localOffset = try take("local header offset")
        }
      } onError: { message in
        error(message, at: recordOffset)
      }
      records.append(record)
      position += total
    }
    guard position == directory.count else {
      throw error(
        "the central directory has \(directory.count - position) bytes after its \(count) records",
        at: offset + Int64(position))
    }
  }
}

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
  fileprivate func le16(_ at: Int) -> UInt16 {
    UInt16(self[at]) | UInt16(self[at + 1]) << 8
  }

  fileprivate func le32(_ at: Int) -> UInt32 {
    UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3])
      << 24
  }

  fileprivate func le64(_ at: Int) -> UInt64 {
    UInt64(le32(at)) | UInt64(le32(at + 4)) << 32
  }

  fileprivate func le64AsInt(_ at: Int, _ what: String, _ reader: ZipReader, at position: Int64)
    throws -> Int64
  {
    let value = le64(at)
    guard value <= UInt64(Int64.max) else {
      throw reader.error("ZIP64 \(what) is out of range", at: position)
    }
    return Int64(value)
  }
}
