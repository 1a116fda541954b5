import MailModel
import Migration
import Testing

@Suite struct MigrationErrorTests {
  @Test func anErrorWithoutLocationOrCauseIsJustItsMessage() {
    let error = MigrationError("the report's settings name an unknown format or time zone")
    #expect(error.description == "the report's settings name an unknown format or time zone")
    #expect(error.code == .invalidArgument)
    #expect(error.location == nil)
    #expect(error.cause == nil)
  }

  @Test func aLocationAndACauseAreShown() {
    let cause = MailModelError(
      "cannot create the temporary file", at: SourceLocation(file: "r.json.partial-1"))
    let error = MigrationError(
      "cannot write the report", at: SourceLocation(file: "r.json"), cause: cause)
    #expect(
      error.description
        == "r.json: cannot write the report (r.json.partial-1: cannot create the temporary file)")
    #expect(error.code == .badInput)
    #expect(error.causes.count == 1)
  }

}
