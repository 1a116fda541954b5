import Foundation
import MailModel

/// A time zone that turns iCalendar wall-clock times into UTC: an Olson zone from the system's
/// database, the rules of a `VTIMEZONE`, or a fixed offset.
public enum ICalZone: Sendable {
  case olson(TimeZone)
  case rules(ICalTimeZoneRules)
  case fixed(seconds: Int)

  /// Seconds east of UTC in force at a UTC instant.
  public func offset(atUTC utc: Double) -> Int {
    switch self {
    case .olson(let zone): return zone.secondsFromGMT(for: Date(timeIntervalSince1970: utc))
    case .rules(let rules): return rules.offset(atUTC: utc)
    case .fixed(let seconds): return seconds
    }
  }

  /// Wall-clock seconds (as read by `ICalDateTime.parseFloating`) → UTC seconds. As RFC 5545 §3.3.5
  /// asks, a time that occurs twice is the first one, and a time skipped by a forward transition is
  /// read with the offset before the gap.
  public func utc(fromLocal local: Double) -> Double {
    let before = offset(atUTC: local - 86400)
    let after = offset(atUTC: local + 86400)
    let valid = [before, after].map { local - Double($0) }.filter {
      local - Double(offset(atUTC: $0)) == $0
    }
    return valid.min() ?? local - Double(before)
  }
}

/// The observances of a `VTIMEZONE` (`STANDARD`/`DAYLIGHT` with `DTSTART`, `TZOFFSETFROM`, `TZOFFSETTO`,
/// yearly `RRULE`s with `BYMONTH` + `BYDAY`/`BYMONTHDAY`, `UNTIL`/`COUNT`, and `RDATE`s), evaluated.
public struct ICalTimeZoneRules: Sendable {
  struct Observance: Sendable {
    var startLocal: Double
    var offsetFrom: Int
    var offsetTo: Int
    var month: Int?
    var weekday: (ordinal: Int, day: Int)?
    var monthDays: [Int]
    var untilUTC: Double?
    var count: Int?
    var interval: Int
    var hasRule: Bool
    var extraOnsetsLocal: [Double]
  }

  var observances: [Observance]

  /// Reads a `VTIMEZONE` component; nil when it has no usable observance.
  public init?(_ component: ICalComponent) {
    observances = component.components.filter { $0.name == "STANDARD" || $0.name == "DAYLIGHT" }
      .compactMap(Self.observance)
    if observances.isEmpty { return nil }
  }

  private static func observance(_ component: ICalComponent) -> Observance? {
    guard let start = component["DTSTART"].flatMap(ICalDateTime.parseFloating),
      let to = component["TZOFFSETTO"].flatMap(parseOffset)
    else { return nil }
    let from = component["TZOFFSETFROM"].flatMap(parseOffset) ?? to
    var result = Observance(
      startLocal: start, offsetFrom: from, offsetTo: to, month: nil, weekday: nil, monthDays: [],
      untilUTC: nil, count: nil, interval: 1, hasRule: false, extraOnsetsLocal: [])
    for rdate in component.properties(named: "RDATE") {
      result.extraOnsetsLocal += rdate.value.split(separator: ",").compactMap {
        ICalDateTime.parseFloating(String($0))
      }
    }
    if let rule = component["RRULE"] {
      let parts = ICalRecurrenceRule.parts(rule)
      guard parts["FREQ"] == "YEARLY" else { return result }
      result.hasRule = true
      result.interval = max(1, Int(parts["INTERVAL"] ?? "1") ?? 1)
      result.month = parts["BYMONTH"].flatMap { Int($0) }
      result.count = parts["COUNT"].flatMap { Int($0) }
      if let until = parts["UNTIL"], let value = ICalDateTime.parseFloating(until) {
        result.untilUTC = until.hasSuffix("Z") ? value : value - Double(from)
      }
      result.monthDays = (parts["BYMONTHDAY"] ?? "").split(separator: ",").compactMap { Int($0) }
      if let byDay = parts["BYDAY"], let parsed = ICalRecurrenceRule.weekday(byDay) {
        result.weekday = parsed
      }
    }
    return result
  }

  init(observances: [Observance]) {
    self.observances = observances
  }

  /// Whether the VTIMEZONE has more than one `STANDARD` or `DAYLIGHT` observance (historic rules).
  public var hasHistory: Bool {
    let standard = observances.filter { $0.offsetTo <= $0.offsetFrom }.count
    return standard > 1 || observances.count - standard > 1
  }

  /// What Zimbra keeps of a VTIMEZONE it does not know (ZIMBRA-IMPORT.md §4): the most recent standard
  /// and daylight observances, applied to every year.
  public var latestRulesOnly: ICalTimeZoneRules {
    func latest(_ list: [Observance]) -> Observance? {
      guard var newest = list.max(by: { $0.startLocal < $1.startLocal }) else { return nil }
      let days = Int((newest.startLocal / 86400).rounded(.down))
      let (_, month, day) = MailDate.civil(days: days)
      newest.startLocal =
        Double(MailDate.days(year: 1600, month: month, day: day)) * 86400
        + (newest.startLocal - Double(days) * 86400)
      newest.untilUTC = nil
      newest.count = nil
      newest.extraOnsetsLocal = []
      return newest
    }
    let standard = latest(observances.filter { $0.offsetTo <= $0.offsetFrom })
    let daylight = latest(observances.filter { $0.offsetTo > $0.offsetFrom })
    return ICalTimeZoneRules(observances: [standard, daylight].compactMap { $0 })
  }

  /// The rules a tz-database zone follows in `year`, applied to every year: what Zimbra's own
  /// single-rule definition of a well-known zone does. Nil when the zone has no transition that year.
  public static func currentRules(of zone: TimeZone, year: Int) -> ICalTimeZoneRules? {
    let yearStart = Double(MailDate.days(year: year, month: 1, day: 1)) * 86400
    let yearEnd = Double(MailDate.days(year: year + 1, month: 1, day: 1)) * 86400
    var observances: [Observance] = []
    var cursor = Date(timeIntervalSince1970: yearStart - 1)
    while let transition = zone.nextDaylightSavingTimeTransition(after: cursor),
      transition.timeIntervalSince1970 < yearEnd,
      observances.count < 4
    {
      let utc = transition.timeIntervalSince1970
      let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: utc - 1))
      let after = zone.secondsFromGMT(for: transition)
      let local = utc + Double(before)
      let days = Int((local / 86400).rounded(.down))
      let (_, month, day) = MailDate.civil(days: days)
      let length = MailDate.daysInMonth(year: year, month: month)
      let weekday = ((days + 4) % 7 + 7) % 7
      let ordinal = day + 7 > length ? -1 : (day - 1) / 7 + 1
      let timeOfDay = local - Double(days) * 86400
      let firstDay = MailDate.days(year: 1600, month: month, day: 1)
      observances.append(
        Observance(
          startLocal: Double(firstDay) * 86400 + timeOfDay, offsetFrom: before, offsetTo: after,
          month: month, weekday: (ordinal, weekday), monthDays: [], untilUTC: nil, count: nil,
          interval: 1, hasRule: true, extraOnsetsLocal: []))
      cursor = transition
    }
    return observances.count == 2 ? ICalTimeZoneRules(observances: observances) : nil
  }

  /// `+0100`, `-0530`, `+013045` → seconds east of UTC.
  static func parseOffset(_ text: String) -> Int? {
    let s = Array(text.trimmingCharacters(in: .whitespaces).utf8)
    guard s.count == 5 || s.count == 7, s[0] == UInt8(ascii: "+") || s[0] == UInt8(ascii: "-"),
      s.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
    else { return nil }
    let digits = s.dropFirst().map { Int($0 - 0x30) }
    var seconds = (digits[0] * 10 + digits[1]) * 3600 + (digits[2] * 10 + digits[3]) * 60
    if digits.count == 6 { seconds += digits[4] * 10 + digits[5] }
    return s[0] == UInt8(ascii: "-") ? -seconds : seconds
  }

  /// Seconds east of UTC at a UTC instant: the `TZOFFSETTO` of the latest onset at or before it, else
  /// the `TZOFFSETFROM` of the earliest observance.
  public func offset(atUTC utc: Double) -> Int {
    var best: (onset: Double, offset: Int)?
    for observance in observances {
      guard let onset = latestOnset(of: observance, atOrBefore: utc) else { continue }
      if let current = best, onset <= current.onset { continue }
      best = (onset, observance.offsetTo)
    }
    if let best { return best.offset }
    // `observances` is never empty (every initializer ensures it), so the 0 is never used.
    return observances.min { $0.startLocal < $1.startLocal }?.offsetFrom ?? 0
  }

  private func latestOnset(of observance: Observance, atOrBefore utc: Double) -> Double? {
    func onsetUTC(_ local: Double) -> Double { local - Double(observance.offsetFrom) }
    var best: Double?
    func consider(_ local: Double) {
      let onset = onsetUTC(local)
      guard onset <= utc else { return }
      if let current = best, onset <= current { return }
      best = onset
    }
    consider(observance.startLocal)
    observance.extraOnsetsLocal.forEach(consider)
    guard observance.hasRule else { return best }
    let startDay = Int((observance.startLocal / 86400).rounded(.down))
    let timeOfDay = observance.startLocal - Double(startDay) * 86400
    let (startYear, startMonth, startDayOfMonth) = MailDate.civil(days: startDay)
    let (targetYear, _, _) = MailDate.civil(days: Int(((utc + 86400) / 86400).rounded(.down)))
    for year in stride(from: targetYear, through: max(startYear, targetYear - 2), by: -1) {
      let index = year - startYear
      guard index % observance.interval == 0 else { continue }
      if let count = observance.count, index / observance.interval >= count { continue }
      let month = observance.month ?? startMonth
      guard
        let day = ICalRecurrenceRule.day(
          in: year, month: month, weekday: observance.weekday,
          monthDays: observance.monthDays, fallback: startDayOfMonth)
      else { continue }
      let local =
        Double(MailDate.days(year: year, month: month, day: day)) * 86400 + timeOfDay
      if local < observance.startLocal { continue }
      if let until = observance.untilUTC, onsetUTC(local) > until { continue }
      consider(local)
    }
    return best
  }
}

/// Small pieces of `RRULE` grammar shared by time-zone rules and free/busy expansion.
enum ICalRecurrenceRule {
  static let weekdayNames = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

  /// `FREQ=YEARLY;BYMONTH=3` → ["FREQ": "YEARLY", "BYMONTH": "3"] (names and values upper-cased).
  static func parts(_ rule: String) -> [String: String] {
    var parts: [String: String] = [:]
    for part in rule.split(separator: ";") {
      let pair = part.split(separator: "=", maxSplits: 1).map {
        String($0).trimmingCharacters(in: .whitespaces).uppercased()
      }
      if pair.count == 2 { parts[pair[0]] = pair[1] }
    }
    return parts
  }

  /// `-1SU,2MO,TU` → [(-1, 0), (2, 1), (0, 2)] (Sunday = 0; ordinal 0 = every such day); nil when a
  /// part is not a weekday.
  static func weekdays(_ text: String) -> [(ordinal: Int, day: Int)]? {
    var result: [(ordinal: Int, day: Int)] = []
    for part in text.split(separator: ",") {
      let item = part.trimmingCharacters(in: .whitespaces)
      guard item.count >= 2, let day = weekdayNames.firstIndex(of: String(item.suffix(2))) else {
        return nil
      }
      let prefix = item.dropLast(2)
      if prefix.isEmpty {
        result.append((0, day))
        continue
      }
      guard let ordinal = Int(prefix.hasPrefix("+") ? String(prefix.dropFirst()) : String(prefix)),
        ordinal != 0,
        abs(ordinal) <= 53
      else { return nil }
      result.append((ordinal, day))
    }
    return result.isEmpty ? nil : result
  }

  /// `-1SU` → (-1, 0): the first of `weekdays`.
  static func weekday(_ text: String) -> (ordinal: Int, day: Int)? { weekdays(text)?.first }

  /// The days of a month a rule selects, ascending: the weekdays (every one, the nth, or the nth
  /// from the end), the month days (negative from the end), both when both are given, else `fallback`.
  static func days(
    in year: Int, month: Int, weekdays: [(ordinal: Int, day: Int)], monthDays: [Int], fallback: Int?
  ) -> [Int] {
    guard (1...12).contains(month) else { return [] }
    let length = MailDate.daysInMonth(year: year, month: month)
    let firstDays = MailDate.days(year: year, month: month, day: 1)
    func weekdayOf(_ day: Int) -> Int { ((firstDays + day - 1 + 4) % 7 + 7) % 7 }
    var byWeekday: Set<Int>?
    if !weekdays.isEmpty {
      var selected = Set<Int>()
      for weekday in weekdays {
        let matching = (1...length).filter { weekdayOf($0) == weekday.day }
        switch weekday.ordinal {
        case 0: selected.formUnion(matching)
        case let n where n > 0: if n <= matching.count { selected.insert(matching[n - 1]) }
        case let n: if -n <= matching.count { selected.insert(matching[matching.count + n]) }
        }
      }
      byWeekday = selected
    }
    var byMonthDay: Set<Int>?
    if !monthDays.isEmpty {
      byMonthDay = Set(
        monthDays.map { $0 < 0 ? length + 1 + $0 : $0 }.filter { (1...length).contains($0) })
    }
    switch (byWeekday, byMonthDay) {
    case (let w?, let m?): return w.intersection(m).sorted()
    case (let w?, nil): return w.sorted()
    case (nil, let m?): return m.sorted()
    default: return fallback.map { (1...length).contains($0) ? [$0] : [] } ?? []
    }
  }

  /// Day of month for a yearly time-zone rule (see `days`), the first one selected.
  static func day(
    in year: Int, month: Int, weekday: (ordinal: Int, day: Int)?, monthDays: [Int], fallback: Int
  ) -> Int? {
    days(
      in: year, month: month, weekdays: weekday.map { [$0] } ?? [], monthDays: monthDays,
      fallback: fallback
    ).first
  }
}

/// How a TZID was understood by `ICalTimeZoneResolver`.
public struct ICalZoneResolution: Sendable {
  /// What the TZID was recognised as; the raw value is the wording used in report lines.
  public enum Source: String, Sendable {
    case vtimezone, olson
    case windowsName = "Windows name"
    case displayName = "Outlook display name"
    case
      fixedOffset = "fixed offset"
    case fallback = "--timezone"
  }
  /// The zone's rules, used to turn local times into UTC.
  public var zone: ICalZone
  /// The Olson name Zimbra knows for it, when there is one.
  public var olsonName: String?
  /// What the TZID was recognised as.
  public var source: Source
}

/// Resolves TZIDs: the calendar's own `VTIMEZONE`s, Olson names, Windows zone names
/// (`W. Europe Standard Time`), Outlook display names (`(UTC+01:00) Amsterdam, Berlin, …`), fixed
/// offsets (`GMT+01:00`), and last a zone the administrator names.
public struct ICalTimeZoneResolver: Sendable {
  var definitions: [String: ICalZone]
  var fallback: TimeZone?

  /// `vtimezones` by TZID; `fallback` for TZIDs nothing else resolves.
  public init(vtimezones: [String: ICalComponent], fallback: TimeZone? = nil) {
    definitions = vtimezones.compactMapValues { ICalTimeZoneRules($0).map(ICalZone.rules) }
    self.fallback = fallback
  }

  /// The zone a TZID names: a `VTIMEZONE` of the calendar first, then the name itself, then the
  /// fallback; nil when none of them applies.
  public func resolve(_ rawTZID: String) -> ICalZoneResolution? {
    if let zone = definitions[rawTZID] {
      return ICalZoneResolution(zone: zone, olsonName: nil, source: .vtimezone)
    }
    return Self.resolveName(rawTZID)
      ?? fallback.map {
        ICalZoneResolution(zone: .olson($0), olsonName: $0.identifier, source: .fallback)
      }
  }

  /// Resolution from the name alone (no `VTIMEZONE`, no fallback).
  public static func resolveName(_ rawTZID: String) -> ICalZoneResolution? {
    var name = rawTZID.trimmingCharacters(in: .whitespaces)
    if name.hasPrefix("/") { name.removeFirst() }
    if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
      name = String(name.dropFirst().dropLast())
    }
    if let olson = olsonIdentifier(name), let zone = TimeZone(identifier: olson) {
      return ICalZoneResolution(zone: .olson(zone), olsonName: olson, source: .olson)
    }
    if let olson = WindowsTimeZoneNames.olson[name]
      ?? WindowsTimeZoneNames.olson[name.replacingOccurrences(of: "  ", with: " ")],
      let zone = TimeZone(identifier: olson)
    {
      return ICalZoneResolution(zone: .olson(zone), olsonName: olson, source: .windowsName)
    }
    if let (offset, rest) = leadingOffset(name) {
      if rest.isEmpty {
        return ICalZoneResolution(
          zone: .fixed(seconds: offset), olsonName: nil, source: .fixedOffset)
      }
      if let olson = displayNameOlson(rest, standardOffset: offset),
        let zone = TimeZone(identifier: olson)
      {
        return ICalZoneResolution(zone: .olson(zone), olsonName: olson, source: .displayName)
      }
    }
    if let olson = tzDatabaseSuffix(name), let zone = TimeZone(identifier: olson) {
      return ICalZoneResolution(zone: .olson(zone), olsonName: olson, source: .olson)
    }
    return nil
  }

  /// The tz-database name at the end of a TZID that libical-based clients prefix
  /// (`/mozilla.org/20070129_1/Europe/Berlin`, `/softwarestudio.org/Olson_20011030_5/Europe/Paris`,
  /// `/citadel.org/20190914_1/America/New_York`): the longest trailing `Area/Location[/Sub]` that
  /// is a zone (or a trailing `UTC`/`GMT`); nil when there is none.
  static func tzDatabaseSuffix(_ name: String) -> String? {
    let parts = name.split(separator: "/").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard parts.count >= 2 else { return nil }
    for length in stride(from: min(3, parts.count), through: 2, by: -1) {
      let candidate = parts.suffix(length).joined(separator: "/")
      if let olson = olsonIdentifier(candidate) { return olson }
    }
    if let last = parts.last, olsonIdentifier(last) == "UTC" { return "UTC" }
    return nil
  }

  /// The name itself when it is a zone of the tz database (`Europe/Berlin`, `Asia/Calcutta`, `EST5EDT`,
  /// `UTC`), which Zimbra knows too; not Foundation's `GMT+0100` offset forms, which Zimbra does not.
  static func olsonIdentifier(_ name: String) -> String? {
    if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Z"].contains(name) { return "UTC" }
    if leadingOffset(name) != nil { return nil }
    return TimeZone(identifier: name) != nil ? name : nil
  }

  /// `(UTC+01:00) Amsterdam, Berlin`, `(GMT-05.00) Eastern Time`, `GMT+0100`, `UTC+1` → offset and the rest.
  static func leadingOffset(_ name: String) -> (Int, String)? {
    var s = Substring(name)
    let parenthesized = s.hasPrefix("(")
    if parenthesized { s = s.dropFirst() }
    guard s.hasPrefix("UTC") || s.hasPrefix("GMT") else { return nil }
    s = s.dropFirst(3)
    var sign = 1
    var seconds = 0
    if let c = s.first, c == "+" || c == "-" {
      sign = c == "-" ? -1 : 1
      s = s.dropFirst()
      let digits = s.prefix { $0.isASCII && $0.isNumber }
      s = s.dropFirst(digits.count)
      var hours = 0
      var minutes = 0
      if digits.count <= 2, let h = Int(digits) {
        hours = h
        if let c = s.first, c == ":" || c == "." {
          let m = s.dropFirst().prefix { $0.isASCII && $0.isNumber }
          guard m.count == 2, let value = Int(m) else { return nil }
          minutes = value
          s = s.dropFirst(1 + m.count)
        }
      } else if digits.count == 4, let value = Int(digits) {
        hours = value / 100
        minutes = value % 100
      } else {
        return nil
      }
      guard hours <= 14, minutes < 60 else { return nil }
      seconds = hours * 3600 + minutes * 60
    }
    if parenthesized {
      guard s.hasPrefix(")") else { return nil }
      s = s.dropFirst()
    }
    let rest = s.trimmingCharacters(in: .whitespaces)
    return (sign * seconds, rest)
  }

  /// The tz database's zone names, sorted once.
  static let sortedIdentifiers = TimeZone.knownTimeZoneIdentifiers.sorted()

  /// An Outlook display name's places → an Olson zone whose standard offset matches: a place that is
  /// the last part of an Olson name (`Berlin` → `Europe/Berlin`), or a region Windows names
  /// (`Eastern Time (US & Canada)`).
  static func displayNameOlson(_ places: String, standardOffset: Int) -> String? {
    if let olson = WindowsTimeZoneNames.displayRegions[places] { return olson }
    for place in places.split(separator: ",") {
      let key = place.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_")
      guard !key.isEmpty else { continue }
      for identifier in sortedIdentifiers
      where identifier.hasSuffix("/" + key) {
        guard let zone = TimeZone(identifier: identifier) else { continue }
        let january = zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_704_067_200))
        let july = zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_719_792_000))
        if min(january, july) == standardOffset { return identifier }
      }
    }
    return nil
  }
}
