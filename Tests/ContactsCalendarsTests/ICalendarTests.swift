import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

/// Strict RFC 5545 checks on a written file: CRLF only, every line ≤ 75 octets, BEGIN/END balanced,
/// `VERSION:2.0` the first property of every VCALENDAR. Returns the problems found.
func icalStrictProblems(_ bytes: [UInt8]) -> [String] {
  var problems: [String] = []
  var physical: [[UInt8]] = []
  var start = 0
  for index in bytes.indices where bytes[index] == 0x0A {
    if index == 0 || bytes[index - 1] != 0x0D { problems.append("bare LF at byte \(index)") }
    physical.append(Array(bytes[start..<max(start, index - 1)]))
    start = index + 1
  }
  if start != bytes.count { problems.append("no CRLF at end") }
  for (number, line) in physical.enumerated() {
    if line.count > 75 { problems.append("line \(number + 1) has \(line.count) octets") }
    if line.contains(0x0D) { problems.append("bare CR in line \(number + 1)") }
    if line.isEmpty { problems.append("empty line \(number + 1)") }
  }
  if String(validating: bytes, as: UTF8.self) == nil { problems.append("not UTF-8") }
  var stack: [String] = []
  var expectVersion = false
  for unfolded in ICalContentLineParser.unfold(bytes) {
    let text = String(decoding: unfolded.bytes, as: UTF8.self)
    if expectVersion {
      if text != "VERSION:2.0" { problems.append("first property of VCALENDAR is \(text)") }
      expectVersion = false
    }
    if text.hasPrefix("BEGIN:") {
      stack.append(String(text.dropFirst(6)))
      if text == "BEGIN:VCALENDAR" { expectVersion = true }
    } else if text.hasPrefix("END:") {
      if stack.popLast() != String(text.dropFirst(4)) { problems.append("unbalanced \(text)") }
    } else if stack.isEmpty {
      problems.append("property outside a component: \(text)")
    }
  }
  if !stack.isEmpty { problems.append("unclosed \(stack)") }
  return problems
}

func icalReadFixture(_ name: String) throws -> ICalendarReadResult {
  try ICalendarReader().read(path: Fixture.path("calendar/" + name))
}

@Suite struct ICalendarReaderTests {
  @Test func readsTreeWithTimezoneAndRecurrence() throws {
    let result = try icalReadFixture("recurring-dst.ics")
    #expect(result.calendars.count == 1)
    let calendar = result.calendars[0]
    #expect(calendar.components.map(\.name) == ["VEVENT", "VTIMEZONE", "VEVENT"])
    let timezone = calendar.components[1]
    #expect(timezone.components.map(\.name) == ["DAYLIGHT", "STANDARD"])
    let master = calendar.components[0]
    #expect(master["RRULE"] == "FREQ=WEEKLY;COUNT=4;BYDAY=MO")
    #expect(master.property("DTSTART")?.parameter("TZID")?.value == "Europe/Berlin")
    #expect(master.property("EXDATE")?.value == "20240401T090000")
    #expect(calendar.components[2]["RECURRENCE-ID"] == "20240325T090000")
    #expect(master.line == 4)
    #expect(result.diagnostics.isEmpty)
  }

  @Test func readsManyCalendarsPerFile() throws {
    let result = try icalReadFixture("two-calendars-duplicate.ics")
    #expect(result.calendars.count == 2)
    #expect(result.calendars.map { $0["PRODID"] } == ["-//A//EN", "-//B//EN"])
  }

  @Test func readsFoldedUTF8AndAlarm() throws {
    let result = try icalReadFixture("attendees-alarm.ics")
    let event = result.calendars[0].components[0]
    #expect(event["DESCRIPTION"]?.contains("日本語テキスト") == true)
    #expect(event["DESCRIPTION"]?.contains("Überprüfung") == true)
    #expect(event.properties(named: "ATTENDEE").count == 2)
    #expect(event.properties(named: "ATTENDEE")[0].parameter("CN")?.value == "Doe; Jane")
    #expect(event.components(named: "VALARM").first?["TRIGGER"] == "-PT15M")
    #expect(result.diagnostics.isEmpty)
  }

  @Test func convertsVCalendar1() throws {
    let result = try icalReadFixture("vcalendar-1.0.vcs")
    let calendar = result.calendars[0]
    #expect(calendar["VERSION"] == "2.0")
    #expect(calendar.property("TZ") == nil)
    let event = calendar.components[0]
    #expect(event["SUMMARY"] == "Café meeting")
    #expect(event.property("SUMMARY")?.parameters.isEmpty == true)
    #expect(event["DESCRIPTION"] == "Line one\\nLine two with a long soft break")
    #expect(event["LOCATION"] == "München")
    let attendee = try #require(event.property("ATTENDEE"))
    #expect(attendee.value == "mailto:carol@example.com")
    #expect(attendee.parameter("PARTSTAT")?.value == "NEEDS-ACTION")
    #expect(attendee.parameter("ROLE")?.value == "REQ-PARTICIPANT")
    #expect(attendee.parameter("RSVP")?.value == "TRUE")
    #expect(
      event.property("DALARM") == nil && event.property("AALARM") == nil
        && event.property("MALARM") == nil)
    let alarms = event.components(named: "VALARM")
    #expect(alarms.count == 2)
    #expect(alarms[0]["ACTION"] == "DISPLAY")
    #expect(alarms[0]["TRIGGER"] == "-PT15M")
    #expect(alarms[0]["REPEAT"] == "2")
    #expect(alarms[0]["DURATION"] == "PT5M")
    #expect(alarms[0]["DESCRIPTION"] == "Meeting soon")
    #expect(alarms[1]["ACTION"] == "AUDIO")
    #expect(alarms[1]["TRIGGER"] == "-PT10M")
    #expect(calendar.components[1]["STATUS"] == "NEEDS-ACTION")
    let codes = result.diagnostics.map(\.code)
    #expect(codes.contains("vcal1-converted"))
    #expect(codes.contains("vcal1-dropped"))
    #expect(codes.filter { $0 == "vcal1-alarm" }.count == 2)
    #expect(codes.contains("vcal1-alarm-dropped"))
    #expect(codes.filter { $0 == "vcal1-quoted-printable" }.count == 2)
    #expect(codes.contains("vcal1-charset"))
    #expect(event["RRULE"] == "FREQ=WEEKLY;BYDAY=WE;COUNT=3")
    #expect(event["EXDATE"] == "20240508T090000,20240515T090000")
    #expect(codes.contains("vcal1-rrule"))
  }

  @Test func convertsVCalendar1RecurrenceRules() {
    #expect(ICalendarReader.convertVCalendar1Rule("D2 #10") == "FREQ=DAILY;INTERVAL=2;COUNT=10")
    #expect(
      ICalendarReader.convertVCalendar1Rule("W1 MO WE 20241231T000000")
        == "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20241231T000000")
    #expect(ICalendarReader.convertVCalendar1Rule("W1 FR #0") == "FREQ=WEEKLY;BYDAY=FR")
    #expect(
      ICalendarReader.convertVCalendar1Rule("MD1 1 15 #5") == "FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=5"
    )
    #expect(
      ICalendarReader.convertVCalendar1Rule("MP1 1- FR #3") == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3")
    #expect(ICalendarReader.convertVCalendar1Rule("YM1 6") == "FREQ=YEARLY;BYMONTH=6;COUNT=2")
    #expect(ICalendarReader.convertVCalendar1Rule("Q7 nonsense") == nil)
    #expect(
      ICalendarReader.decodeQuotedPrintable(Array("Caf=E9".utf8)) == Array("Caf".utf8) + [0xE9])
    #expect(ICalendarReader.decodeQuotedPrintable(Array("a=3Db=".utf8)) == Array("a=b=".utf8))
  }

  @Test func rejectsUnbalancedComponents() {
    let bytes = Array(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n".utf8)
    #expect(throws: ContactsCalendarsError.self) {
      try ICalendarReader().read(bytes: bytes, file: "x.ics")
    }
    let open = Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n".utf8)
    #expect(throws: ContactsCalendarsError.self) {
      try ICalendarReader().read(bytes: open, file: "x.ics")
    }
  }
}

@Suite struct ICalendarWriterTests {
  static let fixtures = [
    "recurring-dst.ics", "task.ics", "attendees-alarm.ics", "vcalendar-1.0.vcs",
    "two-calendars-duplicate.ics",
    "windows-tzids.ics", "notes-eastern-history.ics", "rule-history.ics",
  ]

  @Test func writesTimezonesFirstAndSplitsTasks() throws {
    let output = ICalendarWriter().write(
      try icalReadFixture("recurring-dst.ics").calendars, file: "r.ics")
    let events = try #require(output.events)
    #expect(output.tasks == nil)
    #expect(output.eventCount == 2)
    let text = String(decoding: events, as: UTF8.self)
    #expect(
      text.hasPrefix(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//zmigrate//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
      ))
    #expect(text.components(separatedBy: "BEGIN:VTIMEZONE").count == 2)
    #expect(icalStrictProblems(events) == [])
    #expect(output.diagnostics.isEmpty)

    let tasks = ICalendarWriter().write(try icalReadFixture("task.ics").calendars, file: "t.ics")
    #expect(tasks.taskCount == 1 && tasks.eventCount == 1)
    let taskText = String(decoding: try #require(tasks.tasks), as: UTF8.self)
    #expect(taskText.contains("BEGIN:VTODO") && !taskText.contains("BEGIN:VEVENT"))
    #expect(!String(decoding: try #require(tasks.events), as: UTF8.self).contains("VTODO"))
  }

  @Test func generatesDeterministicUIDs() throws {
    let calendars = try icalReadFixture("task.ics").calendars
    let first = ICalendarWriter().write(calendars, file: "t.ics")
    let second = ICalendarWriter().write(calendars, file: "t.ics")
    #expect(first.events == second.events)
    let reread = try ICalendarReader().read(bytes: try #require(first.events), file: "out.ics")
    let uid = try #require(reread.calendars[0].components[0]["UID"])
    #expect(uid.hasPrefix("zmigrate-") && uid.count == 9 + 64)
    #expect(first.diagnostics.map(\.code) == ["missing-uid"])
  }

  @Test func keepsHighestSequenceAndDropsJournals() throws {
    let output = ICalendarWriter().write(
      try icalReadFixture("two-calendars-duplicate.ics").calendars, file: "d.ics")
    let reread = try ICalendarReader().read(bytes: try #require(output.events), file: "out.ics")
    let events = reread.calendars[0].components
    #expect(events.map { $0["UID"] } == ["dup-1@example.com", "other-1@example.com"])
    #expect(events[0]["SUMMARY"] == "Version two")
    #expect(output.diagnostics.map(\.code).sorted() == ["duplicate-uid", "ignored-component"])
  }

  /// Zimbra's `isSameOrNewerVersion`: an invite with the same SEQUENCE replaces the stored one, whatever
  /// its DTSTAMP, so the later one in the file wins.
  @Test func equalSequenceKeepsTheLaterOneAsZimbraDoes() throws {
    func event(_ stamp: String, _ summary: String) -> ICalComponent {
      ICalComponent(
        name: "VEVENT",
        properties: [
          ICalContentLine(name: "UID", value: "u"), ICalContentLine(name: "DTSTAMP", value: stamp),
          ICalContentLine(name: "SUMMARY", value: summary),
        ])
    }
    let calendar = ICalComponent(
      name: "VCALENDAR", properties: [ICalContentLine(name: "VERSION", value: "2.0")],
      components: [event("20240501T000000Z", "newer"), event("20240101T000000Z", "older")])
    let output = ICalendarWriter().write([calendar], file: "x")
    let text = String(decoding: try #require(output.events), as: UTF8.self)
    #expect(text.contains("SUMMARY:older") && !text.contains("SUMMARY:newer"))
    #expect(output.diagnostics.map(\.code) == ["duplicate-uid"])
  }

  @Test func reportsUnknownTZIDsOnly() throws {
    let output = ICalendarWriter().write(
      try icalReadFixture("attendees-alarm.ics").calendars, file: "a.ics")
    let unknown = output.diagnostics.filter { $0.code == "unknown-tzid" }
    #expect(unknown.count == 1)
    #expect(unknown.first?.message.contains("Mars Standard Time") == true)
    #expect(ICalendarWriter.isWellKnownTZID("America/New_York"))
    #expect(!ICalendarWriter.isWellKnownTZID("Mars Standard Time"))
  }

  @Test func skipsComponentsOfMethodsThatCreateNoItem() throws {
    let text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    let output = ICalendarWriter().write(
      try ICalendarReader().read(bytes: Array(text.utf8), file: "c.ics").calendars, file: "c.ics")
    #expect(output.events == nil && output.eventCount == 0)
    #expect(output.diagnostics.map(\.code) == ["method-ignored"])
  }

  @Test(arguments: fixtures) func outputPassesStrictRFC5545Checks(_ name: String) throws {
    let output = ICalendarWriter().write(try icalReadFixture(name).calendars, file: name)
    for bytes in [output.events, output.tasks].compactMap({ $0 }) {
      #expect(icalStrictProblems(bytes) == [], "\(name)")
    }
  }
}
