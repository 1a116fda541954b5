import Testing

@testable import TextEncodingDetection

@Suite struct CharsetGuessTests {
  @Test func detectsShiftJIS() {
    let bytes: [UInt8] = [0x8E, 0x52, 0x93, 0x63]
    #expect(CharsetDetector.detect(bytes) != nil)
  }
}
