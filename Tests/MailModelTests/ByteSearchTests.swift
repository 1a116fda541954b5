import MailModel
import Testing

@Suite struct ByteSearchTests {
  /// The first offset of `needle` in `haystack`, the slow obvious way.
  static func naive(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where Array(haystack[start..<start + needle.count]) == needle {
      return start
    }
    return nil
  }

  @Test func agreesWithTheObviousSearch() {
    var state: UInt64 = 3
    for round in 0..<400 {
      // A small alphabet, so that near-misses (first byte matching, rest not) are common.
      func byte() -> UInt8 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(0x61 + (state >> 33) % 3)
      }
      let haystack = (0..<(round % 60)).map { _ in byte() }
      let needle = (0..<(1 + round % 5)).map { _ in byte() }
      // Searched in a slice that does not start at index 0, as callers do.
      let padded = [0x7A, 0x7A] + haystack
      #expect(
        padded[2...].firstOffset(of: needle) == Self.naive(needle, haystack),
        "\(needle) in \(haystack)")
    }
  }

  @Test func edges() {
    let text = Array("--b\r\n--b--\r\n".utf8)
    #expect(text[...].firstOffset(of: Array("--b--".utf8)) == 5)
    #expect(text[...].firstOffset(of: []) == nil)
    #expect(text[...].firstOffset(of: text + [0x0A]) == nil)
    #expect(text[...].firstOffset(of: text) == 0)
    #expect(text[text.count...].firstOffset(of: [0x2D]) == nil)
    #expect(text[(text.count - 1)...].firstOffset(of: [0x0A]) == 0)
  }
}
