import ContactsCalendars
import Foundation
import MailModel
import TestSupport
import Testing

@testable import Outlook

/// Builds the blobs Outlook stores ([MS-OXOCAL] 2.2.1.41 TZDEFINITION, 2.2.1.44
/// AppointmentRecurrencePattern) field by field, for tests.
struct OutlookBlobBuilder {
  /// The bytes so far.
  var bytes: [UInt8] = []

  /// Appends a 1-byte value.
  mutating func u8(_ value: Int) { bytes.append(UInt8(truncatingIfNeeded: value)) }
  /// Appends a 2-byte value.
  mutating func u16(_ value: Int) { for shift in [0, 8] { u8(value >> shift) } }
  /// Appends a 4-byte value.
  mutating func u32(_ value: Int) { for shift in [0, 8, 16, 24] { u8(value >> shift) } }
  /// Appends UTF-16LE text.
  mutating func utf16(_ text: String) { for unit in text.utf16 { u16(Int(unit)) } }

  /// Local minutes since 1601 of a wall-clock date and time.
  static func minutes(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0)
    -> Int
  {
    (MailDate.days(year: year, month: month, day: day) * 1440) + 11_644_473_600 / 60 + hour * 60
      + minute
  }

  /// A TZDEFINITION of one rule: W. Europe Standard Time (UTC+1, daylight time from the last
  /// Sunday of March 02:00 to the last Sunday of October 03:00).
  static var westEurope: [UInt8] {
    var blob = OutlookBlobBuilder()
    let name = "W. Europe Standard Time"
    blob.u8(2)
    blob.u8(1)
    blob.u16(6 + name.utf16.count * 2)
    blob.u16(2)
    blob.u16(name.utf16.count)
    blob.utf16(name)
    blob.u16(1)
    blob.u8(2)
    blob.u8(1)
    blob.u16(0x3E)
    blob.u16(0x2)
    blob.u16(2007)
    blob.bytes += [UInt8](repeating: 0, count: 14)
    blob.u32(-60)
    blob.u32(0)
    blob.u32(-60)
    for (month, hour) in [(10, 3), (3, 2)] {
      for value in [0, month, 0, 5, hour, 0, 0, 0] { blob.u16(value) }
    }
    return blob.bytes
  }

  /// One modified instance for `appointmentPattern`.
  struct Exception {
    /// New start, local minutes.
    var start: Int
    /// New end, local minutes.
    var end: Int
    /// Original start, local minutes.
    var originalStart: Int
    /// The changed subject, if any.
    var subject: String?
  }

  /// An AppointmentRecurrencePattern.
  static func appointmentPattern(
    frequency: Int, patternType: Int, period: Int, specific: [Int], endType: Int,
    count: Int = 0, firstDay: Int = 0, deleted: [Int] = [], modified: [Int] = [],
    startDate: Int, endDate: Int, startOffset: Int, endOffset: Int,
    exceptions: [Exception] = []
  ) -> [UInt8] {
    var blob = OutlookBlobBuilder()
    blob.u16(0x3004)
    blob.u16(0x3004)
    blob.u16(frequency)
    blob.u16(patternType)
    blob.u16(0)
    blob.u32(0)
    blob.u32(period)
    blob.u32(0)
    for value in specific { blob.u32(value) }
    blob.u32(endType)
    blob.u32(count)
    blob.u32(firstDay)
    blob.u32(deleted.count)
    for value in deleted { blob.u32(value) }
    blob.u32(modified.count)
    for value in modified { blob.u32(value) }
    blob.u32(startDate)
    blob.u32(endDate)
    blob.u32(0x3006)
    blob.u32(0x3009)
    blob.u32(startOffset)
    blob.u32(endOffset)
    blob.u16(exceptions.count)
    for exception in exceptions {
      blob.u32(exception.start)
      blob.u32(exception.end)
      blob.u32(exception.originalStart)
      blob.u16(exception.subject == nil ? 0 : 1)
      if let subject = exception.subject {
        let ascii = Array(subject.utf8)
        blob.u16(ascii.count + 1)
        blob.u16(ascii.count)
        blob.bytes += ascii
      }
    }
    blob.u32(0)
    for exception in exceptions {
      blob.u32(4)
      blob.u32(0)
      blob.u32(0)
      if let subject = exception.subject {
        blob.u32(exception.start)
        blob.u32(exception.end)
        blob.u32(exception.originalStart)
        blob.u16(subject.utf16.count)
        blob.utf16(subject)
        blob.u32(0)
      }
    }
    blob.u32(0)
    return blob.bytes
  }

  /// An IPM.Appointment in W. Europe Standard Time with `recurrence` (UTC start and end given).
  static func appointment(start: Int64, end: Int64, recurrence: [UInt8]?) -> MapiMessage {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, "IPM.Appointment")
    bag.setUnicode(.subject, "Stand-up, daily; team")
    bag.setTime(.appointmentStartWhole, unixSeconds: start)
    bag.setTime(.appointmentEndWhole, unixSeconds: end)
    bag.setBinary(.timeZoneDefinitionStart, westEurope)
    bag.setBinary(
      .cleanGlobalObjectID,
      [
        0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00, 0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0,
        0x08,
      ]
        + [UInt8](repeating: 0, count: 20) + [0x01, 0, 0, 0, 0xAB])
    if let recurrence {
      bag.setBool(.recurring, true)
      bag.setBinary(.appointmentRecur, recurrence)
    }
    return MapiMessage(properties: bag)
  }
}

/// The VEVENTs of an item written by ContactsCalendars' writer, as unfolded text lines; checks on
/// the way that the item's VCALENDAR is what ContactsCalendars reads back from its own text.
func writtenLines(_ item: OutlookCalendarItem) -> [String] {
  #expect(readsBackUnchanged(item))
  let output = ICalendarWriter().write([item.calendar], file: "test.ics")
  let bytes = output.events ?? output.tasks ?? []
  let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
  return text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
}

/// Whether `CalendarFiles.read` gives back the item's VCALENDAR from its serialized text, without
/// a diagnostic.
func readsBackUnchanged(_ item: OutlookCalendarItem) -> Bool {
  guard let directory = try? TemporaryDirectory() else { return false }
  defer { directory.cleanup() }
  let path = directory.url.appendingPathComponent("item.ics").path
  FileManager.default.createFile(atPath: path, contents: Data(item.calendar.serialized))
  let read = CalendarFiles.read([path])
  return read.diagnostics.isEmpty && read.calendars.count == 1
    && read.calendars.first?.serialized == item.calendar.serialized
}

/// Parses written iCalendar text with Python's icalendar and returns what it read as JSON lines
/// (component name, property name, value as icalendar prints it).
func pythonRead(_ item: OutlookCalendarItem) throws -> [String] {
  let output = ICalendarWriter().write([item.calendar], file: "test.ics")
  let directory = try TemporaryDirectory()
  defer { directory.cleanup() }
  let path = directory.url.appendingPathComponent("x.ics").path
  FileManager.default.createFile(atPath: path, contents: Data(output.events ?? output.tasks ?? []))
  let script = """
    import sys, icalendar
    cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
    for c in cal.walk():
        for k, v in c.property_items(recursive=False):
            if k in ('BEGIN', 'END'): continue
            text = v.to_ical() if hasattr(v, 'to_ical') else str(v)
            print(c.name + ' ' + k + '=' + (text.decode() if isinstance(text, bytes) else text))
    """
  let run = try Python.run(script, [path])
  return String(decoding: run.output, as: UTF8.self).components(separatedBy: "\n")
}

@Suite struct OutlookRecurrenceTests {
  /// The TZID every test item uses.
  let zone = "TZID=W. Europe Standard Time"

  /// The item of an appointment starting at `day` 09:00–10:00 local (UTC+1 in winter).
  func item(_ year: Int, _ month: Int, _ day: Int, _ blob: [UInt8]) -> OutlookCalendarItem {
    let start = Int64(MailDate.days(year: year, month: month, day: day)) * 86400 + 8 * 3600
    return OutlookCalendar.item(
      from: OutlookBlobBuilder.appointment(start: start, end: start + 3600, recurrence: blob))
  }

  @Test func dailyEveryTwoDaysFiveTimes() throws {
    let startDate = OutlookBlobBuilder.minutes(2024, 1, 8)
    let blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200A, patternType: 0, period: 2880, specific: [], endType: 0x2022, count: 5,
      startDate: startDate, endDate: OutlookBlobBuilder.minutes(2024, 1, 16), startOffset: 540,
      endOffset: 600)
    let item = item(2024, 1, 8, blob)
    let lines = writtenLines(item)
    #expect(lines.contains("RRULE:FREQ=DAILY;INTERVAL=2;COUNT=5"))
    #expect(lines.contains("DTSTART;\(zone):20240108T090000"))
    #expect(lines.contains("DTEND;\(zone):20240108T100000"))
    #expect(lines.contains("SUMMARY:Stand-up\\, daily\\; team"))
    #expect(lines.contains("BEGIN:VTIMEZONE"))
    #expect(lines.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"))
    #expect(item.notes.isEmpty)
    if Python.hasICalendar {
      let read = try pythonRead(item)
      #expect(read.contains("VEVENT RRULE=FREQ=DAILY;COUNT=5;INTERVAL=2"))
      #expect(read.contains("VEVENT SUMMARY=Stand-up\\, daily\\; team"))
    }
  }

  @Test func weeklyMondayWednesdayUntilADate() {
    let blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200B, patternType: 1, period: 1, specific: [0x0A], endType: 0x2021,
      firstDay: 1, startDate: OutlookBlobBuilder.minutes(2024, 1, 8),
      endDate: OutlookBlobBuilder.minutes(2024, 2, 28), startOffset: 540, endOffset: 600)
    let lines = writtenLines(item(2024, 1, 8, blob))
    // 09:00 local on 28 February is 08:00 UTC (UTC+1 in winter).
    #expect(
      lines.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;UNTIL=20240228T080000Z;WKST=MO"))
  }

  @Test func monthlyOnThe15th() {
    let blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200C, patternType: 2, period: 1, specific: [15], endType: 0x2023,
      startDate: OutlookBlobBuilder.minutes(2024, 1, 15), endDate: 0x5AE9_80DF,
      startOffset: 540, endOffset: 600)
    let lines = writtenLines(item(2024, 1, 15, blob))
    #expect(lines.contains("RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=15"))
    #expect(lines.contains("DTSTART;\(zone):20240115T090000"))
  }

  @Test func monthlyOnTheSecondTuesday() {
    let blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200C, patternType: 4, period: 1, specific: [0x04, 2], endType: 0x2022,
      count: 10, startDate: OutlookBlobBuilder.minutes(2024, 1, 9),
      endDate: OutlookBlobBuilder.minutes(2024, 10, 8), startOffset: 540, endOffset: 600)
    let lines = writtenLines(item(2024, 1, 9, blob))
    #expect(lines.contains("RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=10"))
  }

  @Test func lastWeekdayOfTheMonthNeedsASetPosition() {
    let blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200C, patternType: 4, period: 2, specific: [0x3E, 5], endType: 0x2023,
      startDate: OutlookBlobBuilder.minutes(2024, 1, 31), endDate: 0x5AE9_80DF,
      startOffset: 540, endOffset: 600)
    let lines = writtenLines(item(2024, 1, 31, blob))
    #expect(lines.contains("RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"))
  }

  @Test func yearlyOnFebruary14th() {
    let blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200D, patternType: 2, period: 12, specific: [14], endType: 0x2023,
      startDate: OutlookBlobBuilder.minutes(2024, 2, 14), endDate: 0x5AE9_80DF,
      startOffset: 540, endOffset: 600)
    let lines = writtenLines(item(2024, 2, 14, blob))
    #expect(lines.contains("RRULE:FREQ=YEARLY;INTERVAL=1;BYMONTH=2;BYMONTHDAY=14"))
  }

  @Test func deletedAndModifiedInstances() throws {
    let moved = OutlookBlobBuilder.Exception(
      start: OutlookBlobBuilder.minutes(2024, 1, 10, 14),
      end: OutlookBlobBuilder.minutes(2024, 1, 10, 15),
      originalStart: OutlookBlobBuilder.minutes(2024, 1, 10, 9), subject: "Moved")
    let blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200A, patternType: 0, period: 1440, specific: [], endType: 0x2022, count: 5,
      deleted: [OutlookBlobBuilder.minutes(2024, 1, 9), OutlookBlobBuilder.minutes(2024, 1, 10)],
      modified: [OutlookBlobBuilder.minutes(2024, 1, 10)],
      startDate: OutlookBlobBuilder.minutes(2024, 1, 8),
      endDate: OutlookBlobBuilder.minutes(2024, 1, 12), startOffset: 540, endOffset: 600,
      exceptions: [moved])
    let item = item(2024, 1, 8, blob)
    let lines = writtenLines(item)
    #expect(lines.contains("EXDATE;\(zone):20240109T090000"))
    #expect(!lines.contains("EXDATE;\(zone):20240110T090000"))
    #expect(lines.contains("RECURRENCE-ID;\(zone):20240110T090000"))
    #expect(lines.contains("DTSTART;\(zone):20240110T140000"))
    #expect(lines.contains("DTEND;\(zone):20240110T150000"))
    #expect(lines.contains("SUMMARY:Moved"))
    #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2)
    #expect(item.notes.isEmpty)
    if Python.hasICalendar {
      let read = try pythonRead(item)
      #expect(read.contains("VEVENT RECURRENCE-ID=20240110T090000"))
      #expect(read.contains("VEVENT EXDATE=20240109T090000"))
    }
  }

  @Test func aTruncatedBlobCostsTheRecurrenceOnly() {
    let blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200A, patternType: 0, period: 1440, specific: [], endType: 0x2022, count: 5,
      startDate: OutlookBlobBuilder.minutes(2024, 1, 8),
      endDate: OutlookBlobBuilder.minutes(2024, 1, 12), startOffset: 540, endOffset: 600)
    for length in stride(from: 1, to: 60, by: 3) {
      let item = item(2024, 1, 8, Array(blob.prefix(length)))
      let lines = writtenLines(item)
      #expect(!lines.contains { $0.hasPrefix("RRULE:FREQ=DAILY") })
      #expect(lines.contains("DTSTART;\(zone):20240108T090000"))
      #expect(item.notes.contains { $0.hasPrefix("recurrence pattern unreadable") })
    }
  }

  @Test func nonsenseCountsDoNotLoop() {
    var blob = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200A, patternType: 0, period: 1440, specific: [], endType: 0x2022, count: 5,
      startDate: OutlookBlobBuilder.minutes(2024, 1, 8),
      endDate: OutlookBlobBuilder.minutes(2024, 1, 12), startOffset: 540, endOffset: 600)
    // The deleted-instance count (after 22 bytes of header and 12 of end type, count, first day).
    blob.replaceSubrange(34..<38, with: [0xFF, 0xFF, 0xFF, 0x7F])
    let item = item(2024, 1, 8, blob)
    #expect(item.notes.contains { $0.hasPrefix("recurrence pattern unreadable") })
  }

  @Test func theSpecificationsExampleWithAnException() throws {
    // [MS-OXOCAL] 4.1.1.2: every Monday, Thursday and Friday 10:00–10:30, 12 occurrences; the
    // instance of Monday 4/16/2007 moved to 11:00–11:30 with subject "Simple Recurrence with
    // exceptions" and location 34/4141.
    let hex =
      "043004300B2001000000C0210000010000000000000032000000222000000C0000000000000001000000A096BC0C"
      + "01000000A096BC0C8020BC0C20ADBC0C0630000009300000580200007602000001003499BC0C5299BC0CF898BC0C"
      + "11002200210053696D706C6520526563757272656E6365207769746820657863657074696F6E730800070033342F"
      + "34313431000000000400000000000000000000003499BC0C5299BC0CF898BC0C2100530069006D0070006C006500"
      + "200052006500630075007200720065006E006300650020007700690074006800200065007800630065007000740069"
      + "006F006E0073000700330034002F0034003100340031000000000000000000"
    var blob: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      blob.append(try #require(UInt8(hex[index..<next], radix: 16)))
      index = next
    }
    let item = item(2007, 4, 2, blob)
    let lines = writtenLines(item)
    let rule = try #require(lines.first { $0.hasPrefix("RRULE:FREQ=WEEKLY") })
    #expect(rule.contains("BYDAY=MO,TH,FR"))
    #expect(rule.contains("COUNT=12"))
    #expect(lines.contains { $0.hasPrefix("DTSTART;\(zone):2007") && $0.hasSuffix("T100000") })
    #expect(lines.contains("RECURRENCE-ID;\(zone):20070416T100000"))
    #expect(lines.contains("DTSTART;\(zone):20070416T110000"))
    #expect(lines.contains("DTEND;\(zone):20070416T113000"))
    #expect(lines.contains("SUMMARY:Simple Recurrence with exceptions"))
    #expect(lines.contains("LOCATION:34/4141"))
    #expect(!lines.contains { $0.hasPrefix("EXDATE") })
    #expect(item.notes.isEmpty)
  }

  @Test func recurringTasksAndAllDaySeriesUseDates() {
    let weekly = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200B, patternType: 1, period: 1, specific: [0x02], endType: 0x2022, count: 3,
      startDate: OutlookBlobBuilder.minutes(2024, 1, 8),
      endDate: OutlookBlobBuilder.minutes(2024, 1, 22), startOffset: 0, endOffset: 1440)
    var task = MapiPropertyBag()
    task.setUnicode(.messageClass, "IPM.Task")
    task.setTime(
      .taskStartDate, unixSeconds: Int64(MailDate.days(year: 2024, month: 1, day: 8)) * 86400)
    task.setBool(.taskIsRecurring, true)
    // A task's blob is the RecurrencePattern alone; what follows it is not read.
    task.setBinary(.taskRecurrence, weekly)
    let taskLines = writtenLines(OutlookCalendar.item(from: MapiMessage(properties: task)))
    #expect(taskLines.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=3;WKST=SU"))

    let until = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200A, patternType: 0, period: 1440, specific: [], endType: 0x2021,
      deleted: [OutlookBlobBuilder.minutes(2024, 1, 9)],
      startDate: OutlookBlobBuilder.minutes(2024, 1, 8),
      endDate: OutlookBlobBuilder.minutes(2024, 1, 12), startOffset: 0, endOffset: 1440)
    var event = OutlookBlobBuilder.appointment(start: 0, end: 0, recurrence: until).properties
    event.setBool(.appointmentSubType, true)
    let lines = writtenLines(OutlookCalendar.item(from: MapiMessage(properties: event)))
    #expect(lines.contains("RRULE:FREQ=DAILY;INTERVAL=1;UNTIL=20240112"))
    #expect(lines.contains("DTSTART;VALUE=DATE:20240108"))
    #expect(lines.contains("DTEND;VALUE=DATE:20240109"))
    #expect(lines.contains("EXDATE;VALUE=DATE:20240109"))
  }

  @Test func damagedBlobsNeverTrap() {
    // Deterministic byte flips and cuts of a pattern with an exception and of a zone definition:
    // every item maps (with or without its recurrence), none traps or loops.
    let moved = OutlookBlobBuilder.Exception(
      start: OutlookBlobBuilder.minutes(2024, 1, 10, 14),
      end: OutlookBlobBuilder.minutes(2024, 1, 10, 15),
      originalStart: OutlookBlobBuilder.minutes(2024, 1, 10, 9), subject: "Moved")
    let pattern = OutlookBlobBuilder.appointmentPattern(
      frequency: 0x200B, patternType: 1, period: 1, specific: [0x0A], endType: 0x2022, count: 9,
      deleted: [OutlookBlobBuilder.minutes(2024, 1, 10)],
      modified: [OutlookBlobBuilder.minutes(2024, 1, 10)],
      startDate: OutlookBlobBuilder.minutes(2024, 1, 8),
      endDate: OutlookBlobBuilder.minutes(2024, 2, 5), startOffset: 540, endOffset: 600,
      exceptions: [moved])
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    var mapped = 0
    for _ in 0..<400 {
      var blob = pattern
      var zone = OutlookBlobBuilder.westEurope
      for _ in 0..<(1 + next() % 4) {
        blob[next() % blob.count] = UInt8(truncatingIfNeeded: next())
        zone[next() % zone.count] = UInt8(truncatingIfNeeded: next())
      }
      if next() % 4 == 0 { blob = Array(blob.prefix(next() % blob.count)) }
      var message = OutlookBlobBuilder.appointment(
        start: 1_704_700_800, end: 1_704_704_400, recurrence: blob)
      message.properties.setBinary(.timeZoneDefinitionStart, zone)
      let item = OutlookCalendar.item(from: message)
      if !item.calendar.components(named: "VEVENT").isEmpty { mapped += 1 }
    }
    #expect(mapped == 400)
  }
}
