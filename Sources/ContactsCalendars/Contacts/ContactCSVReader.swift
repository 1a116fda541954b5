import Foundation
import MailModel

/// Reads contact CSV exports from Outlook (English, German and French headers, and the
/// `outlook-unknown` variant with names like `FirstName`), Thunderbird (English, German, French),
/// Google, Yahoo and Windows Live Mail (dialect detected from the header), or zimbra-csv (header
/// names used verbatim), mapping columns to Zimbra fields.
///
/// Charset: UTF-8 (BOM stripped) when the bytes are valid UTF-8, else Windows-1252 with a
/// `charset-fallback` diagnostic. Separator: the first `,` or `;` outside quotes in the header line
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
  }

  /// Forces a dialect; nil detects it from the header.
  public var dialect: Dialect?

  /// Creates a reader; pass a dialect to skip detection.
  public init(dialect: Dialect? = nil) { self.dialect = dialect }

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
    let text = try Self.decode(data, file: file, diagnostics: &result.diagnostics)
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
    let dateOrder: ContactCSVSyntax.DateOrder
    if chosen == .yahoo {
      dateOrder = .monthFirst
    } else if let locale = ContactCSVMaps.locale(of: header, dialect: chosen),
      ContactCSVMaps.dayFirstLocales.contains(locale)
    {
      dateOrder = .dayFirst
    } else {
      dateOrder = .monthFirstGuessed
    }
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
          row.append(Cell(name: name, value: v, occurrence: occurrence[i]))
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
    return Output(dialect: chosen, result: result)
  }

  /// The text of a CSV file: UTF-16 (Outlook's and Windows Live Mail's "Unicode" exports) by its
  /// byte-order mark or zero bytes, UTF-8 (a BOM skipped), else Windows-1252 with a warning.
  static func decode(_ data: Data, file: String, diagnostics: inout [Diagnostic]) throws -> String {
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
      return text
    }
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    diagnostics.append(
      Diagnostic(
        .warning, code: "charset-fallback",
        "CSV is not valid UTF-8; decoded as Windows-1252", at: SourceLocation(file: file)))
    return VCardSyntax.decodeSingleByte(bytes, windows1252: true)
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

  /// One non-empty cell of a record: its column name, value, and how many earlier columns have
  /// the same name.
  private struct Cell {
    var name: String
    var value: String
    var occurrence: Int
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
    let table = ContactCSVMaps.columns[dialect, default: [:]]
    var birth: (y: String?, m: String?, d: String?) = (nil, nil, nil)
    var singleName: (column: String, value: String)?
    for cell in row {
      let (name, value) = (cell.name, cell.value)
      guard
        let targets = table[name]
          ?? table.first(where: { $0.key.caseInsensitiveCompare(name) == .orderedSame })?.value
      else {
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
      case let t where t.hasPrefix("imAddress") && dialect == .yahoo && !value.contains("://"):
        // Yahoo Messenger IDs, as Zimbra's web client stores a Yahoo handle.
        contact[t] = "yahoo://" + value.contactsTrimmed()
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
    /// Day first, known (German and French headers, whose exporters write `dd.MM.yyyy`/`dd/MM/yyyy`).
    case dayFirst
  }

  /// ISO `yyyy-MM-dd`, `yyyyMMdd`, or `M/D/Y` / `D/M/Y` / `D.M.Y`; `0/0/00` (Outlook's empty) → nil.
  /// Returns the `yyyy-MM-dd` value and whether the day/month order had to be guessed.
  static func parseDate(_ raw: String, order: DateOrder = .monthFirstGuessed) -> (String, Bool)? {
    let s = raw.contactsTrimmed()
    if let iso = VCardSyntax.normalizeDate(s) { return (iso, false) }
    let sepChar: Character? = s.contains("/") ? "/" : (s.contains(".") ? "." : nil)
    guard let sepChar else { return s.isEmpty ? nil : (s, false) }
    let p = s.split(separator: sepChar).map { Int(String($0).contactsTrimmed()) }
    guard p.count == 3, let a = p[0], let b = p[1], var y = p[2] else { return (s, false) }
    if a == 0 && b == 0 { return nil }
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
/// (one column split into first/middle/last) and `@none` (a column the exporter writes that has no
/// Zimbra field: counted as unmapped, still evidence for detection). `a|b` maps the first column of
/// that name to `a` and the second to `b`.
enum ContactCSVMaps {
  static let noField = "@none"

  /// Header languages whose exporters write dates day first.
  static let dayFirstLocales: Set<String> = ["de", "fr"]

  /// Each dialect's tables by header language (ZCS `csvlocale` spelling), English first.
  static let localized: [ContactCSVReader.Dialect: [(locale: String, columns: [String: String])]] =
    [
      .outlook: [("en", outlook), ("de", outlookGerman), ("fr", outlookFrench)],
      .thunderbird: [("en", thunderbird), ("de", thunderbirdGerman), ("fr", thunderbirdFrench)],
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
    "Category": "@tags", "Distribution Lists": noField, "Messenger ID": "imAddress1",
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
    "Messenger ID1": "imAddress2", "Messenger ID2": "imAddress3", "Messenger ID3": "imAddress4",
    "Messenger ID4": "imAddress5", "Messenger ID5": "imAddress6", "Messenger ID6": "imAddress7",
    "Messenger ID7": "imAddress8", "Messenger ID8": "imAddress9", "Messenger ID9": "imAddress10",
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
