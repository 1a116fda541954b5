import ContactsCalendars
import Formatters
import Foundation
import MailModel

/// The events and tasks of calendar files, for `ics`, `ifb` and calendar feeds: each item keeps
/// the calendar it came from, so it is written and expanded with that calendar's time zones.
struct ExportCalendar {
  /// One `VEVENT` or `VTODO` and the calendar it is in.
  struct Item {
    var component: ICalComponent
    var calendar: Int
  }

  let calendars: [ICalComponent]
  let items: [Item]
  let floating: TimeZone

  init(calendars: [ICalComponent], floating: TimeZone) {
    self.calendars = calendars
    self.floating = floating
    items = calendars.enumerated().flatMap { index, calendar in
      calendar.components.filter { $0.name == "VEVENT" || $0.name == "VTODO" }.map {
        Item(component: $0, calendar: index)
      }
    }
  }

  /// What a query can ask of an item: summary (subject), description and location (text),
  /// organizer (from), attendees (to), categories (tags).
  static func facts(of item: Item) -> MessageFacts {
    let component = item.component
    func text(_ name: String) -> String { unescape(component[name] ?? "") }
    func address(_ value: String) -> String {
      value.lowercased().hasPrefix("mailto:") ? String(value.dropFirst(7)) : value
    }
    let organizer = component.property("ORGANIZER").map { address($0.value) }
    let attendees = component.properties.filter { $0.name == "ATTENDEE" }.map { address($0.value) }
    let tags = component.properties.filter { $0.name == "CATEGORIES" }.flatMap {
      $0.value.split(separator: ",").map { unescape(String($0)) }
    }
    return MessageFacts(
      folder: FolderPath([component.name == "VTODO" ? "Tasks" : "Calendar"]), tags: tags,
      from: organizer.map { [$0] } ?? [], to: attendees, subject: text("SUMMARY"),
      messageID: text("UID"),
      headerText: [text("SUMMARY"), text("LOCATION")].joined(separator: "\n"),
      bodyText: [text("DESCRIPTION"), text("LOCATION")].joined(separator: "\n"))
  }

  /// RFC 5545 TEXT unescaped (`\n`, `\,`, `\;`, `\\`).
  static func unescape(_ value: String) -> String { ICalendarReader.unescapeText(value) }

  /// The calendars again, each holding only its items among `chosen` (and all its time zones).
  func calendars(holding chosen: [Item]) -> [ICalComponent] {
    calendars.enumerated().compactMap { index, calendar in
      let mine = chosen.filter { $0.calendar == index }.map(\.component)
      guard !mine.isEmpty else { return nil }
      var copy = calendar
      copy.components = calendar.components(named: "VTIMEZONE") + mine
      return copy
    }
  }

  /// The busy intervals of some items in `[from, to)` (one per instance, as free/busy sees it).
  func intervals(
    of chosen: [Item], from: Double, to: Double, diagnostics: inout [Diagnostic]
  ) -> [ICalBusyInterval] {
    ICalFreeBusy(floatingTimeZone: floating).busyIntervals(
      in: calendars(holding: chosen), from: from, to: to, file: "calendar",
      diagnostics: &diagnostics)
  }

  /// The instances of one event in `[from, to)`: a series without the instances its overrides
  /// (components with its UID and a `RECURRENCE-ID`) replace; an override, its own.
  func instances(
    of item: Item, from: Double, to: Double, diagnostics: inout [Diagnostic]
  ) -> [ICalBusyInterval] {
    guard item.component.property("RECURRENCE-ID") == nil, let uid = item.component["UID"] else {
      return intervals(of: [item], from: from, to: to, diagnostics: &diagnostics)
    }
    let overrides = items.filter {
      $0.calendar == item.calendar && $0.component["UID"] == uid
        && $0.component.property("RECURRENCE-ID") != nil
    }
    guard !overrides.isEmpty else {
      return intervals(of: [item], from: from, to: to, diagnostics: &diagnostics)
    }
    let replaced = Set(
      overrides.flatMap {
        intervals(of: [$0], from: from, to: to, diagnostics: &diagnostics).map(\.start)
      })
    return intervals(of: [item] + overrides, from: from, to: to, diagnostics: &diagnostics)
      .filter { !replaced.contains($0.start) }
  }

  /// Whether an event has an instance in `[from, to)`.
  func occurs(_ item: Item, from: Double, to: Double, diagnostics: inout [Diagnostic]) -> Bool {
    !instances(of: item, from: from, to: to, diagnostics: &diagnostics).isEmpty
  }

  /// One feed entry per instance of each event in `[from, to)`, by start time.
  func instances(
    of chosen: [Item], from: Double, to: Double, diagnostics: inout [Diagnostic]
  ) -> [FeedEntry] {
    var entries: [FeedEntry] = []
    for (index, item) in chosen.enumerated() where item.component.name == "VEVENT" {
      let facts = Self.facts(of: item)
      for interval in instances(of: item, from: from, to: to, diagnostics: &diagnostics) {
        entries.append(
          FeedWriter.entry(
            summary: facts.subject, description: Self.unescape(item.component["DESCRIPTION"] ?? ""),
            organizer: facts.from.first.flatMap { AddressList.parse($0).first },
            start: Int64(interval.start), id: index + 1, uid: facts.messageID))
      }
    }
    return entries.sorted { $0.date != $1.date ? $0.date < $1.date : $0.id < $1.id }
  }

  /// Zimbra's `fmt=ifb` answer (IfbFormatter): one VFREEBUSY for `[from, to)` with a
  /// `FREEBUSY;FBTYPE=...` line per merged busy interval, CRLF lines, not folded.
  func freeBusy(
    _ chosen: [Item], from: Double, to: Double, organizer: String?, url: String, stamp: Double,
    diagnostics: inout [Diagnostic]
  ) -> [UInt8] {
    let busy = ICalFreeBusy(floatingTimeZone: floating).busyIntervals(
      in: calendars(holding: chosen), from: from, to: to, file: "calendar",
      diagnostics: &diagnostics)
    var lines = [
      "BEGIN:VCALENDAR", "PRODID:Zimbra-Calendar-Provider", "VERSION:2.0", "METHOD:PUBLISH",
      "BEGIN:VFREEBUSY",
    ]
    if let organizer { lines.append("ORGANIZER:mailto:" + organizer) }
    lines += [
      "DTSTAMP:" + ICalFreeBusy.formatUTC(stamp), "DTSTART:" + ICalFreeBusy.formatUTC(from),
      "DTEND:" + ICalFreeBusy.formatUTC(to), "URL:" + url,
    ]
    for interval in busy {
      lines.append(
        "FREEBUSY;FBTYPE=\(interval.kind.rawValue):" + ICalFreeBusy.formatUTC(interval.start) + "/"
          + ICalFreeBusy.formatUTC(interval.end))
    }
    lines += ["END:VFREEBUSY", "END:VCALENDAR"]
    return Array(lines.map { $0 + "\r\n" }.joined().utf8)
  }
}
