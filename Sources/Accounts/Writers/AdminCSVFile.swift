/// The admin console's bulk provisioning CSV: no header, CRLF, UTF-8 without BOM.
///
/// 6 columns `email,displayName,givenName,sn,password,zimbraPasswordMustChange` (`BulkImportAccounts`),
/// or with `legacy` the ZCS 5/6 wizard's 3 columns `account,displayName,password`
/// (`GetBulkProvisionAccounts`). Fields are quoted as RFC 4180 says (a field with `,` `"` CR LF or a
/// leading/trailing blank is quoted, `"` doubled); an empty field is never quoted.
///
/// The console reads the file with its own opencsv variant (`ZimbraAdminExt/BulkProvision/java/au/com/
/// bytecode/opencsv/CSVReader.java` in Grynn/zimbra-mirror), which differs from RFC 4180 in ways that
/// decide what can be written:
/// - every field is `trim()`med (characters up to U+0020 at both ends are dropped): a password that
///   begins or ends with one would change, so such an account is refused;
/// - lines are read with `BufferedReader.readLine` and a quoted line break is rejoined with LF: a CR in a
///   password would become LF, so a password with a line break is refused;
/// - a quote right after the opening quote is taken as an escaped pair, so `""` (an empty quoted field)
///   reads as `"` and a field made only of `"` characters gains one: such fields are refused (empty
///   fields are written unquoted, which that parser reads as empty);
/// - no backslash escape: `\` is an ordinary character.
enum AdminCSVFile {
  /// Why the account cannot be written, or nil.
  static func refusal(for account: Account, legacy: Bool) -> String? {
    if let password = account.password, !password.isEmpty {
      if let first = password.unicodeScalars.first, let last = password.unicodeScalars.last,
        first.value <= 0x20 || last.value <= 0x20
      {
        return
          "the password begins or ends with a space or control character, which the console's CSV"
          + " import trims away"
      }
      if password.utf8.contains(0x0A) || password.utf8.contains(0x0D) {
        return "the password contains a line break, which the console's CSV import cannot carry"
      }
      if isOnlyQuotes(password) {
        return
          "the password consists only of '\"' characters, which the console's CSV parser misreads"
      }
    }
    for (name, value) in fields(of: account, legacy: legacy)
    where name != "password" && isOnlyQuotes(value) {
      return "\(name) consists only of '\"' characters, which the console's CSV parser misreads"
    }
    return nil
  }

  /// One CRLF-terminated row.
  static func appendRow(_ account: Account, legacy: Bool, to out: inout [UInt8]) {
    var first = true
    for (_, value) in fields(of: account, legacy: legacy) {
      if !first { out.append(0x2C) }
      first = false
      appendField(value, to: &out)
    }
    out.append(contentsOf: [0x0D, 0x0A])
  }

  /// The row's fields by column name.
  static func fields(of account: Account, legacy: Bool) -> [(String, String)] {
    if legacy {
      return [
        ("email", account.email), ("displayName", account.displayName ?? ""),
        ("password", account.password ?? ""),
      ]
    }
    return [
      ("email", account.email), ("displayName", account.displayName ?? ""),
      ("givenName", account.givenName ?? ""), ("sn", account.surname ?? ""),
      ("password", account.password ?? ""),
      ("zimbraPasswordMustChange", account.mustChangePassword ? "TRUE" : "FALSE"),
    ]
  }

  /// One field, quoted when RFC 4180 needs it or when it begins or ends with a blank.
  static func appendField(_ value: String, to out: inout [UInt8]) {
    let bytes = value.utf8
    let needsQuotes =
      bytes.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
      || bytes.first.map(isBlank) == true || bytes.last.map(isBlank) == true
    guard needsQuotes else {
      out.append(contentsOf: bytes)
      return
    }
    out.append(0x22)
    for byte in bytes {
      if byte == 0x22 { out.append(0x22) }
      out.append(byte)
    }
    out.append(0x22)
  }

  private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

  private static func isOnlyQuotes(_ value: String) -> Bool {
    !value.isEmpty && value.utf8.allSatisfy { $0 == 0x22 }
  }
}
