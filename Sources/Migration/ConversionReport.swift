import Foundation
import MailModel
import ZimbraBundle

/// One source folder and where its messages went.
public struct FolderReport: Codable, Sendable {
  /// The source folder path, levels joined with `/`.
  public var source: String
  /// The Zimbra folder the messages went to, levels joined with `/`.
  public var zimbra: String
  /// Messages written into the folder.
  public var messages: Int
  /// Bytes of messages written into the folder (after long-line repair, `.meta` not counted).
  public var bytes: Int64
  /// What the folder mapper changed in the name, if anything.
  public var notes: [String]
}

/// The JSON report `convert` writes: every message read is either written or listed with its reason.
public struct ConversionReport: Codable, Sendable {
  /// The program that wrote the report, always `zmigrate`.
  public var tool = "zmigrate"
  /// The zmigrate version that wrote the report.
  public var version = ZMigrateVersion.current
  /// The source path as given.
  public var source: String
  /// The detected source format's name (`mbox-tree`, `maildir`, ...).
  public var sourceFormat: String
  /// The bundle path written.
  public var output: String
  /// The bundle format: `tgz`, `tar`, `directory` or `zip`.
  public var bundleFormat: String
  /// The bundle file's SHA-256 (hex), when the conversion was asked to record it (`batch`).
  public var bundleSHA256: String?
  /// Whether `.meta` entries were asked for (false with `--no-meta`); a zip bundle never has them.
  public var withMeta: Bool
  /// How the source was read and mapped (`verify` reuses it).
  public var settings: ConversionSettings?
  /// When the conversion started, ISO 8601 in UTC (`2023-01-02T09:00:00Z`).
  public var startedAt: String
  /// How long the conversion took, in seconds of wall-clock time.
  public var seconds: Double = 0
  /// Messages the readers produced.
  public var messagesRead = 0
  /// Messages written into the bundle.
  public var messagesWritten = 0
  /// Messages read but not written; each one is in `skipped`.
  public var messagesSkipped = 0
  /// Bytes of messages read from the source.
  public var bytesRead: Int64 = 0
  /// Bytes of messages written (after long-line repair; `.meta` and contacts/calendar not counted).
  public var bytesWritten: Int64 = 0
  /// Things that are not messages (tmp/ files, index files, expunged messages), counted by reason.
  public var ignoredByReason: [String: Int] = [:]
  /// Messages and message files read but not written, counted by reason (the classes of
  /// `skipped`).
  public var skippedByReason: [String: Int] = [:]
  /// Warnings (messages written with something noticed or changed), counted by code.
  public var warningsByReason: [String: Int] = [:]
  /// Byte changes FIDELITY.md allows, with how many messages had each.
  public var transformations: [String: Int] = [:]
  /// Where internal dates came from.
  public var dateSources: [String: Int] = [:]
  /// Every folder that had messages, in reading order, with where they went.
  public var folders: [FolderReport] = []
  /// The Zimbra paths of the source folders that hold no message in the bundle, carried as
  /// folder entries (or in `foldersFile`) so that they exist after the import; nil in reports
  /// written before folders were carried.
  public var emptyFolders: [String]?
  /// The `zmmailbox` folders file written beside a `.zip` bundle for `emptyFolders`; nil when
  /// they ride in the bundle.
  public var foldersFile: String?
  /// Contacts carried as `Contacts/contacts.vcf`, events as `Calendar/calendar.ics`, tasks beside the bundle.
  public var contactsWritten = 0
  /// Events written into `Calendar/calendar.ics`.
  public var eventsWritten = 0
  /// Tasks written to `<bundle>-tasks.ics` beside the bundle.
  public var tasksWritten = 0
  /// Contact fields with no Zimbra equivalent, by name.
  public var unmappedContactFields: [String: Int] = [:]
  /// Every message read but not written, with reason and location.
  public var skipped: [Diagnostic] = []
  /// Every diagnostic, in order.
  public var diagnostics: [Diagnostic] = []
  /// Messages whose long lines were re-encoded, with what changed.
  public var repaired: [RepairNote] = []
  /// Messages not read because `--include`/`--exclude` left their folder out, by source folder;
  /// nil when no folder was left out.
  public var excludedFolders: [String: Int]?
  /// What a staged (`--since`) or de-duplicated run left out on purpose, and what changed in
  /// the source since the state was recorded; nil for a plain run.
  public var delta: DeltaReport?
  /// Whether nothing was written (`--dry-run`): the counts say what a run would write.
  public var dryRun: Bool?
  /// Remarks about the whole run: what the bundle form cannot carry, where tasks went, the account.
  public var notes: [String] = []
  /// The part size limit (`--max-bundle-size`, bytes), when the bundle was split.
  public var maxBundleSize: Int64?
  /// The parts of a bundle split to size, in order (absent when not split).
  public var parts: [BundlePart]?

  /// Whether the counts close: read = written + skipped + left out on purpose (a delta's known
  /// messages, `--dedupe`'s repeats).
  public var accountsForEveryMessage: Bool {
    messagesRead == messagesWritten + messagesSkipped + (delta?.leftOut ?? 0)
  }
  /// Whether anything was skipped or unreadable (exit status 1).
  public var hasProblems: Bool {
    messagesSkipped > 0 || diagnostics.contains { $0.severity.isFailure }
  }

  /// Adds a diagnostic from a mail reader. A message file the reader could not turn into a
  /// message (`skipped`: partial or damaged `.emlx`, a file that vanished, a dangling link) or a
  /// file or folder it could not read at all (`error`) is an item read and not written, so that
  /// read = written + skipped holds.
  mutating func recordReading(_ diagnostic: Diagnostic) {
    record(diagnostic)
    if diagnostic.severity.isFailure {
      messagesRead += 1
      recordSkipped(diagnostic)
    }
  }

  /// Lists a message (already counted as read) that was not written.
  mutating func recordSkipped(_ diagnostic: Diagnostic) {
    skipped.append(diagnostic)
    messagesSkipped += 1
    skippedByReason[diagnostic.code, default: 0] += 1
  }

  /// Counts a message the pipeline read, and opens its folder's line on first sight.
  mutating func recordRead(_ item: PipelineMessage) {
    messagesRead += 1
    bytesRead += Int64(item.message.bytes.count)
    if item.opensFolder {
      folders.append(
        FolderReport(
          source: item.folder.source.description,
          zimbra: item.folder.mapped.zimbraPath.joined(separator: "/"), messages: 0, bytes: 0,
          notes: item.folder.mapped.changes))
    }
  }

  /// Lists a message that was read but cannot be written, with the planner's reason.
  mutating func recordUnwritable(_ item: PipelineMessage, _ failure: PlanFailure) {
    let diagnostic = Diagnostic(
      .skipped, code: failure.code, failure.message, at: item.message.location)
    record(diagnostic)
    recordSkipped(diagnostic)
  }

  /// Counts a message written as the bundle entry `entry`.
  mutating func recordWritten(_ item: PipelineMessage, _ plan: MessagePlan, entry: String) {
    let size = Int64(plan.message.bytes.count)
    messagesWritten += 1
    bytesWritten += size
    folders[item.folder.index].messages += 1
    folders[item.folder.index].bytes += size
    dateSources[item.message.dateSource.rawValue, default: 0] += 1
    for transformation in item.message.transformations {
      transformations[transformation.rawValue, default: 0] += 1
    }
    if !plan.repairNotes.isEmpty {
      transformations[Transformation.repairedLongLines.rawValue, default: 0] += 1
      repaired.append(
        RepairNote(location: item.message.location, entry: entry, notes: plan.repairNotes))
    }
  }

  /// Counts the contacts and calendar entries carried in the bundle and their diagnostics.
  mutating func recordExtras(_ extras: ContactsCalendarsEntries) {
    for diagnostic in extras.diagnostics { record(diagnostic) }
    contactsWritten = extras.contacts
    eventsWritten = extras.events
    unmappedContactFields = extras.unmappedContactFields
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
  /// Where the message is in the source.
  public var location: SourceLocation
  /// The bundle entry the repaired message was written as.
  public var entry: String
  /// What the repair changed.
  public var notes: [String]
}

/// The version string shown by `--version` and written into reports.
public enum ZMigrateVersion {
  /// The release number, `major.minor.patch`.
  public static let current = "0.1.0"
}
