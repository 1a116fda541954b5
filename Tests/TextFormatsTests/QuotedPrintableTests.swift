import Testing
import TextFormats

@Suite struct QuotedPrintableTests {
  @Test func decodesHexEscapesInEitherCase() {
    #expect(
      QuotedPrintable.decode(Array("Caf=E9 =c3=a9".utf8)) == Array("Caf".utf8) + [
        0xE9, 0x20, 0xC3, 0xA9,
      ])
    #expect(QuotedPrintable.decode(Array("a=3Db".utf8)) == Array("a=b".utf8))
    #expect(QuotedPrintable.decode(Array("=0D=0A".utf8)) == [0x0D, 0x0A])
  }

  @Test func keepsEqualsThatAreNotEscapes() {
    #expect(QuotedPrintable.decode(Array("a=G1 b=4".utf8)) == Array("a=G1 b=4".utf8))
    #expect(QuotedPrintable.decode(Array("=4".utf8)) == Array("=4".utf8))
    #expect(QuotedPrintable.decode([UInt8]()) == [])
  }

  @Test func finalEqualsIsASoftBreakOnlyWhenAsked() {
    #expect(QuotedPrintable.decode(Array("a=3Db=".utf8)) == Array("a=b=".utf8))
    #expect(
      QuotedPrintable.decode(Array("a=3Db=".utf8), dropFinalEquals: true) == Array("a=b".utf8))
    #expect(QuotedPrintable.decode(Array("=".utf8), dropFinalEquals: true) == [])
    // Only the last byte: an `=` earlier in the value stays.
    #expect(QuotedPrintable.decode(Array("a= b".utf8), dropFinalEquals: true) == Array("a= b".utf8))
  }

  @Test func decodesSlices() {
    let bytes = Array("xx=41=42".utf8)
    #expect(QuotedPrintable.decode(bytes[2...]) == Array("AB".utf8))
  }
}
