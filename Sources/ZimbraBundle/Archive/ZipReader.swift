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

  func error(_ message: String, at position: Int64) -> BundleError {
    BundleError("zip: \(message)", path: path, offset: position)
  }

  private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }
}

// MARK: - Structure
