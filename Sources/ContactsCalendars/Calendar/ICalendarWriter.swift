import Foundation
import MailModel

/// The files `ICalendarWriter` produces: one for `POST /home/USER/Calendar?fmt=ics` and one for
/// `POST /home/USER/Tasks?fmt=ics`.
public struct ICalendarOutput: Sendable {
  /// A `VCALENDAR` with every `VEVENT`, or nil when there is none.
  public var events: [UInt8]?
  /// A `VCALENDAR` with every `VTODO`, or nil when there is none.
  public var tasks: [UInt8]?
  /// How many `VEVENT`s `events` holds (after duplicates were resolved).
  public var eventCount: Int
  /// How many `VTODO`s `tasks` holds (after duplicates were resolved).
  public var taskCount: Int
  /// Conversions made and components dropped, for the report.
  public var diagnostics: [Diagnostic]
}

/// Writes what Zimbra's ICS importer accepts (ZIMBRA-IMPORT.md §4): `VERSION:2.0`, our `PRODID`, every
/// referenced `VTIMEZONE` before the components that use it, `VEVENT`s and `VTODO`s in separate outputs,
/// UIDs kept (a deterministic one generated when missing), duplicates by UID + RECURRENCE-ID resolved as
/// Zimbra would (the later one unless its `SEQUENCE` is lower).
///
/// A TZID with no `VTIMEZONE` that is not an Olson name is an unknown zone to Zimbra (it would use the
/// account's zone). When `ICalTimeZoneResolver` can still tell the zone (a Windows or Outlook display
/// name, a fixed offset, or `fallbackTimeZone`), times of non-recurring components are written in UTC
/// and recurring series (and their exceptions) name the Olson zone instead; each TZID gets a report line.
public struct ICalendarWriter: Sendable {
  /// The `PRODID` value written in every output `VCALENDAR`.
  public var prodID: String
  /// The zone for TZIDs nothing else resolves (the old server's zone), or nil to leave them as they are.
  public var fallbackTimeZone: TimeZone?

  /// Creates a writer with zmigrate's `PRODID` and no fallback zone unless told otherwise.
  public init(prodID: String = "-//zmigrate//EN", fallbackTimeZone: TimeZone? = nil) {
    self.prodID = prodID
    self.fallbackTimeZone = fallbackTimeZone
  }

  /// Writes calendars read by `ICalendarReader`; `file` names the source in diagnostics.
  public func write(_ calendars: [ICalComponent], file: String) -> ICalendarOutput {
    var diagnostics: [Diagnostic] = []
    var timezones: [String: ICalComponent] = [:]
    var items: [ICalComponent] = []
    var slots: [String: Int] = [:]
    for calendar in calendars {
      let version = calendar["VERSION"]?.trimmingCharacters(in: .whitespaces)
      if let version, version != "2.0" {
        diagnostics.append(
          Diagnostic(
            .warning, code: "unknown-version",
            "VERSION:\(version) written as 2.0",
            at: SourceLocation(file: calendar.file ?? file, line: calendar.line)
          ))
      }
      let method = (calendar["METHOD"] ?? "PUBLISH").trimmingCharacters(in: .whitespaces)
        .uppercased()
      let createsItems = method == "PUBLISH" || method == "REQUEST"
      for component in calendar.components {
        let location = SourceLocation(file: component.file ?? file, line: component.line)
        if !createsItems && (component.name == "VEVENT" || component.name == "VTODO") {
          diagnostics.append(
            Diagnostic(
              .skipped, code: "method-ignored",
              "\(component.name) \(component["UID"] ?? "") in a METHOD:\(method) calendar; Zimbra creates no item for it",
              at: location))
          continue
        }
        switch component.name {
        case "VTIMEZONE":
          guard let tzid = component.tzid else {
            diagnostics.append(
              Diagnostic(
                .skipped, code: "vtimezone-without-tzid", "VTIMEZONE without TZID dropped",
                at: location))
            continue
          }
          if let existing = timezones[tzid] {
            if existing.serialized != component.serialized {
              diagnostics.append(
                Diagnostic(
                  .warning, code: "duplicate-vtimezone",
                  "another VTIMEZONE \(tzid) (\(ICalendarWriter.place(existing, from: location))) is used; this one is dropped",
                  at: location))
            }
          } else {
            timezones[tzid] = component
          }
        case "VEVENT", "VTODO":
          var item = component
          if (item["UID"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            let hash = SHA256.hash(component.serialized).map { String(format: "%02x", $0) }.joined()
            let uid = "zmigrate-" + hash
            item.properties.removeAll { $0.name == "UID" }
            item.properties.insert(ICalContentLine(name: "UID", value: uid), at: 0)
            diagnostics.append(
              Diagnostic(
                .warning, code: "missing-uid", "\(component.name) without UID given \(uid)",
                at: location))
          }
          let key = ICalendarWriter.identity(of: item)
          if let slot = slots[key] {
            let kept = ICalendarWriter.replaces(item, items[slot]) ? item : items[slot]
            let dropped = kept == item ? items[slot] : item
            diagnostics.append(
              Diagnostic(
                .warning, code: "duplicate-uid",
                "\(item.name) UID \(item["UID"] ?? "")\(item["RECURRENCE-ID"].map { " RECURRENCE-ID \($0)" } ?? "") appears more than once; kept SEQUENCE \(kept["SEQUENCE"] ?? "0") (\(ICalendarWriter.place(kept, from: location))), dropped \(ICalendarWriter.place(dropped, from: location))",
                at: location))
            items[slot] = kept
          } else {
            slots[key] = items.count
            items.append(item)
          }
        default:
          diagnostics.append(
            Diagnostic(
              .skipped, code: "ignored-component",
              "\(component.name) is not imported by Zimbra; dropped", at: location))
        }
      }
    }
    items = rewriteUnknownZones(items, timezones: timezones, file: file, diagnostics: &diagnostics)
    items = rewriteTimesZimbraWouldShift(
      items, timezones: timezones, file: file, diagnostics: &diagnostics)
    let events = items.filter { $0.name == "VEVENT" }
    let tasks = items.filter { $0.name == "VTODO" }
    func output(_ components: [ICalComponent]) -> [UInt8]? {
      guard !components.isEmpty else { return nil }
      var tzids: [String] = []
      for component in components {
        for tzid in component.referencedTZIDs where !tzids.contains(tzid) { tzids.append(tzid) }
      }
      var bytes: [UInt8] = []
      bytes += ICalContentLineWriter.write(ICalContentLine(name: "BEGIN", value: "VCALENDAR"))
      bytes += ICalContentLineWriter.write(ICalContentLine(name: "VERSION", value: "2.0"))
      bytes += ICalContentLineWriter.write(ICalContentLine(name: "PRODID", value: prodID))
      for tzid in tzids {
        // Items of several calendars meet here: a definition the tz database contradicts at a
        // time one of them uses is left out, as the reader leaves it out of one calendar.
        guard let timezone = timezones[tzid],
          !ICalTimeZoneNormalizer.contradicts(timezone, named: tzid, for: components)
        else { continue }
        bytes += timezone.serialized
      }
      for component in components { bytes += component.serialized }
      bytes += ICalContentLineWriter.write(ICalContentLine(name: "END", value: "VCALENDAR"))
      return bytes
    }
    let eventBytes = output(events)
    let taskBytes = output(tasks)
    return ICalendarOutput(
      events: eventBytes, tasks: taskBytes, eventCount: events.count, taskCount: tasks.count,
      diagnostics: diagnostics)
  }

  /// Applies the unknown-zone rule (see the type's comment) and reports each TZID once.
  func rewriteUnknownZones(
    _ items: [ICalComponent], timezones: [String: ICalComponent], file: String,
    diagnostics: inout [Diagnostic]
  ) -> [ICalComponent] {
    let resolver = ICalTimeZoneResolver(vtimezones: [:], fallback: fallbackTimeZone)
    struct Tally {
      var firstFile: String
      var firstLine: Int
      var toUTC = 0
      var renamed = 0
      var kept = 0
      var resolution: ICalZoneResolution?
    }
    var tallies: [String: Tally] = [:]
    var order: [String] = []
    let result = items.map { item -> ICalComponent in
      let unknown = item.referencedTZIDs.filter {
        timezones[$0] == nil && !ICalendarWriter.isWellKnownTZID($0)
      }
      guard !unknown.isEmpty else { return item }
      let recurring = item.isRecurring
      var rewritten = item
      for tzid in unknown {
        if tallies[tzid] == nil {
          tallies[tzid] = Tally(
            firstFile: item.file ?? file, firstLine: item.line, resolution: resolver.resolve(tzid))
          order.append(tzid)
        }
        guard let resolution = tallies[tzid]?.resolution else {
          tallies[tzid]?.kept += 1
          continue
        }
        if recurring, let olson = resolution.olsonName {
          rewritten = rewritten.rewritingTimes(in: tzid) { line in
            var line = line
            line.setParameter("TZID", [olson])
            return line
          }
          tallies[tzid]?.renamed += 1
        } else {
          rewritten = rewritten.rewritingTimes(in: tzid) { $0.inUTC(resolution.zone) }
          tallies[tzid]?.toUTC += 1
        }
      }
      return rewritten
    }
    for tzid in order {
      guard let tally = tallies[tzid] else { continue }
      let location = SourceLocation(file: tally.firstFile, line: tally.firstLine)
      guard let resolution = tally.resolution else {
        diagnostics.append(
          Diagnostic(
            .warning, code: "unknown-tzid",
            "TZID \(tzid) has no VTIMEZONE and is not a zone name zmigrate knows; Zimbra will read the times of \(tally.kept) component(s) in the account's time zone (give --timezone ZONE to write them in UTC)",
            at: location))
        continue
      }
      let how =
        resolution.olsonName.map { "\(resolution.source.rawValue) for \($0)" }
        ?? resolution.source.rawValue
      if tally.toUTC > 0 {
        diagnostics.append(
          Diagnostic(
            .warning, code: "tzid-to-utc",
            "TZID \(tzid) has no VTIMEZONE (read as \(how)): times of \(tally.toUTC) component(s) written in UTC",
            at: location))
      }
      if tally.renamed > 0, let olson = resolution.olsonName {
        diagnostics.append(
          Diagnostic(
            .warning, code: "tzid-renamed",
            "TZID \(tzid) has no VTIMEZONE (read as \(how)): \(tally.renamed) recurring component(s) now use TZID \(olson)",
            at: location))
      }
    }
    return result
  }

  /// Zimbra keeps one rule per zone: the current one for zones it knows (its own definition replaces
  /// the file's VTIMEZONE), the latest observances of a VTIMEZONE it does not know. A non-recurring
  /// component whose local times that single rule would place at another instant than the zone's own
  /// rules (the tz database for a tz-database name, else the file's VTIMEZONE) is written in UTC, with
  /// one report line per TZID.
  func rewriteTimesZimbraWouldShift(
    _ items: [ICalComponent], timezones: [String: ICalComponent], file: String,
    diagnostics: inout [Diagnostic]
  ) -> [ICalComponent] {
    var cache: [String: (truth: ICalZone, zimbra: ICalZone)?] = [:]
    var changed: [String: (count: Int, file: String, line: Int)] = [:]
    var order: [String] = []
    let year = MailDate.civil(days: Int(Date().timeIntervalSince1970 / 86400)).0
    func zimbraOwnRule(for tzid: String) -> ICalZone? {
      guard let olson = ICalTimeZoneResolver.resolveName(tzid)?.olsonName,
        let zone = TimeZone(identifier: olson)
      else { return nil }
      if let rules = ICalTimeZoneRules.currentRules(of: zone, year: year) { return .rules(rules) }
      let middle = Double(MailDate.days(year: year, month: 7, day: 1)) * 86400
      return .fixed(seconds: zone.secondsFromGMT(for: Date(timeIntervalSince1970: middle)))
    }
    func views(of tzid: String) -> (truth: ICalZone, zimbra: ICalZone)? {
      if let cached = cache[tzid] { return cached }
      var result: (ICalZone, ICalZone)?
      let knownToZimbra =
        ICalendarWriter.isWellKnownTZID(tzid) || WindowsTimeZoneNames.olson[tzid] != nil
      if ICalendarWriter.isWellKnownTZID(tzid),
        let resolved = ICalTimeZoneResolver.resolveName(tzid)
      {
        // A tz-database name is read by the tz database, whatever VTIMEZONE the file has (the
        // reader drops one that disagrees), as Zimbra and every client that knows the name do.
        result = zimbraOwnRule(for: tzid).map { (resolved.zone, $0) }
      } else if let vtimezone = timezones[tzid], let rules = ICalTimeZoneRules(vtimezone) {
        if knownToZimbra {
          result = zimbraOwnRule(for: tzid).map { (.rules(rules), $0) }
        } else if rules.hasHistory {
          result = (.rules(rules), .rules(rules.latestRulesOnly))
        }
      }
      cache[tzid] = .some(result)
      return result
    }
    let rewritten = items.map { item -> ICalComponent in
      let recurring = item.isRecurring
      guard !recurring else { return item }
      var result = item
      for tzid in item.referencedTZIDs {
        guard let (truth, zimbra) = views(of: tzid) else { continue }
        guard
          item.localTimes(in: tzid).contains(where: {
            truth.utc(fromLocal: $0) != zimbra.utc(fromLocal: $0)
          })
        else { continue }
        result = result.rewritingTimes(in: tzid) { $0.inUTC(truth) }
        if changed[tzid] == nil {
          order.append(tzid)
          changed[tzid] = (0, item.file ?? file, item.line)
        }
        changed[tzid]?.count += 1
      }
      return result
    }
    for tzid in order {
      guard let (count, firstFile, line) = changed[tzid] else { continue }
      diagnostics.append(
        Diagnostic(
          .warning, code: "tzid-rule-history",
          "TZID \(tzid): \(count) non-recurring component(s) fall where Zimbra's single rule for this zone gives another UTC offset than the zone's own rules; their times are written in UTC",
          at: SourceLocation(file: firstFile, line: line)))
    }
    return rewritten
  }

  /// `line 12` for a component of the file `location` names, `other.ics:12` for another file's.
  static func place(_ component: ICalComponent, from location: SourceLocation) -> String {
    guard let file = component.file, file != location.file else { return "line \(component.line)" }
    return "\(file):\(component.line)"
  }

  /// `NAME|UID|RECURRENCE-ID;TZID` — what makes two components the same item.
  static func identity(of component: ICalComponent) -> String {
    let uid = (component["UID"] ?? "").trimmingCharacters(in: .whitespaces)
    var key = component.name + "|" + uid
    if let recurrence = component.property("RECURRENCE-ID") {
      key += "|" + recurrence.value.trimmingCharacters(in: .whitespaces).uppercased()
      if let tzid = recurrence.parameter("TZID")?.value { key += ";" + tzid }
    }
    return key
  }

  /// Whether `new` (later in the input) replaces `old`: as Zimbra's `Invite.isSameOrNewerVersion`, when
  /// its SEQUENCE is the same or higher (DTSTAMP plays no part).
  static func replaces(_ new: ICalComponent, _ old: ICalComponent) -> Bool {
    let newSequence = Int((new["SEQUENCE"] ?? "0").trimmingCharacters(in: .whitespaces)) ?? 0
    let oldSequence = Int((old["SEQUENCE"] ?? "0").trimmingCharacters(in: .whitespaces)) ?? 0
    return newSequence >= oldSequence
  }

  /// Whether a TZID is a tz-database name (or `UTC`/`GMT`) that Zimbra knows without a `VTIMEZONE`.
  public static func isWellKnownTZID(_ tzid: String) -> Bool {
    ICalTimeZoneResolver.olsonIdentifier(tzid.hasPrefix("/") ? String(tzid.dropFirst()) : tzid)
      != nil
  }
}
