/// What `AccountFileWriter` wrote. Its text never contains a password.
public struct AccountWriteSummary: Sendable, CustomStringConvertible {
  /// The format written.
  public var format: AccountOutputFormat
  /// The file written; nil from `AccountFileWriter.render`.
  public var path: String?
  /// The permission bits the file was created with (0o600 when it holds passwords, else 0o644 less
  /// the umask).
  public var fileMode: UInt16
  /// Accounts in the file.
  public var accountsWritten = 0
  /// `aaa` lines (zmprov only).
  public var aliasesWritten = 0
  /// Accounts whose clear-text password is in the file.
  public var passwordsWritten = 0
  /// Accounts written without a password (zmprov `''`, an empty CSV/XML password).
  public var accountsWithoutPassword = 0
  /// Accounts left out because the format cannot carry them (only with `skipRefusedAccounts`); each
  /// error names the account and its source line, never the password.
  public var refused: [AccountsError] = []
  /// COS names that had no id in `AccountWriterOptions.cosIDs`, with the number of accounts written
  /// without `zimbraCOSId` because of it (zmprov only).
  public var cosNamesWithoutID: [String: Int] = [:]
  /// Fields some accounts had that this format has no place for, with the number of such accounts
  /// (for example `aliases` in a CSV). Use the zmprov file to carry them.
  public var notCarried: [String: Int] = [:]
  /// Other things the admin should know (skipped aliases, characters replaced, server limits).
  public var notes: [String] = []

  /// An empty summary (all counts zero) for `format`, written to `path` with `fileMode`.
  public init(format: AccountOutputFormat, path: String? = nil, fileMode: UInt16) {
    self.format = format
    self.path = path
    self.fileMode = fileMode
  }

  /// `zmprov gc 'NAME' zimbraId` for every COS without an id, shell-quoted, sorted by name.
  public var cosLookupCommands: [String] {
    cosNamesWithoutID.keys.sorted().map { "zmprov gc \(ShellQuoting.quote($0)) zimbraId" }
  }

  /// `0600`, `0644`.
  static func octal(_ mode: UInt16) -> String {
    let digits = String(mode, radix: 8)
    return digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
  }

  /// A report for the admin: counts, file and mode, fields not carried, COS lookups, notes and
  /// refused accounts, one per line.
  public var description: String {
    var lines: [String] = []
    var head = "wrote \(accountsWritten) account\(accountsWritten == 1 ? "" : "s")"
    if format.containsPasswords {
      head += " (\(passwordsWritten) with a password, \(accountsWithoutPassword) without)"
    }
    if format == .zmprov {
      head += " and \(aliasesWritten) alias\(aliasesWritten == 1 ? "" : "es")"
    }
    head += " as \(format)"
    if let path { head += " to \(path) (mode \(Self.octal(fileMode)))" }
    lines.append(head)
    if !notCarried.isEmpty {
      let fields = notCarried.keys.sorted().map { "\($0) (\(notCarried[$0] ?? 0))" }
      lines.append(
        "not carried by the \(format): \(fields.joined(separator: ", ")); the zmprov file carries them"
      )
    }
    if !cosNamesWithoutID.isEmpty {
      let names = cosNamesWithoutID.keys.sorted().map { "\($0) (\(cosNamesWithoutID[$0] ?? 0))" }
      lines.append(
        "written without zimbraCOSId, no id given for COS: \(names.joined(separator: ", "))")
      lines.append(contentsOf: cosLookupCommands.map { "  find the id with: \($0)" })
    }
    lines.append(contentsOf: notes)
    if !refused.isEmpty {
      lines.append("left out \(refused.count) account\(refused.count == 1 ? "" : "s"):")
      lines.append(contentsOf: refused.map { "  \($0)" })
    }
    return lines.joined(separator: "\n")
  }
}

/// Thrown when some accounts cannot be written in the chosen format and
/// `AccountWriterOptions.skipRefusedAccounts` is false; nothing was written. Never contains a password.
public struct AccountsRefusedError: Error, Sendable, CustomStringConvertible {
  /// The format asked for.
  public var format: AccountOutputFormat
  /// One error per account, naming it and its source line.
  public var refusals: [AccountsError]

  /// The error for `refusals` in `format`.
  public init(format: AccountOutputFormat, refusals: [AccountsError]) {
    self.format = format
    self.refusals = refusals
  }

  /// How many accounts cannot be written and that nothing was, then one line per refusal.
  public var description: String {
    let count = refusals.count
    var lines = [
      "\(count) account\(count == 1 ? "" : "s") cannot be written as \(format); nothing was written"
        + " (fix them, choose another format, or have them left out):"
    ]
    lines.append(contentsOf: refusals.map { "  \($0)" })
    return lines.joined(separator: "\n")
  }
}

/// POSIX shell single quoting, for commands printed to the admin.
enum ShellQuoting {
  /// `'text'`, with each `'` written as `'\''`.
  static func quote(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''")
      + "'"
  }
}
