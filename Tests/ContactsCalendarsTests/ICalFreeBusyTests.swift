import Foundation
import MailModel
import TestSupport
import Testing
@testable import ContactsCalendars

@Suite struct ICalFreeBusyTests {
    func utc(_ value: String) -> Double { ICalDateTime.parseFloating(value)! }

    func calendar(_ body: String) throws -> [ICalComponent] {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\nEND:VCALENDAR\r\n"
        return try ICalendarReader().read(bytes: Array(text.utf8), file: "fb.ics").calendars
    }

    func render(_ intervals: [ICalBusyInterval]) -> [String] {
        intervals.map { ICalFreeBusy.formatUTC($0.start) + "/" + ICalFreeBusy.formatUTC($0.end) + " " + $0.kind.rawValue }
    }

    @Test func weeklyAcrossDSTWithExdateAndException() throws {
        var diagnostics: [Diagnostic] = []
        let intervals = ICalFreeBusy().busyIntervals(in: try icalReadFixture("recurring-dst.ics").calendars,
                                                     from: utc("20240301T000000Z"), to: utc("20240501T000000Z"), file: "r", diagnostics: &diagnostics)
        #expect(render(intervals) == [
            "20240318T080000Z/20240318T090000Z BUSY",
            "20240325T100000Z/20240325T110000Z BUSY",
            "20240408T070000Z/20240408T080000Z BUSY",
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test func skipsTransparentCancelledAndMarksTentative() throws {
        let calendars = try calendar("""
        BEGIN:VEVENT
        UID:a
        DTSTART:20240601T100000Z
        DTEND:20240601T110000Z
        TRANSP:TRANSPARENT
        END:VEVENT
        BEGIN:VEVENT
        UID:b
        DTSTART:20240601T120000Z
        DURATION:PT30M
        STATUS:CANCELLED
        END:VEVENT
        BEGIN:VEVENT
        UID:c
        DTSTART:20240601T130000Z
        DURATION:PT30M
        STATUS:TENTATIVE
        END:VEVENT
        BEGIN:VEVENT
        UID:d
        DTSTART:20240601T090000Z
        DTEND:20240601T100000Z
        END:VEVENT
        BEGIN:VEVENT
        UID:e
        DTSTART:20240601T093000Z
        DTEND:20240601T103000Z
        END:VEVENT
        """)
        var diagnostics: [Diagnostic] = []
        let intervals = ICalFreeBusy().busyIntervals(in: calendars, from: utc("20240601T000000Z"), to: utc("20240602T000000Z"), file: "f", diagnostics: &diagnostics)
        #expect(render(intervals) == ["20240601T090000Z/20240601T103000Z BUSY", "20240601T130000Z/20240601T133000Z BUSY-TENTATIVE"])
    }

    @Test func dailyIntervalUntilAndMonthlyCount() throws {
        let calendars = try calendar("""
        BEGIN:VEVENT
        UID:daily
        DTSTART:20240101T080000Z
        DTEND:20240101T083000Z
        RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20240107T080000Z
        EXDATE:20240103T080000Z
        END:VEVENT
        BEGIN:VEVENT
        UID:monthly
        DTSTART;TZID=America/New_York:20240131T120000
        DTEND;TZID=America/New_York:20240131T130000
        RRULE:FREQ=MONTHLY;COUNT=3
        END:VEVENT
        """)
        var diagnostics: [Diagnostic] = []
        let intervals = ICalFreeBusy().busyIntervals(in: calendars, from: utc("20240101T000000Z"), to: utc("20241231T000000Z"), file: "f", diagnostics: &diagnostics)
        // Daily: 1st, (3rd excluded), 5th, 7th. Monthly on the 31st: Jan, Mar, May (February and April have none).
        #expect(render(intervals) == [
            "20240101T080000Z/20240101T083000Z BUSY",
            "20240105T080000Z/20240105T083000Z BUSY",
            "20240107T080000Z/20240107T083000Z BUSY",
            "20240131T170000Z/20240131T180000Z BUSY",
            "20240331T160000Z/20240331T170000Z BUSY",
            "20240531T160000Z/20240531T170000Z BUSY",
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test func unsupportedRulesCountOnlyTheFirstOccurrence() throws {
        let calendars = try calendar("""
        BEGIN:VEVENT
        UID:yearly
        DTSTART:20240101T080000Z
        DTEND:20240101T090000Z
        RRULE:FREQ=YEARLY;COUNT=3
        END:VEVENT
        """)
        var diagnostics: [Diagnostic] = []
        let intervals = ICalFreeBusy().busyIntervals(in: calendars, from: utc("20230101T000000Z"), to: utc("20270101T000000Z"), file: "f", diagnostics: &diagnostics)
        #expect(intervals.count == 1)
        #expect(diagnostics.map(\.code) == ["freebusy-rrule-unsupported"])
    }

    @Test func writesAVFreeBusy() throws {
        var diagnostics: [Diagnostic] = []
        let bytes = ICalFreeBusy().vfreebusy(for: try icalReadFixture("recurring-dst.ics").calendars, from: utc("20240301T000000Z"),
                                             to: utc("20240501T000000Z"), organizer: "user@example.com", stamp: utc("20240301T000000Z"),
                                             file: "r", diagnostics: &diagnostics)
        #expect(icalStrictProblems(bytes) == [])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("METHOD:PUBLISH\r\nBEGIN:VFREEBUSY\r\nORGANIZER:mailto:user@example.com\r\nDTSTAMP:20240301T000000Z\r\nDTSTART:20240301T000000Z\r\nDTEND:20240501T000000Z\r\n"))
        #expect(text.contains("FREEBUSY;FBTYPE=BUSY:20240408T070000Z/20240408T080000Z\r\n"))
        #expect(ICalFreeBusy.parseDuration("P1DT2H30M") == 95400)
        #expect(ICalFreeBusy.parseDuration("-PT15M") == -900)
        #expect(ICalFreeBusy.parseDuration("P2W") == 1209600)
    }
}
