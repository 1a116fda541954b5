import ContactsCalendars
import Foundation
import TestSupport
import Testing

/// Inputs the fuzz targets (Fuzz/README.md) found, fed through the same entry points.
@Suite struct ContactsCalendarsFuzzRegressionTests {
  /// `icalendar` target: an empty TZID whose VTIMEZONE starts in 1601 beside 2010 events made
  /// the zone matching walk every day from 1601 to 2011 for every Windows zone (27 s for 2 KB).
  @Test func emptyTZIDWithAncientVTimezoneIsQuick() throws {
    let bytes = try [UInt8](
      Data(contentsOf: Fixture.url("fuzz-regressions/icalendar/empty-tzid-1601-vtimezone.ics")))
    let start = ContinuousClock.now
    _ = try ICalendarReader().read(bytes: bytes, file: "empty-tzid-1601-vtimezone.ics")
    #expect(ContinuousClock.now - start < .seconds(5))
  }
}
