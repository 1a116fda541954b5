import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

/// Cross-checks our output with an independent parser, Python's `icalendar` package.
@Suite struct ICalendarPythonTests {
  static let script = #"""
    import sys, json
    import icalendar
    out = []
    for path in sys.argv[1:]:
        data = open(path, 'rb').read()
        for cal in icalendar.Calendar.from_ical(data, multiple=True):
            for comp in cal.walk():
                if comp.name not in ('VEVENT', 'VTODO'):
                    continue
                start = comp.get('DTSTART')
                rrule = comp.get('RRULE')
                out.append({
                    'name': comp.name,
                    'uid': str(comp.get('UID')),
                    'summary': str(comp.get('SUMMARY')) if comp.get('SUMMARY') is not None else None,
                    'dtstart': start.to_ical().decode() if start is not None else None,
                    'tzid': start.params.get('TZID') if start is not None else None,
                    'rrule': {k: [str(v) if not hasattr(v, 'strftime') else v.strftime('%Y%m%dT%H%M%S') for v in vs] for k, vs in rrule.items()} if rrule is not None else None,
                })
    print(json.dumps(out))
    """#

  struct Item: Codable, Equatable {
    var name: String
    var uid: String
    var summary: String?
    var dtstart: String?
    var tzid: String?
    var rrule: [String: [String]]?
  }

  /// What our reader sees in the same file, in the same shape.
  static func ours(_ bytes: [UInt8]) throws -> [Item] {
    try ICalendarReader().read(bytes: bytes, file: "out.ics").calendars.flatMap(\.components)
      .filter { $0.name == "VEVENT" || $0.name == "VTODO" }
      .map { component in
        var rrule: [String: [String]]?
        if let value = component["RRULE"] {
          rrule = [:]
          for part in value.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            rrule?[pair[0]] = pair.count > 1 ? pair[1].split(separator: ",").map(String.init) : []
          }
        }
        let summary = component["SUMMARY"].map {
          $0.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\,", with: ",")
            .replacingOccurrences(of: "\\;", with: ";").replacingOccurrences(of: "\\\\", with: "\\")
        }
        return Item(
          name: component.name, uid: component["UID"] ?? "", summary: summary,
          dtstart: component["DTSTART"],
          tzid: component.property("DTSTART")?.parameter("TZID")?.value, rrule: rrule)
      }
  }

  /// Our output for the fixture `name`, one file per output (events, tasks) in `directory`; the
  /// outputs' paths and what our reader sees in them.
  static func writeOutputs(_ name: String, in directory: TemporaryDirectory) throws -> (
    outputs: [[UInt8]], paths: [String], expected: [Item]
  ) {
    let output = ICalendarWriter().write(try icalReadFixture(name).calendars, file: name)
    let outputs = [output.events, output.tasks].compactMap { $0 }
    var expected: [Item] = []
    var paths: [String] = []
    for (index, bytes) in outputs.enumerated() {
      let url = directory.url.appendingPathComponent("out\(index).ics")
      try Data(bytes).write(to: url)
      paths.append(url.path)
      expected += try ours(bytes)
    }
    return (outputs, paths, expected)
  }

  @Test(
    .enabled(if: Python.hasICalendar, "python3 with icalendar not found on PATH"),
    arguments: ICalendarWriterTests.fixtures)
  func pythonIcalendarAgrees(_ name: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let (_, paths, expected) = try Self.writeOutputs(name, in: directory)
    let theirs = try Python.json([Item].self, Self.script, paths)
    #expect(!theirs.isEmpty)
    #expect(theirs.count == expected.count, "\(name)")
    print("python icalendar compared \(theirs.count) components of \(name)")
    for (mine, other) in zip(expected, theirs) {
      #expect(mine.name == other.name)
      #expect(mine.uid == other.uid)
      #expect(mine.summary == other.summary, "\(name) \(mine.uid)")
      #expect(mine.dtstart == other.dtstart, "\(name) \(mine.uid)")
      #expect(mine.tzid == other.tzid, "\(name) \(mine.uid)")
      #expect(mine.rrule == other.rrule, "\(name) \(mine.uid)")
    }
  }
}
