import MailModel

/// Writes accounts as a Zimbra bulk-create file (zmprov, admin-console CSV, ZCSImport XML) or as a user
/// list (plain, TSV, imapsync). See `docs/accounts-output.md`.
///
/// Every account is checked before anything is written: an address without exactly one `@` (or with
/// blanks or control characters), a second account with the same address (letter case ignored), or a
/// value the format cannot carry exactly (each format says which) refuses the account. By default any
/// refusal throws `AccountsRefusedError` and nothing is written; with
/// `AccountWriterOptions.skipRefusedAccounts` those accounts are left out and listed in the summary.
/// Files with passwords are created with mode 0600; every file is written atomically.
public enum AccountFileWriter {
  /// Writes `accounts` to `path` in `format`, replacing any file there, and says what was written.
  public static func write(
    _ accounts: [Account], to path: String, format: AccountOutputFormat,
    options: AccountWriterOptions = AccountWriterOptions()
  ) throws -> AccountWriteSummary {
    var (bytes, summary) = try render(accounts, format: format, options: options)
    do {
      try AtomicFile.write(
        bytes, to: path,
        permissions: format.containsPasswords
          ? AtomicFile.secretPermissions : AtomicFile.plainPermissions)
    } catch {
      throw AccountsError("cannot write the file", at: SourceLocation(file: path), cause: error)
    }
    summary.path = path
    return summary
  }

  /// The file's bytes and summary, without writing anything (for tests, or a CLI that prints).
  public static func render(
    _ accounts: [Account], format: AccountOutputFormat,
    options: AccountWriterOptions = AccountWriterOptions()
  ) throws -> (bytes: [UInt8], summary: AccountWriteSummary) {
    if format == .imapsyncList, let problem = UserListFile.hostProblem(options) {
      throw AccountsError("cannot write imapsync lines: \(problem)")
    }

    var accepted: [Account] = []
    var refusals: [AccountsError] = []
    var seen: [String: SourceLocation] = [:]
    for account in accounts {
      if let reason = refusal(for: account, format: format, options: options, seen: &seen) {
        refusals.append(AccountsError("\(account.email): \(reason)", at: account.location))
      } else {
        accepted.append(account)
      }
    }
    if !refusals.isEmpty && !options.skipRefusedAccounts {
      throw AccountsRefusedError(format: format, refusals: refusals)
    }

    var summary = AccountWriteSummary(
      format: format,
      fileMode: UInt16(
        format.containsPasswords
          ? AtomicFile.secretPermissions.rawValue : AtomicFile.plainPermissions.rawValue))
    summary.refused = refusals
    var out: [UInt8] = []
    out.reserveCapacity(accepted.count * 128)

    switch format {
    case .zmprov:
      writeZmprov(accepted, options: options, to: &out, summary: &summary)
    case .adminCSV, .adminCSVLegacy:
      for account in accepted {
        AdminCSVFile.appendRow(account, legacy: format == .adminCSVLegacy, to: &out)
      }
    case .zcsImportXML:
      ZCSImportXMLFile.appendHeader(to: &out)
      for account in accepted { ZCSImportXMLFile.appendUser(account, to: &out) }
      ZCSImportXMLFile.appendFooter(to: &out)
    case .userList:
      for account in accepted { UserListFile.appendAddress(account, to: &out) }
    case .userListTSV:
      out.append(contentsOf: Array(UserListFile.tableHeader.utf8))
      var replaced = 0
      for account in accepted where UserListFile.appendTableRow(account, to: &out) { replaced += 1 }
      if replaced > 0 {
        summary.notes.append(
          "\(replaced) display name\(replaced == 1 ? "" : "s") had tabs or line breaks, written as spaces"
        )
      }
    case .imapsyncList:
      for account in accepted {
        UserListFile.appendImapsyncLine(account, options: options, to: &out)
      }
      if options.sourceHost == AccountWriterOptions.sourceHostPlaceholder
        || options.targetHost == AccountWriterOptions.targetHostPlaceholder
      {
        let placeholders =
          AccountWriterOptions.sourceHostPlaceholder + "/"
          + AccountWriterOptions.targetHostPlaceholder
        summary.notes.append(
          "replace \(placeholders) with the real IMAP host names before running imapsync")
      }
    }

    summary.accountsWritten = accepted.count
    if format.containsPasswords {
      summary.passwordsWritten = accepted.filter { !($0.password ?? "").isEmpty }.count
      summary.accountsWithoutPassword = accepted.count - summary.passwordsWritten
    }
    addFormatNotes(accepted, format: format, to: &summary, bytes: out)
    return (out, summary)
  }

  // MARK: - Checks

  /// Why an account cannot be written, or nil; records its address in `seen` when it is valid.
  static func refusal(
    for account: Account, format: AccountOutputFormat, options: AccountWriterOptions,
    seen: inout [String: SourceLocation]
  ) -> String? {
    if let problem = addressProblem(account.email) { return "the address \(problem)" }
    let key = account.email.lowercased()
    if let first = seen[key] { return "the same address as the account at \(first)" }
    seen[key] = account.location
    switch format {
    case .zmprov: return ZmprovFile.refusal(for: account, options: options)
    case .adminCSV: return AdminCSVFile.refusal(for: account, legacy: false)
    case .adminCSVLegacy: return AdminCSVFile.refusal(for: account, legacy: true)
    case .zcsImportXML: return ZCSImportXMLFile.refusal(for: account)
    case .userList, .userListTSV: return nil
    case .imapsyncList: return UserListFile.imapsyncRefusal(for: account, options: options)
    }
  }

  /// What is wrong with an address (exactly one `@` with text on both sides; no blanks, no control
  /// characters), or nil.
  static func addressProblem(_ address: String) -> String? {
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    if parts.count != 2 { return "'\(address)' does not have exactly one '@'" }
    if parts[0].isEmpty || parts[1].isEmpty {
      return "'\(address)' has nothing before or after the '@'"
    }
    for scalar in address.unicodeScalars
    where scalar.properties.isWhitespace || scalar.value < 0x20
      || (0x7F...0x9F).contains(scalar.value)
    {
      return
        "'\(address.debugDescription.dropFirst().dropLast())' contains a blank or control character"
    }
    return nil
  }

  // MARK: - zmprov

  private static func writeZmprov(
    _ accounts: [Account], options: AccountWriterOptions, to out: inout [UInt8],
    summary: inout AccountWriteSummary
  ) {
    var taken = Set(accounts.map { $0.email.lowercased() })
    var skippedAliases: [String] = []
    for account in accounts {
      ZmprovFile.appendCreate(account, options: options, to: &out)
      if let cos = account.cosName, options.cosID(for: cos) == nil {
        summary.cosNamesWithoutID[cos, default: 0] += 1
      }
      for alias in account.aliases {
        if let problem = addressProblem(alias) {
          skippedAliases.append("\(account.email): alias \(problem)")
          continue
        }
        guard taken.insert(alias.lowercased()).inserted else {
          skippedAliases.append(
            "\(account.email): alias \(alias) is already an account or alias address")
          continue
        }
        ZmprovFile.appendAlias(alias, of: account, to: &out)
        summary.aliasesWritten += 1
      }
    }
    ZmprovFile.appendExit(to: &out)
    if !skippedAliases.isEmpty {
      summary.notes.append(
        "\(skippedAliases.count) alias\(skippedAliases.count == 1 ? "" : "es") not written:")
      summary.notes.append(contentsOf: skippedAliases.map { "  \($0)" })
    }
  }

  // MARK: - Notes

  private static func addFormatNotes(
    _ accounts: [Account], format: AccountOutputFormat, to summary: inout AccountWriteSummary,
    bytes: [UInt8]
  ) {
    switch format {
    case .adminCSV, .adminCSVLegacy, .zcsImportXML:
      let legacy = format == .adminCSVLegacy
      var missing: [String: Int] = [:]
      for account in accounts {
        var fields: [String] = []
        if !account.aliases.isEmpty { fields.append("aliases") }
        if account.quota != nil { fields.append("quota") }
        if account.cosName != nil { fields.append("COS") }
        if account.status != nil { fields.append("status") }
        if account.forwardingAddress != nil { fields.append("forwarding address") }
        if account.initials != nil { fields.append("initials") }
        if !account.attributes.isEmpty { fields.append("extra attributes") }
        if legacy {
          if account.givenName != nil { fields.append("given name") }
          if account.surname != nil { fields.append("surname") }
          if account.mustChangePassword { fields.append("must change password") }
        }
        for field in fields { missing[field, default: 0] += 1 }
      }
      summary.notCarried = missing
    default:
      break
    }
    switch format {
    case .adminCSV, .adminCSVLegacy:
      if bytes.contains(where: { $0 >= 0x80 }) {
        summary.notes.append(
          "the file has non-ASCII text in UTF-8; the console reads it in the server JVM's default charset,"
            + " so check that it is UTF-8 (file.encoding) before uploading")
      }
      if format == .adminCSVLegacy {
        if summary.accountsWithoutPassword > 0 {
          summary.notes.append(
            "the legacy wizard gives the \(summary.accountsWithoutPassword) account(s) without a password"
              + " a random one and sets must-change")
        }
        if accounts.count > 500 {
          summary.notes.append(
            "the legacy wizard takes at most 500 accounts per upload; split the file")
        }
      }
    default:
      break
    }
  }
}
