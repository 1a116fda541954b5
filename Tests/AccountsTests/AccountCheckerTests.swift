import MailModel
import TestSupport
import Testing

@testable import Accounts

@Suite struct AccountCheckerTests {
  func check(_ text: String, _ options: AccountCheckOptions = AccountCheckOptions()) throws
    -> CheckedAccounts
  {
    AccountChecker.check(try readAccounts(text), options: options)
  }

  func codes(_ checked: CheckedAccounts, line: Int) -> [String] {
    checked.problems.filter { $0.location.line == line }.map(\.code)
  }

  @Test func mistakesBlockWritingAndNameBothLines() throws {
    let read = try readAccountsFixture("mistakes.csv")
    let checked = AccountChecker.check(read, options: AccountCheckOptions())
    #expect(!checked.isWritable)
    #expect(checked.hasErrors)
    #expect(checked.accounts.isEmpty)
    #expect(checked.skipped.isEmpty)
    #expect(
      checked.counts
        == AccountCheckCounts(read: 13, valid: 5, invalid: 8, skipped: 0, passwordsGenerated: 0))

    #expect(codes(checked, line: 2) == [])
    #expect(codes(checked, line: 4) == ["duplicate-account"])
    #expect(codes(checked, line: 5) == ["alias-conflict"])
    #expect(codes(checked, line: 6) == ["invalid-address"])
    #expect(codes(checked, line: 7) == ["no-password"])
    // the space-separated row
    #expect(codes(checked, line: 8) == ["invalid-address", "no-password"])
    #expect(codes(checked, line: 9) == ["bad-quoting"])
    #expect(codes(checked, line: 10) == ["bad-quoting"])
    #expect(codes(checked, line: 11) == ["alias-conflict"])
    #expect(codes(checked, line: 12) == ["too-many-fields"])
    #expect(codes(checked, line: 14) == ["unterminated-quote"])
    let lines = checked.problems.compactMap(\.location.line)
    #expect(lines == lines.sorted())

    // Duplicates differ only in case; both lines are named.
    let duplicate = try #require(checked.problems.first { $0.code == "duplicate-account" })
    #expect(duplicate.description.hasPrefix(Fixture.path("accounts/mistakes.csv") + ":4: error:"))
    #expect(duplicate.message.contains("alice@example.com") && duplicate.message.contains("line 2"))
    let aliasOfAlias = try #require(checked.problems.first { $0.location.line == 5 })
    #expect(aliasOfAlias.message.contains("al@example.com"))
    #expect(aliasOfAlias.message.contains("line 5") && aliasOfAlias.message.contains("line 2"))
    let aliasOfAccount = try #require(checked.problems.first { $0.location.line == 11 })
    #expect(aliasOfAccount.message.contains("bob@example.com"))
    #expect(aliasOfAccount.message.contains("line 11") && aliasOfAccount.message.contains("line 3"))
    #expect(checked.problems.first { $0.location.line == 6 }?.message.contains("no dot") == true)
  }

  @Test func skipInvalidWritesTheRestAndListsEverySkippedRecord() throws {
    let read = try readAccountsFixture("mistakes.csv")
    let checked = AccountChecker.check(read, options: AccountCheckOptions(skipInvalid: true))
    #expect(checked.isWritable)
    #expect(!checked.hasErrors)
    #expect(
      checked.accounts.map(\.email) == [
        "alice@example.com", "bob@example.com", "grace@example.com", "heidi@example.com",
        "peggy@example.com",
      ])
    #expect(checked.accounts[0].aliases == ["al@example.com", "alice.a@example.com"])
    #expect(
      checked.counts
        == AccountCheckCounts(read: 13, valid: 5, invalid: 8, skipped: 8, passwordsGenerated: 0))
    #expect(checked.skipped.map(\.location.line) == [4, 5, 6, 7, 8, 11, 12, 14])
    #expect(checked.skipped.count == checked.counts.skipped)
    #expect(checked.skipped.first { $0.location.line == 4 }?.email == "alice@example.com")
    #expect(checked.skipped.first { $0.location.line == 6 }?.email == nil)
    #expect(checked.skipped.first { $0.location.line == 8 }?.reasons.count == 2)
    let severities = Set(
      checked.problems.filter { $0.location.line != 9 && $0.location.line != 10 }.map(\.severity))
    #expect(severities == [.skipped])
  }

  @Test func generatedPasswords() throws {
    let text =
      "email,password\n" + (1...200).map { "g\($0)@example.com," }.joined(separator: "\n")
      + "\nset@example.com,Given-pw-1\n"
    let checked = try check(text, AccountCheckOptions(generatePasswords: true, passwordLength: 12))
    #expect(checked.isWritable)
    #expect(checked.counts.passwordsGenerated == 200)
    let generated = checked.accounts.prefix(200)
    #expect(generated.allSatisfy { $0.mustChangePassword })
    #expect(checked.accounts.last?.password == "Given-pw-1")
    #expect(checked.accounts.last?.mustChangePassword == false)
    let passwords = generated.compactMap(\.password)
    #expect(passwords.count == 200)
    #expect(Set(passwords).count == 200)
    let allowed = Set("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.+=")
    for p in passwords {
      #expect(p.count == 12)
      #expect(p.allSatisfy(allowed.contains))
      #expect(p.contains(where: \.isLowercase) && p.contains(where: \.isUppercase))
      #expect(p.contains(where: \.isNumber) && p.contains { "-_.+=".contains($0) })
    }
    // Never shorter than 8.
    let short = try check(
      "email,password\nx@example.com,\n",
      AccountCheckOptions(generatePasswords: true, passwordLength: 3))
    #expect(short.accounts.first?.password?.count == 8)
    // Every character of the alphabet turns up (the 6-bit draw covers all 62).
    var rng = SystemRandomNumberGenerator()
    var seen = Set<Character>()
    for _ in 0..<400 { seen.formUnion(PasswordGenerator.generate(length: 16, using: &rng)) }
    #expect(seen == allowed)
  }

  @Test func passwordRules() throws {
    let text = "email,password\nnone@example.com,\nok@example.com,Long-enough-1\n"
    let refused = try check(text)
    #expect(!refused.isWritable)
    #expect(codes(refused, line: 2) == ["no-password"])
    #expect(refused.problems.first?.message.contains("--generate-passwords") == true)

    let allowed = try check(text, AccountCheckOptions(noPassword: true))
    #expect(allowed.isWritable)
    #expect(allowed.accounts.map(\.password) == [nil, "Long-enough-1"])
    #expect(allowed.counts.passwordsGenerated == 0)

    let mustChange = try check(text, AccountCheckOptions(noPassword: true, mustChange: true))
    #expect(mustChange.accounts.allSatisfy { $0.mustChangePassword })

    let odd = try check(
      "email,password\ns@example.com,abc\nb@example.com,\" padded \"\nc@example.com,\"two\nlines\"\n"
    )
    #expect(codes(odd, line: 2) == ["password-short"])
    #expect(codes(odd, line: 3) == ["password-blanks"])
    #expect(codes(odd, line: 4) == ["password-control"])
    #expect(odd.counts.valid == 2)  // warnings do not invalidate
  }

  @Test func addressesAreCompletedLowerCasedAndValidated() throws {
    let text = """
      email,password,aliases,forward
      Bare,Pw-bare-1,"b1 b2@Other.Example.com",
      <angle@example.com>,Pw-angle-1,,
      MiXeD@Example.COM,Pw-mixed-1,mx,Fwd
      two@@example.com,Pw-two-1,,
      sp ace@example.com,Pw-space-1,,
      dot.@example.com,Pw-dot-1,,
      ü@example.com,Pw-umlaut-1,,
      x@exa_mple.com,Pw-under-1,,
      x@-example.com,Pw-hyphen-1,,
      x@bücher.example,Pw-idn-1,,
      ok@example.com,Pw-ok-1,"al..ias",
      fw@example.com,Pw-fw-1,,"not an address"

      """
    let checked = try check(text, AccountCheckOptions(domain: "Example.com"))
    #expect(codes(checked, line: 2) == [])
    #expect(codes(checked, line: 3) == [])
    #expect(codes(checked, line: 4) == [])
    for line in 5...11 {
      #expect(codes(checked, line: line) == ["invalid-address"], "line \(line)")
    }
    #expect(codes(checked, line: 12) == ["invalid-alias"])
    #expect(codes(checked, line: 13) == ["invalid-forward"])
    #expect(checked.counts.valid == 3)

    let ok = AccountChecker.check(
      try readAccounts(text), options: AccountCheckOptions(domain: "example.com", skipInvalid: true)
    )
    #expect(
      ok.accounts.map(\.email) == ["bare@example.com", "angle@example.com", "mixed@example.com"])
    #expect(ok.accounts[0].aliases == ["b1@example.com", "b2@other.example.com"])
    #expect(ok.accounts[2].aliases == ["mx@example.com"])
    #expect(ok.accounts[2].forwardingAddress == "fwd@example.com")
    let messages = Dictionary(
      uniqueKeysWithValues: ok.problems.compactMap { p in p.location.line.map { ($0, p.message) } })
    #expect(messages[5]?.contains("more than one @") == true)
    #expect(messages[6]?.contains("space") == true)
    #expect(messages[8]?.contains("non-ASCII") == true)
    #expect(messages[11]?.contains("xn--") == true)
  }

  @Test func aliasesOfTheAccountItselfOrRepeatedAreDropped() throws {
    let checked = try check(
      "email,password,aliases\nme@example.com,Pw-me-123,\"me ME@example.com other other\"\n")
    #expect(checked.isWritable)
    #expect(checked.accounts.first?.aliases == ["other@example.com"])
    #expect(
      checked.problems.map(\.code) == ["alias-is-account", "alias-is-account", "alias-repeated"])
    #expect(checked.problems.allSatisfy { $0.severity == .warning })
  }

  @Test func bareNamesNeedADomain() throws {
    let checked = try check("user,password\nsmith,Pw-smith-1\n")
    #expect(!checked.isWritable)
    #expect(checked.problems.map(\.code) == ["bare-name"])
    #expect(checked.problems.first?.message.contains("--domain") == true)
    let bad = try check("user,password\nsmith,Pw-smith-1\n", AccountCheckOptions(domain: "nodot"))
    #expect(bad.problems.map(\.code) == ["bad-domain", "bare-name"])
    #expect(!bad.isWritable)
    let skipping = try check(
      "user,password\nsmith,Pw-smith-1\n", AccountCheckOptions(domain: "nodot", skipInvalid: true))
    #expect(!skipping.isWritable)  // a bad --domain is a mistake in the command, not in a record
  }

  @Test func renameDomains() throws {
    let text =
      "email,password,aliases,forward\na@Old.Example.com,Pw-aaaa-1,\"x@old.example.com y\",b@old.example.com\nc,Pw-cccc-1,,\n"
    let checked = try check(
      text,
      AccountCheckOptions(
        domain: "old.example.com", renameDomains: ["OLD.example.com": "new.example.com"]))
    #expect(checked.isWritable)
    #expect(checked.accounts.map(\.email) == ["a@new.example.com", "c@new.example.com"])
    #expect(checked.accounts[0].aliases == ["x@new.example.com", "y@new.example.com"])
    // forwarding is left alone
    #expect(checked.accounts[0].forwardingAddress == "b@old.example.com")
    // Renaming two domains onto one can create duplicates, which are caught.
    let merged = try check(
      "email,password\nu@a.example.com,Pw-uuuu-1\nu@b.example.com,Pw-uuuu-2\n",
      AccountCheckOptions(renameDomains: [
        "a.example.com": "example.com", "b.example.com": "example.com",
      ]))
    #expect(merged.problems.map(\.code) == ["duplicate-account"])
    #expect(merged.problems.first?.location.line == 3)
    let bad = try check(
      "email,password\nu@a.example.com,Pw-uuuu-1\n",
      AccountCheckOptions(renameDomains: ["a.example.com": "b_c"]))
    #expect(bad.problems.map(\.code) == ["bad-domain"])
    #expect(!bad.isWritable)
  }

  @Test func aliasSharedByTwoAccountsAndAliasThatIsAnotherAccount() throws {
    let text =
      "email,password,aliases\nlater@example.com,Pw-later-1,first\nfirst@example.com,Pw-first-1,\nthird@example.com,Pw-third-1,shared\nfourth@example.com,Pw-fourth-1,shared\n"
    let checked = try check(text)
    // An alias that is an account is reported on the record holding the alias, even when the
    // account comes later in the file.
    #expect(codes(checked, line: 2) == ["alias-conflict"])
    #expect(checked.problems.first { $0.location.line == 2 }?.message.contains("line 3") == true)
    #expect(codes(checked, line: 5) == ["alias-conflict"])
    #expect(checked.problems.first { $0.location.line == 5 }?.message.contains("line 4") == true)
    #expect(codes(checked, line: 3) == [] && codes(checked, line: 4) == [])
  }

  @Test func controlCharactersInTextFieldsBecomeSpaces() throws {
    let checked = try check("email,password,displayName\nn@example.com,Pw-nnnn-1,\"Two\nLines\"\n")
    #expect(checked.accounts.first?.displayName == "Two Lines")
    #expect(checked.problems.map(\.code) == ["control-characters"])
  }

  @Test func emptyInputIsWritableAndEmpty() throws {
    let checked = try check("email,password\n")
    #expect(checked.isWritable)
    #expect(checked.accounts.isEmpty)
    #expect(checked.problems.map(\.code) == ["no-records"])
    #expect(try readAccounts("").diagnostics.map(\.code) == ["no-records"])
    #expect(
      checked.counts
        == AccountCheckCounts(read: 0, valid: 0, invalid: 0, skipped: 0, passwordsGenerated: 0))
  }
}
