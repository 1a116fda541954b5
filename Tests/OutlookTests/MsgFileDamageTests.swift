import Foundation
import TestSupport
import Testing

@testable import Outlook

/// A little-endian 32-bit value's bytes.
func littleEndian32(_ value: UInt32) -> [UInt8] {
  (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
}

/// A 16-byte `.msg` property entry: tag (type | id << 16), flags 6, then the 8-byte value.
func propertyEntry(id: UInt16, type: UInt16, value: [UInt8]) -> [UInt8] {
  littleEndian32(UInt32(type) | UInt32(id) << 16) + littleEndian32(6)
    + (value + [UInt8](repeating: 0, count: 8)).prefix(8)
}

/// UTF-16LE bytes of `text`.
func utf16Bytes(_ text: String) -> [UInt8] {
  text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
}

@Suite struct MsgFileDamageTests {
  /// A root storage with a 32-byte header, the given entries and extra streams.
  func root(entries: [[UInt8]], trailing: [UInt8] = [], streams: [CompoundEntry] = [])
    -> CompoundEntry
  {
    let header = [UInt8](repeating: 0, count: 32)
    return .storage(
      "Root Entry",
      [.stream("__properties_version1.0", header + entries.flatMap { $0 } + trailing)] + streams)
  }

  @Test func damagedPartsAreSkippedAndTheRestKept() throws {
    let subject = utf16Bytes("Kept")
    let tree = root(
      entries: [
        propertyEntry(id: 0x0037, type: 0x001F, value: littleEndian32(UInt32(subject.count + 2))),
        propertyEntry(id: 0x0E07, type: 0x0003, value: [1, 0, 0, 0]),
        // PR_BODY listed, its stream missing.
        propertyEntry(id: 0x1000, type: 0x001F, value: littleEndian32(10)),
        // A multi-value int32 whose stream is 6 bytes: not a multiple of 4.
        propertyEntry(id: 0x6000, type: 0x1003, value: littleEndian32(6)),
        // A multi-value string whose length stream lists two values, one stream present.
        propertyEntry(id: 0x6001, type: 0x101F, value: littleEndian32(8)),
        // A named property without a name map.
        propertyEntry(id: 0x8001, type: 0x0003, value: [7, 0, 0, 0]),
      ], trailing: [0xAA, 0xBB, 0xCC],
      streams: [
        .stream("__substg1.0_0037001F", subject),
        .stream("__substg1.0_60001003", [1, 0, 0, 0, 2, 0]),
        .stream("__substg1.0_6001101F", littleEndian32(4) + littleEndian32(4)),
        .stream("__substg1.0_6001101F-00000000", utf16Bytes("A") + [0, 0]),
      ])
    var problems: [String] = []
    let message = try MsgFile.message(
      root: tree, fallbackCodePage: 1252, path: "memory", problems: &problems)
    #expect(message.properties.string(.subject) == "Kept")
    #expect(message.properties.integer(.messageFlags) == 1)
    #expect(message.properties[.body] == nil)
    #expect(message.properties[.tag(0x6000)] == nil)
    #expect(message.properties[.tag(0x6001)] == nil)
    #expect(message.properties.properties.count == 2)
    #expect(problems.count == 5)
    #expect(problems.contains { $0.contains("__substg1.0_1000001F is missing") })
    #expect(problems.contains { $0.contains("3 bytes after its last whole entry") })
    #expect(problems.contains { $0.contains("__substg1.0_6001101F-00000001 is missing") })
  }

  @Test func aShortPropertiesStreamGivesAnEmptyBagAndNoRootStreamThrows() throws {
    var problems: [String] = []
    let short = CompoundEntry.storage(
      "Root Entry", [.stream("__properties_version1.0", [0, 0, 0])])
    let message = try MsgFile.message(
      root: short, fallbackCodePage: 1252, path: "memory", problems: &problems)
    #expect(message.properties.properties.isEmpty)
    #expect(problems.count == 1)
    #expect(throws: OutlookError.self) {
      try MsgFile.message(
        root: .storage("Root Entry", []), fallbackCodePage: 1252, path: "memory",
        problems: &problems)
    }
  }

  @Test func aFileThatIsNotACompoundFileThrowsNamingItsPath() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/plain.msg"
    try Data("From: a@example.com\r\n\r\nhello\r\n".utf8).write(to: URL(fileURLWithPath: path))
    #expect(!MsgFile.looksLikeMsg(path: path))
    let error = try #require(throws: OutlookError.self) { try MsgFile.read(path: path) }
    #expect(error.location.file == path)
  }

  @Test func embeddedMessagesStopAtTheDepthLimit() throws {
    // Seventeen levels of attachment → embedded message; the last one is not followed.
    var inner = CompoundEntry.storage(
      "__substg1.0_3701000D", [.stream("__properties_version1.0", [UInt8](repeating: 0, count: 24))]
    )
    for level in 0..<17 {
      let attachment = CompoundEntry.storage(
        "__attach_version1.0_#00000000",
        [.stream("__properties_version1.0", [UInt8](repeating: 0, count: 8)), inner])
      let header = [UInt8](repeating: 0, count: level == 16 ? 32 : 24)
      inner = .storage(
        level == 16 ? "Root Entry" : "__substg1.0_3701000D",
        [.stream("__properties_version1.0", header), attachment])
    }
    var problems: [String] = []
    let message = try MsgFile.message(
      root: inner, fallbackCodePage: 1252, path: "memory", problems: &problems)
    #expect(embeddedMessageCount(message) == 16)
    #expect(problems.count == 1)
  }

  @Test func flippedAndTruncatedBytesNeverCrashTheReader() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let original = Array(try MsgWriter.bytes(MsgFixtures.embeddedMessage()))
    var variants: [[UInt8]] = stride(from: 0, to: original.count, by: 11).map {
      var bytes = original
      bytes[$0] ^= 0x5A
      return bytes
    }
    variants += stride(from: 0, to: original.count, by: 211).map { Array(original.prefix($0)) }
    var outcomes = (read: 0, thrown: 0)
    for bytes in variants {
      let path = directory.path + "/damaged.msg"
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      var problems: [String] = []
      do {
        _ = try MsgFile.read(path: path, problems: &problems)
        outcomes.read += 1
      } catch {
        #expect(error is OutlookError)
        outcomes.thrown += 1
      }
    }
    #expect(outcomes.read + outcomes.thrown == variants.count)
    #expect(outcomes.thrown > 0)
  }
}
