import Foundation
import Testing

@testable import Formatters

@Suite struct TimeRangeParserTests {
  /// 2024-03-15 12:00:00 UTC, a Friday.
  static let now = Date(timeIntervalSince1970: 1_710_504_000)
  static let utc = TimeZone(identifier: "UTC") ?? .current
  let parser = TimeRangeParser(now: now, timeZone: utc)

  private func seconds(_ text: String) throws -> Double {
    try parser.parse(text).timeIntervalSince1970
  }

  private func milliseconds(_ text: String) throws -> Int64 {
    Int64((try parser.parse(text).timeIntervalSince1970 * 1000).rounded())
  }

  @Test func digitsAreEpochMilliseconds() throws {
    #expect(try seconds("1710504000000") == 1_710_504_000)
    // 20240101 is milliseconds, about 5.6 hours after 1970, not 1 January 2024.
    #expect(try milliseconds("20240101") == 20_240_101)
    // A bare 7 is 7 ms, not 7 days.
    #expect(try milliseconds("7") == 7)
    #expect(try seconds("0") == 0)
  }

  @Test(arguments: ["2024/01/05", "2024-01-05", "2024/1/5", "2024-1-5", "2024/01-05"])
  func yearFirstDatesAreMidnight(text: String) throws {
    #expect(try seconds(text) == 1_704_412_800)
  }

  @Test(arguments: ["01/05/2024", "1/5/2024", "01-05-2024", "1-5/2024"])
  func yearLastDatesAreMidnight(text: String) throws {
    #expect(try seconds(text) == 1_704_412_800)
  }

  @Test func absoluteDatesRollOverLikeALenientSimpleDateFormat() throws {
    // Month 13 is January of 2025; day 40 of January is 9 February.
    #expect(try seconds("13/40/2024") == 1_739_059_200)
    #expect(try seconds("2024/13/40") == 1_739_059_200)
    // 30 February 2024 is 1 March.
    #expect(try seconds("2024/02/30") == 1_709_251_200)
    // Month 0 is December of the year before; day 0 the last day of the month before.
    #expect(try seconds("00/00/2024") == 1_701_302_400)
  }

  @Test func absoluteDatesAreMidnightInTheGivenZone() throws {
    let newYork = try #require(TimeZone(identifier: "America/New_York"))
    let date = try TimeRangeParser(now: Self.now, timeZone: newYork).parse("2024/01/05")
    #expect(date.timeIntervalSince1970 == 1_704_412_800 + 5 * 3600)
  }

  @Test func relativeValuesWithSignsAndPrefixes() throws {
    let day = 86_400.0
    let now = 1_710_504_000.0
    #expect(try seconds("1day") == now + day)
    #expect(try seconds("+1day") == now + day)
    #expect(try seconds("p1day") == now + day)
    #expect(try seconds("+2days") == now + 2 * day)
    #expect(try seconds("-2days") == now - 2 * day)
    #expect(try seconds("m2days") == now - 2 * day)
    #expect(try seconds("2d") == now + 2 * day)
    // No unit means days; a sign makes digits relative rather than milliseconds.
    #expect(try seconds("+3") == now + 3 * day)
    #expect(try seconds("-1000") == 1_624_104_000)
    #expect(try seconds("m1000") == 1_624_104_000)
  }

  @Test func relativeUnits() throws {
    let now = 1_710_504_000.0
    #expect(try seconds("60mi") == now + 3600)
    #expect(try seconds("+60mi") == now + 3600)
    #expect(try seconds("5min") == now + 300)
    #expect(try seconds("-5minutes") == now - 300)
    #expect(try seconds("2h") == now + 7200)
    #expect(try seconds("-3hours") == now - 3 * 3600)
    #expect(try seconds("+1week") == now + 7 * 86_400)
    #expect(try seconds("-2w") == now - 14 * 86_400)
    // m is months unless the second letter is i: 5m, 5ms, 5mo, +6mon are all months.
    #expect(try seconds("5m") == 1_723_723_200)
    #expect(try seconds("5ms") == 1_723_723_200)
    #expect(try seconds("5mo") == 1_723_723_200)
    #expect(try seconds("+6mon") == 1_726_401_600)
    #expect(try seconds("1year") == 1_742_040_000)
    #expect(try seconds("+1y") == 1_742_040_000)
  }

  @Test func relativeDaysKeepTheWallClockAcrossDaylightSaving() throws {
    let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
    // Saturday 30 March 2024 12:00 CET; the clocks go forward that night.
    let saturdayNoon = Date(timeIntervalSince1970: 1_711_796_400)
    let sunday = try TimeRangeParser(now: saturdayNoon, timeZone: berlin).parse("+1day")
    #expect(sunday.timeIntervalSince1970 == 1_711_879_200)
  }

  @Test(arguments: [
    "+1Day", "1D", "", "abc", "+", "p", "1.5days", "+1 day", "2024/13", "12/25/98", "+1s",
    "1second", "--1day", "9999999999999999999999",
  ])
  func unreadableValuesThrowNamingTheValue(text: String) {
    let error = #expect(throws: FormattersError.self) { try parser.parse(text) }
    #expect(error?.message.contains("'\(text)'") == true)
    #expect(error?.column == nil)
  }

  @Test func relativeNumbersAbove32BitsFail() throws {
    let error = #expect(throws: FormattersError.self) { try parser.parse("+2147483648days") }
    #expect(error?.message.contains("32 bits") == true)
    #expect(throws: FormattersError.self) { try parser.parse("m2147483648") }
    // The largest 32-bit value is read; in minutes it is about 4,085 years ahead.
    let far = try parser.parse("+2147483647mi")
    #expect(far.timeIntervalSince1970 == 1_710_504_000 + 2_147_483_647 * 60)
    // Without a sign or unit the same digits are milliseconds.
    #expect(try milliseconds("2147483648") == 2_147_483_648)
  }
}

@Suite struct ExportFormatTests {
  @Test func defaultWindows() throws {
    let now = Date(timeIntervalSince1970: 1_710_504_000)
    let atom = try #require(ExportFormat.atom.defaultRange)
    #expect(atom.start(now: now).timeIntervalSince1970 == 1_710_504_000 - 7 * 86_400)
    #expect(atom.end(now: now).timeIntervalSince1970 == 1_710_504_000 + 7 * 86_400)
    #expect(ExportFormat.rss.defaultRange == atom)
    let freeBusy = try #require(ExportFormat.ifb.defaultRange)
    #expect(freeBusy.millisecondsBefore == 31 * 86_400_000)
    #expect(freeBusy.millisecondsAfter == 62 * 86_400_000)
    #expect(freeBusy.start(now: now).timeIntervalSince1970 == 1_710_504_000 - 31 * 86_400)
    for format in [ExportFormat.csv, .ics, .native, .sync, .zip, .tgz, .tar] {
      #expect(format.defaultRange == nil)
    }
    #expect(ExportFormat.allCases.count == 10)
    #expect(ExportFormat(rawValue: "tgz") == .tgz)
  }
}
