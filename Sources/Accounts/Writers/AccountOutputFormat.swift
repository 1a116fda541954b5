/// The kinds of file `AccountFileWriter` writes (see `docs/accounts-output.md`).
public enum AccountOutputFormat: String, Sendable, CaseIterable, CustomStringConvertible {
  /// `zmprov` command file (`.zmp`): `ca` and `aaa` lines, then `exit`. Carries every field.
  case zmprov
  /// Admin-console bulk provisioning CSV (`.csv`): 6 columns, no header.
  case adminCSV
  /// The ZCS 5/6 console wizard's CSV (`.csv` with `--legacy`): 3 columns, no header.
  case adminCSVLegacy
  /// ZCSImport XML (`.xml`) for the console's bulk XML import.
  case zcsImportXML
  /// One address per line (`.txt`), no passwords.
  case userList
  /// `email<TAB>displayName` with a header row (`.tsv`), no passwords.
  case userListTSV
  /// imapsync's batch file (`--to imapsync`): `host1;user1;password1;host2;user2;password2;`.
  case imapsyncList

  /// The name `--to` takes for this format.
  public var name: String {
    switch self {
    case .zmprov: return "zmprov"
    case .adminCSV: return "csv"
    case .adminCSVLegacy: return "csv-legacy"
    case .zcsImportXML: return "xml"
    case .userList: return "txt"
    case .userListTSV: return "tsv"
    case .imapsyncList: return "imapsync"
    }
  }

  /// A few words for messages.
  public var description: String {
    switch self {
    case .zmprov: return "zmprov command file"
    case .adminCSV: return "admin-console CSV"
    case .adminCSVLegacy: return "admin-console CSV (3-column legacy)"
    case .zcsImportXML: return "ZCSImport XML"
    case .userList: return "user list"
    case .userListTSV: return "user table (TSV)"
    case .imapsyncList: return "imapsync batch list"
    }
  }

  /// The extension written when none is given.
  public var fileExtension: String {
    switch self {
    case .zmprov: return "zmp"
    case .adminCSV, .adminCSVLegacy: return "csv"
    case .zcsImportXML: return "xml"
    case .userList, .imapsyncList: return "txt"
    case .userListTSV: return "tsv"
    }
  }

  /// Whether the file holds clear-text passwords (it is then created with mode 0600).
  public var containsPasswords: Bool {
    switch self {
    case .zmprov, .adminCSV, .adminCSVLegacy, .zcsImportXML, .imapsyncList: return true
    case .userList, .userListTSV: return false
    }
  }

  /// The names `--to` accepts, canonical first, for help texts.
  public static let acceptedNames: [String] = allCases.map(\.name)

  /// The format `--to NAME` stands for: the canonical names plus a few spellings
  /// (`admin-csv`, `legacy-csv`, `zcsimport`, `userlist`, `user-list`).
  public init?(name: String) {
    switch name.lowercased() {
    case "zmprov", "zmp": self = .zmprov
    case "csv", "admin-csv": self = .adminCSV
    case "csv-legacy", "legacy-csv", "admin-csv-legacy": self = .adminCSVLegacy
    case "xml", "zcsimport", "zcsimport-xml": self = .zcsImportXML
    case "txt", "userlist", "user-list": self = .userList
    case "tsv": self = .userListTSV
    case "imapsync": self = .imapsyncList
    default: return nil
    }
  }

  /// The format an output file name asks for: `.zmp`, `.csv` (`legacy`: the 3-column form), `.xml`,
  /// `.txt`, `.tsv` (any letter case); nil for any other extension.
  public init?(fileExtensionOf path: String, legacy: Bool = false) {
    let name =
      path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
    switch name[name.index(after: dot)...].lowercased() {
    case "zmp": self = .zmprov
    case "csv": self = legacy ? .adminCSVLegacy : .adminCSV
    case "xml": self = .zcsImportXML
    case "txt": self = .userList
    case "tsv": self = .userListTSV
    default: return nil
    }
  }

  /// Chooses the format for `--output PATH [--to NAME] [--legacy]`: `--to` wins over the extension;
  /// `--legacy` picks the 3-column CSV and is refused with any format that is not CSV.
  public static func forOutput(
    path: String, to name: String? = nil, legacy: Bool = false
  ) throws -> AccountOutputFormat {
    var format: AccountOutputFormat
    if let name {
      guard let named = AccountOutputFormat(name: name) else {
        throw AccountsError(
          "unknown output format '\(name)'; use one of: \(acceptedNames.joined(separator: ", "))")
      }
      format = named
    } else {
      guard let byExtension = AccountOutputFormat(fileExtensionOf: path) else {
        throw AccountsError(
          "cannot tell the output format from '\(path)': use .zmp, .csv, .xml, .txt or .tsv, or --to NAME"
        )
      }
      format = byExtension
    }
    if legacy {
      switch format {
      case .adminCSV, .adminCSVLegacy: format = .adminCSVLegacy
      default:
        throw AccountsError("--legacy applies to the admin-console CSV only, not to the \(format)")
      }
    }
    return format
  }
}
