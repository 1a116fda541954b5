import Foundation
import TestSupport
import Testing

import enum MailModel.MailDate

@testable import ZimbraBundle

/// Shared helpers for the zip tests.
enum ZipTesting {
  struct Sample {
    var name: String
    var data: [UInt8]
    var mode: UInt32
    var mtime: Int64
  }

  /// Finds an executable in the usual places or on `PATH`.
  static func executable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let directories =
      ["/usr/bin", "/bin", "/usr/local/bin"] + path.split(separator: ":").map(String.init)
    return directories.map { $0 + "/" + name }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  static let unzipPath = executable("unzip")
  static let zipPath = executable("zip")
  static let javaPath = executable("java")
  static var hasUnzip: Bool { unzipPath != nil }
  static var hasZip: Bool { zipPath != nil }
  static var hasJava: Bool { javaPath != nil }

  /// Runs a program with `TZ=UTC` and a UTF-8 locale; returns its status and standard output.
  @discardableResult
  static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws
    -> (
      status: Int32, output: String
    )
  {
    let result = try ExternalProgram.run(
      executable, arguments, in: directory, environment: ["TZ": "UTC"])
    return (result.status, String(decoding: result.output, as: UTF8.self))
  }

  /// Deterministic incompressible bytes.
  static func noise(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 0x9e37_79b9_7f4a_7c15 | 1
    return (0..<count).map { _ in
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return UInt8(truncatingIfNeeded: state >> 24)
    }
  }

  /// A 300-byte UTF-8 name whose components each stay under the 255-byte file-name limit.
  static let longName: String = {
    var name = "Inbox/Grüße aus Köln – " + String(repeating: "ü", count: 60)
    name += "/" + String(repeating: "é", count: 70) + ".eml"
    while name.utf8.count < 300 { name = "x" + name }
    precondition(name.utf8.count == 300)
    return name
  }()

  /// Entries covering the cases: UTF-8 and 300-byte names, an empty file, 3 MiB, incompressible
  /// data (stored), odd seconds, the mtime limits, several modes.
  static func samples() -> [Sample] {
    [
      Sample(
        name: "Inbox/1.eml", data: Array("Subject: hi\r\n\r\nhello\r\n".utf8), mode: 0o644,
        mtime: 1_700_000_001),
      Sample(
        name: longName, data: ArchiveTesting.mixedData(count: 10_000, seed: 2), mode: 0o444,
        mtime: 1_234_567_890),
      Sample(name: "Inbox/empty.eml", data: [], mode: 0o644, mtime: 86_400 * 365 * 11),
      Sample(
        name: "Archive/big.eml", data: ArchiveTesting.mixedData(count: 3 << 20, seed: 3),
        mode: 0o644,
        mtime: 1_600_000_000),
      Sample(
        name: "Contacts/ünïcødé.vcf", data: Array("BEGIN:VCARD\r\nEND:VCARD\r\n".utf8), mode: 0o600,
        mtime: ZipWriter.maxModificationTime),
      Sample(name: "Inbox/random.bin", data: noise(count: 5000, seed: 4), mode: 0o755, mtime: 0),
      Sample(
        name: "Junk/😀 smile.eml", data: ArchiveTesting.mixedData(count: 700, seed: 5), mode: 0o444,
        mtime: 946_684_799),
    ]
  }

  static func write(_ samples: [Sample], to writer: ZipWriter) throws {
    for sample in samples {
      try writer.addFile(
        name: sample.name, data: sample.data, mtime: sample.mtime, mode: sample.mode)
    }
    try writer.finish()
  }

  static func archive(
    _ samples: [Sample], level: Int = 6, workers: Int = 1, forceZip64: Bool = false
  ) throws -> [UInt8] {
    let sink = MemorySink()
    let writer = try ZipWriter(sink: sink, level: level, workers: workers)
    writer.forceZip64 = forceZip64
    try write(samples, to: writer)
    #expect(sink.isFinished)
    #expect(Int64(sink.bytes.count) == writer.bytesWritten)
    return sink.bytes
  }

  static func writeFile(
    _ bytes: [UInt8], in directory: TemporaryDirectory, name: String = "bundle.zip"
  ) throws -> String {
    let path = directory.path + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Checks what `ZipReader` returns against the samples.
  static func expectSame(
    _ read: [ZipEntry], _ samples: [Sample], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(read.map(\.name) == samples.map(\.name), sourceLocation: sourceLocation)
    for (entry, sample) in zip(read, samples) {
      #expect(entry.data == sample.data, "\(sample.name)", sourceLocation: sourceLocation)
      #expect(entry.mtime == sample.mtime, "\(sample.name)", sourceLocation: sourceLocation)
      #expect(entry.mode == sample.mode, "\(sample.name)", sourceLocation: sourceLocation)
      #expect(entry.hasExtendedTimestamp, "\(sample.name)", sourceLocation: sourceLocation)
      #expect(
        entry.flags & 0x0808 == 0x0800, "\(sample.name): UTF-8 flag set, no data descriptor",
        sourceLocation: sourceLocation)
    }
  }

  /// The MS-DOS fields as readers that ignore the UT field see them: UTC, even seconds, from 1980.
  static func dosComponents(_ mtime: Int64) throws -> [Int] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
    let clamped = max(mtime, 315_532_800)
    let date = Date(timeIntervalSince1970: TimeInterval(clamped - clamped % 2))
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return try [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map {
      try #require($0)
    }
  }

  /// `yyyymmdd.hhmmss` in UTC, as `zipinfo -T` prints it.
  static func zipinfoTime(_ mtime: Int64) throws -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second],
      from: Date(timeIntervalSince1970: TimeInterval(mtime)))
    func two(_ value: Int?) throws -> String { String(format: "%02d", try #require(value)) }
    let year = String(format: "%04d", try #require(parts.year))
    return try year + two(parts.month) + two(parts.day) + "." + two(parts.hour) + two(parts.minute)
      + two(parts.second)
  }

  /// Little-endian reads for checking layouts.
  static func le16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
  static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(
      bytes[at + 3]) << 24
  }
  static func le64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
    UInt64(le32(bytes, at)) | UInt64(le32(bytes, at + 4)) << 32
  }

  /// Whether `needle` occurs in `haystack`.
  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    return (0...(haystack.count - needle.count)).contains { start in
      haystack[start] == needle[0] && Array(haystack[start..<(start + needle.count)]) == needle
    }
  }

  /// A Java program reading an archive with `java.util.zip.ZipInputStream`, as Zimbra does.
  static let javaReader = """
    import java.io.*;
    import java.util.zip.*;

    public class ZipCheck {
        public static void main(String[] args) throws Exception {
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
            try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(new FileInputStream(args[0])))) {
                byte[] buffer = new byte[65536];
                ZipEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    CRC32 crc = new CRC32();
                    long count = 0;
                    int got;
                    while ((got = in.read(buffer)) > 0) { crc.update(buffer, 0, got); count += got; }
                    out.println(entry.getName() + "\\t" + count + "\\t" + Math.floorDiv(entry.getTime(), 1000L) + "\\t"
                        + crc.getValue() + "\\t" + entry.getMethod() + "\\t" + entry.getSize());
                }
            }
        }
    }
    """

  /// Runs `javaReader` on `archive`: one line of tab-separated fields per entry.
  static func javaListing(_ archive: String, in directory: TemporaryDirectory) throws -> (
    status: Int32, lines: [[String]]
  ) {
    let source = directory.path + "/ZipCheck.java"
    try javaReader.write(toFile: source, atomically: true, encoding: .utf8)
    let result = try run(#require(javaPath), [source, archive])
    let lines = result.output.split(separator: "\n").map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
    return (result.status, lines)
  }
}

@Suite struct ZipWriterTests {
  @Test(arguments: [(6, 1), (1, 1), (9, 1), (0, 1), (6, 2), (1, 2)])
  func roundTripInMemory(level: Int, workers: Int) throws {
    let samples = ZipTesting.samples()
    let bytes = try ZipTesting.archive(samples, level: level, workers: workers)
    var reader = try ZipReader(bytes: bytes)
    #expect(reader.entryCount == samples.count)
    #expect(!reader.hasZip64EndRecord)
    let read = try reader.readAll()
    ZipTesting.expectSame(read, samples)
    #expect(try reader.next() == nil)
    // Empty and incompressible data are stored; mail is deflated unless the level is 0.
    for entry in read {
      if level == 0 || entry.size == 0 || entry.name == "Inbox/random.bin" {
        #expect(entry.method == 0, "\(entry.name)")
      } else if entry.size > 100 {
        #expect(entry.method == 8, "\(entry.name)")
      }
      if entry.method == 0 { #expect(Int(entry.compressedSize) == entry.size) }
      if entry.method == 8 { #expect(Int(entry.compressedSize) < entry.size) }
    }
  }

  @Test func headerLayout() throws {
    let data = Array("Subject: x\r\n\r\nbody body body body body body body\r\n".utf8)
    let mtime: Int64 = 1_700_000_001  // 2023-11-14 22:13:21 UTC
    let sink = MemorySink()
    let writer = try ZipWriter(sink: sink, level: 6)
    try writer.addFile(name: "Inbox/1.eml", data: data, mtime: mtime, mode: 0o444)
    try writer.finish()
    let bytes = sink.bytes
    let le16 = { ZipTesting.le16(bytes, $0) }
    let le32 = { ZipTesting.le32(bytes, $0) }
    let crc = crc32Update(0, data.withUnsafeBytes { $0 })
    // Local header.
    #expect(le32(0) == 0x0403_4b50)
    #expect(le16(4) == 20)  // version needed: deflate
    #expect(le16(6) == 0x0800)  // UTF-8 names, no data descriptor
    #expect(le16(8) == 8)
    #expect(le16(10) == 22 << 11 | 13 << 5 | 10)  // 22:13:20 (two-second resolution)
    #expect(le16(12) == (2023 - 1980) << 9 | 11 << 5 | 14)
    #expect(le32(14) == crc)
    let compressedSize = Int(le32(18))
    #expect(le32(22) == UInt32(data.count))
    #expect(le16(26) == 11 && le16(28) == 9)
    #expect(Array(bytes[30..<41]) == Array("Inbox/1.eml".utf8))
    // UT extra field: tag, size 5, flags 1, then the mtime.
    #expect(Array(bytes[41..<50]) == [0x55, 0x54, 5, 0, 1] + [0x01, 0xF1, 0x53, 0x65])
    #expect(UInt32(mtime) == 0x6553_F101)
    // Central directory record.
    let central = 50 + compressedSize
    #expect(le32(central) == 0x0201_4b50)
    #expect(le16(central + 4) == 3 << 8 | 63)  // made by Unix, spec 6.3
    #expect(le16(central + 6) == 20)
    #expect(le16(central + 8) == 0x0800)
    #expect(le16(central + 10) == 8)
    #expect(le16(central + 12) == le16(10) && le16(central + 14) == le16(12))
    #expect(le32(central + 16) == crc)
    #expect(Int(le32(central + 20)) == compressedSize)
    #expect(le32(central + 24) == UInt32(data.count))
    #expect(le16(central + 28) == 11 && le16(central + 30) == 9 && le16(central + 32) == 0)
    #expect(le16(central + 34) == 0 && le16(central + 36) == 0)
    #expect(le32(central + 38) == 0o100444 << 16)
    #expect(le32(central + 42) == 0)
    #expect(Array(bytes[(central + 57)..<(central + 66)]) == Array(bytes[41..<50]))
    // End of central directory.
    let end = central + 66
    #expect(bytes.count == end + 22)
    #expect(le32(end) == 0x0605_4b50)
    #expect(le16(end + 8) == 1 && le16(end + 10) == 1)
    #expect(le32(end + 12) == 66)
    #expect(Int(le32(end + 16)) == central)
    #expect(le16(end + 20) == 0)
  }

  @Test func deflateLevelFlags() throws {
    let data = ArchiveTesting.mixedData(count: 20_000)
    for (level, expected) in [(1, 6), (2, 4), (6, 0), (9, 2), (12, 2)] {
      let sink = MemorySink()
      let writer = try ZipWriter(sink: sink, level: level)
      try writer.addFile(name: "a.eml", data: data, mtime: 0)
      try writer.finish()
      #expect(ZipTesting.le16(sink.bytes, 6) == 0x0800 | expected, "level \(level)")
    }
  }

  @Test func dosDateTime() throws {
    func fields(_ mtime: Int64) -> [Int] {
      let (time, date) = ZipWriter.dosDateTime(mtime)
      return [
        Int(date >> 9) + 1980, Int(date >> 5 & 15), Int(date & 31),
        Int(time >> 11), Int(time >> 5 & 63), Int(time & 31) * 2,
      ]
    }
    #expect(fields(1_700_000_001) == [2023, 11, 14, 22, 13, 20])
    #expect(fields(951_782_400) == [2000, 2, 29, 0, 0, 0])
    #expect(fields(951_868_799) == [2000, 2, 29, 23, 59, 58])
    #expect(fields(0) == [1980, 1, 1, 0, 0, 0])  // clamped
    #expect(fields(ZipWriter.maxModificationTime) == [2038, 1, 19, 3, 14, 6])
    #expect(fields(5_000_000_000) == [2107, 12, 31, 23, 59, 58])  // clamped
    // The calendar arithmetic agrees with Foundation's, and DOS fields read back as UTC.
    for mtime in stride(from: Int64(315_532_800), to: 2_200_000_000, by: 9_876_543) {
      #expect(try fields(mtime) == ZipTesting.dosComponents(mtime), "\(mtime)")
      let (time, date) = ZipWriter.dosDateTime(mtime)
      #expect(ZipReader.unixTime(dosDate: date, dosTime: time) == mtime - mtime % 2)
    }
    for days in stride(from: -800_000, to: 800_000, by: 997) {
      let (year, month, day) = MailDate.civil(days: days)
      #expect(MailDate.days(year: year, month: month, day: day) == days)
    }
  }

  @Test(arguments: [
    "", "/abs.eml", "./Inbox/1.eml", "Inbox/../1.eml", "Inbox/", "Inbox//1.eml", "a\0b", ".", "..",
  ])
  func rejectsUncleanNames(name: String) throws {
    let writer = try ZipWriter(sink: MemorySink())
    #expect(throws: BundleError.self) { try writer.addFile(name: name, data: [], mtime: 0) }
    #expect(writer.bytesWritten == 0 && writer.entryCount == 0)
  }

  @Test func nameLengthLimit() throws {
    let longest = String(repeating: "n", count: ZipWriter.maxNameLength - 4) + ".eml"
    let sink = MemorySink()
    let writer = try ZipWriter(sink: sink)
    #expect(throws: BundleError.self) {
      try writer.addFile(name: "x" + longest, data: [1], mtime: 0)
    }
    #expect(writer.bytesWritten == 0)
    try writer.addFile(name: longest, data: [1, 2, 3], mtime: 7)
    try writer.finish()
    var reader = try ZipReader(bytes: sink.bytes)
    let entry = try #require(try reader.next())
    #expect(entry.name == longest && entry.data == [1, 2, 3] && entry.mtime == 7)
  }

  @Test func rejectsOutOfRangeNumbers() throws {
    let writer = try ZipWriter(sink: MemorySink())
    #expect(throws: BundleError.self) { try writer.addFile(name: "a", data: [], mtime: -1) }
    #expect(throws: BundleError.self) {
      try writer.addFile(name: "a", data: [], mtime: ZipWriter.maxModificationTime + 1)
    }
    #expect(throws: BundleError.self) {
      try writer.addFile(name: "a", data: [], mtime: 0, mode: 0o10000)
    }
    #expect(throws: BundleError.self) { _ = try ZipWriter(sink: MemorySink(), level: 13) }
    #expect(writer.entryCount == 0)
  }

  @Test func addAfterFinishThrows() throws {
    let sink = MemorySink()
    let writer = try ZipWriter(sink: sink)
    try writer.finish()
    #expect(sink.bytes.count == 22)  // an empty archive is just the end record
    try writer.finish()  // a second finish does nothing
    #expect(throws: BundleError.self) { try writer.addFile(name: "a", data: [], mtime: 0) }
    var reader = try ZipReader(bytes: sink.bytes)
    #expect(try reader.next() == nil)
  }

  @Test func sinkFailureStopsTheWriter() throws {
    final class FailingSink: ByteSink {
      var budget: Int
      init(budget: Int) { self.budget = budget }
      func write(_ bytes: UnsafeRawBufferPointer) throws {
        budget -= bytes.count
        if budget < 0 { throw BundleError("disk full") }
      }
      func finish() throws {}
    }
    for workers in [1, 2] {
      let writer = try ZipWriter(sink: FailingSink(budget: 5000), level: 1, workers: workers)
      #expect(throws: BundleError.self) {
        for index in 0..<100 {
          try writer.addFile(
            name: "\(index).eml", data: ZipTesting.noise(count: 1000, seed: UInt64(index)), mtime: 0
          )
        }
        try writer.finish()
      }
      #expect(throws: BundleError.self) { try writer.addFile(name: "late.eml", data: [], mtime: 0) }
      #expect(throws: BundleError.self) { try writer.finish() }
    }
  }

  @Test func noDataDescriptors() throws {
    let bytes = try ZipTesting.archive(ZipTesting.samples(), workers: 2)
    #expect(!ZipTesting.contains(bytes, [0x50, 0x4b, 0x07, 0x08]))
    // Every local header's sizes are real: each entry's data ends where the next header starts.
    var reader = try ZipReader(bytes: bytes)
    var position: Int64 = 0
    while let entry = try reader.next() {
      #expect(entry.offset == position)
      #expect(!entry.hasDataDescriptor)
      let at = Int(entry.offset)
      #expect(ZipTesting.le16(bytes, at + 6) & 8 == 0)
      #expect(Int64(ZipTesting.le32(bytes, at + 18)) == entry.compressedSize)
      #expect(Int(ZipTesting.le32(bytes, at + 22)) == entry.size)
      position =
        entry.offset + 30 + Int64(ZipTesting.le16(bytes, at + 26) + ZipTesting.le16(bytes, at + 28))
        + entry.compressedSize
    }
    #expect(position == reader.centralDirectoryOffset)
  }

  @Test func deterministic() throws {
    let samples = ZipTesting.samples()
    let first = try ZipTesting.archive(samples, level: 6, workers: 1)
    #expect(try ZipTesting.archive(samples, level: 6, workers: 1) == first)
    #expect(try ZipTesting.archive(samples, level: 6, workers: 2) == first)
    #expect(try ZipTesting.archive(samples, level: 6, workers: 3) == first)
    #expect(
      try ZipTesting.archive(samples, level: 1, workers: 2)
        == ZipTesting.archive(samples, level: 1, workers: 1))
  }

  @Test func parallelMatchesInlineOnManyEntries() throws {
    var samples: [ZipTesting.Sample] = []
    for index in 0..<400 {
      let count = [0, 1, 17, 300, 5000, 70_000][index % 6] + index
      let data =
        index % 5 == 0
        ? ZipTesting.noise(count: count, seed: UInt64(index))
        : ArchiveTesting.mixedData(count: count, seed: UInt64(index))
      samples.append(
        ZipTesting.Sample(
          name: "F\(index % 7)/\(index).eml", data: data,
          mode: index % 2 == 0 ? 0o644 : 0o444, mtime: Int64(index) * 1_000_003))
    }
    let inline = try ZipTesting.archive(samples, level: 6, workers: 1)
    let parallel = try ZipTesting.archive(samples, level: 6, workers: 2)
    #expect(inline == parallel)
    var reader = try ZipReader(bytes: parallel)
    ZipTesting.expectSame(try reader.readAll(), samples)
  }

  @Test(arguments: [1, 6])
  func largeEntriesAreCompressedInPiecesWithoutACopy(level: Int) throws {
    // Around the piece size, a few pieces (kept), beyond the kept limit (compressed twice), an
    // incompressible large entry (stored), and small entries around them.
    let piece = ZipWriter.pieceSize
    var samples: [ZipTesting.Sample] = []
    let sizes = [
      100, piece, piece + 1, 3 * piece + 17, ZipWriter.keptCompressedLimit * 3 + 5, 70_000,
    ]
    for (index, count) in sizes.enumerated() {
      samples.append(
        ZipTesting.Sample(
          name: "Inbox/\(index).eml", data: ArchiveTesting.mixedData(count: count, seed: 40),
          mode: 0o644, mtime: 1_700_000_000))
    }
    samples.append(
      ZipTesting.Sample(
        name: "Inbox/noise.bin", data: ZipTesting.noise(count: 2 * piece + 3, seed: 41),
        mode: 0o444, mtime: 1_700_000_001))
    let inline = try ZipTesting.archive(samples, level: level, workers: 1)
    let parallel = try ZipTesting.archive(samples, level: level, workers: 2)
    #expect(inline == parallel)
    var reader = try ZipReader(bytes: parallel)
    let read = try reader.readAll()
    ZipTesting.expectSame(read, samples)
    for entry in read {
      #expect(entry.method == (entry.name == "Inbox/noise.bin" ? 0 : 8), "\(entry.name)")
    }
  }

  @Test(arguments: [1, 2])
  func centralDirectoryIsSpooledOutOfMemory(workers: Int) throws {
    // About 100 bytes of central record an entry: 6,000 entries pass the 256 KiB kept in memory.
    let sink = MemorySink()
    let writer = try ZipWriter(sink: sink, level: 1, workers: workers)
    var samples: [ZipTesting.Sample] = []
    for index in 0..<6_000 {
      let sample = ZipTesting.Sample(
        name: "Folder with a longish name/Sub/\(index)-message.eml",
        data: ArchiveTesting.mixedData(count: index % 300, seed: UInt64(index)), mode: 0o644,
        mtime: 1_600_000_000 + Int64(index))
      try writer.addFile(name: sample.name, data: sample.data, mtime: sample.mtime)
      samples.append(sample)
    }
    #expect(writer.centralSpooledBytes > Int64(ZipWriter.centralSpoolThreshold))
    try writer.finish()
    var reader = try ZipReader(bytes: sink.bytes)
    #expect(reader.entryCount == samples.count)
    ZipTesting.expectSame(try reader.readAll(), samples)
  }

  @Test func forcedZip64RoundTrip() throws {
    let samples = ZipTesting.samples()
    let bytes = try ZipTesting.archive(samples, forceZip64: true)
    // Every local header says 0xFFFFFFFF and carries a 16-byte ZIP64 field before the UT field.
    #expect(ZipTesting.le16(bytes, 4) == 45)
    #expect(ZipTesting.le32(bytes, 18) == 0xFFFF_FFFF && ZipTesting.le32(bytes, 22) == 0xFFFF_FFFF)
    let nameLength = ZipTesting.le16(bytes, 26)
    #expect(ZipTesting.le16(bytes, 28) == 29)
    #expect(
      ZipTesting.le16(bytes, 30 + nameLength) == 1 && ZipTesting.le16(bytes, 32 + nameLength) == 16)
    #expect(ZipTesting.le64(bytes, 34 + nameLength) == UInt64(samples[0].data.count))
    var reader = try ZipReader(bytes: bytes)
    #expect(reader.hasZip64EndRecord)
    ZipTesting.expectSame(try reader.readAll(), samples)
    // The classic end record points to the ZIP64 one.
    let end = bytes.count - 22
    #expect(ZipTesting.le16(bytes, end + 10) == 0xFFFF)
    #expect(
      ZipTesting.le32(bytes, end + 12) == 0xFFFF_FFFF
        && ZipTesting.le32(bytes, end + 16) == 0xFFFF_FFFF)
    #expect(ZipTesting.le32(bytes, end - 20) == 0x0706_4b50)
    let record = Int(ZipTesting.le64(bytes, end - 12))
    #expect(record == end - 20 - 56 && ZipTesting.le32(bytes, record) == 0x0606_4b50)
    #expect(ZipTesting.le64(bytes, record + 32) == UInt64(samples.count))
  }

  /// More entries than a ZIP's 16-bit count holds, so the writer must add ZIP64 records.
  static let manyEntries = 70_000

  /// Writes `manyEntries` small messages to `many.zip` in `directory`; returns its path.
  static func writeManyEntries(in directory: TemporaryDirectory) throws -> String {
    let path = directory.path + "/many.zip"
    let file = try AtomicFileSink(path: path)
    let writer = try ZipWriter(sink: file, level: 1)
    for index in 0..<manyEntries {
      try writer.addFile(
        name: "Inbox/\(index).eml", data: Array("Subject: \(index)\r\n\r\nbody\r\n".utf8),
        mtime: 1_600_000_000 + Int64(index))
    }
    try writer.finish()
    try file.commit()
    return path
  }

  @Test func zip64ForManyEntries() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let count = Self.manyEntries
    let path = try Self.writeManyEntries(in: directory)

    var reader = try ZipReader(path: path)
    #expect(reader.hasZip64EndRecord)
    #expect(reader.entryCount == count)
    var read = 0
    while let entry = try reader.next() {
      if read % 9_999 == 0 {
        #expect(entry.name == "Inbox/\(read).eml")
        #expect(entry.data == Array("Subject: \(read)\r\n\r\nbody\r\n".utf8))
        #expect(entry.mtime == 1_600_000_000 + Int64(read))
      }
      read += 1
    }
    #expect(read == count)

    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let end = bytes.count - 22
    #expect(ZipTesting.le32(bytes, end) == 0x0605_4b50)
    #expect(ZipTesting.le16(bytes, end + 8) == 0xFFFF && ZipTesting.le16(bytes, end + 10) == 0xFFFF)
    // The central directory offset still fits in 32 bits.
    #expect(Int64(ZipTesting.le32(bytes, end + 16)) == reader.centralDirectoryOffset)
    #expect(ZipTesting.le32(bytes, end - 20) == 0x0706_4b50)
    let record = Int(ZipTesting.le64(bytes, end - 12))
    #expect(ZipTesting.le32(bytes, record) == 0x0606_4b50)
    #expect(
      ZipTesting.le64(bytes, record + 24) == UInt64(count)
        && ZipTesting.le64(bytes, record + 32) == UInt64(count))

    if let unzip = ZipTesting.unzipPath {
      let result = try ZipTesting.run(unzip, ["-tqq", path])
      #expect(result.status == 0)
    }
    if ZipTesting.hasJava {
      let (status, lines) = try ZipTesting.javaListing(path, in: directory)
      #expect(status == 0)
      #expect(lines.count == count)
      #expect(lines.last?.first == "Inbox/\(count - 1).eml")
    }
  }

  @Test(.enabled(if: ZipTesting.hasUnzip, "unzip is missing"), arguments: [false, true])
  func systemUnzipAgrees(forceZip64: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let samples = ZipTesting.samples()
    let path = try ZipTesting.writeFile(
      try ZipTesting.archive(samples, forceZip64: forceZip64), in: directory)
    let unzip = ZipTesting.unzipPath!

    let test = try ZipTesting.run(unzip, ["-t", path])
    #expect(test.status == 0, "\(test.output)")
    #expect(test.output.contains("No errors detected"))

    // zipinfo -l -T: mode, version, os, size, type, compressed size, method, yyyymmdd.hhmmss, name.
    let listing = try ZipTesting.run(unzip, ["-Z", "-l", "-T", path])
    #expect(listing.status == 0)
    let lines = listing.output.split(separator: "\n").map(String.init).filter {
      $0.hasPrefix("-") || $0.hasPrefix("?")
    }
    try #require(lines.count == samples.count, "\(listing.output)")
    for (line, sample) in zip(lines, samples) {
      let fields = line.split(separator: " ", maxSplits: 8, omittingEmptySubsequences: true).map(
        String.init)
      try #require(fields.count == 9, "\(line)")
      let permissions = ["---", "--x", "-w-", "-wx", "r--", "r-x", "rw-", "rwx"]
      let expectedMode =
        "-" + [6, 3, 0].map { permissions[Int(sample.mode >> UInt32($0) & 7)] }.joined()
      #expect(fields[0] == expectedMode, "\(sample.name)")
      #expect(fields[2] == "unx")
      #expect(fields[3] == String(sample.data.count), "\(sample.name)")
      #expect(try fields[7] == ZipTesting.zipinfoTime(sample.mtime), "\(sample.name)")
      #expect(fields[8] == sample.name)
    }

    // Extraction: bytes and times (from the UT field).
    let out = directory.path + "/out"
    let extract = try ZipTesting.run(unzip, ["-qq", "-o", path, "-d", out])
    #expect(extract.status == 0)
    for sample in samples {
      let file = out + "/" + sample.name
      let data = try #require(
        FileManager.default.contents(atPath: file), "\(sample.name) not extracted")
      #expect([UInt8](data) == sample.data, "\(sample.name)")
      let attributes = try FileManager.default.attributesOfItem(atPath: file)
      let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970
      #expect(mtime.map { Int64($0) } == sample.mtime, "\(sample.name)")
    }
  }

  @Test(.enabled(if: Python.isPresent, "python3 not found on PATH"))
  func pythonZipfileReadsZip64ForManyEntries() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let count = Self.manyEntries
    let path = try Self.writeManyEntries(in: directory)
    let script = """
      import sys, zipfile
      z = zipfile.ZipFile(sys.argv[1])
      infos = z.infolist()
      print(len(infos), infos[-1].filename, z.read(infos[-1]).decode())
      """
    let result = try Python.run(script, [path], environment: ["TZ": "UTC"])
    #expect(result.status == 0)
    #expect(
      String(decoding: result.output, as: UTF8.self)
        == "\(count) Inbox/\(count - 1).eml Subject: \(count - 1)\r\n\r\nbody\r\n\n")
  }

  @Test(.enabled(if: Python.isPresent, "python3 not found on PATH"), arguments: [false, true])
  func pythonZipfileAgrees(forceZip64: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let samples = ZipTesting.samples()
    let path = try ZipTesting.writeFile(
      try ZipTesting.archive(samples, workers: 2, forceZip64: forceZip64), in: directory)
    let script = """
      import json, sys, zipfile, zlib
      z = zipfile.ZipFile(sys.argv[1])
      entries = []
      for info in z.infolist():
          data = z.read(info)
          entries.append([info.filename, len(data), info.file_size, list(info.date_time), zlib.crc32(data),
                          info.external_attr >> 16, info.flag_bits, info.create_system])
      print(json.dumps({"bad": z.testzip(), "entries": entries}))
      """
    let json = try #require(try Python.jsonObject(script, [path]) as? [String: Any])
    #expect(json["bad"] is NSNull)
    let entries = try #require(json["entries"] as? [[Any]])
    try #require(entries.count == samples.count)
    for (entry, sample) in zip(entries, samples) {
      #expect(entry[0] as? String == sample.name)
      #expect(
        entry[1] as? Int == sample.data.count && entry[2] as? Int == sample.data.count,
        "\(sample.name)")
      #expect(try entry[3] as? [Int] == ZipTesting.dosComponents(sample.mtime), "\(sample.name)")
      #expect(
        entry[4] as? Int == Int(crc32Update(0, sample.data.withUnsafeBytes { $0 })),
        "\(sample.name)")
      #expect(entry[5] as? Int == Int(0o100000 | sample.mode), "\(sample.name)")
      #expect((entry[6] as? Int).map { $0 & 0x0808 } == 0x0800, "\(sample.name)")
      #expect(entry[7] as? Int == 3)
    }
  }

  @Test(.enabled(if: ZipTesting.hasJava, "java is missing"), arguments: [false, true])
  func javaZipInputStreamAgrees(forceZip64: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let samples = ZipTesting.samples()
    let path = try ZipTesting.writeFile(
      try ZipTesting.archive(samples, forceZip64: forceZip64), in: directory)
    let (status, lines) = try ZipTesting.javaListing(path, in: directory)
    #expect(status == 0)
    try #require(lines.count == samples.count, "\(lines)")
    for (fields, sample) in zip(lines, samples) {
      // name, bytes read, getTime() in seconds (from the UT field), CRC-32, method, size from the local header.
      #expect(fields[0] == sample.name)
      #expect(fields[1] == String(sample.data.count), "\(sample.name)")
      #expect(fields[2] == String(sample.mtime), "\(sample.name)")
      #expect(
        fields[3] == String(crc32Update(0, sample.data.withUnsafeBytes { $0 })), "\(sample.name)")
      #expect(fields[5] == String(sample.data.count), "\(sample.name): size known before reading")
    }
  }

  @Test func writesToFileThroughAtomicSink() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/bundle.zip"
    let samples = ZipTesting.samples()
    let file = try AtomicFileSink(path: path, bufferSize: 4096)
    let writer = try ZipWriter(sink: file, level: 6, workers: 2)
    try ZipTesting.write(samples, to: writer)
    try file.commit()
    #expect(file.bytesWritten == writer.bytesWritten)
    #expect(writer.entryCount == samples.count)
    #expect(writer.bytesIn == Int64(samples.reduce(0) { $0 + $1.data.count }))
    var reader = try ZipReader(path: path)
    ZipTesting.expectSame(try reader.readAll(), samples)
  }
}
