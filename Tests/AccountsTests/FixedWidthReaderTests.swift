import Foundation
import MailModel
import TestSupport
import Testing

@testable import Accounts

@Suite struct FixedWidthReaderTests {
  static let layoutPath = Fixture.path("accounts/imail-fixed.layout")

  @Test func layoutFile() throws {
    let layout = try FixedWidthLayout(contentsOfFile: Self.layoutPath)
    #expect(layout.skipLines == 2)
    #expect(!layout.allowShortLines)
    #expect(
      layout.columns == [
        .init(name: "userid", start: 1, width: 20), .init(name: "password", start: 21, width: 16),
        .init(name: "fullname", start: 37, width: 30), .init(name: "quota", start: 67, width: 10),
      ])
    #expect(layout.width == 76)
  }

  @Test(arguments: readingChunkSizes)
  func imailFixture(chunkSize: Int) throws {
    let result = try readAccountsFixture(
      "imail-fixed.txt", AccountReadOptions(layoutPath: Self.layoutPath, chunkSize: chunkSize))
    #expect(result.delimiter == nil)
    #expect(result.columns == ["userid", "password", "fullname", "quota"])
    #expect(result.accounts.map(\.email) == ["smith", "jnunez", "mr-fred", "kwong"])
    #expect(result.accounts.map(\.password) == ["whypass", "pass word1", "Fr3d!pass", "K-wong-77"])
    // Columns count characters: the accents of "José Núñez" do not shift the quota column.
    #expect(
      result.accounts.map(\.displayName) == ["Mrs Smith", "José Núñez", "Fred Example", "Kim Wong"])
    #expect(result.accounts.map(\.quota) == [10 << 20, 524_288_000, nil, 2 << 30])
    #expect(result.accounts.map(\.location.line) == [3, 4, 5, 7])  // line 6 is blank
    #expect(result.recordsRead == 4)
    #expect(result.diagnostics.isEmpty)
  }

  func layoutFile(_ text: String, _ dir: TemporaryDirectory) throws -> String {
    try writeTemporary(Array(text.utf8), name: "test.layout", in: dir)
  }

  @Test func shortLinesAreErrorsUnlessAllowed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let strict = try layoutFile("email 1 20\npassword 21 12 keep\nname 33 10\n", dir)
    let data =
      "a@example.com       Pw-aaaaaa   Ann       \n"
      + "b@example.com       Pw-bbbbbb   Bob\n"  // trailing blanks stripped: ends inside `name`
      + "c@example.com       Pw-cc\n"  // ends inside `password`
    let result = try readAccounts(data, AccountReadOptions(layoutPath: strict), name: "fixed.txt")
    #expect(result.accounts.map(\.email) == ["a@example.com"])
    #expect(result.accounts.first?.password == "Pw-aaaaaa   ")  // `keep`
    #expect(result.recordsRejected == 2)
    #expect(result.diagnostics.map(\.code) == ["short-record", "short-record"])
    #expect(result.diagnostics.map(\.location.line) == [2, 3])
    #expect(result.diagnostics[0].severity == .error)
    #expect(result.diagnostics[0].message.contains("35 characters"))
    #expect(result.diagnostics[0].message.contains("needs 42"))
    #expect(result.diagnostics[1].message.contains("password, name"))
    #expect(!result.diagnostics.contains { $0.message.contains("Pw-") })

    let lenient = try layoutFile("allow-short\nemail 1 20\npassword 21 12\nname 33 10\n", dir)
    let relaxed = try readAccounts(data, AccountReadOptions(layoutPath: lenient), name: "fixed.txt")
    #expect(relaxed.accounts.map(\.displayName) == ["Ann", "Bob", nil])
    #expect(relaxed.accounts.map(\.password) == ["Pw-aaaaaa", "Pw-bbbbbb", "Pw-cc"])
    #expect(relaxed.diagnostics.isEmpty)
  }

  @Test func undecodableBytesNameTheLine() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let layout = try layoutFile("user 1 8\npassword 9 8\nname 17 8\n", dir)
    var bytes = Array("anna    Pw-anna1Anna    \n".utf8)
    bytes += Array("jurgen  Pw-jurg1J".utf8) + [0xFC] + Array("rgen  \n".utf8)  // Latin-1 ü
    let error = #expect(throws: AccountsError.self) {
      try readAccounts(bytes: bytes, AccountReadOptions(layoutPath: layout), name: "fixed.txt")
    }
    #expect(error?.location == SourceLocation(file: "fixed.txt", line: 2))
    #expect(error?.description.contains("--encoding latin1") == true)
    #expect(error?.description.contains("Pw-jurg1") == false)

    // In Latin-1 every byte is one character, so the columns stay put.
    let latin1 = try readAccounts(
      bytes: bytes, AccountReadOptions(layoutPath: layout, encoding: .latin1))
    #expect(latin1.accounts.map(\.displayName) == ["Anna", "Jürgen"])
    #expect(latin1.accounts.map(\.password) == ["Pw-anna1", "Pw-jurg1"])
  }

  @Test func layoutErrorsNameTheLine() {
    func problem(_ text: String) -> AccountsError? {
      #expect(throws: AccountsError.self) { try FixedWidthLayout(parsing: text, file: "x.layout") }
    }
    let overlap = problem("# c\nemail 1 20\npassword 15 10\n")
    #expect(overlap?.location?.line == 3)
    #expect(overlap?.message.contains("overlap") == true)
    #expect(problem("email 0 20\n")?.location?.line == 1)
    #expect(problem("email 1 zero\n")?.message.contains("width") == true)
    #expect(problem("email 1 20 squash\n")?.message.contains("trim") == true)
    #expect(problem("email 1 20\nE-Mail 30 5\n")?.message.contains("line 1") == true)
    #expect(problem("email\n")?.message.contains("NAME START WIDTH") == true)
    #expect(problem("skip two\n")?.message.contains("skip") == true)
    #expect(problem("# only comments\n\n")?.message.contains("no columns") == true)
    #expect(throws: AccountsError.self) {
      try readAccounts("x\n", AccountReadOptions(layoutPath: "/nonexistent/layout"))
    }
  }

  @Test func layoutWithoutAccountColumnIsRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let layout = try layoutFile("password 1 10\nfullname 11 10\n", dir)
    let error = #expect(throws: AccountsError.self) {
      try readAccounts("x\n", AccountReadOptions(layoutPath: layout))
    }
    #expect(error?.message.contains("no account column") == true)
  }

  @Test func layoutColumnsTakeMapsAndUnknownNames() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let layout = try layoutFile("login 1 6\ndept 7 5\nroom 12 4\n", dir)
    let result = try readAccounts(
      "amy   Sales0042\n", AccountReadOptions(layoutPath: layout, map: ["dept": "department"]))
    #expect(
      result.accounts.first?.attributes == [AccountAttribute(name: "department", value: "Sales")])
    #expect(result.diagnostics.map(\.code) == ["unknown-columns"])
    #expect(result.diagnostics.first?.message.contains("'room'") == true)
  }
}
