import MailModel
import TextFormats

/// Turns the records of a delimited export (CSV, TSV, `user;password`, imapsync files) into
/// accounts: header or `--columns` or preset columns, then one account per data record.
struct DelimitedReader {
  let path: String
  let options: AccountReadOptions
  let delimiter: UInt8
  /// The preset given or recognised from the header.
  private(set) var preset: AccountPreset?
  private var spec: AccountPreset.Spec?
  private var builder: AccountBuilder?
  private var sawFirstRecord = false
  private(set) var hasHeader = false
  private(set) var accounts: [Account] = []
  private(set) var diagnostics: [Diagnostic] = []
  private(set) var recordsRead = 0
  private(set) var recordsRejected = 0
  private(set) var domain: String?
  private var cells: [String?] = []

  /// The scanner settings for this input.
  static func scannerOptions(_ options: AccountReadOptions, delimiter: UInt8)
    -> DelimitedScanner.Options
  {
    let spec = options.preset?.spec
    return DelimitedScanner.Options(
      delimiter: delimiter, quoting: spec?.quoting ?? true, comment: spec?.comment)
  }

  init(path: String, options: AccountReadOptions, delimiter: UInt8) throws {
    self.path = path
    self.options = options
    self.delimiter = delimiter
    preset = options.preset
    spec = options.preset?.spec
    if let columns = options.columns {
      try useColumns(columns, location: SourceLocation(file: path))
      guard builder?.table.accountIndex != nil else {
        throw AccountsError(
          "--columns names no account column (email, mail, user, userid, login, …)",
          at: SourceLocation(file: path))
      }
    } else if let spec, spec.header == .optional {
      try useColumns(spec.columns, location: SourceLocation(file: path))
    }
  }

  private mutating func useColumns(_ names: [String], location: SourceLocation) throws {
    let (table, notes) = ColumnTable.resolve(
      names: names, presetNames: spec?.names ?? [:], map: options.map, location: location)
    diagnostics.append(contentsOf: notes)
    builder = AccountBuilder(
      path: path, table: table, encoding: options.encoding,
      plainQuotaUnit: options.plainQuotaUnit ?? spec?.plainQuotaUnit ?? 1)
  }

  /// The column names in use.
  var columns: [String] { builder?.table.names ?? [] }

  /// Takes one record from the scanner.
  mutating func consume(_ record: RawRecord) throws {
    if record.isBlank { return }
    if preset == .imail, let first = record.fields.first, !first.quoted,
      record.bytes[first.start..<first.end].first(where: { $0 != 0x20 }) == 0x2D
    {
      try imailSwitches(record)
      return
    }
    if !sawFirstRecord {
      sawFirstRecord = true
      if try firstRecordIsHeader(record) { return }
    }
    try dataRecord(record)
  }

  /// Reads the header when one is required, or skips a first line that repeats the column names.
  private mutating func firstRecordIsHeader(_ record: RawRecord) throws -> Bool {
    let location = SourceLocation(file: path, line: record.line)
    var names: [String] = []
    for i in record.fields.indices {
      let cell = try decodeHeaderCell(record, i)
      names.append(cell.trimmingBlanks())
    }
    if let builder {
      guard builder.table.rowIsHeader(names, presetNames: spec?.names ?? [:], map: options.map)
      else {
        return false
      }
      hasHeader = true
      diagnostics.append(
        Diagnostic(
          .ignored, code: "header-skipped", "the first line names the columns and was skipped",
          at: location))
      return true
    }
    // A header is required: the columns come from it.
    if preset == nil, let detected = AccountPreset.detect(header: names) {
      preset = detected
      spec = detected.spec
    }
    try useColumns(names, location: location)
    hasHeader = true
    guard builder?.table.accountIndex != nil else {
      throw AccountsError(
        "the first line is not a header with an account column (email, mail, user, userid, login, name, …); "
          + "if the file has no header, give --columns (e.g. --columns email,password,displayName) "
          + "or a --preset (imail, imapsync, userpass, mailenable, eims)",
        at: location)
    }
    return true
  }

  private mutating func decodeHeaderCell(_ record: RawRecord, _ i: Int) throws -> String {
    var decoder =
      builder
      ?? AccountBuilder(
        path: path, table: ColumnTable(names: [], roles: []), encoding: options.encoding,
        plainQuotaUnit: 1)
    let text = try decoder.decode(record.field(i), line: record.fields[i].line, column: nil)
    return text
  }

  private mutating func dataRecord(_ record: RawRecord) throws {
    guard var builder else { return }
    defer { self.builder = builder }
    recordsRead += 1
    let location = SourceLocation(file: path, line: record.line)
    let fieldCount = record.fields.count
    let columnCount = builder.table.names.count

    if record.issues.contains(.unterminatedQuote) {
      let opened = record.fields.last?.line ?? record.line
      reject(
        "unterminated-quote",
        "a quoted field opened on line \(opened) is never closed, so lines \(record.line)–\(record.endLine) "
          + "were read as one record and skipped; check the quotes", at: location)
      return
    }
    if !record.issues.isEmpty {
      var what: [String] = []
      if record.issues.contains(.quoteInUnquotedField) {
        what.append("a double quote inside an unquoted field")
      }
      if record.issues.contains(.textAfterClosingQuote) {
        what.append("text after a closing quote")
      }
      diagnostics.append(
        Diagnostic(
          .warning, code: "bad-quoting",
          what.joined(separator: " and ")
            + " was kept as written (RFC 4180 quoting: \"a \"\"b\"\" c\")",
          at: location))
    }
    if let spec, fieldCount < spec.minimumFields {
      let needed = spec.columns.prefix(spec.minimumFields).joined(
        separator: String(UnicodeScalar(delimiter)))
      reject(
        "too-few-fields",
        "\(fieldCount) field\(fieldCount == 1 ? "" : "s"), but \(preset?.name ?? "these") lines need at least "
          + "\(spec.minimumFields) (\(needed)); record skipped",
        at: location)
      return
    }
    if fieldCount > columnCount && !(spec?.allowsExtraFields ?? false) {
      var extraHasData = false
      for i in columnCount..<fieldCount
      where record.fields[i].quoted || record.field(i).contains(where: { $0 != 0x20 && $0 != 0x09 })
      {
        extraHasData = true
        break
      }
      if extraHasData {
        reject(
          "too-many-fields",
          "\(fieldCount) fields where there are \(columnCount) columns; a value probably holds an "
            + "unquoted '\(Character(UnicodeScalar(delimiter)))' (quote it); record skipped",
          at: location)
        return
      }
    }

    cells.removeAll(keepingCapacity: true)
    for i in 0..<fieldCount {
      let span = record.fields[i]
      let role = i < columnCount ? builder.table.roles[i] : .known
      switch role {
      case .known, .unknown:
        try builder.validate(record.field(i), line: span.line, column: i)
        if i < columnCount { cells.append(nil) }
      case .field(.password):
        cells.append(try builder.decode(record.field(i), line: span.line, column: i))
      default:
        let bytes = record.field(i)
        var lo = bytes.startIndex
        var hi = bytes.endIndex
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        cells.append(try builder.decode(bytes[lo..<hi], line: span.line, column: i))
      }
    }
    builder.finishRecord(
      cells, at: location, accounts: &accounts, rejected: &recordsRejected,
      diagnostics: &diagnostics)
  }

  private mutating func reject(_ code: String, _ message: String, at location: SourceLocation) {
    diagnostics.append(Diagnostic(.error, code: code, message, at: location))
    recordsRejected += 1
  }

  /// iMail adduser switch lines: `-h host` names the domain of the file's users; other switches
  /// are reported by name only (`-p` carries a password).
  private mutating func imailSwitches(_ record: RawRecord) throws {
    let location = SourceLocation(file: path, line: record.line)
    var words: [String] = []
    for i in record.fields.indices {
      let text = try decodeHeaderCell(record, i)
      words.append(
        contentsOf: text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
    }
    var ignored: [String] = []
    var i = 0
    while i < words.count {
      let word = words[i]
      if word == "-h" || (word.hasPrefix("-h") && word.count > 2) {
        let host =
          word == "-h" ? (i + 1 < words.count ? words[i + 1] : "") : String(word.dropFirst(2))
        if word == "-h" { i += 1 }
        if host.isEmpty {
          diagnostics.append(
            Diagnostic(.warning, code: "imail-switch", "-h without a host name", at: location))
        } else if let domain, domain.lowercased() != host.lowercased() {
          diagnostics.append(
            Diagnostic(
              .warning, code: "imail-switch",
              "a second -h \(host) ignored: the file's domain is already \(domain)", at: location))
        } else if domain == nil {
          domain = host
          diagnostics.append(
            Diagnostic(
              .ignored, code: "imail-switch",
              "-h \(host): bare user ids get this domain unless --domain is given",
              at: location))
        }
      } else if word.hasPrefix("-") {
        // Only the switch letter: a value (say `-p secret`) is never repeated.
        ignored.append(String(word.prefix(2)))
        if word.count == 2 && i + 1 < words.count && !words[i + 1].hasPrefix("-") { i += 1 }
      }
      i += 1
    }
    if !ignored.isEmpty {
      diagnostics.append(
        Diagnostic(
          .warning, code: "imail-switch",
          "adduser switch\(ignored.count == 1 ? "" : "es") \(ignored.joined(separator: " ")) not used by zmigrate",
          at: location))
    }
  }
}
