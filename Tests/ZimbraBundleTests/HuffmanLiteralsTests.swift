import CZMigrateDeflate
import CZMigrateHuffman
import Foundation
import Testing

@testable import ZimbraBundle

@Suite struct HuffmanLiteralsTests {
  /// `data` coded literals-only; nil when the coder reports that `capacity` was too small.
  static func code(_ data: [UInt8], final: Bool, capacity: Int? = nil) -> [UInt8]? {
    let room = capacity ?? zm_huffman_literals_bound(data.count)
    var out = [UInt8](repeating: 0, count: room)
    let written = data.withUnsafeBufferPointer { input in
      out.withUnsafeMutableBufferPointer { output in
        zm_huffman_literals(input.baseAddress, input.count, final ? 1 : 0, output.baseAddress, room)
      }
    }
    return written == 0 ? nil : Array(out[0..<written])
  }

  /// Inputs with very different byte statistics.
  static func samples() -> [(String, [UInt8])] {
    var state: UInt64 = 99
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    // Geometric frequencies over all 256 values: an unlimited Huffman code would need far more
    // than 15 bits for the rarest bytes.
    var skewed: [UInt8] = []
    for _ in 0..<200_000 {
      var value = 0
      while value < 255 && next() % 2 == 0 { value += 1 }
      skewed.append(UInt8(value))
    }
    return [
      ("empty", []),
      ("one byte", [0x41]),
      ("one repeated byte", [UInt8](repeating: 0x41, count: 10_000)),
      ("base64 lines", Base64CompressionTests.base64Lines(3_000, seed: 5)),
      ("all byte values", (0..<70_000).map { _ in UInt8(truncatingIfNeeded: next()) }),
      ("skewed", skewed),
      ("mail", ArchiveTesting.mixedData(count: 150_000, seed: 3)),
    ]
  }

  @Test func finalPiecesInflateToTheirInput() throws {
    for (name, data) in Self.samples() {
      let coded = try #require(Self.code(data, final: true), "\(name)")
      let inflated = try DeflateTesting.inflate(coded)
      #expect(inflated.ended, "\(name)")
      #expect(inflated.output == data, "\(name)")
      #expect(inflated.consumed == coded.count, "\(name)")
      #expect(coded.count <= zm_huffman_literals_bound(data.count), "\(name)")
    }
  }

  @Test func nonFinalPiecesJoinWithWhateverFollows() throws {
    let samples = Self.samples()
    let compressor = try DeflateCompressor(level: 6)
    for (index, (name, data)) in samples.enumerated() {
      let coded = try #require(Self.code(data, final: false), "\(name)")
      // Non-final pieces end on a byte boundary with an empty stored block.
      #expect(Array(coded.suffix(4)) == [0x00, 0x00, 0xFF, 0xFF], "\(name)")
      let following = samples[(index + 1) % samples.count].1
      let tail = OutputBuffer(capacity: 64)
      try following.withUnsafeBytes { try compressor.compress($0, final: true, into: tail) }
      let joined = coded + Array(tail.bytes)
      let inflated = try DeflateTesting.inflate(joined)
      #expect(inflated.ended, "\(name)")
      #expect(inflated.output == data + following, "\(name)")
      #expect(inflated.consumed == joined.count, "\(name)")
    }
  }

  @Test func baseSixtyFourCodesToAboutSixBitsAByte() throws {
    let data = Base64CompressionTests.base64Lines(4_000, seed: 8)
    let coded = try #require(Self.code(data, final: true))
    // 64 equally likely characters plus line ends: a little over 6 bits each.
    #expect(Double(coded.count) < Double(data.count) * 0.78)
    #expect(Double(coded.count) > Double(data.count) * 0.74)
  }

  @Test func tooSmallACapacityReturnsZero() throws {
    let data = Base64CompressionTests.base64Lines(100, seed: 9)
    let full = try #require(Self.code(data, final: false))
    for capacity in [0, 1, 10, full.count / 2, full.count - 1] {
      #expect(Self.code(data, final: false, capacity: capacity) == nil, "capacity \(capacity)")
    }
    #expect(Self.code(data, final: false, capacity: full.count) == full)
  }

  @Test func detectorTellsAttachmentsFromText() {
    func looks(_ bytes: [UInt8]) -> Bool {
      bytes.withUnsafeBufferPointer { zm_looks_like_base64($0.baseAddress, $0.count) != 0 }
    }
    let attachment = Base64CompressionTests.base64Lines(2_000, seed: 7)
    let prose = Array(
      String(repeating: "Dear team, the migration of the mailboxes is on schedule.\n", count: 2_000)
        .utf8)
    #expect(looks(attachment))
    #expect(!looks(prose))
    #expect(!looks(Array(prose.prefix(40_000)) + Array(attachment.prefix(60_000))))
    #expect(!looks(Array(attachment.prefix(4_000))), "pieces under 4 KiB are left to libdeflate")
  }

  @Test func base64EntryPointCodesOnlyBase64Pieces() throws {
    func coded(_ bytes: [UInt8]) -> Int {
      var out = [UInt8](repeating: 0, count: zm_huffman_literals_bound(bytes.count))
      return bytes.withUnsafeBufferPointer { input in
        out.withUnsafeMutableBufferPointer {
          zm_huffman_base64(input.baseAddress, input.count, 1, $0.baseAddress, $0.count)
        }
      }
    }
    let attachment = Base64CompressionTests.base64Lines(3_000, seed: 11)
    let prose = Array(
      String(repeating: "Dear team, the migration of the mailboxes is on schedule.\n", count: 3_000)
        .utf8)
    #expect(coded(attachment) == Self.code(attachment, final: true)?.count)
    #expect(coded(prose) == 0)
    // Starts like an attachment, but the whole piece is mostly text: the full count decides.
    #expect(coded(Array(attachment.prefix(8_000)) + prose) == 0)
    #expect(coded(Array(attachment.prefix(4_000))) == 0, "pieces under 4 KiB are left alone")
  }

  @Test func compressorUsesLiteralsForBase64AtFastLevelsOnly() throws {
    let data = Base64CompressionTests.base64Lines(5_000, seed: 10)
    let literals = try #require(Self.code(data, final: true))
    for level in [1, 3, 6] {
      let output = OutputBuffer(capacity: 64)
      let compressor = try DeflateCompressor(level: level)
      try data.withUnsafeBytes { try compressor.compress($0, final: true, into: output) }
      #expect((Array(output.bytes) == literals) == (level <= 3), "level \(level)")
      let inflated = try DeflateTesting.inflate(Array(output.bytes))
      #expect(inflated.ended && inflated.output == data)
    }
  }
}
