import Foundation
import MailModel
import TestSupport
import Testing

@testable import Accounts

#if canImport(Glibc)
  import Glibc
#endif

/// Accounts and values shared by the writer tests.
enum WriterSamples {
  /// A password that must never show up in a summary or an error.
  static let secret = "S3cr3t;Pa55\\w0rd"

  static func account(
    _ email: String, password: String? = "pw", line: Int = 1, displayName: String? = nil,
    givenName: String? = nil, surname: String? = nil, initials: String? = nil, quota: Int64? = nil,
    aliases: [String] = [], cosName: String? = nil, status: String? = nil,
    forwardingAddress: String? = nil,
    mustChangePassword: Bool = false, attributes: [AccountAttribute] = []
  ) -> Account {
    Account(
      email: email, password: password, displayName: displayName, givenName: givenName,
      surname: surname,
      initials: initials, quota: quota, aliases: aliases, cosName: cosName, status: status,
      forwardingAddress: forwardingAddress, mustChangePassword: mustChangePassword,
      attributes: attributes,
      location: SourceLocation(file: "users.csv", line: line))
  }

  /// Values that break naive quoting: both quotes, backslashes (also last), shell syntax, blanks,
  /// line breaks, Unicode (also combining marks after a quote), empty.
  static let nastyValues: [String] = [
    "O'Brien", "\"double\"", "it's \"both\"", "back\\slash", "ends with backslash\\", "\\", "\\\\",
    "\\'",
    "'\\", "$HOME $(id) `id` ${x}", "  spaces  ", " ", "tab\there", "new\nline", "cr\rlf\r\n",
    "C:\\dir\\new",
    "\\n is not a newline", "''", "\"\"", "'", "\"", "", "Zoë Ångström 日本語 🙂", "e\u{301}'\u{301}x",
    "\u{0B}\u{0C}\u{7F}\u{85}\u{2028}", "#not a comment", "-dash", "+plus", "a'b'c", "'a'b",
    "x\\\ny",
    "semi;colon,comma", "&<>", "trailing space ", "\t",
  ]

  /// Seeded random strings over an alphabet of troublesome characters.
  static func randomNasty(count: Int, seed: UInt64) -> [String] {
    let alphabet: [String] = [
      "'", "\"", "\\", " ", "\t", "\n", "\r", "$", "a", "Z", "é", "🙂", "#", ";", ",", "&", "<",
      "\u{301}", "n", "t",
    ]
    var state = seed
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    return (0..<count).map { _ in
      let length = next() % 12
      return (0..<length).map { _ in alphabet[next() % alphabet.count] }.joined()
    }
  }

  /// The process umask, from /proc (changing it to read it would race with other tests).
  static func umask() -> UInt16 {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
      let value = UInt16(
        line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
    else { return 0o022 }
    return value
  }

  static func mode(of path: String) throws -> UInt16 {
    var info = stat()
    try #require(stat(path, &info) == 0)
    return UInt16(info.st_mode & 0o7777)
  }
}

@Suite struct AccountOutputFormatTests {
  @Test func extensionsChooseTheFormat() throws {
    #expect(AccountOutputFormat(fileExtensionOf: "out/users.zmp") == .zmprov)
    #expect(AccountOutputFormat(fileExtensionOf: "USERS.CSV") == .adminCSV)
    #expect(AccountOutputFormat(fileExtensionOf: "users.csv", legacy: true) == .adminCSVLegacy)
    #expect(AccountOutputFormat(fileExtensionOf: "a.b/users.xml") == .zcsImportXML)
    #expect(AccountOutputFormat(fileExtensionOf: "users.txt") == .userList)
    #expect(AccountOutputFormat(fileExtensionOf: "users.tsv") == .userListTSV)
    #expect(AccountOutputFormat(fileExtensionOf: "users.json") == nil)
    #expect(AccountOutputFormat(fileExtensionOf: "a.csv/users") == nil)
    #expect(AccountOutputFormat(fileExtensionOf: ".csv") == nil)
  }

  @Test func toOverridesTheExtensionAndLegacyNeedsCSV() throws {
    #expect(try AccountOutputFormat.forOutput(path: "list.txt", to: "imapsync") == .imapsyncList)
    #expect(try AccountOutputFormat.forOutput(path: "x.out", to: "zmprov") == .zmprov)
    #expect(try AccountOutputFormat.forOutput(path: "x.csv", legacy: true) == .adminCSVLegacy)
    #expect(
      try AccountOutputFormat.forOutput(path: "x.dat", to: "csv", legacy: true) == .adminCSVLegacy)
    #expect(try AccountOutputFormat.forOutput(path: "x.csv") == .adminCSV)
    #expect(throws: AccountsError.self) {
      try AccountOutputFormat.forOutput(path: "x.zmp", legacy: true)
    }
    #expect(throws: AccountsError.self) { try AccountOutputFormat.forOutput(path: "x.dat") }
    #expect(throws: AccountsError.self) {
      try AccountOutputFormat.forOutput(path: "x.csv", to: "ldif")
    }
    for format in AccountOutputFormat.allCases {
      #expect(AccountOutputFormat(name: format.name) == format)
    }
    #expect(AccountOutputFormat.acceptedNames.contains("imapsync"))
  }

  @Test func onlyUserListsAreWithoutPasswords() {
    let plain = AccountOutputFormat.allCases.filter { !$0.containsPasswords }
    #expect(Set(plain) == [.userList, .userListTSV])
  }
}

@Suite struct AccountFileWriterTests {
  static let formats = AccountOutputFormat.allCases

  @Test(arguments: formats)
  func filesWithPasswordsAre0600AndNothingIsLeftBehind(format: AccountOutputFormat) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.path + "/accounts." + format.fileExtension
    // A file already there with wider permissions is replaced, not rewritten in place.
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o644)
    let accounts = [
      WriterSamples.account("jane@example.com", password: "pw1", displayName: "Jane"),
      WriterSamples.account("joe@example.com", password: "pw2", line: 2, displayName: "Joe"),
    ]
    let summary = try AccountFileWriter.write(accounts, to: path, format: format)
    let mode = try WriterSamples.mode(of: path)
    if format.containsPasswords {
      #expect(mode == 0o600)
      #expect(summary.fileMode == 0o600)
    } else {
      #expect(mode == 0o644 & ~WriterSamples.umask())
    }
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path) == [
        "accounts." + format.fileExtension
      ])
    let (expected, _) = try AccountFileWriter.render(accounts, format: format)
    #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    #expect(summary.accountsWritten == 2)
    #expect(summary.path == path)
  }

  @Test(arguments: formats)
  func summariesAndErrorsNeverShowAPassword(format: AccountOutputFormat) throws {
    let secret = WriterSamples.secret
    let accounts = [
      WriterSamples.account(
        "a@example.com", password: "ok-pass", aliases: ["b@example.com"], cosName: "Sales"),
      // Refused by the imapsync list (';' and '\') and, for the others, by the duplicate address.
      WriterSamples.account("A@example.com", password: secret, line: 2),
      WriterSamples.account("bad address", password: secret, line: 3),
      WriterSamples.account(
        "c@example.com", password: " " + secret, line: 4,
        attributes: [AccountAttribute(name: "bad name", value: secret)]),
    ]
    do {
      _ = try AccountFileWriter.render(accounts, format: format)
      Issue.record("expected a refusal")
    } catch let error as AccountsRefusedError {
      #expect(!error.description.contains(secret))
      #expect(!String(describing: error.refusals).contains(secret))
      #expect(error.description.contains("users.csv:2"))
      #expect(error.description.contains("bad address"))
    }
    let options = AccountWriterOptions(skipRefusedAccounts: true)
    let (bytes, summary) = try AccountFileWriter.render(accounts, format: format, options: options)
    #expect(!summary.description.contains(secret))
    #expect(!summary.description.contains("ok-pass"))
    #expect(summary.refused.count >= 2)
    #expect(summary.accountsWritten + summary.refused.count == 4)
    if format == .zmprov || format == .zcsImportXML || format == .adminCSV
      || format == .imapsyncList
    {
      #expect(String(decoding: bytes, as: UTF8.self).contains("ok-pass"))
    }
  }

  @Test func duplicateAddressesAreRefusedIgnoringCase() throws {
    let accounts = [
      WriterSamples.account("Jane@Example.com", line: 1),
      WriterSamples.account("jane@example.com", line: 7),
    ]
    let error = try #require(throws: AccountsRefusedError.self) {
      try AccountFileWriter.render(accounts, format: .userList)
    }
    #expect(error.refusals.count == 1)
    #expect(error.refusals[0].location?.line == 7)
    #expect(error.refusals[0].message.contains("users.csv:1"))
  }

  @Test func badAddressesAreRefused() throws {
    let addresses = [
      "no-at.example.com", "two@@example.com", "a@b@c", "@example.com", "jane@",
      "ja ne@example.com",
      "jane@exa\tmple.com", "jane@example.com\n",
    ]
    for address in addresses {
      let error = try #require(throws: AccountsRefusedError.self) {
        try AccountFileWriter.render([WriterSamples.account(address)], format: .zmprov)
      }
      #expect(error.refusals.count == 1, "\(address)")
    }
  }

  @Test func aFailedWriteLeavesNoTemporaryFileAndNoOutput() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    // The destination is a directory: the rename fails after the temporary file was written.
    let target = dir.path + "/users.zmp"
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
    let accounts = [WriterSamples.account("jane@example.com", password: WriterSamples.secret)]
    let error = try #require(throws: AccountsError.self) {
      try AccountFileWriter.write(accounts, to: target, format: .zmprov)
    }
    #expect(!error.description.contains(WriterSamples.secret))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["users.zmp"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)

    #expect(throws: AccountsError.self) {
      try AccountFileWriter.write(accounts, to: dir.path + "/missing/users.zmp", format: .zmprov)
    }
  }

  @Test func refusedRunsWriteNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let accounts = [
      WriterSamples.account("jane@example.com"),
      WriterSamples.account("joe@example.com", password: "a;b", line: 2),
    ]
    #expect(throws: AccountsRefusedError.self) {
      try AccountFileWriter.write(accounts, to: dir.path + "/list.txt", format: .imapsyncList)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    let summary = try AccountFileWriter.write(
      accounts, to: dir.path + "/list.txt", format: .imapsyncList,
      options: AccountWriterOptions(skipRefusedAccounts: true))
    #expect(summary.accountsWritten == 1)
    #expect(summary.refused.map(\.location?.line) == [2])
    #expect(summary.description.contains("left out 1 account"))
  }

  @Test func notCarriedFieldsAreCounted() throws {
    let accounts = [
      WriterSamples.account(
        "jane@example.com", givenName: "Jane", quota: 1 << 30, aliases: ["j@example.com"],
        cosName: "Sales",
        mustChangePassword: true,
        attributes: [AccountAttribute(name: "zimbraPrefLocale", value: "de")]),
      WriterSamples.account("joe@example.com", line: 2, quota: 5),
    ]
    let csv = try AccountFileWriter.render(accounts, format: .adminCSV).summary
    #expect(csv.notCarried == ["aliases": 1, "quota": 2, "COS": 1, "extra attributes": 1])
    #expect(csv.description.contains("quota (2)"))
    let legacy = try AccountFileWriter.render(accounts, format: .adminCSVLegacy).summary
    #expect(legacy.notCarried["given name"] == 1)
    #expect(legacy.notCarried["must change password"] == 1)
    let xml = try AccountFileWriter.render(accounts, format: .zcsImportXML).summary
    #expect(xml.notCarried == csv.notCarried)
    let zmp = try AccountFileWriter.render(accounts, format: .zmprov).summary
    #expect(zmp.notCarried.isEmpty)
  }

  @Test func shellQuotingForPrintedCommands() {
    #expect(ShellQuoting.quote("Sales") == "'Sales'")
    #expect(ShellQuoting.quote("it's") == "'it'\\''s'")
    #expect(ShellQuoting.quote("") == "''")
  }
}
