/// The password-free user lists (`.txt`, `.tsv`) and imapsync's batch list. UTF-8, LF, no BOM.
///
/// - `.txt`: one address per line.
/// - `.tsv`: a header line `email<TAB>displayName`, then one line per account; no quoting: TAB, CR and
///   LF inside a display name become spaces.
/// - imapsync: `host1;user1;password1;host2;user2;password2;` per account, the form imapsync's
///   `examples/sync_loop_unix.sh` reads with `IFS=';' read h1 u1 p1 h2 u2 p2 extra fake` (the trailing `;`
///   leaves `extra` empty). `user2`/`password2` are the Zimbra address and the same password. There is no
///   quoting: a `;` would split a field, and that `read` (without `-r`) drops a `\` and joins a line
///   ending in one, while other readers (`read -r`, awk, Windows `FOR /F`) keep it; so a field with `;`,
///   `\` or a line break refuses the account rather than being written in a form that means different
///   things to different readers.
enum UserListFile {
  /// `email\n`.
  static func appendAddress(_ account: Account, to out: inout [UInt8]) {
    out.append(contentsOf: Array(account.email.utf8))
    out.append(0x0A)
  }

  /// `email\tdisplayName\n`.
  static let tableHeader = "email\tdisplayName\n"

  /// One table row; returns whether characters of the display name were replaced.
  @discardableResult
  static func appendTableRow(_ account: Account, to out: inout [UInt8]) -> Bool {
    out.append(contentsOf: Array(account.email.utf8))
    out.append(0x09)
    var replaced = false
    for byte in (account.displayName ?? "").utf8 {
      if byte == 0x09 || byte == 0x0A || byte == 0x0D {
        out.append(0x20)
        replaced = true
      } else {
        out.append(byte)
      }
    }
    out.append(0x0A)
    return replaced
  }

  /// Why the options cannot make imapsync lines at all (a host with a separator), or nil.
  static func hostProblem(_ options: AccountWriterOptions) -> String? {
    for (label, host) in [("source host", options.sourceHost), ("target host", options.targetHost)]
    {
      if host.isEmpty { return "the \(label) is empty" }
      if host.hasPrefix("#") {
        return "the \(label) begins with '#', which the loop script takes for a comment"
      }
      let unusable = host.unicodeScalars.contains {
        $0 == ";" || $0 == "\\" || $0.properties.isWhitespace || $0.value < 0x20
      }
      if unusable {
        return "the \(label) '\(host)' contains ';', '\\', a space or a control character"
      }
    }
    return nil
  }

  /// Why the account cannot be an imapsync line, or nil. Never quotes the password.
  static func imapsyncRefusal(for account: Account, options: AccountWriterOptions) -> String? {
    guard let password = account.password, !password.isEmpty else {
      return "no password: imapsync needs one to log in on both servers"
    }
    if let problem = separatorProblem(password) { return "the password contains \(problem)" }
    let login = options.sourceLogin(for: account.email)
    if login.isEmpty { return "the source login is empty" }
    if let problem = separatorProblem(login) {
      return "the source login '\(login)' contains \(problem)"
    }
    if let problem = separatorProblem(account.email) { return "the address contains \(problem)" }
    return nil
  }

  /// `host1;user1;password1;host2;user2;password2;\n`.
  static func appendImapsyncLine(
    _ account: Account, options: AccountWriterOptions, to out: inout [UInt8]
  ) {
    let password = account.password ?? ""
    let fields = [
      options.sourceHost, options.sourceLogin(for: account.email), password,
      options.targetHost, account.email, password,
    ]
    for field in fields {
      out.append(contentsOf: Array(field.utf8))
      out.append(0x3B)
    }
    out.append(0x0A)
  }

  /// What makes a field unusable in a `;`-separated line read by the shell, or nil.
  private static func separatorProblem(_ field: String) -> String? {
    if field.utf8.contains(0x3B) { return "';', the list's separator, which cannot be escaped" }
    if field.utf8.contains(0x5C) {
      return "'\\', which imapsync's loop script (read without -r) would drop"
    }
    if field.utf8.contains(0x0A) || field.utf8.contains(0x0D) { return "a line break" }
    return nil
  }
}
