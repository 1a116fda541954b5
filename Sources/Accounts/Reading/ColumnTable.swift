import MailModel

/// What the reader does with one column.
enum ColumnRole: Equatable, Sendable {
  /// Fills a property of the `Account`.
  case field(AccountField)
  /// Becomes an `AccountAttribute` (`--map column=zimbraAttr`).
  case attribute(String)
  /// A column the format defines and zmigrate has no use for (imapsync's host1): read silently.
  case known
  /// Neither recognised nor mapped: reported once, then ignored.
  case unknown
}

/// The meaning of every column of a delimited or fixed-width export, from a header, `--columns`,
/// a preset or a layout file, with `--map` applied.
struct ColumnTable: Sendable {
  /// The column names as written (header, `--columns`, layout or preset).
  var names: [String]
  var roles: [ColumnRole]
  /// The column holding the account; nil when none was found (the reader then refuses the file).
  var accountIndex: Int?
  var passwordIndex: Int?

  /// Builds the table for `names`.
  ///
  /// Precedence for each column: a `--map` entry, then the preset's own names, then the generic
  /// synonyms. When several columns look like the account, the best-ranked one wins (`email`
  /// beats `user`, which beats `name`); a losing `name` becomes the display name when there is no
  /// other, any other loser is an unknown column. A field named twice keeps its first column
  /// (aliases columns are all used). Unknown columns and `--map` names that match no column are
  /// reported as one warning each, located at `location`.
  static func resolve(
    names: [String], presetNames: [String: ColumnRole] = [:], map: [String: String] = [:],
    location: SourceLocation
  ) -> (table: ColumnTable, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    var mapByKey: [String: String] = [:]
    for (key, value) in map { mapByKey[AccountField.normalize(key)] = value }
    var usedMapKeys = Set<String>()
    var roles: [ColumnRole] = []
    var ranks: [Int] = []
    var explicit: [Bool] = []
    var isBareName: [Bool] = []
    for name in names {
      let n = AccountField.normalize(name)
      var role = ColumnRole.unknown
      var rank = Int.max
      var mapped = false
      if let target = mapByKey[n] {
        usedMapKeys.insert(n)
        mapped = true
        if let field = AccountField.mapTarget(target) {
          role = .field(field)
          rank = -1
        } else {
          let attribute = target.trimmingBlanks()
          role = attribute.isEmpty || attribute == "-" ? .known : .attribute(attribute)
        }
      } else if let presetRole = presetNames[n] {
        role = presetRole
        if presetRole == .field(.account) { rank = -1 }
      } else if let (field, r) = AccountField.synonym(n) {
        role = .field(field)
        rank = r
      } else if name.trimmingBlanks() == "-" || n == "skip" || n == "ignore" {
        role = .known  // `--columns email,-,password`: a column to pass over
      }
      roles.append(role)
      ranks.append(rank)
      explicit.append(mapped)
      isBareName.append(n == "name" && !mapped)
    }

    // One account column.
    var accountIndex: Int?
    for i in roles.indices where roles[i] == .field(.account) {
      if let best = accountIndex {
        if ranks[i] < ranks[best] { accountIndex = i }
      } else {
        accountIndex = i
      }
    }
    let hasDisplayName = roles.contains(.field(.displayName))
    var namedAsDisplay = false
    for i in roles.indices where roles[i] == .field(.account) && i != accountIndex {
      if isBareName[i] && !hasDisplayName && !namedAsDisplay {
        roles[i] = .field(.displayName)
        namedAsDisplay = true
      } else {
        roles[i] = .unknown
      }
    }

    // A field named twice keeps its first column.
    var seen = Set<AccountField>()
    var duplicates: [String] = []
    for i in roles.indices {
      guard case .field(let field) = roles[i], field != .aliases else { continue }
      if seen.contains(field) {
        roles[i] = .known
        duplicates.append("\(displayName(names[i], index: i)) (\(field.rawValue))")
      } else {
        seen.insert(field)
      }
    }
    if !duplicates.isEmpty {
      diagnostics.append(
        Diagnostic(
          .warning, code: "duplicate-column",
          "these columns name a field an earlier column already gives, and are not used: "
            + duplicates.joined(separator: ", "),
          at: location))
    }

    let unknown = roles.indices.filter { roles[$0] == .unknown }
    if !unknown.isEmpty {
      let listed = unknown.map { displayName(names[$0], index: $0) }
      diagnostics.append(
        Diagnostic(
          .warning, code: "unknown-columns",
          "\(unknown.count == 1 ? "column" : "columns") not recognised and not used: "
            + listed.joined(separator: ", ")
            + " (keep one with --map COLUMN=zimbraAttribute)",
          at: location))
    }
    let unusedKeys = map.keys.filter { !usedMapKeys.contains(AccountField.normalize($0)) }.sorted()
    if !unusedKeys.isEmpty {
      diagnostics.append(
        Diagnostic(
          .warning, code: "map-column-missing",
          "--map names \(unusedKeys.count == 1 ? "a column" : "columns") the input does not have: "
            + unusedKeys.joined(separator: ", "),
          at: location))
    }
    let table = ColumnTable(
      names: names, roles: roles, accountIndex: accountIndex,
      passwordIndex: roles.firstIndex(of: .field(.password)))
    return (table, diagnostics)
  }

  /// Whether a row is a header for this table: the cell in the account column names the account
  /// and, when there is a password column, the cell there names the password.
  func rowIsHeader(_ cells: [String], presetNames: [String: ColumnRole], map: [String: String])
    -> Bool
  {
    guard let accountIndex, accountIndex < cells.count else { return false }
    func role(_ cell: String) -> ColumnRole? {
      let n = AccountField.normalize(cell)
      for (key, value) in map where AccountField.normalize(key) == n {
        return AccountField.mapTarget(value).map { .field($0) } ?? .attribute(value)
      }
      if let r = presetNames[n] { return r }
      return AccountField.synonym(n).map { .field($0.field) }
    }
    guard role(cells[accountIndex]) == .field(.account) else { return false }
    if let passwordIndex {
      guard passwordIndex < cells.count, role(cells[passwordIndex]) == .field(.password) else {
        return false
      }
    }
    return true
  }

  /// A column name for a message. Header cells are only quoted when they look like names
  /// (letters, digits, blanks and `_-./()#`, at most 64 characters): a "header" that is really a
  /// data row must not put a password into a warning.
  static func displayName(_ name: String, index: Int) -> String {
    let position = "column \(index + 1)"
    guard !name.isEmpty, name.count <= 64 else { return position }
    for scalar in name.unicodeScalars {
      let ok =
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || " _-./()#".unicodeScalars.contains(scalar)
      if !ok { return position }
    }
    return "\(position) '\(name)'"
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  func trimmingBlanks() -> String {
    let u = utf8
    var start = u.startIndex
    var end = u.endIndex
    while start < end, u[start] == 0x20 || u[start] == 0x09 { start = u.index(after: start) }
    while end > start {
      let before = u.index(before: end)
      guard u[before] == 0x20 || u[before] == 0x09 else { break }
      end = before
    }
    if start == u.startIndex && end == u.endIndex { return self }
    return String(self[start..<end])
  }
}
