import Foundation
import MailModel
import TextFormats

/// What `ICalendarReader` found in one file.
public struct ICalendarReadResult: Sendable {
  /// Every `VCALENDAR` in file order, vCalendar 1.0 ones converted to 2.0.
  public var calendars: [ICalComponent]
  /// Problems found and vCalendar 1.0 conversions made, in file order.
  public var diagnostics: [Diagnostic]
}

/// Reads iCalendar 2.0 and vCalendar 1.0 files into component trees.
///
/// Many `VCALENDAR`s per file are accepted; properties are kept verbatim. A vCalendar 1.0 calendar is
/// converted to what Zimbra's 2.0 importer accepts (`VERSION:2.0`, `DALARM`/`AALARM` → `VALARM`,
/// quoted-printable and `CHARSET` values decoded, `TZ`/`DAYLIGHT` dropped), with one diagnostic per
/// conversion.
public struct ICalendarReader: Sendable {
  /// Creates a reader; it has no settings.
  public init() {}

  /// Reads a file from disk.
  public func read(path: String) throws -> ICalendarReadResult {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ContactsCalendarsError("cannot read file", at: SourceLocation(file: path))
    }
    return try read(bytes: [UInt8](data), file: path)
  }

  /// Reads the bytes of a file; `file` names it in diagnostics and errors.
  ///
  /// One broken component does not cost the calendar: a line that is not a content line drops that
  /// property, a component left open (a truncated file, a missing `END`) drops that component, a
  /// date-time that cannot be one drops the property where it is optional and the component where it
  /// is not; each with a `skipped` diagnostic naming the line. Throws only when nothing at all could
  /// be read (the first structural problem is the error).
  public func read(bytes: [UInt8], file: String) throws -> ICalendarReadResult {
    var parser = ICalStructure(file: file)
    let lines = ICalContentLineParser.unfold(bytes)
    for unfolded in lines {
      parser.consume(unfolded)
    }
    parser.finish()
    var diagnostics = parser.diagnostics
    if let firstProblem = parser.firstProblem,
      !parser.calendars.contains(where: { !$0.components.isEmpty })
    {
      throw firstProblem
    }
    if parser.calendars.isEmpty, let first = lines.first {
      throw ContactsCalendarsError(
        "no BEGIN:VCALENDAR in the file", at: SourceLocation(file: file, line: first.line))
    }
    var calendars = parser.calendars.map {
      convertIfVCalendar1($0, file: file, diagnostics: &diagnostics)
    }
    calendars = calendars.map { ICalValueChecker.check($0, file: file, diagnostics: &diagnostics) }
    calendars = ICalTimeZoneNormalizer.normalize(calendars, file: file, diagnostics: &diagnostics)
    for index in calendars.indices {
      calendars[index].file = file
      for child in calendars[index].components.indices {
        calendars[index].components[child].file = file
      }
    }
    return ICalendarReadResult(calendars: calendars, diagnostics: diagnostics)
  }

  // MARK: vCalendar 1.0

  func convertIfVCalendar1(_ calendar: ICalComponent, file: String, diagnostics: inout [Diagnostic])
    -> ICalComponent
  {
    guard calendar["VERSION"]?.trimmingCharacters(in: .whitespaces) == "1.0" else {
      return calendar
    }
    var result = calendar
    let location = SourceLocation(file: file, line: calendar.line)
    diagnostics.append(
      Diagnostic(
        .warning, code: "vcal1-converted", "vCalendar 1.0 converted to iCalendar 2.0", at: location)
    )
    result.properties = []
    for property in calendar.properties {
      switch property.name {
      case "VERSION":
        result.properties.append(
          ICalContentLine(name: "VERSION", value: "2.0", line: property.line))
      case "TZ", "DAYLIGHT", "GEO":
        diagnostics.append(
          Diagnostic(
            .warning, code: "vcal1-dropped",
            "vCalendar 1.0 \(property.name):\(property.value) dropped (times without TZID use the account time zone)",
            at: SourceLocation(file: file, line: property.line)))
      default:
        result.properties.append(convertProperty(property, file: file, diagnostics: &diagnostics))
      }
    }
    result.components = calendar.components.map {
      convertComponent($0, file: file, diagnostics: &diagnostics)
    }
    return result
  }

  private func convertComponent(
    _ component: ICalComponent, file: String, diagnostics: inout [Diagnostic]
  ) -> ICalComponent {
    var result = component
    result.properties = []
    var alarms: [ICalComponent] = []
    for property in component.properties {
      let location = SourceLocation(file: file, line: property.line)
      switch property.name {
      case "DALARM", "AALARM", "PALARM", "MALARM":
        if property.name == "DALARM" || property.name == "AALARM",
          let alarm = alarm(from: property, in: component)
        {
          alarms.append(alarm)
          diagnostics.append(
            Diagnostic(
              .warning, code: "vcal1-alarm",
              "vCalendar 1.0 \(property.name) converted to VALARM", at: location))
        } else {
          diagnostics.append(
            Diagnostic(
              .warning, code: "vcal1-alarm-dropped",
              "vCalendar 1.0 \(property.name):\(property.value) dropped", at: location))
        }
      default:
        result.properties.append(convertProperty(property, file: file, diagnostics: &diagnostics))
      }
    }
    result.components =
      component.components.map { convertComponent($0, file: file, diagnostics: &diagnostics) }
      + alarms
    return result
  }

  private static let textProperties: Set<String> = [
    "SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CATEGORIES", "RESOURCES", "CONTACT",
  ]

  private func convertProperty(
    _ property: ICalContentLine, file: String, diagnostics: inout [Diagnostic]
  ) -> ICalContentLine {
    var result = property
    let location = SourceLocation(file: file, line: property.line)
    let encoding = property.parameter("ENCODING")?.value.uppercased()
    let charset = property.parameter("CHARSET")?.values.first
    if encoding == "QUOTED-PRINTABLE" {
      let decoded = ICalendarReader.decodeQuotedPrintable(Array(property.value.utf8))
      let (text, exact) = ICalContentLineParser.decodeText(decoded, charset: charset)
      result.value =
        ICalendarReader.textProperties.contains(property.name)
        ? ICalendarReader.escapeText(text) : text
      result.removeParameter("ENCODING")
      result.removeParameter("CHARSET")
      diagnostics.append(
        Diagnostic(
          .warning, code: exact ? "vcal1-quoted-printable" : "invalid-charset",
          "quoted-printable \(property.name) decoded\(charset.map { " from \($0)" } ?? "")",
          at: location))
    } else if let charset {
      result.removeParameter("CHARSET")
      diagnostics.append(
        Diagnostic(
          .warning, code: "vcal1-charset",
          "CHARSET=\(charset) of \(property.name) decoded to UTF-8", at: location))
    }
    if property.name == "ATTENDEE" || property.name == "ORGANIZER" {
      let value = result.value.trimmingCharacters(in: .whitespaces)
      if value.contains("@") && !value.lowercased().hasPrefix("mailto:") {
        result.value = "mailto:" + value
      }
      if let role = result.parameter("ROLE")?.value.uppercased() {
        let mapped = [
          "ATTENDEE": "REQ-PARTICIPANT", "ORGANIZER": "CHAIR", "OWNER": "CHAIR",
          "DELEGATE": "NON-PARTICIPANT",
        ][role]
        if let mapped { result.setParameter("ROLE", [mapped]) }
      }
      if let status = result.parameter("STATUS")?.value.uppercased() {
        result.removeParameter("STATUS")
        let mapped =
          ["NEEDS ACTION": "NEEDS-ACTION", "SENT": "NEEDS-ACTION", "CONFIRMED": "ACCEPTED"][status]
          ?? status
        result.setParameter("PARTSTAT", [mapped])
      }
      if let rsvp = result.parameter("RSVP")?.value.uppercased() {
        result.setParameter("RSVP", [rsvp == "YES" || rsvp == "TRUE" ? "TRUE" : "FALSE"])
      }
    }
    if property.name == "STATUS" && result.value.uppercased() == "NEEDS ACTION" {
      result.value = "NEEDS-ACTION"
    }
    if property.name == "EXDATE" || property.name == "RDATE", result.value.contains(";") {
      result.value = result.value.split(separator: ";").map {
        $0.trimmingCharacters(in: .whitespaces)
      }.joined(separator: ",")
    }
    if property.name == "RRULE" || property.name == "EXRULE",
      !result.value.uppercased().contains("FREQ=")
    {
      if let converted = ICalendarReader.convertVCalendar1Rule(result.value) {
        diagnostics.append(
          Diagnostic(
            .warning, code: "vcal1-rrule",
            "vCalendar 1.0 \(property.name):\(property.value) converted to \(converted)",
            at: location))
        result.value = converted
      } else {
        diagnostics.append(
          Diagnostic(
            .warning, code: "vcal1-rrule-dropped",
            "vCalendar 1.0 \(property.name):\(property.value) not understood; the event is written without it",
            at: location))
        result.name = "X-ZMIGRATE-VCAL1-" + property.name
      }
    }
    return result
  }

  /// Converts a vCalendar 1.0 recurrence rule (`D2 #10`, `W1 MO WE 20241231T000000`, `MD1 1 15 #5`,
  /// `MP1 1+ MO #3`, `YM1 6 #3`) to RFC 5545, or nil when it is not understood.
  /// A rule with neither `#count` nor an end date repeats twice (vCalendar 1.0 §3.1.3 default `#2`).
  public static func convertVCalendar1Rule(_ rule: String) -> String? {
    let words = rule.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(
      String.init)
    guard let head = words.first else { return nil }
    let codes = [
      ("MD", "MONTHLY"), ("MP", "MONTHLY"), ("YM", "YEARLY"), ("YD", "YEARLY"), ("D", "DAILY"),
      ("W", "WEEKLY"),
    ]
    guard let (code, freq) = codes.first(where: { head.hasPrefix($0.0) }),
      let interval = Int(head.dropFirst(code.count)), interval > 0
    else { return nil }
    var parts = ["FREQ=" + freq]
    if interval != 1 { parts.append("INTERVAL=\(interval)") }
    var modifiers: [String] = []
    var end = "COUNT=2"
    let weekdays: Set<String> = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    var pendingOrdinal: String?
    for word in words.dropFirst() {
      if word.hasPrefix("#") {
        guard let count = Int(word.dropFirst()) else { return nil }
        end = count == 0 ? "" : "COUNT=\(count)"
      } else if word.count >= 8, ICalDateTime.parseFloating(word) != nil {
        end = "UNTIL=" + word
      } else if weekdays.contains(word) {
        modifiers.append((pendingOrdinal ?? "") + word)
      } else if code == "MP", let last = word.last, last == "+" || last == "-",
        let number = Int(word.dropLast())
      {
        pendingOrdinal = last == "-" ? "-\(number)" : "\(number)"
      } else if let number = Int(word.hasSuffix("+") ? String(word.dropLast()) : word),
        code == "MD" || code == "YM" || code == "YD"
      {
        modifiers.append(String(number))
      } else if code == "MD", word.hasSuffix("-"), let number = Int(word.dropLast()) {
        modifiers.append("-\(number)")
      } else if word == "LD", code == "MD" {
        modifiers.append("-1")
      } else {
        return nil
      }
    }
    if !modifiers.isEmpty {
      switch code {
      case "W", "MP": parts.append("BYDAY=" + modifiers.joined(separator: ","))
      case "MD": parts.append("BYMONTHDAY=" + modifiers.joined(separator: ","))
      case "YM": parts.append("BYMONTH=" + modifiers.joined(separator: ","))
      case "YD": parts.append("BYYEARDAY=" + modifiers.joined(separator: ","))
      default: return nil
      }
    }
    if !end.isEmpty { parts.append(end) }
    return parts.joined(separator: ";")
  }

  /// `DALARM:runTime;snooze;repeat;text` (vCalendar 1.0 §2.1.3) → `VALARM`.
  private func alarm(from property: ICalContentLine, in component: ICalComponent) -> ICalComponent?
  {
    let parts = property.value.split(separator: ";", omittingEmptySubsequences: false).map {
      String($0).trimmingCharacters(in: .whitespaces)
    }
    guard let runTime = parts.first, !runTime.isEmpty else { return nil }
    var trigger: ICalContentLine
    if runTime.uppercased().hasSuffix("Z") {
      trigger = ICalContentLine(
        name: "TRIGGER", parameters: [ICalParameter(name: "VALUE", values: ["DATE-TIME"])],
        value: runTime.uppercased())
    } else if let start = component["DTSTART"], let startDate = ICalDateTime.parseFloating(start),
      let runDate = ICalDateTime.parseFloating(runTime), start.uppercased().hasSuffix("Z") == false
    {
      let minutes = Int((startDate - runDate) / 60)
      trigger = ICalContentLine(
        name: "TRIGGER", value: minutes >= 0 ? "-PT\(minutes)M" : "PT\(-minutes)M")
    } else {
      return nil
    }
    trigger.line = property.line
    let audio = property.name == "AALARM"
    var alarm = ICalComponent(name: "VALARM", line: property.line)
    alarm.properties.append(
      ICalContentLine(name: "ACTION", value: audio ? "AUDIO" : "DISPLAY", line: property.line))
    alarm.properties.append(trigger)
    if parts.count > 2, let snooze = parts.dropFirst().first, !snooze.isEmpty,
      let count = Int(parts[2]), count > 0
    {
      alarm.properties.append(ICalContentLine(name: "DURATION", value: snooze, line: property.line))
      alarm.properties.append(
        ICalContentLine(name: "REPEAT", value: String(count), line: property.line))
    }
    if !audio {
      let text =
        parts.count > 3 && !parts[3].isEmpty
        ? ICalendarReader.escapeText(parts[3]) : (component["SUMMARY"] ?? "Reminder")
      alarm.properties.append(
        ICalContentLine(name: "DESCRIPTION", value: text, line: property.line))
    }
    return alarm
  }

  /// Decodes quoted-printable (`=XX`, soft breaks already joined by unfolding; a final `=` is
  /// kept) with the shared `QuotedPrintable` decoder.
  public static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
    QuotedPrintable.decode(bytes)
  }

  /// RFC 5545 TEXT unescaping: `\n` (or `\N`) is a line break, `\x` is `x`.
  public static func unescapeText(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
    var out = ""
    var escaped = false
    for char in text {
      if escaped {
        out.append(char == "n" || char == "N" ? "\n" : char)
        escaped = false
      } else if char == "\\" {
        escaped = true
      } else {
        out.append(char)
      }
    }
    return out
  }

  /// RFC 5545 TEXT escaping: backslash, `;`, `,` and newlines.
  public static func escapeText(_ text: String) -> String {
    var out = ""
    var previousCR = false
    for char in text.unicodeScalars {
      switch char {
      case "\\": out += "\\\\"
      case ";": out += "\\;"
      case ",": out += "\\,"
      case "\r": out += "\\n"
      case "\n": if !previousCR { out += "\\n" }
      default: out.unicodeScalars.append(char)
      }
      previousCR = char == "\r"
    }
    return out
  }
}

/// Small date-time helpers for basic-format iCalendar values (`yyyyMMdd[THHmmss[Z]]`).
public enum ICalDateTime {
  /// Seconds since 1970 of a basic-format date or date-time read as if it were UTC (the `Z` is ignored);
  /// nil when the value is not a real date or time of day (see `problem(in:)`).
  public static func parseFloating(_ value: String) -> Double? {
    guard case .success(let seconds) = evaluate(value) else { return nil }
    return seconds
  }

  /// Why a basic-format date or date-time cannot be one (`month 13`, `day 32`, `hour 25`,
  /// `negative year`…), or nil when it is valid (RFC 5545 §3.3.4, §3.3.5: second 60 is allowed).
  public static func problem(in value: String) -> String? {
    guard case .failure(let reason) = evaluate(value) else { return nil }
    return reason.text
  }

  private struct Reason: Error { var text: String }

  private static func evaluate(_ value: String) -> Result<Double, Reason> {
    var chars = Array(value.utf8)
    while let last = chars.last, last == 0x20 || last == 0x09 { chars.removeLast() }
    if let start = chars.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), start > 0 {
      chars.removeFirst(start)
    }
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= chars.count else { return nil }
      var result = 0
      for byte in chars[range] {
        guard byte >= 0x30 && byte <= 0x39 else { return nil }
        result = result * 10 + Int(byte - 0x30)
      }
      return result
    }
    if chars.first == UInt8(ascii: "-") { return .failure(Reason(text: "negative year")) }
    guard chars.count >= 8, let year = number(0..<4) else {
      return .failure(Reason(text: "not a yyyyMMdd date"))
    }
    guard let month = number(4..<6), let day = number(6..<8) else {
      return .failure(Reason(text: "not a yyyyMMdd date"))
    }
    guard (1...12).contains(month) else { return .failure(Reason(text: "month \(month)")) }
    guard day >= 1, day <= MailDate.daysInMonth(year: year, month: month) else {
      return .failure(Reason(text: "day \(day) of month \(month)"))
    }
    var seconds = 0
    if chars.count > 8 {
      guard chars.count >= 15, chars[8] | 0x20 == UInt8(ascii: "t"),
        chars.count == 15 || (chars.count == 16 && chars[15] | 0x20 == UInt8(ascii: "z")),
        let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
      else { return .failure(Reason(text: "not a yyyyMMddTHHmmss[Z] date-time")) }
      guard hour < 24 else { return .failure(Reason(text: "hour \(hour)")) }
      guard minute < 60 else { return .failure(Reason(text: "minute \(minute)")) }
      guard second <= 60 else { return .failure(Reason(text: "second \(second)")) }
      seconds = hour * 3600 + minute * 60 + second
    }
    return .success(Double(MailDate.days(year: year, month: month, day: day) * 86400 + seconds))
  }
}
