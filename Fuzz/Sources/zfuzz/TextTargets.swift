import ContactsCalendars
import Foundation
import MailModel

@testable import Accounts

/// vCard: any bytes read or throw a located error; what the reader gives, written as vCard and
/// read again, gives the same contacts, so writing them again gives the same bytes.
func fuzzVCard(_ data: [UInt8]) {
  let reader = VCardReader(charset: .detect)
  do {
    let first = try reader.read(data: Data(data), file: "fuzz.vcf")
    let written = VCardWriter().write(first.contacts)
    let second = try reader.read(data: written, file: "again.vcf")
    check(
      second.contacts.count == first.contacts.count,
      "vCard round trip: \(first.contacts.count) contacts became \(second.contacts.count)")
    let rewritten = VCardWriter().write(second.contacts)
    check(
      rewritten == written,
      "vCard round trip changed a value: \(firstDifference(written, rewritten))")
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
}

/// Contact CSV: any bytes read or throw a located error; what the reader gives, written as
/// Zimbra's CSV and read again, writes the same bytes again.
func fuzzContactCSV(_ data: [UInt8]) {
  do {
    let first = try ContactCSVReader().read(data: Data(data), file: "fuzz.csv")
    let writer = ZimbraContactCSVWriter()
    let written = try writer.write(first.result.contacts)
    let second = try ContactCSVReader().read(data: written, file: "again.csv")
    check(
      second.result.contacts.count == first.result.contacts.count,
      "CSV round trip: \(first.result.contacts.count) contacts became "
        + "\(second.result.contacts.count)")
    let rewritten = try writer.write(second.result.contacts)
    check(
      rewritten == written, "CSV round trip changed a value: \(firstDifference(written, rewritten))"
    )
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
}

/// iCalendar/vCalendar: any bytes read or throw a located error; what the writer makes of what
/// was read, read and written again, gives the same bytes.
func fuzzICalendar(_ data: [UInt8]) {
  do {
    let read = try ICalendarReader().read(bytes: data, file: "fuzz.ics")
    let writer = ICalendarWriter(fallbackTimeZone: TimeZone(identifier: "UTC"))
    let first = writer.write(read.calendars, file: "fuzz.ics")
    for output in [first.events, first.tasks].compactMap({ $0 }) {
      let again = try ICalendarReader().read(bytes: output, file: "written.ics")
      let second = writer.write(again.calendars, file: "written.ics")
      let rewritten = (output == first.events ? second.events : second.tasks) ?? []
      check(
        rewritten == output,
        "iCalendar round trip changed the calendar: \(firstDifference(output, rewritten))")
    }
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
}

/// Free/busy over any calendar and any window: returns in bounded time (libFuzzer's -timeout),
/// intervals are sorted, inside the window and do not overlap, and the VFREEBUSY written from
/// them reads back as iCalendar.
func fuzzFreeBusy(_ data: [UInt8]) {
  var input = FuzzInput(data)
  let from = 1_600_000_000.0 + Double(input.byte()) * 86_400 * 30
  let to = from + Double(input.size(upTo: 255)) * 86_400 * 3
  do {
    let read = try ICalendarReader().read(bytes: Array(input.rest), file: "fuzz.ics")
    var diagnostics: [Diagnostic] = []
    let busy = ICalFreeBusy().busyIntervals(
      in: read.calendars, from: from, to: to, file: "fuzz.ics", diagnostics: &diagnostics)
    for interval in busy {
      check(
        from <= interval.start && interval.start < interval.end && interval.end <= to,
        "interval \(interval) outside [\(from), \(to))")
    }
    for (a, b) in zip(busy, busy.dropFirst()) {
      check(a.end <= b.start, "intervals \(a) and \(b) overlap or are out of order")
    }
    let written = ICalFreeBusy().vfreebusy(
      for: read.calendars, from: from, to: to, organizer: "room@example.com", stamp: from,
      file: "fuzz.ics", diagnostics: &diagnostics)
    let again = try ICalendarReader().read(bytes: written, file: "freebusy.ics")
    let lines = again.calendars.flatMap { $0.components(named: "VFREEBUSY") }
    check(lines.count == 1, "the VFREEBUSY does not read back")
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
}

/// Account readers and writers: any bytes read (delimited, or fixed-width by preset) or throw;
/// every account read renders in every output format or is refused with a located error.
func fuzzAccounts(_ data: [UInt8]) {
  var input = FuzzInput(data)
  let choice = input.byte()
  let delimiter = FieldDelimiter.allCases[Int(choice) % FieldDelimiter.allCases.count]
  let options = AccountReadOptions(
    delimiter: choice & 0x80 != 0 ? nil : delimiter, chunkSize: input.size(upTo: 64))
  do {
    let read = try AccountReader(options: options).read(bytes: Array(input.rest), name: "fuzz")
    for format in [AccountOutputFormat.zmprov, .adminCSV, .zcsImportXML, .userList] {
      do {
        _ = try AccountFileWriter.render(
          read.accounts, format: format,
          options: AccountWriterOptions(skipRefusedAccounts: true))
      } catch {
        check(isProjectError(error), "unlocated error \(error)")
      }
    }
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
}

/// zmprov quoting: any value, quoted as the zmprov file writes it and split as zmprov splits a
/// line (`StringUtil.parseLine`: quotes, `\\`, `\'`, `\n`, `\r`, `\t`), is one token equal to the
/// value, on one line.
func fuzzZmprovQuoting(_ data: [UInt8]) {
  let value = String(decoding: data, as: UTF8.self)
  var quoted: [UInt8] = []
  ZmprovFile.appendQuoted(value, to: &quoted)
  check(!quoted.contains(10) && !quoted.contains(13), "a line break inside a quoted value")
  check(quoted.last == 0x27, "a quoted value must end with a quote")
  var tokens: [[UInt8]] = []
  var current: [UInt8] = []
  var quoting = false
  var escaped = false
  var started = false
  for byte in quoted {
    if escaped {
      let table: [UInt8: UInt8] = [0x6E: 10, 0x72: 13, 0x74: 9]
      current.append(table[byte] ?? byte)
      escaped = false
    } else if byte == 0x5C {
      escaped = true
    } else if byte == 0x27 {
      quoting.toggle()
      started = true
    } else if !quoting && (byte == 0x20 || byte == 0x09) {
      if started { tokens.append(current) }
      current = []
      started = false
    } else {
      current.append(byte)
      started = true
    }
  }
  if started { tokens.append(current) }
  check(!quoting && !escaped, "the quoted value leaves a quote or an escape open")
  check(tokens == [Array(value.utf8)], "zmprov would read \(tokens.count) tokens, not the value")
}
