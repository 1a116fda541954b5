import MailModel
import TestSupport
import Testing

@testable import Accounts

/// A password fed into every error path must never come back in a message.
@Suite struct AccountCheckRedactionTests {
  static let secret = "S3cr3t!Zz"

  /// Fails when any text holds the password, in any case, or its distinctive middle.
  func expectClean(
    _ texts: [String], _ what: Comment, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    for text in texts {
      let lower = text.lowercased()
      #expect(
        !lower.contains(Self.secret.lowercased()) && !lower.contains("3cr3t"),
        "\(what): \(text)", sourceLocation: sourceLocation)
    }
  }

  /// Reads and checks `bytes`, returning every message, or the thrown error's description.
  func messages(
    _ bytes: [UInt8], _ read: AccountReadOptions = AccountReadOptions(),
    _ check: AccountCheckOptions = AccountCheckOptions()
  ) -> (texts: [String], problems: Int) {
    do {
      let result = try readAccounts(bytes: bytes, read)
      var texts: [String] = []
      var problems = 0
      for options in [check, AccountCheckOptions(domain: check.domain, skipInvalid: true)] {
        let checked = AccountChecker.check(result, options: options)
        texts += visibleTexts(result, checked)
        problems += checked.problems.count
      }
      return (texts, problems)
    } catch {
      return (["\(error)", String(describing: error), String(reflecting: error)], 1)
    }
  }

  func messages(
    _ text: String, _ read: AccountReadOptions = AccountReadOptions(),
    _ check: AccountCheckOptions = AccountCheckOptions()
  )
    -> (texts: [String], problems: Int)
  {
    messages(Array(text.utf8), read, check)
  }

  @Test func delimitedPaths() {
    let s = Self.secret
    let cases: [(String, [UInt8], AccountReadOptions, AccountCheckOptions)] = [
      (
        "not UTF-8", Array("email,password\nu@example.com,\(s)".utf8) + [0xFC, 0x0A], .init(),
        .init()
      ),
      (
        "not UTF-8 in the password, no header", Array("u@example.com;\(s)".utf8) + [0xFC, 0x0A],
        .init(preset: .userpass), .init()
      ),
      (
        "unterminated quote", Array("email,password\nu@example.com,\"\(s)\nv@example.com,x\n".utf8),
        .init(), .init()
      ),
      (
        "too many fields", Array("email,password\nu@example.com,\(s),extra\n".utf8), .init(),
        .init()
      ),
      ("no account", Array("email,password\n,\(s)\n".utf8), .init(), .init()),
      (
        "imapsync too few fields", Array("h1;u1;\(s);h2;u2\n".utf8), .init(preset: .imapsync),
        .init()
      ),
      ("headerless without options", Array("smith,\(s),Mrs Smith\n".utf8), .init(), .init()),
      ("data row taken for a header", Array("user,\(s)\nbob,pw\n".utf8), .init(), .init()),
      (
        "imail -p switch", Array("-p \(s)\n-P\(s)\nsmith,Pw-smith-1,Mrs Smith\n".utf8),
        .init(preset: .imail),
        .init(domain: "example.com")
      ),
      (
        "quota column holds it", Array("u@example.com,Pw-uuuu-1,\(s)\n".utf8),
        .init(columns: ["email", "password", "quota"]), .init()
      ),
      (
        "status column holds it", Array("u@example.com,Pw-uuuu-1,\(s)\n".utf8),
        .init(columns: ["email", "password", "status"]), .init()
      ),
      (
        "bad quoting in the password",
        Array("email,password\nu@example.com,\(s)\"x\nv@example.com,\"\(s)\"y\n".utf8),
        .init(), .init()
      ),
      (
        "columns swapped, bare", Array("\(s),u@example.com\n".utf8),
        .init(columns: ["email", "password"]), .init()
      ),
      (
        "columns swapped, invalid", Array("\(s)@,u@example.com\nx@\(s).com,y\n".utf8),
        .init(columns: ["email", "password"]), .init()
      ),
      (
        "duplicate account", Array("email,password\nd@example.com,\(s)\nD@example.com,\(s)\n".utf8),
        .init(), .init()
      ),
      (
        "alias conflicts",
        Array(
          "email,password,aliases\na@example.com,\(s),b\nb@example.com,\(s),\nc@example.com,\(s),b\n"
            .utf8),
        .init(), .init()
      ),
      (
        "alias conflicts of invalid accounts",
        Array(
          "email,aliases,password\n\(s)@,b@example.com,x\nb@example.com,,y\n\(s)@@,b@example.com,z\n"
            .utf8),
        .init(), .init()
      ),
      (
        "invalid alias and forward",
        Array("email,password,aliases,forward\na@example.com,\(s),\"\(s)..x\",\"\(s) y\"\n".utf8),
        .init(), .init()
      ),
      (
        "password with a line break", Array("email,password\na@example.com,\"\(s)\n\"\n".utf8),
        .init(), .init()
      ),
      (
        "password with blanks", Array("email,password\na@example.com, \(s) \n".utf8), .init(),
        .init()
      ),
      (
        "password too long",
        Array("email,password\na@example.com,\(String(repeating: s, count: 8))\n".utf8),
        .init(), .init()
      ),
      (
        "mapped password column",
        Array("mail,geheim\na@example.com,\(s)\nb@@example.com,\(s)\n".utf8),
        .init(map: ["geheim": "password"]), .init()
      ),
      (
        "Latin-1 C1 bytes", Array("email,password\na@example.com,\(s)".utf8) + [0x80, 0x0A],
        .init(encoding: .latin1), .init()
      ),
      ("bad domain", Array("user,password\nu,\(s)\n".utf8), .init(), .init(domain: "bad domain")),
    ]
    for (what, bytes, read, check) in cases {
      let (texts, problems) = messages(bytes, read, check)
      #expect(problems > 0, "\(what) should report something")
      expectClean(texts, "\(what)")
    }
  }

  @Test func fixedWidthPaths() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let layout = try writeTemporary(
      Array("user 1 10\npassword 11 10\nname 21 10\n".utf8), name: "l.layout", in: dir)
    let s = Self.secret
    let short = Array("alice     \(s) ".utf8)  // ends inside the name column
    let undecodable = Array("alice     \(s) Al".utf8) + [0xFC] + Array("ce     \n".utf8)
    let shortPassword = Array("bob       abc       Bob       \n".utf8)
    for (what, bytes) in [
      ("short line", short), ("undecodable", undecodable), ("short password", shortPassword),
    ] {
      let (texts, problems) = messages(
        bytes, AccountReadOptions(layoutPath: layout), AccountCheckOptions(domain: "example.com"))
      #expect(problems > 0, "\(what)")
      expectClean(texts, "\(what)")
    }
  }

  @Test func accountsNeverShowTheirPassword() throws {
    let account = Account(
      email: "a@example.com", password: Self.secret, displayName: "A",
      location: SourceLocation(file: "f", line: 1))
    expectClean([account.description, "\(account)"], "Account.description")
    let result = try readAccounts("email,password\na@example.com,\(Self.secret)\n")
    let checked = AccountChecker.check(result, options: AccountCheckOptions())
    #expect(checked.accounts.first?.password == Self.secret)  // it is there for the writers …
    expectClean(visibleTexts(result, checked), "valid account")  // … and in no message
  }
}
