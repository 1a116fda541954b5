import Foundation
import MailModel

/// The header of a compound file ([MS-CFB] 2.2), checked before libolecf reads the file:
/// libolecf follows the header's sector counts as given, so a header that claims millions of
/// DIFAT or FAT sectors in a small file keeps it busy for seconds (found by fuzzing).
enum CompoundFileHeader {
  /// Checks the header of the file at `path`; throws an `OutlookError` at the offending field when the
  /// file is too short, not a compound file, or claims more sectors than it can hold.
  /// Returns the file's size.
  @discardableResult
  static func check(path: String) throws -> Int {
    let location = SourceLocation(file: path)
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw OutlookError("cannot open the file", code: .unreadable, at: location)
    }
    defer { try? handle.close() }
    let size = Int((try? handle.seekToEnd()) ?? 0)
    try? handle.seek(toOffset: 0)
    let bytes = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
    guard bytes.count == 512 else {
      throw OutlookError(
        "not a compound file: \(bytes.count) bytes, shorter than the 512-byte header",
        code: .badInput, at: SourceLocation(file: path, offset: 0))
    }
    func word(_ offset: Int) -> Int {
      (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << ($1 * 8) }
    }
    func half(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
    guard bytes.prefix(8).elementsEqual([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) else {
      throw OutlookError(
        "not a compound file: no D0 CF 11 E0 A1 B1 1A E1 signature", code: .badInput,
        at: SourceLocation(file: path, offset: 0))
    }
    let shift = half(0x1E)
    guard shift == 9 || shift == 12 else {
      throw OutlookError(
        "not a valid compound file: sector shift \(shift) (9 or 12 expected)", code: .badInput,
        at: SourceLocation(file: path, offset: 0x1E))
    }
    let sectors = max(0, size - 512) / (1 << shift) + 1
    for (offset, what) in [(0x2C, "FAT"), (0x48, "DIFAT")] where word(offset) > sectors {
      throw OutlookError(
        "not a valid compound file: the header claims \(word(offset)) \(what) sectors in a \(size)-byte file",
        code: .badInput, at: SourceLocation(file: path, offset: Int64(offset)))
    }
    return size
  }
}
