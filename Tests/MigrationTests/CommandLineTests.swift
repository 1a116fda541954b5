import Foundation
import TestSupport
import Testing

@Suite(
  .enabled(
    if: CommandRun.enabled,
    "zmigrate binary not found beside the test bundle (with CI=true this fails instead)"))
struct CommandLineTests {
  @Test func readmeFirstCommandConvertsTheSampleAndVerifyProvesIt() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let convert = try CommandRun.zmigrate(
      ["convert", Fixture.path("maildir"), "--output", "sample.tgz"], in: dir.path)
    #expect(convert.status == 0, "\(convert.stdout)\(convert.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir.path + "/sample.tgz"))
    #expect(FileManager.default.fileExists(atPath: dir.path + "/sample.tgz.report.json"))
    let verify = try CommandRun.zmigrate(
      ["verify", Fixture.path("maildir"), "sample.tgz"], in: dir.path)
    #expect(verify.status == 0, "\(verify.stdout)")
    #expect(verify.stdout.contains("OK: the bundle holds every message of the source"))
  }

  @Test func jsonOutputsParse() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let inspect = try CommandRun.zmigrate(
      ["inspect", Fixture.path("mbox/mboxrd.mbox"), "--json"], in: dir.path)
    #expect(inspect.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any]
    #expect(object?["format"] as? String == "mbox")
    #expect(object?["messages"] as? Int == 3)
    let convert = try CommandRun.zmigrate(
      ["convert", Fixture.path("mbox/mboxrd.mbox"), "-o", "m.tar", "--json"], in: dir.path)
    let report = try JSONSerialization.jsonObject(with: Data(convert.stdout.utf8)) as? [String: Any]
    #expect(report?["messagesWritten"] as? Int == 3)
  }

  @Test func badInputExitsTwoAndNamesTheFileAndOffset() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let run = try CommandRun.zmigrate(
      ["convert", Fixture.path("bad/binary.bin"), "-o", "x.tgz"], in: dir.path)
    #expect(run.status == 2)
    #expect(run.stderr.contains("binary.bin (byte 0)"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func badUsageExitsTwo() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let run = try CommandRun.zmigrate(
      ["convert", Fixture.path("mbox/mboxrd.mbox"), "-o", "x.rar"], in: dir.path)
    #expect(run.status == 2)
    #expect(run.stderr.contains(".tgz"))
  }

  @Test func verifyExitsOneWhenTheBundleIsMissingMail() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    // A bundle of one mbox checked against another source: everything is missing.
    _ = try CommandRun.zmigrate(
      ["convert", Fixture.path("mbox/crlf.mbox"), "-o", "c.tgz"], in: dir.path)
    let run = try CommandRun.zmigrate(
      ["verify", Fixture.path("mbox/mboxrd.mbox"), "c.tgz"], in: dir.path)
    #expect(run.status == 1)
    #expect(run.stdout.contains("missing:"))
    #expect(run.stdout.contains("extra:"))
  }

  @Test func accountsWritesAPrivateFileAndNeverPrintsPasswords() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let run = try CommandRun.zmigrate(
      [
        "accounts", Fixture.path("accounts/communigate.tab"), "--domain", "example.com",
        "-o", "u.zmp",
      ], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    let attributes = try FileManager.default.attributesOfItem(atPath: dir.path + "/u.zmp")
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    let written = try String(contentsOfFile: dir.path + "/u.zmp", encoding: .utf8)
    #expect(written.hasPrefix("ca 'alice@example.com' 'Al1ce-pw'"))
    #expect(written.hasSuffix("exit\n"))
    #expect(!run.stdout.contains("Al1ce-pw") && !run.stderr.contains("Al1ce-pw"))
  }

  @Test func accountsWithMistakesWriteNothingAndExitOne() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let run = try CommandRun.zmigrate(
      [
        "accounts", Fixture.path("accounts/mistakes.csv"), "--domain", "example.com",
        "-o", "m.xml",
      ], in: dir.path)
    #expect(run.status == 1)
    #expect(run.stderr.contains("mistakes.csv:4"))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/m.xml"))
  }

  @Test func contactsBecomeZimbraCSV() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let run = try CommandRun.zmigrate(
      [
        "contacts", Fixture.path("contacts/v30-groups-escapes.vcf"),
        Fixture.path("contacts/google.csv"), "-o", "c.csv",
      ], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path + "/c.csv")))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])  // UTF-8 BOM
    #expect(bytes.dropFirst(3).first != UInt8(ascii: "\""))  // first header cell unquoted
    #expect(run.stdout.contains("fields with no Zimbra equivalent"))
  }

  @Test func calendarsSplitEventsAndTasks() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let run = try CommandRun.zmigrate(
      [
        "calendar", Fixture.path("calendar/task.ics"), Fixture.path("calendar/recurring-dst.ics"),
        "-o", "cal.ics",
      ], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    let events = try String(contentsOfFile: dir.path + "/cal.ics", encoding: .utf8)
    let tasks = try String(contentsOfFile: dir.path + "/cal-tasks.ics", encoding: .utf8)
    #expect(events.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
    #expect(events.contains("BEGIN:VEVENT") && !events.contains("BEGIN:VTODO"))
    #expect(tasks.contains("BEGIN:VTODO") && !tasks.contains("BEGIN:VEVENT"))
  }

  @Test func calendarTimeZoneIsAppliedAndRecordedForVerify() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let convert = try CommandRun.zmigrate(
      [
        "convert", Fixture.path("mbox/mboxrd.mbox"), "-o", "u.tgz",
        "--calendar", Fixture.path("calendar/windows-tzids.ics"),
        "--calendar-timezone", "Europe/Vienna",
      ], in: dir.path)
    #expect(convert.status == 0, "\(convert.stderr)")
    let report = try String(contentsOfFile: dir.path + "/u.tgz.report.json", encoding: .utf8)
    #expect(
      report.contains("\"calendarTimezone\" : \"Europe/Vienna\"")
        || report.contains("\"calendarTimezone\":\"Europe/Vienna\""))
    // verify rebuilds Calendar/calendar.ics with the zone from the report, so the bytes match.
    let verify = try CommandRun.zmigrate(
      ["verify", Fixture.path("mbox/mboxrd.mbox"), "u.tgz"], in: dir.path)
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    #expect(verify.stdout.contains("contacts/calendar entries: 1"))

    let calendar = try CommandRun.zmigrate(
      ["calendar", Fixture.path("calendar/windows-tzids.ics"), "-o", "c.ics"], in: dir.path)
    #expect(calendar.status == 0, "\(calendar.stderr)")
    #expect(calendar.stderr.contains("[unknown-tzid]") && calendar.stderr.contains("[tzid-to-utc]"))
    let events = try String(contentsOfFile: dir.path + "/c.ics", encoding: .utf8)
    #expect(events.contains("DTSTART:20240715T070000Z"))
    let bad = try CommandRun.zmigrate(
      [
        "calendar", Fixture.path("calendar/windows-tzids.ics"), "-o", "d.ics",
        "--timezone", "Nowhere/Land",
      ], in: dir.path)
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("Nowhere/Land"))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/d.ics"))
  }
}
