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
