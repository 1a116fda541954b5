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
}
