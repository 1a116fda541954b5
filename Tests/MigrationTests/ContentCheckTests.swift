import MailModel
import Testing

@testable import Migration

/// verify's content comparison for rebuilt Outlook messages: each kind of loss is found.
@Suite struct ContentCheckTests {
  /// A message with a text part, an attachment and an embedded message.
  static let message = Array(
    """
    Subject: =?utf-8?B?R3LDvMOfZQ==?= again
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="b"

    --b
    Content-Type: text/plain; charset="utf-8"

    Hello
    there  
    --b
    Content-Type: application/octet-stream
    Content-Transfer-Encoding: base64

    AAEC
    --b
    Content-Type: message/rfc822

    Subject: inner
    Content-Type: application/octet-stream
    Content-Transfer-Encoding: base64

    AwQF
    --b--

    """.replacingOccurrences(of: "\n", with: "\r\n").utf8)

  /// What the message carries.
  static let carried = ExpectedContent(
    subject: "Grüße again", text: "Hello\r\nthere\r\n",
    attachmentDigests: [SHA256.hash([0, 1, 2]).hex], embeddedMessages: 1)

  @Test func aFaithfulMessageHasNoDifference() {
    #expect(ContentCheck.differences(Self.carried, in: Self.message).isEmpty)
  }

  @Test func eachLossIsFound() {
    var other = Self.carried
    other.subject = "Grüße"
    #expect(ContentCheck.differences(other, in: Self.message).count == 1)
    other = Self.carried
    other.text = "Hello"
    #expect(
      ContentCheck.differences(other, in: Self.message) == [
        "no text/plain part holds the item's text body"
      ])
    other = Self.carried
    // The embedded message's attachment is not the message's own.
    other.attachmentDigests.append(SHA256.hash([3, 4, 5]).hex)
    #expect(
      ContentCheck.differences(other, in: Self.message) == [
        "attachment 2 of the item is not in the message"
      ])
    other = Self.carried
    other.attachmentDigests.append(SHA256.hash([0, 1, 2]).hex)  // two copies, one part
    #expect(ContentCheck.differences(other, in: Self.message).count == 1)
    other = Self.carried
    other.embeddedMessages = 2
    #expect(ContentCheck.differences(other, in: Self.message).count == 1)
  }
}
