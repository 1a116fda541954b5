import MailModel
import Testing

@testable import ContactsCalendars

@Suite struct ContactsCalendarsErrorTests {
  @Test func errorsNameTheFileAndLine() {
    let error = ContactsCalendarsError(
      "folded line without a property", at: SourceLocation(file: "a.vcf", line: 7))
    #expect(error.description == "a.vcf:7: folded line without a property")
  }
}

@Suite struct ContactsCalendarsErrorCodeTests {
  @Test func theCodeIsBadInputUnlessGivenOrCaused() {
    #expect(ContactsCalendarsError("no BEGIN:VCALENDAR").code == .badInput)
    #expect(ContactsCalendarsError("x", code: .unsupported).code == .unsupported)
    let cause = MailModelError("cannot create the temporary file", code: .notFound)
    let error = ContactsCalendarsError(
      "cannot write", at: SourceLocation(file: "out.ics"), cause: cause)
    #expect(error.code == .notFound)
    #expect(error.description == "out.ics: cannot write (cannot create the temporary file)")
  }

  @Test func aCalendarThatCannotBeReadKeepsItsMessage() throws {
    let error = try #require(throws: ContactsCalendarsError.self) {
      try ICalendarReader().read(path: "/nonexistent-zmigrate-dir/cal.ics")
    }
    #expect(error.description == "/nonexistent-zmigrate-dir/cal.ics: cannot read file")
    #expect(error.cause == nil)
  }
}
