import ContactsCalendars
import Foundation
import MailModel
import TestSupport
import Testing

@testable import Outlook

/// A float64 property value (PtypFloating64) as stored.
private func float64Bytes(_ value: Double) -> [UInt8] {
  MapiPropertyBag.entryBytes(value.bitPattern)
}

/// A TZSTRUCT ([MS-OXOCAL] 2.2.1.39) for US Eastern time: bias 300, daylight bias -60, standard
/// time from the first Sunday of November 02:00, daylight time from the second Sunday of March.
private var easternTimeZoneStruct: [UInt8] {
  var blob = OutlookBlobBuilder()
  blob.u32(300)
  blob.u32(0)
  blob.u32(-60)
  blob.u16(0)
  for value in [0, 11, 0, 1, 2, 0, 0, 0] { blob.u16(value) }
  blob.u16(0)
  for value in [0, 3, 0, 2, 2, 0, 0, 0] { blob.u16(value) }
  return blob.bytes
}

@Suite struct OutlookCalendarTests {
  /// A meeting: Eastern time from a TZSTRUCT, an organizer, three attendees, a reminder, and a
  /// global object id embedding a vCal UID.
  func meeting() -> MapiMessage {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Appointment")
    bag.setUnicode(.subject, "Budget review")
    bag.setUnicode(.body, "Bring numbers.\r\nAnd coffee.\r\n")
    bag.setUnicode(.location, "Room 4")
    // 2024-07-01 14:00–15:00 UTC = 10:00–11:00 EDT.
    let start = Int64(MailDate.days(year: 2024, month: 7, day: 1)) * 86400 + 14 * 3600
    bag.setTime(.appointmentStartWhole, unixSeconds: start)
    bag.setTime(.appointmentEndWhole, unixSeconds: start + 3600)
    bag.setBinary(.timeZoneStruct, easternTimeZoneStruct)
    bag.setUnicode(.timeZoneDescription, "Eastern Standard Time")
    bag.setInt32(.busyStatus, 1)
    bag.setInt32(.appointmentStateFlags, 1)
    bag.setInt32(.sensitivity, 2)
    bag.setInt32(.importance, 2)
    bag.setBool(.reminderSet, true)
    bag.setInt32(.reminderDelta, 30)
    bag.set(
      .keywords, MapiType(rawValue: 0x101F),
      .multiple([MsgWriter.utf16("Work"), MsgWriter.utf16("Q3, budget")]))
    let uid = "{81412D3C-2A24-4E9D-B20E-11F7BBE92799}"
    let data = Array("vCal-Uid".utf8) + [1, 0, 0, 0] + Array(uid.utf8) + [0]
    var id: [UInt8] = [0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00, 0x74, 0xC5, 0xB7, 0x10]
    id += [0x1A, 0x82, 0xE0, 0x08] + [UInt8](repeating: 0, count: 20)
    id += [UInt8(data.count), 0, 0, 0] + data
    bag.setBinary(.globalObjectID, id)
    bag.setUnicode(.sentRepresentingName, "Olga Organizer")
    bag.setUnicode(.sentRepresentingAddressType, "SMTP")
    bag.setUnicode(.sentRepresentingEmailAddress, "olga@example.com")
    var recipients: [MapiPropertyBag] = []
    for (name, address, type, track, flags) in [
      ("Olga Organizer", "olga@example.com", 1, 1, 3), ("Ann", "ann@example.com", 1, 3, 1),
      ("Bob", "bob@example.com", 2, 4, 1), ("Room 4", "room4@example.com", 3, 2, 1),
      ("Exchange Ed", "/O=CORP/CN=ED", 1, 0, 1),
    ] {
      var row = MapiPropertyBag()
      row.setUnicode(.displayName, name)
      row.setUnicode(.addressType, address.contains("@") ? "SMTP" : "EX")
      row.setUnicode(.emailAddress, address)
      row.setInt32(.recipientType, Int32(type))
      row.setInt32(.recipientTrackStatus, Int32(track))
      row.setInt32(.recipientFlags, Int32(flags))
      recipients.append(row)
    }
    return MapiMessage(properties: bag, recipients: recipients)
  }

  @Test func meetingThroughAMsgFile() throws {
    // Written as a .msg and read back, so that the named properties go through a name map.
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.url.appendingPathComponent("meeting.msg").path
    try Data(try MsgWriter.bytes(meeting())).write(to: URL(fileURLWithPath: path))
    let item = OutlookCalendar.item(from: try MsgFile.read(path: path))
    let lines = writtenLines(item)
    let zone = "TZID=Eastern Standard Time"
    #expect(lines.contains("UID:{81412D3C-2A24-4E9D-B20E-11F7BBE92799}"))
    #expect(lines.contains("DTSTART;\(zone):20240701T100000"))
    #expect(lines.contains("DTEND;\(zone):20240701T110000"))
    #expect(lines.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"))
    #expect(lines.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"))
    #expect(lines.contains("TZOFFSETTO:-0400"))
    #expect(lines.contains("SUMMARY:Budget review"))
    #expect(lines.contains("DESCRIPTION:Bring numbers.\\nAnd coffee."))
    #expect(lines.contains("LOCATION:Room 4"))
    #expect(lines.contains("CATEGORIES:Work,Q3\\, budget"))
    #expect(lines.contains("CLASS:PRIVATE"))
    #expect(lines.contains("PRIORITY:1"))
    #expect(lines.contains("TRANSP:OPAQUE"))
    #expect(lines.contains("X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE"))
    #expect(lines.contains("TRIGGER:-PT30M"))
    #expect(lines.contains("ORGANIZER;CN=Olga Organizer:mailto:olga@example.com"))
    #expect(
      lines.contains(
        "ATTENDEE;CN=Ann;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:ann@example.com"))
    #expect(
      lines.contains(
        "ATTENDEE;CN=Bob;ROLE=OPT-PARTICIPANT;PARTSTAT=DECLINED:mailto:bob@example.com"))
    #expect(
      lines.contains(
        "ATTENDEE;CN=Room 4;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;PARTSTAT=TENTATIVE:mailto:room4@example.com"
      ))
    #expect(lines.filter { $0.hasPrefix("ATTENDEE") }.count == 3)
    #expect(item.notes.contains { $0.contains("Exchange Ed") })
    if Python.hasICalendar {
      let read = try pythonRead(item)
      #expect(read.contains("VEVENT UID={81412D3C-2A24-4E9D-B20E-11F7BBE92799}"))
      #expect(read.contains("VEVENT CATEGORIES=Work,Q3\\, budget"))
    }
  }

  @Test func outlookIdsBecomeHexWithoutTheInstanceDate() {
    var bag = MapiPropertyBag()
    // [MS-ASEMAIL] 4.3 example 1: an Outlook id with an instance date.
    let id: [UInt8] =
      [
        0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00, 0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0,
        0x08,
      ]
      + [0x07, 0xD4, 0x09, 0x10]
      + [0xE0, 0x40, 0xC9, 0xC1, 0x26, 0x85, 0xC4, 0x01, 0, 0, 0, 0, 0, 0, 0, 0] + [0x10, 0, 0, 0]
      + [
        0x0B, 0xF0, 0xED, 0x4B, 0x6E, 0x4E, 0xE9, 0x4E, 0x9E, 0x39, 0xE3, 0x86, 0x7B, 0x37, 0x8E,
        0xF3,
      ]
    bag.setBinary(.globalObjectID, id)
    #expect(
      OutlookCalendar.uid(of: bag)
        == "040000008200E00074C5B7101A82E00800000000E040C9C12685C4010000000000000000100000000BF0ED4B6E4EE94E9E39E3867B378EF3"
    )
  }

  @Test func allDayEventsAreDates() {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Appointment")
    bag.setUnicode(.subject, "Holiday")
    // Midnight to midnight in UTC+1 (23:00 UTC the day before), two days.
    let start = Int64(MailDate.days(year: 2024, month: 12, day: 24)) * 86400 - 3600
    bag.setTime(.appointmentStartWhole, unixSeconds: start)
    bag.setTime(.appointmentEndWhole, unixSeconds: start + 2 * 86400)
    bag.setBool(.appointmentSubType, true)
    bag.setBinary(.timeZoneDefinitionStart, OutlookBlobBuilder.westEurope)
    bag.setInt32(.busyStatus, 0)
    let lines = writtenLines(OutlookCalendar.item(from: MapiMessage(properties: bag)))
    #expect(lines.contains("DTSTART;VALUE=DATE:20241224"))
    #expect(lines.contains("DTEND;VALUE=DATE:20241226"))
    #expect(lines.contains("TRANSP:TRANSPARENT"))
    #expect(lines.contains("X-MICROSOFT-CDO-BUSYSTATUS:FREE"))
  }

  @Test func withoutAZoneTimesAreUTC() {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Appointment")
    let start = Int64(MailDate.days(year: 2024, month: 3, day: 5)) * 86400 + 9 * 3600
    bag.setTime(.appointmentStartWhole, unixSeconds: start)
    bag.setTime(.appointmentEndWhole, unixSeconds: start + 1800)
    let item = OutlookCalendar.item(from: MapiMessage(properties: bag))
    #expect(item.calendar.components(named: "VTIMEZONE").isEmpty)
    let lines = writtenLines(item)
    #expect(lines.contains("DTSTART:20240305T090000Z"))
    #expect(lines.contains("DTEND:20240305T093000Z"))
  }

  @Test func anItemWithoutAStartIsANote() {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Appointment")
    let item = OutlookCalendar.item(from: MapiMessage(properties: bag))
    #expect(item.calendar.components.isEmpty)
    #expect(item.notes.contains { $0.hasPrefix("no start time") })
  }

  @Test func tasksBecomeTodos() throws {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Task")
    bag.setUnicode(.subject, "File taxes")
    bag.setTime(
      .taskStartDate, unixSeconds: Int64(MailDate.days(year: 2024, month: 4, day: 1)) * 86400)
    bag.setTime(
      .taskDueDate, unixSeconds: Int64(MailDate.days(year: 2024, month: 4, day: 15)) * 86400)
    bag.setInt32(.taskStatus, 1)
    bag.set(.percentComplete, .float64, .single(float64Bytes(0.25)))
    let item = OutlookCalendar.item(from: MapiMessage(properties: bag))
    let output = ICalendarWriter().write([item.calendar], file: "task.ics")
    #expect(output.taskCount == 1)
    #expect(output.eventCount == 0)
    let lines = writtenLines(item)
    // No global object id: a UID from the content, stable, and another for another task.
    let uid = try #require(lines.first { $0.hasPrefix("UID:outlook-") })
    #expect(writtenLines(OutlookCalendar.item(from: MapiMessage(properties: bag))).contains(uid))
    var other = bag
    other.setUnicode(.subject, "File more taxes")
    #expect(!writtenLines(OutlookCalendar.item(from: MapiMessage(properties: other))).contains(uid))
    #expect(lines.contains("DTSTART;VALUE=DATE:20240401"))
    #expect(lines.contains("DUE;VALUE=DATE:20240415"))
    #expect(lines.contains("STATUS:IN-PROCESS"))
    #expect(lines.contains("PERCENT-COMPLETE:25"))
    if Python.hasICalendar {
      let read = try pythonRead(item)
      #expect(read.contains("VTODO DUE=20240415"))
    }
  }

  @Test func completedTasks() {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Task")
    bag.setBool(.taskComplete, true)
    bag.set(.percentComplete, .float64, .single(float64Bytes(1)))
    let done = Int64(MailDate.days(year: 2024, month: 5, day: 2)) * 86400 + 3600
    bag.setTime(.taskDateCompleted, unixSeconds: done)
    let lines = writtenLines(OutlookCalendar.item(from: MapiMessage(properties: bag)))
    #expect(lines.contains("STATUS:COMPLETED"))
    #expect(lines.contains("PERCENT-COMPLETE:100"))
    #expect(lines.contains("COMPLETED:20240502T010000Z"))
  }

  @Test func aMeetingAboutOneInstanceNamesIt() {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Schedule.Meeting.Request")
    let start = Int64(MailDate.days(year: 2024, month: 1, day: 10)) * 86400 + 13 * 3600
    bag.setTime(.appointmentStartWhole, unixSeconds: start)
    bag.setTime(.appointmentEndWhole, unixSeconds: start + 3600)
    bag.setTime(.exceptionReplaceTime, unixSeconds: start - 5 * 3600)
    bag.setBinary(.timeZoneDefinitionStart, OutlookBlobBuilder.westEurope)
    let id: [UInt8] =
      [
        0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00, 0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0,
        0x08,
      ]
      + [0x07, 0xE8, 0x01, 0x0A] + [UInt8](repeating: 0, count: 16) + [1, 0, 0, 0, 0x42]
    bag.setBinary(.globalObjectID, id)
    let lines = writtenLines(OutlookCalendar.item(from: MapiMessage(properties: bag)))
    // The UID has the instance date zeroed; the instance is named by its original start
    // (08:00 UTC = 09:00 in UTC+1).
    #expect(
      lines.contains(
        "UID:040000008200E00074C5B7101A82E008000000000000000000000000000000000000000001000000"
          + "42"))
    #expect(lines.contains("RECURRENCE-ID;TZID=W. Europe Standard Time:20240110T090000"))
    #expect(lines.contains("DTSTART;TZID=W. Europe Standard Time:20240110T140000"))
  }
}
