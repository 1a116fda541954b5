import Foundation
import MailModel

/// One source folder and where its messages went.
public struct FolderReport: Codable, Sendable {
  public var source: String
  public var zimbra: String
  public var messages: Int
  public var bytes: Int64
  /// What the folder mapper changed in the name, if anything.
  public var notes: [String]
}

/// The JSON report `convert` writes: every message read is either written or listed with its reason.
public struct ConversionReport: Codable, Sendable {
  public var tool = "zmigrate"
  public var version = ZMigrateVersion.current
  public var source: String
  public var sourceFormat: String
  public var output: String
  public var bundleFormat: String
  public var withMeta: Bool
  /// How the source was read and mapped (`verify` reuses it).
  public var settings: ConversionSettings?
  public var startedAt: String
  public var seconds: Double = 0
  /// Messages the readers produced.
  public var messagesRead = 0
  public var messagesWritten = 0
  /// Messages read but not written; each one is in `skipped`.
  public var messagesSkipped = 0
  public var bytesRead: Int64 = 0
  public var bytesWritten: Int64 = 0
  /// Things that are not messages (tmp/ files, index files, expunged messages), counted by reason.
  public var ignoredByReason: [String: Int] = [:]
  public var warningsByReason: [String: Int] = [:]
  /// Byte changes FIDELITY.md allows, with how many messages had each.
  public var transformations: [String: Int] = [:]
  /// Where internal dates came from.
  public var dateSources: [String: Int] = [:]
  public var folders: [FolderReport] = []
  /// Contacts carried as `Contacts/contacts.vcf`, events as `Calendar/calendar.ics`, tasks beside the bundle.
  public var contactsWritten = 0
  public var eventsWritten = 0
  public var tasksWritten = 0
  /// Contact fields with no Zimbra equivalent, by name.
  public var unmappedContactFields: [String: Int] = [:]
  /// Every message read but not written, with reason and location.
  public var skipped: [Diagnostic] = []
  /// Every diagnostic, in order.
  public var diagnostics: [Diagnostic] = []
  /// Messages whose long lines were re-encoded, with what changed.
  public var repaired: [RepairNote] = []
  public var notes: [String] = []

  /// Whether the counts close: read = written + skipped.
  public var accountsForEveryMessage: Bool { messagesRead == messagesWritten + messagesSkipped }
  /// Whether anything was skipped or unreadable (exit status 1).
  public var hasProblems: Bool {
    messagesSkipped > 0 || diagnostics.contains { $0.severity == .error || $0.severity == .skipped }
  }

  /// Adds a diagnostic and its count.
  mutating func record(_ diagnostic: Diagnostic) {
    diagnostics.append(diagnostic)
    switch diagnostic.severity {
    case .ignored: ignoredByReason[diagnostic.code, default: 0] += 1
    case .warning: warningsByReason[diagnostic.code, default: 0] += 1
    case .skipped, .error: break
    }
  }

  /// The report as pretty JSON.
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }
}

/// A message whose over-long lines were rewritten so that Zimbra accepts it.
public struct RepairNote: Codable, Sendable {
  public var location: SourceLocation
  public var entry: String
  public var notes: [String]
}

/// The version string shown by `--version` and written into reports.
public enum ZMigrateVersion {
  public static let current = "0.1.0"
}
