/// A known account-list shape (`--preset NAME`): its delimiter, columns and quirks.
///
/// See `docs/accounts-input.md` and SOURCE-FORMATS.md §6 for where each one comes from.
public enum AccountPreset: String, Sendable, CaseIterable {
  /// Ipswitch iMail `adduser -f` files: `userid,password,full name`, no header; lines starting with
  /// `-` are adduser switches (`-h host` names the domain).
  case imail
  /// CommuniGate Pro "Import Accounts": tab-separated with a header such as `Name PASSWORD realNAME`.
  case communigate
  /// imapsync batch files: `host1;user1;password1;host2;user2;password2;[options]`, `#` comments;
  /// the account is the destination login (user2) and its password (password2).
  case imapsync
  /// Two columns `user;password`, as fed to shell loops; `#` comments.
  case userpass
  /// MailEnable "Import users": `emailaddress,password,quota` (quota in KB when it has no unit).
  case mailenable
  /// Eudora EIMS export: tab-separated `user name, full name, password, size limit, flags,
  /// forward address, last login, …` (size limit in KB when it has no unit).
  case eims
  /// Exchange Migration Wizard user list:
  /// `IMAP_Mailbox,IMAP_Password,SMTP_Address,IMAP_Server,Ex_Mailbox,IMAP_Port,IMAP_SSL`;
  /// the account is SMTP_Address.
  case exchangeMigration = "exchange-migration"

  /// The name `--preset` takes.
  public var name: String { rawValue }

  /// Parses a `--preset` name (case and `_`/`-` do not matter; `cgp`, `communigatepro`,
  /// `exchange`, `user-pass` are accepted too).
  public init?(name: String) {
    switch AccountField.normalize(name) {
    case "imail", "ipswitch": self = .imail
    case "communigate", "communigatepro", "cgp": self = .communigate
    case "imapsync": self = .imapsync
    case "userpass", "userpassword": self = .userpass
    case "mailenable": self = .mailenable
    case "eims", "eudora": self = .eims
    case "exchangemigration", "exchange", "migrationwizard": self = .exchangeMigration
    default: return nil
    }
  }

  /// Whether the first line is a header.
  enum HeaderRule {
    /// Always (CommuniGate, Exchange Migration Wizard): columns come from it.
    case required
    /// Not normally; a first line that names the preset's columns is skipped.
    case optional
  }

  /// Everything the reader needs to know about the preset.
  struct Spec {
    var delimiter: UInt8
    var quoting: Bool
    var comment: UInt8?
    var header: HeaderRule
    /// The columns in order when there is no header.
    var columns: [String]
    /// Column names the preset gives a meaning to beyond the generic synonyms (normalised).
    var names: [String: ColumnRole]
    /// Fields beyond the known columns are fine (imapsync's options, EIMS's "…").
    var allowsExtraFields: Bool
    /// A record with fewer fields is an error (imapsync needs six).
    var minimumFields: Int
    /// The unit of a quota that is a plain number.
    var plainQuotaUnit: Int64
  }

  var spec: Spec {
    switch self {
    case .imail:
      return Spec(
        delimiter: 0x2C, quoting: true, comment: nil, header: .optional,
        columns: ["userid", "password", "full name"],
        names: ["userid": .field(.account)], allowsExtraFields: false, minimumFields: 0,
        plainQuotaUnit: 1)
    case .communigate:
      return Spec(
        delimiter: 0x09, quoting: true, comment: nil, header: .required,
        columns: ["Name", "PASSWORD", "realNAME"],
        names: [:], allowsExtraFields: false, minimumFields: 0, plainQuotaUnit: 1)
    case .imapsync:
      return Spec(
        delimiter: 0x3B, quoting: false, comment: 0x23, header: .optional,
        columns: ["host1", "user1", "password1", "host2", "user2", "password2", "options"],
        names: [
          "host1": .known, "user1": .known, "password1": .known, "host2": .known,
          "user2": .field(.account), "password2": .field(.password), "options": .known,
        ],
        allowsExtraFields: true, minimumFields: 6, plainQuotaUnit: 1)
    case .userpass:
      return Spec(
        delimiter: 0x3B, quoting: false, comment: 0x23, header: .optional,
        columns: ["user", "password"],
        names: [:], allowsExtraFields: false, minimumFields: 0, plainQuotaUnit: 1)
    case .mailenable:
      return Spec(
        delimiter: 0x2C, quoting: true, comment: nil, header: .optional,
        columns: ["emailaddress", "password", "quota"],
        names: [:], allowsExtraFields: false, minimumFields: 0, plainQuotaUnit: 1 << 10)
    case .eims:
      return Spec(
        delimiter: 0x09, quoting: true, comment: nil, header: .optional,
        columns: [
          "user name", "full name", "password", "size limit", "flags", "forward address",
          "last login",
        ],
        names: ["flags": .known, "lastlogin": .known],
        allowsExtraFields: true, minimumFields: 0, plainQuotaUnit: 1 << 10)
    case .exchangeMigration:
      return Spec(
        delimiter: 0x2C, quoting: true, comment: nil, header: .required,
        columns: [
          "IMAP_Mailbox", "IMAP_Password", "SMTP_Address", "IMAP_Server", "Ex_Mailbox", "IMAP_Port",
          "IMAP_SSL",
        ],
        names: [
          "imapmailbox": .known, "imappassword": .field(.password), "smtpaddress": .field(.account),
          "imapserver": .known, "exmailbox": .known, "imapport": .known, "imapssl": .known,
        ],
        allowsExtraFields: false, minimumFields: 0, plainQuotaUnit: 1)
    }
  }

  /// The preset a header line identifies, when it is distinctive: the Exchange Migration Wizard
  /// names, CommuniGate's `Name PASSWORD realNAME`, EIMS's `user name … size limit … flags`,
  /// MailEnable's `emailaddress,password,quota`, iMail's `userid,password,full name` and
  /// imapsync's `host1;user1;password1;host2;user2;password2`.
  static func detect(header names: [String]) -> AccountPreset? {
    let n = names.map(AccountField.normalize)
    let set = Set(n)
    if set.isSuperset(of: ["imapmailbox", "imappassword", "smtpaddress"]) {
      return .exchangeMigration
    }
    if n.starts(with: ["host1", "user1", "password1", "host2", "user2", "password2"]) {
      return .imapsync
    }
    if n.starts(with: ["name", "password", "realname"]) { return .communigate }
    if set.isSuperset(of: ["username", "fullname", "password", "sizelimit", "flags"]) {
      return .eims
    }
    if n.filter({ !$0.isEmpty }) == ["emailaddress", "password", "quota"] { return .mailenable }
    if n.filter({ !$0.isEmpty }) == ["userid", "password", "fullname"] { return .imail }
    return nil
  }
}
