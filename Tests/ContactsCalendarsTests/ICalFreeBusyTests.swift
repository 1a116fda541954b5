import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

@Suite struct ICalFreeBusyTests {
  func utc(_ value: String) throws -> Double { try #require(ICalDateTime.parseFloating(value)) }

  func calendar(_ body: String) throws -> [ICalComponent] {
    let text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")
      + "\r\nEND:VCALENDAR\r\n"
    return try ICalendarReader().read(bytes: Array(text.utf8), file: "fb.ics").calendars
  }

  func render(_ intervals: [ICalBusyInterval]) -> [String] {
    intervals.map {
      ICalFreeBusy.formatUTC($0.start) + "/" + ICalFreeBusy.formatUTC($0.end) + " "
        + $0.kind.rawValue
    }
  }

  @Test func weeklyAcrossDSTWithExdateAndException() throws {
    var diagnostics: [Diagnostic] = []
    let intervals = try ICalFreeBusy().busyIntervals(
      in: try icalReadFixture("recurring-dst.ics").calendars,
      from: utc("20240301T000000Z"), to: utc("20240501T000000Z"), file: "r",
      diagnostics: &diagnostics)
    #expect(
      render(intervals) == [
        "20240318T080000Z/20240318T090000Z BUSY",
        "20240325T100000Z/20240325T110000Z BUSY",
        "20240408T070000Z/20240408T080000Z BUSY",
      ])
    #expect(diagnostics.isEmpty)
  }

  @Test func skipsTransparentCancelledAndMarksTentative() throws {
    let calendars = try calendar(
      """
      BEGIN:VEVENT
      UID:a
      DTSTART:20240601T100000Z
      DTEND:20240601T110000Z
      TRANSP:TRANSPARENT
      END:VEVENT
      BEGIN:VEVENT
      UID:b
      DTSTART:20240601T120000Z
      DURATION:PT30M
      STATUS:CANCELLED
      END:VEVENT
      BEGIN:VEVENT
      UID:c
      DTSTART:20240601T130000Z
      DURATION:PT30M
      STATUS:TENTATIVE
      END:VEVENT
      BEGIN:VEVENT
      UID:d
      DTSTART:20240601T090000Z
      DTEND:20240601T100000Z
      END:VEVENT
      BEGIN:VEVENT
      UID:e
      DTSTART:20240601T093000Z
      DTEND:20240601T103000Z
      END:VEVENT
      """)
    var diagnostics: [Diagnostic] = []
    let intervals = try ICalFreeBusy().busyIntervals(
      in: calendars, from: utc("20240601T000000Z"), to: utc("20240602T000000Z"), file: "f",
      diagnostics: &diagnostics)
    #expect(
      render(intervals) == [
        "20240601T090000Z/20240601T103000Z BUSY",
        "20240601T130000Z/20240601T133000Z BUSY-TENTATIVE",
      ])
  }

  @Test func dailyIntervalUntilAndMonthlyCount() throws {
    let calendars = try calendar(
      """
      BEGIN:VEVENT
      UID:daily
      DTSTART:20240101T080000Z
      DTEND:20240101T083000Z
      RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20240107T080000Z
      EXDATE:20240103T080000Z
      END:VEVENT
      BEGIN:VEVENT
      UID:monthly
      DTSTART;TZID=America/New_York:20240131T120000
      DTEND;TZID=America/New_York:20240131T130000
      RRULE:FREQ=MONTHLY;COUNT=3
      END:VEVENT
      """)
    var diagnostics: [Diagnostic] = []
    let intervals = try ICalFreeBusy().busyIntervals(
      in: calendars, from: utc("20240101T000000Z"), to: utc("20241231T000000Z"), file: "f",
      diagnostics: &diagnostics)
    // Daily: 1st, (3rd excluded), 5th, 7th. Monthly on the 31st: Jan, Mar, May (February and April have none).
    #expect(
      render(intervals) == [
        "20240101T080000Z/20240101T083000Z BUSY",
        "20240105T080000Z/20240105T083000Z BUSY",
        "20240107T080000Z/20240107T083000Z BUSY",
        "20240131T170000Z/20240131T180000Z BUSY",
        "20240331T160000Z/20240331T170000Z BUSY",
        "20240531T160000Z/20240531T170000Z BUSY",
      ])
    #expect(diagnostics.isEmpty)
  }

  @Test func unsupportedRulesCountOnlyTheFirstOccurrence() throws {
    let calendars = try calendar(
      """
      BEGIN:VEVENT
      UID:last-workday
      DTSTART:20240131T080000Z
      DTEND:20240131T090000Z
      RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3
      END:VEVENT
      """)
    var diagnostics: [Diagnostic] = []
    let intervals = try ICalFreeBusy().busyIntervals(
      in: calendars, from: utc("20230101T000000Z"), to: utc("20270101T000000Z"), file: "f",
      diagnostics: &diagnostics)
    #expect(intervals.count == 1)
    #expect(diagnostics.map(\.code) == ["freebusy-rrule-unsupported"])
  }

  @Test func writesAVFreeBusy() throws {
    var diagnostics: [Diagnostic] = []
    let bytes = try ICalFreeBusy().vfreebusy(
      for: try icalReadFixture("recurring-dst.ics").calendars, from: utc("20240301T000000Z"),
      to: utc("20240501T000000Z"), organizer: "user@example.com", stamp: utc("20240301T000000Z"),
      file: "r", diagnostics: &diagnostics)
    #expect(icalStrictProblems(bytes) == [])
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(
      text.contains(
        "METHOD:PUBLISH\r\nBEGIN:VFREEBUSY\r\nORGANIZER:mailto:user@example.com\r\nDTSTAMP:20240301T000000Z\r\nDTSTART:20240301T000000Z\r\nDTEND:20240501T000000Z\r\n"
      ))
    #expect(text.contains("FREEBUSY;FBTYPE=BUSY:20240408T070000Z/20240408T080000Z\r\n"))
    #expect(ICalFreeBusy.parseDuration("P1DT2H30M") == 95400)
    #expect(ICalFreeBusy.parseDuration("-PT15M") == -900)
    #expect(ICalFreeBusy.parseDuration("P2W") == 1_209_600)
  }

  @Test func rdatesAddOccurrences() throws {
    let calendars = try calendar(
      """
      BEGIN:VEVENT
      UID:r
      DTSTART;TZID=Europe/Berlin:20240105T090000
      DTEND;TZID=Europe/Berlin:20240105T100000
      RDATE;TZID=Europe/Berlin:20240705T090000,20240712T090000
      RDATE;VALUE=PERIOD:20240801T100000Z/20240801T120000Z,20240802T100000Z/PT30M
      EXDATE;TZID=Europe/Berlin:20240712T090000
      END:VEVENT
      """)
    var diagnostics: [Diagnostic] = []
    let intervals = try ICalFreeBusy().busyIntervals(
      in: calendars, from: utc("20240101T000000Z"), to: utc("20250101T000000Z"), file: "f",
      diagnostics: &diagnostics)
    #expect(
      render(intervals) == [
        "20240105T080000Z/20240105T090000Z BUSY",
        "20240705T070000Z/20240705T080000Z BUSY",
        "20240801T100000Z/20240801T120000Z BUSY",
        "20240802T100000Z/20240802T103000Z BUSY",
      ])
    #expect(diagnostics.isEmpty)
  }

  /// Rules checked against python-dateutil's `rrule`, an independent RFC 5545 implementation.
  static let rules: [(String, String)] = [
    ("20240109T150000Z", "FREQ=MONTHLY;BYDAY=2TU;COUNT=10"),
    ("20240126T150000Z", "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20251231T235959Z"),
    ("20240101T080000Z", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1;COUNT=12"),
    ("20240229T120000Z", "FREQ=YEARLY;COUNT=5"),
    ("20240304T090000Z", "FREQ=YEARLY;BYMONTH=3,9;BYDAY=1MO;COUNT=8"),
    ("20241128T170000Z", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=4"),
    ("20240101T070000Z", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=15"),
    ("20240101T070000Z", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=9"),
    ("20240101T070000Z", "FREQ=DAILY;BYMONTH=1;COUNT=40"),
    ("20240131T070000Z", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=31;COUNT=4"),
    ("20240615T000000Z", "FREQ=YEARLY;INTERVAL=2;UNTIL=20320101T000000Z"),
    ("20240913T070000Z", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3"),
  ]

  @Test(.enabled(if: Python.hasDateutil, "python3 with dateutil not found on PATH"))
  func expansionAgreesWithPythonDateutil() throws {
    var body = ""
    for (index, (start, rule)) in Self.rules.enumerated() {
      body +=
        "BEGIN:VEVENT\nUID:\(index)\nDTSTART:\(start)\nDURATION:PT1M\nRRULE:\(rule)\nEND:VEVENT\n"
    }
    let calendars = try calendar(String(body.dropLast()))
    var ours: [String: [String]] = [:]
    for (index, event) in calendars[0].components.enumerated() {
      var diagnostics: [Diagnostic] = []
      let single = [
        ICalComponent(name: "VCALENDAR", properties: calendars[0].properties, components: [event])
      ]
      ours["\(index)"] = try ICalFreeBusy().busyIntervals(
        in: single, from: utc("20240101T000000Z"), to: utc("20500101T000000Z"),
        file: "f", diagnostics: &diagnostics
      ).map { ICalFreeBusy.formatUTC($0.start) }
      #expect(diagnostics.isEmpty, "\(Self.rules[index].1)")
    }
    let script = """
      import sys, json
      from dateutil.rrule import rrulestr
      from dateutil.tz import UTC
      from datetime import datetime
      out = {}
      for index, (start, rule) in enumerate(json.loads(sys.argv[1])):
          dtstart = datetime.strptime(start, '%Y%m%dT%H%M%SZ').replace(tzinfo=UTC)
          out[str(index)] = [d.strftime('%Y%m%dT%H%M%SZ') for d in rrulestr(rule, dtstart=dtstart)]
      print(json.dumps(out))
      """
    let input = String(
      decoding: try JSONEncoder().encode(Self.rules.map { [$0.0, $0.1] }), as: UTF8.self)
    let theirs = try Python.json([String: [String]].self, script, [input])
    for (index, (_, rule)) in Self.rules.enumerated() {
      #expect(ours["\(index)"] == theirs["\(index)"], "\(rule)")
      #expect(!(theirs["\(index)"] ?? []).isEmpty)
    }
    print("python dateutil compared on \(Self.rules.count) rules")
  }
}
