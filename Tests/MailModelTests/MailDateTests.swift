import Foundation
import MailModel
import Testing

@Suite struct MailDateTests {
  // MARK: RFC 5322 dates

  /// The dates of RFC 5322's appendix A examples, with the instants they name (seconds since
  /// 1970-01-01T00:00:00Z, worked out independently with `date -u -d … +%s`).
  static let rfcExamples: [(String, Int64)] = [
    // A.1.1 and A.4: `Date: Fri, 21 Nov 1997 09:55:06 -0600`, 1997-11-21T15:55:06Z.
    ("Fri, 21 Nov 1997 09:55:06 -0600", 880_127_706),
    // A.1.2: 2003-07-01T08:52:37Z.
    ("Tue, 1 Jul 2003 10:52:37 +0200", 1_057_049_557),
    // A.5, unfolded as `HeaderField.value(in:)` delivers it: white space, no seconds, a comment
    // after the zone; 1969-02-14T03:02:00Z.
    (
      "Thu,      13        Feb          1969      23:32               -0330 (Newfoundland Time)",
      -27_723_480
    ),
    // A.6.2 (obsolete): a two-digit year and a named zone; 1997-11-21T09:55:06Z.
    ("21 Nov 97 09:55:06 GMT", 880_106_106),
  ]

  @Test(arguments: rfcExamples) func rfc5322AppendixExamples(_ text: String, _ expected: Int64) {
    #expect(MailDate.parseRFC5322(text) == expected)
  }

  /// RFC 5322 A.5's folded `Date:` field, read from a whole message as readers do.
  @Test func foldedDateFieldOfAppendixA5() throws {
    let message = Array(
      ("From: Pete <pete@silly.test>\r\n"
        + "Date: Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n"
        + "               -0330 (Newfoundland Time)\r\n"
        + "\r\nTesting.\r\n").utf8)
    let date = try #require(MailDate.headerDate(of: message))
    #expect(date.0 == -27_723_480 && date.1 == .dateHeader)
    // Unfolded by hand with bare LF line ends, the text parses the same.
    let lf =
      "Thu,\n      13\n        Feb\n          1969\n      23:32\n   -0330 (Newfoundland Time)"
    #expect(MailDate.parseRFC5322(lf) == -27_723_480)
    // Swift reads CR LF as one Character; folded CRLF text parses the same.
    #expect(MailDate.parseRFC5322(lf.replacingOccurrences(of: "\n", with: "\r\n")) == -27_723_480)
  }

  /// RFC 5322 §4.3: two-digit years 00–49 are 2000–2049, 50–99 are 1950–1999; three-digit years
  /// add 1900.
  @Test func obsoleteYearsFollowSection4_3() {
    // 2049-01-01T00:00:00Z, 1950-01-01T00:00:00Z, 2003-01-01T00:00:00Z.
    #expect(MailDate.parseRFC5322("1 Jan 49 00:00:00 +0000") == 2_493_072_000)
    #expect(MailDate.parseRFC5322("1 Jan 50 00:00:00 +0000") == -631_152_000)
    #expect(MailDate.parseRFC5322("1 Jan 103 00:00:00 +0000") == 1_041_379_200)
  }

  /// RFC 5322 §4.3: the obsolete US zone names and their offsets; `UT` and `Z` are UTC.
  @Test func obsoleteZoneNamesFollowSection4_3() {
    let utc: Int64 = 1_672_736_400  // 2023-01-03T09:00:00Z
    let zones: [(String, Int64)] = [
      ("UT", 0), ("GMT", 0), ("Z", 0), ("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5),
      ("MST", -7), ("MDT", -6), ("PST", -8), ("PDT", -7),
    ]
    for (name, hours) in zones {
      #expect(
        MailDate.parseRFC5322("Tue, 3 Jan 2023 09:00:00 \(name)") == utc - hours * 3600, "\(name)")
    }
    #expect(MailDate.parseRFC5322("Tue, 3 Jan 2023 09:00:00 est") == utc + 5 * 3600)
  }

  @Test func timeBeforeYearCommentsAndGluedDatesAreRead() {
    let expected: Int64 = 1_672_736_400  // 2023-01-03T09:00:00Z
    #expect(MailDate.parseRFC5322("Tue, Jan 3 09:00:00 2023 +0000") == expected)
    #expect(MailDate.parseRFC5322("Tue (weekday), 3 (day) Jan 2023 09:00:00 +0000") == expected)
    #expect(MailDate.parseRFC5322("3-Jan-2023 10:00:00 +0100") == expected)
    #expect(MailDate.parseRFC5322("Tuesday, 3 January 2023 09:00 +0000") == expected)
    #expect(MailDate.parseRFC5322("Tue, 3 Jan 2023 09:00:00.250 +0000") == expected)
  }

  @Test func aLeapSecondIsReadAsTheSecondBefore() {
    // 2016-12-31T23:59:60Z, the last leap second; 23:59:59Z is 1483228799.
    #expect(MailDate.parseRFC5322("Sat, 31 Dec 2016 23:59:60 +0000") == 1_483_228_799)
  }

  @Test func aDateWithoutZoneIsReadInTheDefaultZone() throws {
    // 2023-01-03T09:00:00, as UTC and as Berlin winter time (+0100).
    #expect(MailDate.parseRFC5322("Tue, 3 Jan 2023 09:00:00") == 1_672_736_400)
    let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
    #expect(
      MailDate.parseRFC5322("Tue, 3 Jan 2023 09:00:00", defaultZone: berlin) == 1_672_732_800)
    // An unknown zone name counts as no zone.
    #expect(
      MailDate.parseRFC5322("Tue, 3 Jan 2023 09:00:00 XYZ", defaultZone: berlin) == 1_672_732_800)
  }

  @Test(arguments: [
    "", "not a date", "Tue, 3 Jan", "32 Jan 2023 09:00:00 +0000", "3 Foo 2023 09:00:00 +0000",
    "3 Jan 2023 24:00:00 +0000", "3 Jan 2023 09:60:00 +0000", "3 Jan 2023 +0000 x",
    "3 Jan 12345 09:00:00 +0000",
  ])
  func invalidDatesAreRejected(_ text: String) {
    #expect(MailDate.parseRFC5322(text) == nil)
  }

  @Test func newestReceivedTakesTheDateAfterTheLastSemicolon() {
    let values = [
      "from a.example by b.example; Tue, 3 Jan 2023 09:00:00 +0000",
      "from c.example (c; x) by d.example; Tue, 3 Jan 2023 10:00:00 +0000",
      "no date here",
      "from e; not a date",
    ]
    #expect(MailDate.newestReceived(values) == 1_672_740_000)  // 2023-01-03T10:00:00Z
    #expect(MailDate.newestReceived(["no date here"]) == nil)
    #expect(MailDate.newestReceived([]) == nil)
  }

  @Test func headerDatePrefersReceivedOverDate() throws {
    let both = Array(
      ("Received: from a by b; Tue, 3 Jan 2023 10:00:00 +0000\r\n"
        + "Date: Tue, 3 Jan 2023 09:00:00 +0000\r\n\r\nbody\r\n").utf8)
    let fromReceived = try #require(MailDate.headerDate(of: both))
    #expect(fromReceived.0 == 1_672_740_000 && fromReceived.1 == .received)

    let dateOnly = Array("Subject: x\nDATE: Tue, 3 Jan 2023 09:00:00 +0000\n\nbody\n".utf8)
    let fromDate = try #require(MailDate.headerDate(of: dateOnly))
    #expect(fromDate.0 == 1_672_736_400 && fromDate.1 == .dateHeader)

    #expect(MailDate.headerDate(of: Array("Subject: x\n\nDate: in the body\n".utf8)) == nil)
  }

  // MARK: mbox From-line dates

  @Test func fromLineAsctimeDates() throws {
    // 2011-07-08T12:08:34Z.
    #expect(
      MailDate.parseFromLine("MAILER-DAEMON Fri Jul  8 12:08:34 2011", zone: .gmt)
        == 1_310_126_914)
    // A numeric zone after the year: 1996-01-03T00:05:34Z.
    #expect(
      MailDate.parseFromLine("user@example.com Wed Jan  3 01:05:34 1996 +0100", zone: .gmt)
        == 820_627_534)
    // A named zone before the year: 2023-01-02T17:00:00Z.
    #expect(
      MailDate.parseFromLine("a@example.org Mon Jan  2 09:00:00 PST 2023", zone: .gmt)
        == 1_672_678_800)
    // No zone: the time is read in `zone`; 2023-01-02T08:00:00Z.
    let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
    #expect(
      MailDate.parseFromLine("a@example.org Mon Jan 2 09:00 2023", zone: berlin) == 1_672_646_400)
  }

  @Test func fromLineQuotedSendersTrailingTextAndTheRFCForm() {
    // 2023-01-03T09:00:00Z in every form.
    let expected: Int64 = 1_672_736_400
    #expect(
      MailDate.parseFromLine("\"a b\"@example.org Tue Jan  3 09:00:00 2023", zone: .gmt)
        == expected)
    #expect(
      MailDate.parseFromLine("a@example.org Tue Jan  3 09:00:00 2023 remote from x", zone: .gmt)
        == expected)
    #expect(MailDate.parseFromLine("Tue Jan  3 09:00:00 2023", zone: .gmt) == expected)
    #expect(
      MailDate.parseFromLine("a@example.org Tue, 3 Jan 2023 09:00:00 +0000", zone: .gmt)
        == expected)
  }

  @Test(arguments: ["", "a@example.org", "a@example.org Tue Jan 3", "a@b x y z w"])
  func fromLinesWithoutADate(_ rest: String) {
    #expect(MailDate.parseFromLine(rest, zone: .gmt) == nil)
  }

  // MARK: Formatting and the calendar

  @Test func iso8601AndAsctime() {
    #expect(MailDate.iso8601(0) == "1970-01-01T00:00:00Z")
    #expect(MailDate.iso8601(1_000_000_000) == "2001-09-09T01:46:40Z")
    #expect(MailDate.iso8601(-1) == "1969-12-31T23:59:59Z")
    #expect(MailDate.iso8601(951_782_400) == "2000-02-29T00:00:00Z")
    #expect(MailDate.iso8601(-27_723_480) == "1969-02-14T03:02:00Z")
    #expect(MailDate.asctime(0) == "Thu Jan  1 00:00:00 1970")
    #expect(MailDate.asctime(1_000_000_000) == "Sun Sep  9 01:46:40 2001")
    #expect(MailDate.asctime(1_310_126_914) == "Fri Jul  8 12:08:34 2011")
  }

  @Test func componentsOfKnownInstants() {
    let epoch = MailDate.components(0)
    #expect(epoch.year == 1970 && epoch.month == 1 && epoch.day == 1)
    #expect(epoch.weekday == 4)  // Thursday
    let before = MailDate.components(-1)
    #expect(before.year == 1969 && before.month == 12 && before.day == 31)
    #expect(before.hour == 23 && before.minute == 59 && before.second == 59)
    #expect(before.weekday == 3)  // Wednesday
    #expect(MailDate.components(1_000_000_000).weekday == 0)  // Sunday
  }

  @Test func daysOfKnownDates() {
    #expect(MailDate.days(year: 1970, month: 1, day: 1) == 0)
    #expect(MailDate.days(year: 1969, month: 12, day: 31) == -1)
    #expect(MailDate.days(year: 2000, month: 2, day: 29) == 11_016)
    #expect(MailDate.days(year: 2000, month: 3, day: 1) == 11_017)
    #expect(MailDate.days(year: 1969, month: 2, day: 14) == -321)
    // 0001-01-01 of the proleptic Gregorian calendar is 719162 days before 1970-01-01.
    #expect(MailDate.days(year: 1, month: 1, day: 1) == -719_162)
    #expect(
      MailDate.epoch(year: 2001, month: 9, day: 9, hour: 1, minute: 46, second: 40) == 1_000_000_000
    )
  }

  @Test func daysInMonthFollowsTheGregorianLeapRules() {
    #expect(MailDate.daysInMonth(year: 2000, month: 2) == 29)  // divisible by 400
    #expect(MailDate.daysInMonth(year: 1900, month: 2) == 28)  // divisible by 100
    #expect(MailDate.daysInMonth(year: 2024, month: 2) == 29)
    #expect(MailDate.daysInMonth(year: 2023, month: 2) == 28)
    #expect(MailDate.daysInMonth(year: 2023, month: 12) == 31)
    #expect(MailDate.daysInMonth(year: 2023, month: 4) == 30)
  }

  /// `civil(days:)` inverts `days(year:month:day:)` over four centuries on both sides of 1970,
  /// and consecutive days are consecutive dates.
  @Test func daysAndCivilRoundTrip() {
    var previous = MailDate.civil(days: -146_098)
    var mismatches: [Int] = []
    for day in -146_097...146_097 {
      let date = MailDate.civil(days: day)
      var expected = (year: previous.year, month: previous.month, day: previous.day + 1)
      if previous.day == MailDate.daysInMonth(year: previous.year, month: previous.month) {
        expected =
          previous.month == 12 ? (previous.year + 1, 1, 1) : (previous.year, previous.month + 1, 1)
      }
      if MailDate.days(year: date.year, month: date.month, day: date.day) != day
        || date != expected
      {
        mismatches.append(day)
      }
      previous = date
    }
    #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
  }
}
