/// The zmprov command file: `ca` per account, `aaa` per alias, then `exit`.
///
/// zmprov reads it line by line as UTF-8 (`ZIMBRA-IMPORT.md` §7.3, `StringUtil.readLine`/`parseLine`):
/// a line ending in `\` is joined with the next; a token starting with `'` runs to the next unescaped
/// `'`; `\\`, `\'`, `\n`, `\t`, `\r` are escapes and any other `\x` is `x`. So every value is written in
/// single quotes with `\` → `\\`, `'` → `\'`, LF → `\n`, CR → `\r`, TAB → `\t`: no raw line break can
/// split a command, a line always ends with a quote (never with a backslash), and every other character,
/// `"` and `$` included, stands for itself. There is no comment syntax, so the file has no header; the
/// final `exit` makes zmprov exit with status 2 when any line failed (it exits 0 at end of file).
enum ZmprovFile {
  /// The attributes the writer sets from `Account` fields; all single-valued in Zimbra, so an extra
  /// `AccountAttribute` with the same name would make the `ca` fail ("multiple values").
  static let modelAttributes: [String] = [
    "displayName", "givenName", "sn", "initials", "zimbraMailQuota", "zimbraAccountStatus",
    "zimbraPrefMailForwardingAddress", "zimbraPasswordMustChange", "zimbraCOSId",
  ]

  /// Why the account cannot be written, or nil.
  static func refusal(for account: Account, options: AccountWriterOptions) -> String? {
    let written = Set(attributes(of: account, options: options).map { $0.name.lowercased() })
    for attribute in account.attributes {
      guard isAttributeName(attribute.name) else {
        return
          "'\(attribute.name)' is not an attribute name (a letter, then letters, digits or '-')"
      }
      if written.contains(attribute.name.lowercased()) {
        return
          "\(attribute.name) is set twice (by its own field and as an extra attribute); it takes"
          + " one value, so the ca command would fail"
      }
    }
    return nil
  }

  /// The `ca` line for an account, LF-terminated.
  static func appendCreate(_ account: Account, options: AccountWriterOptions, to out: inout [UInt8])
  {
    out.append(contentsOf: Array("ca ".utf8))
    appendQuoted(account.email, to: &out)
    out.append(0x20)
    appendQuoted(account.password ?? "", to: &out)
    for attribute in attributes(of: account, options: options) + account.attributes {
      out.append(0x20)
      out.append(contentsOf: Array(attribute.name.utf8))
      out.append(0x20)
      appendQuoted(attribute.value, to: &out)
    }
    out.append(0x0A)
  }

  /// The `aaa` line for one alias, LF-terminated.
  static func appendAlias(_ alias: String, of account: Account, to out: inout [UInt8]) {
    out.append(contentsOf: Array("aaa ".utf8))
    appendQuoted(account.email, to: &out)
    out.append(0x20)
    appendQuoted(alias, to: &out)
    out.append(0x0A)
  }

  /// The last line.
  static func appendExit(to out: inout [UInt8]) {
    out.append(contentsOf: Array("exit\n".utf8))
  }

  /// The attributes taken from the account's fields, in a fixed order; `zimbraCOSId` only when the
  /// COS has an id in the options.
  static func attributes(of account: Account, options: AccountWriterOptions) -> [AccountAttribute] {
    var list: [AccountAttribute] = []
    func add(_ name: String, _ value: String?) {
      if let value { list.append(AccountAttribute(name: name, value: value)) }
    }
    add("displayName", account.displayName)
    add("givenName", account.givenName)
    add("sn", account.surname)
    add("initials", account.initials)
    add("zimbraMailQuota", account.quota.map { String($0) })
    add("zimbraAccountStatus", account.status)
    add("zimbraPrefMailForwardingAddress", account.forwardingAddress)
    if account.mustChangePassword { add("zimbraPasswordMustChange", "TRUE") }
    if let cos = account.cosName { add("zimbraCOSId", options.cosID(for: cos)) }
    return list
  }

  /// `'value'` with `\` `'` LF CR TAB escaped. Works on UTF-8 bytes: the escaped characters are ASCII
  /// and never occur inside a multi-byte sequence.
  static func appendQuoted(_ value: String, to out: inout [UInt8]) {
    out.append(0x27)
    for byte in value.utf8 {
      switch byte {
      case 0x5C: out.append(contentsOf: [0x5C, 0x5C])  // \  -> \\
      case 0x27: out.append(contentsOf: [0x5C, 0x27])  // '  -> \'
      case 0x0A: out.append(contentsOf: [0x5C, 0x6E])  // LF -> \n
      case 0x0D: out.append(contentsOf: [0x5C, 0x72])  // CR -> \r
      case 0x09: out.append(contentsOf: [0x5C, 0x74])  // TAB -> \t
      default: out.append(byte)
      }
    }
    out.append(0x27)
  }

  /// An LDAP attribute name: an ASCII letter, then letters, digits and hyphens. Such a name is one bare
  /// zmprov token that no escape rule touches.
  static func isAttributeName(_ name: String) -> Bool {
    guard let first = name.utf8.first, isLetter(first) else { return false }
    return name.utf8.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }
}
