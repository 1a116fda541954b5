import MailModel

/// Decodes field bytes and turns the decoded cells of one record into an `Account`.
///
/// Shared by the delimited and fixed-width readers. Its messages never quote a cell: a misplaced
/// column could put a password anywhere.
struct AccountBuilder {
  let path: String
  let table: ColumnTable
  let encoding: TextEncoding
  let plainQuotaUnit: Int64
  /// Latin-1 bytes 0x80–0x9F were seen (reported once: the file is probably cp1252).
  private(set) var sawC1 = false
  /// Whether the Latin-1 C1 warning was given (once per file).
  private var reportedC1 = false

  init(path: String, table: ColumnTable, encoding: TextEncoding, plainQuotaUnit: Int64) {
    self.path = path
    self.table = table
    self.encoding = encoding
    self.plainQuotaUnit = plainQuotaUnit
  }

  /// The text of `bytes`, which start on `line`. Throws when UTF-8 was assumed and the bytes are
  /// not UTF-8, naming the line of the first bad byte and suggesting another encoding.
  mutating func decode(_ bytes: ArraySlice<UInt8>, line: Int, column: Int?) throws -> String {
    try bytes.withUnsafeBytes { raw in
      if encoding == .latin1 && !sawC1 && TextDecoding.hasC1Bytes(raw) { sawC1 = true }
      if let text = TextDecoding.decode(raw, as: encoding) { return text }
      let bad = TextDecoding.firstInvalidUTF8(raw) ?? 0
      let badLine = line + Self.lineBreaks(raw, before: bad)
      throw Self.utf8Error(path: path, line: badLine, column: column.map { name(of: $0) })
    }
  }

  /// Checks that `bytes` decode, without building a string (columns that are not used).
  mutating func validate(_ bytes: ArraySlice<UInt8>, line: Int, column: Int?) throws {
    guard encoding == .utf8 else { return }
    try bytes.withUnsafeBytes { raw in
      if TextDecoding.isASCII(raw) { return }
      if let bad = TextDecoding.firstInvalidUTF8(raw) {
        let badLine = line + Self.lineBreaks(raw, before: bad)
        throw Self.utf8Error(path: path, line: badLine, column: column.map { name(of: $0) })
      }
    }
  }

  static func utf8Error(path: String, line: Int, column: String?) -> AccountsError {
    let place = column.map { " (in \($0))" } ?? ""
    return AccountsError(
      "line \(line) is not valid UTF-8\(place); the file is probably in a legacy encoding: "
        + "read it with --encoding latin1 (ISO-8859-1) or --encoding cp1252 (Windows), "
        + "or let --encoding auto detect the charset",
      at: SourceLocation(file: path, line: line))
  }

  /// Line breaks (LF, CR, CRLF counted once) in `raw` before `offset`.
  static func lineBreaks(_ raw: UnsafeRawBufferPointer, before offset: Int) -> Int {
    var count = 0
    var i = 0
    while i < offset {
      if raw[i] == 0x0A {
        count += 1
      } else if raw[i] == 0x0D {
        count += 1
        if i + 1 < offset && raw[i + 1] == 0x0A { i += 1 }
      }
      i += 1
    }
    return count
  }

  /// A column for messages: its number, and its name when that is safe to show.
  func name(of column: Int) -> String {
    guard column < table.names.count else { return "column \(column + 1)" }
    return ColumnTable.displayName(table.names[column], index: column)
  }

  /// Ends one record for either reader: warns once about Latin-1 C1 bytes, then builds the
  /// account or counts the record as rejected.
  mutating func finishRecord(
    _ cells: [String?], at location: SourceLocation, accounts: inout [Account],
    rejected: inout Int, diagnostics: inout [Diagnostic]
  ) {
    if sawC1 && !reportedC1 {
      reportedC1 = true
      diagnostics.append(
        Diagnostic(
          .warning, code: "latin1-c1",
          "bytes 0x80–0x9F are control characters in Latin-1; the file is probably Windows text: "
            + "read it with --encoding cp1252", at: location))
    }
    if let account = build(cells, at: location, diagnostics: &diagnostics) {
      accounts.append(account)
    } else {
      rejected += 1
    }
  }

  /// The account for one record's cells (`cells[i]` is column `i`, nil when the record is too
  /// short to have it). Returns nil, with an `.error` diagnostic, when the account cell is empty.
  func build(_ cells: [String?], at location: SourceLocation, diagnostics: inout [Diagnostic])
    -> Account?
  {
    guard let accountIndex = table.accountIndex else { return nil }
    let email = (accountIndex < cells.count ? cells[accountIndex] : nil)?.trimmingBlanks() ?? ""
    if email.isEmpty {
      diagnostics.append(
        Diagnostic(
          .error, code: "no-account",
          "no account name (\(name(of: accountIndex)) is empty); record skipped", at: location))
      return nil
    }
    var account = Account(email: email, location: location)
    for (i, role) in table.roles.enumerated() where i != accountIndex && i < cells.count {
      guard let raw = cells[i] else { continue }
      if role == .field(.password) {
        // Kept byte for byte: blanks may belong to it (the checker warns about them).
        if !raw.trimmingBlanks().isEmpty { account.password = raw }
        continue
      }
      let value = raw.trimmingBlanks()
      if value.isEmpty { continue }
      switch role {
      case .field(let field):
        switch field {
        case .account, .password: break
        case .displayName: account.displayName = value
        case .givenName: account.givenName = value
        case .surname: account.surname = value
        case .initials: account.initials = value
        case .cos: account.cosName = value
        case .forward: account.forwardingAddress = value
        case .aliases: account.aliases.append(contentsOf: FieldValue.aliases(value))
        case .quota:
          switch FieldValue.quota(value, plainUnit: plainQuotaUnit) {
          case .none:
            diagnostics.append(
              Diagnostic(
                .warning, code: "quota-unreadable",
                "the quota in \(name(of: i)) is not a size (bytes, or a number with K, M or G); "
                  + "no quota set for this account", at: location))
          case .some(let bytes):
            account.quota = bytes
            if let bytes, bytes < 1 << 20 {
              diagnostics.append(
                Diagnostic(
                  .warning, code: "quota-small",
                  "a quota of \(bytes) bytes is under 1 MiB; if the export meant KB or MB, "
                    + "write the unit (K, M, G) into the file", at: location))
            }
          }
        case .status:
          if let status = FieldValue.status(value) {
            account.status = status
          } else {
            diagnostics.append(
              Diagnostic(
                .warning, code: "status-unknown",
                "the status in \(name(of: i)) is none of active, locked, closed, maintenance, "
                  + "pending, lockout (or enabled/disabled); no status set", at: location))
          }
        }
      case .attribute(let attribute):
        account.attributes.append(AccountAttribute(name: attribute, value: value))
      case .known, .unknown:
        break
      }
    }
    return account
  }
}
