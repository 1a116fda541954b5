import Foundation
import TestSupport
import Testing

/// Issue 9: `--encoding` on `zmigrate contacts` and `zmigrate accounts`, and the exit status of a
/// file whose charset is unclear.
@Suite(
  .enabled(
    if: CommandRun.enabled,
    "zmigrate binary not found beside the test bundle (with CI=true this fails instead)"))
struct CharsetCommandLineTests {
  @Test func contactsReportTheCharsetAndAcceptEncoding() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let input = Fixture.path("contacts/outlook-ru-1251.csv")
    let run = try CommandRun.zmigrate(["contacts", input, "-o", "c.csv"], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains(
        "\(input): outlook CSV, read as CP1251 (detector: WINDOWS-1251, confidence 1.00)"))
    #expect(run.stderr.contains("[charset-guess]"))
    let written = try String(contentsOf: dir.url.appendingPathComponent("c.csv"), encoding: .utf8)
    #expect(written.contains("\"Сергей\",\"Иванов\""))
    let given = try CommandRun.zmigrate(
      ["contacts", input, "-o", "d.csv", "--encoding", "windows-1251", "--json"], in: dir.path)
    #expect(given.status == 0, "\(given.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(given.stdout.utf8)) as? [String: Any]
    #expect((object?["charsets"] as? [String: String])?[input] == "WINDOWS-1251 (--encoding)")
    let bad = try CommandRun.zmigrate(
      ["contacts", input, "-o", "e.csv", "--encoding", "no-such-charset"], in: dir.path)
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("unknown --encoding 'no-such-charset'"))
  }

  @Test func unclearCharsetExitsOneAndWritesNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let bytes =
      Array("\"First Name\",\"E-mail Address\"\r\n\"".utf8) + [0xE9, 0xD7, 0xC1, 0xCE]
      + Array("\",\"ivan@example.ru\"\r\n".utf8)
    try Data(bytes).write(to: dir.url.appendingPathComponent("tiny.csv"))
    let run = try CommandRun.zmigrate(["contacts", "tiny.csv", "-o", "c.vcf"], in: dir.path)
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("zmigrate: error: "))
    #expect(run.stderr.contains("tiny.csv:2: CSV is not UTF-8 and its charset is unclear"))
    #expect(run.stderr.contains("give --encoding NAME"))
    #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("c.vcf").path))
    let given = try CommandRun.zmigrate(
      ["contacts", "tiny.csv", "-o", "c.vcf", "--encoding", "koi8-r"], in: dir.path)
    #expect(given.status == 0, "\(given.stderr)")
    let card = try String(contentsOf: dir.url.appendingPathComponent("c.vcf"), encoding: .utf8)
    #expect(card.contains("N:;Иван;;;"))
  }

  @Test func convertContactsEncodingReadsAnUnclearFileAndVerifyReusesIt() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let bytes =
      Array("\"First Name\",\"E-mail Address\"\r\n\"".utf8) + [0xE9, 0xD7, 0xC1, 0xCE]
      + Array("\",\"ivan@example.ru\"\r\n".utf8)
    try Data(bytes).write(to: dir.url.appendingPathComponent("tiny.csv"))
    let mail = Fixture.path("mbox/mboxrd.mbox")
    let refused = try CommandRun.zmigrate(
      ["convert", mail, "-o", "u.tgz", "--contacts", "tiny.csv"], in: dir.path)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("--contacts-encoding NAME"))
    #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("u.tgz").path))
    let given = try CommandRun.zmigrate(
      ["convert", mail, "-o", "u.tgz", "--contacts", "tiny.csv", "--contacts-encoding", "koi8-r"],
      in: dir.path)
    #expect(given.status == 0, "\(given.stdout)\(given.stderr)")
    let entry = try #require(
      try readBundle(dir.path + "/u.tgz").first { $0.name == "Contacts/contacts.vcf" })
    #expect(String(decoding: entry.data, as: UTF8.self).contains("N:;Иван;;;"))
    // verify rebuilds the contacts entry with the charset recorded in the report.
    let verify = try CommandRun.zmigrate(["verify", mail, "u.tgz"], in: dir.path)
    #expect(verify.status == 0, "\(verify.stdout)")
  }

  @Test func accountsEncodingAuto() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let input = Fixture.path("accounts/users-shift_jis.csv")
    let run = try CommandRun.zmigrate(
      ["accounts", input, "--encoding", "auto", "-o", "u.zmp"], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("charset: CP932 (detector: SHIFT_JIS, confidence 1.00)"))
    let zmp = try String(contentsOf: dir.url.appendingPathComponent("u.zmp"), encoding: .utf8)
    #expect(zmp.contains("displayName '木村 ソウタ'"))
    // Without it the file is refused as before, now with the hint.
    let plain = try CommandRun.zmigrate(["accounts", input, "-o", "v.zmp"], in: dir.path)
    #expect(plain.status == 2)
    #expect(plain.stderr.contains("--encoding auto"))
  }
}
