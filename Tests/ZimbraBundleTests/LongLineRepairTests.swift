import Foundation
import MailModel
import Testing
import ZimbraBundle

@Suite struct LongLineRepairTests {
  enum Ending: String, CaseIterable, CustomTestStringConvertible {
    case lf, crlf
    var bytes: String { self == .lf ? "\n" : "\r\n" }
    var testDescription: String { rawValue }
  }

  // MARK: helpers

  private func b(_ text: String) -> [UInt8] { Array(text.utf8) }

  private func pseudoRandom(_ count: Int, seed: UInt64 = 7) -> [UInt8] {
    var state = seed
    var out = [UInt8](repeating: 0, count: count)
    for i in 0..<count {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      out[i] = UInt8(truncatingIfNeeded: state >> 33)
    }
    return out
  }

  private func repaired(_ message: [UInt8]) throws -> (bytes: [UInt8], notes: [String]) {
    switch LongLineRepair.repair(message) {
    case .repaired(let bytes, let notes): return (bytes, notes)
    case .unchanged: Issue.record("expected a repair, got .unchanged")
    case .failed(let reason): Issue.record("expected a repair, got .failed(\(reason))")
    }
    throw CancellationError()
  }

  private func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
    guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
    var i = start
    while i <= haystack.count - needle.count {
      if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
        return i
      }
      i += 1
    }
    return nil
  }

  /// Every line of `bytes` ends with `ending` (no bare LF or CR of the other kind).
  private func usesOnly(_ ending: Ending, _ bytes: ArraySlice<UInt8>) -> Bool {
    var i = bytes.startIndex
    while i < bytes.endIndex {
      if bytes[i] == 0x0A {
        let hasCR = i > bytes.startIndex && bytes[i - 1] == 0x0D
        if (ending == .crlf) != hasCR { return false }
      } else if bytes[i] == 0x0D && ending == .lf {
        return false
      } else if bytes[i] == 0x0D && (i + 1 >= bytes.endIndex || bytes[i + 1] != 0x0A) {
        return false
      }
      i += 1
    }
    return true
  }

  /// An independent, strict quoted-printable decoder for the checks.
  private func qpDecode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    var i = bytes.startIndex
    func hex(_ c: UInt8) -> UInt8 {
      switch c {
      case 0x30...0x39: return c - 0x30
      case 0x41...0x46: return c - 0x37
      default:
        Issue.record("bad hex digit \(c)")
        return 0
      }
    }
    while i < bytes.endIndex {
      let c = bytes[i]
      if c == UInt8(ascii: "=") {
        if i + 1 < bytes.endIndex, bytes[i + 1] == 0x0A {
          i += 2
          continue
        }
        if i + 2 < bytes.endIndex, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A {
          i += 3
          continue
        }
        out.append(hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]))
        i += 3
      } else {
        out.append(c)
        i += 1
      }
    }
    return out
  }

  private func lines(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
      line.last == 0x0D ? line.dropLast() : line
    }
  }

  // MARK: measuring

  @Test func longestLineCountsLikeZimbra() {
    #expect(LongLineRepair.longestLine([]) == 0)
    #expect(LongLineRepair.longestLine(b("abc")) == 3)
    #expect(LongLineRepair.longestLine(b("ab\r\ncdef\n")) == 4)
    // Zimbra's validator resets its counter on CR as well as LF.
    #expect(LongLineRepair.longestLine(b("ab\rcdef\rg")) == 4)
    #expect(LongLineRepair.limit == 10_240)
  }

  @Test(arguments: Ending.allCases)
  func shortMessagesAreUnchanged(_ ending: Ending) {
    let e = ending.bytes
    let message = b("From: a@example.com\(e)Subject: hi\(e)\(e)Hello\(e)")
    #expect(LongLineRepair.repair(message) == .unchanged)
    // A line of exactly the limit is still fine.
    let exact =
      b("Subject: x\(e)\(e)") + [UInt8](repeating: 0x41, count: LongLineRepair.limit) + b(e)
    #expect(LongLineRepair.repair(exact) == .unchanged)
  }

  // MARK: base64

  @Test(arguments: Ending.allCases)
  func oneMegabyteBase64AttachmentIsRewrapped(_ ending: Ending) throws {
    let e = ending.bytes
    let payload = pseudoRandom(786_432)
    let base64 = Data(payload).base64EncodedString()
    #expect(base64.utf8.count == 1_048_576)
    let prefix = b(
      "From: a@example.com\(e)To: b@example.com\(e)Subject: report\(e)MIME-Version: 1.0\(e)"
        + "Content-Type: multipart/mixed; boundary=\"=_outer\"\(e)\(e)"
        + "This is a multi-part message in MIME format.\(e)\(e)--=_outer\(e)"
        + "Content-Type: text/plain; charset=utf-8\(e)Content-Transfer-Encoding: 8bit\(e)\(e)"
        + "See the attachment. Grüße\(e)\(e)--=_outer\(e)"
        + "Content-Type: application/pdf; name=\"report.pdf\"\(e)"
        + "Content-Transfer-Encoding: base64\(e)"
        + "Content-Disposition: attachment; filename=\"report.pdf\"\(e)\(e)")
    let suffix = b("\(e)--=_outer--\(e)epilogue text\(e)")
    let message = prefix + b(base64) + suffix
    #expect(LongLineRepair.longestLine(message) == 1_048_576)

    let (output, notes) = try repaired(message)
    #expect(LongLineRepair.longestLine(output) <= 76 + 2)
    #expect(notes.count == 1)
    #expect(notes[0].contains("base64"))
    // Everything around the attachment body is byte-identical.
    #expect(output.starts(with: prefix))
    #expect(Array(output.suffix(suffix.count)) == suffix)
    let body = output[prefix.count..<(output.count - suffix.count)]
    for line in lines(body) { #expect(line.count <= 76) }
    #expect(lines(body).count == 1_048_576 / 76 + 1)
    #expect(usesOnly(ending, body))
    // The attachment decodes to the same bytes.
    let decoded = try #require(Data(base64Encoded: Data(body), options: .ignoreUnknownCharacters))
    #expect(Array(decoded) == payload)
  }

  @Test func base64AlreadyWrappedButOneLongLine() throws {
    let payload = pseudoRandom(30_000, seed: 3)
    let wrapped = Data(payload).base64EncodedString(options: [
      .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
    ])
    let lines = wrapped.components(separatedBy: "\r\n")
    // Join lines 10...200 into one long line.
    let broken =
      lines[0..<10].joined(separator: "\r\n") + "\r\n" + lines[10..<200].joined() + "\r\n"
      + lines[200...].joined(separator: "\r\n")
    let message = b(
      "Content-Type: image/png\r\nContent-Transfer-Encoding: BASE64\r\n\r\n" + broken + "\r\n")
    let (output, _) = try repaired(message)
    let bodyStart = try #require(find(b("\r\n\r\n"), in: output)) + 4
    #expect(
      output.starts(with: b("Content-Type: image/png\r\nContent-Transfer-Encoding: BASE64\r\n\r\n"))
    )
    let decoded = try #require(
      Data(base64Encoded: Data(output[bodyStart...]), options: .ignoreUnknownCharacters))
    #expect(Array(decoded) == payload)
    #expect(output.suffix(2) == [0x0D, 0x0A])
    #expect(usesOnly(.crlf, output[...]))
  }

  // MARK: quoted-printable

  @Test(arguments: Ending.allCases)
  func longHTMLPartBecomesQuotedPrintable(_ ending: Ending) throws {
    let e = ending.bytes
    var html = "<html><body><p style=\"color:red\">Grüße &amp; ünïcödé — 日本語 😀 a=b</p>"
    while html.utf8.count < 20_000 {
      html += "<td class=\"cell\">value \(html.utf8.count) =3D tab\t</td>"
    }
    html += "</body></html>   "
    let htmlBytes = b(html)
    #expect(LongLineRepair.longestLine(htmlBytes) > 20_000)
    let head = b(
      "From: a@example.com\(e)MIME-Version: 1.0\(e)"
        + "Content-Type: multipart/alternative; boundary=alt\(e)\(e)--alt\(e)"
        + "Content-Type: text/plain; charset=utf-8\(e)\(e)plain version\(e)--alt\(e)")
    let partHeader = b(
      "Content-Type: text/html; charset=utf-8\(e)Content-Transfer-Encoding: 8bit\(e)\(e)")
    let tail = b("\(e)--alt--\(e)")
    let message = head + partHeader + htmlBytes + tail

    let (output, notes) = try repaired(message)
    #expect(notes.contains { $0.contains("quoted-printable") && $0.contains("text/html") })
    #expect(output.starts(with: head))
    #expect(Array(output.suffix(tail.count)) == tail)
    let newHeader = b(
      "Content-Type: text/html; charset=utf-8\(e)Content-Transfer-Encoding: quoted-printable\(e)\(e)"
    )
    #expect(Array(output[head.count..<(head.count + newHeader.count)]) == newHeader)
    let body = output[(head.count + newHeader.count)..<(output.count - tail.count)]
    for line in lines(body) { #expect(line.count <= 76) }
    #expect(usesOnly(ending, body))
    #expect(qpDecode(body) == htmlBytes)
    // No continuation line could be mistaken for a boundary.
    for line in lines(body) { #expect(!line.starts(with: b("--"))) }
  }

  @Test(arguments: Ending.allCases)
  func singlePartMessageGetsTheHeaders(_ ending: Ending) throws {
    let e = ending.bytes
    let text = String(repeating: "word ", count: 5_000) + "end"
    let message = b("From: a@example.com\(e)Subject: long\(e)\(e)\(text)\(e)second line\(e)")
    let (output, notes) = try repaired(message)
    let expectedHeader = b(
      "From: a@example.com\(e)Subject: long\(e)MIME-Version: 1.0\(e)Content-Transfer-Encoding: quoted-printable\(e)\(e)"
    )
    #expect(output.starts(with: expectedHeader))
    #expect(notes.contains { $0.contains("MIME-Version") })
    let body = output[expectedHeader.count...]
    #expect(qpDecode(body) == b("\(text)\(e)second line\(e)"))
    #expect(usesOnly(ending, body))
    #expect(LongLineRepair.longestLine(output) <= 76)
  }

  @Test func existingTransferEncodingHeaderIsReplaced() throws {
    let text = String(repeating: "x", count: 12_000)
    let message = b(
      "MIME-Version: 1.0\r\nContent-transfer-encoding: 7bit\r\nSubject: s\r\n\r\n\(text)\r\n")
    let (output, notes) = try repaired(message)
    let header = b(
      "MIME-Version: 1.0\r\nContent-Transfer-Encoding: quoted-printable\r\nSubject: s\r\n\r\n")
    #expect(output.starts(with: header))
    #expect(!notes.contains { $0.contains("MIME-Version") })
    #expect(qpDecode(output[header.count...]) == b("\(text)\r\n"))
  }

  @Test func longQuotedPrintableLineIsReencoded() throws {
    // Already QP, but without soft line breaks.
    var encoded = ""
    var original: [UInt8] = []
    for i in 0..<4_000 {
      encoded += "caf=C3=A9 \(i) =3D "
      original += b("café \(i) = ")
    }
    encoded += "end=20\r\nnext line=\r\n continues\r\n"
    original += b("end \r\nnext line continues\r\n")
    let header = b(
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    let message = header + b(encoded)
    let (output, notes) = try repaired(message)
    #expect(output.starts(with: header))
    #expect(notes.contains { $0.contains("quoted-printable re-encoded") })
    let body = output[header.count...]
    for line in lines(body) { #expect(line.count <= 76) }
    #expect(qpDecode(body) == original)
  }

  @Test(arguments: Ending.allCases)
  func encoderKeepsEveryByte(_ ending: Ending) throws {
    // Binary-ish content with stray CR and LF, NULs, '=', trailing blanks, and no final newline.
    var data = pseudoRandom(40_000, seed: 11)
    for i in 0..<12_000 where data[i] == 0x0A || data[i] == 0x0D { data[i] = 0 }  // one long run
    data += b(" \t")
    let e = ending.bytes
    let message = b("MIME-Version: 1.0\(e)Content-Type: application/octet-stream\(e)\(e)") + data
    let (output, _) = try repaired(message)
    let header = b(
      "MIME-Version: 1.0\(e)Content-Type: application/octet-stream\(e)Content-Transfer-Encoding: quoted-printable\(e)\(e)"
    )
    #expect(output.starts(with: header))
    let headerCount = header.count
    #expect(qpDecode(output[headerCount...]) == data)
    #expect(usesOnly(ending, output[headerCount...]))
    for line in lines(output[headerCount...]) {
      #expect(line.count <= 76)
      #expect(line.last != 0x20 && line.last != 0x09)
    }
  }

  // MARK: headers

  @Test(arguments: Ending.allCases)
  func longHeaderLinesAreFolded(_ ending: Ending) throws {
    let e = ending.bytes
    let recipients = (0..<1_500).map { "user\($0)@example.com" }.joined(separator: ", ")
    let message = b("To: \(recipients)\(e)Subject: many\(e)\(e)body\(e)")
    let (output, notes) = try repaired(message)
    #expect(notes.contains { $0.contains("header To folded") })
    #expect(LongLineRepair.longestLine(output) <= LongLineRepair.limit)
    // Unfolding gives the original back.
    let unfolded = String(decoding: output, as: UTF8.self).replacingOccurrences(
      of: "\(e) ", with: " ")
    #expect(unfolded == String(decoding: message, as: UTF8.self))
    #expect(HeaderSection.value(of: "To", in: output) == recipients)
    #expect(usesOnly(ending, output[...]))
  }

  @Test func headerWithoutWhitespaceFails() {
    let message = b("X-Blob: " + String(repeating: "z", count: 11_000) + "\r\n\r\nbody\r\n")
    guard case .failed(let reason) = LongLineRepair.repair(message) else {
      Issue.record("expected .failed")
      return
    }
    #expect(reason.contains("X-Blob"))
  }

  @Test func longHeaderInsideAPartIsFolded() throws {
    let name = (0..<2_000).map { "w\($0)" }.joined(separator: " ")
    let part = "Content-Type: text/plain\r\nContent-Description: \(name)\r\n\r\nshort\r\n"
    let message = b("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\(part)--b--\r\n")
    let (output, notes) = try repaired(message)
    #expect(notes.contains { $0.contains("Content-Description") && $0.contains("part 1") })
    let unfolded = String(decoding: output, as: UTF8.self).replacingOccurrences(
      of: "\r\n ", with: " ")
    #expect(unfolded == String(decoding: message, as: UTF8.self))
  }

  // MARK: structure

  @Test func nestedMessageIsRepairedInPlace() throws {
    let html = String(repeating: "<b>x</b>", count: 2_000)
    let inner =
      "From: c@example.com\r\nSubject: inner\r\nMIME-Version: 1.0\r\n"
      + "Content-Type: multipart/alternative; boundary=\"in\"\r\n\r\n"
      + "--in\r\nContent-Type: text/plain\r\n\r\nplain\r\n"
      + "--in\r\nContent-Type: text/html\r\n\r\n\(html)\r\n--in--\r\n"
    let outerHead =
      "From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=out\r\n\r\n"
      + "--out\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
      + "--out\r\nContent-Type: message/rfc822\r\n\r\n"
    let message = b(outerHead + inner + "\r\n--out--\r\n")
    let (output, notes) = try repaired(message)
    #expect(notes.count == 1)
    #expect(notes[0].contains("part 2.1.2"))
    let expectedStart = b(
      outerHead + "From: c@example.com\r\nSubject: inner\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/alternative; boundary=\"in\"\r\n\r\n"
        + "--in\r\nContent-Type: text/plain\r\n\r\nplain\r\n"
        + "--in\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
    #expect(output.starts(with: expectedStart))
    let tail = b("\r\n--in--\r\n\r\n--out--\r\n")
    #expect(Array(output.suffix(tail.count)) == tail)
    #expect(qpDecode(output[expectedStart.count..<(output.count - tail.count)]) == b(html))
  }

  @Test func digestPartsDefaultToMessages() throws {
    let long = String(repeating: "y", count: 11_000)
    let message = b(
      "Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\n\(long)\n--d--\n")
    let (output, _) = try repaired(message)
    // The part has no header of its own; the embedded message's body is the one re-encoded.
    #expect(
      output.starts(
        with: b(
          "Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n"
            + "MIME-Version: 1.0\nContent-Transfer-Encoding: quoted-printable\n\n")))
    #expect(output.hasSuffix(b("\n--d--\n")))
  }

  @Test func longLineInPreambleFails() {
    let long = String(repeating: "p", count: 11_000)
    let message = b(
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n\(long)\r\n--b\r\n\r\nx\r\n--b--\r\n")
    guard case .failed(let reason) = LongLineRepair.repair(message) else {
      Issue.record("expected .failed")
      return
    }
    #expect(reason.contains("preamble"))
  }

  @Test func unknownTransferEncodingFails() {
    let long = String(repeating: "u", count: 11_000)
    let message = b("Content-Transfer-Encoding: x-uuencode\r\n\r\n\(long)\r\n")
    guard case .failed(let reason) = LongLineRepair.repair(message) else {
      Issue.record("expected .failed")
      return
    }
    #expect(reason.contains("x-uuencode"))
  }

  @Test func multipartWithoutItsBoundaryFails() {
    let long = String(repeating: "m", count: 11_000)
    let message = b("Content-Type: multipart/mixed; boundary=zzz\r\n\r\n--other\r\n\r\n\(long)\r\n")
    guard case .failed = LongLineRepair.repair(message) else {
      Issue.record("expected .failed")
      return
    }
  }

  @Test func untouchedPartsStayByteIdentical() throws {
    // Odd but legal bytes in the other parts: trailing spaces, bare LF in a CRLF message, 8-bit.
    let other =
      "Content-Type: text/plain; charset=iso-8859-1\r\n\r\nodd \t \nline\r\n\u{00e9}t\u{00e9}\r\n"
    let long = String(repeating: "L", count: 10_241)
    let message = b(
      "Content-Type: multipart/mixed; boundary=\"b b\"\r\n\r\npre\r\n--b b  \r\n\(other)\r\n"
        + "--b b\r\nContent-Type: text/plain\r\n\r\n\(long)\r\n--b b--  \r\nepi\r\n")
    let (output, _) = try repaired(message)
    let expectedPrefix = b(
      "Content-Type: multipart/mixed; boundary=\"b b\"\r\n\r\npre\r\n--b b  \r\n\(other)\r\n"
        + "--b b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    #expect(output.starts(with: expectedPrefix))
    #expect(output.hasSuffix(b("\r\n--b b--  \r\nepi\r\n")))
  }
}

extension Array where Element == UInt8 {
  fileprivate func hasSuffix(_ suffix: [UInt8]) -> Bool {
    count >= suffix.count && Array(self.suffix(suffix.count)) == suffix
  }
}
