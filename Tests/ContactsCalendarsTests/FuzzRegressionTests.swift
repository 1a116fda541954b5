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

  /// `icalendar` round trip: a 2.0 value in `CHARSET=ISO-8859-1` was decoded to text but written
  /// as UTF-8 with the `CHARSET` parameter kept, so reading the output again gave `MÃ¼nchen`.
  @Test func aCharsetParameterIsNotWrittenBesideUTF8() throws {
    let bytes = try [UInt8](
      Data(contentsOf: Fixture.url("fuzz-regressions/icalendar/charset-parameter-latin1.ics")))
    let writer = ICalendarWriter()
    let first = writer.write(
      try ICalendarReader().read(bytes: bytes, file: "in.ics").calendars, file: "in.ics")
    let written = try #require(first.events)
    #expect(!String(decoding: written, as: UTF8.self).contains("CHARSET"))
    let again = try ICalendarReader().read(bytes: written, file: "out.ics")
    let location = again.calendars.flatMap { $0.components(named: "VEVENT") }.first?.properties
      .first { $0.name == "LOCATION" }?.value
    #expect(location == "München")
    #expect(writer.write(again.calendars, file: "out.ics").events == written)
  }

  /// `icalendar` round trip: calendars merged into one output kept a VTIMEZONE Europe/Berlin that
  /// the tz database contradicts at a time an event of the other calendar uses; reading the output
  /// dropped it, so the second write differed from the first.
  @Test func writingWhatWasWrittenGivesTheSameCalendar() throws {
    let bytes = try [UInt8](
      Data(
        contentsOf: Fixture.url(
          "fuzz-regressions/icalendar/merged-calendars-contradicted-vtimezone.ics")))
    let writer = ICalendarWriter(fallbackTimeZone: TimeZone(identifier: "UTC"))
    let first = writer.write(
      try ICalendarReader().read(bytes: bytes, file: "in.ics").calendars, file: "in.ics")
    let written = try #require(first.events)
    let again = try ICalendarReader().read(bytes: written, file: "out.ics")
    #expect(writer.write(again.calendars, file: "out.ics").events == written)
  }

  /// `vcard` round trip: the other URL was written untyped and read back as the home URL.
  @Test func theOtherURLStaysTheOtherURL() throws {
    var contact = Contact()
    contact["firstName"] = "Ada"
    contact["otherURL"] = "https://acme.example/"
    let written = VCardWriter().write([contact])
    let read = try VCardReader().read(data: written, file: "out.vcf")
    #expect(read.contacts.first?["otherURL"] == "https://acme.example/")
    #expect(read.contacts.first?["homeURL"] == nil)
    #expect(VCardWriter().write(read.contacts) == written)
  }

  /// `vcard` round trip: a birthday kept as text (not a date) holding a line break was written
  /// raw, so the line broke in two and the second write differed from the first.
  @Test func aBirthdayThatIsNotADateIsEscaped() throws {
    var contact = Contact()
    contact["firstName"] = "Ada"
    contact["birthday"] = "1980-02-2\nNOTE:Line one"
    let written = VCardWriter().write([contact])
    let read = try VCardReader().read(data: written, file: "out.vcf")
    #expect(read.contacts.first?["birthday"] == "1980-02-2\nNOTE:Line one")
    #expect(read.contacts.first?["notes"] == nil)
    #expect(VCardWriter().write(read.contacts) == written)
  }

  /// `contact-csv` round trip: a one-column file whose column name held tabs was written with that
  /// name unquoted first; with no `,` or `;` in the header, reading it again split it at the tabs
  /// and found no contacts. A name with a tab is now quoted, so it is never the first column.
  @Test func aColumnNameWithATabIsNeverWrittenFirst() throws {
    let writer = ZimbraContactCSVWriter()
    let alone = Contact([("Odd\tName", "1")])
    #expect(throws: ContactsCalendarsError.self) { try writer.write([alone]) }
    let pair = Contact([("Odd\tName", "1"), ("email", "zoe@example.no")])
    let written = try writer.write([pair])
    let read = try ContactCSVReader().read(data: written, file: "out.csv")
    #expect(read.result.contacts.count == 1)
    #expect(read.result.contacts.first?["email"] == "zoe@example.no")
    #expect(read.result.contacts.first?["Odd\tName"] == "1")
    #expect(try writer.write(read.result.contacts) == written)
  }

  /// `contact-csv` round trip: a `"` followed by a combining mark (U+05B6) is one Character, so
  /// doubling quotes Character by Character missed it and broke the CSV. The writers escape by
  /// Unicode scalar now (Zimbra CSV quotes and tags, vCard values).
  @Test func quotesAndCommasBeforeACombiningMarkAreEscaped() throws {
    let value = "\"\u{05B6}blegørden, ApS;\u{0301}x"
    var contact = Contact([("company", value), ("email", "a@example.com")])
    contact.addTag(",\u{0301}tag")
    let csv = try ZimbraContactCSVWriter().write([contact])
    let fromCSV = try ContactCSVReader().read(data: csv, file: "out.csv").result.contacts
    #expect(fromCSV.first?["company"] == value)
    #expect(fromCSV.first?.tags == [",\u{0301}tag"])
    let card = VCardWriter().write([contact])
    let fromCard = try VCardReader().read(data: card, file: "out.vcf").contacts
    #expect(fromCard.first?["company"] == value)
    #expect(VCardWriter().write(fromCard) == card)
  }
}
