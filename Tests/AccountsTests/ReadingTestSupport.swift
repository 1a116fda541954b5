import Foundation
import MailModel
import TestSupport

@testable import Accounts

/// Chunk sizes that cross every boundary a scanner can get wrong.
let readingChunkSizes = [1, 2, 3, 5, 7, 64, 4096, 1 << 20]

/// Reads `Fixtures/accounts/<name>`.
func readAccountsFixture(_ name: String, _ options: AccountReadOptions = AccountReadOptions())
  throws -> AccountReadResult
{
  try AccountReader(options: options).read(path: Fixture.path("accounts/\(name)"))
}

/// Reads export text from memory.
func readAccounts(
  _ text: String, _ options: AccountReadOptions = AccountReadOptions(), name: String = "users.csv"
) throws
  -> AccountReadResult
{
  try AccountReader(options: options).read(bytes: Array(text.utf8), name: name)
}

/// Reads export bytes from memory.
func readAccounts(
  bytes: [UInt8], _ options: AccountReadOptions = AccountReadOptions(), name: String = "users.csv"
) throws
  -> AccountReadResult
{
  try AccountReader(options: options).read(bytes: bytes, name: name)
}

/// Every message a user could see for a read and a check: diagnostics, skipped records, and the
/// descriptions of checked accounts. (Unchecked accounts are left out: with swapped columns their
/// `email` *is* the password, and `Account.description` shows the email.)
func visibleTexts(_ read: AccountReadResult, _ checked: CheckedAccounts? = nil) -> [String] {
  var texts = read.diagnostics.map(\.description)
  if let checked {
    texts += checked.problems.map(\.description)
    texts += checked.skipped.flatMap { $0.reasons + [$0.location.description, $0.email ?? ""] }
    texts += checked.accounts.map(\.description)
  }
  return texts
}

/// A temporary file holding `text`, removed with its directory by the caller.
func writeTemporary(_ bytes: [UInt8], name: String, in directory: TemporaryDirectory) throws
  -> String
{
  let url = directory.url.appendingPathComponent(name)
  try Data(bytes).write(to: url)
  return url.path
}
