import Foundation
import TestSupport
import Testing

@testable import ContactsCalendars

/// Runs `python3` with a script and arguments; nil when python3 cannot be started.
func runContactsPython(_ script: String, _ arguments: [String] = []) throws -> (
  status: Int32, stdout: Data, stderr: String
)? {
  guard let run = try ExternalProgram.python(script, arguments) else { return nil }
  return (run.status, run.output, run.errors)
}

/// Whether `python3 -c "import <module>"` works.
func contactsPythonHas(_ module: String) -> Bool {
  guard let r = try? runContactsPython("import \(module)") else { return false }
  return r.status == 0
}

/// Expects exactly these fields on a contact: each value, and no other field.
func expectFields(
  _ contact: Contact, _ expected: [String: String],
  sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
  for (k, v) in expected {
    #expect(contact[k] == v, "field \(k)", sourceLocation: sourceLocation)
  }
  let extra = Set(contact.fieldNames).subtracting(expected.keys)
  #expect(extra.isEmpty, "unexpected fields \(extra.sorted())", sourceLocation: sourceLocation)
}
