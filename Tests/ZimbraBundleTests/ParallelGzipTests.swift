import Foundation
import TestSupport
import Testing

@testable import ZimbraBundle

@Suite struct ParallelGzipTests {
  /// Compresses `input` fed in pieces of `chunk` bytes and returns the gzip bytes.
  static func gzip(
    _ input: [UInt8], level: Int = 6, workers: Int, blockSize: Int, chunk: Int = 100_003
  ) throws
    -> [UInt8]
  {
    let memory = MemorySink()
    let sink = try ParallelGzipSink(
      destination: memory, level: level, workers: workers, blockSize: blockSize)
    var start = 0
    while start < input.count {
      let end = min(start + chunk, input.count)
      try input[start..<end].withUnsafeBytes { try sink.write($0) }
      start = end
    }
    try sink.finish()
    #expect(memory.isFinished)
    #expect(sink.bytesIn == Int64(input.count))
    #expect(sink.bytesOut == Int64(memory.bytes.count))
    return memory.bytes
  }

  static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let reader = try GzipReader(source: MemoryInput(bytes), bufferSize: 4096)
    var out = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
      if count == 0 { break }
      out.append(contentsOf: buffer[0..<count])
    }
    return out
  }

  /// Input sizes that give a few hundred blocks at small block sizes and several blocks at 1 MiB.
  static func inputSize(for blockSize: Int) -> Int {
    min(3 << 20 + 12_345, blockSize * 300 + 123)
  }

  @Test(arguments: [1, 7, 4096, 65536, 1 << 20])
  func workersOneAndTwoGiveIdenticalBytes(blockSize: Int) throws {
    let input = ArchiveTesting.mixedData(
      count: Self.inputSize(for: blockSize), seed: UInt64(blockSize))
    let single = try Self.gzip(input, workers: 1, blockSize: blockSize)
    let parallel = try Self.gzip(input, workers: 2, blockSize: blockSize)
    #expect(single == parallel)
    #expect(try Self.gunzip(parallel) == input)
    // Header: magic, deflate, no flags, mtime 0, OS Unix. Trailer: CRC-32 and size.
    #expect(Array(parallel[0..<4]) == [0x1f, 0x8b, 8, 0])
    #expect(parallel[9] == 3)
    let size = parallel.suffix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    #expect(size == UInt32(truncatingIfNeeded: input.count))
  }

  @Test(arguments: [1, 2, 3, 4])
  func outputDoesNotDependOnWorkersOrWriteSizes(workers: Int) throws {
    let input = ArchiveTesting.mixedData(count: 700_000, seed: 9)
    let reference = try Self.gzip(input, workers: 1, blockSize: 65_536, chunk: input.count)
    #expect(try Self.gzip(input, workers: workers, blockSize: 65_536, chunk: 1000) == reference)
    #expect(try Self.gzip(input, workers: workers, blockSize: 65_536, chunk: 65_536) == reference)
    #expect(try Self.gzip(input, workers: workers, blockSize: 65_536, chunk: 65_537) == reference)
  }

  @Test(arguments: 0...12)
  func everyLevelRoundTrips(level: Int) throws {
    let input = ArchiveTesting.mixedData(count: 300_000, seed: 4)
    let one = try Self.gzip(input, level: level, workers: 1, blockSize: 50_000)
    let two = try Self.gzip(input, level: level, workers: 2, blockSize: 50_000)
    #expect(one == two)
    #expect(try Self.gunzip(two) == input)
    if level > 0 { #expect(two.count < input.count) }
  }

  @Test func emptyInputIsAValidGzipFile() throws {
    for workers in [1, 2] {
      let bytes = try Self.gzip([], workers: workers, blockSize: 4096)
      #expect(try Self.gunzip(bytes) == [])
      #expect(bytes.count == 10 + 5 + 8)  // header, libdeflate's empty final stored block, trailer
    }
  }

  @Test func inputOfExactlyOneBlock() throws {
    let input = ArchiveTesting.mixedData(count: 4096, seed: 5)
    let bytes = try Self.gzip(input, workers: 2, blockSize: 4096, chunk: 4096)
    #expect(try Self.gunzip(bytes) == input)
  }

  @Test(arguments: [1, 7, 4096, 256 << 10])
  func theOutputIsOneGzipMember(blockSize: Int) throws {
    // Java's GZIPInputStream (Zimbra's reader) may stop after a first member; zlib's gzip
    // inflate stops there too, so it must end exactly at the end of the file.
    let input = ArchiveTesting.mixedData(
      count: blockSize < 100 ? 5_000 : 1_500_000, seed: UInt64(blockSize))
    for workers in [1, 2] {
      let bytes = try Self.gzip(input, level: 1, workers: workers, blockSize: blockSize)
      let member = try #require(ArchiveTesting.inflateFirstGzipMember(bytes))
      #expect(member.output == input)
      #expect(member.consumed == bytes.count)
    }
  }

  @Test func blocksAreCompressedWithoutHistory() throws {
    // 20 KiB of random bytes repeated: matches reach back within a block only, so 64 KiB blocks
    // compress the repeats they hold and the output is the same whatever the thread count.
    var state: UInt64 = 0x1234_5678
    let random = (0..<20_480).map { _ -> UInt8 in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 33)
    }
    let input = Array((0..<50).map { _ in random }.joined())
    let bytes = try Self.gzip(input, workers: 2, blockSize: 65_536)
    #expect(try Self.gunzip(bytes) == input)
    // Each 64 KiB block holds at most 4 copies: about one copy's worth of literals per block.
    let blocks = (input.count + 65_535) / 65_536
    #expect(bytes.count < blocks * 26_000, "compressed to \(bytes.count) bytes")
    #expect(bytes.count > blocks * 15_000, "compressed to \(bytes.count) bytes")
  }

  @Test(.enabled(if: ArchiveTesting.hasGzip, "gzip is missing"))
  func systemGzipAcceptsTheOutput() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let input = ArchiveTesting.mixedData(count: 2_500_000, seed: 6)
    for (workers, blockSize) in [(1, 1 << 20), (2, 1 << 20), (2, 7), (2, 65_536)] {
      let path = directory.path + "/out-\(workers)-\(blockSize).gz"
      let file = try AtomicFileSink(path: path)
      let sink = try ParallelGzipSink(
        destination: file, level: 6, workers: workers, blockSize: blockSize)
      let data = blockSize < 100 ? Array(input[0..<3000]) : input
      try sink.write(data)
      try sink.finish()
      try file.commit()
      let gzip = try #require(ArchiveTesting.gzipPath)
      #expect(try ArchiveTesting.run(gzip, ["-t", path]).status == 0)
      let decompressed = try ArchiveTesting.run(gzip, ["-dc", path])
      #expect(decompressed.status == 0)
      #expect([UInt8](decompressed.output) == data)
    }
  }

  @Test func concatenatedMembersReadAsOneStream() throws {
    let first = ArchiveTesting.mixedData(count: 100_000, seed: 7)
    let second = ArchiveTesting.mixedData(count: 50_000, seed: 8)
    let joined =
      try Self.gzip(first, workers: 2, blockSize: 16_384)
      + Self.gzip(second, workers: 1, blockSize: 16_384)
    #expect(try Self.gunzip(joined) == first + second)
  }

  @Test func invalidParametersThrow() {
    #expect(throws: BundleError.self) {
      _ = try ParallelGzipSink(destination: MemorySink(), level: 13)
    }
    #expect(throws: BundleError.self) {
      _ = try ParallelGzipSink(destination: MemorySink(), level: -1)
    }
    #expect(throws: BundleError.self) {
      _ = try ParallelGzipSink(destination: MemorySink(), blockSize: 0)
    }
  }

  @Test func writeAfterFinishThrows() throws {
    let sink = try ParallelGzipSink(destination: MemorySink(), workers: 2)
    try sink.write([1, 2, 3])
    try sink.finish()
    try sink.finish()  // a second finish is a no-op
    #expect(throws: BundleError.self) { try sink.write([4]) }
  }

  @Test func releasedUnfinishedSinkStopsItsWorkers() throws {
    // Nothing to assert beyond not hanging or crashing: the pool shuts down in deinit.
    for _ in 0..<20 {
      let sink = try ParallelGzipSink(destination: MemorySink(), workers: 2, blockSize: 1024)
      try sink.write(ArchiveTesting.mixedData(count: 20_000))
    }
  }
}
