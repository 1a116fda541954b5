import Foundation
import MailModel

/// What `zmigrate contacts --json` prints.
public struct ContactsSummary: Codable, Sendable {
  /// The input files.
  public var inputs: [String]
  /// The file written.
  public var output: String
  /// Contacts written.
  public var contacts: Int
  /// The CSV dialect each CSV input was read as.
  public var dialects: [String: String]
  /// The charset each input that was not UTF-8 was read in, with how it was chosen.
  public var charsets: [String: String]
  /// Fields with no Zimbra equivalent, by name, with counts.
  public var unmappedFields: [String: Int]
  /// Every diagnostic, as its report line.
  public var diagnostics: [String]

  /// A summary of these values.
  public init(
    inputs: [String], output: String, contacts: Int, dialects: [String: String],
    charsets: [String: String], unmappedFields: [String: Int], diagnostics: [Diagnostic]
  ) {
    self.inputs = inputs
    self.output = output
    self.contacts = contacts
    self.dialects = dialects
    self.charsets = charsets
    self.unmappedFields = unmappedFields
    self.diagnostics = diagnostics.map(\.description)
  }
}

/// What `zmigrate calendar --json` prints.
public struct CalendarSummary: Codable, Sendable {
  /// The input files.
  public var inputs: [String]
  /// The events file (or the free/busy file) written.
  public var output: String
  /// The tasks file written, nil when there were no tasks (or with `--freebusy`).
  public var tasksOutput: String?
  /// Events written.
  public var events: Int
  /// Tasks written.
  public var tasks: Int
  /// With `--freebusy`: the range, as given.
  public var freebusy: String?
  /// Every diagnostic, with severity, code, message and location.
  public var diagnostics: [Diagnostic]

  /// A summary of these values.
  public init(
    inputs: [String], output: String, tasksOutput: String?, events: Int, tasks: Int,
    freebusy: String?, diagnostics: [Diagnostic]
  ) {
    self.inputs = inputs
    self.output = output
    self.tasksOutput = tasksOutput
    self.events = events
    self.tasks = tasks
    self.freebusy = freebusy
    self.diagnostics = diagnostics
  }
}

/// What `zmigrate accounts --json` prints (never a password).
public struct AccountsSummary: Codable, Sendable {
  /// One record that was not written, with why.
  public struct SkippedRecord: Codable, Sendable {
    /// The file and line of the record.
    public var location: String
    /// Its address, when it had one.
    public var email: String
    /// Why it was skipped.
    public var reasons: [String]

    /// A skipped record.
    public init(location: String, email: String, reasons: [String]) {
      self.location = location
      self.email = email
      self.reasons = reasons
    }
  }

  /// The input file.
  public var input: String
  /// The file written.
  public var output: String
  /// The output format's name.
  public var format: String
  /// Records read.
  public var recordsRead: Int
  /// Records that passed the checks.
  public var valid: Int
  /// Records skipped (`--skip-invalid`).
  public var skipped: Int
  /// Passwords generated (counted, never shown).
  public var passwordsGenerated: Int
  /// Accounts written.
  public var accountsWritten: Int
  /// Aliases written.
  public var aliasesWritten: Int
  /// Wall-clock seconds.
  public var seconds: Double
  /// The skipped records.
  public var skippedRecords: [SkippedRecord]
  /// Accounts the format could not carry, as report lines.
  public var refused: [String]
  /// The charset or encoding the input was read in.
  public var charset: String

  /// A summary of these values.
  public init(
    input: String, output: String, format: String, recordsRead: Int, valid: Int, skipped: Int,
    passwordsGenerated: Int, accountsWritten: Int, aliasesWritten: Int, seconds: Double,
    skippedRecords: [SkippedRecord], refused: [String], charset: String
  ) {
    self.input = input
    self.output = output
    self.format = format
    self.recordsRead = recordsRead
    self.valid = valid
    self.skipped = skipped
    self.passwordsGenerated = passwordsGenerated
    self.accountsWritten = accountsWritten
    self.aliasesWritten = aliasesWritten
    self.seconds = seconds
    self.skippedRecords = skippedRecords
    self.refused = refused
    self.charset = charset
  }
}
