import MailModel
import TestSupport
import Testing

@testable import Accounts

@Suite struct DelimitedReaderTests {
  @Test func headerSynonymsAreMatchedLoosely() throws {
    let text = """
      E-Mail;Pass;Full Name;first_name;Last-Name;Initials;Size Limit;Alias;Class of Service;AccountStatus;Forwarding Address
      ann@example.com;Ann-pw-1;Ann Lee;Ann;Lee;A.L.;2 GB;"ann.lee, al";staff;disabled;ann@elsewhere.example.net

      """
    let result = try readAccounts(text)
    #expect(result.delimiter == .semicolon)
    #expect(result.hasHeader)
    #expect(result.diagnostics.isEmpty)
    let a = try #require(result.accounts.first)
    #expect(a.email == "ann@example.com")
    #expect(a.password == "Ann-pw-1")
    #expect(a.displayName == "Ann Lee")
    #expect(a.givenName == "Ann")
    #expect(a.surname == "Lee")
    #expect(a.initials == "A.L.")
    #expect(a.quota == 2 << 30)
    #expect(a.aliases == ["ann.lee", "al"])
    #expect(a.cosName == "staff")
    #expect(a.status == "locked")
    #expect(a.forwardingAddress == "ann@elsewhere.example.net")
    #expect(a.location == SourceLocation(file: "users.csv", line: 2))
  }

  @Test func moreHeaderSpellings() throws {
    let cases: [(String, AccountField)] = [
      ("mail", .account), ("Email Address", .account), ("address", .account), ("account", .account),
      ("userid", .account), ("User Name", .account), ("login", .account), ("user", .account),
      ("password", .password), ("PWD", .password), ("displayName", .displayName),
      ("fullname", .displayName),
      ("realname", .displayName), ("cn", .displayName), ("givenName", .givenName),
      ("FirstName", .givenName),
      ("sn", .surname), ("surname", .surname), ("lastname", .surname), ("quota", .quota),
      ("mailquota", .quota), ("aliases", .aliases), ("cos", .cos), ("cosname", .cos),
      ("status", .status),
      ("forward", .forward), ("forwarding", .forward), ("forwardingaddress", .forward),
      ("forward address", .forward),
    ]
    for (name, field) in cases {
      #expect(AccountField.synonym(AccountField.normalize(name))?.field == field, "\(name)")
    }
  }

  @Test func nameIsTheAccountOnlyWithoutABetterColumn() throws {
    let alone = try readAccounts("Name,Password\nbob,Bob-pw-12\n")
    #expect(alone.accounts.first?.email == "bob")
    #expect(alone.accounts.first?.displayName == nil)

    let withEmail = try readAccounts("name,email,password\nBob Baker,bob@example.com,Bob-pw-12\n")
    #expect(withEmail.accounts.first?.email == "bob@example.com")
    #expect(withEmail.accounts.first?.displayName == "Bob Baker")

    // `user` loses to `email` and is reported as unused.
    let both = try readAccounts("user,email,password\nbob,bob@example.com,Bob-pw-12\n")
    #expect(both.accounts.first?.email == "bob@example.com")
    #expect(both.diagnostics.map(\.code) == ["unknown-columns"])
    #expect(both.diagnostics.first?.message.contains("'user'") == true)
  }

  @Test func columnsMeanNoHeaderAndARepeatedHeaderIsSkipped() throws {
    let options = AccountReadOptions(columns: ["email", "password", "displayName"])
    let plain = try readAccounts("a@example.com,Pw-aaaaaa,A\nb@example.com,Pw-bbbbbb,B\n", options)
    #expect(plain.accounts.map(\.email) == ["a@example.com", "b@example.com"])
    #expect(plain.accounts.map(\.location.line) == [1, 2])
    #expect(!plain.hasHeader)
    #expect(plain.recordsRead == 2)

    let headed = try readAccounts("Mail,Passwd,Name\na@example.com,Pw-aaaaaa,A\n", options)
    #expect(headed.hasHeader)
    #expect(headed.accounts.map(\.email) == ["a@example.com"])
    #expect(headed.diagnostics.map(\.code) == ["header-skipped"])
    #expect(headed.diagnostics.first?.severity == .ignored)

    // `-` passes over a column; fewer fields than columns leave the rest empty.
    let skipping = AccountReadOptions(delimiter: .pipe, columns: ["email", "-", "password"])
    let r = try readAccounts("c@example.com|whatever|Pw-cccccc\nd@example.com\n", skipping)
    #expect(r.accounts.map(\.password) == ["Pw-cccccc", nil])
    #expect(r.diagnostics.isEmpty)

    let error = #expect(throws: AccountsError.self) {
      try readAccounts("x\n", AccountReadOptions(columns: ["password", "displayName"]))
    }
    #expect(error?.message.contains("no account column") == true)
  }

  @Test func mapTurnsColumnsIntoAttributesOrFields() throws {
    let text =
      "Mail,Kennwort,Abteilung,Telefon,Raum,Notiz\nm@example.com,Pw-mmmmmm,Sales,+49 30 1234,,x\n"
    let options = AccountReadOptions(map: [
      "kennwort": "password", "Abteilung": "department", "TELEFON": "telephoneNumber",
      "Raum": "roomNumber",
      "Fax": "facsimileTelephoneNumber",
    ])
    let result = try readAccounts(text, options)
    let a = try #require(result.accounts.first)
    #expect(a.password == "Pw-mmmmmm")
    #expect(
      a.attributes == [
        AccountAttribute(name: "department", value: "Sales"),
        AccountAttribute(name: "telephoneNumber", value: "+49 30 1234"),
      ])  // the empty Raum cell adds nothing
    let codes = result.diagnostics.map(\.code)
    #expect(codes == ["unknown-columns", "map-column-missing"])
    #expect(result.diagnostics[0].message.contains("'Notiz'"))
    #expect(result.diagnostics[0].location.line == 1)
    #expect(result.diagnostics[1].message.contains("Fax"))
  }

  @Test func unknownColumnsAreReportedOnceForTheFile() throws {
    let rows = (1...50).map { "u\($0)@example.com,Pw-\($0)-xyz,extra\($0),more" }.joined(
      separator: "\n")
    let result = try readAccounts("email,password,Department,Building\n" + rows + "\n")
    #expect(result.accounts.count == 50)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics[0].severity == .warning)
    #expect(result.diagnostics[0].message.contains("'Department'"))
    #expect(result.diagnostics[0].message.contains("'Building'"))
  }

  @Test func quotaUnits() {
    func q(_ text: String, _ unit: Int64 = 1) -> Int64?? { FieldValue.quota(text, plainUnit: unit) }
    #expect(q("1048576") == .some(1_048_576))
    #expect(q("512K") == .some(512 << 10))
    #expect(q("512 KB") == .some(512 << 10))
    #expect(q("100M") == .some(100 << 20))
    #expect(q("100mb") == .some(100 << 20))
    #expect(q("2G") == .some(2 << 30))
    #expect(q("2 GB") == .some(2 << 30))
    #expect(q("1.5G") == .some(3 << 29))
    #expect(q("1,5 GB") == .some(3 << 29))
    #expect(q("102400", 1024) == .some(100 << 20))
    #expect(q("0") == .some(nil))
    #expect(q("unlimited") == .some(nil))
    #expect(q("-1") == .some(nil))
    #expect(q("lots") == .none)
    #expect(q("12 parsecs") == .none)
    #expect(q("99999999999999999999") == .none)
  }

  @Test func quotaAndStatusProblemsAreWarnings() throws {
    let text =
      "email,password,quota,status\nq@example.com,Pw-qqqqqq,huge,sleeping\nr@example.com,Pw-rrrrrr,500,active\n"
    let result = try readAccounts(text)
    #expect(result.accounts.count == 2)
    #expect(result.accounts[0].quota == nil && result.accounts[0].status == nil)
    #expect(result.accounts[1].quota == 500 && result.accounts[1].status == "active")
    #expect(
      result.diagnostics.map(\.code) == ["quota-unreadable", "status-unknown", "quota-small"])
    #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
    #expect(result.diagnostics.map(\.location.line) == [2, 2, 3])
    #expect(
      !result.diagnostics.contains {
        $0.message.contains("huge") || $0.message.contains("sleeping")
      })
  }

  @Test func aliasesSplitOnBlanksCommasAndSemicolons() throws {
    #expect(FieldValue.aliases("a b,c;d ,, e\tf") == ["a", "b", "c", "d", "e", "f"])
    let tsv = try readAccounts("email\tpassword\taliases\nx@example.com\tPw-xxxxxx\tx1 x2; x3,x4\n")
    #expect(tsv.accounts.first?.aliases == ["x1", "x2", "x3", "x4"])
    // Several alias columns add up.
    let two = try readAccounts(
      "email,password,alias,aliases\nx@example.com,Pw-xxxxxx,one,\"two three\"\n")
    #expect(two.accounts.first?.aliases == ["one", "two", "three"])
  }

  @Test func fieldCounts() throws {
    let text =
      "email,password,displayName\n"
      + "a@example.com,Pw-aaaaaa,Smith, Ann\n"  // an unquoted comma: one field too many
      + "b@example.com,Pw-bbbbbb,Bob,,\n"  // empty extra fields are harmless
      + "c@example.com,Pw-cccccc\n"  // missing trailing columns are empty
      + ",Pw-dddddd,Nobody\n"  // no account
    let result = try readAccounts(text)
    #expect(result.accounts.map(\.email) == ["b@example.com", "c@example.com"])
    #expect(result.recordsRead == 4)
    #expect(result.recordsRejected == 2)
    #expect(result.diagnostics.map(\.code) == ["too-many-fields", "no-account"])
    #expect(result.diagnostics.map(\.severity) == [.error, .error])
    #expect(result.diagnostics.map(\.location.line) == [2, 5])
    #expect(result.hasErrors)
  }

  @Test func headerWithoutAccountColumnIsRefusedWithoutQuotingIt() throws {
    let error = #expect(throws: AccountsError.self) {
      try readAccounts("smith,S3cr3t!Zz,Mrs Smith\njones,An0ther!pw,Mr Jones\n")
    }
    let text = error?.description ?? ""
    #expect(text.contains("users.csv:1:"))
    #expect(text.contains("--columns"))
    #expect(text.contains("--preset"))
    #expect(!text.contains("S3cr3t!Zz"))
    #expect(!text.contains("smith"))
  }

  @Test func passwordsKeepTheirBlanksOtherFieldsAreTrimmed() throws {
    let result = try readAccounts(
      "email , password , displayName\n  t@example.com , pw with blanks ,  Tim  \n")
    let a = try #require(result.accounts.first)
    #expect(a.email == "t@example.com")
    #expect(a.password == " pw with blanks ")
    #expect(a.displayName == "Tim")
    // A password of blanks only is no password.
    let blank = try readAccounts("email,password\nu@example.com,   \n")
    #expect(blank.accounts.first?.password == nil)
  }

  @Test func quotedFieldsWithNewlinesAndDelimiters() throws {
    let text =
      "email,password,displayName\r\n\"q@example.com\",\"p,w;\"\"x\"\"\",\"Two\r\nLines\"\r\nz@example.com,Pw-zzzzzz,Zed\r\n"
    let result = try readAccounts(text)
    #expect(result.accounts.map(\.password) == ["p,w;\"x\"", "Pw-zzzzzz"])
    #expect(result.accounts[0].displayName == "Two\r\nLines")
    #expect(result.accounts.map(\.location.line) == [2, 4])
  }

  @Test func delimiterNames() {
    #expect(FieldDelimiter(name: "tab") == .tab)
    #expect(FieldDelimiter(name: "\t") == .tab)
    #expect(FieldDelimiter(name: "\\t") == .tab)
    #expect(FieldDelimiter(name: ",") == .comma)
    #expect(FieldDelimiter(name: "Semicolon") == .semicolon)
    #expect(FieldDelimiter(name: "|") == .pipe)
    #expect(FieldDelimiter(name: ":") == nil)
    #expect(FieldDelimiter(byte: 0x7C) == .pipe)
  }

  @Test(arguments: [1, 3, 4096])
  func oldMacLineEndsAndDetectedPipes(chunkSize: Int) throws {
    let result = try readAccounts(
      "Mail|Password|CN\rm1@example.com|Pw-m1-abc|One\r\rm2@example.com|Pw-m2-abc|Two",
      AccountReadOptions(chunkSize: chunkSize))
    #expect(result.delimiter == .pipe)
    #expect(result.accounts.map(\.displayName) == ["One", "Two"])
    #expect(result.accounts.map(\.location.line) == [2, 4])
  }

  @Test(arguments: readingChunkSizes)
  func chunkSizesDoNotChangeAnything(chunkSize: Int) throws {
    let reference = try readAccountsFixture("mistakes.csv")
    let result = try readAccountsFixture("mistakes.csv", AccountReadOptions(chunkSize: chunkSize))
    #expect(result.accounts == reference.accounts)
    #expect(result.diagnostics.map(\.description) == reference.diagnostics.map(\.description))
    #expect(result.recordsRead == reference.recordsRead)
  }

  @Test func mistakesAsRead() throws {
    let result = try readAccountsFixture("mistakes.csv")
    #expect(result.delimiter == .comma)
    #expect(result.recordsRead == 13)
    #expect(result.accounts.map(\.location.line) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13])
    #expect(result.accounts[0].aliases == ["al@example.com", "alice.a"])
    #expect(result.accounts[7].displayName == "Grace \"the\" Hopper")
    #expect(result.accounts[8].displayName == "Heidi Klum")
    let byCode = Dictionary(grouping: result.diagnostics, by: \.code).mapValues {
      $0.map(\.location.line)
    }
    #expect(byCode["bad-quoting"] == [9, 10])
    #expect(byCode["too-many-fields"] == [12])
    #expect(byCode["unterminated-quote"] == [14])
    let unterminated = try #require(result.diagnostics.first { $0.code == "unterminated-quote" })
    #expect(unterminated.message.contains("lines 14–15"))
  }
}
