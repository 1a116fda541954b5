import Foundation
import Testing

@testable import ZimbraBundle

@Suite struct Base64CompressionTests {
  static func base64Lines(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var random: [UInt8] = []
    for _ in 0..<(count * 57) {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      random.append(UInt8(truncatingIfNeeded: state >> 33))
    }
    let text = Data(random).base64EncodedString(options: [
      .lineLength76Characters, .endLineWithLineFeed,
    ])
    return Array((text + "\n").utf8)
  }

  @Test(arguments: [1, 3, 6])
  func base64HeavyStreamsRoundTrip(level: Int) throws {
    var input: [UInt8] = []
    for i in 0..<6 {
      input += Array("Subject: part \(i)\n\nSome words that repeat, words that repeat.\n".utf8)
      input += Self.base64Lines(3_000, seed: UInt64(i))
    }
    let sink = MemorySink()
    let gzip = try ParallelGzipSink(
      destination: sink, level: level, workers: 2, blockSize: 64 << 10)
    try gzip.write(input)
    try gzip.finish()
    #expect(try ParallelGzipTests.gunzip(sink.bytes) == input)
    // Base64 of random bytes carries 6 bits a character: Huffman coding reaches ~76%.
    #expect(Double(sink.bytes.count) < Double(input.count) * 0.8)
  }
}
