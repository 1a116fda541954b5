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
}
