import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

@Suite struct ICalTimeZoneResolverTests {
  @Test(arguments: [
    ("W. Europe Standard Time", "Europe/Berlin", ICalZoneResolution.Source.windowsName),
    ("\"Eastern Standard Time\"", "America/New_York", .windowsName),
    ("/Europe/Paris", "Europe/Paris", .olson),
    ("Asia/Calcutta", "Asia/Calcutta", .olson),
    ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York", .displayName),
    ("(GMT-05.00) Eastern Time (US & Canada)", "America/New_York", .displayName),
    (
      "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Amsterdam",
      .displayName
    ),
    ("(UTC+10:00) Canberra, Melbourne, Sydney", "Australia/Melbourne", .displayName),
  ])
  func resolvesNames(_ tzid: String, _ olson: String, _ source: ICalZoneResolution.Source) throws {
    let resolution = try #require(ICalTimeZoneResolver.resolveName(tzid))
    #expect(resolution.olsonName == olson)
    #expect(resolution.source == source)
  }

  @Test func fixedOffsetsAndUnknownNames() throws {
    for (tzid, seconds) in [
      ("GMT+0530", 19800), ("UTC-3", -10800), ("GMT-04:30", -16200), ("(UTC+05:45)", 20700),
    ] {
      let resolution = try #require(ICalTimeZoneResolver.resolveName(tzid), "\(tzid)")
      #expect(resolution.source == .fixedOffset, "\(tzid)")
      #expect(resolution.olsonName == nil)
      #expect(resolution.zone.offset(atUTC: 0) == seconds, "\(tzid)")
    }
    for tzid in ["Customized Time Zone", "Eastern", "(UTC+01:00) Nowhere, Atlantis", "GMT+99", ""] {
      #expect(ICalTimeZoneResolver.resolveName(tzid) == nil, "\(tzid)")
    }
    // A display name whose place has another standard offset is not trusted.
    #expect(ICalTimeZoneResolver.resolveName("(UTC+03:00) Berlin") == nil)
    let withFallback = ICalTimeZoneResolver(
      vtimezones: [:], fallback: TimeZone(identifier: "Asia/Tokyo"))
    #expect(withFallback.resolve("Customized Time Zone")?.olsonName == "Asia/Tokyo")
    #expect(withFallback.resolve("Customized Time Zone")?.source == .fallback)
  }

  @Test func everyWindowsNameNamesAZoneOfTheDatabase() {
    for (windows, olson) in WindowsTimeZoneNames.olson {
      #expect(TimeZone(identifier: olson) != nil, "\(windows) → \(olson)")
    }
    for (display, olson) in WindowsTimeZoneNames.displayRegions {
      #expect(TimeZone(identifier: olson) != nil, "\(display) → \(olson)")
    }
  }

  @Test func localTimesInGapsAndOverlaps() {
    let berlin = ICalZone.olson(TimeZone(identifier: "Europe/Berlin")!)
    func utc(_ local: String) -> String {
      ICalFreeBusy.formatUTC(berlin.utc(fromLocal: ICalDateTime.parseFloating(local)!))
    }
    #expect(utc("20240115T120000") == "20240115T110000Z")
    #expect(utc("20240715T120000") == "20240715T100000Z")
    // 02:30 does not exist on 31 March 2024: read with the offset before the gap (+01:00).
    #expect(utc("20240331T023000") == "20240331T013000Z")
    // 02:30 happens twice on 27 October 2024: the first one (+02:00).
    #expect(utc("20241027T023000") == "20241027T003000Z")
    #expect(utc("20241027T033000") == "20241027T023000Z")
  }
}

@Suite struct ICalTimeZoneRulesTests {
  /// The VTIMEZONE of the Notes fixture (US Eastern with its pre-2007 rules) agrees with the tz
  /// database's America/New_York every seven hours (every hour of the day in turn) from 1988 to 2030.
  @Test func historicVTimezoneAgreesWithTheDatabase() throws {
    let calendar = try #require(icalReadFixture("notes-eastern-history.ics").calendars.first)
    let vtimezone = try #require(calendar.components(named: "VTIMEZONE").first)
    let rules = try #require(ICalTimeZoneRules(vtimezone))
    let newYork = TimeZone(identifier: "America/New_York")!
    var mismatches: [String] = []
    var t = ICalDateTime.parseFloating("19880101T000000Z")!
    let end = ICalDateTime.parseFloating("20300101T000000Z")!
    var checked = 0
    while t < end {
      let expected = newYork.secondsFromGMT(for: Date(timeIntervalSince1970: t))
      let got = rules.offset(atUTC: t)
      if got != expected, mismatches.count < 5 {
        mismatches.append("\(ICalFreeBusy.formatUTC(t)): \(got) vs \(expected)")
      }
      checked += 1
      t += 7 * 3600
    }
    #expect(mismatches.isEmpty, "\(mismatches)")
    #expect(checked > 50_000)
  }

  @Test func europeanRulesAndRDates() throws {
    let text = """
      BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Custom\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n\
      TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
      BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
      RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=25,26,27,28,29,30,31;BYDAY=SU\r\nEND:DAYLIGHT\r\n\
      BEGIN:STANDARD\r\nDTSTART:19500101T000000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nRDATE:19500101T000000\r\nEND:STANDARD\r\n\
      END:VTIMEZONE\r\nEND:VCALENDAR\r\n
      """
    let vtimezone = try #require(
      ICalendarReader().read(bytes: Array(text.utf8), file: "c.ics").calendars.first?.components
        .first)
    let zone = ICalZone.rules(try #require(ICalTimeZoneRules(vtimezone)))
    let paris = TimeZone(identifier: "Europe/Paris")!
    for year in 1996...2040 {
      for month in 1...12 {
        for day in [1, 15, 25, 26, 27, 28, 29, 30, 31]
        where day <= MailDate.daysInMonth(year: year, month: month) {
          for hour in [0, 1, 2, 3] {
            let t = Double(
              MailDate.days(year: year, month: month, day: day) * 86400 + hour * 3600)
            #expect(
              zone.offset(atUTC: t) == paris.secondsFromGMT(for: Date(timeIntervalSince1970: t)),
              "\(ICalFreeBusy.formatUTC(t))")
          }
        }
      }
    }
    #expect(zone.offset(atUTC: ICalDateTime.parseFloating("19490601T000000Z")!) == 0)
  }

  @Test func singleRuleViews() throws {
    let newYork = TimeZone(identifier: "America/New_York")!
    let current = try #require(ICalTimeZoneRules.currentRules(of: newYork, year: 2026))
    // The 2026 rule reproduces 2026 and every year since 2007, but not 2006.
    for year in [2007, 2015, 2026, 2031] {
      for day in stride(from: 0, to: 365, by: 1) {
        let t = Double(
          (MailDate.days(year: year, month: 1, day: 1) + day) * 86400 + 7 * 3600)
        #expect(
          current.offset(atUTC: t) == newYork.secondsFromGMT(for: Date(timeIntervalSince1970: t)),
          "\(ICalFreeBusy.formatUTC(t))")
      }
    }
    let march2006 = ICalDateTime.parseFloating("20060320T140000Z")!
    #expect(current.offset(atUTC: march2006) == -4 * 3600)
    #expect(newYork.secondsFromGMT(for: Date(timeIntervalSince1970: march2006)) == -5 * 3600)
    #expect(
      ICalTimeZoneRules.currentRules(of: TimeZone(identifier: "Europe/Moscow")!, year: 2026) == nil)

    let calendar = try #require(icalReadFixture("notes-eastern-history.ics").calendars.first)
    let vtimezone = try #require(calendar.components(named: "VTIMEZONE").first)
    let rules = try #require(ICalTimeZoneRules(vtimezone))
    #expect(rules.hasHistory)
    let latest = rules.latestRulesOnly
    #expect(!latest.hasHistory)
    #expect(latest.offset(atUTC: march2006) == -4 * 3600)
    #expect(rules.offset(atUTC: march2006) == -5 * 3600)
  }

  @Test func freeBusyUsesTheCalendarsOwnVTimezone() throws {
    var diagnostics: [Diagnostic] = []
    let calendars = try icalReadFixture("notes-eastern-history.ics").calendars
    let from = ICalDateTime.parseFloating("20000101T000000Z")!
    let to = ICalDateTime.parseFloating("20300101T000000Z")!
    let intervals = ICalFreeBusy().busyIntervals(
      in: calendars, from: from, to: to, file: "n", diagnostics: &diagnostics)
    #expect(
      intervals.map { ICalFreeBusy.formatUTC($0.start) } == [
        "20060320T140000Z", "20240320T130000Z",
      ])
    #expect(diagnostics.isEmpty)
  }
}

@Suite struct ICalendarWriterTimeZoneTests {
  func written(_ fixture: String, fallback: TimeZone? = nil) throws -> (
    events: [ICalComponent], tasks: [ICalComponent], diagnostics: [Diagnostic]
  ) {
    let output = ICalendarWriter(fallbackTimeZone: fallback).write(
      try icalReadFixture(fixture).calendars, file: fixture)
    func components(_ bytes: [UInt8]?) throws -> [ICalComponent] {
      guard let bytes else { return [] }
      #expect(icalStrictProblems(bytes).isEmpty)
      return try ICalendarReader().read(bytes: bytes, file: "out.ics").calendars.flatMap(
        \.components
      ).filter { $0.name != "VTIMEZONE" }
    }
    return (try components(output.events), try components(output.tasks), output.diagnostics)
  }

  func times(_ component: ICalComponent) -> [String] {
    component.properties.filter {
      ["DTSTART", "DTEND", "DUE", "EXDATE", "RECURRENCE-ID"].contains($0.name)
    }
    .map { line in
      "\(line.name)" + (line.parameter("TZID").map { ";TZID=\($0.value)" } ?? "") + ":\(line.value)"
    }
  }

  @Test func unknownZonesBecomeUTCOrOlson() throws {
    let out = try written("windows-tzids.ics")
    var byUID: [String: [[String]]] = [:]
    for component in out.events + out.tasks {
      byUID[component["UID"]!, default: []].append(times(component))
    }
    #expect(
      byUID["win-summer@example.com"] == [["DTSTART:20240715T070000Z", "DTEND:20240715T080000Z"]])
    #expect(byUID["win-gap@example.com"] == [["DTSTART:20240331T013000Z"]])
    #expect(
      byUID["display-winter@example.com"] == [
        ["DTSTART:20240115T140000Z", "DTEND:20240115T143000Z"]
      ])
    #expect(
      byUID["weekly-pacific@example.com"] == [
        [
          "DTSTART;TZID=America/Los_Angeles:20240304T090000",
          "DTEND;TZID=America/Los_Angeles:20240304T093000",
          "EXDATE;TZID=America/Los_Angeles:20240318T090000",
        ],
        [
          "RECURRENCE-ID;TZID=America/Los_Angeles:20240311T090000",
          "DTSTART;TZID=America/Los_Angeles:20240311T100000",
          "DTEND;TZID=America/Los_Angeles:20240311T103000",
        ],
      ])
    #expect(
      byUID["fixed-offset@example.com"] == [["DTSTART:20240220T093000Z", "DTEND:20240220T103000Z"]])
    #expect(
      byUID["olson@example.com"] == [
        ["DTSTART;TZID=Europe/Paris:20240220T150000", "DTEND;TZID=Europe/Paris:20240220T160000"]
      ])
    #expect(
      byUID["custom@example.com"] == [
        [
          "DTSTART;TZID=Customized Time Zone:20240220T150000",
          "DTEND;TZID=Customized Time Zone:20240220T160000",
        ]
      ])
    #expect(byUID["task-tokyo@example.com"] == [["DUE:20240301T090000Z"]])
    let codes = out.diagnostics.map { "\($0.code) \($0.location.line ?? 0)" }
    #expect(
      codes == [
        "tzid-to-utc 4", "tzid-to-utc 18", "tzid-renamed 25", "tzid-to-utc 42", "unknown-tzid 56",
        "tzid-to-utc 63",
      ])
    #expect(
      out.diagnostics.first { $0.code == "unknown-tzid" }?.message.contains("--timezone") == true)
  }

  @Test func fallbackZoneResolvesTheRest() throws {
    let out = try written("windows-tzids.ics", fallback: TimeZone(identifier: "Europe/Vienna"))
    let custom = try #require(out.events.first { $0["UID"] == "custom@example.com" })
    #expect(times(custom) == ["DTSTART:20240220T140000Z", "DTEND:20240220T150000Z"])
    #expect(!out.diagnostics.contains { $0.code == "unknown-tzid" })
    #expect(
      out.diagnostics.contains {
        $0.code == "tzid-to-utc" && $0.message.contains("--timezone for Europe/Vienna")
      })
  }

  @Test func timesZimbraWouldShiftAreWrittenInUTC() throws {
    let out = try written("rule-history.ics")
    var byUID: [String: [String]] = [:]
    for component in out.events { byUID[component["UID"]!] = times(component) }
    #expect(
      byUID["ny-2006-march-20@example.com"] == [
        "DTSTART:20060320T140000Z", "DTEND:20060320T150000Z",
      ])
    #expect(
      byUID["ny-2006-march-1@example.com"] == [
        "DTSTART;TZID=America/New_York:20060301T090000",
        "DTEND;TZID=America/New_York:20060301T100000",
      ])
    #expect(
      byUID["moscow-2010-summer@example.com"] == [
        "DTSTART:20100701T080000Z", "DTEND:20100701T090000Z",
      ])
    #expect(
      byUID["ny-2006-weekly@example.com"] == [
        "DTSTART;TZID=America/New_York:20060313T090000",
        "DTEND;TZID=America/New_York:20060313T100000",
      ])
    #expect(
      byUID["outlook2003-2009@example.com"] == [
        "DTSTART:20090320T140000Z", "DTEND:20090320T150000Z",
      ])
    #expect(
      byUID["outlook2003-2009-july@example.com"] == [
        "DTSTART;TZID=Eastern Standard Time:20090701T090000",
        "DTEND;TZID=Eastern Standard Time:20090701T100000",
      ])
    #expect(
      out.diagnostics.map { "\($0.code) \($0.location.line ?? 0)" } == [
        "tzid-rule-history 4", "tzid-rule-history 18", "tzid-rule-history 52",
      ])

    let notes = try written("notes-eastern-history.ics")
    #expect(
      notes.events.map(times) == [
        ["DTSTART:20060320T140000Z", "DTEND:20060320T150000Z"],
        ["DTSTART;TZID=Eastern:20240320T090000", "DTEND;TZID=Eastern:20240320T100000"],
      ])
    // The zone a kept event still uses is still defined.
    let output = ICalendarWriter().write(
      try icalReadFixture("notes-eastern-history.ics").calendars, file: "n")
    #expect(
      String(decoding: output.events ?? [], as: UTF8.self).contains(
        "BEGIN:VTIMEZONE\r\nTZID:Eastern\r\n"))
  }
}
