import Foundation

/// Parses the `start` and `end` values of an export as Zimbra's REST interface reads them
/// (ZIMBRA-IMPORT §5.3), but throws where the server would silently fall back to a default.
///
/// The forms, tried in this order:
/// 1. only digits: epoch milliseconds (`20240101` is about 5.6 hours after 1970, `7` is 7 ms);
/// 2. `YYYY/MM/DD` or `YYYY-MM-DD` (the separators may be mixed), midnight in `timeZone`;
/// 3. `MM/DD/YYYY` or `MM-DD-YYYY`, midnight in `timeZone`. Both absolute forms roll over as a
///    lenient `SimpleDateFormat` does: `13/40/2024` is 9 February 2025;
/// 4. relative `[m|p|+|-]N[unit]` from `now`: `p`, `+` or nothing is the future, `m` or `-` the
///    past; the unit is read from its first letter: `m` months unless the second letter is `i`
///    (minutes), `h` hours, `d` days, `w` weeks, `y` years; no unit means days. Units are lower
///    case only (`+1Day` fails), and N must fit in 32 bits (at most 2,147,483,647).
public struct TimeRangeParser: Sendable {
  /// The moment relative values count from.
  public var now: Date
  /// The zone in which absolute dates start at midnight and relative units are added.
  public var timeZone: TimeZone

  /// Creates a parser that counts from `now` in `timeZone`.
  public init(now: Date = Date(), timeZone: TimeZone = .current) {
    self.now = now
    self.timeZone = timeZone
  }

  /// The moment `text` names; throws a `FormattersError` naming the value when it is none of
  /// the forms above.
  public func parse(_ text: String) throws -> Date {
    let bytes = Array(text.utf8)
    if !bytes.isEmpty, bytes.allSatisfy(Self.isDigit) {
      guard let milliseconds = Int64(text) else {
        throw FormattersError("time '\(text)' is too large for epoch milliseconds")
      }
      return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
    if let (year, month, day) = Self.yearFirstDate(bytes) ?? Self.yearLastDate(bytes) {
      guard
        let date = LenientCalendarDate.midnight(year: year, month: month, day: day, in: timeZone)
      else { throw FormattersError("time '\(text)' is out of range") }
      return date
    }
    if let (amount, unit) = try Self.relativeOffset(bytes, text: text) {
      guard let date = unit.adding(amount, to: now, in: timeZone) else {
        throw FormattersError("time '\(text)' is out of range")
      }
      return date
    }
    throw FormattersError(
      "cannot read time '\(text)': use epoch milliseconds, YYYY/MM/DD, MM/DD/YYYY or a relative "
        + "value such as -7days, p2weeks, +60mi")
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// Splits `bytes` into runs of digits separated by single `/` or `-`, or nil.
  private static func dateGroups(_ bytes: [UInt8]) -> [[UInt8]]? {
    var groups: [[UInt8]] = [[]]
    for byte in bytes {
      if isDigit(byte) {
        groups[groups.count - 1].append(byte)
      } else if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") {
        groups.append([])
      } else {
        return nil
      }
    }
    return groups.count == 3 ? groups : nil
  }

  private static func number(_ digits: [UInt8]) -> Int {
    digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
  }

  /// `YYYY[/-]M[/-]D` with a four-digit year and one- or two-digit month and day.
  private static func yearFirstDate(_ bytes: [UInt8]) -> (Int, Int, Int)? {
    guard let groups = dateGroups(bytes), groups[0].count == 4,
      (1...2).contains(groups[1].count), (1...2).contains(groups[2].count)
    else { return nil }
    return (number(groups[0]), number(groups[1]), number(groups[2]))
  }

  /// `M[/-]D[/-]YYYY` with one- or two-digit month and day and a four-digit year.
  private static func yearLastDate(_ bytes: [UInt8]) -> (Int, Int, Int)? {
    guard let groups = dateGroups(bytes), groups[2].count == 4,
      (1...2).contains(groups[0].count), (1...2).contains(groups[1].count)
    else { return nil }
    return (number(groups[2]), number(groups[0]), number(groups[1]))
  }

  /// `[mp+-]?N([mhdwy][a-z]*)?` as a signed amount and unit, nil when the shape differs; throws
  /// when N does not fit in 32 bits.
  private static func relativeOffset(_ bytes: [UInt8], text: String) throws -> (
    Int, RelativeTimeUnit
  )? {
    var index = 0
    var sign = 1
    if let first = bytes.first {
      switch first {
      case UInt8(ascii: "p"), UInt8(ascii: "+"): index = 1
      case UInt8(ascii: "m"), UInt8(ascii: "-"):
        index = 1
        sign = -1
      default: break
      }
    }
    let digitsStart = index
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    let digits = bytes[digitsStart..<index]
    guard !digits.isEmpty else { return nil }
    let unitLetters = bytes[index...]
    guard unitLetters.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else {
      return nil
    }
    let unit: RelativeTimeUnit
    switch unitLetters.first {
    case nil, UInt8(ascii: "d"): unit = .day
    case UInt8(ascii: "m"):
      unit = unitLetters.dropFirst().first == UInt8(ascii: "i") ? .minute : .month
    case UInt8(ascii: "h"): unit = .hour
    case UInt8(ascii: "w"): unit = .week
    case UInt8(ascii: "y"): unit = .year
    default: return nil
    }
    guard let amount = Int32(String(decoding: digits, as: UTF8.self)) else {
      throw FormattersError("time '\(text)': the number does not fit in 32 bits")
    }
    return (sign * Int(amount), unit)
  }
}

/// A calendar unit of a relative time (`+2days`, `-1week`).
enum RelativeTimeUnit: Sendable, Equatable {
  case minute, hour, day, week, month, year

  /// The Foundation component this unit adds.
  var component: Calendar.Component {
    switch self {
    case .minute: .minute
    case .hour: .hour
    case .day: .day
    case .week: .weekOfYear
    case .month: .month
    case .year: .year
    }
  }

  /// The largest amount of this unit that keeps a date within ±100,000 years of today, so
  /// the calendar arithmetic stays far from overflow.
  private var largestAmount: Int {
    switch self {
    case .minute: Int(Int32.max)
    case .hour: 876_000_000
    case .day: 36_500_000
    case .week: 5_200_000
    case .month: 1_200_000
    case .year: 100_000
    }
  }

  /// `date` moved by `amount` units in `timeZone`, or nil when that is out of range.
  func adding(_ amount: Int, to date: Date, in timeZone: TimeZone) -> Date? {
    guard abs(amount) <= largestAmount else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    return calendar.date(byAdding: component, value: amount, to: date)
  }
}

/// Day arithmetic that rolls out-of-range months and days over, as a lenient Java calendar does.
enum LenientCalendarDate {
  /// Midnight of `year`-`month`-`day` in `timeZone`, where month 13 is January of the next
  /// year and day 40 of January is 9 February; nil when the year is unreasonable.
  static func midnight(year: Int, month: Int, day: Int, in timeZone: TimeZone) -> Date? {
    let monthsFromZero = month - 1
    let carriedYears = monthsFromZero >= 0 ? monthsFromZero / 12 : (monthsFromZero - 11) / 12
    let normalizedMonth = monthsFromZero - carriedYears * 12 + 1
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let components = DateComponents(
      year: year + carriedYears, month: normalizedMonth, day: 1, hour: 0, minute: 0, second: 0)
    guard abs(year) < 1_000_000, let firstOfMonth = calendar.date(from: components) else {
      return nil
    }
    return calendar.date(byAdding: .day, value: day - 1, to: firstOfMonth)
  }
}
