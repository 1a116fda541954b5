import MailModel
import Testing

@testable import Outlook

/// The header of a compressed-RTF stream: COMPSIZE, RAWSIZE, magic, CRC, each little-endian.
private func header(compressedSize: Int, rawSize: Int, magic: UInt32, crc: UInt32) -> [UInt8] {
  [UInt32(compressedSize), UInt32(rawSize), magic, crc].flatMap { word in
    (0..<4).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
  }
}

/// The [MS-OXRTFCP] CRC computed bit by bit (no table), as the spec describes the polynomial:
/// reflected 0xEDB88320, initial value 0, no final inversion.
private func bitwiseCRC(_ bytes: [UInt8]) -> UInt32 {
  var crc: UInt32 = 0
  for byte in bytes {
    crc ^= UInt32(byte)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
  }
  return crc
}

@Suite struct CompressedRtfTests {
  /// [MS-OXRTFCP] §4.1: `{\rtf1\ansi\ansicpg1252\pard hello world}` CRLF, compressed.
  static let specHelloWorld: [UInt8] = [
    0x2D, 0x00, 0x00, 0x00, 0x2B, 0x00, 0x00, 0x00, 0x4C, 0x5A, 0x46, 0x75, 0xF1, 0xC5, 0xC7,
    0xA7, 0x03, 0x00, 0x0A, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0A,
    0xF3, 0x20, 0x68, 0x65, 0x6C, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xB0, 0x6C, 0x64, 0x7D,
    0x0A, 0x80, 0x0F, 0xA0,
  ]
  /// [MS-OXRTFCP] §4.2: `{\rtf1 WXYZWXYZWXYZWXYZWXYZ}`, compressed with a self-overlapping run.
  static let specRun: [UInt8] = [
    0x1A, 0x00, 0x00, 0x00, 0x1C, 0x00, 0x00, 0x00, 0x4C, 0x5A, 0x46, 0x75, 0xE2, 0xD4, 0x4B,
    0x51, 0x41, 0x00, 0x04, 0x20, 0x57, 0x58, 0x59, 0x5A, 0x0D, 0x6E, 0x7D, 0x01, 0x0E, 0xB0,
  ]

  @Test func initialDictionaryIsTheSpecs207Bytes() {
    let dictionary = CompressedRtf.initialDictionary
    #expect(dictionary.count == 207)
    #expect(dictionary.starts(with: Array(#"{\rtf1\ansi\mac\deff0\deftab720{\fonttbl;}"#.utf8)))
    #expect(Array(dictionary.suffix(13)) == Array(#"\b\i\u\tab\tx"#.utf8))
    #expect(dictionary.firstRange(of: [0x0D, 0x0A]) != nil)
  }

  @Test func decompressesTheSpecsExamples() throws {
    let hello = try CompressedRtf.decompress(Self.specHelloWorld)
    #expect(
      String(decoding: hello, as: UTF8.self)
        == #"{\rtf1\ansi\ansicpg1252\pard hello world}"# + "\r\n")
    let run = try CompressedRtf.decompress(Self.specRun)
    #expect(String(decoding: run, as: UTF8.self) == #"{\rtf1 WXYZWXYZWXYZWXYZWXYZ}"#)
  }

  @Test func theCRCIsTheSpecsAndMatchesTheExamples() {
    let contents = Array(Self.specHelloWorld[16...])
    #expect(bitwiseCRC(contents) == 0xA7C7_C5F1)
    #expect(CompressedRtf.crc32(contents[...]) == bitwiseCRC(contents))
    let random = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
    #expect(CompressedRtf.crc32(random[...]) == bitwiseCRC(random))
  }

  @Test func decompressesAHandBuiltStream() throws {
    // Control byte 0b0000_0011: a reference to dictionary offset 0, length 6 ("{\rtf1"), then
    // the end marker, a reference to the write position 207 + 6 = 213 (0x0D5 << 4).
    // Then a second stream: two literals and the end marker at 209.
    let contents: [UInt8] = [0x03, 0x00, 0x04, 0x0D, 0x50]
    let stream =
      header(
        compressedSize: contents.count + 12, rawSize: 6, magic: 0x7546_5A4C,
        crc: bitwiseCRC(contents))
      + contents
    #expect(try CompressedRtf.decompress(stream) == Array(#"{\rtf1"#.utf8))
    let literals: [UInt8] = [0x04, 0x41, 0x42, 0x0D, 0x10]
    let second =
      header(compressedSize: 17, rawSize: 2, magic: 0x7546_5A4C, crc: bitwiseCRC(literals))
      + literals
    #expect(try CompressedRtf.decompress(second) == [0x41, 0x42])
  }

  @Test func readsAnUncompressedMELAStream() throws {
    let body = Array(#"{\rtf1\ansi plain}"#.utf8)
    let stream =
      header(compressedSize: body.count + 12, rawSize: body.count, magic: 0x414C_454D, crc: 0)
      + body
    #expect(try CompressedRtf.decompress(stream) == body)
    // Declaring more bytes than the stream holds is an error, not an over-read.
    let short =
      header(compressedSize: body.count + 12, rawSize: body.count + 1, magic: 0x414C_454D, crc: 0)
      + body
    #expect(throws: OutlookError.self) { try CompressedRtf.decompress(short) }
  }

  @Test func rejectsABadCRCAMagicAndAShortHeader() throws {
    var corrupted = Self.specHelloWorld
    corrupted[20] ^= 0x01
    let error = try #require(throws: OutlookError.self) { try CompressedRtf.decompress(corrupted) }
    #expect(error.message.contains("CRC"))
    #expect(error.location == SourceLocation(file: "", offset: 12))
    var wrongMagic = Self.specHelloWorld
    wrongMagic[8] = 0x58
    #expect(throws: OutlookError.self) { try CompressedRtf.decompress(wrongMagic) }
    #expect(throws: OutlookError.self) { try CompressedRtf.decompress([0x2D, 0x00]) }
    let located = SourceLocation(file: "mail.msg")
    let locatedError = try #require(throws: OutlookError.self) {
      try CompressedRtf.decompress(corrupted, at: located)
    }
    #expect(locatedError.location == located)
  }

  @Test func rejectsAReferenceToUnwrittenDictionaryBytes() {
    // A reference to offset 300 when only 207 bytes are written.
    let contents: [UInt8] = [0x01, 0x12, 0xC0]
    let stream =
      header(compressedSize: 15, rawSize: 16, magic: 0x7546_5A4C, crc: bitwiseCRC(contents))
      + contents
    #expect(throws: OutlookError.self) { try CompressedRtf.decompress(stream) }
  }

  @Test func rejectsOutputBeyondTheDeclaredSize() {
    // The reference copies 6 bytes where RAWSIZE allows 5.
    let contents: [UInt8] = [0x03, 0x00, 0x04, 0x0D, 0x50]
    let stream =
      header(compressedSize: 17, rawSize: 5, magic: 0x7546_5A4C, crc: bitwiseCRC(contents))
      + contents
    #expect(throws: OutlookError.self) { try CompressedRtf.decompress(stream) }
  }

  @Test func everyPrefixOfAStreamReturnsOrThrows() {
    for stream in [Self.specHelloWorld, Self.specRun] {
      var results = 0
      for length in 0...stream.count {
        if (try? CompressedRtf.decompress(Array(stream.prefix(length)))) != nil { results += 1 }
      }
      // Only the whole stream has its whole contents, so only it passes the CRC.
      #expect(results == 1)
    }
  }
}
