import ContactsCalendars
import MailModel

/// A recurrence pattern as iCalendar: the RRULE and EXDATEs of the series and the VEVENTs of its
/// modified instances.
struct OutlookRecurrenceRule {
  /// The pattern.
  var recurrence: OutlookRecurrence
  /// How the series' times are written.
  var clock: OutlookEventMapping.Clock
  /// Whether the series is all day (dates rather than date-times).
  var allDay: Bool

  /// Creates the rule of a pattern.
  init(_ recurrence: OutlookRecurrence, clock: OutlookEventMapping.Clock, allDay: Bool) {
    self.recurrence = recurrence
    self.clock = clock
    self.allDay = allDay
  }

  /// The local wall-clock seconds of the instance on the day holding `minutes` (local minutes
  /// since 1601).
  func instanceStart(onDayOf minutes: UInt32) -> Int64 {
    let day = OutlookCalendarTime.days(seconds: OutlookCalendarTime.seconds(fromMinutes: minutes))
    return Int64(day) * 86400 + Int64(recurrence.startTimeOffset ?? 0) * 60
  }

  /// The RRULE value ([MS-OXOCAL] 2.2.1.44.1 fields → RFC 5545 §3.3.10).
  var rule: String {
    var parts: [String] = []
    let yearly = recurrence.frequency == .yearly && recurrence.period % 12 == 0
    let months = yearly ? recurrence.period / 12 : recurrence.period
    let startMonth = MailDate.civil(
      days: OutlookCalendarTime.days(
        seconds: OutlookCalendarTime.seconds(fromMinutes: recurrence.startDate))
    ).month
    switch recurrence.pattern {
    case .day:
      parts.append("FREQ=DAILY")
      parts.append("INTERVAL=\(max(1, recurrence.period / 1440))")
    case .week(let days):
      parts.append("FREQ=WEEKLY")
      parts.append("INTERVAL=\(recurrence.period)")
      parts.append("BYDAY=" + Self.weekdays(days).joined(separator: ","))
    case .month(let day, _):
      parts +=
        yearly
        ? ["FREQ=YEARLY", "INTERVAL=\(months)", "BYMONTH=\(startMonth)"]
        : ["FREQ=MONTHLY", "INTERVAL=\(months)"]
      parts.append("BYMONTHDAY=\(day)")
    case .monthEnd:
      parts +=
        yearly
        ? ["FREQ=YEARLY", "INTERVAL=\(months)", "BYMONTH=\(startMonth)"]
        : ["FREQ=MONTHLY", "INTERVAL=\(months)"]
      parts.append("BYMONTHDAY=-1")
    case .monthNth(let days, let nth, _):
      parts +=
        yearly
        ? ["FREQ=YEARLY", "INTERVAL=\(months)", "BYMONTH=\(startMonth)"]
        : ["FREQ=MONTHLY", "INTERVAL=\(months)"]
      let ordinal = nth == 5 ? -1 : nth
      let names = Self.weekdays(days)
      if names.count == 1 {
        parts.append("BYDAY=\(ordinal)\(names[0])")
      } else {
        parts.append("BYDAY=" + names.joined(separator: ","))
        parts.append("BYSETPOS=\(ordinal)")
      }
    }
    switch recurrence.end {
    case .count(let count): parts.append("COUNT=\(count)")
    case .date:
      if allDay {
        let day = OutlookCalendarTime.days(
          seconds: OutlookCalendarTime.seconds(fromMinutes: recurrence.endDate))
        parts.append("UNTIL=" + OutlookCalendarTime.dateText(days: day))
      } else {
        let last = clock.utc(local: instanceStart(onDayOf: recurrence.endDate))
        parts.append("UNTIL=" + OutlookCalendar.utcText(last))
      }
    case .never: break
    }
    if case .week = recurrence.pattern {
      parts.append("WKST=" + OutlookCalendarTime.weekdayCodes[recurrence.firstDayOfWeek])
    }
    return parts.joined(separator: ";")
  }

  /// RFC 5545 weekday codes of a day mask (bit 0 Sunday).
  static func weekdays(_ mask: UInt32) -> [String] {
    (0..<7).filter { mask & (1 << UInt32($0)) != 0 }.map { OutlookCalendarTime.weekdayCodes[$0] }
  }

  /// The original days (since 1970) of the modified instances.
  var modifiedOriginalDays: Set<Int> {
    Set(
      recurrence.exceptions.map {
        OutlookCalendarTime.days(
          seconds: OutlookCalendarTime.seconds(fromMinutes: $0.originalStart))
      })
  }

  /// The RRULE, then one EXDATE per deleted instance (a moved instance is not one: its exception
  /// VEVENT replaces it).
  var lines: [ICalContentLine] {
    var lines = [ICalContentLine(name: "RRULE", value: rule)]
    let moved = modifiedOriginalDays
    var seen: Set<Int> = []
    for date in recurrence.deletedDates {
      let day = OutlookCalendarTime.days(seconds: OutlookCalendarTime.seconds(fromMinutes: date))
      guard !moved.contains(day), seen.insert(day).inserted else { continue }
      lines.append(
        allDay
          ? clock.dateLine("EXDATE", days: day)
          : clock.line("EXDATE", local: instanceStart(onDayOf: date)))
    }
    return lines
  }

  /// One VEVENT per modified instance: the series' properties with RECURRENCE-ID, the instance's
  /// start and end, its changed subject, location, busy status and reminder, and its own body
  /// from `bodies` (the exception messages' text by the UTC original start they replace).
  func exceptionEvents(
    of master: ICalComponent, reminderMinutes: Int?, bodies: [Int64: String],
    notes: inout [String]
  ) -> [ICalComponent] {
    var events: [ICalComponent] = []
    var skipped = 0
    for exception in recurrence.exceptions {
      guard exception.end >= exception.start, exception.start > 0, exception.originalStart > 0
      else {
        skipped += 1
        continue
      }
      var event = master
      event.components = []
      let replaced: Set<String> = ["RRULE", "EXDATE", "DTSTART", "DTEND", "RECURRENCE-ID"]
      event.properties.removeAll { replaced.contains($0.name) }
      let originalLocal = OutlookCalendarTime.seconds(fromMinutes: exception.originalStart)
      let startLocal = OutlookCalendarTime.seconds(fromMinutes: exception.start)
      let endLocal = OutlookCalendarTime.seconds(fromMinutes: exception.end)
      if allDay {
        let startDay = OutlookCalendarTime.days(seconds: startLocal)
        event.properties.append(
          clock.dateLine("RECURRENCE-ID", days: OutlookCalendarTime.days(seconds: originalLocal)))
        event.properties.append(clock.dateLine("DTSTART", days: startDay))
        event.properties.append(
          clock.dateLine(
            "DTEND", days: max(startDay + 1, OutlookCalendarTime.days(seconds: endLocal))))
      } else {
        event.properties.append(clock.line("RECURRENCE-ID", local: originalLocal))
        event.properties.append(clock.line("DTSTART", local: startLocal))
        event.properties.append(clock.line("DTEND", local: endLocal))
      }
      if let subject = exception.subject {
        event.setProperty(
          ICalContentLine(name: "SUMMARY", value: ICalendarReader.escapeText(subject)))
      }
      if let location = exception.location {
        event.setProperty(
          ICalContentLine(name: "LOCATION", value: ICalendarReader.escapeText(location)))
      }
      if let busy = exception.busyStatus {
        for line in OutlookEventMapping.busyLines(busy) { event.setProperty(line) }
      }
      let reminderSet = exception.reminderSet ?? (reminderMinutes != nil)
      if reminderSet {
        event.components.append(
          OutlookCalendar.alarm(minutesBefore: exception.reminderDelta ?? reminderMinutes ?? 15))
      }
      let body = bodies[clock.utc(local: originalLocal)]?.trimmingTrailingLineEnds
      if let body, !body.isEmpty {
        event.setProperty(
          ICalContentLine(name: "DESCRIPTION", value: ICalendarReader.escapeText(body)))
      } else if exception.flags & 0x0200 != 0 {
        notes.append(
          "the instance of \(OutlookCalendarTime.dateTimeText(seconds: originalLocal)) has its own body; the series' DESCRIPTION is kept"
        )
      }
      events.append(event)
    }
    if skipped > 0 {
      notes.append("\(skipped) modified instance(s) with impossible times left out")
    }
    return events
  }
}
