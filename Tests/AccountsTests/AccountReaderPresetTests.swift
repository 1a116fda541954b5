import MailModel
import TestSupport
import Testing

@testable import Accounts

@Suite struct AccountReaderPresetTests {
  @Test func presetNames() {
    #expect(AccountPreset(name: "imail") == .imail)
    #expect(AccountPreset(name: "CommuniGate") == .communigate)
    #expect(AccountPreset(name: "cgp") == .communigate)
    #expect(AccountPreset(name: "exchange-migration") == .exchangeMigration)
    #expect(AccountPreset(name: "exchange_migration") == .exchangeMigration)
    #expect(AccountPreset(name: "user-pass") == .userpass)
    #expect(AccountPreset(name: "nope") == nil)
    #expect(AccountPreset.allCases.allSatisfy { AccountPreset(name: $0.name) == $0 })
  }

  @Test func imailWithSwitches() throws {
    let text = """
      -h mail.example.com
      smith,whypass,Mrs Smith
      -p S3cr3t!Zz -n x
      jones,An0ther-pw,"Jones, Jr."
      userid,password,full name

      """
    let result = try readAccounts(text, AccountReadOptions(preset: .imail))
    #expect(result.domain == "mail.example.com")
    // a header is only skipped first
    #expect(result.accounts.map(\.email) == ["smith", "jones", "userid"])
    #expect(result.accounts.map(\.displayName) == ["Mrs Smith", "Jones, Jr.", "full name"])
    let switches = result.diagnostics.filter { $0.code == "imail-switch" }
    #expect(switches.map(\.location.line) == [1, 3])
    #expect(switches[1].severity == .warning)
    #expect(switches[1].message.contains("-p -n"))
    #expect(!switches[1].message.contains("S3cr3t"))

    let headed = try readAccounts(
      "userid,password,full name\nsmith,whypass,Mrs Smith\n", AccountReadOptions(preset: .imail))
    #expect(headed.hasHeader)
    #expect(headed.accounts.map(\.email) == ["smith"])
    // The iMail header alone selects the preset.
    #expect(
      try readAccounts("USERID,PASSWORD,FULL NAME\nsmith,whypass,Mrs Smith\n").preset == .imail)
  }

  @Test func imailDomainCompletesBareNames() throws {
    let read = try readAccounts(
      "-h Mail.Example.com\nsmith,whypass1,Mrs Smith\n", AccountReadOptions(preset: .imail))
    let checked = AccountChecker.check(read, options: AccountCheckOptions())
    #expect(checked.accounts.map(\.email) == ["smith@mail.example.com"])
    // --domain wins over -h.
    let given = AccountChecker.check(read, options: AccountCheckOptions(domain: "example.org"))
    #expect(given.accounts.map(\.email) == ["smith@example.org"])
  }

  @Test(arguments: [nil, AccountPreset.communigate])
  func communigate(preset: AccountPreset?) throws {
    let result = try readAccountsFixture("communigate.tab", AccountReadOptions(preset: preset))
    #expect(result.preset == .communigate)
    #expect(result.delimiter == .tab)
    #expect(result.hasHeader)
    #expect(result.accounts.map(\.email) == ["alice", "bjorn", "carol"])
    #expect(result.accounts.map(\.password) == ["Al1ce-pw", "B0rn-pw!", "C4rol#pw"])
    #expect(
      result.accounts.map(\.displayName) == ["Alice Archer", "Björn Ångström", "Carol Çelik"])
    #expect(result.diagnostics.isEmpty)
  }

  @Test(arguments: readingChunkSizes)
  func imapsync(chunkSize: Int) throws {
    let result = try readAccountsFixture(
      "imapsync-batch.txt", AccountReadOptions(preset: .imapsync, chunkSize: chunkSize))
    #expect(result.delimiter == .semicolon)
    #expect(result.accounts.map(\.email) == ["alice@example.com", "bob", "carol@example.com"])
    // quotes are literal
    #expect(result.accounts.map(\.password) == ["New-pw-111", "New-pw-222", "Pw\"quote33"])
    #expect(result.accounts.map(\.location.line) == [3, 5, 7])
    #expect(result.recordsRead == 3)
    #expect(result.diagnostics.isEmpty)  // host1, user1, password1 … are known, not "unknown"
    let checked = AccountChecker.check(result, options: AccountCheckOptions(domain: "example.com"))
    #expect(
      checked.accounts.map(\.email) == [
        "alice@example.com", "bob@example.com", "carol@example.com",
      ])
  }

  @Test func imapsyncNeedsSixFields() throws {
    let result = try readAccounts("h1;u1;p1;h2;u2\n", AccountReadOptions(preset: .imapsync))
    #expect(result.accounts.isEmpty)
    #expect(result.diagnostics.map(\.code) == ["too-few-fields"])
    #expect(
      result.diagnostics.first?.message.contains("host1;user1;password1;host2;user2;password2")
        == true)
  }

  @Test func userpass() throws {
    let result = try readAccountsFixture("userpass.txt", AccountReadOptions(preset: .userpass))
    #expect(result.accounts.map(\.email) == ["alice", "bob", "carol"])
    #expect(result.accounts.map(\.password) == ["Secret-1a", "Secret-2b", "Secret-3c"])
    #expect(result.accounts.map(\.location.line) == [2, 3, 4])
    let bare = AccountChecker.check(result, options: AccountCheckOptions())
    #expect(!bare.isWritable)
    #expect(bare.problems.map(\.code) == ["bare-name", "bare-name", "bare-name"])
    let done = AccountChecker.check(result, options: AccountCheckOptions(domain: "example.com"))
    #expect(
      done.accounts.map(\.email) == ["alice@example.com", "bob@example.com", "carol@example.com"])
  }

  @Test func mailenable() throws {
    let result = try readAccountsFixture("mailenable.csv", AccountReadOptions(preset: .mailenable))
    #expect(!result.hasHeader)
    #expect(
      result.accounts.map(\.email) == ["alice@example.com", "bob@example.com", "carol@example.com"])
    #expect(result.accounts.map(\.password) == ["Me-pass1", "Me-pass2", nil])
    #expect(result.accounts.map(\.quota) == [100 << 20, nil, 50 << 20])  // plain numbers are KB
    // --quota-unit overrides the preset's unit.
    let bytes = try readAccountsFixture(
      "mailenable.csv", AccountReadOptions(preset: .mailenable, plainQuotaUnit: 1 << 20))
    #expect(bytes.accounts.first?.quota == 102_400 << 20)
    // The header is recognised when present.
    let headed = try readAccounts("EmailAddress,Password,Quota\nz@example.com,Pw-zzzzzz,1024\n")
    #expect(headed.preset == .mailenable)
    #expect(headed.accounts.first?.quota == 1 << 20)
  }

  @Test func eims() throws {
    let result = try readAccountsFixture("eims.tab", AccountReadOptions(preset: .eims))
    #expect(result.accounts.map(\.email) == ["alice", "bob"])
    #expect(result.accounts.map(\.displayName) == ["Alice Archer", "Bob Baker"])
    #expect(result.accounts.map(\.password) == ["Eims-pw1", "Eims-pw2"])
    #expect(result.accounts.map(\.quota) == [20 << 20, nil])
    #expect(result.accounts.map(\.forwardingAddress) == [nil, "bob@elsewhere.example.net"])
    #expect(result.diagnostics.isEmpty)  // flags, last login and the trailing columns are known
  }

  @Test(arguments: [nil, AccountPreset.exchangeMigration])
  func exchangeMigration(preset: AccountPreset?) throws {
    let result = try readAccountsFixture(
      "exchange-migration.csv", AccountReadOptions(preset: preset))
    #expect(result.preset == .exchangeMigration)
    #expect(result.hasHeader)
    #expect(result.accounts.map(\.email) == ["john.doe@example.com", "Anna.Smith@Example.com"])
    #expect(result.accounts.map(\.password) == ["Jd0e-pass", "Sm1th-pass"])
    #expect(result.diagnostics.isEmpty)
    let checked = AccountChecker.check(result, options: AccountCheckOptions())
    #expect(checked.accounts.map(\.email) == ["john.doe@example.com", "anna.smith@example.com"])
  }

  @Test func headerDetection() {
    #expect(AccountPreset.detect(header: ["Name", "PASSWORD", "realNAME"]) == .communigate)
    #expect(
      AccountPreset.detect(header: ["Name", "Password", "RealName", "MaxAccountSize"])
        == .communigate)
    #expect(
      AccountPreset.detect(header: [
        "IMAP_Mailbox", "IMAP_Password", "SMTP_Address", "IMAP_Server", "Ex_Mailbox", "IMAP_Port",
        "IMAP_SSL",
      ]) == .exchangeMigration)
    #expect(
      AccountPreset.detect(header: [
        "host1", "user1", "password1", "host2", "user2", "password2", "",
      ]) == .imapsync)
    #expect(
      AccountPreset.detect(header: ["user name", "full name", "password", "size limit", "flags"])
        == .eims)
    #expect(AccountPreset.detect(header: ["email", "password"]) == nil)
  }

  @Test func presetDelimiterCanBeOverridden() throws {
    let result = try readAccounts(
      "alice,Secret-1a\n", AccountReadOptions(preset: .userpass, delimiter: .comma))
    #expect(result.accounts.first?.password == "Secret-1a")
  }
}
