import Accounts
import ContactsCalendars
import Foundation
import MailModel

/// vCard: any bytes read or throw a located error; what the reader gives, written as vCard and
/// read again, gives as many contacts.
func fuzzVCard(_ data: [UInt8]) {
  let reader = VCardReader(charset: .detect)
  do {
    let first = try reader.read(data: Data(data), file: "fuzz.vcf")
    let written = VCardWriter().write(first.contacts)
    let second = try reader.read(data: written, file: "again.vcf")
    check(
      second.contacts.count == first.contacts.count,
      "vCard round trip: \(first.contacts.count) contacts became \(second.contacts.count)")
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
}

/// Contact CSV: any bytes read or throw a located error.
func fuzzContactCSV(_ data: [UInt8]) {
  do {
    _ = try ContactCSVReader().read(data: Data(data), file: "fuzz.csv")
  } catch {
    check(isProjectError(error), "unlocated error \(error)")
  }
}

/// iCalendar/vCalendar: any bytes read or throw a located error; free/busy over what was read
/// returns sorted intervals inside the asked window.
func fuzzICalendar(_ data: [UInt8]) {
  do {
    let read = try ICalendarReader().read(bytes: data, file: "fuzz.ics")
    var diagnostics: [Diagnostic] = []
    let from = 1_700_000_000.0
    let to = from + 86_400 * 30
    let busy = ICalFreeBusy().busyIntervals(
      in: read.calendars, from: from, to: to, file: "fuzz.ics", diagnostics: &diagnostics)
    _ = busy
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
