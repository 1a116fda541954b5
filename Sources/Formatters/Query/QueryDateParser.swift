import Foundation

/// Reads the value of `before:`, `after:` and `date:` as Zimbra's DateQuery does.
///
/// Forms: epoch milliseconds (only digits); `M/D/YYYY` or `M/D/YY`, checked strictly (Zimbra's
/// English short date format; a two-digit year falls within 80 years before and 20 after now);
/// a signed relative value `+N` or `-N` with an optional unit `mi`/`minute(s)`, `h`/`hour(s)`,
/// `d`/`day(s)`, `w`/`week(s)`, `m`/`month(s)`, `y`/`year(s)` (lower case; days by default);
/// `today` and `yesterday`. `date:` also takes `<`, `<=`, `>`, `>=` in front.
struct QueryDateParser {
  /// The moment two-digit years are resolved against.
  let now: Date

  func condition(_ field: QueryField, _ text: String, column: Int) throws(FormattersError)
    -> DateCondition
  {
    func failure(_ reason: String) -> FormattersError {
      FormattersError("bad date '\(field.rawValue):\(text)': \(reason)", column: column)
    }
    var value = Substring(text)
    if value.last == "," { value = value.dropLast() }
    var comparison: DateCondition.Comparison
    switch field {
    case .before: comparison = .before
    case .after: comparison = .after
    default: comparison = .within
    }
    if let first = value.first, first == "<" || first == ">" {
      guard field == .date else {
        throw failure("\(field.rawValue): takes no '<' or '>'; use date:<... or date:>...")
      }
      value = value.dropFirst()
      let orEqual = value.first == "="
      if orEqual { value = value.dropFirst() }
      switch (first, orEqual) {
      case ("<", false): comparison = .before
      case ("<", true): comparison = .atOrBefore
      case (_, false): comparison = .after
      default: comparison = .atOrAfter
      }
    }
    guard !value.isEmpty else { throw failure("no date") }
    switch value.lowercased() {
    case "today": value = "-0d"
    case "yesterday": value = "-1d"
    default: break
    }
    if value.allSatisfy(\.isASCIIDigit) {
      guard let milliseconds = Int64(value) else { throw failure("too large") }
      return DateCondition(comparison, .epochMilliseconds(milliseconds))
    }
    if let first = value.first, first == "+" || first == "-" {
      return DateCondition(comparison, try relative(value, failure: failure))
    }
    guard let day = absoluteDay(value) else { throw failure(Self.hint(for: value)) }
    return DateCondition(comparison, day)
  }

  /// Why a value that is none of the forms was refused, and what to write instead.
  private static func hint(for value: Substring) -> String {
    let digits = value.prefix { $0.isASCIIDigit }
    let rest = value.dropFirst(digits.count)
    if !digits.isEmpty, !rest.isEmpty, rest.allSatisfy({ $0.isLetter }) {
      return "a relative date needs a sign: +\(value) or -\(value)"
    }
    if digits.count == 4, rest.first == "/" || rest.first == "-" {
      return "Zimbra's query dates are MM/DD/YYYY, not year first"
    }
    return "use MM/DD/YYYY, epoch milliseconds, today, yesterday or a signed relative value "
      + "such as -1day"
  }

  private func relative(_ value: Substring, failure: (String) -> FormattersError)
    throws(FormattersError) -> QueryDate
  {
    let sign = value.first == "-" ? -1 : 1
    let rest = value.dropFirst()
    let digits = rest.prefix { $0.isASCIIDigit }
    let unitText = rest.dropFirst(digits.count)
    guard !digits.isEmpty else { throw failure("no number after the sign") }
    let unit: QueryDateUnit
    switch unitText {
    case "": unit = .day
    case "mi", "minute", "minutes": unit = .minute
    case "h", "hour", "hours": unit = .hour
    case "d", "day", "days": unit = .day
    case "w", "week", "weeks": unit = .week
    case "m", "month", "months": unit = .month
    case "y", "year", "years": unit = .year
    default:
      throw failure("unknown unit '\(unitText)' (mi, h, d, w, m, y or minute(s) ... year(s))")
    }
    guard let amount = Int32(digits) else { throw failure("the number does not fit in 32 bits") }
    return .relative(sign * Int(amount), unit)
  }

  /// `M/D/YYYY` or `M/D/YY` as a valid calendar day, nil when it is not one.
  private func absoluteDay(_ value: Substring) -> QueryDate? {
    let parts = value.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
      parts[0].count <= 2, parts[1].count <= 2, parts[2].count <= 6,
      let month = Int(parts[0]), let day = Int(parts[1]), var year = Int(parts[2])
    else { return nil }
    if parts[2].count == 2 { year = Self.fullYear(twoDigits: year, now: now) }
    guard year >= 1, (1...12).contains(month),
      (1...Self.daysInMonth(month, year: year)).contains(day)
    else { return nil }
    return .day(year: year, month: month, day: day)
  }

  /// The year a two-digit year means: the one within 80 years before and 20 after `now`.
  static func fullYear(twoDigits: Int, now: Date) -> Int {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let centuryStart = calendar.component(.year, from: now) - 80
    let candidate = centuryStart / 100 * 100 + twoDigits
    return candidate < centuryStart ? candidate + 100 : candidate
  }

  static func daysInMonth(_ month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}

extension Character {
  /// Whether this is one of the ASCII digits 0 to 9.
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension QueryDate {
  /// The range this date stands for, in epoch milliseconds (start inclusive, end exclusive),
  /// computed from `now` in `timeZone`; nil when the calendar cannot represent it.
  func range(now: Date, timeZone: TimeZone) -> (start: Int64, end: Int64)? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    calendar.firstWeekday = 1
    func milliseconds(_ date: Date) -> Int64? {
      let value = (date.timeIntervalSince1970 * 1000).rounded()
      return abs(value) < 9e15 ? Int64(value) : nil
    }
    switch self {
    case .epochMilliseconds(let start):
      let (end, overflow) = start.addingReportingOverflow(1000)
      return overflow ? nil : (start, end)
    case .day(let year, let month, let day):
      guard
        let start = LenientCalendarDate.midnight(year: year, month: month, day: day, in: timeZone),
        let end = calendar.date(byAdding: .day, value: 1, to: start),
        let startMilliseconds = milliseconds(start), let endMilliseconds = milliseconds(end)
      else { return nil }
      return (startMilliseconds, endMilliseconds)
    case .relative(let amount, let unit):
      let timeUnit: RelativeTimeUnit
      switch unit {
      case .minute: timeUnit = .minute
      case .hour: timeUnit = .hour
      case .day: timeUnit = .day
      case .week: timeUnit = .week
      case .month: timeUnit = .month
      case .year: timeUnit = .year
      }
      guard let current = calendar.dateInterval(of: timeUnit.component, for: now),
        let start = timeUnit.adding(amount, to: current.start, in: timeZone),
        let end = timeUnit.adding(1, to: start, in: timeZone),
        let startMilliseconds = milliseconds(start), let endMilliseconds = milliseconds(end)
      else { return nil }
      return (startMilliseconds, endMilliseconds)
    }
  }
}
