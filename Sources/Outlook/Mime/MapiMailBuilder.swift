import Foundation
import MailModel

/// An Outlook message rebuilt as RFC 822, with what could not be carried over.
public struct BuiltMail: Sendable {
  /// The message bytes (CRLF line ends).
  public var bytes: [UInt8]
  /// What was lost or approximated (an Exchange-only address, an unreadable RTF body, an
  /// attachment by reference), one sentence each, for the report.
  public var notes: [String]
  /// What the bytes carry of the item, for `verify`'s content comparison.
  public var expected: ExpectedContent
}

/// Turns a `MapiMessage` into an RFC 822 message: the original transport headers where the item
/// has them (their MIME fields replaced), otherwise headers made from its properties; the text,
/// HTML and RTF bodies; attachments, inline images and embedded messages. The same item always
/// gives the same bytes.
public struct MapiMailBuilder: Sendable {
  /// Exchange (X.500) addresses known to the file with their SMTP form, upper-cased DN → SMTP.
  public var exchangeAddresses: [String: String]

  /// A builder that maps Exchange addresses through `exchangeAddresses`.
  public init(exchangeAddresses: [String: String] = [:]) {
    self.exchangeAddresses = exchangeAddresses
  }

  /// Embedded messages deeper than this are written as a note, not recursed into.
  static let maximumDepth = 16

  /// Header fields of the transport headers that describe the old MIME structure; they are
  /// replaced by the rebuilt message's own.
  static let mimeFields: Set<String> = [
    "content-type", "content-transfer-encoding", "mime-version", "content-disposition",
    "content-id", "content-description", "content-length", "content-location",
  ]

  /// `message` as RFC 822 bytes.
  public func build(_ message: MapiMessage) -> BuiltMail {
    var notes: [String] = []
    var bodies: MapiBodies?
    let bytes = build(message, depth: 0, notes: &notes, bodies: &bodies)
    let bag = message.properties
    let synthesized = Self.transportFields(bag.string(.transportHeaders) ?? "").isEmpty
    var expected = ExpectedContent(
      subject: synthesized ? bag.string(.subject).map(HeaderText.singleLine) : nil)
    if let bodies {
      expected.text = bodies.text
      for attachment in message.attachments {
        if attachment.embeddedMessage != nil {
          expected.embeddedMessages += 1
        } else if let data = attachment.properties.binary(.attachData) {
          expected.attachmentDigests.append(SHA256.hash(data).hex)
        }
      }
    }
    return BuiltMail(bytes: bytes, notes: notes, expected: expected)
  }

  /// The message at `depth` (0 at the top), notes collected in `notes`; `bodies` gets the
  /// bodies chosen (nil for a signed or encrypted item passed through).
  func build(
    _ message: MapiMessage, depth: Int, notes: inout [String], bodies: inout MapiBodies?
  ) -> [UInt8] {
    let headers = headerFields(message, notes: &notes)
    if let signed = smime(message, headers: headers) { return signed }
    let chosen = MapiBodies(message, notes: &notes)
    bodies = chosen
    let entity = body(message, bodies: chosen, depth: depth, notes: &notes)
    return entity.serialized(prefix: headers + ["MIME-Version: 1.0"])
  }

  // MARK: - Headers

  /// The transport headers without their MIME fields, or synthesized ones.
  func headerFields(_ message: MapiMessage, notes: inout [String]) -> [String] {
    let bag = message.properties
    if let transport = bag.string(.transportHeaders), !transport.isEmpty {
      let kept = Self.transportFields(transport)
      if !kept.isEmpty {
        var fields = kept
        let names = Set(kept.compactMap { Self.fieldName($0)?.lowercased() })
        if !names.contains("importance") && !names.contains("x-priority") {
          fields += importanceFields(bag)
        }
        return fields
      }
    }
    return synthesizedFields(message, notes: &notes)
  }

  /// The fields of a transport header block that are not MIME fields, line ends made CRLF;
  /// lines that are not fields (Exchange's "Microsoft Mail Internet Headers Version 2.0") are
  /// dropped.
  static func transportFields(_ text: String) -> [String] {
    var fields: [String] = []
    var current: String?
    let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n")
    for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.isEmpty {
        if current != nil { break }  // the end of the header block
        continue
      }
      if line.first == " " || line.first == "\t" {
        current = current.map { $0 + "\r\n" + line }
        continue
      }
      if let field = current { fields.append(field) }
      current = fieldName(String(line)) != nil ? String(line) : nil
    }
    if let field = current { fields.append(field) }
    return fields.filter { field in
      guard let name = fieldName(field) else { return false }
      return !mimeFields.contains(name.lowercased())
    }
  }

  /// The name of a header field line, nil when it is not one.
  static func fieldName(_ line: String) -> String? {
    guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return nil }
    let name = line[..<colon]
    guard name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
      return nil
    }
    return String(name)
  }

  /// Headers made from the item's properties.
  func synthesizedFields(_ message: MapiMessage, notes: inout [String]) -> [String] {
    let bag = message.properties
    var fields: [String] = []
    if let date = bag.time(.clientSubmitTime) ?? bag.time(.deliveryTime)
      ?? bag.time(.creationTime)
    {
      fields.append("Date: " + MailDate.rfc5322(date))
    }
    // The author is the sent-representing address; the sender is named apart only when it
    // differs. Where one of the two has no usable address, the other is taken for From.
    let author = sender(bag, representing: true)
    let actual = sender(bag, representing: false)
    let from = [author, actual].compactMap { $0 }.max { $0.rank < $1.rank }
    if let from {
      fields.append(HeaderText.list("From", [from.text]))
      if let note = from.note { notes.append(note) }
    }
    if let author, let actual, author.note == nil, actual.note == nil, author.text != actual.text {
      fields.append(HeaderText.list("Sender", [actual.text]))
    }
    for (type, name) in [(1, "To"), (2, "Cc"), (3, "Bcc")] {
      let rows = message.recipients.filter { ($0.integer(.recipientType) ?? 1) == Int64(type) }
      let addresses = rows.compactMap { row -> String? in
        guard let address = recipient(row) else { return nil }
        if let note = address.note { notes.append(note) }
        return address.text
      }
      if !addresses.isEmpty { fields.append(HeaderText.list(name, addresses)) }
    }
    if let subject = bag.string(.subject), !subject.isEmpty {
      fields.append(HeaderText.unstructured("Subject", subject))
    }
    for (property, name) in [
      (MapiPropertyName.internetMessageID, "Message-ID"), (.inReplyTo, "In-Reply-To"),
      (.internetReferences, "References"),
    ] {
      if let value = bag.string(property), !value.isEmpty {
        fields.append(HeaderText.fold(name + ": " + HeaderText.singleLine(value)))
      }
    }
    fields += importanceFields(bag)
    return fields
  }

  /// `Importance` and `X-Priority` for a high or low PR_IMPORTANCE (Zimbra's priority flags).
  func importanceFields(_ bag: MapiPropertyBag) -> [String] {
    switch bag.integer(.importance) {
    case 2: ["Importance: high", "X-Priority: 1 (Highest)"]
    case 0: ["Importance: low", "X-Priority: 5 (Lowest)"]
    default: []
    }
  }

  /// An address as header text, with a note when it lost its address.
  struct Address {
    /// A mailbox (`Name <a@b>`) or an empty group (`Name: ;`).
    var text: String
    /// Why there is no address, for the report; nil for a mailbox.
    var note: String?
    /// How much of the address is known: 2 a mailbox, 1 an address that is not SMTP, 0 a name.
    var rank = 2
  }

  /// The author (PR_SENT_REPRESENTING_*) or the sender (PR_SENDER_*).
  func sender(_ bag: MapiPropertyBag, representing: Bool) -> Address? {
    address(
      name: bag.string(representing ? .sentRepresentingName : .senderName),
      type: bag.string(representing ? .sentRepresentingAddressType : .senderAddressType),
      email: bag.string(representing ? .sentRepresentingEmailAddress : .senderEmailAddress),
      smtp: bag.string(representing ? .sentRepresentingSMTPAddress : .senderSMTPAddress),
      role: "sender")
  }

  /// One recipient-table row.
  func recipient(_ bag: MapiPropertyBag) -> Address? {
    address(
      name: bag.string(.displayName), type: bag.string(.addressType),
      email: bag.string(.emailAddress), smtp: bag.string(.smtpAddress), role: "recipient")
  }

  /// A mailbox from the SMTP form of an address; an Exchange-only address without a known SMTP
  /// form becomes an empty group named by the display name, with a note.
  func address(name: String?, type: String?, email: String?, smtp: String?, role: String)
    -> Address?
  {
    let name = name.map(HeaderText.singleLine)?.trimmingCharacters(in: .whitespaces)
    if let smtp, smtp.contains("@") {
      return Address(text: HeaderText.mailbox(name: name, address: smtp))
    }
    if let email, !email.isEmpty {
      if email.contains("@") && (type ?? "SMTP").uppercased() != "EX" {
        return Address(text: HeaderText.mailbox(name: name, address: email))
      }
      if let mapped = exchangeAddresses[email.uppercased()] {
        return Address(text: HeaderText.mailbox(name: name, address: mapped))
      }
      let label = (name?.isEmpty ?? true) ? email : name ?? email
      return Address(
        text: HeaderText.phrase(label) + ": ;",
        note:
          "the \(role) \"\(label)\" has only an \(type ?? "Exchange") address (\(email)): kept as a name without an address",
        rank: 1)
    }
    guard let name, !name.isEmpty else { return nil }
    return Address(
      text: HeaderText.phrase(name) + ": ;",
      note: "the \(role) \"\(name)\" has no address: kept as a name without an address", rank: 0)
  }

  // MARK: - Body

  /// The MIME body: text, HTML (with its inline images) and native RTF as alternatives, then the
  /// attachments.
  func body(_ message: MapiMessage, bodies: MapiBodies, depth: Int, notes: inout [String])
    -> MimeEntity
  {
    var inline: [Int] = []
    var alternatives: [MimeEntity] = []
    if let text = bodies.text { alternatives.append(.text(text, subtype: "plain")) }
    if let html = bodies.html {
      var htmlPart = MimeEntity.textBytes(html.bytes, subtype: "html", charset: html.charset)
      let lowered = String(decoding: html.bytes, as: UTF8.self).lowercased()
      inline = message.attachments.indices.filter { index in
        guard let id = message.attachments[index].properties.string(.attachContentID),
          !id.isEmpty
        else { return false }
        return lowered.contains("cid:" + Self.bareContentID(id).lowercased())
      }
      if !inline.isEmpty {
        let images = inline.compactMap {
          attachment(message.attachments[$0], index: $0, inline: true, depth: depth, notes: &notes)
        }
        htmlPart = MimeEntity(content: .multipart("related", [htmlPart] + images))
      }
      alternatives.append(htmlPart)
    }
    if let rtf = bodies.nativeRtf {
      alternatives.append(.textBytes(rtf, subtype: "rtf", charset: "us-ascii"))
    }
    var main: MimeEntity
    switch alternatives.count {
    case 0: main = .text("", subtype: "plain")
    case 1: main = alternatives[0]
    default: main = MimeEntity(content: .multipart("alternative", alternatives))
    }
    let attached = message.attachments.indices.filter { !inline.contains($0) }.compactMap {
      attachment(message.attachments[$0], index: $0, inline: false, depth: depth, notes: &notes)
    }
    if !attached.isEmpty {
      main = MimeEntity(content: .multipart("mixed", [main] + attached))
    }
    return main
  }

  /// A content id without its angle brackets.
  static func bareContentID(_ id: String) -> String {
    var text = id.trimmingCharacters(in: .whitespaces)
    if text.hasPrefix("<") && text.hasSuffix(">") && text.count >= 2 {
      text = String(text.dropFirst().dropLast())
    }
    return text
  }

  /// One attachment as a MIME part, nil (with a note) when it holds nothing that can be written.
  func attachment(
    _ attachment: MapiAttachment, index: Int, inline: Bool, depth: Int, notes: inout [String]
  ) -> MimeEntity? {
    let bag = attachment.properties
    let name =
      [bag.string(.attachLongFilename), bag.string(.attachFilename), bag.string(.displayName)]
      .compactMap { $0 }.first { !$0.isEmpty }
    let label = name.map { "\"\($0)\"" } ?? "#\(index + 1)"
    if let embedded = attachment.embeddedMessage {
      guard depth + 1 < Self.maximumDepth else {
        notes.append("attachment \(label): an embedded message nested too deep, not written")
        return nil
      }
      var inner: [String] = []
      var innerBodies: MapiBodies?
      let bytes = build(embedded, depth: depth + 1, notes: &inner, bodies: &innerBodies)
      notes += inner.map { "in attachment \(label): \($0)" }
      var fields = ["Content-Type: message/rfc822"]
      fields.append(
        "Content-Disposition: attachment"
          + (name.map { ";\r\n\t" + HeaderText.parameter("filename", $0 + ".eml") } ?? ""))
      fields.append(
        "Content-Transfer-Encoding: " + (bytes.contains { $0 >= 0x80 } ? "8bit" : "7bit"))
      return MimeEntity(fields: fields, content: .leaf(bytes))
    }
    guard let data = bag.binary(.attachData) else {
      switch attachment.method {
      case 2, 3, 4:
        notes.append(
          "attachment \(label) is a link to a file outside the mailbox (\(bag.string(.attachLongFilename) ?? bag.string(.displayName) ?? "no path")): not written"
        )
      case 0 where name == nil:
        break  // an empty placeholder record, no attachment
      default:
        notes.append("attachment \(label) holds no data: not written")
      }
      return nil
    }
    let type = Self.contentType(bag.string(.attachMimeTag), name: name)
    var fields = [
      "Content-Type: \(type)" + (name.map { ";\r\n\t" + HeaderText.parameter("name", $0) } ?? "")
    ]
    fields.append(
      "Content-Disposition: " + (inline ? "inline" : "attachment")
        + (name.map { ";\r\n\t" + HeaderText.parameter("filename", $0) } ?? ""))
    if let id = bag.string(.attachContentID), !id.isEmpty {
      fields.append("Content-ID: <\(HeaderText.singleLine(Self.bareContentID(id)))>")
    }
    return .binary(data, fields: fields)
  }

  /// The attachment's MIME type: its PR_ATTACH_MIME_TAG when it is a valid type, else one from
  /// the name's extension, else `application/octet-stream`.
  static func contentType(_ tag: String?, name: String?) -> String {
    if let tag = tag?.trimmingCharacters(in: .whitespaces).lowercased(),
      let slash = tag.firstIndex(of: "/"), slash != tag.startIndex,
      tag.index(after: slash) != tag.endIndex,
      tag.unicodeScalars.allSatisfy({
        CharacterSetting.atom($0) || $0 == "/" || $0 == "."
      })
    {
      return tag
    }
    let ext = name.flatMap {
      $0.split(separator: ".").count > 1 ? $0.split(separator: ".").last : nil
    }
    .map { $0.lowercased() }
    return ext.flatMap { MimeTypes.byExtension[$0] } ?? "application/octet-stream"
  }

  // MARK: - S/MIME

  /// A signed or encrypted item passed through as its original entity: for
  /// `IPM.Note.SMIME.MultipartSigned` the single attachment is the whole `multipart/signed`
  /// entity; for `IPM.Note.SMIME` it is the `application/pkcs7-mime` blob.
  func smime(_ message: MapiMessage, headers: [String]) -> [UInt8]? {
    let itemClass = message.messageClass.uppercased()
    guard itemClass.hasPrefix("IPM.NOTE.SMIME"), message.attachments.count == 1,
      let data = message.attachments[0].properties.binary(.attachData)
    else { return nil }
    if itemClass.hasPrefix("IPM.NOTE.SMIME.MULTIPARTSIGNED") {
      let start = Array(data.prefix(512))
      guard String(decoding: start, as: UTF8.self).lowercased().contains("content-type:") else {
        return nil
      }
      return MimeText.lines(headers + ["MIME-Version: 1.0"]) + data
    }
    let smimeType = Self.smimeType(message.properties.string(.transportHeaders))
    let entity = MimeEntity.binary(
      data,
      fields: [
        "Content-Type: application/pkcs7-mime; smime-type=\(smimeType);\r\n\tname=\"smime.p7m\"",
        "Content-Disposition: attachment; filename=\"smime.p7m\"",
      ])
    return entity.serialized(prefix: headers + ["MIME-Version: 1.0"])
  }

  /// The `smime-type` the original headers name, `enveloped-data` when they name none.
  static func smimeType(_ transport: String?) -> String {
    let lowered = (transport ?? "").lowercased()
    for type in ["signed-data", "enveloped-data", "compressed-data", "certs-only"]
    where lowered.contains("smime-type=" + type) || lowered.contains("smime-type=\"" + type) {
      return type
    }
    return "enveloped-data"
  }
}
