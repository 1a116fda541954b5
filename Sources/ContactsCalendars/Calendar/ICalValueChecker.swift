import MailModel

/// Finds date and date-time values that cannot be one (a negative year, month 13, day 32, hour 25;
/// RFC 5545 §3.3.4, §3.3.5) and drops them so that what is written always parses: the bad values of
/// a list (`EXDATE`, `RDATE`), an optional property (`DTEND`, `DUE`, `DTSTAMP`…), or the whole
/// component when the property is what it is built on (`DTSTART` of an event or of a series,
/// `RECURRENCE-ID`, an `RRULE` `UNTIL`, an alarm's absolute `TRIGGER`, an observance's `DTSTART`).
/// Each drop is a `skipped` diagnostic with the file and line.
enum ICalValueChecker {
  static let dateProperties: Set<String> = [
    "DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE", "DTSTAMP", "CREATED",
    "LAST-MODIFIED", "COMPLETED", "TRIGGER", "RRULE", "EXRULE",
  ]

  /// The calendar with its bad values dropped.
  static func check(_ calendar: ICalComponent, file: String, diagnostics: inout [Diagnostic])
    -> ICalComponent
  {
    var result = calendar
    var index = result.components.startIndex
    while index < result.components.endIndex {
      if check(&result.components[index], file: file, diagnostics: &diagnostics) {
        index += 1
      } else {
        result.components.remove(at: index)
      }
    }
    return result
  }

  private static func describe(_ component: ICalComponent) -> String {
    let uid = component["UID"].map { " " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
    let tzid = component["TZID"].map { " " + $0 } ?? ""
    return "\(component.name)\(uid)\(tzid) of line \(component.line)"
  }

  /// Whether a bad value of `property` costs `component` itself.
  private static func isEssential(_ property: String, in component: ICalComponent) -> Bool {
    switch property {
    case "RECURRENCE-ID", "RRULE": return true
    case "DTSTART":
      return component.name == "VEVENT" || component.name == "STANDARD"
        || component.name == "DAYLIGHT" || component.isRecurring
    case "TRIGGER": return component.name == "VALARM"
    default: return false
    }
  }

  /// Checks `component` in place, changing (and so copying) only what is bad; false when the
  /// component itself is to be dropped.
  private static func check(
    _ component: inout ICalComponent, file: String, diagnostics: inout [Diagnostic]
  ) -> Bool {
    var removed: [Int] = []
    for index in component.properties.indices
    where dateProperties.contains(component.properties[index].name) {
      let property = component.properties[index]
      let bad = candidateValues(of: property).compactMap { value in
        ICalDateTime.problem(in: value.checked).map { (value.whole, $0) }
      }
      guard let (first, reason) = bad.first else { continue }
      let location = SourceLocation(file: file, line: property.line)
      let part = property.name == "RRULE" || property.name == "EXRULE" ? " UNTIL" : ""
      let what =
        "\(property.name)\(part) value \(first) cannot be a date or date-time (\(reason))"
      if isEssential(property.name, in: component) {
        diagnostics.append(
          Diagnostic(
            .skipped, code: "bad-date-time",
            "\(what); \(describe(component)) is dropped", at: location))
        return false
      }
      let badWholes = Set(bad.map(\.0))
      let good = property.value.split(separator: ",").map(String.init).filter {
        !badWholes.contains($0)
      }
      if property.name == "EXDATE" || property.name == "RDATE", !good.isEmpty {
        component.properties[index].value = good.joined(separator: ",")
        diagnostics.append(
          Diagnostic(
            .skipped, code: "bad-date-time",
            "\(what); \(bad.count) value(s) dropped from \(describe(component))", at: location))
      } else {
        removed.append(index)
        diagnostics.append(
          Diagnostic(
            .skipped, code: "bad-date-time",
            "\(what); the property is dropped from \(describe(component))", at: location))
      }
    }
    for index in removed.reversed() { component.properties.remove(at: index) }
    guard !component.components.isEmpty else { return true }
    let hadObservances = component.components.contains {
      $0.name == "STANDARD" || $0.name == "DAYLIGHT"
    }
    var index = component.components.startIndex
    while index < component.components.endIndex {
      if check(&component.components[index], file: file, diagnostics: &diagnostics) {
        index += 1
      } else {
        component.components.remove(at: index)
      }
    }
    if component.name == "VTIMEZONE", hadObservances,
      !component.components.contains(where: { $0.name == "STANDARD" || $0.name == "DAYLIGHT" })
    {
      diagnostics.append(
        Diagnostic(
          .skipped, code: "bad-date-time",
          "\(describe(component)) has no observance left; it is dropped",
          at: SourceLocation(file: file, line: component.line)))
      return false
    }
    return true
  }

  /// The date or date-time values of a property: `whole` as written in the list, `checked` the part
  /// that must be a date (the start and end of a period, the `UNTIL` of a rule).
  private static func candidateValues(of property: ICalContentLine) -> [(
    whole: String, checked: String
  )] {
    switch property.name {
    case "RRULE", "EXRULE":
      guard let until = ICalRecurrenceRule.parts(property.value)["UNTIL"] else { return [] }
      return [(until, until)]
    case "TRIGGER":
      guard property.parameter("VALUE")?.value.uppercased() == "DATE-TIME" else { return [] }
      return [(property.value, property.value)]
    default:
      if !property.value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "/") }
      ) {
        return [(property.value, property.value)]
      }
      var result: [(whole: String, checked: String)] = []
      for part in property.value.split(separator: ",", omittingEmptySubsequences: false) {
        let whole = String(part)
        let pieces = whole.split(separator: "/", maxSplits: 1).map {
          $0.trimmingCharacters(in: .whitespaces)
        }
        for piece in pieces {
          // The second half of a period may be a duration (`PT1H`).
          if piece.hasPrefix("P") || piece.hasPrefix("+") || piece.hasPrefix("-P") { continue }
          result.append((whole, piece))
        }
        if pieces.isEmpty { result.append((whole, whole)) }
      }
      return result
    }
  }
}
