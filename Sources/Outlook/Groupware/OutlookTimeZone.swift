import ContactsCalendars
import MailModel

/// An appointment's time zone as Outlook stores it: a bias and, when the zone observes daylight
/// saving time, the yearly standard and daylight transitions ([MS-OXOCAL] 2.2.1.39 TZSTRUCT,
/// 2.2.1.41 TZDEFINITION); turned into a `VTIMEZONE` and a zone to convert times with.
struct OutlookTimeZone: Sendable, Equatable {
  /// A transition rule (SYSTEMTIME with year 0): the `week`-th (5 the last) `weekday` of `month`
  /// at `hour`:`minute` local time.
  struct Transition: Sendable, Equatable {
    /// 1–12.
    var month: Int
    /// 0 Sunday … 6 Saturday.
    var weekday: Int
    /// 1–4, 5 the last.
    var week: Int
    /// 0–23.
    var hour: Int
    /// 0–59.
    var minute: Int
  }

  /// The TZID: the Windows key name (`W. Europe Standard Time`) or the description.
  var name: String
  /// UTC = local + bias (minutes).
  var bias: Int
  /// Added to `bias` in standard time.
  var standardBias: Int
  /// Added to `bias` in daylight saving time.
  var daylightBias: Int
  /// When standard time starts, nil for a zone without daylight saving time.
  var standardStart: Transition?
  /// When daylight saving time starts, nil for a zone without it.
  var daylightStart: Transition?

  /// Seconds east of UTC in standard time.
  var standardOffset: Int { -(bias + standardBias) * 60 }
  /// Seconds east of UTC in daylight saving time.
  var daylightOffset: Int { -(bias + daylightBias) * 60 }

  /// Reads a TZSTRUCT (PidLidTimeZoneStruct); nil when it is not 48 bytes of sense.
  init?(timeZoneStruct blob: [UInt8], name: String) {
    var reader = OutlookBlobReader(blob)
    do throws(OutlookRecurrence.Failure) {
      let bias = Int(Int32(bitPattern: try reader.u32()))
      let standardBias = Int(Int32(bitPattern: try reader.u32()))
      let daylightBias = Int(Int32(bitPattern: try reader.u32()))
      _ = try reader.u16()  // wStandardYear
      let standard = try Self.systemTime(&reader)
      _ = try reader.u16()  // wDaylightYear
      let daylight = try Self.systemTime(&reader)
      self.init(
        name: name, bias: bias, standardBias: standardBias, daylightBias: daylightBias,
        standard: standard, daylight: daylight)
    } catch {
      return nil
    }
  }

  /// Reads a TZDEFINITION (PidLidAppointmentTimeZoneDefinitionStartDisplay), choosing the rule of
  /// the latest year not after `year` (the first rule when all are later); nil when unreadable.
  init?(timeZoneDefinition blob: [UInt8], year: Int) {
    var reader = OutlookBlobReader(blob)
    do throws(OutlookRecurrence.Failure) {
      guard try reader.bytes(1) == [2] else { return nil }
      _ = try reader.bytes(1)  // MinorVersion
      let headerSize = Int(try reader.u16())
      _ = try reader.u16()  // Reserved
      let nameLength = Int(try reader.u16())
      let name = MapiText.utf16(try reader.bytes(nameLength * 2))
      reader.offset = 4 + headerSize - 2
      let ruleCount = Int(try reader.u16())
      guard ruleCount > 0, ruleCount <= 1000 else { return nil }
      var chosen: (year: Int, zone: OutlookTimeZone)?
      for _ in 0..<ruleCount {
        guard try reader.bytes(1) == [2] else { return nil }
        _ = try reader.bytes(1)  // MinorVersion
        _ = try reader.u16()  // Reserved
        _ = try reader.u16()  // TZRule flags
        let ruleYear = Int(try reader.u16())
        _ = try reader.bytes(14)  // X
        let bias = Int(Int32(bitPattern: try reader.u32()))
        let standardBias = Int(Int32(bitPattern: try reader.u32()))
        let daylightBias = Int(Int32(bitPattern: try reader.u32()))
        let standard = try Self.systemTime(&reader)
        let daylight = try Self.systemTime(&reader)
        guard
          let zone = OutlookTimeZone(
            name: name, bias: bias, standardBias: standardBias, daylightBias: daylightBias,
            standard: standard, daylight: daylight)
        else { continue }
        if let current = chosen {
          if ruleYear <= year && (current.year > year || ruleYear > current.year) {
            chosen = (ruleYear, zone)
          }
        } else {
          chosen = (ruleYear, zone)
        }
      }
      guard let chosen, !name.isEmpty else { return nil }
      self = chosen.zone
    } catch {
      return nil
    }
  }

  /// A zone without daylight saving time `minutes` east of UTC, named `UTC+hhmm`.
  init(fixedOffsetMinutes minutes: Int) {
    name = "UTC" + Self.offsetText(minutes * 60)
    bias = -minutes
    standardBias = 0
    daylightBias = 0
  }

  /// A zone from its parts; the transitions count only when both are valid.
  private init?(
    name: String, bias: Int, standardBias: Int, daylightBias: Int, standard: Transition?,
    daylight: Transition?
  ) {
    let limit = 24 * 60
    guard abs(bias) <= limit, abs(standardBias) <= limit, abs(daylightBias) <= limit else {
      return nil
    }
    self.name = name
    self.bias = bias
    self.standardBias = standardBias
    self.daylightBias = daylightBias
    if let standard, let daylight {
      standardStart = standard
      daylightStart = daylight
    }
  }

  /// A SYSTEMTIME read as a yearly transition; nil when its month is 0 (no transition) or a
  /// field is out of range.
  private static func systemTime(_ reader: inout OutlookBlobReader) throws(OutlookRecurrence
    .Failure) -> Transition?
  {
    _ = try reader.u16()  // wYear
    let month = Int(try reader.u16())
    let weekday = Int(try reader.u16())
    let week = Int(try reader.u16())
    let hour = Int(try reader.u16())
    let minute = Int(try reader.u16())
    _ = try reader.u16()  // wSecond
    _ = try reader.u16()  // wMilliseconds
    guard (1...12).contains(month), (0...6).contains(weekday), (1...5).contains(week),
      (0...23).contains(hour), (0...59).contains(minute)
    else { return nil }
    return Transition(month: month, weekday: weekday, week: week, hour: hour, minute: minute)
  }

  /// The `VTIMEZONE` (STANDARD, and DAYLIGHT when the zone has daylight saving time, with yearly
  /// rules from 1601 as Outlook writes them).
  var vtimezone: ICalComponent {
    var observances: [ICalComponent] = []
    if let standardStart, let daylightStart {
      observances.append(
        Self.observance(
          "STANDARD", standardStart, from: daylightOffset, to: standardOffset))
      observances.append(
        Self.observance(
          "DAYLIGHT", daylightStart, from: standardOffset, to: daylightOffset))
    } else {
      observances.append(
        ICalComponent(
          name: "STANDARD",
          properties: [
            ICalContentLine(name: "DTSTART", value: "16010101T000000"),
            ICalContentLine(name: "TZOFFSETFROM", value: Self.offsetText(standardOffset)),
            ICalContentLine(name: "TZOFFSETTO", value: Self.offsetText(standardOffset)),
          ]))
    }
    return ICalComponent(
      name: "VTIMEZONE",
      properties: [ICalContentLine(name: "TZID", value: ICalendarReader.escapeText(name))],
      components: observances)
  }

  /// The zone the `VTIMEZONE` describes, for conversions.
  var zone: ICalZone {
    ICalTimeZoneRules(vtimezone).map(ICalZone.rules) ?? .fixed(seconds: standardOffset)
  }

  /// One observance with its yearly rule, starting at the transition's day in 1601.
  private static func observance(_ name: String, _ rule: Transition, from: Int, to: Int)
    -> ICalComponent
  {
    let day = OutlookCalendarTime.nthWeekday(
      year: 1601, month: rule.month, weekday: rule.weekday, nth: rule.week)
    let start =
      "1601" + OutlookCalendarTime.pad(rule.month, 2) + OutlookCalendarTime.pad(day, 2) + "T"
      + OutlookCalendarTime.pad(rule.hour, 2) + OutlookCalendarTime.pad(rule.minute, 2) + "00"
    let ordinal = rule.week == 5 ? "-1" : String(rule.week)
    return ICalComponent(
      name: name,
      properties: [
        ICalContentLine(name: "DTSTART", value: start),
        ICalContentLine(name: "TZOFFSETFROM", value: offsetText(from)),
        ICalContentLine(name: "TZOFFSETTO", value: offsetText(to)),
        ICalContentLine(
          name: "RRULE",
          value: "FREQ=YEARLY;BYMONTH=\(rule.month);BYDAY=\(ordinal)"
            + OutlookCalendarTime.weekdayCodes[rule.weekday]),
      ])
  }

  /// `+0100`, `-0530`.
  static func offsetText(_ seconds: Int) -> String {
    let minutes = abs(seconds) / 60
    return (seconds < 0 ? "-" : "+") + OutlookCalendarTime.pad(minutes / 60, 2)
      + OutlookCalendarTime.pad(minutes % 60, 2)
  }
}

/// Date arithmetic on wall-clock times: Outlook's minutes since 1601 and iCalendar's texts.
enum OutlookCalendarTime {
  /// Minutes between 1601-01-01 and 1970-01-01.
  static let epochMinutes: Int64 = 11_644_473_600 / 60
  /// RFC 5545 weekday codes, Sunday first.
  static let weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

  /// `value` zero-padded to `width` digits.
  static func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }

  /// Seconds since 1970 (of a wall clock or of UTC) for Outlook's minutes since 1601.
  static func seconds(fromMinutes minutes: UInt32) -> Int64 {
    (Int64(minutes) - epochMinutes) * 60
  }

  /// The day of the week (0 Sunday) of a day count since 1970-01-01 (a Thursday).
  static func weekday(days: Int) -> Int { ((days % 7) + 7 + 4) % 7 }

  /// The day of the month of the `nth` (5 the last) `weekday` of a month.
  static func nthWeekday(year: Int, month: Int, weekday: Int, nth: Int) -> Int {
    let first = MailDate.days(year: year, month: month, day: 1)
    var day = 1 + (weekday - self.weekday(days: first) + 7) % 7 + 7 * (max(1, nth) - 1)
    let length = MailDate.daysInMonth(year: year, month: month)
    while day > length { day -= 7 }
    return day
  }

  /// `yyyyMMdd` of a day count since 1970.
  static func dateText(days: Int) -> String {
    let (year, month, day) = MailDate.civil(days: days)
    return pad(year, 4) + pad(month, 2) + pad(day, 2)
  }

  /// `yyyyMMddTHHmmss` of seconds since 1970.
  static func dateTimeText(seconds: Int64) -> String {
    let time = Int(((seconds % 86400) + 86400) % 86400)
    return dateText(days: days(seconds: seconds)) + "T" + pad(time / 3600, 2)
      + pad(time / 60 % 60, 2)
      + pad(time % 60, 2)
  }

  /// The day count since 1970 of seconds since 1970.
  static func days(seconds: Int64) -> Int {
    Int((seconds - ((seconds % 86400) + 86400) % 86400) / 86400)
  }
}
