import Testing

@testable import Outlook

@Suite struct MapiPropertyBagTests {
  @Test func decodesIntegersTimesAndStrings() {
    var bag = MapiPropertyBag(fallbackCodePage: 1251)
    bag.set(.messageFlags, .int32, .single([0x09, 0, 0, 0, 0, 0, 0, 0]))
    bag.set(.importance, .int16, .single([2, 0]))
    // 2009-02-13 23:31:30 UTC = Unix 1234567890.
    let ticks = UInt64(1_234_567_890 + 11_644_473_600) * 10_000_000
    bag.set(
      .deliveryTime, .time, .single((0..<8).map { UInt8(truncatingIfNeeded: ticks >> ($0 * 8)) }))
    bag.set(.subject, .unicode, .single([0x48, 0, 0x69, 0, 0, 0]))
    bag.set(.senderName, .string8, .single([0xCF, 0xF0, 0xE8, 0, 0]))
    #expect(bag.integer(.messageFlags) == 9)
    #expect(bag.integer(.importance) == 2)
    #expect(bag.time(.deliveryTime) == 1_234_567_890)
    #expect(bag.string(.subject) == "Hi")
    #expect(bag.string(.senderName) == "При")
    bag.set(.messageCodePage, .int32, .single([0xE4, 0x04, 0, 0]))  // 1252
    #expect(bag.string(.senderName) == "Ïðè")
  }

  @Test func multiValueStringsAndGUIDText() {
    var bag = MapiPropertyBag()
    bag.set(.keywords, MapiType(rawValue: 0x101F), .multiple([[0x41, 0], [0x42, 0, 0x43, 0]]))
    #expect(bag.strings(.keywords) == ["A", "BC"])
    #expect(MapiGUID.psPublicStrings.description == "00020329-0000-0000-C000-000000000046")
    #expect(MapiGUID.psPublicStrings.bytes.prefix(4) == [0x29, 0x03, 0x02, 0x00])
    #expect(MapiTime.unixSeconds(fromFileTime: 0) == nil)
  }
}
