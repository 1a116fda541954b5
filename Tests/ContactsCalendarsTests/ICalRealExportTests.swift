import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

/// Stricter RFC 5545 checks than `icalStrictProblems`, on values: every line is a content line, every
/// date and date-time is a real one, every `TZID` parameter is non-empty and names a `VTIMEZONE` of
/// its `VCALENDAR` or a tz-database zone, and every `VTIMEZONE` `TZID` is non-empty TEXT (commas and
/// semicolons escaped). Returns the problems found.
func icalStrictValueProblems(_ bytes: [UInt8]) -> [String] {
  var problems = icalStrictProblems(bytes)
  var ignored: [Diagnostic] = []
  var calendars: [[ICalContentLine]] = []
  for unfolded in ICalContentLineParser.unfold(bytes) {
    guard
      let line = try? ICalContentLineParser.parse(unfolded, file: "out", diagnostics: &ignored)
    else {
      problems.append("line \(unfolded.line) is not a content line")
      continue
    }
    if line.name == "BEGIN", line.value == "VCALENDAR" { calendars.append([]) }
    if !calendars.isEmpty { calendars[calendars.count - 1].append(line) }
  }
  let dates: Set<String> = [
    "DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE", "DTSTAMP", "CREATED",
    "LAST-MODIFIED", "COMPLETED",
  ]
  for lines in calendars {
    var defined: Set<String> = []
    for (index, line) in lines.enumerated() where line.name == "TZID" {
      guard index > 0, lines[index - 1].name == "BEGIN", lines[index - 1].value == "VTIMEZONE"
      else { continue }
      var previous: Character = " "
      for char in line.value {
        if (char == "," || char == ";") && previous != "\\" {
          problems.append("unescaped \(char) in TZID:\(line.value)")
        }
        previous = char
      }
      let name = ICalTimeZoneNormalizer.unescape(line.value)
      if name.isEmpty { problems.append("VTIMEZONE with an empty TZID") }
      defined.insert(name)
    }
    for line in lines {
      if let tzid = line.parameter("TZID") {
        if tzid.values.count != 1 || tzid.value.isEmpty {
          problems.append("\(line.name) has TZID=\(tzid.value)")
        } else if !defined.contains(tzid.value),
          ICalTimeZoneResolver.olsonIdentifier(tzid.value) == nil
        {
          problems.append("\(line.name) TZID \(tzid.value) has no VTIMEZONE and is no zone name")
        }
      }
      guard dates.contains(line.name) else { continue }
      for value in line.value.split(separator: ",") {
        for part in value.split(separator: "/") where !part.hasPrefix("P") {
          if let problem = ICalDateTime.problem(in: String(part)) {
            problems.append("\(line.name):\(line.value): \(problem)")
          }
        }
      }
    }
  }
  return problems
}

/// A fixture converted the way `zmigrate calendar` does it, and its output read back.
struct ConvertedCalendar {
  var diagnostics: [Diagnostic]
  var events: [UInt8]
  var tasks: [UInt8]?
  var calendars: [ICalComponent]

  init(_ fixture: String, fallback: TimeZone? = nil) throws {
    let read = try icalReadFixture(fixture)
    let output = ICalendarWriter(fallbackTimeZone: fallback).write(read.calendars, file: fixture)
    diagnostics = read.diagnostics + output.diagnostics
    events = try #require(output.events)
    tasks = output.tasks
    calendars = try ICalendarReader().read(bytes: events, file: "out.ics").calendars
  }

  var text: String { String(decoding: events, as: UTF8.self) }

  /// `code line` of every diagnostic.
  var codes: [String] { diagnostics.map { "\($0.code) \($0.location.line ?? 0)" } }

  /// The first component with this UID that is not an exception.
  func component(_ uid: String) -> ICalComponent? {
    calendars.flatMap(\.components).first {
      $0["UID"] == uid && $0.property("RECURRENCE-ID") == nil
    }
  }

  /// The UTC instant a property of the output means (`yyyyMMddTHHmmssZ`), read through the output's
  /// own VTIMEZONEs or, for a tz-database name without one, the tz database; `floating …` for a
  /// time without zone.
  func instant(_ uid: String, _ name: String = "DTSTART") -> String? {
    guard let component = component(uid), let line = component.property(name) else { return nil }
    let value = line.value.trimmingCharacters(in: .whitespaces)
    if value.hasSuffix("Z") { return ICalDateTime.parseFloating(value).map(ICalFreeBusy.formatUTC) }
    guard let tzid = line.parameter("TZID")?.value else { return "floating " + value }
    var definitions: [String: ICalComponent] = [:]
    for calendar in calendars where calendar.components.contains(where: { $0["UID"] == uid }) {
      for vtimezone in calendar.components(named: "VTIMEZONE") {
        if let name = vtimezone.tzid { definitions[name] = vtimezone }
      }
    }
    guard let zone = ICalTimeZoneResolver(vtimezones: definitions).resolve(tzid)?.zone,
      let local = ICalDateTime.parseFloating(value)
    else { return nil }
    return ICalFreeBusy.formatUTC(zone.utc(fromLocal: local))
  }

  /// The property as written: `DTSTART;TZID=x:value`.
  func written(_ uid: String, _ name: String = "DTSTART") -> String? {
    guard let line = component(uid)?.property(name) else { return nil }
    return line.name + (line.parameter("TZID").map { ";TZID=\($0.value)" } ?? "") + ":" + line.value
  }
}

/// Point 6 of issue 9: Outlook 2007 and Exchange escape the commas of a TZID in the VTIMEZONE (TEXT)
/// and quote them in the parameter.
@Suite struct ICalEscapedTZIDTests {
  @Test func outlookEscapedTZIDKeepsItsVTimezone() throws {
    let read = try icalReadFixture("outlook2007-escaped-tzid.ics")
    let name = "Brussels, Copenhagen, Madrid, Paris"
    let calendar = try #require(read.calendars.first)
    #expect(calendar.components(named: "VTIMEZONE").first?.tzid == name)
    #expect(
      calendar.components(named: "VEVENT").first?.property("DTSTART")?.parameter("TZID")?.value
        == name)
    #expect(read.diagnostics.isEmpty)

    let out = try ConvertedCalendar("outlook2007-escaped-tzid.ics")
    #expect(out.diagnostics.isEmpty, "\(out.diagnostics)")
    #expect(
      out.text.contains("BEGIN:VTIMEZONE\r\nTZID:Brussels\\, Copenhagen\\, Madrid\\, Paris\r\n"))
    #expect(
      out.text.contains("DTSTART;TZID=\"Brussels, Copenhagen, Madrid, Paris\":20100301T090000"))
    let uid = "040000008200E00074C5B7101A82E00800000000B0E6B8A1D0B6CA01000000000000000010000000A"
    #expect(out.instant(uid + "1") == "20100301T080000Z")
    #expect(out.instant(uid + "1", "DTEND") == "20100301T090000Z")
    #expect(out.instant(uid + "2") == "20100705T120000Z")
    #expect(out.instant(uid + "3") == "20100322T080000Z")
    #expect(icalStrictValueProblems(out.events) == [])
  }

  /// The same name unquoted with TEXT escapes in the parameter (the parser splits it at the commas)
  /// still names the VTIMEZONE.
  @Test func unquotedEscapedParameterIsJoinedAgain() throws {
    let text = """
      BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Brussels\\, Copenhagen\r\nBEGIN:STANDARD\r\n\
      DTSTART:16010101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
      BEGIN:VEVENT\r\nUID:u\r\nDTSTART;TZID=Brussels\\, Copenhagen:20100301T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
      """
    let read = try ICalendarReader().read(bytes: Array(text.utf8), file: "x.ics")
    let event = try #require(read.calendars.first?.components(named: "VEVENT").first)
    #expect(event.property("DTSTART")?.parameter("TZID")?.values == ["Brussels, Copenhagen"])
    let output = ICalendarWriter().write(read.calendars, file: "x.ics")
    #expect(output.diagnostics.isEmpty)
    #expect(icalStrictValueProblems(try #require(output.events)) == [])
  }
}

/// Point 7: a tz-database name is read by the tz database even where the file's VTIMEZONE holds
/// observances of one year only, without RRULE (eM Client, Apple iCal 1.x).
@Suite struct ICalTruncatedVTimezoneTests {
  @Test func truncatedDefinitionsFollowTheDatabase() throws {
    // What the literal definition would have said: one hour off a year later.
    let raw = try #require(
      ICalendarReader().read(
        bytes: Array(
          try String(
            contentsOfFile: Fixture.path("calendar/truncated-vtimezones.ics"), encoding: .utf8
          )
          .replacingOccurrences(of: "TZID:Europe/Berlin", with: "TZID:Literal")
          .replacingOccurrences(of: "TZID=Europe/Berlin", with: "TZID=Literal").utf8),
        file: "t.ics"
      ).calendars.first?.components(named: "VTIMEZONE").first)
    let literal = ICalZone.rules(try #require(ICalTimeZoneRules(raw)))
    let july2011 = try #require(ICalDateTime.parseFloating("20110714T100000"))
    #expect(ICalFreeBusy.formatUTC(literal.utc(fromLocal: july2011)) == "20110714T090000Z")

    let out = try ConvertedCalendar("truncated-vtimezones.ics")
    #expect(out.instant("em-2010-summer@example.com") == "20100715T080000Z")
    #expect(out.instant("em-2011-summer@example.com") == "20110714T080000Z")
    #expect(out.instant("em-2011-summer@example.com", "DTEND") == "20110714T090000Z")
    #expect(
      out.written("em-weekly@example.com") == "DTSTART;TZID=Europe/Berlin:20101004T090000")
    #expect(out.instant("em-weekly@example.com") == "20101004T070000Z")
    #expect(out.instant("9C4B8C0A-6E6C-11D9-9B5D-000A95C7B8A4") == "20051130T220000Z")
    #expect(out.instant("9C4B8C0B-6E6C-11D9-9B5D-000A95C7B8A4") == "20060709T230000Z")
    #expect(out.instant("9C4B8C0C-6E6C-11D9-9B5D-000A95C7B8A4") == "20040711T230000Z")
    // Neither contradicted definition is written; the names are the tz database's.
    #expect(!out.text.contains("BEGIN:VTIMEZONE"))
    #expect(out.codes == ["vtimezone-disagrees 4", "vtimezone-disagrees 50"])
    let berlin = try #require(out.diagnostics.first)
    #expect(
      berlin.location.file == "truncated-vtimezones.ics"
        || berlin.location.file.hasSuffix("/truncated-vtimezones.ics"))
    #expect(berlin.message.contains("observances of 2010 only, no RRULE"))
    #expect(berlin.message.contains("2 date-time(s) of 1 component(s) and 1 recurring series"))
    #expect(berlin.message.contains("first 20110327T030000"))
    let sydney = try #require(out.diagnostics.last)
    #expect(sydney.message.contains("4 date-time(s) of 2 component(s)"))
    #expect(sydney.severity == .warning)
    #expect(icalStrictValueProblems(out.events) == [])
  }

  /// A series that starts inside the year a one-year definition covers still runs into the years it
  /// does not: the whole span counts, not only the first occurrence.
  @Test func seriesBeyondTheDefinitionsYearIsCounted() throws {
    let text = """
      BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\n\
      DTSTART:20101031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n\
      BEGIN:DAYLIGHT\r\nDTSTART:20100328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n\
      END:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:w\r\nRRULE:FREQ=WEEKLY\r\n\
      DTSTART;TZID=Europe/Berlin:20100104T090000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:c\r\n\
      RRULE:FREQ=WEEKLY;COUNT=10\r\nDTSTART;TZID=Europe/Berlin:20100104T090000\r\nEND:VEVENT\r\n\
      END:VCALENDAR\r\n
      """
    let read = try ICalendarReader().read(bytes: Array(text.utf8), file: "w.ics")
    #expect(read.diagnostics.map(\.code) == ["vtimezone-disagrees"])
    #expect(
      read.diagnostics.first?.message.contains(
        "different UTC offsets for 1 recurring series (first") == true)
    #expect(read.diagnostics.first?.message.contains("first 20110327T030000") == true)
    #expect(read.calendars.first?.components(named: "VTIMEZONE").isEmpty == true)
  }

  /// The rule-history rewrite now takes the tz database as the truth for a tz-database name: a stale
  /// definition (the US rule before 2007) no longer moves a 2009 event by an hour.
  @Test func staleDefinitionOfADatabaseZoneDoesNotMoveTheEvent() throws {
    let text = """
      BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\n\
      DTSTART:16011028T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n\
      END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010401T020000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4\r\n\
      TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:u\r\n\
      DTSTART;TZID=America/New_York:20090320T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n
      """
    let read = try ICalendarReader().read(bytes: Array(text.utf8), file: "s.ics")
    #expect(read.diagnostics.map(\.code) == ["vtimezone-disagrees"])
    let output = ICalendarWriter().write(read.calendars, file: "s.ics")
    let written = String(decoding: try #require(output.events), as: UTF8.self)
    // 09:00 EDT (the tz database; the old rule said EST, 14:00Z), and Zimbra's rule agrees.
    #expect(written.contains("DTSTART;TZID=America/New_York:20090320T090000"))
    #expect(!written.contains("BEGIN:VTIMEZONE"))
    #expect(output.diagnostics.isEmpty)
  }
}

/// Point 8: libical-based clients prefix the tz-database name.
@Suite struct ICalPrefixedTZIDTests {
  @Test(arguments: [
    ("/softwarestudio.org/Olson_20011030_5/Europe/Paris", "Europe/Paris"),
    ("/mozilla.org/20070129_1/Europe/Berlin", "Europe/Berlin"),
    ("/citadel.org/20190914_1/America/New_York", "America/New_York"),
    (
      "/softwarestudio.org/Olson_20011030_5/America/Argentina/Buenos_Aires",
      "America/Argentina/Buenos_Aires"
    ),
    ("/freeassociation.sourceforge.net/Tzfile/Europe/London", "Europe/London"),
    ("/mozilla.org/20050126_1/UTC", "UTC"),
  ])
  func resolvesTheTrailingZone(_ tzid: String, _ olson: String) throws {
    #expect(ICalTimeZoneResolver.tzDatabaseSuffix(tzid) == olson)
    #expect(ICalTimeZoneNormalizer.canonicalName(tzid) == olson)
    let resolution = try #require(ICalTimeZoneResolver.resolveName(tzid))
    #expect(resolution.olsonName == olson)
  }

  @Test func namesThatAreNotPrefixedZonesStay() {
    for name in [
      "Europe/Berlin", "America/Argentina/Buenos_Aires", "Customized Time Zone",
      "(GMT+01.00) Brussels / Copenhagen / Madrid / Paris", "/mozilla.org/20070129_1/Nowhere",
    ] {
      #expect(ICalTimeZoneNormalizer.canonicalName(name) == name, "\(name)")
    }
  }

  @Test func libicalPrefixedTZIDsBecomeDatabaseNames() throws {
    let out = try ConvertedCalendar("libical-prefixed-tzids.ics")
    #expect(
      out.written("c1a2e3f4-0b1d-4c5e-9f60-7a8b9c0d1e2f")
        == "DTSTART;TZID=Europe/Berlin:20070312T100000")
    #expect(out.instant("c1a2e3f4-0b1d-4c5e-9f60-7a8b9c0d1e2f") == "20070312T090000Z")
    #expect(
      out.written("d2b3f4a5-1c2e-4d6f-8a71-8b9c0d1e2f30")
        == "DTSTART;TZID=Europe/Berlin:20070319T090000")
    #expect(out.instant("20050412T143000Z-4711-500-1-7@example.org") == "20050415T123000Z")
    #expect(
      out.written("20110420T100000Z-4711-500-1-8@example.org")
        == "DTSTART;TZID=America/Argentina/Buenos_Aires:20110502T090000")
    #expect(out.instant("20110420T100000Z-4711-500-1-8@example.org") == "20110502T120000Z")
    #expect(out.instant("citadel-2019-11@example.org") == "20191105T190000Z")
    // 2006 had the old US rule: Zimbra's single rule would say EDT, so it is written in UTC.
    #expect(out.written("citadel-2006-03@example.org") == "DTSTART:20060320T140000Z")
    #expect(!out.text.contains("TZID=/") && !out.text.contains("TZID:/"))
    #expect(out.text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"))
    #expect(
      out.codes == [
        "tzid-prefix 22", "tzid-prefix 64", "tzid-prefix 73", "tzid-prefix 105",
        "tzid-rule-history 112",
      ])
    #expect(
      out.diagnostics.first?.message
        == "TZID /mozilla.org/20070129_1/Europe/Berlin is read as the tz-database zone Europe/Berlin (2 component(s))"
    )
    #expect(icalStrictValueProblems(out.events) == [])
  }
}

/// Point 9: Exchange 2010 writes `TZID:` and `TZID=` empty.
@Suite struct ICalEmptyTZIDTests {
  let uid = "040000008200E00074C5B7101A82E0080000000040B1C2D3E4F5CA01000000000000000010000000E"

  @Test func emptyTZIDsAreResolvedByTheirOffsets() throws {
    let out = try ConvertedCalendar("exchange2010-empty-tzid.ics")
    // +0000: UTC, series too (UTC has no DST to keep).
    #expect(out.written(uid + "1") == "DTSTART:20100301T090000Z")
    #expect(out.written(uid + "2") == "DTSTART:20100308T083000Z")
    // EU rules: a zone of the tz database with those offsets.
    let matched = try #require(
      out.component(uid + "3")?.property("DTSTART")?.parameter("TZID")?.value)
    #expect(matched == "Europe/Berlin")
    #expect(out.instant(uid + "3") == "20100301T080000Z")
    #expect(out.written(uid + "4") == "DTSTART;TZID=Europe/Berlin:20100322T090000")
    #expect(out.instant(uid + "4") == "20100322T080000Z")
    // Offsets no zone has (EU offsets, US change dates): UTC once, the definition kept for a series.
    #expect(out.written(uid + "5") == "DTSTART:20100320T070000Z")
    #expect(out.written(uid + "6") == "DTSTART;TZID=Unnamed zone (UTC+01:00):20100306T090000")
    #expect(out.instant(uid + "6") == "20100306T080000Z")
    // No definition at all: floating, never `TZID=`.
    #expect(out.written(uid + "7") == "DTSTART:20100401T090000")
    #expect(
      !out.text.contains("TZID=:") && !out.text.contains("TZID=\"\"")
        && !out.text.contains("TZID:\r\n"))
    #expect(out.codes == ["empty-tzid 19", "empty-tzid 65", "empty-tzid 103", "empty-tzid 125"])
    #expect(out.diagnostics[0].message.contains("is +0000"))
    #expect(out.diagnostics[1].message.contains("Europe/Berlin"))
    #expect(out.diagnostics[2].message.contains("no tz-database zone"))
    #expect(out.diagnostics[3].message.contains("floating"))
    #expect(icalStrictValueProblems(out.events) == [])
  }
}

/// Point 10: a date-time that cannot be one is reported with its line and dropped.
@Suite struct ICalBadValueTests {
  @Test(arguments: [
    ("20101301T090000Z", "month 13"), ("20100332", "day 32 of month 3"),
    ("20100302T250000Z", "hour 25"), ("-00010301T090000Z", "negative year"),
    ("20100229", "day 29 of month 2"), ("20100301T096000", "minute 60"),
    ("2010030", "not a yyyyMMdd date"), ("20100301T0900", "not a yyyyMMddTHHmmss[Z] date-time"),
  ])
  func problems(_ value: String, _ reason: String) {
    #expect(ICalDateTime.problem(in: value) == reason)
    #expect(ICalDateTime.parseFloating(value) == nil)
  }

  @Test func validValues() {
    for value in ["20240229", "20240229T235960Z", "16010101T020000", "00010101"] {
      #expect(ICalDateTime.problem(in: value) == nil, "\(value)")
    }
  }

  /// An observance whose `DTSTART` cannot be a date is dropped, and a VTIMEZONE left without any
  /// with it; its TZID is then read by name like any other (here: not at all, so reported).
  @Test func vtimezoneWithoutAValidObservanceIsDropped() throws {
    let text = """
      BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTIMEZONE\nTZID:Custom\nBEGIN:STANDARD\n\
      DTSTART:16011328T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n\
      BEGIN:VEVENT\nUID:u\nDTSTART;TZID=Custom:20240101T090000\nEND:VEVENT\nEND:VCALENDAR\n
      """
    let read = try ICalendarReader().read(bytes: Array(text.utf8), file: "x.ics")
    #expect(
      read.diagnostics.map { "\($0.code) \($0.location.line ?? 0)" } == [
        "bad-date-time 6", "bad-date-time 3",
      ])
    #expect(read.calendars.first?.components.map(\.name) == ["VEVENT"])
    let output = ICalendarWriter().write(read.calendars, file: "x.ics")
    #expect(output.diagnostics.map(\.code) == ["unknown-tzid"])
  }

  @Test func badValuesAreDroppedWithTheirLines() throws {
    let read = try icalReadFixture("bad-values.ics")
    #expect(read.diagnostics.allSatisfy { $0.code == "bad-date-time" && $0.severity == .skipped })
    #expect(
      read.diagnostics.map { $0.location.line ?? 0 } == [14, 22, 31, 37, 42, 49, 56, 62])
    #expect(read.diagnostics.allSatisfy { $0.location.file.hasSuffix("bad-values.ics") })
    #expect(read.diagnostics[0].message.contains("DTSTART value 20101301T090000Z"))
    #expect(read.diagnostics[0].message.contains("(month 13)"))
    #expect(
      read.diagnostics[0].message.contains("VEVENT month-13@example.com of line 11 is dropped"))
    #expect(read.diagnostics[1].message.contains("(hour 25); the property is dropped"))
    #expect(read.diagnostics[3].message.contains("(negative year)"))
    #expect(read.diagnostics[5].message.contains("VALARM of line 46 is dropped"))

    let out = try ConvertedCalendar("bad-values.ics")
    let uids = out.calendars.flatMap(\.components).compactMap { $0["UID"] }
    #expect(
      uids == [
        "good@example.com", "hour-25@example.com", "day-32@example.com", "bad-alarm@example.com",
      ])
    #expect(out.component("hour-25@example.com")?.property("DTEND") == nil)
    #expect(
      out.written("day-32@example.com", "EXDATE") == "EXDATE;TZID=Europe/Berlin:20100302T090000")
    #expect(out.component("bad-alarm@example.com")?.components.isEmpty == true)
    #expect(out.component("bad-alarm@example.com")?.property("DTSTAMP") == nil)
    #expect(out.instant("good@example.com") == "20100301T090000Z")
    let tasks = try #require(out.tasks)
    #expect(!String(decoding: tasks, as: UTF8.self).contains("DUE"))
    #expect(icalStrictValueProblems(out.events) == [])
    #expect(icalStrictValueProblems(tasks) == [])
  }
}

/// Point 11: one broken component does not cost the calendar.
@Suite struct ICalBrokenStructureTests {
  @Test func truncatedFileKeepsItsCompleteComponents() throws {
    let read = try icalReadFixture("truncated-file.ics")
    #expect(
      read.diagnostics.map { "\($0.code) \($0.location.line ?? 0) \($0.severity.rawValue)" } == [
        "unclosed-component 23 skipped", "unclosed-component 1 skipped",
      ])
    #expect(
      read.diagnostics[0].message.contains(
        "VEVENT cut-off@example.com of line 23 has no END:VEVENT (the file ends)"))
    #expect(read.diagnostics[0].location.file.hasSuffix("truncated-file.ics"))
    let out = try ConvertedCalendar("truncated-file.ics")
    #expect(
      out.calendars.flatMap(\.components).compactMap { $0["UID"] } == [
        "complete-1@example.com", "complete-2@example.com",
      ])
    #expect(out.component("complete-2@example.com")?.components.map(\.name) == ["VALARM"])
    // Cut right after a component: nothing open but the VCALENDAR, still a cut file.
    let cut =
      "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a\nDTSTART:20240101T090000Z\nEND:VEVENT\n"
    let cutRead = try ICalendarReader().read(bytes: Array(cut.utf8), file: "cut.ics")
    #expect(cutRead.calendars.first?.components.count == 1)
    #expect(
      cutRead.diagnostics.map { "\($0.code) \($0.severity.rawValue)" } == [
        "unclosed-component skipped"
      ])
    #expect(cutRead.diagnostics.first?.message.contains("what followed is lost") == true)
    #expect(icalStrictValueProblems(out.events) == [])
  }

  @Test func malformedLinesDropOnlyThemselves() throws {
    let read = try icalReadFixture("malformed-lines.ics")
    #expect(
      read.diagnostics.map { "\($0.code) \($0.location.line ?? 0)" } == [
        "malformed-line 12", "malformed-line 13", "unclosed-component 16",
      ])
    #expect(read.diagnostics.allSatisfy { $0.severity == .skipped })
    #expect(read.diagnostics[1].message.contains("X-MS-OLK-ALLOWEXTERNCHECK"))
    #expect(read.diagnostics[2].message.contains("BEGIN:VEVENT at line 21 comes first"))
    let out = try ConvertedCalendar("malformed-lines.ics")
    #expect(
      out.calendars.flatMap(\.components).compactMap { $0["UID"] } == [
        "agenda@example.com", "after@example.com",
      ])
    #expect(out.component("agenda@example.com")?["DESCRIPTION"] == "Agenda: budget")
    #expect(out.component("agenda@example.com")?["X-MICROSOFT-CDO-BUSYSTATUS"] == "BUSY")
    #expect(icalStrictValueProblems(out.events) == [])
  }

  @Test func calendarWithoutEndBeforeTheNextKeepsBoth() throws {
    let text = """
      BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a\nDTSTART:20240101T090000Z\nEND:VEVENT\n\
      BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:b\nDTSTART:20240102T090000Z\nEND:VEVENT\n\
      END:VCALENDAR\nEND:VEVENT\n
      """
    let read = try ICalendarReader().read(bytes: Array(text.utf8), file: "x.ics")
    #expect(read.calendars.map { $0.components.compactMap { $0["UID"] } } == [["a"], ["b"]])
    #expect(
      read.diagnostics.map { "\($0.code) \($0.location.line ?? 0) \($0.severity.rawValue)" } == [
        "unclosed-component 1 warning", "unmatched-end 14 skipped",
      ])
  }

  @Test func nothingReadableIsAnError() {
    for text in ["Dear diary,\nno calendar here\n", "BEGIN:VEVENT\nUID:x\nEND:VEVENT\n"] {
      #expect(throws: ContactsCalendarsError.self) {
        try ICalendarReader().read(bytes: Array(text.utf8), file: "x.ics")
      }
    }
    #expect((try? ICalendarReader().read(bytes: [], file: "empty.ics"))?.calendars.isEmpty == true)
  }

  /// Every existing fixture reads without a new diagnostic from the value and zone passes.
  @Test(arguments: ICalendarWriterTests.fixtures) func existingFixturesAreUntouched(_ name: String)
    throws
  {
    let codes = try icalReadFixture(name).diagnostics.map(\.code)
    #expect(
      !codes.contains {
        [
          "bad-date-time", "malformed-line", "unclosed-component", "empty-tzid", "tzid-prefix",
          "vtimezone-disagrees",
        ].contains($0)
      }, "\(name): \(codes)")
  }
}

/// Calendars read from several files are written together; each report line still names the file
/// its line number belongs to.
@Suite struct ICalSeveralFilesTests {
  @Test func writerReportsNameTheFileOfEachComponent() throws {
    let calendars =
      try icalReadFixture("windows-tzids.ics").calendars
      + icalReadFixture("libical-prefixed-tzids.ics").calendars
      + icalReadFixture("two-calendars-duplicate.ics").calendars
      + icalReadFixture("two-calendars-duplicate.ics").calendars
    let output = ICalendarWriter().write(calendars, file: "a.ics,b.ics,c.ics")
    func file(_ code: String) -> String? {
      output.diagnostics.first { $0.code == code }.map {
        URL(fileURLWithPath: $0.location.file).lastPathComponent
      }
    }
    #expect(file("tzid-to-utc") == "windows-tzids.ics")
    #expect(file("tzid-rule-history") == "libical-prefixed-tzids.ics")
    #expect(
      output.diagnostics.first { $0.code == "tzid-rule-history" }?.location.line == 112)
    #expect(file("duplicate-uid") == "two-calendars-duplicate.ics")
  }
}

/// The new fixtures' outputs through the independent parser too (Python's `icalendar`, when
/// installed): same components, start values and TZIDs as our reader sees.
@Suite struct ICalRealExportPythonTests {
  static let fixtures = [
    "outlook2007-escaped-tzid.ics", "truncated-vtimezones.ics", "libical-prefixed-tzids.ics",
    "exchange2010-empty-tzid.ics", "bad-values.ics", "truncated-file.ics", "malformed-lines.ics",
  ]

  @Test(arguments: fixtures) func outputsParseStrictly(_ name: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    for bytes in try ICalendarPythonTests.writeOutputs(name, in: directory).outputs {
      #expect(icalStrictValueProblems(bytes) == [], "\(name)")
    }
  }

  @Test(
    .enabled(if: Python.hasICalendar, "python3 with icalendar not found on PATH"),
    arguments: fixtures)
  func outputsParseInPython(_ name: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let (_, paths, expected) = try ICalendarPythonTests.writeOutputs(name, in: directory)
    let theirs = try Python.json(
      [ICalendarPythonTests.Item].self, ICalendarPythonTests.script, paths)
    #expect(theirs == expected, "\(name)")
    print("python icalendar compared \(theirs.count) components of \(name)")
  }
}
