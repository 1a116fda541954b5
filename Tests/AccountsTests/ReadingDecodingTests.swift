import MailModel
import TestSupport
import Testing

@testable import Accounts

@Suite struct ReadingDecodingTests {
  @Test func encodingNames() {
    #expect(TextEncoding(name: "UTF-8") == .utf8)
    #expect(TextEncoding(name: "utf8") == .utf8)
    #expect(TextEncoding(name: "latin1") == .latin1)
    #expect(TextEncoding(name: "ISO-8859-1") == .latin1)
    #expect(TextEncoding(name: "iso_8859_1") == .latin1)
    #expect(TextEncoding(name: "cp1252") == .cp1252)
    #expect(TextEncoding(name: "Windows-1252") == .cp1252)
    #expect(TextEncoding(name: "koi8-r") == nil)
  }

  func decode(_ bytes: [UInt8], _ encoding: TextEncoding) -> String? {
    bytes.withUnsafeBytes { TextDecoding.decode($0, as: encoding) }
  }

  func firstInvalid(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBytes { TextDecoding.firstInvalidUTF8($0) }
  }

  @Test func utf8Validation() {
    #expect(firstInvalid(Array("plain ascii, long enough for the word loop".utf8)) == nil)
    #expect(firstInvalid(Array("Müller Ångström € 𝄞 日本".utf8)) == nil)
    #expect(firstInvalid([0x61, 0xC0, 0x80]) == 1)  // overlong NUL
    #expect(firstInvalid([0xE0, 0x80, 0x80]) == 0)  // overlong three-byte form
    #expect(firstInvalid([0x61, 0x62, 0xED, 0xA0, 0x80]) == 2)  // a surrogate
    #expect(firstInvalid([0xF4, 0x90, 0x80, 0x80]) == 0)  // above U+10FFFF
    #expect(firstInvalid([0x4D, 0xFC, 0x6C]) == 1)  // Latin-1 ü
    #expect(firstInvalid([0x61, 0xE2, 0x82]) == 1)  // cut short
    #expect(decode([0x4D, 0xFC, 0x6C], .utf8) == nil)
  }

  @Test func latin1AndCp1252() {
    let bytes: [UInt8] = [
      0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, 0x20, 0x46, 0x72, 0x61, 0x6E, 0xE7, 0x6F, 0x69, 0x73,
      0x65,
    ]
    #expect(decode(bytes, .latin1) == "Müller Françoise")
    #expect(decode(bytes, .cp1252) == "Müller Françoise")
    // 0x80–0x9F: printable in cp1252, C1 controls in Latin-1.
    #expect(
      decode([0x80, 0x8A, 0x8C, 0x93, 0x94, 0x96, 0x99, 0x9F], .cp1252) == "€ŠŒ\u{201C}\u{201D}–™Ÿ")
    #expect(decode([0x80], .latin1) == "\u{80}")
    // The five undefined cp1252 bytes become the C1 control of the same number.
    #expect(decode([0x81, 0x8D, 0x8F, 0x90, 0x9D], .cp1252) == "\u{81}\u{8D}\u{8F}\u{90}\u{9D}")
    // Every table entry is the documented code point (spot checks of the whole row).
    #expect(TextDecoding.cp1252High.count == 32)
    #expect(TextDecoding.cp1252High[0x85 - 0x80] == 0x2026)
    #expect(TextDecoding.cp1252High[0x9C - 0x80] == 0x0153)
    #expect(decode([0xFF, 0xE9], .latin1) == "ÿé")
  }

  @Test func utf8IsTheDefaultAndNamesTheLine() throws {
    let error = #expect(throws: AccountsError.self) { try readAccountsFixture("latin1-users.csv") }
    let text = error?.description ?? ""
    #expect(error?.location?.line == 2)
    #expect(text.contains("latin1-users.csv:2:"))
    #expect(text.contains("line 2 is not valid UTF-8"))
    #expect(text.contains("--encoding latin1"))
    #expect(text.contains("cp1252"))
    #expect(text.contains("displayName"))  // the column, not the value
    #expect(!text.contains("Pass-w0rd1"))
  }

  @Test(arguments: [TextEncoding.latin1, .cp1252])
  func latin1Fixture(encoding: TextEncoding) throws {
    let result = try readAccountsFixture("latin1-users.csv", AccountReadOptions(encoding: encoding))
    #expect(result.accounts.map(\.displayName) == ["Jürgen Müller", "Françoise Dupré"])
    #expect(result.accounts.map(\.password) == ["Pass-w0rd1", "Pass-w0rd2"])
    #expect(result.encoding == encoding)
    #expect(result.diagnostics.isEmpty)
  }

  @Test(arguments: [1, 2, 5, 4096])
  func utf8ErrorInsideAMultiLineFieldNamesItsOwnLine(chunkSize: Int) throws {
    var bytes = Array(
      "email,password,displayName\na@example.com,pw-123456,ok\nb@example.com,pw-123456,\"two\nlines "
        .utf8)
    // é in Latin-1 on line 4, inside the quoted field that began on line 3
    bytes += [0xE9, 0x22, 0x0A]
    let error = #expect(throws: AccountsError.self) {
      try readAccounts(bytes: bytes, AccountReadOptions(chunkSize: chunkSize))
    }
    #expect(error?.location?.line == 4)
  }

  @Test func unusedColumnsAreValidatedToo() throws {
    var bytes = Array("email,password,department\na@example.com,pw-123456,".utf8)
    bytes += [0x56, 0xE9, 0x6E, 0x74, 0x65, 0x73, 0x0A]  // "Véntes" in Latin-1
    let error = #expect(throws: AccountsError.self) { try readAccounts(bytes: bytes) }
    #expect(error?.location?.line == 2)
    #expect(error?.description.contains("'department'") == true)
  }

  @Test func byteOrderMarks() throws {
    let withBOM = TextDecoding.utf8BOM + Array("email;password\nbom@example.com;pw-123456\n".utf8)
    let result = try readAccounts(bytes: withBOM)
    #expect(result.hasHeader)
    #expect(result.delimiter == .semicolon)
    #expect(result.accounts.map(\.email) == ["bom@example.com"])
    #expect(result.diagnostics.isEmpty)

    let asLatin1 = try readAccounts(bytes: withBOM, AccountReadOptions(encoding: .latin1))
    #expect(asLatin1.accounts.count == 1)
    #expect(asLatin1.diagnostics.map(\.code) == ["utf8-bom"])

    let utf16: [UInt8] = [0xFF, 0xFE, 0x65, 0x00, 0x6D, 0x00]
    let error = #expect(throws: AccountsError.self) { try readAccounts(bytes: utf16) }
    #expect(error?.description.contains("iconv") == true)
  }

  @Test(arguments: [1, 2, 4096])
  func bomSplitAcrossChunks(chunkSize: Int) throws {
    let bytes = TextDecoding.utf8BOM + Array("email\tpassword\nx@example.com\tpw-123456\n".utf8)
    let result = try readAccounts(bytes: bytes, AccountReadOptions(chunkSize: chunkSize))
    #expect(result.delimiter == .tab)
    #expect(result.accounts.first?.email == "x@example.com")
  }

  @Test func latin1ControlBytesSuggestCp1252() throws {
    var bytes = Array("email,password,displayName\ne@example.com,pw-123456,".utf8)
    bytes += [0x80, 0x20, 0x93, 0x51, 0x94, 0x0A]  // € “Q” in cp1252
    let latin1 = try readAccounts(bytes: bytes, AccountReadOptions(encoding: .latin1))
    #expect(latin1.diagnostics.map(\.code) == ["latin1-c1"])
    let cp1252 = try readAccounts(bytes: bytes, AccountReadOptions(encoding: .cp1252))
    #expect(cp1252.diagnostics.isEmpty)
    #expect(cp1252.accounts.first?.displayName == "€ \u{201C}Q\u{201D}")
  }
}
