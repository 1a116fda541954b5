import Foundation
import MailModel

/// Writes contacts as Zimbra `zimbra-csv`: UTF-8 with BOM, a header of Zimbra attribute names (well-known
/// ones in a fixed order, then the rest sorted), first header cell unquoted (ZCS only strips the BOM
/// from an unquoted first cell), every other cell quoted with `""` escaping, CRLF record ends, and a
/// final `__tag` column (comma-separated, backslash-escaped) when any contact has tags.
public struct ZimbraContactCSVWriter: Sendable {
  /// A `photo-dropped` warning when contacts have pictures, which CSV cannot carry; nil otherwise.
  public static func photoNote(_ contacts: [Contact], file: String) -> Diagnostic? {
    let count = contacts.filter { $0.photo != nil }.count
    guard count > 0 else { return nil }
    return Diagnostic(
      .warning, code: "photo-dropped",
      "\(count) contact picture(s) not written: Zimbra's contact CSV cannot carry images (a .vcf can)",
      at: SourceLocation(file: file))
  }

  /// The fixed order of well-known Zimbra fields in the header.
  public static let wellKnownOrder: [String] = [
    "firstName", "middleName", "lastName", "namePrefix", "nameSuffix", "fullName", "nickname",
    "fileAs",
    "company", "department", "jobTitle",
    "email", "email2", "email3",
    "workPhone", "workPhone2", "homePhone", "homePhone2", "mobilePhone", "pager", "workFax",
    "homeFax",
    "otherPhone", "otherFax", "carPhone", "callbackPhone", "companyPhone", "assistantPhone",
    "workStreet", "workCity", "workState", "workPostalCode", "workCountry", "workURL",
    "homeStreet", "homeCity", "homeState", "homePostalCode", "homeCountry", "homeURL",
    "otherStreet", "otherCity", "otherState", "otherPostalCode", "otherCountry", "otherURL",
    "birthday", "anniversary", "notes",
  ]

  /// Creates a writer; it has no settings.
  public init() {}

  /// The header columns for these contacts (without `__tag`).
  public func columns(for contacts: [Contact]) -> [String] {
    var used = Set<String>()
    for c in contacts { used.formUnion(c.fieldNames) }
    let known = Self.wellKnownOrder.filter { used.contains($0) }
    let knownSet = Set(known)
    let rest = used.filter { !knownSet.contains($0) }.sorted {
      $0.compare($1, options: [.numeric]) == .orderedAscending
    }
    var cols = known + rest
    // The first cell is written unquoted after the BOM, so it must not need quoting.
    if let first = cols.first, Self.needsQuoting(first),
      let safe = cols.firstIndex(where: { !Self.needsQuoting($0) })
    {
      let name = cols.remove(at: safe)
      cols.insert(name, at: 0)
    }
    return cols
  }

  /// The CSV bytes. Throws when ZCS would reject the header (more than 1000 columns, a name over 100
  /// characters) or when no column can be written unquoted first.
  public func write(_ contacts: [Contact]) throws -> Data {
    let kept = contacts.filter { !$0.isEmpty }
    var cols = columns(for: kept)
    let hasTags = kept.contains { !$0.tags.isEmpty }
    if hasTags { cols.append("__tag") }
    guard !cols.isEmpty else { throw ContactsCalendarsError("no contact fields to write") }
    guard cols.count <= 1000 else {
      throw ContactsCalendarsError(
        "\(cols.count) contact fields; Zimbra's CSV import accepts at most 1000 columns")
    }
    if let long = cols.first(where: { $0.count > 100 }) {
      throw ContactsCalendarsError(
        "contact field name longer than 100 characters: \(long.prefix(40))…")
    }
    guard !Self.needsQuoting(cols[0]) else {
      throw ContactsCalendarsError("first CSV column '\(cols[0])' cannot be written unquoted")
    }
    var out = "\u{FEFF}"
    out += cols[0]
    for c in cols.dropFirst() { out += "," + Self.quote(c) }
    out += "\r\n"
    for contact in kept {
      var cells: [String] = []
      cells.reserveCapacity(cols.count)
      for c in cols {
        if c == "__tag", hasTags {
          cells.append(Self.quote(Self.encodeTags(contact.tags)))
        } else {
          cells.append(Self.quote(contact[c] ?? ""))
        }
      }
      out += cells.joined(separator: ",")
      out += "\r\n"
    }
    return Data(out.utf8)
  }

  /// Writes to a file.
  public func write(_ contacts: [Contact], to url: URL) throws {
    let data = try write(contacts)
    do {
      try data.write(to: url)
    } catch {
      throw ContactsCalendarsError("cannot write \(url.path): \(error.localizedDescription)")
    }
  }

  /// Tags as ZCS `__tag` expects: comma-separated, `\` and `,` escaped with a backslash.
  public static func encodeTags(_ tags: [String]) -> String {
    tags.map { escaping(["\\", ","], in: $0, with: "\\") }.joined(separator: ",")
  }

  /// `"s"` with every `"` doubled.
  static func quote(_ s: String) -> String {
    "\"" + escaping(["\""], in: s, with: "\"") + "\""
  }

  /// `s` with `escape` put before each of `special`. By Unicode scalar, not by Character: a `"`
  /// or `,` followed by a combining mark is one Character, and must still be escaped.
  static func escaping(_ special: Set<Unicode.Scalar>, in s: String, with escape: Unicode.Scalar)
    -> String
  {
    guard s.unicodeScalars.contains(where: special.contains) else { return s }
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
      if special.contains(scalar) { out.append(escape) }
      out.append(scalar)
    }
    return String(out)
  }

  /// Whether a header cell must be quoted; a tab counts, since a header with no `,` or `;` outside
  /// quotes is read as tab-separated (`ContactCSVReader`).
  static func needsQuoting(_ s: String) -> Bool {
    s.isEmpty
      || s.unicodeScalars.contains {
        $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\u{FEFF}"
          || $0 == "\t"
      }
  }
}
