import Foundation
import MailModel

/// One busy interval in UTC seconds since 1970.
public struct ICalBusyInterval: Sendable, Equatable {
  /// The `FBTYPE` of the interval; the raw value is the iCalendar spelling.
  public enum Kind: String, Sendable {
    case busy = "BUSY"
    case tentative = "BUSY-TENTATIVE"
    case unavailable = "BUSY-UNAVAILABLE"
  }
  /// Start of the interval, UTC seconds since 1970 (inclusive).
  public var start: Double
  /// End of the interval, UTC seconds since 1970 (exclusive).
  public var end: Double
  /// Whether the time is busy, tentative or unavailable (out of office).
  public var kind: Kind
}

/// Free/busy from events (ZIMBRA-IMPORT.md §5.1): non-`TRANSPARENT`, non-`CANCELLED` `VEVENT`s, with
/// `RRULE`s (daily to yearly, `COUNT`/`UNTIL`/`INTERVAL`, `BYDAY`/`BYMONTHDAY`/`BYMONTH`) and `RDATE`s
/// expanded, `EXDATE` and `RECURRENCE-ID` exceptions applied. `TZID`s are resolved by `ICalTimeZoneResolver` (the
/// calendars' own `VTIMEZONE`s first, then Olson, Windows and Outlook names); floating and date values,
/// and TZIDs nothing resolves, use `floatingTimeZone`.
public struct ICalFreeBusy: Sendable {
  /// The zone for floating times, all-day dates and TZIDs nothing resolves.
  public var floatingTimeZone: TimeZone

  /// Creates a free/busy calculator; floating times are read in UTC unless a zone is given.
  public init(floatingTimeZone: TimeZone = TimeZone(identifier: "UTC") ?? .gmt) {
    self.floatingTimeZone = floatingTimeZone
  }

  /// Busy intervals overlapping `[from, to)`, merged per kind and sorted.
  public func busyIntervals(
    in calendars: [ICalComponent], from: Double, to: Double, file: String,
    diagnostics: inout [Diagnostic]
  ) -> [ICalBusyInterval] {
    let events = calendars.flatMap { $0.components(named: "VEVENT") }
    var definitions: [String: ICalComponent] = [:]
    for timezone in calendars.flatMap({ $0.components(named: "VTIMEZONE") }) {
      if let tzid = timezone.tzid, definitions[tzid] == nil { definitions[tzid] = timezone }
    }
    let resolver = ICalTimeZoneResolver(vtimezones: definitions)
    func timeZone(of line: ICalContentLine) -> ICalZone {
      self.timeZone(of: line, resolver: resolver, file: file, diagnostics: &diagnostics)
    }
    func utc(_ line: ICalContentLine) -> Double? {
      guard let local = ICalDateTime.parseFloating(line.value) else { return nil }
      return line.value.hasSuffix("Z") ? local : timeZone(of: line).utc(fromLocal: local)
    }
    var overridden: [String: Set<Double>] = [:]
    for event in events {
      if let uid = event["UID"], let recurrence = event.property("RECURRENCE-ID"),
        let time = utc(recurrence)
      {
        overridden[uid, default: []].insert(time)
      }
    }
    var intervals: [ICalBusyInterval] = []
    for event in events {
      let status = (event["STATUS"] ?? "").uppercased()
      if status == "CANCELLED" || (event["TRANSP"] ?? "").uppercased() == "TRANSPARENT" { continue }
      var kind = ICalBusyInterval.Kind.busy
      if status == "TENTATIVE" { kind = .tentative }
      if (event["X-MICROSOFT-CDO-BUSYSTATUS"] ?? "").uppercased() == "OOF" { kind = .unavailable }
      let location = SourceLocation(file: file, line: event.line)
      guard let startLine = event.property("DTSTART"),
        let startLocal = ICalDateTime.parseFloating(startLine.value)
      else {
        diagnostics.append(
          Diagnostic(
            .warning, code: "freebusy-no-dtstart",
            "VEVENT without a valid DTSTART left out of free/busy", at: location))
        continue
      }
      let isDate = startLine.value.trimmingCharacters(in: .whitespaces).count == 8
      var duration: Double = isDate ? 86400 : 0
      if let endLine = event.property("DTEND") ?? event.property("DUE"),
        let endLocal = ICalDateTime.parseFloating(endLine.value)
      {
        duration = max(0, endLocal - startLocal)
      } else if let value = event["DURATION"], let parsed = ICalFreeBusy.parseDuration(value) {
        duration = parsed
      }
      let zone = timeZone(of: startLine)
      var starts = [startLocal]
      let isException = event.property("RECURRENCE-ID") != nil
      if !isException, let rule = event["RRULE"] {
        starts = expand(
          rule: rule, startLocal: startLocal, zone: zone, until: to, location: location,
          diagnostics: &diagnostics)
      }
      var excluded = Set<Double>()
      if !isException {
        for exdate in event.properties(named: "EXDATE") {
          let exZone = timeZone(of: exdate)
          for value in exdate.value.split(separator: ",") {
            if let local = ICalDateTime.parseFloating(String(value)) {
              excluded.insert(value.hasSuffix("Z") ? local : exZone.utc(fromLocal: local))
            }
          }
        }
        if let uid = event["UID"], let times = overridden[uid] { excluded.formUnion(times) }
      }
      var occurrences: [(start: Double, end: Double)] = []
      if !isException {
        for rdate in event.properties(named: "RDATE") {
          let rdateZone = timeZone(of: rdate)
          func instant(_ text: Substring) -> (utc: Double, local: Double)? {
            guard let local = ICalDateTime.parseFloating(String(text)) else { return nil }
            return (text.hasSuffix("Z") ? local : rdateZone.utc(fromLocal: local), local)
          }
          for value in rdate.value.split(separator: ",") {
            let period = value.split(separator: "/", maxSplits: 1)
            guard let start = instant(period[0]) else { continue }
            if period.count == 2, let end = instant(period[1]) {
              occurrences.append((start.utc, end.utc))
            } else if period.count == 2, let length = ICalFreeBusy.parseDuration(String(period[1]))
            {
              occurrences.append((start.utc, start.utc + length))
            } else {
              let end =
                period[0].hasSuffix("Z")
                ? start.utc + duration : rdateZone.utc(fromLocal: start.local + duration)
              occurrences.append((start.utc, end))
            }
          }
        }
      }
      for local in starts {
        let start = startLine.value.hasSuffix("Z") ? local : zone.utc(fromLocal: local)
        let end =
          startLine.value.hasSuffix("Z") ? local + duration : zone.utc(fromLocal: local + duration)
        occurrences.append((start, end))
      }
      for (start, end) in occurrences where !excluded.contains(start) {
        if end > from && start < to && end > start {
          intervals.append(ICalBusyInterval(start: max(start, from), end: min(end, to), kind: kind))
        }
      }
    }
    return ICalFreeBusy.merge(intervals)
  }

  /// A `VCALENDAR` with one `VFREEBUSY` for `[from, to)` (CRLF, folded).
  public func vfreebusy(
    for calendars: [ICalComponent], from: Double, to: Double, organizer: String?, stamp: Double,
    file: String, diagnostics: inout [Diagnostic]
  ) -> [UInt8] {
    let intervals = busyIntervals(
      in: calendars, from: from, to: to, file: file, diagnostics: &diagnostics)
    var component = ICalComponent(name: "VFREEBUSY")
    if let organizer {
      component.properties.append(ICalContentLine(name: "ORGANIZER", value: "mailto:" + organizer))
    }
    component.properties.append(
      ICalContentLine(name: "DTSTAMP", value: ICalFreeBusy.formatUTC(stamp)))
    component.properties.append(
      ICalContentLine(name: "DTSTART", value: ICalFreeBusy.formatUTC(from)))
    component.properties.append(ICalContentLine(name: "DTEND", value: ICalFreeBusy.formatUTC(to)))
    for interval in intervals {
      component.properties.append(
        ICalContentLine(
          name: "FREEBUSY",
          parameters: [ICalParameter(name: "FBTYPE", values: [interval.kind.rawValue])],
          value: ICalFreeBusy.formatUTC(interval.start) + "/" + ICalFreeBusy.formatUTC(interval.end)
        ))
    }
    let calendar = ICalComponent(
      name: "VCALENDAR",
      properties: [
        ICalContentLine(name: "VERSION", value: "2.0"),
        ICalContentLine(name: "PRODID", value: "-//zmigrate//EN"),
        ICalContentLine(name: "METHOD", value: "PUBLISH"),
      ], components: [component])
    return calendar.serialized
  }

  // MARK: helpers

  private func timeZone(
    of line: ICalContentLine, resolver: ICalTimeZoneResolver, file: String,
    diagnostics: inout [Diagnostic]
  ) -> ICalZone {
    guard let tzid = line.parameter("TZID")?.value else { return .olson(floatingTimeZone) }
    if let resolution = resolver.resolve(tzid) { return resolution.zone }
    diagnostics.append(
      Diagnostic(
        .warning, code: "unknown-tzid",
        "TZID \(tzid) has no VTIMEZONE and is not a zone name zmigrate knows; free/busy uses \(floatingTimeZone.identifier)",
        at: SourceLocation(file: file, line: line.line)))
    return .olson(floatingTimeZone)
  }

  /// Local start times of a rule's occurrences from `startLocal` (which always counts as the first)
  /// until `rangeEnd`, `UNTIL` or `COUNT`. `FREQ` DAILY/WEEKLY/MONTHLY/YEARLY with `INTERVAL`, `BYDAY`
  /// (with ordinals in MONTHLY and in YEARLY with `BYMONTH`), `BYMONTHDAY`, `BYMONTH`; other rule parts
  /// count only the first occurrence, with a diagnostic.
  private func expand(
    rule: String, startLocal: Double, zone: ICalZone, until rangeEnd: Double,
    location: SourceLocation,
    diagnostics: inout [Diagnostic]
  ) -> [Double] {
    let parts = ICalRecurrenceRule.parts(rule)
    let freq = parts["FREQ"] ?? ""
    let interval = max(1, Int(parts["INTERVAL"] ?? "1") ?? 1)
    let count = parts["COUNT"].flatMap { Int($0) }
    var untilUTC: Double?
    if let until = parts["UNTIL"], let local = ICalDateTime.parseFloating(until) {
      untilUTC =
        until.hasSuffix("Z") ? local : zone.utc(fromLocal: until.count == 8 ? local + 86399 : local)
    }
    func integers(_ name: String) -> [Int]? {
      guard let text = parts[name] else { return [] }
      let values = text.split(separator: ",").map {
        Int($0.hasPrefix("+") ? String($0.dropFirst()) : String($0))
      }
      return values.contains(nil) ? nil : values.compactMap { $0 }
    }
    let byDay = parts["BYDAY"].map { ICalRecurrenceRule.weekdays($0) } ?? []
    let byMonthDay = integers("BYMONTHDAY")
    let byMonth = integers("BYMONTH")
    let known: Set<String> = [
      "FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH",
    ]
    let ordinals = (byDay ?? []).contains { $0.ordinal != 0 }
    guard ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"].contains(freq),
      parts.keys.allSatisfy(known.contains),
      let byDay, let byMonthDay, let byMonth,
      !(ordinals && (freq == "DAILY" || freq == "WEEKLY" || (freq == "YEARLY" && byMonth.isEmpty)))
    else {
      diagnostics.append(
        Diagnostic(
          .warning, code: "freebusy-rrule-unsupported",
          "RRULE \(rule) not expanded for free/busy; only the first occurrence counts", at: location
        ))
      return [startLocal]
    }
    let day = 86400.0
    let startDay = Int((startLocal / day).rounded(.down))
    let timeOfDay = startLocal - Double(startDay) * day
    let (startYear, startMonth, startDayOfMonth) = MailDate.civil(days: startDay)
    let startWeekdayFromMonday = ((startDay + 3) % 7 + 7) % 7
    func monthDays(_ year: Int, _ month: Int, fallback: Int?) -> [Int] {
      ICalRecurrenceRule.days(
        in: year, month: month, weekdays: byDay, monthDays: byMonthDay, fallback: fallback
      )
      .map { MailDate.days(year: year, month: month, day: $0) }
    }
    func selected(_ days: Int) -> Bool {
      let (year, month, dayOfMonth) = MailDate.civil(days: days)
      if !byMonth.isEmpty, freq != "YEARLY", !byMonth.contains(month) { return false }
      if freq == "DAILY" || freq == "WEEKLY" {
        if freq == "DAILY", !byDay.isEmpty,
          !byDay.contains(where: { $0.day == ((days + 4) % 7 + 7) % 7 })
        {
          return false
        }
        if !byMonthDay.isEmpty {
          let length = MailDate.daysInMonth(year: year, month: month)
          if !byMonthDay.contains(where: { ($0 < 0 ? length + 1 + $0 : $0) == dayOfMonth }) {
            return false
          }
        }
      }
      return true
    }
    var result: [Double] = [startLocal]
    var produced = 1
    if let count, count <= 1 { return result }
    var step = 0
    while step < 100_000 {
      var days: [Int]
      let periodStart: Int
      switch freq {
      case "DAILY":
        periodStart = startDay + step * interval
        days = [periodStart]
      case "WEEKLY":
        periodStart = startDay - startWeekdayFromMonday + step * interval * 7
        days =
          byDay.isEmpty
          ? [periodStart + startWeekdayFromMonday] : byDay.map { periodStart + ($0.day + 6) % 7 }
      case "MONTHLY":
        let months = startMonth - 1 + step * interval
        periodStart = MailDate.days(
          year: startYear + months / 12, month: months % 12 + 1, day: 1)
        days = monthDays(startYear + months / 12, months % 12 + 1, fallback: startDayOfMonth)
      default:
        let year = startYear + step * interval
        periodStart = MailDate.days(year: year, month: 1, day: 1)
        let months = byMonth.isEmpty ? [startMonth] : byMonth.sorted()
        let fallback = byDay.isEmpty && byMonthDay.isEmpty ? startDayOfMonth : nil
        days = months.flatMap { monthDays(year, $0, fallback: fallback) }
      }
      if Double(periodStart) * day - 86400 > rangeEnd { return result }
      for candidate in days.sorted().filter(selected).map({ Double($0) * day + timeOfDay })
      where candidate > startLocal {
        if let count, produced >= count { return result }
        let utcStart = zone.utc(fromLocal: candidate)
        if let untilUTC, utcStart > untilUTC { return result }
        if utcStart >= rangeEnd { return result }
        result.append(candidate)
        produced += 1
      }
      step += 1
    }
    return result
  }

  static func merge(_ intervals: [ICalBusyInterval]) -> [ICalBusyInterval] {
    var result: [ICalBusyInterval] = []
    for kind in [ICalBusyInterval.Kind.busy, .tentative, .unavailable] {
      for interval in intervals.filter({ $0.kind == kind }).sorted(by: { $0.start < $1.start }) {
        if let last = result.last, last.kind == kind, interval.start <= last.end {
          result[result.count - 1].end = max(last.end, interval.end)
        } else {
          result.append(interval)
        }
      }
    }
    return result.sorted { ($0.start, $0.kind.rawValue) < ($1.start, $1.kind.rawValue) }
  }

  /// `P1DT2H`, `PT15M`, `P2W` → seconds.
  public static func parseDuration(_ value: String) -> Double? {
    var text = Substring(value.trimmingCharacters(in: .whitespaces).uppercased())
    var sign = 1.0
    if text.first == "-" {
      sign = -1
      text = text.dropFirst()
    } else if text.first == "+" {
      text = text.dropFirst()
    }
    guard text.first == "P" else { return nil }
    text = text.dropFirst()
    var total = 0.0
    var number = ""
    var inTime = false
    for char in text {
      if char.isNumber {
        number.append(char)
        continue
      }
      if char == "T" {
        inTime = true
        continue
      }
      guard let amount = Double(number) else { return nil }
      number = ""
      switch (char, inTime) {
      case ("W", false): total += amount * 604800
      case ("D", false): total += amount * 86400
      case ("H", true): total += amount * 3600
      case ("M", true): total += amount * 60
      case ("S", true): total += amount
      default: return nil
      }
    }
    return number.isEmpty ? sign * total : nil
  }

  /// `yyyyMMddTHHmmssZ`.
  public static func formatUTC(_ seconds: Double) -> String {
    let whole = Int(seconds.rounded(.down))
    let days = Int((Double(whole) / 86400).rounded(.down))
    let rest = whole - days * 86400
    let (year, month, day) = MailDate.civil(days: days)
    return String(
      format: "%04d%02d%02dT%02d%02d%02dZ", year, month, day, rest / 3600, rest % 3600 / 60,
      rest % 60)
  }
}
