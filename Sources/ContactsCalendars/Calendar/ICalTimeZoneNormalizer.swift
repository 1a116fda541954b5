import Foundation
import MailModel

extension ICalComponent {
  /// The `TZID` of a `VTIMEZONE` with its TEXT escapes undone (`Brussels\, Copenhagen` →
  /// `Brussels, Copenhagen`) and surrounding white space removed: the name `TZID` parameters use.
  public var tzid: String? {
    property("TZID").map { ICalTimeZoneNormalizer.unescape($0.value) }
  }
}

/// Brings the TZIDs of one file's calendars to names that match and parse, as the reader's last step
/// (RFC 5545 scopes a TZID to its `VCALENDAR`, so each calendar is done on its own; report lines are
/// counted per file):
///
/// - TEXT escapes are undone (`TZID:Brussels\, Copenhagen` defines `TZID="Brussels, Copenhagen"`),
///   and an unquoted parameter split at its escaped commas is joined again.
/// - A prefixed TZID (`/mozilla.org/20070129_1/Europe/Berlin`) becomes the tz-database name at its end.
/// - An empty TZID (Exchange 2010) is resolved by its `VTIMEZONE`'s offsets: UTC where they are all
///   +0000, else a tz-database zone whose offsets match for the years used, else the times of
///   non-recurring components are written in UTC and a series keeps the definition under a name.
/// - A `VTIMEZONE` whose TZID names a tz-database zone but gives other offsets than the database for
///   a time the calendar uses (a truncated definition: observances of one year, no `RRULE`) is
///   dropped: the tz database is followed, as Zimbra does for names it knows.
enum ICalTimeZoneNormalizer {
  /// RFC 5545 TEXT unescaping (`\,` `\;` `\\` `\n`), trimmed.
  static func unescape(_ text: String) -> String {
    guard text.utf8.contains(UInt8(ascii: "\\")) else {
      let blank: Set<UInt8> = [0x20, 0x09]
      guard let first = text.utf8.first, let last = text.utf8.last,
        blank.contains(first) || blank.contains(last)
      else { return text }
      return text.trimmingCharacters(in: .whitespaces)
    }
    return ICalendarReader.unescapeText(text).trimmingCharacters(in: .whitespaces)
  }

  /// The name a TZID is written with: the tz-database name at the end of a prefixed one, else the
  /// name itself.
  static func canonicalName(_ name: String) -> String {
    guard name.contains("/"), ICalTimeZoneResolver.olsonIdentifier(name) == nil else { return name }
    return ICalTimeZoneResolver.tzDatabaseSuffix(name) ?? name
  }

  /// What one file's calendars told, for one report line per zone.
  private struct Tally {
    var line: Int
    var components = 0
    var times = 0
    var series = 0
    var firstLocal: Double?
    var detail = ""
  }

  /// The calendars with their TZIDs normalized; report lines go to `diagnostics`.
  static func normalize(
    _ calendars: [ICalComponent], file: String, diagnostics: inout [Diagnostic]
  ) -> [ICalComponent] {
    var renamed: [String: (to: String, tally: Tally)] = [:]
    var renamedOrder: [String] = []
    var disagreements: [String: Tally] = [:]
    var disagreementOrder: [String] = []
    var result: [ICalComponent] = []
    var names: [String: String] = [:]
    func canonical(_ raw: String) -> String {
      if let known = names[raw] { return known }
      let name = canonicalName(raw)
      names[raw] = name
      return name
    }
    for calendar in calendars {
      var calendar = calendar
      // 1. Escapes and prefixes, in definitions and uses.
      for index in calendar.components.indices where calendar.components[index].name == "VTIMEZONE"
      {
        guard let raw = calendar.components[index].tzid else { continue }
        let name = canonical(raw)
        var line =
          calendar.components[index].property("TZID") ?? ICalContentLine(name: "TZID", value: "")
        line.value = ICalendarReader.escapeText(name)
        calendar.components[index].setProperty(line)
      }
      var hasEmpty = calendar.components.contains { $0.name == "VTIMEZONE" && $0.tzid == "" }
      for index in calendar.components.indices where calendar.components[index].name != "VTIMEZONE"
      {
        var used: Set<String> = []
        mapTZIDs(&calendar.components[index]) { raw in
          let name = canonical(raw)
          if name != raw, !name.isEmpty { used.insert(raw) }
          if name.isEmpty { hasEmpty = true }
          return name
        }
        for raw in used {
          if renamed[raw] == nil {
            renamed[raw] = (canonical(raw), Tally(line: calendar.components[index].line))
            renamedOrder.append(raw)
          }
          renamed[raw]?.tally.components += 1
        }
      }
      // 2. Empty TZIDs.
      if hasEmpty {
        calendar = resolveEmptyTZID(in: calendar, file: file, diagnostics: &diagnostics)
      }
      // 3. Definitions of tz-database zones that the database contradicts.
      let snapshot = calendar
      calendar.components = snapshot.components.filter { component in
        guard component.name == "VTIMEZONE", let name = component.tzid,
          let tally = disagreement(of: component, named: name, in: snapshot)
        else { return true }
        if var known = disagreements[name] {
          known.components += tally.components
          known.times += tally.times
          known.series += tally.series
          disagreements[name] = known
        } else {
          disagreements[name] = tally
          disagreementOrder.append(name)
        }
        return false
      }
      result.append(calendar)
    }
    for raw in renamedOrder {
      guard let (name, tally) = renamed[raw] else { continue }
      diagnostics.append(
        Diagnostic(
          .warning, code: "tzid-prefix",
          "TZID \(raw) is read as the tz-database zone \(name) (\(tally.components) component(s))",
          at: SourceLocation(file: file, line: tally.line)))
    }
    for name in disagreementOrder {
      guard let tally = disagreements[name] else { continue }
      let first = tally.firstLocal.map {
        " (first \(String(ICalFreeBusy.formatUTC($0).dropLast())))"
      }
      let what = [
        tally.components > 0
          ? "\(tally.times) date-time(s) of \(tally.components) component(s)" : nil,
        tally.series > 0 ? "\(tally.series) recurring series" : nil,
      ].compactMap { $0 }.joined(separator: " and ")
      diagnostics.append(
        Diagnostic(
          .warning, code: "vtimezone-disagrees",
          "VTIMEZONE \(name)\(tally.detail) and the tz database give different UTC offsets for \(what)\(first ?? ""); the tz database is followed and this VTIMEZONE is not written",
          at: SourceLocation(file: file, line: tally.line)))
    }
    return result
  }

  /// Applies `transform` to every `TZID` parameter of `component` and its children (the values
  /// joined, unescaped; `VTIMEZONE`s left alone), changing only what changes.
  static func mapTZIDs(_ component: inout ICalComponent, _ transform: (String) -> String) {
    guard component.name != "VTIMEZONE" else { return }
    for index in component.properties.indices {
      guard
        let parameter = component.properties[index].parameters.first(where: { $0.name == "TZID" })
      else { continue }
      let raw = parameter.values.count == 1 ? parameter.values[0] : parameter.value
      let name = transform(unescape(raw))
      if parameter.values != [name] { component.properties[index].setParameter("TZID", [name]) }
    }
    for index in component.components.indices {
      mapTZIDs(&component.components[index], transform)
    }
  }

  // MARK: Empty TZIDs

  private static func resolveEmptyTZID(
    in calendar: ICalComponent, file: String, diagnostics: inout [Diagnostic]
  ) -> ICalComponent {
    let definitions = calendar.components.filter { $0.name == "VTIMEZONE" && $0.tzid == "" }
    var result = calendar
    result.components.removeAll { $0.name == "VTIMEZONE" && $0.tzid == "" }
    let users = result.components.indices.filter {
      result.components[$0].name != "VTIMEZONE"
        && result.components[$0].referencedTZIDs.contains("")
    }
    guard !users.isEmpty else { return result }
    let calendar = result
    let firstLine = calendar.components[users[0]].line
    func report(_ message: String) {
      diagnostics.append(
        Diagnostic(
          .warning, code: "empty-tzid", "TZID is empty: " + message,
          at: SourceLocation(file: file, line: firstLine)))
    }
    guard let definition = definitions.first, let rules = ICalTimeZoneRules(definition) else {
      for index in users {
        result.components[index] = result.components[index].rewritingTimes(in: "") {
          var line = $0
          line.removeParameter("TZID")
          return line
        }
      }
      report(
        "no VTIMEZONE with an empty TZID defines it; the times of \(users.count) component(s) are written without TZID (floating: Zimbra reads them in the account's time zone)"
      )
      return result
    }
    let defined =
      "the VTIMEZONE of line \(definition.line)"
      + (definitions.count > 1 ? " (the first of \(definitions.count) without TZID)" : "")
    if rules.observances.allSatisfy({ $0.offsetFrom == 0 && $0.offsetTo == 0 }) {
      for index in users {
        result.components[index] = result.components[index].rewritingTimes(in: "") {
          $0.inUTC(.fixed(seconds: 0))
        }
      }
      report("\(defined) is +0000; the times of \(users.count) component(s) are written in UTC")
      return result
    }
    var years: Set<Int> = []
    for index in users {
      let component = calendar.components[index]
      for local in component.localTimes(in: "") {
        let year = MailDate.civil(days: Int((local / 86400).rounded(.down))).0
        years.insert(year)
        if component.isRecurring { years.insert(year + 1) }
      }
    }
    if let olson = matchingZone(rules, years: years.sorted().prefix(10)) {
      for index in users {
        mapTZIDs(&result.components[index]) { $0.isEmpty ? olson : $0 }
      }
      let span = years.isEmpty ? "" : " in \(years.min() ?? 0)–\(years.max() ?? 0)"
      report(
        "\(defined) has the offsets of the tz-database zone \(olson)\(span); \(users.count) component(s) now use TZID \(olson)"
      )
      return result
    }
    let standard =
      rules.observances.filter { $0.offsetTo <= $0.offsetFrom }.map(\.offsetTo).first
      ?? rules.observances[0].offsetTo
    let name = "Unnamed zone (UTC\(formatOffset(standard)))"
    var recurring = 0
    for index in users {
      if calendar.components[index].isRecurring {
        recurring += 1
        mapTZIDs(&result.components[index]) { $0.isEmpty ? name : $0 }
      } else {
        result.components[index] = result.components[index].rewritingTimes(in: "") {
          $0.inUTC(.rules(rules))
        }
      }
    }
    if recurring > 0 {
      var named = definition
      named.setProperty(
        ICalContentLine(
          name: "TZID", value: ICalendarReader.escapeText(name),
          line: definition.property("TZID")?.line ?? definition.line))
      result.components.insert(named, at: 0)
    }
    report(
      "no tz-database zone has the offsets of \(defined); the times of \(users.count - recurring) non-recurring component(s) are written in UTC"
        + (recurring > 0
          ? ", \(recurring) recurring component(s) keep that VTIMEZONE as TZID \(name)" : ""))
    return result
  }

  /// `+01:00`, `-05:30`.
  static func formatOffset(_ seconds: Int) -> String {
    let sign = seconds < 0 ? "-" : "+"
    let minutes = abs(seconds) / 60
    return sign + String(format: "%02d:%02d", minutes / 60, minutes % 60)
  }

  /// The zones Windows names (their CLDR tz-database names, sorted): where an empty TZID comes from,
  /// since Exchange writes the definition of the mailbox's Windows zone.
  static let windowsZones: [(String, TimeZone)] = Set(WindowsTimeZoneNames.olson.values).sorted()
    .compactMap { name in TimeZone(identifier: name).map { (name, $0) } }

  /// The first of `windowsZones` whose offset equals the rules' every day of `years` at noon UTC and
  /// every hour of the two days around each change of the rules' offset; nil when none does.
  static func matchingZone(_ rules: ICalTimeZoneRules, years: ArraySlice<Int>) -> String? {
    guard !years.isEmpty else { return nil }
    // The days of the years listed, not of the span between them: years far apart (a 1601
    // DTSTART beside 2010 events) must not make this hundreds of years of days per zone.
    var instants: [Double] = []
    for year in Set(years).sorted() {
      let start = Double(MailDate.days(year: year, month: 1, day: 1)) * 86400
      let end = Double(MailDate.days(year: year + 1, month: 1, day: 1)) * 86400
      instants += stride(from: start + 43200, to: end, by: 86400)
    }
    let daily = instants.map(rules.offset(atUTC:))
    for index in daily.indices.dropFirst()
    where daily[index] != daily[index - 1] && instants[index] - instants[index - 1] == 86400 {
      instants += stride(from: instants[index - 1], to: instants[index] + 43200, by: 3600)
    }
    let offsets = daily + instants.dropFirst(daily.count).map(rules.offset(atUTC:))
    for (identifier, zone) in windowsZones {
      let matches = zip(instants, offsets).allSatisfy {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: $0.0)) == $0.1
      }
      if matches { return identifier }
    }
    return nil
  }

  // MARK: Definitions the tz database contradicts

  /// The local time a series ends by: its `UNTIL`, its `COUNT` occurrences at its frequency, or ten
  /// years after `start` (also the cap of the other two).
  static func seriesEnd(of component: ICalComponent, from start: Double) -> Double {
    let cap = start + 3653 * 86400
    guard let rule = component["RRULE"] else { return start }
    let parts = ICalRecurrenceRule.parts(rule)
    if let until = parts["UNTIL"].flatMap(ICalDateTime.parseFloating) { return min(until, cap) }
    if let count = parts["COUNT"].flatMap({ Int($0) }) {
      let interval = Double(max(1, parts["INTERVAL"].flatMap { Int($0) } ?? 1))
      let days: Double =
        ["DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366][parts["FREQ"] ?? ""] ?? 1
      return min(start + Double(count) * interval * days * 86400, cap)
    }
    return cap
  }

  /// The UTC instants from `from` to `to` where the rules and the tz database give different offsets:
  /// noon of every day, and every hour of a day on which either offset changes; ascending.
  static func disagreements(
    _ rules: ICalTimeZoneRules, _ zone: TimeZone, from: Double, to: Double
  ) -> [Double] {
    func pair(_ utc: Double) -> (Int, Int) {
      (rules.offset(atUTC: utc), zone.secondsFromGMT(for: Date(timeIntervalSince1970: utc)))
    }
    var result: [Double] = []
    var previous: (Int, Int)?
    var noon = (from / 86400).rounded(.down) * 86400 + 43200
    while noon <= to {
      let offsets = pair(noon)
      if let previous, previous != offsets {
        for hour in stride(from: noon - 86400 + 3600, to: noon, by: 3600) {
          let hourly = pair(hour)
          if hourly.0 != hourly.1 { result.append(hour) }
        }
      }
      if offsets.0 != offsets.1 { result.append(noon) }
      previous = offsets
      noon += 86400
    }
    return result.sorted()
  }

  /// How a `VTIMEZONE` named after a tz-database zone disagrees with the database on the times the
  /// calendar uses, and on the span of each series that uses it (from its start to its `UNTIL`, its
  /// `COUNT`, or ten years); nil when it agrees or is no such zone.
  /// Whether the tz database contradicts `vtimezone`, a definition of the tz-database zone `name`,
  /// at a time `components` use: the reader drops such a definition, and so does the writer.
  static func contradicts(
    _ vtimezone: ICalComponent, named name: String, for components: [ICalComponent]
  ) -> Bool {
    let calendar = ICalComponent(name: "VCALENDAR", components: [vtimezone] + components)
    return disagreement(of: vtimezone, named: name, in: calendar) != nil
  }

  private static func disagreement(
    of vtimezone: ICalComponent, named name: String, in calendar: ICalComponent
  ) -> Tally? {
    guard let olson = ICalTimeZoneResolver.olsonIdentifier(name),
      let database = TimeZone(identifier: olson), let rules = ICalTimeZoneRules(vtimezone)
    else { return nil }
    let file = ICalZone.rules(rules)
    let truth = ICalZone.olson(database)
    func differs(_ local: Double) -> Bool {
      file.utc(fromLocal: local) != truth.utc(fromLocal: local)
    }
    var tally = Tally(line: vtimezone.line)
    var series: [(start: Double, end: Double)] = []
    for component in calendar.components
    where component.name != "VTIMEZONE" && component.referencedTZIDs.contains(name) {
      let locals = component.localTimes(in: name)
      let different = locals.filter(differs)
      if let first = different.min() {
        tally.components += 1
        tally.times += different.count
        tally.firstLocal = min(tally.firstLocal ?? first, first)
      } else if component.isRecurring, let start = locals.min() {
        series.append((start, seriesEnd(of: component, from: start)))
      }
    }
    if let from = series.map(\.start).min(), let to = series.map(\.end).max() {
      let instants = disagreements(rules, database, from: from - 86400, to: to + 86400)
      for (start, end) in series {
        // Local times against UTC instants: a day's margin either side is close enough here.
        guard let first = instants.first(where: { $0 >= start - 86400 && $0 <= end + 86400 })
        else { continue }
        tally.series += 1
        let local = first + Double(database.secondsFromGMT(for: Date(timeIntervalSince1970: first)))
        tally.firstLocal = min(tally.firstLocal ?? local, local)
      }
    }
    guard tally.components + tally.series > 0 else { return nil }
    if !rules.observances.contains(where: \.hasRule) {
      let years = Set(
        rules.observances.map {
          MailDate.civil(days: Int(($0.startLocal / 86400).rounded(.down))).0
        })
      let span =
        years.count == 1
        ? "\(years.first ?? 0) only" : "\(years.min() ?? 0)–\(years.max() ?? 0) only"
      tally.detail = " (line \(vtimezone.line): observances of \(span), no RRULE)"
    } else {
      tally.detail = " (line \(vtimezone.line))"
    }
    return tally
  }
}
