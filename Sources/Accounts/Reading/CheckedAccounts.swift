import MailModel

/// A record left out of the output, with every reason.
public struct SkippedRecord: Sendable, Equatable {
  /// The file and line of the record.
  public var location: SourceLocation
  /// The account's address, when it was a valid one.
  public var email: String?
  /// Why it was left out (never quoting a password).
  public var reasons: [String]
}

/// The numbers of a check.
public struct AccountCheckCounts: Sendable, Equatable {
  /// Data records in the input (including those the reader could not use).
  public var read: Int
  /// Records that passed every check.
  public var valid: Int
  /// Records with at least one error.
  public var invalid: Int
  /// Records left out of the output (`invalid` with `--skip-invalid`, else 0: nothing is written).
  public var skipped: Int
  /// Passwords generated for valid accounts.
  public var passwordsGenerated: Int
}

/// The outcome of checking an export: what may be written and everything that was wrong.
public struct CheckedAccounts: Sendable {
  /// The accounts to write: complete, lower-cased, valid addresses. Empty when some record is
  /// invalid and `skipInvalid` is off.
  public var accounts: [Account]
  /// Every problem, ordered by line: `.error` blocks writing, `.skipped` is an invalid record
  /// left out under `skipInvalid`, `.warning` was repaired or ignored, `.ignored` is a note.
  /// No message contains a password.
  public var problems: [Diagnostic]
  /// The records left out under `skipInvalid`, one entry each (empty otherwise).
  public var skipped: [SkippedRecord]
  /// The numbers.
  public var counts: AccountCheckCounts
  /// Whether `accounts` may be written: no record is invalid, or `skipInvalid` is on.
  public var isWritable: Bool

  /// Whether some problem blocks writing.
  public var hasErrors: Bool { problems.contains { $0.severity == .error } }
}
