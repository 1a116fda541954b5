import CZMigrateZlib
import MailModel
import SystemPackage

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

    // A ZIP64 locator sits right before the classic end record, unless the classic record's
    // central directory ends right there: then those 20 bytes are its last entry (a name may
    // well hold the locator's signature).
    let saturated =
      count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
    let directoryEndsAtRecord = !saturated && directoryOffset + directorySize == UInt64(endOffset)
    if endOffset >= 20 && !directoryEndsAtRecord {
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
