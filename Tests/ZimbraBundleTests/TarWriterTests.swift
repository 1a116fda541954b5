import Foundation
import TestSupport
import Testing

@testable import ZimbraBundle

/// Shared helpers for the archive tests.
enum ArchiveTesting {
  static let tarPath = "/bin/tar"
  static var hasTar: Bool { FileManager.default.isExecutableFile(atPath: tarPath) }
  static let gzipPath = ["/bin/gzip", "/usr/bin/gzip"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  static var hasGzip: Bool { gzipPath != nil }

  /// Deterministic mixed mail-like bytes: header-ish text lines and base64 lines.
  static func mixedData(count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed &* 0x9e37_79b9_7f4a_7c15 | 1
    func random() -> UInt64 {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return state
    }
    let words = [
      "the", "mailbox", "Zimbra", "message", "Received:", "from", "by", "with", "ESMTP", "id",
      "Subject:", "Re:", "meeting", "tomorrow", "at", "10:00", "please", "find", "attached",
      "report",
    ]
    .map { Array($0.utf8) }
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out = [UInt8]()
    out.reserveCapacity(count + 100)
    while out.count < count {
      if random() % 3 == 0 {
        for _ in 0..<76 { out.append(alphabet[Int(random() % 64)]) }
      } else {
        for _ in 0..<(8 + Int(random() % 8)) {
          out.append(contentsOf: words[Int(random() % UInt64(words.count))])
          out.append(0x20)
        }
      }
      out.append(0x0a)
    }
    out.removeLast(out.count - count)
    return out
  }

  /// Runs a program and returns its exit status and standard output.
  @discardableResult
  static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws
    -> (
      status: Int32, output: Data
    )
  {
    let result = try ExternalProgram.run(executable, arguments, in: directory)
    return (result.status, result.output)
  }

  /// A sample set of entries: a long UTF-8 name, an empty file, a 3 MiB file, unread and read modes.
  static func sampleEntries() -> [TarEntry] {
    // 250 UTF-8 bytes, in two components each under the 255-byte file-name limit.
    var longName = "Inbox/Grüße aus Köln – " + String(repeating: "ü", count: 40)
    longName += "/" + String(repeating: "é", count: 60) + ".eml"
    while longName.utf8.count < 250 { longName = "x" + longName }
    precondition(longName.utf8.count == 250)
    let exactly100 = "Sent/" + String(repeating: "a", count: 91) + ".eml"
    precondition(exactly100.utf8.count == 100)
    let specs: [(String, [UInt8], UInt32, Int64)] = [
      ("Inbox/1.eml", Array("Subject: hi\r\n\r\nhello\r\n".utf8), 0o644, 1_700_000_000),
      (longName, mixedData(count: 10_000, seed: 2), 0o444, 1_234_567_890),
      ("Inbox/empty.eml", [], 0o644, 86_400),
      ("Archive/big.eml", mixedData(count: 3 << 20, seed: 3), 0o644, 1_600_000_000),
      (exactly100, Array("exactly one hundred".utf8), 0o444, 42),
      (
        "Sent/" + String(repeating: "b", count: 92) + ".eml", Array("one hundred and one".utf8),
        0o600, 0
      ),
      ("Contacts/ünïcødé.vcf", Array("BEGIN:VCARD\r\nEND:VCARD\r\n".utf8), 0o644, 8_589_934_591),
      ("Inbox/512.eml", [UInt8](repeating: 0x41, count: 512), 0o644, 1),
    ]
    return specs.map { name, data, mode, mtime in
      TarEntry(
        name: name, mode: mode, mtime: mtime, size: data.count, typeflag: UInt8(ascii: "0"),
        data: data, offset: 0)
    }
  }

  static func write(_ entries: [TarEntry], to writer: TarWriter) throws {
    for entry in entries {
      try writer.addFile(name: entry.name, data: entry.data, mode: entry.mode, mtime: entry.mtime)
    }
    try writer.finish()
  }

  static func readAll(_ reader: inout TarReader) throws -> [TarEntry] {
    var entries: [TarEntry] = []
    while let entry = try reader.next() { entries.append(entry) }
    return entries
  }

  /// Compares everything but the header offsets.
  static func sameContents(_ read: [TarEntry], _ written: [TarEntry]) -> Bool {
    guard read.count == written.count else { return false }
    return zip(read, written).allSatisfy { a, b in
      a.name == b.name && a.mode == b.mode && a.mtime == b.mtime && a.size == b.size
        && a.typeflag == b.typeflag && a.data == b.data
    }
  }
}

@Suite struct TarWriterTests {
  @Test func roundTripInMemory() throws {
    let entries = ArchiveTesting.sampleEntries()
    let sink = MemorySink()
    let writer = TarWriter(sink: sink)
    try ArchiveTesting.write(entries, to: writer)
    #expect(sink.isFinished)
    #expect(sink.bytes.count % 512 == 0)
    #expect(Int64(sink.bytes.count) == writer.bytesWritten)
    #expect(writer.entryCount == entries.count)
    #expect(sink.bytes.suffix(1024).allSatisfy { $0 == 0 })

    var reader = try TarReader(bytes: sink.bytes)
    let read = try ArchiveTesting.readAll(&reader)
    #expect(ArchiveTesting.sameContents(read, entries))
    #expect(read.map(\.name) == entries.map(\.name))
    #expect(try reader.next() == nil)
  }

  @Test func headerLayoutIsGNU() throws {
    let sink = MemorySink()
    let writer = TarWriter(sink: sink)
    try writer.addFile(
      name: "Inbox/1.eml", data: Array("abc".utf8), mode: 0o444, mtime: 0o12345670123)
    try writer.finish()
    let header = Array(sink.bytes[0..<512])
    func field(_ start: Int, _ count: Int) -> [UInt8] { Array(header[start..<(start + count)]) }
    #expect(field(0, 12) == Array("Inbox/1.eml\0".utf8))
    #expect(field(100, 8) == Array("0000444\0".utf8))
    #expect(field(108, 8) == Array("0000000\0".utf8))
    #expect(field(116, 8) == Array("0000000\0".utf8))
    #expect(field(124, 12) == Array("00000000003\0".utf8))
    #expect(field(136, 12) == Array("12345670123\0".utf8))
    #expect(header[156] == UInt8(ascii: "0"))
    #expect(field(257, 8) == Array("ustar  \0".utf8))
    #expect(field(345, 155).allSatisfy { $0 == 0 })  // no ustar prefix
    // Checksum: six octal digits, NUL, space; equal to the byte sum with the field as spaces.
    #expect(header[154] == 0 && header[155] == 0x20)
    var sum = 0
    for (index, byte) in header.enumerated() {
      sum += (148..<156).contains(index) ? 0x20 : Int(byte)
    }
    #expect(String(decoding: field(148, 6), as: UTF8.self) == String(format: "%06o", sum))
    // Data follows, padded with zeros to 512.
    #expect(Array(sink.bytes[512..<515]) == Array("abc".utf8))
    #expect(sink.bytes[515..<1024].allSatisfy { $0 == 0 })
    #expect(sink.bytes.count == 1024 + 1024)
  }

  @Test func longNamesUseGNULongLink() throws {
    let name = "Inbox/" + String(repeating: "ß", count: 60) + ".eml"  // 6 + 120 + 4 bytes
    let nameBytes = Array(name.utf8)
    let sink = MemorySink()
    let writer = TarWriter(sink: sink)
    try writer.addFile(name: name, data: Array("x".utf8), mode: 0o644, mtime: 5)
    try writer.finish()
    let bytes = sink.bytes
    #expect(Array(bytes[0..<14]) == Array("././@LongLink\0".utf8))
    #expect(bytes[156] == UInt8(ascii: "L"))
    let sizeField = String(decoding: bytes[124..<135], as: UTF8.self)
    #expect(Int(sizeField, radix: 8) == nameBytes.count + 1)  // the trailing NUL counts
    #expect(Array(bytes[512..<(512 + nameBytes.count)]) == nameBytes)
    #expect(bytes[512 + nameBytes.count] == 0)
    // The real header carries the first 100 bytes of the name.
    #expect(Array(bytes[1024..<1124]) == Array(nameBytes[0..<100]))
    #expect(bytes[1024 + 156] == UInt8(ascii: "0"))
  }

  @Test func exactlyOneHundredBytesNeedsNoLongLink() throws {
    let name = String(repeating: "n", count: 96) + ".eml"
    let sink = MemorySink()
    let writer = TarWriter(sink: sink)
    try writer.addFile(name: name, data: [], mode: 0o644, mtime: 5)
    try writer.finish()
    #expect(Array(sink.bytes[0..<100]) == Array(name.utf8))
    #expect(sink.bytes[156] == UInt8(ascii: "0"))
    #expect(sink.bytes.count == 512 + 1024)
  }

  @Test(arguments: [
    "", "/abs.eml", "./Inbox/1.eml", "Inbox/../1.eml", "Inbox/", "Inbox//1.eml", "a\0b", ".", "..",
  ])
  func rejectsUncleanNames(name: String) throws {
    let writer = TarWriter(sink: MemorySink())
    #expect(throws: BundleError.self) { try writer.addFile(name: name, data: [], mtime: 0) }
    #expect(writer.bytesWritten == 0)
  }

  @Test func numericLimits() throws {
    #expect(throws: BundleError.self) {
      try TarWriter.checkNumbers(
        size: TarWriter.maxEntrySize + 1, mode: 0o644, mtime: 0, name: "big")
    }
    try TarWriter.checkNumbers(size: TarWriter.maxEntrySize, mode: 0o644, mtime: 0, name: "big")
    #expect(throws: BundleError.self) {
      try TarWriter.checkNumbers(size: 0, mode: 0o644, mtime: -1, name: "n")
    }
    #expect(throws: BundleError.self) {
      try TarWriter.checkNumbers(
        size: 0, mode: 0o644, mtime: TarWriter.maxModificationTime + 1, name: "n")
    }
    #expect(throws: BundleError.self) {
      try TarWriter.checkNumbers(size: 0, mode: 0o10000, mtime: 0, name: "n")
    }
    #expect(throws: BundleError.self) {
      try TarWriter(sink: MemorySink()).addFile(name: "a", data: [], mode: 0o644, mtime: -5)
    }

    // The largest size still encodes as 11 octal digits.
    var header = [UInt8](repeating: 0, count: 512)
    header.withUnsafeMutableBytes { buffer in
      TarWriter.encodeHeader(
        into: buffer, name: UnsafeRawBufferPointer(start: nil, count: 0),
        size: TarWriter.maxEntrySize,
        mode: 0o644, mtime: 0, typeflag: UInt8(ascii: "0"),
        userName: UnsafeRawBufferPointer(start: nil, count: 0),
        groupName: UnsafeRawBufferPointer(start: nil, count: 0))
    }
    #expect(Array(header[124..<136]) == Array("77777777777\0".utf8))
  }

  @Test func userAndGroupNames() throws {
    let sink = MemorySink()
    let writer = TarWriter(sink: sink, userName: "zimbra", groupName: "zimbra")
    try writer.addFile(name: "a.eml", data: [], mtime: 0)
    try writer.finish()
    #expect(Array(sink.bytes[265..<272]) == Array("zimbra\0".utf8))
    #expect(Array(sink.bytes[297..<304]) == Array("zimbra\0".utf8))
  }

  @Test func addAfterFinishThrows() throws {
    let writer = TarWriter(sink: MemorySink())
    try writer.finish()
    #expect(throws: BundleError.self) { try writer.addFile(name: "a", data: [], mtime: 0) }
  }

  @Test(.enabled(if: ArchiveTesting.hasTar, "/bin/tar is missing"), arguments: [false, true])
  func systemTarListsAndExtracts(compressed: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let entries = ArchiveTesting.sampleEntries()
    let archive = directory.path + (compressed ? "/bundle.tgz" : "/bundle.tar")
    let file = try AtomicFileSink(path: archive)
    let sink: any ByteSink =
      compressed ? try ParallelGzipSink(destination: file, level: 6, workers: 2) : file
    try ArchiveTesting.write(entries, to: TarWriter(sink: sink))
    try file.commit()

    let listing = try ArchiveTesting.run(
      ArchiveTesting.tarPath, ["--quoting-style=literal", compressed ? "-tzf" : "-tf", archive])
    #expect(listing.status == 0)
    let names = String(decoding: listing.output, as: UTF8.self).split(separator: "\n").map(
      String.init)
    #expect(names == entries.map(\.name))

    let out = directory.path + "/out"
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let extract = try ArchiveTesting.run(
      ArchiveTesting.tarPath, [compressed ? "-xzpf" : "-xpf", archive, "-C", out])
    #expect(extract.status == 0)
    for entry in entries {
      let path = out + "/" + entry.name
      let data = try #require(
        FileManager.default.contents(atPath: path), "\(entry.name) not extracted")
      #expect([UInt8](data) == entry.data, "\(entry.name)")
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      let mtime = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970
      #expect(mtime.map { Int64($0) } == entry.mtime, "\(entry.name)")
      #expect(
        (attributes[.posixPermissions] as? NSNumber)?.uint32Value == entry.mode, "\(entry.name)")
    }
  }
}

@Suite struct AtomicFileSinkTests {
  @Test func commitRenamesAndRemovesTemporary() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/out.tgz"
    let sink = try AtomicFileSink(path: path, bufferSize: 7)
    #expect(FileManager.default.fileExists(atPath: sink.temporaryPath))
    #expect(sink.temporaryPath.hasPrefix(path + ".partial-"))
    #expect(!FileManager.default.fileExists(atPath: path))
    let payload = ArchiveTesting.mixedData(count: 100_000)
    try sink.write(Array(payload[0..<3]))
    try sink.write(Array(payload[3..<50_000]))
    try sink.write(Array(payload[50_000...]))
    try sink.commit()
    #expect(!FileManager.default.fileExists(atPath: sink.temporaryPath))
    #expect(FileManager.default.contents(atPath: path).map { [UInt8]($0) } == payload)
    #expect(sink.bytesWritten == Int64(payload.count))
    let mode =
      try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
    #expect(mode.map { $0.uint16Value & 0o600 } == 0o600)
    #expect(throws: BundleError.self) { try sink.write([1]) }
  }

  @Test func abandonLeavesNothing() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/out.tgz"
    let sink = try AtomicFileSink(path: path)
    try sink.write([1, 2, 3])
    try sink.finish()
    sink.abandon()
    #expect(!FileManager.default.fileExists(atPath: sink.temporaryPath))
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func releasedWithoutCommitLeavesNothingAndKeepsOldFile() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/out.tgz"
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    var temporary = ""
    do {
      let sink = try AtomicFileSink(path: path)
      temporary = sink.temporaryPath
      try sink.write(Array(repeating: 7, count: 3 << 20))
    }
    #expect(!FileManager.default.fileExists(atPath: temporary))
    #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
  }

  @Test func missingDirectoryThrowsWithPath() throws {
    #expect {
      _ = try AtomicFileSink(path: "/nonexistent-zmigrate-dir/out.tgz")
    } throws: { error in
      (error as? BundleError)?.path?.hasPrefix("/nonexistent-zmigrate-dir/out.tgz.partial-") == true
    }
  }
}
