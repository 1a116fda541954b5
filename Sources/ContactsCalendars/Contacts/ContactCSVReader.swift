import Foundation
import MailModel
import TextEncodingDetection

/// Reads contact CSV exports from Outlook and Thunderbird (English, German, French, Spanish,
/// Italian, Dutch, Brazilian Portuguese, Danish, Swedish and Polish headers; Outlook also in the
/// `outlook-unknown` variant with names like `FirstName`), Google, Yahoo and Windows Live Mail
/// (dialect detected from the header), or zimbra-csv (header names used verbatim), mapping columns
/// to Zimbra fields.
///
/// Charset: UTF-16 by its byte-order mark or zero bytes; UTF-8 (BOM stripped) when the bytes are
/// valid UTF-8; else `charset` (given, or detected: see `CharsetGuess`). A strong guess of another
/// charset than Windows-1250/1252 is read with a `charset-guess` diagnostic; Western European text,
/// and a weak guess of a Latin-script charset, are read as Windows-1252 (or 1250 when the header says
/// so) with a `charset-fallback` diagnostic; a weak guess of another script is an error. Separator: the first `,` or `;` outside quotes in the header line
/// (tab when neither occurs). Non-empty values in columns without a mapping are counted in
/// `unmappedProperties` by column name.
public struct ContactCSVReader: Sendable {
  /// A CSV exporter's column names; the raw value is the `--dialect` spelling.
  public enum Dialect: String, Sendable, CaseIterable {
    case zimbra, outlook, thunderbird, google, yahoo
    case windowsLive = "windows-live"
    case outlookUnknown = "outlook-unknown"
  }

  /// A read CSV file: the dialect it was read as and the contacts found.
  public struct Output: Sendable {
    /// The dialect used: the forced one, else the one detected from the header.
    public var dialect: Dialect
    /// The contacts, diagnostics and unmapped columns.
    public var result: ContactReadResult
    /// How the bytes were read when they were not UTF-8 or UTF-16: `CP932 (detector: SHIFT_JIS,
    /// confidence 1.00)`, `WINDOWS-1251 (--encoding)`; nil for UTF-8 and UTF-16.
    public var charset: String? = nil
  }

  /// Forces a dialect; nil detects it from the header.
  public var dialect: Dialect?
  /// The charset of a file that is not UTF-8: detected (the default) or given (`--encoding`).
  public var charset: CharsetChoice

  /// Creates a reader; pass a dialect to skip detection, a charset to skip charset detection.
  public init(dialect: Dialect? = nil, charset: CharsetChoice = .detect) {
    self.dialect = dialect
    self.charset = charset
  }

  /// Reads a CSV file from disk; throws when it cannot be read or has no header line.
  public func read(contentsOf url: URL) throws -> Output {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw ContactsCalendarsError(
        "cannot read CSV file: \(error.localizedDescription)", at: SourceLocation(file: url.path))
    }
    return try read(data: data, file: url.path)
  }

  /// Throws when there is no header line.
  public func read(data: Data, file: String) throws -> Output {
    var result = ContactReadResult()
    let (text, charsetNote) = try Self.decode(
      data, file: file, charset: charset, diagnostics: &result.diagnostics)
    let records = ContactCSVSyntax.records(text)
    guard
      let headerRecord = records.first(where: {
        !$0.cells.allSatisfy { $0.contactsTrimmed().isEmpty }
      })
    else {
      throw ContactsCalendarsError(
        "CSV file has no header line", at: SourceLocation(file: file, line: 1))
    }
    let header = headerRecord.cells.map { $0.contactsTrimmed() }
    let chosen = dialect ?? Self.detectDialect(header: header)
    // French Thunderbird and Outlook repeat names (`Ville` for home then work, `Titre` for
    // prefix then job title): the n-th column of a name takes the n-th target.
    var seen: [String: Int] = [:]
    let occurrence = header.map { name -> Int in
      defer { seen[name, default: 0] += 1 }
      return seen[name, default: 0]
    }
    let locale = ContactCSVMaps.locale(of: header, dialect: chosen)
    let dateOrder: ContactCSVSyntax.DateOrder
    if chosen == .yahoo {
      dateOrder = .monthFirst
    } else if let locale, ContactCSVMaps.dayFirstLocales.contains(locale) {
      dateOrder = .dayFirst
    } else {
      dateOrder = .monthFirstGuessed
    }
    let columnTargets = ContactCSVMaps.targets(of: header, dialect: chosen, locale: locale)
    for record in records where record.line > headerRecord.line {
      if record.cells.allSatisfy({ $0.contactsTrimmed().isEmpty }) { continue }
      let loc = SourceLocation(file: file, line: record.line)
      if record.cells.count > header.count,
        record.cells[header.count...].contains(where: { !$0.isEmpty })
      {
        result.diagnostics.append(
          Diagnostic(
            .warning, code: "extra-cells",
            "record has \(record.cells.count) cells, header has \(header.count); extra cells ignored",
            at: loc))
      }
      var row: [Cell] = []
      for (i, name) in header.enumerated() where i < record.cells.count {
        let v = record.cells[i]
        if !v.contactsTrimmed().isEmpty, !name.isEmpty {
          row.append(
            Cell(name: name, value: v, occurrence: occurrence[i], targets: columnTargets[i]))
        }
      }
      var contact = Contact(location: loc)
      map(
        row, dialect: chosen, dateOrder: dateOrder, into: &contact, location: loc, result: &result)
      if contact.isEmpty {
        result.diagnostics.append(
          Diagnostic(.skipped, code: "empty-record", "record has no mapped fields", at: loc))
      } else {
        result.contacts.append(contact)
      }
    }
    return Output(dialect: chosen, result: result, charset: charsetNote)
  }

  /// The text of a CSV file: UTF-16 (Outlook's and Windows Live Mail's "Unicode" exports) by its
  /// byte-order mark or zero bytes, UTF-8 (a BOM skipped), else detected (see the type's notes).
  static func decode(_ data: Data, file: String, diagnostics: inout [Diagnostic]) throws -> String {
    try decode(data, file: file, charset: .detect, diagnostics: &diagnostics).text
  }

  /// `decode`, with the charset choice for bytes that are not UTF-8; also returns how they were read
  /// (nil for UTF-8 and UTF-16).
  static func decode(
    _ data: Data, file: String, charset: CharsetChoice, diagnostics: inout [Diagnostic]
  ) throws -> (text: String, charset: String?) {
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if let (encoding, bomLength, guessed) = utf16Encoding(bytes) {
      guard let text = String(data: Data(bytes.dropFirst(bomLength)), encoding: encoding) else {
        throw ContactsCalendarsError(
          "CSV looks like UTF-16 but does not decode as it", at: SourceLocation(file: file, line: 1)
        )
      }
      if guessed {
        diagnostics.append(
          Diagnostic(
            .warning, code: "charset-guess",
            "CSV has no byte-order mark but its zero bytes say UTF-16; read as \(encoding == .utf16LittleEndian ? "UTF-16LE" : "UTF-16BE")",
            at: SourceLocation(file: file)))
      }
      return (text, nil)
    }
    if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
    let location = SourceLocation(file: file)
    if case .given(let given) = charset {
      switch given.decode(bytes) {
      case .success(let text): return (text, "\(given.name) (--encoding)")
      case .failure(let error):
        throw ContactsCalendarsError(
          "CSV is not valid \(given.name) (--encoding): \(error)",
          at: SourceLocation(file: file, line: error.line(in: bytes)))
      }
    }
    let guess = CharsetGuess.guess(bytes)
    switch guess.verdict {
    case .undecided:
      throw UnclearCharsetError(
        "CSV", guess: guess,
        at: SourceLocation(file: file, line: TextLines.firstNonASCIILine(in: bytes)))
    case .detected where guess.charset != .windows1250:
      diagnostics.append(
        Diagnostic(
          .warning, code: "charset-guess",
          "CSV is not valid UTF-8; read as \(guess); if names look wrong, give --encoding NAME",
          at: location))
      return (guess.text ?? "", guess.description)
    case .detected, .western:
      // Western exporters write Windows-1252, Central European ones (Polish Outlook) Windows-1250:
      // the one whose header has more known column names wins; on a tie, the detector's.
      let western = guess.verdict == .western ? guess.text ?? "" : SingleByteText.decode(bytes)
      var central: String? = guess.verdict == .detected ? guess.text : nil
      if central == nil, case .success(let text) = Charset.windows1250.decode(bytes) {
        central = text
      }
      var text = western
      var name = "Windows-1252"
      if let central,
        guess.verdict == .detected
          ? knownHeaderNames(central) >= knownHeaderNames(western)
          : knownHeaderNames(central) > knownHeaderNames(western)
      {
        text = central
        name = "Windows-1250"
      }
      diagnostics.append(
        Diagnostic(
          .warning, code: "charset-fallback",
          "CSV is not valid UTF-8; decoded as \(name)", at: location))
      let confidence = CharsetGuess.confidence(of: text).confidence
      return (
        text,
        CharsetGuess.describe(
          name.uppercased(), answer: guess.detectorAnswer, confidence: confidence)
      )
    }
  }

  /// How many cells of the first line are column names some exporter writes.
  static func knownHeaderNames(_ text: String) -> Int {
    let firstLine = text.prefix { !$0.isNewline }
    guard let header = ContactCSVSyntax.records(String(firstLine)).first else { return 0 }
    return header.cells.filter { ContactCSVMaps.allColumnNames.contains($0.contactsTrimmed()) }
      .count
  }

  /// UTF-16 by its byte-order mark, or (guessed) by zero bytes in every other place of the first
  /// characters; the encoding, the mark's length, and whether it was a guess.
  static func utf16Encoding(_ bytes: [UInt8]) -> (String.Encoding, Int, Bool)? {
    if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2, false) }
    if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2, false) }
    let head = Array(bytes.prefix(64))
    guard head.count >= 8, head.count % 2 == 0 else { return nil }
    let even = stride(from: 0, to: head.count, by: 2).map { head[$0] }
    let odd = stride(from: 1, to: head.count, by: 2).map { head[$0] }
    if odd.allSatisfy({ $0 == 0 }), !even.contains(0) { return (.utf16LittleEndian, 0, true) }
    if even.allSatisfy({ $0 == 0 }), !odd.contains(0) { return (.utf16BigEndian, 0, true) }
    return nil
  }

  /// The dialect whose known column names match most header names (case-sensitive, like ZCS),
  /// columns only one dialect has counting double; `zimbra` when none match or when more header
  /// names are well-known Zimbra field names. Known columns include those with no Zimbra field
  /// (Outlook's `E-mail Type`, Yahoo's `Yahoo! Phone`) and every header language of a dialect.
  /// Ties go to the dialect declared first.
  public static func detectDialect(header: [String]) -> Dialect {
    let names = Set(header)
    var best: (Dialect, Int) = (.zimbra, 0)
    for d in Dialect.allCases where d != .zimbra {
      let own = Set(ContactCSVMaps.columns[d, default: [:]].keys)
      let others = Set(ContactCSVMaps.columns.filter { $0.key != d }.flatMap { $0.value.keys })
      // Matches count once, and once more when only this dialect has the column.
      var score = names.intersection(own).count + names.intersection(own.subtracting(others)).count
      if d == .google {
        score +=
          names.filter {
            $0.hasPrefix("E-mail ") && $0.hasSuffix(" - Value")
              || $0.hasPrefix("Phone ") && $0.hasSuffix(" - Value")
          }.count
      }
      if score > best.1 { best = (d, score) }
    }
    let zimbraScore = names.intersection(ZimbraContactCSVWriter.wellKnownOrder).count
    return zimbraScore > best.1 ? .zimbra : best.0
  }

  /// One non-empty cell of a record: its column name, value, how many earlier columns have the same
  /// name, and the Zimbra targets of its column (nil when the dialect has none).
  private struct Cell {
    var name: String
    var value: String
    var occurrence: Int
    var targets: String?
  }

  private func map(
    _ row: [Cell], dialect: Dialect, dateOrder: ContactCSVSyntax.DateOrder,
    into contact: inout Contact,
    location: SourceLocation, result: inout ContactReadResult
  ) {
    func unmapped(_ name: String) { result.unmappedProperties[name, default: 0] += 1 }
    func append(_ field: String, _ value: String, separator: String = "\n") {
      if let old = contact[field] {
        contact[field] = old + separator + value
      } else {
        contact[field] = value
      }
    }
    func date(_ field: String, _ raw: String) {
      switch ContactCSVSyntax.parseDate(raw, order: dateOrder) {
      case .none: break
      case .some((let value, let ambiguous)):
        contact[field] = value
        if ambiguous {
          result.diagnostics.append(
            Diagnostic(
              .warning, code: "date-ambiguous",
              "\(field) '\(raw)' read as month/day/year", at: location))
        }
      }
    }
    if dialect == .zimbra {
      for cell in row {
        let (name, value) = (cell.name, cell.value)
        if name == "__tag" {
          for t in ContactCSVSyntax.decodeTags(value) { contact.addTag(t) }
        } else if contact[name] == nil,
          !contact.fieldNames.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame })
        {
          contact[name] = value
        }
      }
      return
    }
    var birth: (y: String?, m: String?, d: String?) = (nil, nil, nil)
    var singleName: (column: String, value: String)?
    for cell in row {
      let (name, value) = (cell.name, cell.value)
      guard let targets = cell.targets else {
        // Google's numbered groups are mapped below.
        if dialect == .google, ContactCSVSyntax.googleColumn(name) != nil { continue }
        unmapped(name)
        continue
      }
      let choices = targets.split(separator: "|")
      guard cell.occurrence < choices.count else {
        unmapped(name)
        continue
      }
      let target = String(choices[cell.occurrence])
      switch target {
      case ContactCSVMaps.noField: unmapped(name)
      case "@tags":
        let sep: Character = dialect == .outlook || dialect == .outlookUnknown ? ";" : ","
        for t in value.split(separator: sep) { contact.addTag(String(t)) }
      case "@groups":
        for t in value.components(separatedBy: " ::: ") where !t.hasPrefix("* ") {
          contact.addTag(t)
        }
      case "@birthYear": birth.y = value
      case "@birthMonth": birth.m = value
      case "@birthDay": birth.d = value
      case "@name": singleName = (name, value)
      case "birthday", "anniversary": date(target, value)
      case let t where t.hasPrefix("email"):
        contact.addNumbered("email", value: value.contactsTrimmed())
      case let t where t.hasSuffix("Street"):
        append(t, value)
      case "notes":
        append("notes", value)
      case let t where t.hasPrefix("@im:"):
        contact.addIMAddress(value, service: String(t.dropFirst(4)))
      default:
        if contact[target] == nil {
          contact[target] = value
        } else {
          contact.addNumbered(target, value: value)
        }
      }
    }
    if dialect == .google { mapGoogleNumbered(row, into: &contact, unmapped: unmapped) }
    if let (column, value) = singleName {
      // Zimbra's `name` column type: split only when the record has no separate name parts;
      // otherwise keep the whole name as the display name rather than drop it.
      if contact["firstName"] == nil, contact["middleName"] == nil, contact["lastName"] == nil {
        let parts = ContactCSVSyntax.splitName(value)
        contact["firstName"] = parts.first
        contact["middleName"] = parts.middle
        contact["lastName"] = parts.last
      } else if contact["fullName"] == nil {
        contact["fullName"] = value.contactsTrimmed()
      } else {
        unmapped(column)
      }
    }
    if let y = birth.y, let m = birth.m, let d = birth.d, let yi = Int(y), let mi = Int(m),
      let di = Int(d),
      (1...12).contains(mi), (1...31).contains(di)
    {
      contact["birthday"] = String(format: "%04d-%02d-%02d", yi, mi, di)
    } else if birth.y != nil || birth.m != nil || birth.d != nil {
      result.diagnostics.append(
        Diagnostic(
          .warning, code: "date-unparsed", "incomplete Birth Year/Month/Day not kept", at: location)
      )
    }
  }

  /// Google's numbered column groups: `E-mail 1 - Value`, `Phone 2 - Type`, `Address 1 - City`, `Website 1 - Value`.
  private func mapGoogleNumbered(
    _ row: [Cell], into contact: inout Contact, unmapped: (String) -> Void
  ) {
    var groups: [String: [Int: [String: String]]] = [:]
    for cell in row {
      let (name, value) = (cell.name, cell.value)
      guard ContactCSVMaps.columns[.google]?[name] == nil,
        let (kind, index, part) = ContactCSVSyntax.googleColumn(name)
      else { continue }
      groups[kind, default: [:]][index, default: [:]][part] = value
    }
    func type(_ g: [String: String]) -> String {
      (g["Type"] ?? g["Label"] ?? "").replacingOccurrences(of: "* ", with: "").lowercased()
    }
    for (_, g) in (groups["E-mail"] ?? [:]).sorted(by: { $0.key < $1.key }) {
      for v in (g["Value"] ?? "").components(separatedBy: " ::: ") {
        contact.addNumbered("email", value: v.contactsTrimmed())
      }
    }
    for (_, g) in (groups["Phone"] ?? [:]).sorted(by: { $0.key < $1.key }) {
      let t = type(g)
      let base: String
      switch t {
      case "work": base = "workPhone"
      case "home": base = "homePhone"
      case "mobile": base = "mobilePhone"
      case "work fax": base = "workFax"
      case "home fax": base = "homeFax"
      case "pager": base = "pager"
      case "main": base = "companyPhone"
      default: base = "otherPhone"
      }
      for v in (g["Value"] ?? "").components(separatedBy: " ::: ") {
        contact.addNumbered(base, value: v.contactsTrimmed())
      }
    }
    for (_, g) in (groups["Website"] ?? [:]).sorted(by: { $0.key < $1.key }) {
      let t = type(g)
      let order =
        t == "work" ? ["workURL", "otherURL", "homeURL"] : ["homeURL", "workURL", "otherURL"]
      if let v = g["Value"], let free = order.first(where: { contact[$0] == nil }) {
        contact[free] = v
      } else if g["Value"] != nil {
        unmapped("Website")
      }
    }
    var used = Set<String>()
    for (_, g) in (groups["Address"] ?? [:]).sorted(by: { $0.key < $1.key }) {
      let t = type(g)
      let prefix = [t == "work" ? "work" : (t == "home" ? "home" : "other"), "other"].first {
        !used.contains($0)
      }
      guard let prefix else {
        unmapped("Address")
        continue
      }
      used.insert(prefix)
      var street = [g["PO Box"], g["Street"], g["Extended Address"]].compactMap { $0 }.filter {
        !$0.isEmpty
      }.joined(separator: "\n")
      if street.isEmpty, let f = g["Formatted"], g["City"] == nil { street = f }
      contact[prefix + "Street"] = street
      contact[prefix + "City"] = g["City"]
      contact[prefix + "State"] = g["Region"]
      contact[prefix + "PostalCode"] = g["Postal Code"]
      contact[prefix + "Country"] = g["Country"]
    }
    for (kind, byIndex) in groups where !["E-mail", "Phone", "Website", "Address"].contains(kind) {
      for _ in byIndex { unmapped(kind) }
    }
  }
}

enum ContactCSVSyntax {
  struct Record {
    var cells: [String]
    var line: Int
  }

  /// RFC-4180 records; separator from the first `,`/`;` outside quotes on the first line (else tab).
  static func records(_ text: String) -> [Record] {
    var sep: Character = ","
    var inQ = false
    var found = false
    for c in text {
      if c == "\"" {
        inQ.toggle()
      } else if !inQ, c == "," || c == ";" {
        sep = c
        found = true
        break
      } else if !inQ, c.isNewline {
        break
      }
    }
    if !found, text.prefix(while: { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }).contains("\t") {
      sep = "\t"
    }
    var out: [Record] = []
    var cells: [String] = []
    var cell = ""
    var quoted = false
    var inQuotes = false
    var afterQuote = false
    var line = 1
    var start = 1
    let chars = Array(text)
    var i = 0
    func endCell() {
      cells.append(cell)
      cell = ""
      quoted = false
      afterQuote = false
    }
    while i < chars.count {
      let c = chars[i]
      let isNL = c == "\n" || c == "\r" || c == "\r\n"
      if inQuotes {
        if c == "\"" {
          if i + 1 < chars.count, chars[i + 1] == "\"" {
            cell.append("\"")
            i += 1
          } else {
            inQuotes = false
            afterQuote = true
          }
        } else {
          if isNL {
            line += 1
            cell.append("\n")
          } else {
            cell.append(c)
          }
        }
      } else if c == "\"", cell.isEmpty, !quoted {
        inQuotes = true
        quoted = true
      } else if c == sep {
        endCell()
      } else if isNL {
        endCell()
        out.append(Record(cells: cells, line: start))
        cells = []
        line += 1
        start = line
      } else if !afterQuote {
        cell.append(c)
      } else {
        cell.append(c)  // text after a closing quote: keep it rather than lose it
      }
      i += 1
    }
    if !cell.isEmpty || !cells.isEmpty {
      endCell()
      out.append(Record(cells: cells, line: start))
    }
    return out
  }

  /// `E-mail 1 - Value` → ("E-mail", 1, "Value").
  static func googleColumn(_ name: String) -> (String, Int, String)? {
    guard let dash = name.range(of: " - ") else { return nil }
    let left = name[..<dash.lowerBound]
    guard let space = left.lastIndex(of: " "), let n = Int(left[left.index(after: space)...]) else {
      return nil
    }
    return (String(left[..<space]), n, String(name[dash.upperBound...]))
  }

  /// `a\,b,c` → ["a,b", "c"].
  static func decodeTags(_ s: String) -> [String] {
    var tags: [String] = []
    var cur = ""
    var esc = false
    for c in s {
      if esc {
        cur.append(c)
        esc = false
      } else if c == "\\" {
        esc = true
      } else if c == "," {
        tags.append(cur)
        cur = ""
      } else {
        cur.append(c)
      }
    }
    tags.append(cur)
    return tags.map { $0.contactsTrimmed() }.filter { !$0.isEmpty }
  }

  /// How to read a slash date whose first two numbers could both be the month.
  enum DateOrder: Sendable {
    /// Month first, reported as a guess (English Outlook: en-US and en-GB headers are the same).
    case monthFirstGuessed
    /// Month first, known (Yahoo; ZCS's `dateformat` `mdy` for `yahoo-csv`).
    case monthFirst
    /// Day first, known (headers in `ContactCSVMaps.dayFirstLocales`, e.g. German `dd.MM.yyyy`).
    case dayFirst
  }

  /// ISO `yyyy-MM-dd`, `yyyyMMdd`, `Y-M-D`, or `M/D/Y` / `D/M/Y` / `D-M-Y` / `D.M.Y`; `0/0/00`
  /// (Outlook's empty) → nil. Returns the `yyyy-MM-dd` value and whether the day/month order had to
  /// be guessed.
  static func parseDate(_ raw: String, order: DateOrder = .monthFirstGuessed) -> (String, Bool)? {
    let s = raw.contactsTrimmed()
    if let iso = VCardSyntax.normalizeDate(s) { return (iso, false) }
    let separators: [Character] = ["/", ".", "-"]
    guard let sepChar = separators.first(where: { s.contains($0) }) else {
      return s.isEmpty ? nil : (s, false)
    }
    let p = s.split(separator: sepChar).map { Int(String($0).contactsTrimmed()) }
    guard p.count == 3, let a = p[0], let b = p[1], let c = p[2] else { return (s, false) }
    if a == 0 && b == 0 { return nil }
    if a >= 1000 {
      // Year first (`1985-3-7`): month then day, never ambiguous.
      guard (1...12).contains(b), (1...31).contains(c) else { return (s, false) }
      return (String(format: "%04d-%02d-%02d", a, b, c), false)
    }
    var y = c
    if y < 100 { y += y < 30 ? 2000 : 1900 }
    var month = a
    var day = b
    var ambiguous = false
    if sepChar == "." || a > 12 {
      month = b
      day = a
    } else if b > 12 || a == b {
    } else {
      switch order {
      case .monthFirstGuessed: ambiguous = true
      case .monthFirst: break
      case .dayFirst:
        month = b
        day = a
      }
    }
    guard (1...12).contains(month), (1...31).contains(day) else { return (s, false) }
    return (String(format: "%04d-%02d-%02d", y, month, day), ambiguous)
  }

  /// Zimbra's single-`Name` split: `Last, First Middle…` when the value has a comma, else
  /// `First Middle… Last`; one word is the first name.
  static func splitName(_ raw: String) -> (first: String?, middle: String?, last: String?) {
    func words(_ s: Substring) -> [String] {
      s.split(whereSeparator: \.isWhitespace).map(String.init)
    }
    func joined(_ w: ArraySlice<String>) -> String? { w.isEmpty ? nil : w.joined(separator: " ") }
    let value = raw.contactsTrimmed()
    if let comma = value.firstIndex(of: ",") {
      let last = String(value[..<comma]).contactsTrimmed()
      let rest = words(value[value.index(after: comma)...])
      return (rest.first, joined(rest.dropFirst()), last.isEmpty ? nil : last)
    }
    let w = words(Substring(value))
    if w.count < 2 { return (w.first, nil, nil) }
    return (w.first, joined(w.dropFirst().dropLast()), w.last)
  }
}

/// Column names exporters write, per dialect and header language, with the Zimbra field each maps to
/// (names from ZCS's `zimbra-contact-fields.xml`, ZIMBRA-IMPORT.md §3.3). Targets starting with `@`
/// are handled by the reader: `@tags`, `@groups`, `@birthYear`/`@birthMonth`/`@birthDay`, `@name`
/// (one column split into first/middle/last), `@im:SERVICE` (an IM handle, stored as Zimbra's
/// `SERVICE://handle` in the next free `imAddressN`) and `@none` (a column the exporter writes that has no
/// Zimbra field: counted as unmapped, still evidence for detection). `a|b` maps the first column of
/// that name to `a` and the second to `b`.
enum ContactCSVMaps {
  static let noField = "@none"

  /// Header languages whose exporters write dates day first (`d.M.yyyy`, `dd/MM/yyyy`, Dutch and
  /// Danish `d-M-yyyy`). Swedish Outlook writes `yyyy-MM-dd`, which needs no order.
  static let dayFirstLocales: Set<String> = ["de", "fr", "es", "it", "nl", "pt_BR", "da", "pl"]

  /// Each dialect's tables by header language (ZCS `csvlocale` spelling), English first.
  static let localized: [ContactCSVReader.Dialect: [(locale: String, columns: [String: String])]] =
    [
      .outlook: [
        ("en", outlook), ("de", outlookGerman), ("fr", outlookFrench), ("es", outlookSpanish),
        ("it", outlookItalian), ("nl", outlookDutch), ("pt_BR", outlookBrazilianPortuguese),
        ("da", outlookDanish), ("sv", outlookSwedish), ("pl", outlookPolish),
      ],
      .thunderbird: [
        ("en", thunderbird), ("de", thunderbirdGerman), ("fr", thunderbirdFrench),
        ("es_ES", thunderbirdSpanish), ("it", thunderbirdItalian), ("nl", thunderbirdDutch),
        ("pt_BR", thunderbirdBrazilianPortuguese), ("da", thunderbirdDanish),
        ("sv", thunderbirdSwedish), ("pl", thunderbirdPolish),
      ],
      .google: [("en", google)],
      .yahoo: [("en", yahoo)],
      .windowsLive: [("en", windowsLive)],
      .outlookUnknown: [("en", outlookUnknown)],
    ]

  /// All languages of a dialect in one table (no name means different things in two languages of
  /// the same dialect; a test checks it).
  static let columns: [ContactCSVReader.Dialect: [String: String]] = localized.mapValues { tables in
    tables.reduce(into: [:]) { all, table in all.merge(table.columns) { first, _ in first } }
  }

  /// Names that mean different things in two languages of one dialect; the header's own language
  /// decides (`Particular`: Spanish Outlook's home phone, Brazilian Outlook's private flag; `Nome`:
  /// Italian first name, Brazilian single-name column).
  static let languageDependentNames: Set<String> = ["Particular", "Nome"]

  /// The targets of each header column, looked up once per file: in the header language's own
  /// table first, then in all of the dialect's languages, then ignoring case.
  static func targets(
    of header: [String], dialect: ContactCSVReader.Dialect, locale: String?
  ) -> [String?] {
    let own = localized[dialect]?.first { $0.locale == locale }?.columns ?? [:]
    let all = columns[dialect, default: [:]]
    var folded: [String: String] = [:]
    for table in localized[dialect] ?? [] {
      for name in table.columns.keys.sorted() where folded[name.lowercased()] == nil {
        folded[name.lowercased()] = table.columns[name]
      }
    }
    return header.map { own[$0] ?? all[$0] ?? folded[$0.lowercased()] }
  }

  /// Every column name of every dialect and language.
  static let allColumnNames: Set<String> = Set(columns.values.flatMap(\.keys))

  /// The header language of `dialect` that matches most header names; nil when none matches.
  static func locale(of header: [String], dialect: ContactCSVReader.Dialect) -> String? {
    let names = Set(header)
    var best: (String?, Int) = (nil, 0)
    for table in localized[dialect] ?? [] {
      let n = names.filter { table.columns[$0] != nil }.count
      if n > best.1 { best = (table.locale, n) }
    }
    return best.0
  }

  static let outlook: [String: String] = [
    "Title": "namePrefix", "First Name": "firstName", "Middle Name": "middleName",
    "Last Name": "lastName",
    "Suffix": "nameSuffix", "Company": "company", "Department": "department",
    "Job Title": "jobTitle",
    "Business Street": "workStreet", "Business Street 2": "workStreet",
    "Business Street 3": "workStreet",
    "Business City": "workCity", "Business State": "workState",
    "Business Postal Code": "workPostalCode",
    "Business Country/Region": "workCountry", "Business Country": "workCountry",
    "Home Street": "homeStreet", "Home Street 2": "homeStreet", "Home Street 3": "homeStreet",
    "Home City": "homeCity", "Home State": "homeState", "Home Postal Code": "homePostalCode",
    "Home Country/Region": "homeCountry", "Home Country": "homeCountry",
    "Other Street": "otherStreet", "Other Street 2": "otherStreet", "Other Street 3": "otherStreet",
    "Other City": "otherCity", "Other State": "otherState", "Other Postal Code": "otherPostalCode",
    "Other Country/Region": "otherCountry", "Other Country": "otherCountry",
    "Assistant's Phone": "assistantPhone", "Business Fax": "workFax", "Business Phone": "workPhone",
    "Business Phone 2": "workPhone2", "Callback": "callbackPhone", "Car Phone": "carPhone",
    "Company Main Phone": "companyPhone", "Home Fax": "homeFax", "Home Phone": "homePhone",
    "Home Phone 2": "homePhone2", "Mobile Phone": "mobilePhone", "Other Fax": "otherFax",
    "Other Phone": "otherPhone", "Pager": "pager", "Anniversary": "anniversary",
    "Birthday": "birthday",
    "Categories": "@tags", "E-mail Address": "email", "E-mail 2 Address": "email2",
    "E-mail 3 Address": "email3",
    "Initials": "initials", "Nickname": "nickname", "Notes": "notes", "Web Page": "workURL",
    "Assistant's Name": "assistantName", "Office Location": "office",
    "Name": "@name", "User 1": "custom1", "User 2": "custom2", "User 3": "custom3",
    "User 4": "custom4",
    "ISDN": noField, "Primary Phone": noField, "Radio Phone": noField, "TTY/TDD Phone": noField,
    "Telex": noField,
    "Account": noField, "Billing Information": noField, "Business Address PO Box": noField,
    "Children": noField,
    "Directory Server": noField, "E-mail Type": noField, "E-mail Display Name": noField,
    "E-mail 2 Type": noField,
    "E-mail 2 Display Name": noField, "E-mail 3 Type": noField, "E-mail 3 Display Name": noField,
    "Gender": noField,
    "Government ID Number": noField, "Hobby": noField, "Home Address PO Box": noField,
    "Internet Free Busy": noField,
    "Keywords": noField, "Language": noField, "Location": noField, "Manager's Name": noField,
    "Mileage": noField,
    "Organizational ID Number": noField, "Other Address PO Box": noField, "Priority": noField,
    "Private": noField,
    "Profession": noField, "Referred By": noField, "Sensitivity": noField, "Spouse": noField,
  ]

  /// German Outlook (`csvlocale=de`), the same fields as English.
  static let outlookGerman: [String: String] = [
    "Anrede": "namePrefix", "Vorname": "firstName", "Weitere Vornamen": "middleName",
    "Nachname": "lastName",
    "Suffix": "nameSuffix", "Name": "@name", "Firma": "company", "Abteilung": "department",
    "Position": "jobTitle",
    "Adresse geschäftlich": "workStreet", "Straße geschäftlich": "workStreet",
    "Straße geschäftlich 2": "workStreet",
    "Straße geschäftlich 3": "workStreet", "Ort geschäftlich": "workCity",
    "Region geschäftlich": "workState",
    "Postleitzahl geschäftlich": "workPostalCode", "Land/Region geschäftlich": "workCountry",
    "Adresse privat": "homeStreet", "Straße privat": "homeStreet", "Straße privat 2": "homeStreet",
    "Straße privat 3": "homeStreet", "Ort privat": "homeCity",
    "Bundesland/Kanton privat": "homeState",
    "Postleitzahl privat": "homePostalCode", "Land/Region privat": "homeCountry",
    "Weitere Straße": "otherStreet", "Weitere Straße 2": "otherStreet",
    "Weitere Straße 3": "otherStreet",
    "Weiterer Ort": "otherCity", "Weiteres/r Bundesland/Kanton": "otherState",
    "Weitere Postleitzahl": "otherPostalCode",
    "Weiteres/e Land/Region": "otherCountry",
    "Telefon Assistent": "assistantPhone", "Fax geschäftlich": "workFax",
    "Telefon geschäftlich": "workPhone",
    "Telefon geschäftlich 2": "workPhone2", "Rückmeldung": "callbackPhone",
    "Autotelefon": "carPhone",
    "Telefon Firma": "companyPhone", "Fax privat": "homeFax", "Telefon privat": "homePhone",
    "Telefon privat 2": "homePhone2", "Mobiltelefon": "mobilePhone", "Weiteres Fax": "otherFax",
    "Weiteres Telefon": "otherPhone", "Pager": "pager", "Jahrestag": "anniversary",
    "Geburtstag": "birthday",
    "Kategorien": "@tags", "E-Mail-Adresse": "email", "E-Mail 2: Adresse": "email2",
    "E-Mail 3: Adresse": "email3",
    "Initialen": "initials", "Notizen": "notes", "Webseite": "workURL",
    "Name Assistent": "assistantName",
    "Büro": "office", "Benutzer 1": "custom1", "Benutzer 2": "custom2", "Benutzer 3": "custom3",
    "Benutzer 4": "custom4",
    "ISDN": noField, "Haupttelefon": noField, "Mobiltelefon 2": noField,
    "Telefon für Hörbehinderte": noField,
    "Telex": noField, "Konto": noField, "Abrechnungsinformation": noField,
    "Postfach geschäftlich": noField,
    "Kinder": noField, "Verzeichnisserver": noField, "E-Mail-Typ": noField,
    "E-Mail: Angezeigter Name": noField,
    "E-Mail 2: Typ": noField, "E-Mail 2: Angezeigter Name": noField, "E-Mail 3: Typ": noField,
    "E-Mail 3: Angezeigter Name": noField, "Geschlecht": noField, "Regierungsnr.": noField,
    "Hobby": noField,
    "Postfach privat": noField, "Internet-Frei/Gebucht": noField, "Stichwörter": noField,
    "Sprache": noField,
    "Ort": noField, "Name des/der Vorgesetzten": noField, "Reisekilometer": noField,
    "Organisationsnr.": noField,
    "Weiteres Postfach": noField, "Priorität": noField, "Privat": noField, "Beruf": noField,
    "Empfohlen von": noField, "Vertraulichkeit": noField, "Partner": noField,
  ]

  /// French Outlook (`csvlocale=fr`, written with `;`): `Titre` is the name prefix, then the job title.
  static let outlookFrench: [String: String] = [
    "Titre": "namePrefix|jobTitle", "Prénom": "firstName", "Deuxième prénom": "middleName",
    "Nom": "lastName",
    "Suffixe": "nameSuffix", "Société": "company", "Service": "department",
    "Adresse professionnelle": "workStreet", "Rue (bureau)": "workStreet",
    "Rue (bureau) 2": "workStreet",
    "Rue (bureau) 3": "workStreet", "Ville (bureau)": "workCity",
    "Dép/Région (bureau)": "workState",
    "Code postal (bureau)": "workPostalCode", "Pays/Région (bureau)": "workCountry",
    "Adresse personnelle": "homeStreet", "Rue (domicile)": "homeStreet",
    "Rue (domicile) 2": "homeStreet",
    "Rue (domicile) 3": "homeStreet", "Ville (domicile)": "homeCity",
    "Dép/Région (domicile)": "homeState",
    "Code postal (domicile)": "homePostalCode", "Pays/Région (domicile)": "homeCountry",
    "Rue (autre)": "otherStreet", "Rue (autre) 2": "otherStreet", "Rue (autre) 3": "otherStreet",
    "Ville (autre)": "otherCity", "Dép/Région (autre)": "otherState",
    "Code postal (autre)": "otherPostalCode",
    "Pays/Région (autre)": "otherCountry",
    "Téléphone de l'assistant(e)": "assistantPhone", "Télécopie (bureau)": "workFax",
    "Téléphone (bureau)": "workPhone", "Téléphone 2 (bureau)": "workPhone2",
    "Rappel": "callbackPhone",
    "Téléphone (voiture)": "carPhone", "Téléphone société": "companyPhone",
    "Télécopie (domicile)": "homeFax",
    "Téléphone (domicile)": "homePhone", "Téléphone 2 (domicile)": "homePhone2",
    "Tél. mobile": "mobilePhone",
    "Télécopie (autre)": "otherFax", "Téléphone (autre)": "otherPhone",
    "Récepteur de radiomessagerie": "pager",
    "Anniversaire de mariage ou fête": "anniversary", "Anniversaire": "birthday",
    "Catégories": "@tags",
    "Adresse de messagerie": "email", "Adresse de messagerie 2": "email2",
    "Adresse de messagerie 3": "email3",
    "Initiales": "initials", "Notes": "notes", "Page Web": "workURL",
    "Nom de l'assistant(e)": "assistantName",
    "Bureau": "office", "Utilisateur 1": "custom1", "Utilisateur 2": "custom2",
    "Utilisateur 3": "custom3",
    "Utilisateur 4": "custom4",
    "RNIS": noField, "Téléphone principal": noField, "Radio téléphone": noField,
    "Téléphone TDD/TTY": noField,
    "Télex": noField, "Compte": noField, "Informations facturation": noField,
    "B.P. professionnelle": noField,
    "Enfants": noField, "Serveur d'annuaire": noField, "Type de messagerie": noField,
    "Nom complet de l'adresse de messagerie": noField, "Type de messagerie 2": noField,
    "Nom complet de l'adresse de messagerie 2": noField, "Type de messagerie 3": noField,
    "Nom complet de l'adresse de messagerie 3": noField, "Sexe": noField,
    "Code gouvernement": noField,
    "Passe-temps": noField, "Boîte postale du domicile": noField, "Disponibilité Internet": noField,
    "Mots clés": noField, "Langue": noField, "Emplacement": noField, "Responsable": noField,
    "Kilométrage": noField, "Numéro d'identification de l'organisation": noField,
    "Autre boîte postale": noField,
    "Priorité": noField, "Privé": noField, "Profession": noField, "Recommandé par": noField,
    "Critère de diffusion": noField, "Conjoint(e)": noField,
  ]

  /// Spanish Outlook (`csvlocale=es`); several columns keep their English names. `Nombre` is the
  /// first name (Zimbra also lists it for the single-name column, as French `Nom`). `Particular` is
  /// the home phone here (Brazilian Outlook's private flag: see `languageDependentNames`).
  static let outlookSpanish: [String: String] = [
    "Particular": "homePhone", "Title": "namePrefix", "Nombre": "firstName",
    "Segundo nombre": "middleName",
    "Apellidos": "lastName", "Suffix": "nameSuffix", "Organización": "company",
    "Department": "department", "Puesto": "jobTitle", "Dirección trabajo": "workStreet",
    "Calle del trabajo": "workStreet", "Calle del trabajo 2": "workStreet",
    "Calle del trabajo 3": "workStreet", "Ciudad de trabajo": "workCity",
    "Provincia o estado de trabajo": "workState", "Código postal del trabajo": "workPostalCode",
    "País o región del trabajo": "workCountry", "Dirección particular": "homeStreet",
    "Home Street": "homeStreet", "Home Street 2": "homeStreet", "Home Street 3": "homeStreet",
    "Home City": "homeCity", "Home State": "homeState", "Home Postal Code": "homePostalCode",
    "País o región del domicilio": "homeCountry", "Otra calle": "otherStreet",
    "Otra calle 2": "otherStreet", "Otra calle 3": "otherStreet", "Otra ciudad": "otherCity",
    "Otra provincia o estado": "otherState", "Otro código postal": "otherPostalCode",
    "Otro país o región": "otherCountry", "Assistant's Phone": "assistantPhone",
    "Business Fax": "workFax", "Teléfono del trabajo": "workPhone",
    "Business Phone 2": "workPhone2", "Devolución de llamada": "callbackPhone",
    "Car Phone": "carPhone", "Número de centralita de la organización": "companyPhone",
    "Home Fax": "homeFax", "Home Phone 2": "homePhone2", "ISDN": noField,
    "Mobile Phone": "mobilePhone", "Otro fax": "otherFax", "Otro teléfono": "otherPhone",
    "Pager": "pager", "Teléfono principal": noField, "Radioteléfono": noField,
    "Número de teletipo": noField, "Télex": noField, "Account": noField,
    "Anniversary": "anniversary", "Assistant's Name": "assistantName", "Facturación": noField,
    "Birthday": "birthday", "Apartado postal de la dirección del trabajo": noField,
    "Categorías": "@tags", "Hijos": noField, "Servidor de directorio": noField,
    "E-mail Address": "email", "E-mail Type": noField,
    "Nombre de pantalla de correo electrónico": noField,
    "Dirección de correo electrónico 2": "email2", "Tipo de correo electrónico 2": noField,
    "Nombre de pantalla de correo electrónico 2": noField,
    "Dirección del correo electrónico 3": "email3", "Tipo de correo electrónico 3": noField,
    "Nombre de pantalla de correo electrónico 3": noField, "Género": noField,
    "Government ID Number": noField, "Aficiones": noField,
    "Apartado postal de la dirección personal": noField, "Initials": "initials",
    "Internet Free Busy": noField, "Keywords": noField, "Language": noField, "Location": noField,
    "Nombre del director": noField, "Kilometraje": noField, "Notes": "notes",
    "Office Location": "office", "Organizational ID Number": noField,
    "Otro apartado postal": noField, "Prioridad": noField, "Private": noField,
    "Profesión": noField, "Remitido por": noField, "Confidencialidad": noField, "Spouse": noField,
    "Usuario 1": "custom1", "Usuario 2": "custom2", "Usuario 3": "custom3", "Usuario 4": "custom4",
    "Página Web": "workURL",
  ]

  /// Italian Outlook (`csvlocale=it`). `Nome` is the first name (Zimbra also lists it for the
  /// single-name column, as French `Nom`).
  static let outlookItalian: [String: String] = [
    "Titolo": "namePrefix", "Nome": "firstName", "Secondo nome": "middleName",
    "Cognome": "lastName", "Titolo straniero": "nameSuffix", "Società": "company",
    "Reparto": "department", "Posizione": "jobTitle", "Indirizzo ufficio": "workStreet",
    "Via (uff.)": "workStreet", "Via (uff.) 2": "workStreet", "Via (uff.) 3": "workStreet",
    "Città (uff.)": "workCity", "Provincia (uff.)": "workState", "CAP (uff.)": "workPostalCode",
    "Paese (uff.)": "workCountry", "Indirizzo casa": "homeStreet", "Via (ab.)": "homeStreet",
    "Via (ab.) 2": "homeStreet", "Via (ab.) 3": "homeStreet", "Città (ab.)": "homeCity",
    "Provincia (ab.)": "homeState", "CAP (ab.)": "homePostalCode", "Paese (ab.)": "homeCountry",
    "Altra via": "otherStreet", "Altra via 2": "otherStreet", "Altra via 3": "otherStreet",
    "Altra città": "otherCity", "Altra provincia": "otherState", "Altro CAP": "otherPostalCode",
    "Altro paese": "otherCountry", "Telefono assistente": "assistantPhone",
    "Fax (uff.)": "workFax", "Ufficio": "workPhone", "Ufficio 2": "workPhone2",
    "Richiamata automatica": "callbackPhone", "Telefono auto": "carPhone",
    "Telefono principale società": "companyPhone", "Fax (ab.)": "homeFax",
    "Abitazione": "homePhone", "Abitazione 2": "homePhone2", "ISDN": noField,
    "Cellulare": "mobilePhone", "Altro fax": "otherFax", "Altro telefono": "otherPhone",
    "Cercapersone": "pager", "Telefono principale": noField, "Radiotelefono": noField,
    "Telefono TTY/TDD": noField, "Telex": noField, "Account": noField,
    "Anniversario": "anniversary", "Nome assistente": "assistantName",
    "Dati fatturazione": noField, "Compleanno": "birthday",
    "Indirizzo (uff.) - Casella postale": noField, "Categorie": "@tags", "Figli": noField,
    "Server di elenchi in linea": noField, "Indirizzo posta elettronica": "email",
    "Tipo posta elettronica": noField, "Nome visualizzato posta elettronica": noField,
    "Indirizzo posta elettronica 2": "email2", "Tipo posta elettronica 2": noField,
    "Nome visualizzato posta elettronica 2": noField, "Indirizzo posta elettronica 3": "email3",
    "Tipo posta elettronica 3": noField, "Nome visualizzato posta elettronica 3": noField,
    "Sesso": noField, "Cod. Fisc./P. IVA": noField, "Hobby": noField,
    "Indirizzo (ab.) - Casella postale": noField, "Iniziali": "initials",
    "Disponibilità Internet": noField, "Parole chiave": noField, "Lingua": noField,
    "Luogo": noField, "Nome manager": noField, "Indennità trasferta": noField, "Notes": "notes",
    "Ubicazione ufficio": "office", "Numero ID organizzativo": noField,
    "Altro indirizzo - Casella postale": noField, "Priorità": noField, "Privato": noField,
    "Professione": noField, "Presentato da": noField, "Riservatezza": noField,
    "Nome coniuge": noField, "Utente 1": "custom1", "Utente 2": "custom2", "Utente 3": "custom3",
    "Utente 4": "custom4", "Pagina Web": "workURL",
  ]

  /// Dutch Outlook (`csvlocale=nl`).
  static let outlookDutch: [String: String] = [
    "Titel": "namePrefix", "Voornaam": "firstName", "Middelste naam": "middleName",
    "Achternaam": "lastName", "Achtervoegsel": "nameSuffix", "Naam": "@name", "Bedrijf": "company",
    "Afdeling": "department", "Functie": "jobTitle", "Adres werk": "workStreet",
    "Werkadres, straat": "workStreet", "Werkadres 2, straat": "workStreet",
    "Werkadres 3, straat": "workStreet", "Werkadres, plaats": "workCity",
    "Werkadres, provincie": "workState", "Werkadres, postcode": "workPostalCode",
    "Land/regio (werk)": "workCountry", "Adres thuis": "homeStreet",
    "Huisadres, straat": "homeStreet", "Huisadres, straat 2": "homeStreet",
    "Huisadres, straat 3": "homeStreet", "Huisadres, plaats": "homeCity",
    "Huisadres, provincie": "homeState", "Huisadres, postcode": "homePostalCode",
    "Land/regio (thuis)": "homeCountry", "Ander adres, straat": "otherStreet",
    "Ander adres, straat 2": "otherStreet", "Ander adres, straat 3": "otherStreet",
    "Ander adres, plaats": "otherCity", "Ander adres, provincie": "otherState",
    "Ander adres, postcode": "otherPostalCode", "Land/regio (anders)": "otherCountry",
    "Telefoon assistent": "assistantPhone", "Fax op werk": "workFax",
    "Telefoon op werk": "workPhone", "Telefoon op werk 2": "workPhone2",
    "Terugbellen": "callbackPhone", "Autotelefoon": "carPhone",
    "Hoofdtelefoon bedrijf": "companyPhone", "Fax thuis": "homeFax", "Telefoon thuis": "homePhone",
    "Telefoon thuis 2": "homePhone2", "ISDN": noField, "Mobiele telefoon": "mobilePhone",
    "Andere fax": "otherFax", "Andere telefoon": "otherPhone", "Pager": "pager",
    "Hoofdtelefoon": noField, "Radiotelefoon": noField, "Teksttelefoon": noField, "Telex": noField,
    "Account": noField, "Speciale datum": "anniversary", "Naam assistent": "assistantName",
    "Factuurinformatie": noField, "Verjaardag": "birthday", "Werkadres, postbusnummer": noField,
    "Categorieën": "@tags", "Kinderen": noField, "Adreslijstserver": noField,
    "E-mailadres": "email", "E-mailtype": noField, "Weergavenaam voor e-mail": noField,
    "E-mailadres 2": "email2", "E-mailtype 2": noField, "E-mail, weergegeven naam 2": noField,
    "E-mailadres 3": "email3", "E-mailtype 3": noField, "E-mail, weergegeven naam 3": noField,
    "Geslacht": noField, "Sofinummer": noField, "Hobby's": noField,
    "Huisadres, postbusnummer": noField, "Initialen": "initials",
    "Internet Beschikbaarheidsinfo": noField, "Trefwoorden": noField, "Taal": noField,
    "Locatie": noField, "Naam manager": noField, "Reisafstand": noField, "Notities": "notes",
    "Kantoorlocatie": "office", "Organisatie-id": noField, "Ander adres, postbusnummer": noField,
    "Prioriteit": noField, "Privé": noField, "Beroep": noField, "Referentie van": noField,
    "Gevoeligheid": noField, "Partner": noField, "Gebruiker 1": "custom1",
    "Gebruiker 2": "custom2", "Gebruiker 3": "custom3", "Gebruiker 4": "custom4",
    "Webpagina": "workURL",
  ]

  /// Brazilian Portuguese Outlook (`csvlocale=pt_BR`); several columns keep their English names.
  /// `Estado` is the home state, then the other address's state. `Nome` is the single-name column
  /// and `Particular` the private flag (Italian first name and Spanish home phone elsewhere: see
  /// `languageDependentNames`).
  static let outlookBrazilianPortuguese: [String: String] = [
    "Nome": "@name", "Tratamento": "namePrefix", "Primeiro nome": "firstName",
    "Segundo nome": "middleName",
    "Sobrenome": "lastName", "Sufixo": "nameSuffix", "Empresa": "company",
    "Departamento": "department", "Cargo": "jobTitle", "Endereço comercial": "workStreet",
    "Business Street": "workStreet", "Rua do endereço comercial 2": "workStreet",
    "Rua do endereço comercial 3": "workStreet", "Business City": "workCity",
    "Business State": "workState", "Business Postal Code": "workPostalCode",
    "País/Região da Empresa": "workCountry", "Endereço residencial": "homeStreet|homeStreet",
    "Endereço residencial 2": "homeStreet", "Endereço residencial 3": "homeStreet",
    "Cidade do endereço residencial": "homeCity", "Estado": "homeState|otherState",
    "CEP do endereço residencial": "homePostalCode", "País/Região de Residência": "homeCountry",
    "Outro endereço": "otherStreet", "Outro endereço 2": "otherStreet",
    "Outro endereço 3": "otherStreet", "Cidade": "otherCity", "CEP": "otherPostalCode",
    "Outro País/Região": "otherCountry", "Telefone do assistente": "assistantPhone",
    "Fax comercial": "workFax", "Telefone comercial": "workPhone",
    "Telefone comercial 2": "workPhone2", "Retorno de chamada": "callbackPhone",
    "Telefone do carro": "carPhone", "Telefone principal da empresa": "companyPhone",
    "Fax residencial": "homeFax", "Telefone residencial": "homePhone",
    "Telefone residencial 2": "homePhone2", "ISDN": noField, "Telefone celular": "mobilePhone",
    "Outro fax": "otherFax", "Outro telefone": "otherPhone", "Pager": "pager",
    "Telefone principal": noField, "Radiofone": noField, "Telefone TTY/TDD": noField,
    "Telex": noField, "Conta": noField, "Datas especiais": "anniversary",
    "Nome do assistente": "assistantName", "Informações para cobrança": noField,
    "Birthday": "birthday", "Caixa postal do endereço comercial": noField, "Categorias": "@tags",
    "Filhos": noField, "Servidor de diretório": noField, "E-mail Address": "email",
    "Tipo de email": noField, "Nome para exibição do email": noField,
    "Endereço de email 2": "email2", "Tipo de email 2": noField,
    "Nome para exibição do email 2": noField, "Endereço de email 3": "email3",
    "Tipo de email 3": noField, "Nome para exibição do email 3": noField, "Sexo": noField,
    "Código do governo": noField, "Hobby": noField,
    "Caixa postal do endereço residencial": noField, "Iniciais": "initials",
    "Disponibilidade da Internet": noField, "Palavras-chave": noField, "Idioma": noField,
    "Local": noField, "Nome do gerenciador": noField, "Quilometragem": noField,
    "Anotações": "notes", "Sala": "office", "Código da empresa": noField,
    "Caixa postal de outro endereço": noField, "Prioridade": noField, "Particular": noField,
    "Profissão": noField, "Indicação": noField, "Sensibilidade": noField, "Spouse": noField,
    "Personalizado 1": "custom1", "Personalizado 2": "custom2", "Personalizado 3": "custom3",
    "Personalizado 4": "custom4", "Página da Web": "workURL",
  ]

  /// Danish Outlook (`csvlocale=da`).
  static let outlookDanish: [String: String] = [
    "Titel": "namePrefix", "Fornavn": "firstName", "Mellemnavn": "middleName",
    "Efternavn": "lastName", "Suffiks": "nameSuffix", "Navn": "@name", "Firma": "company",
    "Afdeling": "department", "Stilling": "jobTitle", "Arbejdsadresse": "workStreet",
    "Gade (arbejde)": "workStreet", "Gade 2 (firma)": "workStreet", "Gade 3 (firma)": "workStreet",
    "By (arbejde)": "workCity", "Område (arbejde)": "workState",
    "Postnummer (arbejde)": "workPostalCode", "Land/område (arbejde)": "workCountry",
    "Privatadresse": "homeStreet", "Gade (privat)": "homeStreet", "Gade 2 (privat)": "homeStreet",
    "Gade 3 (privat)": "homeStreet", "By (privat)": "homeCity", "Område (privat)": "homeState",
    "Postnummer (privat)": "homePostalCode", "Land/område (privat)": "homeCountry",
    "Anden gade": "otherStreet", "Anden gade 2": "otherStreet", "Anden gade 3": "otherStreet",
    "Anden by": "otherCity", "Andet område": "otherState", "Andet postnummer": "otherPostalCode",
    "Andet land/område": "otherCountry", "Assistentens telefon": "assistantPhone",
    "Fax (arbejde)": "workFax", "Telefon (arbejde)": "workPhone",
    "Telefon 2 (arbejde)": "workPhone2", "Tilbagekald": "callbackPhone", "Biltelefon": "carPhone",
    "Primær telefon (firma)": "companyPhone", "Fax (privat)": "homeFax",
    "Telefon (privat)": "homePhone", "Telefon 2 (privat)": "homePhone2", "ISDN": noField,
    "Mobiltelefon": "mobilePhone", "Anden fax": "otherFax", "Anden telefon": "otherPhone",
    "Personsøger": "pager", "Primær telefon": noField, "Radiotelefon": noField,
    "TTY/TDD-telefon": noField, "Telex": noField, "Konto": noField, "Mærkedag": "anniversary",
    "Assistentens navn": "assistantName", "Takstoplysninger": noField, "Fødselsdag": "birthday",
    "Adresse,postboks (arbejde)": noField, "Kategorier": "@tags", "Børn": noField,
    "Adresseserver": noField, "E-mail-adresse": "email", "E-mail-type": noField,
    "E-mail-vist navn": noField, "E-mail 2-adresse": "email2", "E-mail 2-type": noField,
    "E-mail 2-vist navn": noField, "E-mail 3-adresse": "email3", "E-mail 3-type": noField,
    "E-mail 3-vist navn": noField, "Køn": noField, "Se-nr.": noField, "Hobby": noField,
    "Adresse,postboks (privat)": noField, "Initialer": "initials",
    "Ledig/optaget via internettet": noField, "Nøgleord": noField, "Sprog": noField,
    "Sted": noField, "Navn på overordnet": noField, "Kørte kilometer": noField, "Notater": "notes",
    "Kontoradresse": "office", "Firmanr.": noField, "Anden adresse,postboks": noField,
    "Prioritet": noField, "Privat": noField, "Profession": noField, "Henvist af": noField,
    "Følsomhed": noField, "Ægtefælle": noField, "Bruger 1": "custom1", "Bruger 2": "custom2",
    "Bruger 3": "custom3", "Bruger 4": "custom4", "webside": "workURL",
  ]

  /// Swedish Outlook (`csvlocale=sv`); its dates are `yyyy-MM-dd`.
  static let outlookSwedish: [String: String] = [
    "Titel": "namePrefix", "Förnamn": "firstName", "Mellannamn": "middleName",
    "Efternamn": "lastName", "Namnsuffix": "nameSuffix", "Namn": "@name", "Företag": "company",
    "Avdelning": "department", "Befattning": "jobTitle", "Adress (arbete)": "workStreet",
    "Gatuadress, arbete": "workStreet", "Gatuadress 2, arbete": "workStreet",
    "Gatuadress 3, arbete": "workStreet", "Ort, arbete": "workCity", "Region, arbete": "workState",
    "Postadress, arbete": "workPostalCode", "Land, arbete": "workCountry",
    "Adress (hem)": "homeStreet", "Gatuadress, hem": "homeStreet",
    "Gatuadress 2, hem": "homeStreet", "Gatuadress 3, hem": "homeStreet", "Hemort": "homeCity",
    "Region, hem": "homeState", "Postnr, hem": "homePostalCode", "Land, hem": "homeCountry",
    "Annan gata": "otherStreet", "Annan gata 2": "otherStreet", "Annan gata 3": "otherStreet",
    "Annan ort": "otherCity", "Annan region": "otherState", "Annat postnummer": "otherPostalCode",
    "Annat land": "otherCountry", "Telefon, assistent": "assistantPhone", "Fax arbete": "workFax",
    "Arbete": "workPhone", "Telefon 2, arbete": "workPhone2", "Motringning": "callbackPhone",
    "Biltelefon": "carPhone", "Företag, växel": "companyPhone", "Fax, hem": "homeFax",
    "Hem": "homePhone", "Telefon 2, hem": "homePhone2", "ISDN": noField,
    "Mobiltelefon": "mobilePhone", "Fax, annan": "otherFax", "Telefon, annan": "otherPhone",
    "Personsökare": "pager", "Telefon 1": noField, "Telefon 2": noField,
    "TTY/TDD-telefon": noField, "Telex": noField, "Konto": noField, "Årsdag": "anniversary",
    "Namn, assistent": "assistantName", "Fakturering": noField, "Födelsedag": "birthday",
    "Arbetsadress, box": noField, "Kategorier": "@tags", "Barn": noField, "Katalogserver": noField,
    "E-postadress": "email", "E-posttyp": noField, "E-postnamn": noField,
    "E-postadress 2": "email2", "E-posttyp 2": noField, "E-postnamn 2": noField,
    "E-postadress 3": "email3", "E-posttyp 3": noField, "E-postnamn 3": noField, "Kön": noField,
    "Personnummer": noField, "Hobby": noField, "Hemadress, box": noField, "Initialer": "initials",
    "Ledig/upptagen-information för Internet": noField, "Nyckelord": noField, "Språk": noField,
    "Plats": noField, "Namn, chef": noField, "Reseersättning (km)": noField,
    "Anteckningar": "notes", "Arbetsplats": "office", "Organisationsnummer": noField,
    "Annan adress, box": noField, "Prioritet": noField, "Privat": noField, "Yrke": noField,
    "Referens": noField, "Känslighet": noField, "Make maka": noField, "Användare 1": "custom1",
    "Användare 2": "custom2", "Användare 3": "custom3", "Användare 4": "custom4",
    "Webbsida": "workURL",
  ]

  /// Polish Outlook (`csvlocale=pl`).
  static let outlookPolish: [String: String] = [
    "Tytuł": "namePrefix", "Imię": "firstName", "Drugie imię": "middleName",
    "Nazwisko": "lastName", "Sufiks": "nameSuffix", "Nazwa": "@name", "Firma": "company",
    "Dział": "department", "Stanowisko": "jobTitle", "Adres służbowy": "workStreet",
    "Adres służbowy - ulica": "workStreet", "Adres służbowy - ulica 2": "workStreet",
    "Adres służbowy - ulica 3": "workStreet", "Adres służbowy - miejscowość": "workCity",
    "Adres służbowy - województwo": "workState", "Adres służbowy - kod pocztowy": "workPostalCode",
    "Adres służbowy - kraj/region": "workCountry", "Adres domowy": "homeStreet",
    "Adres domowy - ulica": "homeStreet", "Adres domowy - ulica (2)": "homeStreet",
    "Adres domowy - ulica (3)": "homeStreet", "Adres domowy - miejscowość": "homeCity",
    "Adres domowy - województwo": "homeState", "Adres domowy - kod pocztowy": "homePostalCode",
    "Adres domowy - kraj/region": "homeCountry", "Inny adres - ulica": "otherStreet",
    "Inny adres - ulica 2": "otherStreet", "Inny adres - ulica 3": "otherStreet",
    "Inny adres - miejscowość": "otherCity", "Inny adres - województwo": "otherState",
    "Inny adres - kod pocztowy": "otherPostalCode", "Inny adres - kraj/region": "otherCountry",
    "Telefon asystenta": "assistantPhone", "Faks służbowy": "workFax",
    "Telefon służbowy": "workPhone", "Telefon służbowy 2": "workPhone2",
    "Wywołanie zwrotne": "callbackPhone", "Telefon w samochodzie": "carPhone",
    "Główny telefon do firmy": "companyPhone", "Faks domowy": "homeFax",
    "Telefon domowy": "homePhone", "Telefon domowy 2": "homePhone2", "ISDN": noField,
    "Telefon komórkowy": "mobilePhone", "Inny faks": "otherFax", "Inny telefon": "otherPhone",
    "Pager": "pager", "Telefon podstawowy": noField, "Radiotelefon": noField,
    "Telefon TTY/TDD": noField, "Teleks": noField, "Konto": noField, "Rocznica": "anniversary",
    "Imię i nazwisko asystenta": "assistantName", "Informacje rozliczeniowe": noField,
    "Urodziny": "birthday", "Służbowa skrzynka pocztowa": noField, "Kategorie": "@tags",
    "Dzieci": noField, "Serwer katalogowy": noField, "Adres e-mail": "email",
    "Typ poczty e-mail": noField, "Wyświetlana nazwa e-mail": noField, "Adres e-mail 2": "email2",
    "Rodzaj e-mail 2": noField, "Wyświetlana nazwa e-mail 2": noField, "Adres e-mail 3": "email3",
    "Rodzaj e-mail 3": noField, "Wyświetlana nazwa e-mail 3": noField, "Płeć": noField,
    "PESEL": noField, "Hobby": noField, "Domowa skrzynka pocztowa": noField,
    "Inicjały": "initials", "Internetowe informacje wolny/zajęty": noField,
    "Słowa kluczowe": noField, "Język": noField, "Lokalizacja": noField, "Menedżer": noField,
    "Przebieg": noField, "Notatki": "notes", "Lokalizacja biura": "office",
    "Numer ewidencyjny w organizacji": noField, "Inna skrzynka pocztowa": noField,
    "Priorytet": noField, "Prywatne": noField, "Zawód": noField, "Osoba polecająca": noField,
    "Charakter": noField, "Współmałżonek": noField, "Użytkownik 1": "custom1",
    "Użytkownik 2": "custom2", "Użytkownik 3": "custom3", "Użytkownik 4": "custom4",
    "Strona sieci Web": "workURL",
  ]

  static let thunderbird: [String: String] = [
    "First Name": "firstName", "Last Name": "lastName", "Display Name": "fullName",
    "Nickname": "nickname",
    "Primary Email": "email", "Secondary Email": "email2", "Work Phone": "workPhone",
    "Home Phone": "homePhone",
    "Fax Number": "workFax", "Pager Number": "pager", "Mobile Number": "mobilePhone",
    "Home Address": "homeStreet", "Home Address 2": "homeStreet", "Home City": "homeCity",
    "Home State": "homeState", "Home ZipCode": "homePostalCode", "Home Country": "homeCountry",
    "Work Address": "workStreet", "Work Address 2": "workStreet", "Work City": "workCity",
    "Work State": "workState", "Work ZipCode": "workPostalCode", "Work Country": "workCountry",
    "Job Title": "jobTitle", "Department": "department", "Organization": "company",
    "Web Page 1": "workURL", "Web Page 2": "homeURL", "Birth Year": "@birthYear",
    "Birth Month": "@birthMonth",
    "Birth Day": "@birthDay", "Custom 1": "custom1", "Custom 2": "custom2", "Custom 3": "custom3",
    "Custom 4": "custom4", "Notes": "notes",
    "Screen Name": noField,
  ]

  /// German Thunderbird (`csvlocale=de`): `Geburtstag` is the day of birth here, not the date.
  static let thunderbirdGerman: [String: String] = [
    "Vorname": "firstName", "Nachname": "lastName", "Anzeigename": "fullName",
    "Spitzname": "nickname",
    "Primäre E-Mail-Adresse": "email", "Sekundäre E-Mail-Adresse": "email2",
    "Messenger-Name": noField,
    "Tel. dienstlich": "workPhone", "Tel. privat": "homePhone", "Fax-Nummer": "workFax",
    "Pager-Nummer": "pager",
    "Mobil-Tel.-Nr.": "mobilePhone", "Privat: Adresse": "homeStreet",
    "Privat: Adresse 2": "homeStreet",
    "Privat: Ort": "homeCity", "Privat: Bundesland": "homeState", "Privat: PLZ": "homePostalCode",
    "Privat: Land": "homeCountry", "Dienstlich: Adresse": "workStreet",
    "Dienstlich: Adresse 2": "workStreet",
    "Dienstlich: Ort": "workCity", "Dienstlich: Bundesland": "workState",
    "Dienstlich: PLZ": "workPostalCode",
    "Dienstlich: Land": "workCountry", "Arbeitstitel": "jobTitle", "Abteilung": "department",
    "Organisation": "company", "Webseite 1": "workURL", "Webseite 2": "homeURL",
    "Geburtsjahr": "@birthYear",
    "Geburtsmonat": "@birthMonth", "Geburtstag": "@birthDay", "Benutzerdef. 1": "custom1",
    "Benutzerdef. 2": "custom2", "Benutzerdef. 3": "custom3", "Benutzerdef. 4": "custom4",
    "Notizen": "notes",
  ]

  /// French Thunderbird (`csvlocale=fr`): the home address columns, then the work ones, share names.
  static let thunderbirdFrench: [String: String] = [
    "Prénom": "firstName", "Nom de famille": "lastName", "Nom à afficher": "fullName",
    "Surnom": "nickname",
    "Adresse électronique principale": "email", "Adresse électronique secondaire": "email2",
    "Nom de l'écran": noField, "Tél. professionnel": "workPhone", "Tél. personnel": "homePhone",
    "Fax": "workFax",
    "Pager": "pager", "Portable": "mobilePhone", "Adresse privée": "homeStreet",
    "Adresse privée 2": "homeStreet",
    "Ville": "homeCity|workCity", "Pays/État": "homeState|workState",
    "Code postal": "homePostalCode|workPostalCode",
    "Région": "homeCountry|workCountry", "Adresse professionnelle": "workStreet",
    "Adresse professionnelle 2": "workStreet", "Profession": "jobTitle", "Service": "department",
    "Société": "company", "Site Web 1": "workURL", "Site Web 2": "homeURL",
    "Année de naissance": "@birthYear",
    "Mois": "@birthMonth", "Jour": "@birthDay", "Divers 1": "custom1", "Divers 2": "custom2",
    "Divers 3": "custom3", "Divers 4": "custom4", "Notes": "notes",
  ]

  /// Spanish Thunderbird (`csvlocale=es_ES`).
  static let thunderbirdSpanish: [String: String] = [
    "Nombre": "firstName", "Apellidos": "lastName", "Nombre mostrado": "fullName",
    "Apodo": "nickname", "Dirección de correo electrónico principal": "email",
    "Dirección de correo electrónico secundaria": "email2", "Nombre en pantalla": noField,
    "Teléfono (Trabajo)": "workPhone", "Teléfono particular": "homePhone", "Fax": "workFax",
    "Buscapersonas": "pager", "Teléfono móvil": "mobilePhone", "Dirección personal": "homeStreet",
    "Dirección personal 2": "homeStreet", "Ciudad donde vive": "homeCity",
    "Provincia": "homeState", "Código postal": "homePostalCode",
    "País de residencia": "homeCountry", "Dirección de trabajo": "workStreet",
    "Dirección de trabajo 2": "workStreet", "Ciudad (Trabajo)": "workCity",
    "Provincia (Trabajo)": "workState", "Código postal (Trabajo)": "workPostalCode",
    "País (Trabajo)": "workCountry", "Puesto": "jobTitle", "Departamento": "department",
    "Organización": "company", "Página web 1": "workURL", "Página web 2": "homeURL",
    "Mes de nacimiento": "@birthMonth", "Día de nacimiento": "@birthDay",
    "Año de nacimiento": "@birthYear", "Personalizado 1": "custom1", "Personalizado 2": "custom2",
    "Personalizado 3": "custom3", "Personalizado 4": "custom4", "Notas": "notes",
  ]

  /// Italian Thunderbird (`csvlocale=it`).
  static let thunderbirdItalian: [String: String] = [
    "Nome": "firstName", "Cognome": "lastName", "Nome visualizzato": "fullName",
    "Soprannome": "nickname", "E-mail primaria": "email", "E-mail secondaria": "email2",
    "Nome Instant Messenger": noField, "Telefono ufficio": "workPhone",
    "Telefono casa": "homePhone", "Numero fax": "workFax", "Numero cercapersone": "pager",
    "Numero cellulare": "mobilePhone", "Indirizzo di casa": "homeStreet",
    "Indirizzo di casa 2": "homeStreet", "Città di residenza": "homeCity",
    "Provincia di residenza": "homeState", "CAP di residenza": "homePostalCode",
    "Nazione di residenza": "homeCountry", "Indirizzo di lavoro": "workStreet",
    "Indirizzo di lavoro 2": "workStreet", "Città di lavoro": "workCity",
    "Provincia di lavoro": "workState", "CAP di lavoro": "workPostalCode",
    "Nazione di lavoro": "workCountry", "Qualifica": "jobTitle", "Reparto": "department",
    "Organizzazione": "company", "Pagina web 1": "workURL", "Pagina web 2": "homeURL",
    "Mese di nascita": "@birthMonth", "Giorno di nascita": "@birthDay",
    "Anno di nascita": "@birthYear", "Personalizzato 1": "custom1", "Personalizzato 2": "custom2",
    "Personalizzato 3": "custom3", "Personalizzato 4": "custom4", "Note": "notes",
  ]

  /// Dutch Thunderbird (`csvlocale=nl`).
  static let thunderbirdDutch: [String: String] = [
    "Voornaam": "firstName", "Achternaam": "lastName", "Weergavenaam": "fullName",
    "Bijnaam": "nickname", "Eerste e-mail": "email", "Tweede e-mail": "email2",
    "Schermnaam": noField, "Telefoon werk": "workPhone", "Telefoon thuis": "homePhone",
    "Faxnummer": "workFax", "Piepernummer": "pager", "Mobiel nummer": "mobilePhone",
    "Adres": "homeStreet", "Adres 2": "homeStreet", "Woonplaats": "homeCity",
    "Provincie": "homeState", "Postcode": "homePostalCode", "Land": "homeCountry",
    "Werkadres": "workStreet", "Werkadres 2": "workStreet", "Werklocatie": "workCity",
    "Werkprovincie": "workState", "Werkpostcode": "workPostalCode", "Werkland": "workCountry",
    "Werkfunctie": "jobTitle", "Afdeling": "department", "Organisatie": "company",
    "Webpagina 1": "workURL", "Webpagina 2": "homeURL", "Geboortemaand": "@birthMonth",
    "Geboortedag": "@birthDay", "Geboortejaar": "@birthYear", "Overig 1": "custom1",
    "Overig 2": "custom2", "Overig 3": "custom3", "Overig 4": "custom4", "Aantekeningen": "notes",
  ]

  /// Brazilian Portuguese Thunderbird (`csvlocale=pt_BR`): `Nascimento` is the day of birth.
  static let thunderbirdBrazilianPortuguese: [String: String] = [
    "Primeiro nome": "firstName", "Sobrenome": "lastName", "Apresentar como": "fullName",
    "Apelido": "nickname", "Email primário": "email", "Email secundário": "email2",
    "Nome de tela": noField, "Telefone comercial": "workPhone",
    "Telefone residencial": "homePhone", "Número do fax": "workFax", "Número do pager": "pager",
    "Número celular": "mobilePhone", "Endereço": "homeStreet", "Endereço 2": "homeStreet",
    "Cidade": "homeCity", "Estado": "homeState", "CEP": "homePostalCode", "País": "homeCountry",
    "Endereço de trabalho": "workStreet", "Endereço de trabalho 2": "workStreet",
    "Cidade de trabalho": "workCity", "Estado de trabalho": "workState",
    "CEP de trabalho": "workPostalCode", "País de trabalho": "workCountry", "Cargo": "jobTitle",
    "Setor": "department", "Empresa": "company", "Página da web 1": "workURL",
    "Página da web 2": "homeURL", "Mês de nascimento": "@birthMonth", "Nascimento": "@birthDay",
    "Ano de nascimento": "@birthYear", "Personalizado 1": "custom1", "Personalizado 2": "custom2",
    "Personalizado 3": "custom3", "Personalizado 4": "custom4", "Observações": "notes",
  ]

  /// Danish Thunderbird (`csvlocale=da`): `Fødselsdag` is the day of birth here, not the date.
  static let thunderbirdDanish: [String: String] = [
    "Fornavn": "firstName", "Efternavn": "lastName", "Vis navn": "fullName", "Alias": "nickname",
    "Primær mail": "email", "Sekundær mail": "email2", "Skærmnavn": noField,
    "Arbejdstelefon": "workPhone", "Hjemmetelefon": "homePhone", "Faxnummer": "workFax",
    "Personsøgernummer": "pager", "Mobilnummer": "mobilePhone", "Hjemmeadresse": "homeStreet",
    "Hjemmeadresse 2": "homeStreet", "Hjemmeby": "homeCity", "Hjemmestat": "homeState",
    "Hjemmepostnummer": "homePostalCode", "Hjemmeland": "homeCountry",
    "Arbejdsadresse": "workStreet", "Arbejdsadresse 2": "workStreet", "Arbejdsby": "workCity",
    "Arbejdsstat": "workState", "Arbejdspostnummer": "workPostalCode",
    "Arbejdsland": "workCountry", "Job titel": "jobTitle", "Afdeling": "department",
    "Organisation": "company", "Hjemmeside 1": "workURL", "Hjemmeside 2": "homeURL",
    "Fødselsmåned": "@birthMonth", "Fødselsdag": "@birthDay", "Fødselsår": "@birthYear",
    "Brugerdef. 1": "custom1", "Brugerdef. 2": "custom2", "Brugerdef. 3": "custom3",
    "Brugerdef. 4": "custom4", "Notater": "notes",
  ]

  /// Swedish Thunderbird (`csvlocale=sv`): `Titel` is the job title here, not the name prefix.
  static let thunderbirdSwedish: [String: String] = [
    "Förnamn": "firstName", "Efternamn": "lastName", "Kortnamn": "fullName",
    "Smeknamn": "nickname", "E-postadress": "email", "Annan e-post": "email2",
    "Skärmnamn": noField, "Telefon arbete": "workPhone", "Telefon hem": "homePhone",
    "Faxnummer": "workFax", "Personsökare": "pager", "Mobiltelefon": "mobilePhone",
    "Hemadress (rad 1)": "homeStreet", "Hemadress (rad 2)": "homeStreet", "Hemort": "homeCity",
    "(Delstat)": "homeState", "Postnummer": "homePostalCode", "Land": "homeCountry",
    "Adress arbete (rad 1)": "workStreet", "Adress arbete (rad 2)": "workStreet",
    "Ort arbete": "workCity", "(Delstat) arbete": "workState",
    "Postnummer arbete": "workPostalCode", "Land arbete": "workCountry", "Titel": "jobTitle",
    "Avdelning": "department", "Företag": "company", "Hemsida 1": "workURL",
    "Hemsida 2": "homeURL", "Födelsemånad": "@birthMonth", "Födelsedatum": "@birthDay",
    "Födelseår": "@birthYear", "Annan uppgift 1": "custom1", "Annan uppgift 2": "custom2",
    "Annan uppgift 3": "custom3", "Annan uppgift 4": "custom4", "Anteckningar": "notes",
  ]

  /// Polish Thunderbird (`csvlocale=pl`).
  static let thunderbirdPolish: [String: String] = [
    "Imię": "firstName", "Nazwisko": "lastName", "Wyświetlana nazwa": "fullName",
    "Pseudonim": "nickname", "Podstawowy e-mail": "email", "Dodatkowy e-mail": "email2",
    "Komunikator AIM": noField, "Telefonu służbowy": "workPhone", "Telefon domowy": "homePhone",
    "Numer faksu": "workFax", "Pager": "pager", "Numer telefonu komórkowego": "mobilePhone",
    "Adres domowy": "homeStreet", "Adres domowy 2": "homeStreet", "Miasto (dom)": "homeCity",
    "Województwo (dom)": "homeState", "Kod pocztowy (dom)": "homePostalCode",
    "Państwo (dom)": "homeCountry", "Adres służbowy": "workStreet",
    "Adres służbowy 2": "workStreet", "Miasto (praca)": "workCity",
    "Województwo (praca)": "workState", "Kod pocztowy (praca)": "workPostalCode",
    "Państwo (praca)": "workCountry", "Stanowisko": "jobTitle", "Departament": "department",
    "Firma/Organizacja": "company", "Strona WWW 1": "workURL", "Strona WWW 2": "homeURL",
    "Urodziny - Miesiąc": "@birthMonth", "Urodziny - Dzień": "@birthDay",
    "Urodziny - Rok": "@birthYear", "Informacja 1": "custom1", "Informacja 2": "custom2",
    "Informacja 3": "custom3", "Informacja 4": "custom4", "Notatki": "notes",
  ]
  static let google: [String: String] = [
    "Name": "fullName", "Given Name": "firstName", "Additional Name": "middleName",
    "Family Name": "lastName",
    "First Name": "firstName", "Middle Name": "middleName", "Last Name": "lastName",
    "Name Prefix": "namePrefix", "Name Suffix": "nameSuffix", "Nickname": "nickname",
    "File As": "fileAs",
    "Birthday": "birthday", "Notes": "notes", "Group Membership": "@groups", "Labels": "@groups",
    "Organization 1 - Name": "company", "Organization 1 - Title": "jobTitle",
    "Organization 1 - Department": "department", "Organization Name": "company",
    "Organization Title": "jobTitle", "Organization Department": "department",
    "Phonetic First Name": "phoneticFirstName", "Phonetic Last Name": "phoneticLastName",
    "Given Name Yomi": "phoneticFirstName", "Family Name Yomi": "phoneticLastName",
  ]

  /// Yahoo Mail (`yahoo-csv`); dates are month first. IM columns past `Messenger ID` keep ZCS's
  /// custom field names.
  static let yahoo: [String: String] = [
    "First": "firstName", "Middle": "middleName", "Last": "lastName", "Nickname": "nickname",
    "Email": "email",
    "Category": "@tags", "Distribution Lists": noField, "Messenger ID": "@im:yahoo",
    "Home": "homePhone",
    "Work": "workPhone", "Pager": "pager", "Fax": "workFax", "Mobile": "mobilePhone",
    "Other": "otherPhone",
    "Yahoo! Phone": noField, "Primary": noField, "Alternate Email 1": "email2",
    "Alternate Email 2": "email3",
    "Personal Website": "homeURL", "Business Website": "workURL", "Title": "jobTitle",
    "Company": "company",
    "Work Address": "workStreet", "Work City": "workCity", "Work State": "workState",
    "Work ZIP": "workPostalCode",
    "Work Country": "workCountry", "Home Address": "homeStreet", "Home City": "homeCity",
    "Home State": "homeState",
    "Home ZIP": "homePostalCode", "Home Country": "homeCountry", "Birthday": "birthday",
    "Anniversary": "anniversary",
    "Custom 1": "custom1", "Custom 2": "custom2", "Custom 3": "custom3", "Custom 4": "custom4",
    "Comments": "notes",
    "Messenger ID1": "@im:yahoo", "Messenger ID2": "@im:yahoo", "Messenger ID3": "@im:yahoo",
    "Messenger ID4": "@im:yahoo", "Messenger ID5": "@im:yahoo", "Messenger ID6": "@im:yahoo",
    "Messenger ID7": "@im:yahoo", "Messenger ID8": "@im:yahoo", "Messenger ID9": "@im:yahoo",
    "Skype ID": "skypeId", "IRC ID": "ircId", "ICQ ID": "icqId", "Google ID": "googleChatId",
    "MSN ID": "msnId",
    "AIM ID": "aimId", "QQ ID": "qqId",
  ]

  /// Windows Live Mail (`windows-live-mail-csv`): Outlook-like names plus a single `Name` column.
  static let windowsLive: [String: String] = [
    "First Name": "firstName", "Last Name": "lastName", "Middle Name": "middleName",
    "Name": "@name",
    "Nickname": "nickname", "E-mail Address": "email", "Home Street": "homeStreet",
    "Home City": "homeCity",
    "Home Postal Code": "homePostalCode", "Home State": "homeState", "Home Country": "homeCountry",
    "Home Country/Region": "homeCountry", "Home Phone": "homePhone", "Home Fax": "homeFax",
    "Mobile Phone": "mobilePhone", "Personal Web Page": "homeURL", "Business Street": "workStreet",
    "Business City": "workCity", "Business Postal Code": "workPostalCode",
    "Business State": "workState",
    "Business Country": "workCountry", "Business Country/Region": "workCountry",
    "Business Web Page": "workURL",
    "Business Phone": "workPhone", "Business Fax": "workFax", "Pager": "pager",
    "Company": "company",
    "Job Title": "jobTitle", "Department": "department", "Office Location": "office",
    "Notes": "notes",
  ]

  /// Outlook's names without spaces (`outlook-unknown-csv`); custom fields keep ZCS's names.
  static let outlookUnknown: [String: String] = [
    "Title": "namePrefix", "FirstName": "firstName", "MiddleName": "middleName",
    "LastName": "lastName",
    "Suffix": "nameSuffix", "Company": "company", "Department": "department",
    "JobTitle": "jobTitle",
    "BusinessStreet": "workStreet", "BusinessStreet2": "workStreet",
    "BusinessStreet3": "workStreet",
    "BusinessCity": "workCity", "BusinessState": "workState",
    "BusinessPostalCode": "workPostalCode",
    "BusinessCountry": "workCountry", "HomeStreet": "homeStreet", "HomeStreet2": "homeStreet",
    "HomeStreet3": "homeStreet", "HomeCity": "homeCity", "HomeState": "homeState",
    "HomePostalCode": "homePostalCode", "HomeCountry": "homeCountry", "OtherStreet": "otherStreet",
    "OtherStreet2": "otherStreet", "OtherStreet3": "otherStreet", "OtherCity": "otherCity",
    "OtherState": "otherState", "OtherPostalCode": "otherPostalCode",
    "OtherCountry": "otherCountry",
    "AssistantsPhone": "assistantPhone", "BusinessFax": "workFax", "BusinessPhone": "workPhone",
    "BusinessPhone2": "workPhone2", "Callback": "callbackPhone", "CarPhone": "carPhone",
    "CompanyMainPhone": "companyPhone", "HomeFax": "homeFax", "HomePhone": "homePhone",
    "HomePhone2": "homePhone2",
    "ISDN": "isdn", "MobilePhone": "mobilePhone", "OtherFax": "otherFax",
    "OtherPhone": "otherPhone",
    "Pager": "pager", "PrimaryPhone": noField, "RadioPhone": "radioPhone",
    "TTYTDDPhone": "ttyTDDPhone",
    "Telex": "telex", "Account": "account", "Anniversary": "anniversary",
    "AssistantsName": "assistantName",
    "BillingInformation": "billingInfo", "Birthday": "birthday", "Categories": "@tags",
    "Children": "children",
    "DirectoryServer": noField, "EmailAddress": "email", "EmailDisplayName": noField,
    "Email2Address": "email2",
    "Email2DisplayName": noField, "Email3Address": "email3", "Email3DisplayName": noField,
    "Gender": "gender",
    "GovernmentIDNumber": "governmentId", "Hobby": "hobby", "Initials": "initials",
    "InternetFreeBusy": noField,
    "Keywords": "keywords", "Language1": "language", "Location": "location",
    "ManagersName": "managerName",
    "Mileage": "mileage", "Notes": "notes", "OfficeLocation": "office",
    "OrganizationalIDNumber": "organizationId",
    "POBox": "poBox", "Priority": "priority", "Private": noField, "Profession": "profession",
    "ReferredBy": "referredBy", "Sensitivity": "sensitivity", "Spouse": "spouse",
    "User 1": "custom1",
    "User 2": "custom2", "User 3": "custom3", "User 4": "custom4", "Web Page": "workURL",
  ]
}
