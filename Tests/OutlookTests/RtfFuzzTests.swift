import Testing

@testable import Outlook

/// A small seeded generator (SplitMix64), so the fuzz inputs are the same on every run.
private struct SeededGenerator: RandomNumberGenerator {
  /// The generator's state.
  var state: UInt64

  /// The next 64 random bits.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

@Suite struct RtfFuzzTests {
  /// RTF-flavoured bytes, so the reader's paths are reached more often than by uniform noise.
  static let alphabet: [UInt8] =
    Array(#"{}\'*uchtmltagrfpa0123456789-? e9"#.utf8) + [0x0D, 0x0A, 0x82, 0xFF]

  @Test func randomBytesReturnOrThrowWithoutCrashing() {
    var generator = SeededGenerator(state: 0x5EED)
    var decompressed = 0
    for round in 0..<2000 {
      let length = Int.random(in: 0...300, using: &generator)
      var bytes: [UInt8]
      if round.isMultiple(of: 2) {
        bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      } else {
        bytes = (0..<length).map { _ in Self.alphabet.randomElement(using: &generator) ?? 0 }
      }
      _ = RtfBody.content(of: bytes)
      // Half the compressed attempts get a valid header and CRC, so the decoder itself runs.
      if round % 4 == 1, bytes.count >= 16 {
        let contents = Array(bytes[16...])
        let crc = CompressedRtf.crc32(contents[...])
        let words = [UInt32(contents.count + 12), UInt32(length * 4), 0x7546_5A4C, crc]
        bytes.replaceSubrange(
          0..<16,
          with: words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
          })
      }
      if let output = try? CompressedRtf.decompress(bytes) {
        decompressed += 1
        _ = RtfBody.content(of: output)
      }
    }
    // Some valid-header streams decode (any bytes after a good header are a legal stream until
    // a bad reference or the declared size stops them).
    #expect(decompressed > 0)
  }
}
