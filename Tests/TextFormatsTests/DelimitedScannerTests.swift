import Testing

@testable import TextFormats

@Suite struct DelimitedScannerTests {
  static let csv = DelimitedScanner.Options(delimiter: 0x2C)

  @Test(arguments: scannerChunkSizes)
  func rfc4180QuotingAndLineNumbers(chunkSize: Int) {
    let text =
      "a,b,c\r\n"  // line 1, CRLF
      + "\"x, y\",\"say \"\"hi\"\"\",z\n"  // line 2: delimiter and doubled quotes inside quotes
      // lines 3–5: LF and CRLF inside quotes, trailing empty field
      + "\"multi\nline\r\nfield\",2,\n"
      + "\r"  // line 6: empty (CR only)
      + "last,,\rmac,line"  // line 7 ends with a lone CR, line 8 has no final newline
    let records = scanRecords(Array(text.utf8), Self.csv, chunkSize: chunkSize)
    #expect(
      records.map(\.fields) == [
        ["a", "b", "c"],
        ["x, y", "say \"hi\"", "z"],
        ["multi\nline\r\nfield", "2", ""],
        [""],
        ["last", "", ""],
        ["mac", "line"],
      ])
    #expect(records.map(\.line) == [1, 2, 3, 6, 7, 8])
    #expect(records.map(\.endLine) == [1, 2, 5, 6, 7, 8])
    #expect(records[1].quoted == [true, true, false])
    #expect(records.allSatisfy { $0.issues.isEmpty })
  }

  @Test(arguments: scannerChunkSizes)
  func crlfSplitAcrossChunksCountsOnce(chunkSize: Int) {
    let text = String(repeating: "u@example.com,pw\r\n", count: 20) + "\"q\r\nq\",x\r\nend,1\r\n"
    let records = scanRecords(Array(text.utf8), Self.csv, chunkSize: chunkSize)
    #expect(records.count == 22)
    #expect(records[19].line == 20)
    #expect(records[20].line == 21 && records[20].endLine == 22)
    #expect(records[21].line == 23)
    #expect(records[21].fields == ["end", "1"])
  }

  @Test(arguments: [1, 3, 4096])
  func repairsAndIssues(chunkSize: Int) {
    let text = "Grace \"the\" Hopper,1\n\"Heidi\" Klum,2\n  \"padded, quoted\"  ,3\n\"open,4\nnext"
    let records = scanRecords(Array(text.utf8), Self.csv, chunkSize: chunkSize)
    #expect(records.count == 4)
    #expect(records[0].fields == ["Grace \"the\" Hopper", "1"])
    #expect(records[0].issues == .quoteInUnquotedField)
    #expect(records[1].fields == ["Heidi Klum", "2"])
    #expect(records[1].issues == .textAfterClosingQuote)
    #expect(records[2].fields == ["padded, quoted", "3"])
    #expect(records[2].issues.isEmpty)
    #expect(records[3].issues == .unterminatedQuote)
    #expect(records[3].fields == ["open,4\nnext"])
    #expect(records[3].line == 4 && records[3].endLine == 5)
  }

  @Test func unterminatedQuoteEndLineIgnoresTheFinalLineBreak() {
    let records = scanRecords(Array("a,\"b\nc\n".utf8), Self.csv, chunkSize: 2)
    #expect(records.count == 1)
    #expect(records[0].line == 1 && records[0].endLine == 2)
  }

  @Test(arguments: [1, 2, 4096])
  func quotingOffAndComments(chunkSize: Int) {
    let options = DelimitedScanner.Options(delimiter: 0x3B, quoting: false, comment: 0x23)
    let text = "# a comment with a \"quote\r\n\r\nh;u;\"pw;x\r\n#\n h;#not;a comment\n"
    let records = scanRecords(Array(text.utf8), options, chunkSize: chunkSize)
    #expect(
      records.map(\.fields) == [[""], ["h", "u", "\"pw", "x"], [" h", "#not", "a comment"]])
    #expect(records.map(\.line) == [2, 3, 5])
    #expect(records[1].issues.isEmpty)
  }

  @Test func noDelimiterGivesWholeLines() {
    let options = DelimitedScanner.Options(delimiter: nil, quoting: false)
    let records = scanRecords(Array("a,b;c\t\"d\r\n\nlast".utf8), options, chunkSize: 3)
    #expect(records.map(\.fields) == [["a,b;c\t\"d"], [""], ["last"]])
    #expect(records.map(\.line) == [1, 2, 3])
  }

  @Test func blankRecords() {
    #expect(scanRecords(Array(",,\n  \t \n\"\"\nx\n".utf8), Self.csv, chunkSize: 64).count == 4)
    var scanner = DelimitedScanner(options: Self.csv)
    var blanks: [Bool] = []
    Array(",,\n  \t \n\"\"\nx\n".utf8).withUnsafeBytes { buffer in
      scanner.feed(buffer) { blanks.append($0.isBlank) }
    }
    #expect(blanks == [true, true, false, false])  // a quoted empty field is not blank
  }

  @Test func sniffsTheDelimiterOutsideQuotes() {
    func sniff(_ text: String, atEnd: Bool = true, comment: UInt8? = nil) -> UInt8?? {
      DelimitedScanner.sniffDelimiter(Array(text.utf8), atEnd: atEnd, comment: comment)
    }
    #expect(sniff("email\tpassword\tname\n") == .some(0x09))
    #expect(sniff("email;password;name\na,b,c,d,e\n") == .some(0x3B))
    #expect(sniff("\"a;b;c;d\",x,y\n") == .some(0x2C))  // semicolons inside quotes do not count
    // a quoted line break is not the end
    #expect(sniff("\"multi\nline;;;;\"|x|y\n") == .some(0x7C))
    #expect(sniff("\n\n  \nuser|pass\n") == .some(0x7C))  // blank lines first
    #expect(sniff("# host1;user1;password1\nuser,pass\n", comment: 0x23) == .some(0x2C))
    #expect(sniff("justemail@example.com\n") == .some(0x2C))  // one column: comma
    #expect(sniff("a;b,c\n") == .some(0x3B))  // a tie goes to the earlier of tab ; , |
    #expect(sniff("a;b;c", atEnd: false) == .none)  // no line end yet: needs more input
    #expect(sniff("a;b;c", atEnd: true) == .some(0x3B))
  }
}
