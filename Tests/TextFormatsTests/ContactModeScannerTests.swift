import Testing

@testable import TextFormats

/// The scanner as contact CSV uses it: only a field's first byte opens quotes, and blanks after a
/// closing quote stay in the value.
@Suite struct ContactModeScannerTests {
  static let contactCSV = DelimitedScanner.Options(
    delimiter: 0x2C, quoteAfterSpaces: false, dropBlanksAfterQuote: false)

  @Test(arguments: scannerChunkSizes)
  func quotesOnlyAtTheFieldStart(chunkSize: Int) {
    let text =
      " \"a,b\",\"x\" ,\"y\" \"z\",\"q\"tail\r\n\"multi\r\nline\rfield\",\"say \"\"hi\"\"\"\n"
    let records = scanRecords(Array(text.utf8), Self.contactCSV, chunkSize: chunkSize)
    #expect(
      records.map(\.fields) == [
        [" \"a", "b\"", "x ", "y \"z\"", "qtail"],
        ["multi\r\nline\rfield", "say \"hi\""],
      ])
    #expect(records.map(\.line) == [1, 2])
    #expect(records.map(\.endLine) == [1, 4])
    #expect(records[0].quoted == [false, false, true, true, true])
  }

  @Test(arguments: scannerChunkSizes)
  func semicolonsTabsAndBlankLines(chunkSize: Int) {
    let semicolons = scanRecords(
      Array("a;\"b;c\"\r\n\r\n;\n".utf8),
      DelimitedScanner.Options(
        delimiter: 0x3B, quoteAfterSpaces: false, dropBlanksAfterQuote: false),
      chunkSize: chunkSize)
    #expect(semicolons.map(\.fields) == [["a", "b;c"], [""], ["", ""]])
    #expect(semicolons.map(\.line) == [1, 2, 3])
    let tabs = scanRecords(
      Array("a\tb\t\"c\td\"".utf8),
      DelimitedScanner.Options(
        delimiter: 0x09, quoteAfterSpaces: false, dropBlanksAfterQuote: false),
      chunkSize: chunkSize)
    #expect(tabs.map(\.fields) == [["a", "b", "c\td"]])
  }

  @Test(arguments: scannerChunkSizes)
  func manyRecordsAcrossChunks(chunkSize: Int) {
    var text = "First Name,Notes\r\n"
    for n in 0..<50 { text += "P\(n),\"line \(n)\r\nsecond, \"\"quoted\"\"\"\r\n" }
    let records = scanRecords(Array(text.utf8), Self.contactCSV, chunkSize: chunkSize)
    #expect(records.count == 51)
    #expect(records[50].fields == ["P49", "line 49\r\nsecond, \"quoted\""])
    #expect(records[50].line == 100 && records[50].endLine == 101)
  }
}
