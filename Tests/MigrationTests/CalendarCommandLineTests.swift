import Foundation
import TestSupport
import Testing

/// `zmigrate calendar`'s exit status: 0 all converted, 1 finished but something dropped (each listed
/// with file, line and reason), 2 bad usage or nothing could be read.
@Suite(
  .enabled(
    if: CommandRun.enabled,
    "zmigrate binary not found beside the test bundle (with CI=true this fails instead)"))
struct CalendarCommandLineTests {
  @Test func realExportsThatOnlyNeedNormalizingExitZero() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let run = try CommandRun.zmigrate(
      [
        "calendar", Fixture.path("calendar/outlook2007-escaped-tzid.ics"),
        Fixture.path("calendar/libical-prefixed-tzids.ics"),
        Fixture.path("calendar/exchange2010-empty-tzid.ics"),
        Fixture.path("calendar/truncated-vtimezones.ics"), "-o", "cal.ics",
      ], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("wrote 22 events"))
    #expect(run.stderr.contains("exchange2010-empty-tzid.ics:19: warning: TZID is empty"))
    #expect(run.stderr.contains("truncated-vtimezones.ics:4: warning: VTIMEZONE Europe/Berlin"))
    let events = try String(contentsOfFile: dir.path + "/cal.ics", encoding: .utf8)
    #expect(!events.contains("TZID=:") && !events.contains("TZID=/"))
  }

  @Test func droppedComponentsExitOneAndTheRestIsWritten() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let truncated = try CommandRun.zmigrate(
      ["calendar", Fixture.path("calendar/truncated-file.ics"), "-o", "t.ics"], in: dir.path)
    #expect(truncated.status == 1, "\(truncated.stderr)")
    #expect(truncated.stdout.contains("wrote 2 events to t.ics"))
    #expect(
      truncated.stderr.contains(
        "truncated-file.ics:23: skipped: VEVENT cut-off@example.com of line 23 has no END:VEVENT (the file ends); the component is dropped [unclosed-component]"
      ))
    let written = try String(contentsOfFile: dir.path + "/t.ics", encoding: .utf8)
    #expect(written.contains("UID:complete-2@example.com") && !written.contains("cut-off"))

    let broken = try CommandRun.zmigrate(
      [
        "calendar", Fixture.path("calendar/malformed-lines.ics"),
        Fixture.path("calendar/bad-values.ics"), "-o", "m.ics",
      ], in: dir.path)
    #expect(broken.status == 1, "\(broken.stderr)")
    #expect(
      broken.stderr.contains(
        "malformed-lines.ics:13: skipped: content line X-MS-OLK-ALLOWEXTERNCHECK without ':'"))
    #expect(broken.stderr.contains("bad-values.ics:14: skipped: DTSTART value 20101301T090000Z"))
    #expect(broken.stdout.contains("wrote 6 events to m.ics and 1 tasks"))
  }

  @Test func unreadableFilesExitOneBesideOthersAndTwoAlone() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let mixed = try CommandRun.zmigrate(
      [
        "calendar", Fixture.path("bad/not-mbox.txt"), Fixture.path("calendar/recurring-dst.ics"),
        "-o", "a.ics",
      ], in: dir.path)
    #expect(mixed.status == 1, "\(mixed.stderr)")
    #expect(
      mixed.stderr.contains(
        "not-mbox.txt:1: error: no calendar could be read: content line Dear without ':'; no part of this file is converted [unreadable-calendar]"
      ))
    #expect(FileManager.default.fileExists(atPath: dir.path + "/a.ics"))

    let alone = try CommandRun.zmigrate(
      ["calendar", Fixture.path("bad/not-mbox.txt"), "-o", "b.ics"], in: dir.path)
    #expect(alone.status == 2, "\(alone.stderr)")
    #expect(
      alone.stderr.contains(
        "zmigrate: error: \(Fixture.path("bad/not-mbox.txt")):1: no calendar could be read"))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/b.ics"))

    // Free/busy follows the same contract.
    let busy = try CommandRun.zmigrate(
      [
        "calendar", Fixture.path("calendar/truncated-file.ics"), "--freebusy", "-o", "fb.ics",
        "--start", "2024-03-01T00:00:00Z", "--end", "2024-04-01T00:00:00Z",
      ], in: dir.path)
    #expect(busy.status == 1, "\(busy.stderr)")
    let freebusy = try String(contentsOfFile: dir.path + "/fb.ics", encoding: .utf8)
    #expect(freebusy.contains("FREEBUSY;FBTYPE=BUSY:20240306T090000Z/20240306T100000Z"))

  }
}
