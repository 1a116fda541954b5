import Foundation
import TestSupport
import Testing

@testable import Outlook

/// A message using every kind of value the writer stores: fixed, string, binary, multi-values
/// (fixed and variable), named properties of each GUID kind, recipients, attachments and an
/// embedded message with its own recipient and attachment.
func roundTripMessage() -> MapiMessage {
  var top = MapiPropertyBag()
  top.setUnicode(.messageClass, "IPM.Note")
  top.setUnicode(.subject, "Round trip ✓")
  top.setString8(.senderName, [0x41, 0x6E, 0x6E])
  top.setBinary(.html, Array("<p>hi</p>".utf8))
  top.setInt32(.messageFlags, 9)
  top.setBool(.rtfInSync, true)
  top.setTime(.deliveryTime, unixSeconds: 1_614_834_367)
  top.set(.importance, .int16, .single([2, 0, 0, 0, 0, 0, 0, 0]))
  top.set(.keywords, MapiType(rawValue: 0x101F), .multiple([MsgWriter.utf16("A"), []]))
  top.set(
    .named(.psInternetHeaders, "X-Test"), MapiType(rawValue: 0x101E), .multiple([[0x61], [0x62]]))
  top.set(.flagRequest, .unicode, .single(MsgWriter.utf16("Follow up")))
  top.set(.numbered(.psMapi, 0x0037), .int32, .single(MapiPropertyBag.entryBytes(5)))
  top.set(
    .tag(0x6100), MapiType(rawValue: 0x1003), .multiple([[1, 0, 0, 0], [2, 0, 0, 0]]))
  top.set(
    .tag(0x6101), MapiType(rawValue: 0x1102), .multiple([[1, 2, 3], [], [4]]))
  top.set(.tag(0x6102), MapiType(rawValue: 0x1048), .multiple([MapiGUID.common.bytes]))
  var recipient = MapiPropertyBag()
  recipient.setUnicode(.displayName, "Bob")
  recipient.setInt32(.recipientType, 1)
  var file = MapiPropertyBag()
  file.setUnicode(.attachLongFilename, "a.bin")
  file.setInt32(.attachMethod, 1)
  file.setBinary(.attachData, patternBytes(5000, seed: 9))
  var innerTop = MapiPropertyBag()
  innerTop.setUnicode(.subject, "Inner")
  innerTop.set(.numbered(.common, 0x8580), .unicode, .single(MsgWriter.utf16("inner named")))
  var innerAttachment = MapiPropertyBag()
  innerAttachment.setBinary(.attachData, [1, 2, 3])
  let inner = MapiMessage(
    properties: innerTop, recipients: [recipient],
    attachments: [MapiAttachment(properties: innerAttachment)])
  var holder = MapiPropertyBag()
  holder.setInt32(.attachMethod, 5)
  holder.set(.attachData, .object, .single([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]))
  return MapiMessage(
    properties: top, recipients: [recipient, recipient],
    attachments: [
      MapiAttachment(properties: file), MapiAttachment(properties: holder, embeddedMessage: inner),
    ])
}

/// Whether `first` and `second` hold the same properties, recipients and attachments, recursively.
func sameMessage(_ first: MapiMessage, _ second: MapiMessage) -> Bool {
  first.properties.properties == second.properties.properties
    && first.recipients.map(\.properties) == second.recipients.map(\.properties)
    && first.attachments.count == second.attachments.count
    && zip(first.attachments, second.attachments).allSatisfy { left, right in
      left.properties.properties == right.properties.properties
        && left.embeddedMessage.map { inner in
          right.embeddedMessage.map { sameMessage(inner, $0) } ?? false
        } ?? (right.embeddedMessage == nil)
    }
}

@Suite struct MsgWriterTests {
  @Test func writtenMessagesReadBackUnchanged() throws {
    let message = roundTripMessage()
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/round-trip.msg"
    try Data(try MsgWriter.bytes(message)).write(to: URL(fileURLWithPath: path))
    var problems: [String] = []
    let read = try MsgFile.read(path: path, fallbackCodePage: 1251, problems: &problems)
    #expect(problems.isEmpty)
    #expect(sameMessage(read, message))
    #expect(read.properties.string(.subject) == "Round trip ✓")
    #expect(read.properties.strings(.keywords) == ["A", ""])
    #expect(read.attachments.first?.properties.binary(.attachData)?.count == 5000)
    #expect(read.attachments.last?.embeddedMessage?.properties.string(.subject) == "Inner")
    #expect(read.properties.fallbackCodePage == 1251)
    #expect(read.recipients.first?.fallbackCodePage == 1251)
  }

  @Test(
    .enabled(if: olecfexportIsPresent, "olecfexport (libolecf-utils) not installed"))
  func olecfexportSeesTheMsgLayout() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/round-trip.msg"
    try Data(try MsgWriter.bytes(roundTripMessage())).write(to: URL(fileURLWithPath: path))
    let exportDirectory = try TemporaryDirectory()
    defer { exportDirectory.cleanup() }
    let export = try OlecfExport(file: path, into: exportDirectory)
    let entries = export.entries()
    #expect(entries.filter { $0.hasPrefix("__recip_version1.0_#") }.count == 2)
    #expect(entries.filter { $0.hasPrefix("__attach_version1.0_#") }.count == 2)
    #expect(export.embeddedMessageCount() == 1)
    #expect(export.stream("__substg1.0_0037001F").map(utf16LittleEndian) == "Round trip ✓")
    // The top header: 8 reserved bytes, then next recipient id, next attachment id, counts.
    let header = try #require(export.stream("__properties_version1.0")).prefix(32)
    #expect(Array(header[8..<24]) == [2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0])
    #expect((try #require(export.stream("__properties_version1.0")).count - 32) % 16 == 0)
  }
}
