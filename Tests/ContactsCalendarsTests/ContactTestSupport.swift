import Foundation
import TestSupport
import Testing

@testable import ContactsCalendars

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
