import Foundation
import MailModel

@testable import Outlook

/// A scratch file per process for the `.msg` target (libolecf opens files by path).
let msgScratch = FileManager.default.temporaryDirectory.appendingPathComponent(
  "zfuzz-\(ProcessInfo.processInfo.processIdentifier).msg"
).path

/// `.msg` reading and the RFC 822 builder: any file reads or throws an `OutlookError`; a message
/// read is built the same way twice, into a header section that ends in an empty line and names
/// MIME-Version, and its flags, categories and date come out without trapping.
func fuzzMsg(_ data: [UInt8]) {
  guard FileManager.default.createFile(atPath: msgScratch, contents: Data(data)) else { return }
  var problems: [String] = []
  let message: MapiMessage
  do {
    message = try MsgFile.read(path: msgScratch, problems: &problems)
  } catch {
    check(error is OutlookError, "a .msg failure that is not an OutlookError: \(error)")
    return
  }
  checkBuilt(message)
}

/// The builder over a message made from the input: subject, text, HTML and transport headers as
/// given, recipients and attachments (one possibly embedded) named and filled from the input.
func fuzzMapiBuild(_ data: [UInt8]) {
  var input = FuzzInput(data)
  func unicode(_ text: String) -> MapiValue {
    .single(Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
  }
  func bag() -> MapiPropertyBag {
    var bag = MapiPropertyBag(fallbackCodePage: Int(input.byte()) % 2 == 0 ? 1252 : 932)
    let wanted = input.size(upTo: 8)
    let names: [MapiPropertyName] = [
      .subject, .body, .senderName, .senderEmailAddress, .displayName, .emailAddress,
      .attachLongFilename, .attachMimeTag, .attachContentID, .transportHeaders,
      .internetMessageID, .smtpAddress, .messageClass,
    ]
    for _ in 0..<wanted {
      let name = names[Int(input.byte()) % names.count]
      if input.byte() % 2 == 0 {
        bag.set(name, .unicode, unicode(input.string()))
      } else {
        bag.set(name, .string8, .single(input.field()))
      }
    }
    if input.byte() % 2 == 0 { bag.set(.html, .binary, .single(input.field())) }
    if input.byte() % 3 == 0 { bag.set(.attachData, .binary, .single(input.field())) }
    bag.set(.messageFlags, .int32, .single(input.bytes(4)))
    bag.set(.importance, .int32, .single(input.bytes(4)))
    bag.set(.deliveryTime, .time, .single(input.bytes(8)))
    bag.set(.attachMethod, .int32, .single([input.byte() % 7, 0, 0, 0]))
    return bag
  }
  var message = MapiMessage(properties: bag())
  for _ in 0..<Int(input.byte() % 4) { message.recipients.append(bag()) }
  for _ in 0..<Int(input.byte() % 4) {
    let embedded = input.byte() % 3 == 0 ? MapiMessage(properties: bag()) : nil
    message.attachments.append(MapiAttachment(properties: bag(), embeddedMessage: embedded))
  }
  checkBuilt(message)
}

/// The invariants of a built message.
func checkBuilt(_ message: MapiMessage) {
  let built = MapiMailBuilder().build(message)
  check(built.bytes == MapiMailBuilder().build(message).bytes, "the same item built two ways")
  let bounds = HeaderSection.bounds(of: built.bytes)
  check(bounds.bodyStart <= built.bytes.count, "the header section runs past the message")
  let fields = HeaderSection.fields(of: built.bytes).map { $0.name.lowercased() }
  check(fields.contains("mime-version"), "no MIME-Version in the header section")
  _ = MapiMailMapping.flags(of: message)
  _ = MapiMailMapping.keywords(of: message)
  _ = MapiMailMapping.kind(of: message)
}

/// LZFu: the input is a compressed stream's contents, given a valid header (its own sizes and
/// CRC) so that the expansion itself is exercised: it returns at most the declared size or
/// throws an `OutlookError`; a MELA (uncompressed) stream gives its contents back exactly.
func fuzzCompressedRtf(_ data: [UInt8]) {
  var input = FuzzInput(data)
  let rawSize = Int(input.byte()) << 8 | Int(input.byte())
  let contents = Array(input.rest)
  func word(_ value: Int) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
  }
  let crc = Int(CompressedRtf.crc32(contents[...]))
  let compressed =
    word(contents.count + 12) + word(rawSize) + [0x4C, 0x5A, 0x46, 0x75]
    + word(crc) + contents
  do {
    let rtf = try CompressedRtf.decompress(compressed)
    check(rtf.count <= rawSize, "\(rtf.count) bytes out of a stream declaring \(rawSize)")
    _ = RtfBody.content(of: rtf)
  } catch {
    check(error is OutlookError, "an LZFu failure that is not an OutlookError: \(error)")
  }
  let stored =
    word(contents.count + 12) + word(contents.count) + [0x4D, 0x45, 0x4C, 0x41]
    + word(0) + contents
  check((try? CompressedRtf.decompress(stored)) == contents, "MELA contents not given back")
}

/// RTF bodies: any bytes give a content, the same one twice.
func fuzzRtfBody(_ data: [UInt8]) {
  let first = RtfBody.content(of: data)
  check(first == RtfBody.content(of: data), "the same RTF read two ways")
}
