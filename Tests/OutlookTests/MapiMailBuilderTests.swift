import Foundation
import MailModel
import TestSupport
import Testing

@testable import Outlook

/// Builds MAPI messages by hand for the builder's tests.
enum MapiSample {
  /// UTF-16LE bytes of `text` with a terminator, as a PtypString is stored.
  static func unicode(_ text: String) -> MapiValue {
    .single(Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0, 0])
  }

  /// A little-endian integer of `size` bytes.
  static func integer(_ value: Int64, size: Int) -> MapiValue {
    .single((0..<size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
  }

  /// A FILETIME for Unix seconds.
  static func time(_ seconds: Int64) -> MapiValue {
    integer((seconds + 11_644_473_600) * 10_000_000, size: 8)
  }

  /// A bag of string, integer and time properties.
  static func bag(
    strings: [MapiPropertyName: String] = [:], integers: [MapiPropertyName: Int64] = [:],
    times: [MapiPropertyName: Int64] = [:], binaries: [MapiPropertyName: [UInt8]] = [:]
  ) -> MapiPropertyBag {
    var bag = MapiPropertyBag()
    for (name, text) in strings { bag.set(name, .unicode, unicode(text)) }
    for (name, value) in integers { bag.set(name, .int32, integer(value, size: 4)) }
    for (name, value) in times { bag.set(name, .time, time(value)) }
    for (name, bytes) in binaries { bag.set(name, .binary, .single(bytes)) }
    return bag
  }

  /// A plain message from Ann to Bob, read, delivered at `delivered`.
  static func plain(subject: String = "Quarterly report", delivered: Int64 = 1_614_834_367)
    -> MapiMessage
  {
    MapiMessage(
      properties: bag(
        strings: [
          .subject: subject, .body: "Hello Bob,\r\nthe report is attached.\r\n",
          .senderName: "Ann Example", .senderEmailAddress: "ann@example.com",
          .senderAddressType: "SMTP", .internetMessageID: "<q1@example.com>",
        ],
        integers: [.messageFlags: 1],
        times: [.deliveryTime: delivered, .clientSubmitTime: delivered - 367]),
      recipients: [
        bag(
          strings: [
            .displayName: "Bob Example", .emailAddress: "bob@example.com", .addressType: "SMTP",
          ],
          integers: [.recipientType: 1]),
        bag(
          strings: [.displayName: "Carol", .smtpAddress: "carol@example.com"],
          integers: [.recipientType: 2]),
      ])
  }
}

/// Parses a message with Python's `email` package and prints what the tests compare, as JSON.
let pythonParse = """
  import email, email.policy, json, sys
  msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
  parts = []
  for part in msg.walk():
      entry = {'type': part.get_content_type(), 'filename': part.get_filename(), 'cid': part.get('Content-ID')}
      if not part.is_multipart() and part.get_content_type() != 'message/rfc822':
          payload = part.get_payload(decode=True)
          entry['size'] = len(payload)
          if part.get_content_maintype() == 'text':
              entry['text'] = payload.decode(part.get_content_charset() or 'ascii')
      parts.append(entry)
  print(json.dumps({'headers': {k: str(v) for k, v in msg.items()}, 'parts': parts,
                    'defects': [str(d) for p in msg.walk() for d in p.defects]}))
  """

/// What Python's parser saw in a message.
struct ParsedMessage: Decodable {
  /// One MIME part.
  struct Part: Decodable {
    var type: String
    var filename: String?
    var cid: String?
    var size: Int?
    var text: String?
  }
  var headers: [String: String]
  var parts: [Part]
  var defects: [String]
}

@Suite struct MapiMailBuilderTests {
  /// Writes `bytes` to a temporary file and parses it with Python.
  func parse(_ bytes: [UInt8]) throws -> ParsedMessage {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/m.eml"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return try Python.json(ParsedMessage.self, pythonParse, [path])
  }

  @Test(.enabled(if: Python.isPresent, "python3 absent"))
  func synthesizesHeadersFromProperties() throws {
    let built = MapiMailBuilder().build(MapiSample.plain(subject: "Grüße zum Quartal"))
    let parsed = try parse(built.bytes)
    #expect(parsed.defects.isEmpty)
    #expect(parsed.headers["From"] == "Ann Example <ann@example.com>")
    #expect(parsed.headers["To"] == "Bob Example <bob@example.com>")
    #expect(parsed.headers["Cc"] == "Carol <carol@example.com>")
    #expect(parsed.headers["Subject"] == "Grüße zum Quartal")
    #expect(parsed.headers["Message-ID"] == "<q1@example.com>")
    // The Date header is the submit time; the received date (delivery) goes to .meta.
    #expect(parsed.headers["Date"] == "Thu, 04 Mar 2021 05:00:00 +0000")
    #expect(parsed.parts.map(\.type) == ["text/plain"])
    #expect(parsed.parts.first?.text == "Hello Bob,\r\nthe report is attached.\r\n")
    #expect(built.notes.isEmpty)
    #expect(
      !built.bytes.contains(0x0A)
        || !zip(built.bytes, built.bytes.dropFirst()).contains { $0.1 == 0x0A && $0.0 != 0x0D })
  }

  @Test func sameItemSameBytes() {
    var message = MapiSample.plain()
    message.attachments = [
      MapiAttachment(
        properties: MapiSample.bag(
          strings: [.attachLongFilename: "report.txt"], integers: [.attachMethod: 1],
          binaries: [.attachData: Array("numbers\r\n".utf8)]))
    ]
    let first = MapiMailBuilder().build(message).bytes
    #expect(first == MapiMailBuilder().build(message).bytes)
    message.attachments[0].properties.set(.attachData, .binary, .single(Array("other\r\n".utf8)))
    #expect(first != MapiMailBuilder().build(message).bytes)
  }

  @Test(.enabled(if: Python.isPresent, "python3 absent"))
  func keepsTransportHeadersButReplacesTheirMimeFields() throws {
    var message = MapiSample.plain()
    message.properties.set(
      .transportHeaders, .unicode,
      MapiSample.unicode(
        "Microsoft Mail Internet Headers Version 2.0\r\nReceived: from mx.example.com by mail.example.com;\r\n\tThu, 4 Mar 2021 05:06:07 +0000\r\nFrom: \"Ann\" <ann@origin.example>\r\nSubject: Original subject\r\nDate: Thu, 4 Mar 2021 05:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"x\"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
      ))
    let parsed = try parse(MapiMailBuilder().build(message).bytes)
    #expect(parsed.defects.isEmpty)
    #expect(parsed.headers["Received"]?.hasPrefix("from mx.example.com") == true)
    #expect(parsed.headers["From"] == "Ann <ann@origin.example>")
    #expect(parsed.headers["Subject"] == "Original subject")
    #expect(parsed.headers["Content-Type"]?.hasPrefix("text/plain") == true)
    #expect(parsed.headers["To"] == nil)  // not in the original headers, not invented
    #expect(parsed.headers.keys.filter { $0.hasPrefix("Microsoft") }.isEmpty)
  }

  @Test(.enabled(if: Python.isPresent, "python3 absent"))
  func attachmentsInlineImagesAndEmbeddedMessages() throws {
    var message = MapiSample.plain()
    message.properties.set(
      .html, .binary,
      .single(Array("<html><body><p>Hi <img src=\"cid:logo@example\"></p></body></html>".utf8)))
    let png: [UInt8] =
      [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 59)
    message.attachments = [
      MapiAttachment(
        properties: MapiSample.bag(
          strings: [.attachLongFilename: "Übersicht 2021.pdf", .attachMimeTag: "application/pdf"],
          integers: [.attachMethod: 1], binaries: [.attachData: Array(repeating: 0x25, count: 300)])
      ),
      MapiAttachment(
        properties: MapiSample.bag(
          strings: [.attachLongFilename: "logo.png", .attachContentID: "<logo@example>"],
          integers: [.attachMethod: 1], binaries: [.attachData: png])),
      MapiAttachment(
        properties: MapiSample.bag(strings: [.displayName: "Inner"], integers: [.attachMethod: 5]),
        embeddedMessage: MapiSample.plain(subject: "Inner message")),
    ]
    let built = MapiMailBuilder().build(message)
    let parsed = try parse(built.bytes)
    #expect(parsed.defects.isEmpty)
    #expect(
      parsed.parts.map(\.type) == [
        "multipart/mixed", "multipart/alternative", "text/plain", "multipart/related", "text/html",
        "image/png", "application/pdf", "message/rfc822", "text/plain",
      ])
    let image = try #require(parsed.parts.first { $0.type == "image/png" })
    #expect(image.cid == "<logo@example>")
    #expect(image.size == png.count)
    let pdf = try #require(parsed.parts.first { $0.type == "application/pdf" })
    #expect(pdf.filename == "Übersicht 2021.pdf")
    #expect(pdf.size == 300)
    #expect(String(decoding: built.bytes, as: UTF8.self).contains("Subject: Inner message"))
  }

  @Test(.enabled(if: Python.isPresent, "python3 absent"))
  func exchangeOnlyAddressesBecomeNamedGroupsWithANote() throws {
    var message = MapiSample.plain()
    message.properties = MapiSample.bag(
      strings: [
        .subject: "x", .senderName: "Ann", .senderAddressType: "EX",
        .senderEmailAddress: "/O=EXAMPLE/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=ANN",
        .senderSMTPAddress: "ann@example.com",
      ])
    message.recipients = [
      MapiSample.bag(
        strings: [
          .displayName: "Dan Doe", .addressType: "EX",
          .emailAddress: "/O=EXAMPLE/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=DAN",
        ], integers: [.recipientType: 1]),
      MapiSample.bag(
        strings: [
          .displayName: "Eve", .addressType: "EX",
          .emailAddress: "/O=EXAMPLE/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=EVE",
        ], integers: [.recipientType: 1]),
    ]
    let builder = MapiMailBuilder(exchangeAddresses: [
      "/O=EXAMPLE/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=EVE": "eve@example.com"
    ])
    let built = builder.build(message)
    let parsed = try parse(built.bytes)
    #expect(parsed.headers["From"] == "Ann <ann@example.com>")
    // Python prints an empty group without the space.
    #expect(parsed.headers["To"] == "Dan Doe:;, Eve <eve@example.com>")
    #expect(built.notes.count == 1)
    #expect(built.notes.first?.contains("Dan Doe") == true)
  }

  @Test func importanceBecomesPriorityHeaders() {
    var message = MapiSample.plain()
    message.properties.set(.importance, .int32, MapiSample.integer(2, size: 4))
    let text = String(decoding: MapiMailBuilder().build(message).bytes, as: UTF8.self)
    #expect(text.contains("\r\nImportance: high\r\n"))
    #expect(text.contains("\r\nX-Priority: 1 (Highest)\r\n"))
  }

  @Test func signedItemsPassThroughTheirOriginalEntity() {
    var message = MapiSample.plain()
    message.properties.set(
      .messageClass, .unicode, MapiSample.unicode("IPM.Note.SMIME.MultipartSigned"))
    let entity = Array(
      "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=\"s\"\r\n\r\n--s\r\nContent-Type: text/plain\r\n\r\nsigned text\r\n--s\r\nContent-Type: application/pkcs7-signature\r\n\r\nAAAA\r\n--s--\r\n"
        .utf8)
    message.attachments = [
      MapiAttachment(
        properties: MapiSample.bag(
          strings: [.attachMimeTag: "multipart/signed"], integers: [.attachMethod: 1],
          binaries: [.attachData: entity]))
    ]
    let bytes = MapiMailBuilder().build(message).bytes
    #expect(Array(bytes.suffix(entity.count)) == entity)
    #expect(
      String(decoding: bytes, as: UTF8.self).contains(
        "MIME-Version: 1.0\r\nContent-Type: multipart/signed"))
  }
}

@Suite struct MapiMailMappingTests {
  /// A message with these integer properties.
  func message(_ integers: [MapiPropertyName: Int64], itemClass: String? = nil) -> MapiMessage {
    var bag = MapiSample.bag(integers: integers)
    if let itemClass { bag.set(.messageClass, .unicode, MapiSample.unicode(itemClass)) }
    return MapiMessage(properties: bag)
  }

  @Test func flagsFollowTheMappingTable() {
    #expect(MapiMailMapping.flags(of: message([.messageFlags: 1])) == [.seen])
    #expect(MapiMailMapping.flags(of: message([.messageFlags: 0])) == [])
    #expect(MapiMailMapping.flags(of: message([.messageFlags: 9])) == [.seen, .draft])
    #expect(MapiMailMapping.flags(of: message([.flagStatus: 2])) == [.flagged])
    #expect(MapiMailMapping.flags(of: message([.flagStatus: 1])) == [])
    #expect(MapiMailMapping.flags(of: message([.lastVerbExecuted: 102])) == [.answered])
    #expect(MapiMailMapping.flags(of: message([.lastVerbExecuted: 103])) == [.answered])
    #expect(MapiMailMapping.flags(of: message([.lastVerbExecuted: 104])) == [.forwarded])
    #expect(MapiMailMapping.flags(of: message([.iconIndex: 261])) == [.answered])
    #expect(MapiMailMapping.flags(of: message([.iconIndex: 262])) == [.forwarded])
    // A recorded verb wins over the icon (hughbe-FlaggedMessage.msg: verb 1, icon 261).
    #expect(MapiMailMapping.flags(of: message([.lastVerbExecuted: 1, .iconIndex: 261])) == [])
  }

  @Test func kindsAndHiddenItems() {
    #expect(MapiMailMapping.kind(of: message([:])) == .mail)
    #expect(MapiMailMapping.kind(of: message([:], itemClass: "IPM.Note.SMIME")) == .mail)
    #expect(
      MapiMailMapping.kind(of: message([:], itemClass: "IPM.Schedule.Meeting.Request")) == .mail)
    #expect(MapiMailMapping.kind(of: message([:], itemClass: "IPM.Contact")) == .contact)
    #expect(MapiMailMapping.kind(of: message([:], itemClass: "ipm.distlist")) == .distributionList)
    #expect(MapiMailMapping.kind(of: message([:], itemClass: "IPM.Appointment")) == .appointment)
    #expect(MapiMailMapping.kind(of: message([:], itemClass: "IPM.Task")) == .task)
    #expect(MapiMailMapping.kind(of: message([:], itemClass: "IPM.TaskRequest")) == .mail)
    if case .hidden = MapiMailMapping.kind(of: message([.messageFlags: 0x41])) {
    } else {
      Issue.record("an FAI item must be hidden")
    }
    if case .hidden = MapiMailMapping.kind(
      of: message([:], itemClass: "IPM.Microsoft.FolderDesign.NamedView"))
    {
    } else {
      Issue.record("IPM.Microsoft.* must be hidden")
    }
  }

  @Test func receivedDateOrder() {
    let all = MapiMessage(
      properties: MapiSample.bag(times: [
        .deliveryTime: 300, .clientSubmitTime: 200, .creationTime: 100,
      ]))
    #expect(MapiMailMapping.receivedDate(of: all)?.seconds == 300)
    #expect(MapiMailMapping.receivedDate(of: all)?.source == .deliveryTime)
    let submitted = MapiMessage(
      properties: MapiSample.bag(times: [.clientSubmitTime: 200, .creationTime: 100]))
    #expect(MapiMailMapping.receivedDate(of: submitted)?.source == .submitTime)
    let created = MapiMessage(properties: MapiSample.bag(times: [.creationTime: 100]))
    #expect(MapiMailMapping.receivedDate(of: created)?.seconds == 100)
    #expect(MapiMailMapping.receivedDate(of: MapiMessage(properties: MapiPropertyBag())) == nil)
  }
}

/// Inputs fuzzing found (Fuzz/corpus/): each once broke an invariant.
@Suite struct OutlookFuzzFindingsTests {
  @Test func aLineBreakInAnAddressCannotEndTheHeaderSection() {
    var message = MapiMessage(properties: MapiPropertyBag())
    message.properties.set(.senderEmailAddress, .unicode, MapiSample.unicode(":)@\u{1}0\nA"))
    let bytes = MapiMailBuilder().build(message).bytes
    let fields = HeaderSection.fields(of: bytes).map { $0.name }
    #expect(fields == ["From", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"])
    #expect(HeaderSection.value(of: "From", in: bytes) == "<:)@ 0 A>")
  }

  @Test func aHeaderClaimingMillionsOfSectorsIsRefusedAtOnce() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    var header = [UInt8](repeating: 0, count: 1089)
    header.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    header[0x1E] = 9
    header[0x2C] = 1
    header.replaceSubrange(0x48..<0x4C, with: [0x00, 0x00, 0x3E, 0x00])  // 4,063,232 DIFAT sectors
    let path = directory.path + "/hang.msg"
    try Data(header).write(to: URL(fileURLWithPath: path))
    do {
      _ = try MsgFile.read(path: path)
      Issue.record("a header claiming 4 million DIFAT sectors was read")
    } catch let error as OutlookError {
      #expect(error.location.offset == 0x48)
      #expect(error.message.contains("4063232 DIFAT sectors in a 1089-byte file"))
    }
  }
}

@Suite struct ExchangeAddressBookTests {
  @Test func learnsTheSMTPFormsAFileHoldsForExchangeAddresses() {
    let dan = "/O=EXAMPLE/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=DAN"
    var seen = MapiSample.plain()
    seen.properties = MapiSample.bag(
      strings: [
        .senderAddressType: "EX", .senderEmailAddress: "/o=Example/cn=Ann",
        .senderSMTPAddress: "ann@example.com",
      ])
    seen.recipients = [
      MapiSample.bag(
        strings: [.addressType: "EX", .emailAddress: dan, .smtpAddress: "dan@example.com"]),
      MapiSample.bag(strings: [.addressType: "SMTP", .emailAddress: "x@example.com"]),
      MapiSample.bag(strings: [.addressType: "EX", .emailAddress: "/o=Example/cn=Nobody"]),
    ]
    var book = ExchangeAddressBook()
    book.learn(from: seen)
    #expect(
      book.smtpByX500 == ["/O=EXAMPLE/CN=ANN": "ann@example.com", dan: "dan@example.com"])
    // Another item names Dan by his X.500 address alone: he gets the SMTP form, no note.
    var later = MapiSample.plain()
    later.recipients = [
      MapiSample.bag(
        strings: [.displayName: "Dan Doe", .addressType: "EX", .emailAddress: dan.lowercased()],
        integers: [.recipientType: 1])
    ]
    let built = MapiMailBuilder(exchangeAddresses: book.smtpByX500).build(later)
    #expect(HeaderSection.value(of: "To", in: built.bytes) == "Dan Doe <dan@example.com>")
    #expect(built.notes.isEmpty)
  }
}

extension OutlookFuzzFindingsTests {
  /// `Fixtures/outlook/bad/stream-size-2gb.msg`: a 5.6 KB `.msg` whose directory gives the body
  /// stream 2,130,706,433 bytes; it was allocated before libolecf read it.
  @Test func aStreamClaimingMoreThanTheFileIsRefusedBeforeItIsAllocated() throws {
    let path = Fixture.path("outlook/bad/stream-size-2gb.msg")
    do {
      _ = try MsgFile.read(path: path)
      Issue.record("a stream claiming 2 GB in a 5.6 KB file was read")
    } catch let error as OutlookError {
      #expect(
        error.message
          == "stream __substg1.0_1000001F claims 2130706433 bytes, more than the file can hold")
      #expect(error.location.file == path)
    }
  }
}
