import MailModel
import Testing

@testable import ContactsCalendars

@Suite struct ICalContentLineTests {
  @Test func unfoldsOnBytesIncludingSplitUTF8() throws {
    // "é" is C3 A9; the fold splits it.
    let bytes: [UInt8] =
      Array("SUMMARY:Caf".utf8) + [0xC3, 0x0D, 0x0A, 0x20, 0xA9]
      + Array("\nX-A:1\r\n\tcontinued\r\n\r\nX-B:2".utf8)
    let lines = ICalContentLineParser.unfold(bytes)
    #expect(lines.count == 3)
    #expect(lines[0].line == 1 && lines[1].line == 3 && lines[2].line == 6)
    var diagnostics: [Diagnostic] = []
    let first = try ICalContentLineParser.parse(lines[0], file: "t.ics", diagnostics: &diagnostics)
    #expect(first.value == "Café")
    let second = try ICalContentLineParser.parse(lines[1], file: "t.ics", diagnostics: &diagnostics)
    #expect(second.value == "1continued")
    #expect(diagnostics.isEmpty)
  }

  @Test func parsesQuotedParameters() throws {
    var diagnostics: [Diagnostic] = []
    let unfolded = ICalUnfoldedLine(
      bytes: Array(
        #"attendee;CN="Doe; Jane";DELEGATED-FROM="mailto:a@x","mailto:b@x";role=REQ-PARTICIPANT:mailto:j@x"#
          .utf8), line: 4)
    let line = try ICalContentLineParser.parse(unfolded, file: "t.ics", diagnostics: &diagnostics)
    #expect(line.name == "ATTENDEE")
    #expect(line.parameter("cn")?.values == ["Doe; Jane"])
    #expect(line.parameter("DELEGATED-FROM")?.values == ["mailto:a@x", "mailto:b@x"])
    #expect(line.parameter("ROLE")?.values == ["REQ-PARTICIPANT"])
    #expect(line.value == "mailto:j@x")
    #expect(line.line == 4)
  }

  @Test func rejectsLinesWithoutColonWithTheirLineNumber() {
    var diagnostics: [Diagnostic] = []
    #expect(throws: ContactsCalendarsError.self) {
      try ICalContentLineParser.parse(
        ICalUnfoldedLine(bytes: Array("SUMMARY no colon".utf8), line: 9), file: "t.ics",
        diagnostics: &diagnostics)
    }
    do {
      _ = try ICalContentLineParser.parse(
        ICalUnfoldedLine(bytes: Array("X;P=\"open:v".utf8), line: 3), file: "t.ics",
        diagnostics: &diagnostics)
      Issue.record("expected an error")
    } catch let error as ContactsCalendarsError {
      #expect(error.location?.line == 3)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func foldsAt75OctetsWithoutSplittingUTF8AndRoundTrips() throws {
    for text in [
      String(repeating: "a", count: 200), String(repeating: "é", count: 100),
      String(repeating: "日本語x", count: 40), "short",
    ] {
      let line = ICalContentLine(
        name: "DESCRIPTION", parameters: [ICalParameter(name: "CN", values: ["a;b"])], value: text)
      let bytes = ICalContentLineWriter.write(line)
      // Every physical line ≤ 75 octets, CRLF, valid UTF-8 on its own.
      var start = 0
      for index in bytes.indices where bytes[index] == 0x0A {
        #expect(index > 0 && bytes[index - 1] == 0x0D)
        let physical = Array(bytes[start..<(index - 1)])
        #expect(physical.count <= 75)
        #expect(String(validating: physical, as: UTF8.self) != nil)
        start = index + 1
      }
      #expect(start == bytes.count)
      var diagnostics: [Diagnostic] = []
      let back = try ICalContentLineParser.parse(
        ICalContentLineParser.unfold(bytes)[0], file: "t", diagnostics: &diagnostics)
      #expect(back.value == text)
      #expect(back.parameter("CN")?.values == ["a;b"])
    }
  }

  @Test func decodesCharsetValues() throws {
    var diagnostics: [Diagnostic] = []
    let line = try ICalContentLineParser.parse(
      ICalUnfoldedLine(
        bytes: Array("LOCATION;CHARSET=ISO-8859-1:M".utf8) + [0xFC] + Array("nchen".utf8), line: 1),
      file: "t", diagnostics: &diagnostics)
    #expect(line.value == "München")
    #expect(diagnostics.isEmpty)
    let bad = try ICalContentLineParser.parse(
      ICalUnfoldedLine(bytes: Array("LOCATION:M".utf8) + [0xFC], line: 2), file: "t",
      diagnostics: &diagnostics)
    #expect(bad.value == "Mü")
    #expect(diagnostics.map(\.code) == ["invalid-charset"])
  }
}
