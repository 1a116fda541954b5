import Foundation
import MailModel
import TestSupport
import Testing
import TextEncodingDetection

@testable import Accounts

/// Issue 9: account lists in legacy charsets (`--encoding auto` and iconv charsets).
@Suite struct AccountCharsetTests {
  static let auto = AccountReadOptions(charset: .detect)

  /// Shift_JIS, where ソ, 表 and 能 end in the byte of a backslash: read whole, in every chunk size.
  @Test(arguments: readingChunkSizes) func shiftJISAuto(chunkSize: Int) throws {
    var options = Self.auto
    options.chunkSize = chunkSize
    let r = try readAccountsFixture("users-shift_jis.csv", options)
    #expect(
      r.accounts.map(\.email) == [
        "taro.yamada@example.jp", "sota.kimura@example.jp", "hyoko.ono@example.jp",
        "kazuki.saito@example.jp",
      ])
    #expect(r.accounts.map(\.displayName) == ["山田 太郎", "木村 ソウタ", "表 能子", "斎藤 一樹"])
    #expect(r.accounts.map(\.givenName) == ["太郎", "ソウタ", "能子", "一樹"])
    #expect(
      r.accounts.map(\.password) == ["Yamada-2024!", "Kimura#Pass9", "Ono+Pass77", "Saito=Pass5"])
    #expect(r.charset == "CP932 (detector: SHIFT_JIS, confidence 1.00)")
    #expect(r.encoding == .utf8)
    #expect(r.diagnostics.map(\.code) == ["charset-guess"])
    #expect(
      r.diagnostics.first?.description
        == "\(Fixture.path("accounts/users-shift_jis.csv")): warning: the file is not UTF-8; read as "
        + "CP932 (detector: SHIFT_JIS, confidence 1.00); if names look wrong, give --encoding NAME "
        + "[charset-guess]")
  }

  @Test func windows1251AutoAndGiven() throws {
    let r = try readAccountsFixture("users-cp1251.csv", Self.auto)
    #expect(r.delimiter == .semicolon)
    #expect(r.accounts.map(\.displayName) == ["Сергей Иванов", "Анна Петрова", "Дмитрий Смирнов"])
    #expect(r.accounts.map(\.surname) == ["Иванов", "Петрова", "Смирнов"])
    #expect(r.charset == "CP1251 (detector: WINDOWS-1251, confidence 1.00)")
    let cp1251 = try #require(Charset(name: "cp1251"))
    let given = try readAccountsFixture(
      "users-cp1251.csv", AccountReadOptions(charset: .given(cp1251)))
    #expect(given.accounts == r.accounts)
    #expect(given.diagnostics.isEmpty)
    #expect(given.charset == "CP1251 (--encoding)")
  }

  /// UTF-8 stays UTF-8; Western European text is read as Windows-1252, as `--encoding cp1252` would.
  @Test func utf8AndWesternFiles() throws {
    let utf8 = try readAccountsFixture("communigate.tab", Self.auto)
    #expect(utf8.charset == "UTF-8")
    #expect(utf8.accounts == (try readAccountsFixture("communigate.tab")).accounts)
    let latin = try readAccountsFixture("latin1-users.csv", Self.auto)
    #expect(latin.accounts.map(\.displayName) == ["Jürgen Müller", "Françoise Dupré"])
    #expect(latin.encoding == .cp1252)
    #expect(latin.charset?.hasPrefix("WINDOWS-1252 (detector: ISO-8859-1, confidence") == true)
    #expect(latin.diagnostics.map(\.code) == ["charset-guess"])
  }

  /// A weak guess of a non-Latin script stops the file, naming it; nothing is read.
  @Test func weakGuessIsRefused() throws {
    let bytes =
      Array("email,password,displayName\nivan@example.ru,Pass-w0rd1,".utf8)
      + [0xE9, 0xD7, 0xC1, 0xCE] + [0x0A]
    let error = #expect(throws: UnclearCharsetError.self) {
      try readAccounts(bytes: bytes, Self.auto, name: "ru.csv")
    }
    #expect(error?.location == MailModel.SourceLocation(file: "ru.csv", line: 2))
    #expect(
      error?.description.hasPrefix("ru.csv:2: the file is not UTF-8 and its charset is unclear")
        == true)
    #expect(error?.description.contains("give --encoding NAME") == true)
    let koi8 = try #require(Charset(name: "KOI8-R"))
    let given = try readAccounts(
      bytes: bytes, AccountReadOptions(charset: .given(koi8)), name: "ru.csv")
    #expect(given.accounts.first?.displayName == "Иван")
  }

  /// A given charset that does not fit: the error names the file and the line of the bad byte.
  @Test func givenCharsetThatDoesNotFit() throws {
    let bytes =
      Array("email,password,displayName\na@example.jp,Pass-w0rd1,".utf8) + [0x82, 0xA0]
      + Array("\nb@example.jp,Pass-w0rd2,".utf8) + [0xFF, 0x0A]
    let sjis = try #require(Charset(name: "CP932"))
    let error = #expect(throws: AccountsError.self) {
      try readAccounts(bytes: bytes, AccountReadOptions(charset: .given(sjis)), name: "j.csv")
    }
    #expect(error?.location == MailModel.SourceLocation(file: "j.csv", line: 3))
  }

  /// Fixed-width columns count characters of the converted line.
  @Test func fixedWidthInShiftJIS() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let layout = dir.url.appendingPathComponent("u.layout").path
    try Data("allow-short\nuserid 1 8\npassword 9 10\nfullname 19 10\n".utf8).write(
      to: URL(fileURLWithPath: layout))
    let lines = [
      "yamada  Pw-yamada1山田 太郎", "kimura  Pw-kimura1木村 ソウタ", "saito   Pw-saito01斎藤 一樹",
      "ono     Pw-ono0001表 能子",
    ]
    var bytes: [UInt8] = []
    for line in lines {
      bytes += try #require(line.data(using: .shiftJIS)) + [0x0A]
    }
    var options = AccountReadOptions(layoutPath: layout, charset: .detect)
    options.chunkSize = 3
    let r = try readAccounts(bytes: bytes, options, name: "fixed.txt")
    #expect(r.accounts.map(\.displayName) == ["山田 太郎", "木村 ソウタ", "斎藤 一樹", "表 能子"])
    #expect(r.accounts.map(\.password) == ["Pw-yamada1", "Pw-kimura1", "Pw-saito01", "Pw-ono0001"])
    // With fewer names (9 non-ASCII characters) the same detector answer is too weak to use.
    let fewer =
      Array(bytes.prefix { $0 != 0x0A }) + [0x0A]
      + Array(bytes.drop { $0 != 0x0A }.dropFirst().prefix { $0 != 0x0A }) + [0x0A]
    #expect(throws: UnclearCharsetError.self) {
      try readAccounts(bytes: fewer, options, name: "fixed.txt")
    }
  }

  /// `auto` leaves byte-order marks to the usual handling: UTF-16 is still refused with its hint.
  @Test func utf16IsStillRefused() throws {
    let bytes: [UInt8] = [0xFF, 0xFE] + Array("e\0m\0a\0i\0l\0\n\0".utf8)
    let error = #expect(throws: AccountsError.self) {
      try readAccounts(bytes: bytes, Self.auto, name: "u16.csv")
    }
    #expect(error?.message.contains("iconv -f UTF-16 -t UTF-8") == true)
  }
}
