import MailModel

/// What `AccountChecker` does with the accounts it reads.
public struct AccountCheckOptions: Sendable {
  /// The domain of bare names (`--domain`); nil to use one the file names (iMail `-h`), if any.
  public var domain: String?
  /// Domains to rename, `old → new` (`--rename-domain old=new`), for accounts and aliases.
  public var renameDomains: [String: String]
  /// Give accounts without a password a random one (`--generate-passwords`); such accounts must
  /// change it at first login.
  public var generatePasswords: Bool
  /// The length of generated passwords (at least 8).
  public var passwordLength: Int
  /// Accept accounts without a password (`--no-password`): Zimbra creates them with none, for
  /// external authentication or a later reset.
  public var noPassword: Bool
  /// Every account must change its password at first login (`--must-change`).
  public var mustChange: Bool
  /// Write the valid accounts even when others are invalid, listing every one left out
  /// (`--skip-invalid`).
  public var skipInvalid: Bool

  /// Options with the defaults: no domain, passwords required, 16-character generated passwords.
  public init(
    domain: String? = nil, renameDomains: [String: String] = [:], generatePasswords: Bool = false,
    passwordLength: Int = 16, noPassword: Bool = false, mustChange: Bool = false,
    skipInvalid: Bool = false
  ) {
    self.domain = domain
    self.renameDomains = renameDomains
    self.generatePasswords = generatePasswords
    self.passwordLength = passwordLength
    self.noPassword = noPassword
    self.mustChange = mustChange
    self.skipInvalid = skipInvalid
  }
}

/// Completes and validates the accounts of an export: addresses and domains, duplicates and
/// conflicting aliases (with both line numbers), missing passwords.
public enum AccountChecker {
  /// Checks `result` with `options`; generated passwords come from the kernel's secure random
  /// source (`/dev/urandom`, or `SystemRandomNumberGenerator`).
  public static func check(_ result: AccountReadResult, options: AccountCheckOptions)
    -> CheckedAccounts
  {
    var rng = BufferedSecureRandom()
    return check(result, options: options, using: &rng)
  }

  private struct Problem {
    var code: String
    var message: String
  }

  /// What pass 1 found about one record.
  private struct State {
    var errors: [Problem] = []
    var warnings: [Problem] = []
    var emailValid = false
    var needsPassword = false
  }

  static func check<R: RandomNumberGenerator>(
    _ result: AccountReadResult, options: AccountCheckOptions, using rng: inout R
  ) -> CheckedAccounts {
    var fileProblems: [Diagnostic] = []
    let fileLocation = SourceLocation(file: result.path)

    // The domain for bare names, and the renames.
    var domain: String?
    if let given = (options.domain ?? result.domain)?.trimmingBlanks(), !given.isEmpty {
      var d = AddressSyntax.lowercased(given)
      if d.hasPrefix("@") { d.removeFirst() }
      if let problem = AddressSyntax.domainProblem(d) {
        let source = options.domain != nil ? "--domain" : "the file's -h switch"
        fileProblems.append(
          Diagnostic(
            .error, code: "bad-domain", "the domain from \(source) is not valid: \(problem)",
            at: fileLocation))
      } else {
        domain = d
      }
    }
    var renames: [String: String] = [:]
    for (old, new) in options.renameDomains {
      let from = AddressSyntax.lowercased(old.trimmingBlanks())
      let to = AddressSyntax.lowercased(new.trimmingBlanks())
      if let problem = AddressSyntax.domainProblem(to) {
        fileProblems.append(
          Diagnostic(
            .error, code: "bad-domain",
            "the new domain in --rename-domain \(from)=… is not valid: \(problem)",
            at: fileLocation))
        continue
      }
      renames[from] = to
    }

    // Pass 1: each record on its own, changed in place.
    var accounts = result.accounts
    var states = [State](repeating: State(), count: accounts.count)
    var aliasCount = 0
    for i in accounts.indices {
      checkRecord(&accounts[i], &states[i], domain: domain, renames: renames, options: options)
      aliasCount += accounts[i].aliases.count
    }

    // Pass 2: duplicate accounts, then aliases against accounts and each other. One table:
    // index + 1 for an account, -(index + 1) for an alias.
    var owners: [String: Int] = [:]
    owners.reserveCapacity(accounts.count + aliasCount)
    for i in accounts.indices where states[i].emailValid {
      let email = accounts[i].email
      // One hash lookup in the common case: insert, and put the first owner back if there was one.
      if let first = owners.updateValue(i + 1, forKey: email) {
        owners[email] = first
        states[i].errors.append(
          Problem(
            code: "duplicate-account",
            message: "\(email) repeats the account on line \(line(accounts[first - 1])) "
              + "(addresses are compared without case)"))
      }
    }
    // An account is named only when its address is valid (an invalid one is never quoted).
    func named(_ k: Int) -> String { states[k].emailValid ? " of \(accounts[k].email)" : "" }
    for i in accounts.indices {
      for alias in accounts[i].aliases {
        guard let owner = owners.updateValue(-(i + 1), forKey: alias) else { continue }
        owners[alias] = owner
        if owner > 0 {
          if owner - 1 == i { continue }
          states[i].errors.append(
            Problem(
              code: "alias-conflict",
              message: "the alias \(alias)\(named(i)) on line \(line(accounts[i])) "
                + "is also the account on line \(line(accounts[owner - 1]))"))
        } else if -owner - 1 != i {
          let other = -owner - 1
          states[i].errors.append(
            Problem(
              code: "alias-conflict",
              message: "the alias \(alias) on line \(line(accounts[i])) is already an alias"
                + "\(named(other)) on line \(line(accounts[other]))"))
        }
      }
    }

    // Pass 3: passwords for the valid, the output, the report.
    let blocked = !options.skipInvalid
    var generated = 0
    var problems = fileProblems
    var skipped: [SkippedRecord] = []
    for d in result.diagnostics {
      if d.severity == .error {
        problems.append(
          Diagnostic(blocked ? .error : .skipped, code: d.code, d.message, at: d.location))
        if !blocked {
          skipped.append(SkippedRecord(location: d.location, email: nil, reasons: [d.message]))
        }
      } else {
        problems.append(d)
      }
    }
    var valid = 0
    var keep = [Bool](repeating: true, count: accounts.count)
    for i in accounts.indices {
      let location = accounts[i].location
      for w in states[i].warnings {
        problems.append(Diagnostic(.warning, code: w.code, w.message, at: location))
      }
      if !states[i].errors.isEmpty {
        keep[i] = false
        for e in states[i].errors {
          problems.append(
            Diagnostic(blocked ? .error : .skipped, code: e.code, e.message, at: location))
        }
        if !blocked {
          skipped.append(
            SkippedRecord(
              location: location, email: states[i].emailValid ? accounts[i].email : nil,
              reasons: states[i].errors.map(\.message)))
        }
        continue
      }
      valid += 1
      if states[i].needsPassword {
        accounts[i].password = PasswordGenerator.generate(
          length: options.passwordLength, using: &rng)
        accounts[i].mustChangePassword = true
        generated += 1
      }
    }
    if valid < accounts.count {
      var k = 0
      accounts.removeAll { _ in
        defer { k += 1 }
        return !keep[k]
      }
    }
    problems = sortedByLine(problems)
    skipped = skipped.enumerated().sorted { a, b in
      let la = a.element.location.line ?? 0
      let lb = b.element.location.line ?? 0
      return la != lb ? la < lb : a.offset < b.offset
    }.map(\.element)
    let invalid = result.recordsRead - valid
    let writable = fileProblems.isEmpty && (invalid == 0 || options.skipInvalid)
    return CheckedAccounts(
      accounts: writable ? accounts : [],
      problems: problems,
      skipped: skipped,
      counts: AccountCheckCounts(
        read: result.recordsRead, valid: valid, invalid: invalid,
        skipped: options.skipInvalid ? invalid : 0,
        passwordsGenerated: generated),
      isWritable: writable)
  }

  private static func line(_ account: Account) -> String {
    account.location.line.map(String.init) ?? "?"
  }

  /// Whether `text` holds a C0 control character or DEL.
  private static func hasControlBytes(_ text: String) -> Bool {
    let found = text.utf8.withContiguousStorageIfAvailable { buffer -> Bool in
      for b in buffer where b < 0x20 || b == 0x7F { return true }
      return false
    }
    return found ?? text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
  }

  /// Problems by line, file-level ones first; the order within a line is kept.
  private static func sortedByLine(_ problems: [Diagnostic]) -> [Diagnostic] {
    problems.enumerated().sorted { a, b in
      let la = a.element.location.line ?? 0
      let lb = b.element.location.line ?? 0
      return la != lb ? la < lb : a.offset < b.offset
    }.map(\.element)
  }

  /// Completes, normalises and checks one record.
  private static func checkRecord(
    _ account: inout Account, _ state: inout State, domain: String?, renames: [String: String],
    options: AccountCheckOptions
  ) {
    // The address.
    var accountDomain = domain
    switch AddressSyntax.normalize(account.email, defaultDomain: domain, renames: renames) {
    case .success(let (email, at)):
      account.email = email
      state.emailValid = true
      accountDomain = String(email.utf8.dropFirst(at + 1))
    case .failure(let problem):
      state.errors.append(Problem(code: problem.code, message: "the account " + problem.message))
    }

    // Aliases: completed with the account's domain, renamed, checked, de-duplicated.
    if !account.aliases.isEmpty {
      var aliases: [String] = []
      aliases.reserveCapacity(account.aliases.count)
      let count = account.aliases.count
      for (n, raw) in account.aliases.enumerated() {
        switch AddressSyntax.normalize(raw, defaultDomain: accountDomain, renames: renames) {
        case .success(let (alias, _)):
          if alias == account.email {
            state.warnings.append(
              Problem(
                code: "alias-is-account",
                message: "the alias \(alias) is the account itself; dropped"))
          } else if aliases.contains(alias) {
            state.warnings.append(
              Problem(
                code: "alias-repeated", message: "the alias \(alias) is listed twice; kept once"))
          } else {
            aliases.append(alias)
          }
        case .failure(let problem):
          let which = count == 1 ? "the alias" : "alias \(n + 1) of \(count)"
          state.errors.append(
            Problem(code: "invalid-alias", message: "\(which) " + problem.message))
        }
      }
      account.aliases = aliases
    }

    // The forwarding address (not renamed: it points where the old system sent mail).
    if let forward = account.forwardingAddress {
      switch AddressSyntax.normalize(forward, defaultDomain: accountDomain, renames: [:]) {
      case .success(let (address, _)): account.forwardingAddress = address
      case .failure(let problem):
        state.errors.append(
          Problem(code: "invalid-forward", message: "the forwarding address " + problem.message))
      }
    }

    // The password: never quoted, only described. Lengths count code points.
    if let password = account.password {
      var control = false
      var length = 0
      for b in password.utf8 {
        if b < 0x20 || b == 0x7F { control = true }
        if b & 0xC0 != 0x80 { length += 1 }
      }
      if control {
        state.errors.append(
          Problem(
            code: "password-control",
            message: "the password contains a line break or another control character"))
      }
      let first = password.utf8.first
      let last = password.utf8.last
      if first == 0x20 || last == 0x20 || first == 0x09 || last == 0x09 {
        state.warnings.append(
          Problem(
            code: "password-blanks",
            message: "the password begins or ends with a blank; it is kept as written"))
      }
      if length < 6 {
        state.warnings.append(
          Problem(
            code: "password-short",
            message: "the password is shorter than 6 characters, Zimbra's default minimum "
              + "(zimbraPasswordMinLength); account creation fails unless the class of service allows it"
          ))
      } else if length > 64 {
        state.warnings.append(
          Problem(
            code: "password-long",
            message:
              "the password is longer than 64 characters, Zimbra's default maximum (zimbraPasswordMaxLength)"
          ))
      }
    } else if options.generatePasswords {
      state.needsPassword = true
    } else if !options.noPassword {
      state.errors.append(
        Problem(
          code: "no-password",
          message: "no password; give --generate-passwords to create one, "
            + "or --no-password to create the account without"))
    }
    if options.mustChange { account.mustChangePassword = true }

    // Text fields: line breaks and tabs become spaces.
    func clean(_ value: inout String?, _ label: String) {
      guard let text = value, hasControlBytes(text) else { return }
      let cleaned = String(
        decoding: text.utf8.map { $0 < 0x20 || $0 == 0x7F ? 0x20 : $0 }, as: UTF8.self)
      value = cleaned.trimmingBlanks()
      state.warnings.append(
        Problem(
          code: "control-characters",
          message: "line breaks or control characters in the \(label) became spaces"))
    }
    clean(&account.displayName, "display name")
    clean(&account.givenName, "given name")
    clean(&account.surname, "surname")
    clean(&account.initials, "initials")
    clean(&account.cosName, "class of service")
    for k in account.attributes.indices {
      var value: String? = account.attributes[k].value
      clean(&value, account.attributes[k].name)
      account.attributes[k].value = value ?? ""
    }
  }
}
