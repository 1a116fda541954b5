import MailModel
import Testing

@Suite struct HeaderSectionTests {
  /// RFC 5322 appendix A.1.1's message, with a folded `Subject:` (§2.2.3) added.
  static let message = Array(
    ("From: John Doe <jdoe@machine.example>\r\n"
      + "To: Mary Smith <mary@example.net>\r\n"
      + "Subject: Saying\r\n Hello\r\n\tagain\r\n"
      + "Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n"
      + "Message-ID: <1234@local.machine.example>\r\n"
      + "\r\n"
      + "This is a message just to say hello.\r\n"
      + "So, \"Hello\".\r\n").utf8)

  static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
  }

  @Test func fieldsAreListedInOrderWithTheirRanges() {
    let bytes = Self.message
    let fields = HeaderSection.fields(of: bytes)
    #expect(fields.map(\.name) == ["From", "To", "Subject", "Date", "Message-ID"])
    #expect(Self.text(bytes, fields[0].range) == "From: John Doe <jdoe@machine.example>\r\n")
    #expect(Self.text(bytes, fields[0].valueRange) == " John Doe <jdoe@machine.example>")
    // A folded field's range runs to the end of its last continuation line.
    #expect(Self.text(bytes, fields[2].range) == "Subject: Saying\r\n Hello\r\n\tagain\r\n")
    #expect(Self.text(bytes, fields[2].valueRange) == " Saying\r\n Hello\r\n\tagain")
    // The ranges tile the header section.
    #expect(fields.first?.range.lowerBound == 0)
    for (a, b) in zip(fields, fields.dropFirst()) {
      #expect(a.range.upperBound == b.range.lowerBound)
    }
    #expect(fields.last?.range.upperBound == HeaderSection.bounds(of: bytes).end)
  }

  @Test func valuesAreUnfoldedAndTrimmed() {
    let bytes = Self.message
    let fields = HeaderSection.fields(of: bytes)
    // Unfolding removes the CRLF of each fold and keeps the white space after it (§2.2.3).
    #expect(fields[2].value(in: bytes) == "Saying Hello\tagain")
    #expect(fields[3].value(in: bytes) == "Fri, 21 Nov 1997 09:55:06 -0600")
  }

  @Test func boundsOfTheSeparatorLine() {
    let crlf = Self.message
    let bounds = HeaderSection.bounds(of: crlf)
    #expect(bounds.end == 188 && bounds.bodyStart == 190)
    #expect(Self.text(crlf, bounds.end..<bounds.bodyStart) == "\r\n")
    #expect(Self.text(crlf, bounds.bodyStart..<crlf.count).hasPrefix("This is a message"))

    let lf = Array("A: 1\nB: 2\n\nbody\n".utf8)
    #expect(HeaderSection.bounds(of: lf) == (end: 10, bodyStart: 11))
  }

  @Test func headerSectionsWithoutASeparator() {
    // Only header lines: the section is the whole message.
    let headersOnly = Array("A: 1\r\nB: 2".utf8)
    #expect(HeaderSection.bounds(of: headersOnly) == (end: 10, bodyStart: 10))
    #expect(HeaderSection.fields(of: headersOnly).map { $0.value(in: headersOnly) } == ["1", "2"])
    // A line that is no field ends the section, and the body starts right there.
    let noBlank = Array("A: 1\nnot a field\nB: 2\n".utf8)
    #expect(HeaderSection.bounds(of: noBlank) == (end: 5, bodyStart: 5))
    #expect(HeaderSection.fields(of: noBlank).map(\.name) == ["A"])
    // A message that begins with a continuation line has no header section.
    let indented = Array(" A: 1\nB: 2\n\nbody\n".utf8)
    #expect(HeaderSection.bounds(of: indented) == (end: 0, bodyStart: 0))
    #expect(HeaderSection.fields(of: indented).isEmpty)
    // An empty header section: the message starts with the blank line.
    #expect(HeaderSection.bounds(of: Array("\r\nbody".utf8)) == (end: 0, bodyStart: 2))
    #expect(HeaderSection.bounds(of: []) == (end: 0, bodyStart: 0))
  }

  @Test func valueLookupIsCaseInsensitiveAndTakesTheFirstField() {
    let bytes = Array("Received: one\nreceived: two\nX-Empty:\n\nSubject: in the body\n".utf8)
    #expect(HeaderSection.value(of: "RECEIVED", in: bytes) == "one")
    #expect(HeaderSection.value(of: "x-empty", in: bytes) == "")
    #expect(HeaderSection.value(of: "Subject", in: bytes) == nil)
    #expect(HeaderSection.value(of: "Date", in: Self.message) == "Fri, 21 Nov 1997 09:55:06 -0600")
  }

  @Test func valuesDecodeAsUTF8ElseLatin1() {
    let utf8 = Array("Subject: Gr\u{FC}\u{DF}e\n\n".utf8)
    #expect(HeaderSection.value(of: "Subject", in: utf8) == "Gr\u{FC}\u{DF}e")
    // 0xFC 0xDF is not UTF-8: each byte is read as its Latin-1 character.
    let latin1 = Array("Subject: Gr".utf8) + [0xFC, 0xDF] + Array("e\n\n".utf8)
    #expect(HeaderSection.value(of: "Subject", in: latin1) == "Gr\u{FC}\u{DF}e")
  }

  @Test func removeTakesOutEveryNamedFieldInPlace() {
    var bytes = Self.message
    let removed = HeaderSection.remove(["subject", "message-id"], from: &bytes)
    #expect(removed.map(\.name) == ["Subject", "Message-ID"])
    #expect(removed.map(\.value) == ["Saying Hello\tagain", "<1234@local.machine.example>"])
    let expected =
      "From: John Doe <jdoe@machine.example>\r\n"
      + "To: Mary Smith <mary@example.net>\r\n"
      + "Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n"
      + "\r\n"
      + "This is a message just to say hello.\r\n"
      + "So, \"Hello\".\r\n"
    #expect(String(decoding: bytes, as: UTF8.self) == expected)
    // Names are matched lowercased: a capitalised name in the set matches nothing.
    var unchanged = Self.message
    #expect(HeaderSection.remove(["Subject"], from: &unchanged).isEmpty)
    #expect(unchanged == Self.message)
  }

  @Test func removingLeavesTheBodyAloneAndMatchesRemove() {
    let bytes = Array("X-A: 1\nKeep: me\nx-a: 2\n\nX-A: body line\n".utf8)
    let result = HeaderSection.removing(["x-a"], from: bytes)
    #expect(String(decoding: result.bytes, as: UTF8.self) == "Keep: me\n\nX-A: body line\n")
    #expect(result.removed.map(\.name) == ["X-A", "x-a"])
    #expect(result.removed.map(\.value) == ["1", "2"])
    var inPlace = bytes
    _ = HeaderSection.remove(["x-a"], from: &inPlace)
    #expect(inPlace == result.bytes)
    let none = HeaderSection.removing(["absent"], from: bytes)
    #expect(none.bytes == bytes && none.removed.isEmpty)
  }
}
