import Foundation
import MailModel
import Testing

@testable import Accounts

/// An independent reader of zmprov command files, written from the rules in `ZIMBRA-IMPORT.md` §7.3
/// (ProvUtil's `StringUtil.readLine`/`parseLine`), not from the writer:
/// - a line ending in `\` is joined with the next line, the backslash removed, no newline inserted;
/// - tokens are whitespace-separated; a token starting with `'` or `"` runs to the matching quote (the
///   other quote is literal inside); quotes inside a bare word are literal; a closing quote ends the token
///   at once (`'a'b` is two tokens); `''` is an empty argument;
/// - backslash escapes everywhere: `\\` → `\`, `\n` `\t` `\r` → control characters, `\'` `\"` → the
///   quote (which then neither opens nor closes a token), `\<space>` → a space, any other `\x` → `x`.
enum ZmprovTestReader {
  /// The file's logical lines.
  static func logicalLines(_ text: String) -> [String] {
    var physical: [String] = []
    var current = ""
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
      if scalar == "\n" || scalar == "\r" {
        if scalar == "\r", scalars.first == "\n" { scalars.removeFirst() }
        physical.append(current)
        current = ""
      } else {
        current.unicodeScalars.append(scalar)
      }
    }
    if !current.isEmpty { physical.append(current) }
    var logical: [String] = []
    var pending = ""
    for line in physical {
      if line.unicodeScalars.last == "\\" {
        pending += String(String.UnicodeScalarView(line.unicodeScalars.dropLast()))
      } else {
        logical.append(pending + line)
        pending = ""
      }
    }
    if !pending.isEmpty { logical.append(pending) }
    return logical
  }

  /// The arguments of one logical line.
  static func tokens(_ line: String) -> [String] {
    let scalars = Array(line.unicodeScalars)
    var tokens: [String] = []
    var current = String.UnicodeScalarView()
    var inToken = false
    var quote: Unicode.Scalar?
    var index = 0
    func finish() {
      tokens.append(String(current))
      current = String.UnicodeScalarView()
      inToken = false
      quote = nil
    }
    while index < scalars.count {
      let scalar = scalars[index]
      index += 1
      if scalar == "\\" && index < scalars.count {
        let escaped = scalars[index]
        index += 1
        let literal: Unicode.Scalar
        switch escaped {
        case "n": literal = "\n"
        case "t": literal = "\t"
        case "r": literal = "\r"
        default: literal = escaped  // \\ \' \" \<space> and any other \x
        }
        if !inToken { inToken = true }
        current.append(literal)
        continue
      }
      if inToken {
        if let open = quote {
          if scalar == open { finish() } else { current.append(scalar) }
        } else if isBlank(scalar) {
          finish()
        } else {
          current.append(scalar)
        }
      } else if scalar == "'" || scalar == "\"" {
        inToken = true
        quote = scalar
      } else if !isBlank(scalar) {
        inToken = true
        current.append(scalar)
      }
    }
    if inToken { finish() }
    return tokens
  }

  private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0B}"
      || scalar == "\u{0C}"
  }

  /// One `ca` command read back.
  struct Create: Equatable {
    var email: String
    var password: String
    var attributes: [AccountAttribute]
  }

  /// The commands of a file: creations, aliases (account, alias), and whether the last line is `exit`.
  static func read(_ text: String) throws -> (
    creates: [Create], aliases: [(String, String)], endsWithExit: Bool
  ) {
    var creates: [Create] = []
    var aliases: [(String, String)] = []
    let lines = logicalLines(text)
    for (number, line) in lines.enumerated() {
      let args = tokens(line)
      switch args.first {
      case "ca":
        try #require(args.count >= 3 && args.count % 2 == 1, "line \(number + 1): \(args)")
        var attributes: [AccountAttribute] = []
        var i = 3
        while i + 1 < args.count {
          attributes.append(AccountAttribute(name: args[i], value: args[i + 1]))
          i += 2
        }
        creates.append(Create(email: args[1], password: args[2], attributes: attributes))
      case "aaa":
        try #require(args.count == 3, "line \(number + 1): \(args)")
        aliases.append((args[1], args[2]))
      case "exit":
        try #require(number == lines.count - 1, "exit before the end")
      default:
        Issue.record("line \(number + 1): unexpected command \(args)")
      }
    }
    return (creates, aliases, lines.last.map { tokens($0) == ["exit"] } ?? false)
  }
}

@Suite struct ZmprovWriterTests {
  /// What the `ca` line should carry, built here from the account (not by the writer's code).
  static func expectedAttributes(_ account: Account, cosIDs: [String: String] = [:])
    -> [AccountAttribute]
  {
    var list: [AccountAttribute] = []
    if let v = account.displayName { list.append(.init(name: "displayName", value: v)) }
    if let v = account.givenName { list.append(.init(name: "givenName", value: v)) }
    if let v = account.surname { list.append(.init(name: "sn", value: v)) }
    if let v = account.initials { list.append(.init(name: "initials", value: v)) }
    if let v = account.quota { list.append(.init(name: "zimbraMailQuota", value: "\(v)")) }
    if let v = account.status { list.append(.init(name: "zimbraAccountStatus", value: v)) }
    if let v = account.forwardingAddress {
      list.append(.init(name: "zimbraPrefMailForwardingAddress", value: v))
    }
    if account.mustChangePassword {
      list.append(.init(name: "zimbraPasswordMustChange", value: "TRUE"))
    }
    if let cos = account.cosName, let id = cosIDs[cos] {
      list.append(.init(name: "zimbraCOSId", value: id))
    }
    return list + account.attributes
  }

  static func roundTrip(_ accounts: [Account], cosIDs: [String: String] = [:]) throws {
    let options = AccountWriterOptions(cosIDs: cosIDs)
    let (bytes, summary) = try AccountFileWriter.render(accounts, format: .zmprov, options: options)
    let text = try #require(String(validating: bytes, as: UTF8.self))
    // Physical structure: LF only, one line per command, no line ends in a backslash.
    #expect(!bytes.contains(0x0D))
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(text.hasSuffix("\nexit\n") || text == "exit\n")
    #expect(lines.count == accounts.count + summary.aliasesWritten + 1)
    for line in lines { #expect(!line.hasSuffix("\\"), "\(line)") }

    let read = try ZmprovTestReader.read(text)
    #expect(read.endsWithExit)
    try #require(read.creates.count == accounts.count)
    for (account, create) in zip(accounts, read.creates) {
      #expect(create.email == account.email)
      #expect(create.password == (account.password ?? ""))
      #expect(create.attributes == expectedAttributes(account, cosIDs: cosIDs))
    }
    let expectedAliases = accounts.flatMap { account in account.aliases.map { (account.email, $0) }
    }
    #expect(read.aliases.map { "\($0.0) \($0.1)" } == expectedAliases.map { "\($0.0) \($0.1)" })
  }

  @Test func nastyValuesSurviveInEveryField() throws {
    var accounts: [Account] = []
    for (i, value) in WriterSamples.nastyValues.enumerated() {
      accounts.append(
        WriterSamples.account(
          "user\(i)@example.com", password: value, line: i + 1, displayName: value,
          givenName: value,
          surname: value, initials: value, status: value, forwardingAddress: value,
          attributes: [AccountAttribute(name: "description", value: value)]))
    }
    try Self.roundTrip(accounts)
  }

  @Test(arguments: [1, 2, 3])
  func randomValuesSurvive(seed: UInt64) throws {
    let values = WriterSamples.randomNasty(count: 400, seed: seed)
    var accounts: [Account] = []
    for i in stride(from: 0, to: values.count - 1, by: 2) {
      accounts.append(
        WriterSamples.account(
          "u\(i)@example.com", password: values[i], line: i, displayName: values[i + 1],
          attributes: [AccountAttribute(name: "zimbraNotes", value: values[i] + values[i + 1])]))
    }
    try Self.roundTrip(accounts)
  }

  @Test func everyFieldAliasesCOSAndNoPassword() throws {
    let accounts = [
      WriterSamples.account(
        "jane@example.com", password: "pa ss", displayName: "Jane Doe", givenName: "Jane",
        surname: "Doe",
        initials: "J.D.", quota: 1_073_741_824, aliases: ["jd@example.com", "j.doe@example.org"],
        cosName: "Sales", status: "locked", forwardingAddress: "jane@home.example",
        mustChangePassword: true,
        attributes: [AccountAttribute(name: "zimbraPrefLocale", value: "de")]),
      WriterSamples.account("joe@example.com", password: nil, line: 2, cosName: "Support"),
    ]
    try Self.roundTrip(accounts, cosIDs: ["Sales": "e00428a1-0c00-11d9-836a-000d93afea2a"])
    let (bytes, summary) = try AccountFileWriter.render(
      accounts, format: .zmprov, options: AccountWriterOptions(cosIDs: ["sales": "id-1"]))
    #expect(
      String(decoding: bytes, as: UTF8.self) == """
        ca 'jane@example.com' 'pa ss' displayName 'Jane Doe' givenName 'Jane' sn 'Doe' initials 'J.D.' \
        zimbraMailQuota '1073741824' zimbraAccountStatus 'locked' zimbraPrefMailForwardingAddress \
        'jane@home.example' zimbraPasswordMustChange 'TRUE' zimbraCOSId 'id-1' zimbraPrefLocale 'de'
        aaa 'jane@example.com' 'jd@example.com'
        aaa 'jane@example.com' 'j.doe@example.org'
        ca 'joe@example.com' ''
        exit

        """)
    #expect(summary.aliasesWritten == 2)
    #expect(summary.passwordsWritten == 1)
    #expect(summary.accountsWithoutPassword == 1)
    #expect(summary.cosNamesWithoutID == ["Support": 1])
    #expect(summary.cosLookupCommands == ["zmprov gc 'Support' zimbraId"])
    #expect(summary.description.contains("zmprov gc 'Support' zimbraId"))
  }

  @Test func noAccountsIsJustExit() throws {
    let (bytes, summary) = try AccountFileWriter.render([], format: .zmprov)
    #expect(bytes == Array("exit\n".utf8))
    #expect(summary.accountsWritten == 0)
  }

  @Test func quotingByteForByte() {
    var out: [UInt8] = []
    ZmprovFile.appendQuoted("O'Brien \\ \"x\"\n\t\r$", to: &out)
    #expect(String(decoding: out, as: UTF8.self) == #"'O\'Brien \\ "x"\n\t\r$'"#)
  }

  @Test func badAndDuplicateAliasesAreSkippedWithANote() throws {
    let accounts = [
      WriterSamples.account(
        "jane@example.com",
        aliases: ["joe@example.com", "jd@example.com", "JD@example.com", "bad alias"]),
      WriterSamples.account("joe@example.com", line: 2),
    ]
    let (bytes, summary) = try AccountFileWriter.render(accounts, format: .zmprov)
    let read = try ZmprovTestReader.read(String(decoding: bytes, as: UTF8.self))
    #expect(read.aliases.map(\.1) == ["jd@example.com"])
    #expect(summary.aliasesWritten == 1)
    #expect(summary.notes.first == "3 aliases not written:")
  }

  @Test func badOrDoubledAttributesRefuseTheAccount() throws {
    let bad = WriterSamples.account(
      "a@example.com", attributes: [AccountAttribute(name: "x y", value: "1")])
    let doubled = WriterSamples.account(
      "b@example.com", line: 2, displayName: "B",
      attributes: [AccountAttribute(name: "displayname", value: "C")])
    let fine = WriterSamples.account(
      "c@example.com", line: 3,
      attributes: [
        AccountAttribute(name: "zimbraMailAlias", value: "x@example.com"),
        AccountAttribute(name: "displayName", value: "C"),
      ])
    let error = try #require(throws: AccountsRefusedError.self) {
      try AccountFileWriter.render([bad, doubled, fine], format: .zmprov)
    }
    #expect(error.refusals.map(\.location?.line) == [1, 2])
    #expect(error.refusals[0].message.contains("'x y' is not an attribute name"))
    #expect(error.refusals[1].message.contains("displayname is set twice"))
  }

  // The test reader itself follows §7.3's examples.
  @Test func testReaderFollowsTheDocumentedRules() {
    #expect(ZmprovTestReader.tokens("ca O'Brien@x 'p w'") == ["ca", "O'Brien@x", "p w"])
    #expect(ZmprovTestReader.tokens("'a'b") == ["a", "b"])
    #expect(ZmprovTestReader.tokens("x '' \"\" y") == ["x", "", "", "y"])
    #expect(ZmprovTestReader.tokens(#"C:\dir"#) == ["C:dir"])
    #expect(ZmprovTestReader.tokens(#"a\ b c"#) == ["a b", "c"])
    #expect(
      ZmprovTestReader.tokens(#"'it\'s' "say \"hi\"" 'say "hi"'"#) == [
        "it's", #"say "hi""#, #"say "hi""#,
      ])
    #expect(ZmprovTestReader.tokens(#"'\\' '\n\t\r'"#) == ["\\", "\n\t\r"])
    #expect(ZmprovTestReader.logicalLines("ca a\\\nb c\nexit\n") == ["ca ab c", "exit"])
  }
}
