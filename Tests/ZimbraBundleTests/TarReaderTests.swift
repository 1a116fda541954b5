import Foundation
import TestSupport
import Testing

@testable import ZimbraBundle

@Suite struct TarReaderTests {
  static func tarBytes(_ entries: [TarEntry]) throws -> [UInt8] {
    let sink = MemorySink()
    try ArchiveTesting.write(entries, to: TarWriter(sink: sink))
    return sink.bytes
  }

  static func small() -> [TarEntry] {
    ["Inbox/1.eml", "Inbox/2.eml", "Sent/3.eml"].enumerated().map { index, name in
      let data = ArchiveTesting.mixedData(count: 700 * (index + 1), seed: UInt64(index))
      return TarEntry(
        name: name, mode: 0o644, mtime: Int64(index), size: data.count,
        typeflag: UInt8(ascii: "0"), data: data, offset: 0)
    }
  }

  static func readAllThrowing(_ bytes: [UInt8]) throws -> [TarEntry] {
    var reader = try TarReader(bytes: bytes)
    return try ArchiveTesting.readAll(&reader)
  }

  @Test func readsPlainAndGzippedFilesFromDisk() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let entries = ArchiveTesting.sampleEntries()
    let tar = try Self.tarBytes(entries)
    let plainPath = directory.path + "/a.tar"
    try Data(tar).write(to: URL(fileURLWithPath: plainPath))
    let gzPath = directory.path + "/a.tgz"
    let file = try AtomicFileSink(path: gzPath)
    let gzip = try ParallelGzipSink(destination: file, level: 1, workers: 2, blockSize: 100_000)
    try gzip.write(tar)
    try gzip.finish()
    try file.commit()

    for path in [plainPath, gzPath] {
      var reader = try TarReader(path: path)
      let read = try ArchiveTesting.readAll(&reader)
      #expect(ArchiveTesting.sameContents(read, entries), "\(path)")
      #expect(reader.offset == Int64(tar.count), "reads to the end")
    }
  }

  @Test func entryOffsetsPointAtHeaders() throws {
    let entries = Self.small()
    let read = try Self.readAllThrowing(try Self.tarBytes(entries))
    // 700, 1400 and 2100 bytes of data, each after a 512-byte header.
    let expected: [Int64] = [0, 1536, 3584]
    #expect(read.map(\.offset) == expected)
  }

  @Test(.enabled(if: ArchiveTesting.hasTar, "/bin/tar is missing"))
  func readsSystemTarOutputTheWayZimbraDoes() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let longName = String(repeating: "ü", count: 70) + ".eml"  // 144 bytes
    try FileManager.default.createDirectory(
      atPath: directory.path + "/src/Inbox", withIntermediateDirectories: true)
    try Data("one".utf8).write(to: URL(fileURLWithPath: directory.path + "/src/Inbox/" + longName))
    try Data("two".utf8).write(to: URL(fileURLWithPath: directory.path + "/src/Inbox/b.eml"))

    // GNU format: directory entry plus a ././@LongLink record.
    let gnu = directory.path + "/gnu.tgz"
    #expect(
      try ArchiveTesting.run(
        ArchiveTesting.tarPath,
        ["--format=gnu", "-czf", gnu, "-C", directory.path + "/src", "Inbox"]
      ).status == 0)
    var reader = try TarReader(path: gnu)
    let entries = try ArchiveTesting.readAll(&reader)
    #expect(entries.first?.name == "Inbox/")
    #expect(entries.first?.typeflag == UInt8(ascii: "5"))
    let files = entries.filter { $0.typeflag == UInt8(ascii: "0") }
    #expect(Set(files.map(\.name)) == ["Inbox/" + longName, "Inbox/b.eml"])
    #expect(files.first { $0.name == "Inbox/b.eml" }?.data == Array("two".utf8))

    // PAX format: the extended header comes back as its own entry, as Zimbra would see it.
    let pax = directory.path + "/pax.tar"
    #expect(
      try ArchiveTesting.run(
        ArchiveTesting.tarPath,
        ["--format=pax", "-cf", pax, "-C", directory.path + "/src", "Inbox/" + longName]
      ).status == 0)
    reader = try TarReader(path: pax)
    let paxEntries = try ArchiveTesting.readAll(&reader)
    #expect(paxEntries.map(\.typeflag) == [UInt8(ascii: "x"), UInt8(ascii: "0")])
    #expect(paxEntries.last?.name != "Inbox/" + longName)
  }

  @Test func truncatedTgzThrowsWithOffset() throws {
    let tar = try Self.tarBytes(ArchiveTesting.sampleEntries())
    let gz = try ParallelGzipTests.gzip(tar, level: 6, workers: 2, blockSize: 1 << 20)
    for cut in [0, 5, 10, 1000, gz.count / 2, gz.count - 9, gz.count - 1] {
      #expect(cut == 0 || gz.count > cut)
      var thrown: BundleError?
      do {
        _ = try Self.readAllThrowing(Array(gz[0..<cut]))
      } catch let error as BundleError {
        thrown = error
      }
      let error = try #require(thrown, "no error for a cut at \(cut)")
      #expect(error.offset != nil, "\(error)")
    }
  }

  @Test func truncatedTarThrowsWithOffset() throws {
    let tar = try Self.tarBytes(Self.small())
    // Inside the first data block, inside a header, and with the end-of-archive blocks missing.
    let cases: [(cut: Int, offset: Int64)] = [
      (600, 600), (512 + 1024 + 100, 512 + 1024 + 100),
      (tar.count - 1024, Int64(tar.count - 1024)),
    ]
    for (cut, offset) in cases {
      #expect {
        _ = try Self.readAllThrowing(Array(tar[0..<cut]))
      } throws: { error in
        (error as? BundleError)?.offset == offset
      }
    }
  }

  @Test func badChecksumNamesTheHeaderOffset() throws {
    var tar = try Self.tarBytes(Self.small())
    let secondHeader = 512 + 1024
    tar[secondHeader + 3] ^= 0x20
    var reader = try TarReader(bytes: tar)
    #expect(try reader.next()?.name == "Inbox/1.eml")
    #expect {
      _ = try reader.next()
    } throws: { error in
      let bundleError = error as? BundleError
      return bundleError?.offset == Int64(secondHeader)
        && bundleError?.message.contains("checksum") == true
    }
  }

  @Test func badOctalFieldThrows() throws {
    var tar = try Self.tarBytes(Self.small())
    tar[124] = UInt8(ascii: "9")  // size field
    // Fix the checksum so the number check is what fails.
    var sum = 0
    for index in 0..<512 { sum += (148..<156).contains(index) ? 0x20 : Int(tar[index]) }
    let digits = Array(String(format: "%06o", sum).utf8)
    for (index, digit) in digits.enumerated() { tar[148 + index] = digit }
    #expect {
      _ = try Self.readAllThrowing(tar)
    } throws: { error in
      (error as? BundleError)?.message.contains("size field") == true
    }
  }

  @Test func corruptGzipDataThrows() throws {
    let tar = try Self.tarBytes(Self.small())
    var gz = try ParallelGzipTests.gzip(tar, workers: 1, blockSize: 1 << 20)
    gz[gz.count / 2] ^= 0xff
    #expect(throws: BundleError.self) { _ = try Self.readAllThrowing(gz) }

    // A bad CRC in the trailer is caught by zlib's check.
    var badCRC = try ParallelGzipTests.gzip(tar, workers: 1, blockSize: 1 << 20)
    badCRC[badCRC.count - 8] ^= 1
    #expect {
      _ = try ParallelGzipTests.gunzip(badCRC)
    } throws: { error in
      (error as? BundleError)?.offset != nil
    }
  }

  @Test func trailingGarbageAfterGzipThrows() throws {
    let gz = try ParallelGzipTests.gzip(Array("hello".utf8), workers: 1, blockSize: 4096)
    #expect {
      _ = try ParallelGzipTests.gunzip(gz + Array("garbage".utf8))
    } throws: { error in
      (error as? BundleError)?.offset == Int64(gz.count)
    }
    #expect(throws: BundleError.self) { _ = try ParallelGzipTests.gunzip([]) }
  }

  @Test func tarSplitOverTwoGzipMembers() throws {
    let tar = try Self.tarBytes(Self.small())
    let half = tar.count / 2
    let joined =
      try ParallelGzipTests.gzip(Array(tar[0..<half]), workers: 2, blockSize: 1000)
      + ParallelGzipTests.gzip(Array(tar[half...]), workers: 1, blockSize: 1000)
    let read = try Self.readAllThrowing(joined)
    #expect(ArchiveTesting.sameContents(read, Self.small()))
  }

  @Test func oversizedEntryIsRefused() throws {
    let tar = try Self.tarBytes(Self.small())
    var reader = try TarReader(bytes: tar, maxEntrySize: 500)
    #expect(throws: BundleError.self) { _ = try reader.next() }
  }

  @Test func emptyArchiveHasNoEntries() throws {
    #expect(try Self.readAllThrowing(Self.tarBytes([])).isEmpty)
    #expect(
      try Self.readAllThrowing(
        ParallelGzipTests.gzip(Self.tarBytes([]), workers: 2, blockSize: 512)
      ).isEmpty)
  }
}
