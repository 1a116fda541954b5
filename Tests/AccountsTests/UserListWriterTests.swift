import Foundation
import MailModel
import TestSupport
import Testing

@testable import Accounts

@Suite struct UserListWriterTests {
  static let accounts = [
    WriterSamples.account("jane@example.com", password: "pw 1", displayName: "Jane\tDoe"),
    WriterSamples.account("joe@example.com", password: "p'w\"2$", line: 2, displayName: nil),
    WriterSamples.account("zoë@example.com", password: "日本", line: 3, displayName: "Zoë\nÅngström"),
  ]

  @Test func plainListIsOneAddressPerLine() throws {
    let (bytes, summary) = try AccountFileWriter.render(Self.accounts, format: .userList)
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == "jane@example.com\njoe@example.com\nzoë@example.com\n")
    #expect(summary.passwordsWritten == 0)
    #expect(!summary.format.containsPasswords)
    #expect(summary.description == "wrote 3 accounts as user list")
  }

  @Test func tableHasAHeaderAndNoTabsInValues() throws {
    let (bytes, summary) = try AccountFileWriter.render(Self.accounts, format: .userListTSV)
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == "email\tdisplayName\njane@example.com\tJane Doe\njoe@example.com\t\nzoë@example.com\tZoë Ångström\n"
    )
    #expect(summary.notes == ["2 display names had tabs or line breaks, written as spaces"])
  }

  @Test func imapsyncLines() throws {
    let options = AccountWriterOptions(
      sourceHost: "imap.old.example", targetHost: "mail.example.com",
      sourceLogins: ["JOE@example.com": "jsmith"])
    let (bytes, summary) = try AccountFileWriter.render(
      Self.accounts, format: .imapsyncList, options: options)
    #expect(
      String(decoding: bytes, as: UTF8.self) == """
        imap.old.example;jane;pw 1;mail.example.com;jane@example.com;pw 1;
        imap.old.example;jsmith;p'w"2$;mail.example.com;joe@example.com;p'w"2$;
        imap.old.example;zoë;日本;mail.example.com;zoë@example.com;日本;

        """)
    #expect(summary.passwordsWritten == 3)
    #expect(summary.notes.isEmpty)

    let byAddress = AccountWriterOptions(sourceLoginStyle: .email)
    let (placeholders, notes) = try AccountFileWriter.render(
      [Self.accounts[0]], format: .imapsyncList, options: byAddress)
    #expect(
      String(decoding: placeholders, as: UTF8.self)
        == "SOURCE_HOST;jane@example.com;pw 1;ZIMBRA_HOST;jane@example.com;pw 1;\n")
    #expect(notes.notes.contains { $0.contains("SOURCE_HOST") })
  }

  /// The lines split the way imapsync's loop script splits them (`IFS=';' read h1 u1 p1 h2 u2 p2 extra fake`).
  @Test func linesSplitIntoTheSixFields() throws {
    let (bytes, _) = try AccountFileWriter.render(Self.accounts, format: .imapsyncList)
    for (line, account) in zip(
      String(decoding: bytes, as: UTF8.self).split(separator: "\n"), Self.accounts)
    {
      let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
      #expect(fields.count == 7)
      #expect(fields[6].isEmpty)
      #expect(fields[2] == account.password && fields[5] == account.password)
      #expect(fields[4] == account.email)
    }
  }

  @Test(arguments: [
    ("a;b", "';'"), ("a\\b", "'\\'"), ("ends\\", "'\\'"), ("a\nb", "line break"),
    ("a\rb", "line break"),
  ])
  func passwordsTheListCannotCarryAreRefused(password: String, reason: String) throws {
    let secret = "Zq8-only-letters"  // WriterSamples.secret itself has ';' and '\\'
    let account = WriterSamples.account("a@example.com", password: secret + password)
    let error = try #require(throws: AccountsRefusedError.self) {
      try AccountFileWriter.render([account], format: .imapsyncList)
    }
    #expect(error.refusals.count == 1)
    #expect(error.refusals[0].message.contains(reason))
    #expect(error.refusals[0].message.hasPrefix("a@example.com: the password contains"))
    #expect(!error.description.contains(secret))
  }

  @Test func missingPasswordsAndBadLoginsOrHostsAreRefused() throws {
    let noPassword = WriterSamples.account("a@example.com", password: nil)
    let emptyPassword = WriterSamples.account("b@example.com", password: "", line: 2)
    let badLogin = WriterSamples.account("c@example.com", line: 3)
    let error = try #require(throws: AccountsRefusedError.self) {
      try AccountFileWriter.render(
        [noPassword, emptyPassword, badLogin], format: .imapsyncList,
        options: AccountWriterOptions(sourceLogins: ["c@example.com": "dom\\c"]))
    }
    #expect(error.refusals.map(\.location?.line) == [1, 2, 3])
    #expect(error.refusals[0].message.contains("no password"))
    #expect(error.refusals[2].message.contains("source login 'dom\\c'"))

    for host in ["", "a;b", "#host", "two words"] {
      #expect(throws: AccountsError.self) {
        try AccountFileWriter.render(
          [], format: .imapsyncList, options: AccountWriterOptions(sourceHost: host))
      }
    }
  }

  @Test func userListsAreNotSecretButImapsyncListsAre() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    _ = try AccountFileWriter.write(Self.accounts, to: dir.path + "/users.txt", format: .userList)
    _ = try AccountFileWriter.write(
      Self.accounts, to: dir.path + "/sync.txt", format: .imapsyncList)
    #expect(try WriterSamples.mode(of: dir.path + "/users.txt") == 0o644 & ~WriterSamples.umask())
    #expect(try WriterSamples.mode(of: dir.path + "/sync.txt") == 0o600)
    #expect(
      Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == [
        "users.txt", "sync.txt",
      ])
  }
}
