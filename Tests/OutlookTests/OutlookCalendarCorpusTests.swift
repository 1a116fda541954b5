import ContactsCalendars
import Foundation
import MailModel
import TestSupport
import Testing

@testable import Outlook

/// What pffexport printed about one item (`Appointment.txt`, `Task.txt`): `Label: value` lines.
struct PffItemText {
  /// The values by label.
  var values: [String: String] = [:]

  /// Reads the file at `path`; nil when it is absent.
  init?(path: String) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let label = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
      let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
      if values[label] == nil { values[label] = value }
    }
  }

  /// A time pffexport printed (`Feb 04, 2021 11:00:00.000000000 UTC`) as Unix seconds.
  func time(_ label: String) -> Int64? {
    guard let text = values[label]?.split(separator: ".").first else { return nil }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "MMM dd, yyyy HH:mm:ss"
    return formatter.date(from: String(text)).map { Int64($0.timeIntervalSince1970) }
  }
}

/// The UTC instant of a DTSTART/DTEND line of a written VEVENT, read with the VTIMEZONEs of its
/// calendar by ContactsCalendars' resolver (a date is read as local midnight).
func utcInstant(_ line: ICalContentLine, in calendar: ICalComponent) -> Int64? {
  let value = line.value
  func seconds(_ text: Substring) -> Int64? {
    guard text.count >= 8, let year = Int(text.prefix(4)),
      let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.dropFirst(6).prefix(2))
    else { return nil }
    var result = Int64(MailDate.days(year: year, month: month, day: day)) * 86400
    if text.count >= 15, let hour = Int(text.dropFirst(9).prefix(2)),
      let minute = Int(text.dropFirst(11).prefix(2)), let second = Int(text.dropFirst(13).prefix(2))
    {
      result += Int64(hour * 3600 + minute * 60 + second)
    }
    return result
  }
  guard let local = seconds(Substring(value)) else { return nil }
  if value.hasSuffix("Z") { return local }
  guard let tzid = line.parameter("TZID")?.values.first else { return local }
  var vtimezones: [String: ICalComponent] = [:]
  for component in calendar.components(named: "VTIMEZONE") {
    if let name = component.tzid { vtimezones[name] = component }
  }
  guard let zone = ICalTimeZoneResolver(vtimezones: vtimezones).resolve(tzid)?.zone else {
    return nil
  }
  return Int64(zone.utc(fromLocal: Double(local)))
}

/// The local start time (`HHmm`) Outlook's pattern description names (`every Tuesday from 8:00 AM
/// to 8:30 AM` → `0800`); nil when it names none.
func patternStartTime(_ description: String) -> String? {
  guard let range = description.range(of: "from ") else { return nil }
  let words = description[range.upperBound...].split(separator: " ")
  guard words.count >= 2 else { return nil }
  let parts = words[0].split(separator: ":")
  guard parts.count == 2, var hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
  if words[1] == "PM" && hour < 12 { hour += 12 }
  if words[1] == "AM" && hour == 12 { hour = 0 }
  return (hour < 10 ? "0" : "") + String(hour) + (minute < 10 ? "0" : "") + String(minute)
}

/// Unescapes RFC 5545 TEXT.
func unescapedText(_ text: String) -> String {
  var out = ""
  var escaped = false
  for character in text {
    if escaped {
      out.append(character == "n" || character == "N" ? "\n" : character)
      escaped = false
    } else if character == "\\" {
      escaped = true
    } else {
      out.append(character)
    }
  }
  return out
}

@Suite struct OutlookCalendarCorpusTests {
  /// The PSTs holding appointments and tasks.
  static let pstFiles = [
    "edrm-enron-sample.pst", "hughbe-hughbe_Outlook.pst", "rjohnsondev-dist-list.pst",
  ]

  @Test(
    .enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"),
    .enabled(if: PstExportLog.toolIsPresent, "pffexport (pff-tools) not installed"))
  func pstAppointmentsAndTasksMatchPffexport() throws {
    var events = 0
    var tasks = 0
    var recurring = 0
    var exceptions = 0
    var notes: [String: Int] = [:]
    for name in Self.pstFiles {
      let path = Corpus.url("outlook/pst/" + name).path
      let directory = try TemporaryDirectory()
      defer { directory.cleanup() }
      let log = try PstExportLog(exporting: path, into: directory.url)
      let pst = try PstFile(path: path)
      for folder in try pst.folders() {
        try pst.forEachItem(in: folder, associated: false) { result in
          guard case .success(let pstItem) = result else { return }
          let message = pstItem.message
          let kind = message.messageClass.lowercased()
          guard kind.hasPrefix("ipm.appointment") || kind.hasPrefix("ipm.task") else { return }
          let item = OutlookCalendar.item(from: message)
          for note in item.notes { notes[note, default: 0] += 1 }
          let place = "\(name) item \(pstItem.identifier)"
          // The writer takes the calendar as one read from a file.
          let output = ICalendarWriter().write([item.calendar], file: place)
          guard let directory = log.items[pstItem.identifier]?.directory else {
            Issue.record("\(place): pffexport exported no such item")
            return
          }
          if kind.hasPrefix("ipm.task") {
            tasks += 1
            #expect(output.taskCount == 1, "\(place)")
            let todo = try #require(item.calendar.components(named: "VTODO").first, "\(place)")
            guard let text = PffItemText(path: directory + "/Task.txt") else { return }
            if text.values["Is complete"] == "yes" { #expect(todo["STATUS"] == "COMPLETED") }
            if let percent = text.values["Percentage complete"].flatMap(Double.init) {
              #expect(
                todo["PERCENT-COMPLETE"] == String(Int((percent * 100).rounded())), "\(place)")
            }
            return
          }
          let vevents = item.calendar.components(named: "VEVENT")
          guard let event = vevents.first else {
            #expect(item.notes.contains { $0.hasPrefix("no start time") }, "\(place)")
            return
          }
          events += 1
          #expect(output.eventCount == vevents.count, "\(place)")
          if event.property("RRULE") != nil { recurring += 1 }
          exceptions += vevents.count - 1
          let text = try #require(PffItemText(path: directory + "/Appointment.txt"), "\(place)")
          let dtstart = try #require(event.property("DTSTART"), "\(place)")
          let dtend = try #require(event.property("DTEND"), "\(place)")
          if let start = text.time("Start time") {
            #expect(utcInstant(dtstart, in: item.calendar) == start, "\(place) start")
          }
          if let end = text.time("End time"), dtend.parameter("VALUE") == nil {
            #expect(utcInstant(dtend, in: item.calendar) == end, "\(place) end")
          }
          let location = text.values["Location"] ?? ""
          #expect(unescapedText(event["LOCATION"] ?? "") == location, "\(place) location")
          let subject = text.values["Subject"] ?? ""
          #expect(unescapedText(event["SUMMARY"] ?? "") == subject, "\(place) subject")
          // libpff's own description of the pattern (PidLidRecurrencePattern) names its weekdays.
          let pattern = text.values["Recurrence pattern"] ?? ""
          #expect(pattern.isEmpty == (event.property("RRULE") == nil), "\(place) recurrence")
          let dayNames = [
            "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
          ]
          for (index, day) in dayNames.enumerated() where pattern.contains(day) {
            let code = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][index]
            #expect(event["RRULE"]?.contains(code) == true, "\(place) \(day)")
          }
          if let time = patternStartTime(pattern) {
            #expect(event["DTSTART"]?.dropFirst(9).hasPrefix(time) == true, "\(place) \(pattern)")
          }
          // The modified instances: pffexport dumps each exception message it embeds.
          let attachments = directory + "/Attachments"
          let exported = (try? FileManager.default.contentsOfDirectory(atPath: attachments)) ?? []
          let exportedStarts = Set(
            exported.compactMap {
              PffItemText(path: attachments + "/" + $0 + "/Appointment00001/Appointment.txt")?
                .time("Start time")
            })
          let exceptionStarts = Set(
            vevents.dropFirst().compactMap { exception in
              exception.property("DTSTART").flatMap { utcInstant($0, in: item.calendar) }
            })
          #expect(exceptionStarts == exportedStarts, "\(place) exceptions")
        }
      }
    }
    print(
      "Outlook calendar corpus (PST): \(events) events, \(recurring) recurring, \(exceptions) exception VEVENTs, \(tasks) tasks; notes: \(notes)"
    )
    #expect(events > 0)
    #expect(tasks > 0)
  }

  /// The calendar `.msg` samples.
  static let msgFiles = [
    "hughbe-Appointment.msg", "hughbe-Meeting.msg", "hughbe-Recurring_Appointment.msg",
    "hughbe-event.msg", "tika-testMSG_Appointment.msg", "hughbe-Simple_Task.msg",
    "hughbe-task.msg", "tika-testMSG_Task.msg",
  ]

  @Test(
    .enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"),
    .enabled(if: olecfexportIsPresent, "olecfexport (libolecf-utils) not installed"))
  func msgItemsWriteAndParse() throws {
    for name in Self.msgFiles {
      let path = Corpus.url("outlook/msg/" + name).path
      let directory = try TemporaryDirectory()
      defer { directory.cleanup() }
      let export = try OlecfExport(file: path, into: directory)
      let message = try MsgFile.read(path: path)
      let item = OutlookCalendar.item(from: message)
      let isTask = name.lowercased().contains("task")
      let main = try #require(
        item.calendar.components(named: isTask ? "VTODO" : "VEVENT").first, "\(name)")
      if let subject = export.stream("__substg1.0_0037001F") {
        #expect(unescapedText(main["SUMMARY"] ?? "") == utf16LittleEndian(subject), "\(name)")
      }
      if !isTask { #expect(main.property("DTSTART") != nil, "\(name)") }
      // Outlook's own description of the pattern (PidLidRecurrencePattern, written by Outlook
      // beside the blob) names its weekdays.
      let pattern = message.properties.string(.numbered(.appointment, 0x8232)) ?? ""
      let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
      for (index, day) in dayNames.enumerated() where pattern.contains(day) {
        let code = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][index]
        #expect(main["RRULE"]?.contains(code) == true, "\(name) \(pattern)")
      }
      if let time = patternStartTime(pattern) {
        #expect(main["DTSTART"]?.dropFirst(9).hasPrefix(time) == true, "\(name) \(pattern)")
      }
      if !pattern.isEmpty { print("\(name): \(pattern) → \(main["RRULE"] ?? "no RRULE")") }
      let output = ICalendarWriter().write([item.calendar], file: name)
      #expect((isTask ? output.taskCount : output.eventCount) >= 1, "\(name)")
      print("\(name): \(item.notes)")
      if Python.hasICalendar {
        let read = try pythonRead(item)
        #expect(
          read.contains { $0.hasPrefix(isTask ? "VTODO UID=" : "VEVENT DTSTART=") }, "\(name)")
      }
    }
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func exceptionBodiesTellTheirOwnTimes() throws {
    // rjohnsondev-dist-list.pst: a weekly series whose two moved instances say in their bodies
    // where they went ("This is the appointment at 9", "This is the one at 10").
    let pst = try PstFile(path: Corpus.url("outlook/pst/rjohnsondev-dist-list.pst").path)
    var checked = 0
    for folder in try pst.folders() {
      try pst.forEachItem(in: folder, associated: false) { result in
        guard case .success(let pstItem) = result,
          pstItem.message.messageClass.hasPrefix("IPM.Appointment")
        else { return }
        let item = OutlookCalendar.item(from: pstItem.message)
        for exception in item.calendar.components(named: "VEVENT").dropFirst() {
          let description = exception["DESCRIPTION"] ?? ""
          let hour =
            description.hasSuffix("at 9") ? "09" : description.hasSuffix("at 10") ? "10" : nil
          let start = exception.property("DTSTART")?.value ?? ""
          #expect(hour != nil, "\(description)")
          #expect(hour.map { start.dropFirst(9).hasPrefix($0) } == true, "\(start)")
          checked += 1
        }
      }
    }
    #expect(checked == 2)
  }

  /// Whether an item is one the calendar mapping takes.
  static func isCalendarItem(_ message: MapiMessage) -> Bool {
    let kind = message.messageClass.lowercased()
    return kind.hasPrefix("ipm.appointment") || kind.hasPrefix("ipm.schedule.meeting")
      || kind.hasPrefix("ipm.task")
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func everyCorpusCalendarItemMapsAndWrites() throws {
    var calendars: [ICalComponent] = []
    var items = 0
    var withoutComponent = 0
    var notes: [String: Int] = [:]
    func take(_ message: MapiMessage, _ place: String) {
      guard Self.isCalendarItem(message) else { return }
      items += 1
      let item = OutlookCalendar.item(from: message)
      for note in item.notes { notes[note, default: 0] += 1 }
      let main = item.calendar.components.filter { $0.name == "VEVENT" || $0.name == "VTODO" }
      if main.isEmpty {
        withoutComponent += 1
        #expect(!item.notes.isEmpty, "\(place): no component and no note")
      }
      #expect(readsBackUnchanged(item), "\(place): not what CalendarFiles reads back")
      calendars.append(item.calendar)
    }
    let pstFolder = Corpus.url("outlook/pst")
    for name in try FileManager.default.contentsOfDirectory(atPath: pstFolder.path).sorted() {
      guard let pst = try? PstFile(path: pstFolder.appendingPathComponent(name).path) else {
        continue
      }
      for folder in (try? pst.folders()) ?? [] {
        try pst.forEachItem(in: folder, associated: false) { result in
          if case .success(let pstItem) = result {
            take(pstItem.message, "\(name) item \(pstItem.identifier)")
          }
        }
      }
    }
    let msgFolder = Corpus.url("outlook/msg")
    for name in try FileManager.default.contentsOfDirectory(atPath: msgFolder.path).sorted()
    where name.hasSuffix(".msg") {
      guard let message = try? MsgFile.read(path: msgFolder.appendingPathComponent(name).path)
      else { continue }
      take(message, name)
    }
    let output = ICalendarWriter().write(calendars, file: "corpus")
    print(
      "Outlook calendar corpus (all): \(items) items, \(output.eventCount) VEVENTs, \(output.taskCount) VTODOs written, \(withoutComponent) without a component; notes: \(notes)"
    )
    #expect(items > 0)
    if Python.hasICalendar {
      let directory = try TemporaryDirectory()
      defer { directory.cleanup() }
      for (label, bytes) in [("events", output.events), ("tasks", output.tasks)] {
        guard let bytes else { continue }
        let path = directory.url.appendingPathComponent(label + ".ics").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let run = try Python.run(
          "import sys, icalendar; c = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read()); "
            + "print(len([x for x in c.walk() if x.name in ('VEVENT', 'VTODO')]))", [path])
        let count = Int(
          String(decoding: run.output, as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines))
        #expect(count == (label == "events" ? output.eventCount : output.taskCount), "\(label)")
      }
    }
  }
}
