import Foundation

/// Parses the date forms mail stores carry: mbox `From ` lines, RFC 5322 `Date:` and `Received:`.
public enum MailDate {
  static let months = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ]
  static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

  /// Days since 1970-01-01 of a proleptic Gregorian date (negative before 1970).
  public static func days(year: Int, month: Int, day: Int) -> Int {
    // An era-based calendar starting on 0000-03-01, so leap days fall at the end of a year.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The proleptic Gregorian (year, month 1–12, day 1–31) of a day count from 1970-01-01; the
  /// inverse of `days(year:month:day:)`.
  public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// The number of days in a month (1–12) of a proleptic Gregorian year.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    let next =
      month == 12
      ? days(year: year + 1, month: 1, day: 1) : days(year: year, month: month + 1, day: 1)
    return next - days(year: year, month: month, day: 1)
  }

  /// Seconds since the epoch for a UTC calendar date and time (proleptic Gregorian).
  public static func epoch(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)
    -> Int64
  {
    Int64(days(year: year, month: month, day: day)) * 86400
      + Int64(hour * 3600 + minute * 60 + second)
  }

  /// The UTC calendar fields of an epoch time: (year, month, day, hour, minute, second, weekday 0=Sun).
  public static func components(_ t: Int64) -> (
    year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int
  ) {
    var days = t / 86400
    var secs = t % 86400
    if secs < 0 {
      secs += 86400
      days -= 1
    }
    let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
    let (year, month, day) = civil(days: Int(days))
    return (year, month, day, Int(secs / 3600), Int(secs % 3600 / 60), Int(secs % 60), weekday)
  }

  /// The `asctime` form used in mbox `From ` lines: `Thu Jan  1 00:00:00 1970` (UTC).
  public static func asctime(_ t: Int64) -> String {
    let c = components(t)
    let wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][c.weekday]
    let mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
      c.month - 1]
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let day = c.day < 10 ? " \(c.day)" : "\(c.day)"
    return "\(wd) \(mon) \(day) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) \(c.year)"
  }

  /// An RFC 5322 date-time with English names, at `offset` seconds east of UTC:
  /// `Mon, 2 Mar 2026 10:00:00 +0100`.
  public static func rfc5322(_ t: Int64, offset: Int = 0) -> String {
    let c = components(t + Int64(offset))
    let wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][c.weekday]
    let mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
      c.month - 1]
    let minutes = abs(offset) / 60
    let zone = (offset < 0 ? "-" : "+") + pad(minutes / 60, 2) + pad(minutes % 60, 2)
    return
      "\(wd), \(c.day) \(mon) \(pad(c.year, 4)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)) \(zone)"
  }

  /// RFC 3339 / ISO 8601 in UTC: `2023-01-02T09:00:00Z` (for reports; no formatter objects needed).
  public static func iso8601(_ t: Int64) -> String {
    let c = components(t)
    return
      "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))Z"
  }

  /// `v` with at least `width` digits (zeros in front).
  static func pad(_ v: Int, _ width: Int) -> String {
    let digits = String(v)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  /// Converts a wall-clock time read in `zone` to epoch seconds.
  public static func resolve(localEpoch: Int64, in zone: TimeZone) -> Int64 {
    if zone.identifier == "UTC" || zone.identifier == "GMT" { return localEpoch }
    let guess =
      localEpoch
      - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(localEpoch))))
    return localEpoch
      - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess))))
  }

  /// Parses the date in the remainder of an mbox `From ` line (after `From `), tolerating what
  /// real writers produce: quoted or missing senders, single-digit days, missing seconds, a named
  /// or numeric zone before or after the year, trailing text, and the `Www, d Mmm yyyy` form.
  /// A time without a numeric zone is read in `zone`. Returns nil when no date is found.
  public static func parseFromLine(_ rest: String, zone: TimeZone) -> Int64? {
    let tokens = rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
      .map(String.init)
    guard tokens.count >= 4 else { return nil }
    // asctime: [Www] Mmm d hh:mm[:ss] [zone] yyyy [zone]
    for k in 0..<tokens.count {
      guard let month = monthIndex(tokens[k]), k + 3 < tokens.count + 1 else { continue }
      guard k + 2 < tokens.count, let day = Int(tokens[k + 1]), (1...31).contains(day),
        let time = parseTime(tokens[k + 2])
      else { continue }
      var j = k + 3
      var offset: Int? = nil
      if j < tokens.count,
        Int(tokens[j]) == nil || tokens[j].hasPrefix("+") || tokens[j].hasPrefix("-")
      {
        if j < tokens.count, let z = zoneOffset(tokens[j]) { offset = z }
        j += 1
      }
      guard j < tokens.count, let rawYear = Int(tokens[j]), tokens[j].allSatisfy(\.isNumber) else {
        continue
      }
      let year = fullYear(rawYear, digits: tokens[j].count)
      if offset == nil, j + 1 < tokens.count, let z = numericZone(tokens[j + 1]) { offset = z }
      let local = epoch(
        year: year, month: month, day: day, hour: time.0, minute: time.1, second: time.2)
      if let offset { return local - Int64(offset) }
      return resolve(localEpoch: local, in: zone)
    }
    // Alternative `Www, d Mmm yyyy hh:mm[:ss] [zone]` form.
    if let comma = tokens.firstIndex(where: {
      $0.hasSuffix(",") && weekdays.contains(String($0.dropLast()).lowercased())
    }) {
      let tail = tokens[comma...].joined(separator: " ")
      if let t = parseRFC5322(tail, defaultZone: zone) { return t }
    }
    return nil
  }

  /// Parses an RFC 5322 date-time (with obsolete forms: two-digit years, named zones, missing
  /// seconds, comments). Without a zone the time is read in `defaultZone` (UTC if not given).
  public static func parseRFC5322(_ text: String, defaultZone: TimeZone? = nil) -> Int64? {
    var cleaned = ""
    var depth = 0
    for ch in text {
      if ch == "(" {
        depth += 1
        continue
      }
      if ch == ")" {
        depth = max(0, depth - 1)
        continue
      }
      if depth == 0 { cleaned.append(ch == "," ? " " : ch) }
    }
    // `isWhitespace` also covers "\r\n", which Swift reads as one Character (folded headers).
    var tokens = cleaned.split(whereSeparator: \.isWhitespace).map(String.init)
    if let first = tokens.first, weekdays.contains(String(first.prefix(3)).lowercased()),
      Int(first) == nil,
      monthIndex(first) == nil
    {
      tokens.removeFirst()
    }
    // Also accept `d-Mmm-yyyy` glued forms.
    if tokens.count >= 1, tokens[0].contains("-"), tokens[0].split(separator: "-").count == 3 {
      let parts = tokens[0].split(separator: "-").map(String.init)
      tokens.replaceSubrange(0...0, with: parts)
    }
    guard tokens.count >= 4 else { return nil }
    var day: Int?
    var month: Int?
    var idx = 0
    if let d = Int(tokens[0]), let m = monthIndex(tokens[1]) {
      day = d
      month = m
      idx = 2
    } else if let m = monthIndex(tokens[0]), let d = Int(tokens[1]) {
      day = d
      month = m
      idx = 2
    }
    guard let day, let month, (1...31).contains(day), idx < tokens.count else { return nil }
    var year: Int?
    var time: (Int, Int, Int)?
    if let y = Int(tokens[idx]), tokens[idx].allSatisfy(\.isNumber) {
      year = fullYear(y, digits: tokens[idx].count)
      idx += 1
      if idx < tokens.count {
        time = parseTime(tokens[idx])
        idx += 1
      }
    } else if let t = parseTime(tokens[idx]) {
      time = t
      idx += 1
      if idx < tokens.count, let y = Int(tokens[idx]) {
        year = fullYear(y, digits: tokens[idx].count)
        idx += 1
      }
    }
    guard let year, let time, (1000...9999).contains(year) else { return nil }
    let local = epoch(
      year: year, month: month, day: day, hour: time.0, minute: time.1, second: time.2)
    if idx < tokens.count, let offset = zoneOffset(tokens[idx]) { return local - Int64(offset) }
    if let defaultZone { return resolve(localEpoch: local, in: defaultZone) }
    return local
  }

  /// The newest date among `Received:` header values (the part after the last `;`).
  public static func newestReceived(_ values: [String]) -> Int64? {
    var best: Int64?
    for value in values {
      guard let semi = value.lastIndex(of: ";") else { continue }
      if let t = parseRFC5322(String(value[value.index(after: semi)...])) {
        best = max(best ?? t, t)
      }
    }
    return best
  }

  /// The best date a message carries by itself: newest `Received:`, else `Date:`.
  public static func headerDate(of bytes: [UInt8]) -> (Int64, DateSource)? {
    let fields = HeaderSection.fields(of: bytes)
    let received = fields.filter { $0.name.lowercased() == "received" }.map { $0.value(in: bytes) }
    if let t = newestReceived(received) { return (t, .received) }
    if let date = fields.first(where: { $0.name.lowercased() == "date" }),
      let t = parseRFC5322(date.value(in: bytes))
    {
      return (t, .dateHeader)
    }
    return nil
  }

  static func monthIndex(_ token: String) -> Int? {
    guard token.count >= 3 else { return nil }
    let key = token.prefix(3).lowercased()
    guard let i = months.firstIndex(of: key) else { return nil }
    guard token.count == 3 || token.dropFirst(3).allSatisfy(\.isLetter) else { return nil }
    return i + 1
  }

  static func parseTime(_ token: String) -> (Int, Int, Int)? {
    let parts = token.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 || parts.count == 3 else { return nil }
    guard let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
    else { return nil }
    var s = 0
    if parts.count == 3 {
      let secText = parts[2].split(separator: ".").first.map(String.init) ?? ""
      guard let sv = Int(secText), (0...60).contains(sv) else { return nil }
      s = min(sv, 59)
    }
    return (h, m, s)
  }

  static func fullYear(_ y: Int, digits: Int) -> Int {
    if digits <= 2 { return y < 50 ? 2000 + y : 1900 + y }
    if digits == 3 { return 1900 + y }
    return y
  }

  static func numericZone(_ token: String) -> Int? {
    guard token.count == 5, let sign = token.first, sign == "+" || sign == "-",
      let v = Int(token.dropFirst())
    else { return nil }
    let seconds = (v / 100) * 3600 + (v % 100) * 60
    return sign == "-" ? -seconds : seconds
  }

  static func zoneOffset(_ token: String) -> Int? {
    if let z = numericZone(token) { return z }
    switch token.uppercased() {
    case "UT", "UTC", "GMT", "Z": return 0
    case "EST": return -5 * 3600
    case "EDT": return -4 * 3600
    case "CST": return -6 * 3600
    case "CDT": return -5 * 3600
    case "MST": return -7 * 3600
    case "MDT": return -6 * 3600
    case "PST": return -8 * 3600
    case "PDT": return -7 * 3600
    default: return nil
    }
  }
}
