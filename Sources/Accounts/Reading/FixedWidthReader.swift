import MailModel
import TextFormats

/// Turns the lines of a fixed-width export into accounts through a `FixedWidthLayout`.
///
/// Columns count characters (Unicode code points) of the decoded line; in Latin-1 and cp1252 that
/// is one byte each, in UTF-8 the reader maps code points to byte offsets once per line (ASCII lines
/// take a shortcut). Lines come from the same scanner as delimited files, with no delimiter and no
/// quoting, so CR, LF and CRLF all end a line.
struct FixedWidthReader {
  let path: String
  let layout: FixedWidthLayout
  private var builder: AccountBuilder
  private(set) var accounts: [Account] = []
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var recordsRead = 0
  private(set) var recordsRejected = 0
  private var starts: [Int] = []
  private var cells: [String?] = []

  static let scannerOptions = DelimitedScanner.Options(delimiter: nil, quoting: false, comment: nil)

  init(path: String, layout: FixedWidthLayout, options: AccountReadOptions, layoutPath: String)
    throws
  {
    self.path = path
    self.layout = layout
    let (table, notes) = ColumnTable.resolve(
      names: layout.columns.map(\.name), map: options.map,
      location: SourceLocation(file: layoutPath))
    guard table.accountIndex != nil else {
      throw AccountsError(
        "the layout has no account column (email, mail, user, userid, login, …)",
        at: SourceLocation(file: layoutPath))
    }
    diagnostics = notes
    builder = AccountBuilder(
      path: path, table: table, encoding: options.encoding,
      plainQuotaUnit: options.plainQuotaUnit ?? 1)
  }

  /// The column names in use.
  var columns: [String] { layout.columns.map(\.name) }

  /// Takes one line from the scanner.
  mutating func consume(_ record: RawRecord) throws {
    if record.line <= layout.skipLines || record.isBlank { return }
    recordsRead += 1
    let location = SourceLocation(file: path, line: record.line)
    let line = record.field(0)
    let singleByte = builder.encoding != .utf8
    var ascii = true
    try line.withUnsafeBytes { raw in
      ascii = TextDecoding.isASCII(raw)
      if !ascii && !singleByte, TextDecoding.firstInvalidUTF8(raw) != nil {
        throw AccountBuilder.utf8Error(path: path, line: record.line, column: nil)
      }
    }
    // Byte offset of every character, when characters and bytes differ.
    let byteCount = line.count
    var length = byteCount
    if !ascii && !singleByte {
      starts.removeAll(keepingCapacity: true)
      var offset = 0
      for b in line {
        if b & 0xC0 != 0x80 { starts.append(offset) }
        offset += 1
      }
      length = starts.count
    }
    let base = line.startIndex
    func byteOffset(_ character: Int) -> Int {
      if ascii || singleByte { return min(character, byteCount) }
      return character < starts.count ? starts[character] : byteCount
    }

    if length < layout.width && !layout.allowShortLines {
      let missing = layout.columns.filter { $0.end - 1 > length }.map(\.name)
      diagnostics.append(
        Diagnostic(
          .error, code: "short-record",
          "the line has \(length) characters, the layout needs \(layout.width) "
            + "(\(missing.joined(separator: ", ")) cut off); record skipped "
            + "(add `allow-short` to the layout if the export strips trailing blanks)",
          at: location))
      recordsRejected += 1
      return
    }

    cells.removeAll(keepingCapacity: true)
    for (i, column) in layout.columns.enumerated() {
      let from = column.start - 1
      if from >= length {
        cells.append(nil)
        continue
      }
      let lower = base + byteOffset(from)
      let upper = base + byteOffset(from + column.width)
      var text = try builder.decode(line[lower..<upper], line: record.line, column: i)
      if column.trim { text = text.trimmingBlanks() }
      cells.append(text)
    }
    builder.finishRecord(
      cells, at: location, accounts: &accounts, rejected: &recordsRejected,
      diagnostics: &diagnostics)
  }
}
