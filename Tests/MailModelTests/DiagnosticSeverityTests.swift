import MailModel
import Testing

@Suite struct DiagnosticSeverityTests {
  @Test func skippedAndErrorAreFailures() {
    #expect(Diagnostic.Severity.skipped.isFailure)
    #expect(Diagnostic.Severity.error.isFailure)
    #expect(!Diagnostic.Severity.warning.isFailure)
    #expect(!Diagnostic.Severity.ignored.isFailure)
  }
}
