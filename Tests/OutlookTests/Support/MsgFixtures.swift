@testable import Outlook

/// The small `.msg` files committed under `Fixtures/outlook/msg/`, built here so they can be
/// regenerated (`ZMIGRATE_WRITE_FIXTURES=1`) and checked byte for byte against the writer.
enum MsgFixtures {
  /// 2021-03-04T05:06:07Z, the delivery time of every fixture that has one.
  static let deliveryTime: Int64 = 1_614_834_367
  /// 2021-03-04T05:00:00Z, the submit time.
  static let submitTime: Int64 = 1_614_834_000
  /// 2020-01-02T03:04:05Z, the creation time of `no-dates.msg`.
  static let creationTime: Int64 = 1_577_934_245
  /// The X.500 address of the sender of `x500-sender.msg`.
  static let annX500 = "/O=EXAMPLE/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=ANN"
  /// The X.500 address of the recipient of `x500-sender.msg`.
  static let bobX500 = "/O=EXAMPLE/OU=FIRST ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=BOB"
  /// A 67-byte PNG: one transparent pixel.
  static let logoPNG: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
    0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
    0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
  ]
  /// The 40-byte text of `report.txt` in `attachment.msg`.
  static let reportText = Array("Quarterly report: all figures are fine.\n".utf8)
  /// The header block of `with-headers.msg`.
  static let headers = """
    Received: from mail.example.com (mail.example.com [192.0.2.1])\r
    \tby mx.example.com with ESMTP id abc123\r
    \tfor <bob@example.com>; Thu, 4 Mar 2021 05:06:07 +0000\r
    From: Ann Example <ann@example.com>\r
    To: Bob Example <bob@example.com>\r
    Subject: With headers\r
    Date: Thu, 4 Mar 2021 05:00:00 +0000\r
    Message-ID: <hdr@example.com>\r
    MIME-Version: 1.0\r
    Content-Type: multipart/alternative; boundary=x\r
    \r

    """

  /// The fixtures: file name and message.
  static var all: [(name: String, message: MapiMessage)] {
    [
      ("unread.msg", note("Unread") { $0.setInt32(.messageFlags, 0) }),
      (
        "draft.msg",
        note("Draft") {
          $0.setInt32(.messageFlags, 0x09)
          $0.remove(.deliveryTime)
        }
      ),
      ("flagged.msg", note("Flagged") { $0.setInt32(.flagStatus, 2) }),
      ("replied.msg", note("Replied") { $0.setInt32(.lastVerbExecuted, 102) }),
      ("forwarded.msg", note("Forwarded") { $0.setInt32(.lastVerbExecuted, 104) }),
      ("icon-replied.msg", note("Replied by icon") { $0.setInt32(.iconIndex, 261) }),
      (
        "categories.msg",
        note("Categories") {
          $0.set(
            .keywords, MapiType(rawValue: 0x101F),
            .multiple(["Blue Team", "Ünïcode"].map { MsgWriter.utf16($0) + [0, 0] }))
        }
      ),
      (
        "categories-ansi.msg",
        note("Categories in 8-bit") {
          $0.setInt32(.messageCodePage, 1252)
          $0.set(
            .keywords, MapiType(rawValue: 0x101E),
            .multiple([
              Array("Blue Team".utf8) + [0], [0xDC, 0x6E, 0xEF, 0x63, 0x6F, 0x64, 0x65, 0],
            ]))
        }
      ),
      ("high-importance.msg", note("High importance") { $0.setInt32(.importance, 2) }),
      ("low-importance.msg", note("Low importance") { $0.setInt32(.importance, 0) }),
      ("with-headers.msg", note("With headers") { $0.setUnicode(.transportHeaders, headers) }),
      (
        "html-body.msg",
        note("HTML body") {
          $0.setBinary(.html, Array("<html><body><p>Hello <b>HTML</b></p></body></html>".utf8))
        }
      ),
      ("attachment.msg", attachmentMessage()),
      ("embedded.msg", embeddedMessage()),
      (
        "no-dates.msg",
        note("No dates") {
          $0.remove(.deliveryTime)
          $0.remove(.clientSubmitTime)
          $0.setTime(.creationTime, unixSeconds: creationTime)
        }
      ),
      ("fai.msg", note("Associated item") { $0.setInt32(.messageFlags, 0x41) }),
      (
        "cp1251.msg",
        note("") {
          $0.setInt32(.messageCodePage, 1251)
          $0.remove(.subject)
          $0.setString8(.subject, [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2])
        }
      ),
      ("x500-sender.msg", x500Message()),
    ]
  }

  /// The common IPM.Note: `subject`, a body, Ann as sender, Bob as the To recipient, delivered
  /// and submitted on 2021-03-04, read; then `change` applied to its properties.
  static func note(_ subject: String, _ change: (inout MapiPropertyBag) -> Void = { _ in })
    -> MapiMessage
  {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Note")
    bag.setUnicode(.subject, subject)
    bag.setUnicode(.body, "This is the \(subject.isEmpty ? "code page" : subject) message.\r\n")
    bag.setUnicode(.senderName, "Ann Example")
    bag.setUnicode(.senderEmailAddress, "ann@example.com")
    bag.setUnicode(.senderAddressType, "SMTP")
    bag.setUnicode(.displayTo, "Bob Example")
    bag.setTime(.deliveryTime, unixSeconds: deliveryTime)
    bag.setTime(.clientSubmitTime, unixSeconds: submitTime)
    bag.setInt32(.messageFlags, 1)
    change(&bag)
    return MapiMessage(properties: bag, recipients: [bob()])
  }

  /// Bob as a To recipient with an SMTP address.
  static func bob() -> MapiPropertyBag {
    var recipient = MapiPropertyBag()
    recipient.setInt32(.recipientType, 1)
    recipient.setUnicode(.displayName, "Bob Example")
    recipient.setUnicode(.addressType, "SMTP")
    recipient.setUnicode(.emailAddress, "bob@example.com")
    return recipient
  }

  /// `attachment.msg`: a text file by value and an inline PNG the HTML body shows by content id.
  static func attachmentMessage() -> MapiMessage {
    var message = note("Attachments") {
      $0.setBinary(
        .html, Array(#"<html><body><p>See <img src="cid:logo@example"></p></body></html>"#.utf8))
    }
    var report = MapiPropertyBag()
    report.setInt32(.attachMethod, 1)
    report.setUnicode(.attachLongFilename, "report.txt")
    report.setUnicode(.attachFilename, "report.txt")
    report.setUnicode(.attachExtension, ".txt")
    report.setUnicode(.displayName, "report.txt")
    report.setUnicode(.attachMimeTag, "text/plain")
    report.setBinary(.attachData, reportText)
    var logo = MapiPropertyBag()
    logo.setInt32(.attachMethod, 1)
    logo.setUnicode(.attachLongFilename, "logo.png")
    logo.setUnicode(.attachFilename, "logo.png")
    logo.setUnicode(.attachExtension, ".png")
    logo.setUnicode(.displayName, "logo.png")
    logo.setUnicode(.attachMimeTag, "image/png")
    logo.setUnicode(.attachContentID, "logo@example")
    logo.setInt32(.attachFlags, 4)
    logo.setBool(.attachmentHidden, true)
    logo.setBinary(.attachData, logoPNG)
    message.attachments = [MapiAttachment(properties: report), MapiAttachment(properties: logo)]
    return message
  }

  /// `embedded.msg`: one attachment holding an IPM.Note with its own subject and body.
  static func embeddedMessage() -> MapiMessage {
    var message = note("Embedded")
    var inner = MapiPropertyBag()
    inner.setUnicode(.messageClass, "IPM.Note")
    inner.setUnicode(.subject, "Inner message")
    inner.setUnicode(.body, "This is the inner message.\r\n")
    var holder = MapiPropertyBag()
    holder.setInt32(.attachMethod, 5)
    holder.setUnicode(.displayName, "Inner message")
    holder.set(.attachData, .object, .single([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]))
    message.attachments = [
      MapiAttachment(properties: holder, embeddedMessage: MapiMessage(properties: inner))
    ]
    return message
  }

  /// `x500-sender.msg`: an Exchange sender with an SMTP address beside, an Exchange recipient
  /// without one.
  static func x500Message() -> MapiMessage {
    var message = note("Exchange sender") {
      $0.setUnicode(.senderAddressType, "EX")
      $0.setUnicode(.senderEmailAddress, annX500)
      $0.setUnicode(.senderSMTPAddress, "ann@example.com")
    }
    var recipient = MapiPropertyBag()
    recipient.setInt32(.recipientType, 1)
    recipient.setUnicode(.displayName, "Bob Example")
    recipient.setUnicode(.addressType, "EX")
    recipient.setUnicode(.emailAddress, bobX500)
    message.recipients = [recipient]
    return message
  }
}

extension MapiPropertyBag {
  /// Removes the property called `name` (rebuilding the bag without it).
  mutating func remove(_ name: MapiPropertyName) {
    var rebuilt = MapiPropertyBag(fallbackCodePage: fallbackCodePage)
    for property in properties.values where property.name != name { rebuilt.set(property) }
    self = rebuilt
  }
}
