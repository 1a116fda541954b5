/// The account properties a column of an export can fill.
public enum AccountField: String, Sendable, CaseIterable {
  case account, password, displayName, givenName, surname, initials, quota, aliases, cos, status,
    forward

  /// Normalises a column name for matching: lower case, without spaces, `_`, `-` and `.`.
  public static func normalize(_ name: String) -> String {
    var out = ""
    out.reserveCapacity(name.utf8.count)
    for c in name.lowercased() where c != " " && c != "_" && c != "-" && c != "." && c != "\t" {
      out.append(c)
    }
    return out
  }

  /// The field a header or `--columns` name stands for, by its synonyms (see
  /// `docs/accounts-input.md`); `name` alone is `.account` here and is resolved against the other
  /// columns by the column table. Returns the field and, for the account, a rank: when several
  /// columns look like the account, the lowest rank wins (an address beats a login name).
  static func synonym(_ normalized: String) -> (field: AccountField, rank: Int)? {
    synonyms[normalized]
  }

  /// The fields a `--map column=NAME` target can name instead of a Zimbra attribute.
  static func mapTarget(_ value: String) -> AccountField? {
    switch normalize(value) {
    case "account", "email", "mail": return .account
    case "password", "userpassword": return .password
    case "displayname": return .displayName
    case "givenname": return .givenName
    case "sn", "surname": return .surname
    case "initials": return .initials
    case "quota", "zimbramailquota": return .quota
    case "aliases", "alias", "zimbramailalias": return .aliases
    case "cos", "cosname": return .cos
    case "status", "zimbraaccountstatus": return .status
    case "forward", "zimbraprefmailforwardingaddress": return .forward
    default: return nil
    }
  }

  private static let synonyms: [String: (field: AccountField, rank: Int)] = {
    var table: [String: (field: AccountField, rank: Int)] = [:]
    func add(_ field: AccountField, _ names: [String], rank: Int = 0) {
      for name in names { table[name] = (field, rank) }
    }
    add(
      .account,
      ["email", "mail", "emailaddress", "mailaddress", "smtpaddress", "primarysmtpaddress"], rank: 0
    )
    add(.account, ["address"], rank: 1)
    add(.account, ["account", "accountname"], rank: 2)
    add(.account, ["login", "loginname"], rank: 3)
    add(.account, ["user", "userid", "username", "uid"], rank: 4)
    add(.account, ["name"], rank: 5)
    add(.password, ["password", "pass", "pwd", "passwd", "userpassword"])
    add(.displayName, ["displayname", "fullname", "realname", "cn", "commonname"])
    add(.givenName, ["givenname", "firstname", "forename"])
    add(.surname, ["sn", "surname", "lastname", "familyname"])
    add(.initials, ["initials"])
    add(
      .quota,
      ["quota", "mailquota", "zimbramailquota", "sizelimit", "maxaccountsize", "mailboxquota"])
    add(.aliases, ["aliases", "alias", "zimbramailalias", "mailalias"])
    add(.cos, ["cos", "cosname", "classofservice"])
    add(.status, ["status", "accountstatus", "zimbraaccountstatus"])
    add(
      .forward,
      [
        "forward", "forwarding", "forwardingaddress", "forwardaddress", "forwardto",
        "zimbraprefmailforwardingaddress",
      ])
    return table
  }()
}

/// Parses the values of the typed columns, byte by byte.
enum FieldValue {
  private static let units: [String: Int64] = [
    "b": 1, "byte": 1, "bytes": 1,
    "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "kbyte": 1 << 10, "kbytes": 1 << 10,
    "m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "mbyte": 1 << 20, "mbytes": 1 << 20,
    "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30, "gbyte": 1 << 30, "gbytes": 1 << 30,
    "t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40,
  ]

  /// A quota in bytes: a plain number is in `plainUnit` bytes; `K`/`KB`/`KiB`, `M`…, `G`…, `T`…
  /// are powers of 1024; a decimal point is allowed (`1.5G`, `1,5 GB`), blanks between number and
  /// unit too. `0`, `-1`, `unlimited`, `none` mean "no quota of its own" (`.some(nil)`); nil when
  /// unreadable.
  static func quota(_ text: String, plainUnit: Int64) -> Int64?? {
    let bytes = Array(text.utf8)
    var i = 0
    var whole: Int64 = 0
    var fraction: Double = 0
    var scale: Double = 0.1
    var digits = 0
    var seenPoint = false
    while i < bytes.count {
      let b = bytes[i]
      if b >= 0x30 && b <= 0x39 {
        digits += 1
        if seenPoint {
          fraction += Double(b - 0x30) * scale
          scale /= 10
        } else {
          let (m, o1) = whole.multipliedReportingOverflow(by: 10)
          let (sum, o2) = m.addingReportingOverflow(Int64(b - 0x30))
          if o1 || o2 { return nil }
          whole = sum
        }
      } else if (b == 0x2E || b == 0x2C) && !seenPoint && digits > 0 {
        seenPoint = true
      } else {
        break
      }
      i += 1
    }
    while i < bytes.count && bytes[i] == 0x20 { i += 1 }
    let unitText = AddressSyntax.lowercased(String(decoding: bytes[i...], as: UTF8.self))
    if digits == 0 {
      return i == 0
        && (unitText == "unlimited" || unitText == "none" || unitText == "-1" || unitText.isEmpty)
        ? .some(nil) : nil
    }
    let unit: Int64
    if unitText.isEmpty {
      unit = plainUnit
    } else if let u = units[unitText] {
      unit = u
    } else {
      return nil
    }
    let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
    if overflow { return nil }
    let total = product + Int64((fraction * Double(unit)).rounded())
    return total == 0 ? .some(nil) : .some(total)
  }

  /// Aliases are separated by blanks, commas or semicolons (none of which an address can hold
  /// unquoted); a comma only reaches here inside a quoted field of a comma-separated file.
  static func aliases(_ text: String) -> [String] {
    var out: [String] = []
    var contiguous = text
    contiguous.withUTF8 { buffer in
      var start = 0
      for i in 0...buffer.count where i == buffer.count || isAliasSeparator(buffer[i]) {
        if i > start {
          out.append(
            String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<i]), as: UTF8.self))
        }
        start = i + 1
      }
    }
    return out
  }

  private static func isAliasSeparator(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x2C || b == 0x3B || b == 0x09 || b == 0x0A || b == 0x0D
  }

  private static let statuses: [String: String] = {
    var table: [String: String] = [:]
    for s in ["active", "locked", "closed", "maintenance", "pending", "lockout"] { table[s] = s }
    for s in ["enabled", "enable", "yes", "y", "true", "1", "on", "ok", "open"] {
      table[s] = "active"
    }
    for s in [
      "disabled", "disable", "no", "n", "false", "0", "off", "suspended", "inactive", "blocked",
    ] {
      table[s] = "locked"
    }
    return table
  }()

  /// `zimbraAccountStatus` for a status column: Zimbra's own values, and common words for them
  /// (`enabled`/`yes`/`1` → active, `disabled`/`no`/`0`/`suspended` → locked, which blocks logins
  /// and still delivers mail); nil when unknown.
  static func status(_ text: String) -> String? {
    statuses[AddressSyntax.lowercased(text)]
  }
}
