import Foundation
import MailModel
import MailStores
import ZimbraBundle

/// One folder as `inspect` sees it.
public struct InspectedFolder: Codable, Sendable {
  /// The source folder path, levels joined with `/`.
  public var source: String
  /// Where `convert` would put it with the same options.
  public var zimbra: String
  /// Messages read from the folder.
  public var messages = 0
  /// Total size of the folder's messages, in bytes.
  public var bytes: Int64 = 0
  /// Messages without the seen flag.
  public var unread = 0
  /// Messages with the flagged flag.
  public var flagged = 0
  /// Size of the folder's largest message, in bytes.
  public var largest = 0
  /// The earliest internal date in the folder, seconds since the Unix epoch; nil before any
  /// message.
  public var oldest: Int64?
  /// The latest internal date in the folder, seconds since the Unix epoch; nil before any
  /// message.
  public var newest: Int64?
  /// What the folder mapper would change in the name, empty when nothing.
  public var notes: [String] = []
}

/// What `inspect` reports about a source: its format and why, folders, counts, sizes, problems.
public struct InspectionReport: Codable, Sendable {
  /// The source path as given.
  public var source: String
  /// The detected format's name (`mbox`, `mbox-tree`, `maildir`, `dovecot-maildir`, `emlx`, ...).
  public var format: String
  /// Why the detector chose that format.
  public var reason: String
  /// Every folder that has messages, in reading order, with where `convert` would put it.
  public var folders: [InspectedFolder] = []
  /// Messages read from the whole source.
  public var messages = 0
  /// Total size of all messages, in bytes.
  public var bytes: Int64 = 0
  /// IMAP keywords with the number of messages carrying each.
  public var keywords: [String: Int] = [:]
  /// Where internal dates came from (`from-line`, `received`, `mtime`, ...), with message counts.
  public var dateSources: [String: Int] = [:]
  /// Messages with lines over Zimbra's 10,240-byte limit (convert re-encodes them).
  public var longLineMessages = 0
  /// Diagnostics counted by severity (`ignored`, `warning`, `skipped`, `error`).
  public var diagnosticsBySeverity: [String: Int] = [:]
  /// Every diagnostic that is not just `ignored`.
  public var problems: [Diagnostic] = []
  /// Items that are not messages (`ignored` diagnostics), counted by code.
  public var ignoredByReason: [String: Int] = [:]
  /// Message files convert would skip and files or folders that cannot be read, counted by
  /// reason (each is also in `problems`).
  public var skippedByReason: [String: Int] = [:]
}

/// Reads a whole source without writing anything and describes it.
public struct Inspector {
  /// The reading and folder-mapping options (the bundle and contacts/calendar options are unused).
  public var options: ConvertOptions

  /// An inspector that reads and maps folders as `options` say.
  public init(options: ConvertOptions) {
    self.options = options
  }

  /// Reads every message of `source` and describes it; throws only when the source cannot be
  /// opened or read at all.
  public func inspect(source: String, progress: (any ProgressReporting)? = nil) throws
    -> InspectionReport
  {
    var pipeline = try MessagePipeline(source: source, options: options, plans: false)
    var report = InspectionReport(
      source: source, format: pipeline.detected.format, reason: pipeline.detected.reason)
    try pipeline.run(
      diagnostics: { report.record($0) }, progress: progress,
      each: { item in
        if item.opensFolder {
          report.folders.append(
            InspectedFolder(
              source: item.folder.source.description,
              zimbra: item.folder.mapped.zimbraPath.joined(separator: "/"),
              notes: item.folder.mapped.changes))
        }
        report.record(item.message, in: item.folder.index)
      })
    return report
  }
}

extension InspectionReport {
  /// Counts a reader diagnostic: things that are not mail by reason, the rest as problems.
  mutating func record(_ diagnostic: Diagnostic) {
    diagnosticsBySeverity[diagnostic.severity.rawValue, default: 0] += 1
    if diagnostic.severity == .ignored {
      ignoredByReason[diagnostic.code, default: 0] += 1
      return
    }
    if diagnostic.severity.isFailure { skippedByReason[diagnostic.code, default: 0] += 1 }
    problems.append(diagnostic)
  }

  /// Counts one message of folder number `index`.
  mutating func record(_ message: Message, in index: Int) {
    let size = message.bytes.count
    messages += 1
    bytes += Int64(size)
    var folder = folders[index]
    folder.messages += 1
    folder.bytes += Int64(size)
    folder.largest = max(folder.largest, size)
    if !message.flags.contains(.seen) { folder.unread += 1 }
    if message.flags.contains(.flagged) { folder.flagged += 1 }
    folder.oldest = min(folder.oldest ?? message.internalDate, message.internalDate)
    folder.newest = max(folder.newest ?? message.internalDate, message.internalDate)
    folders[index] = folder
    for keyword in message.keywords { keywords[keyword, default: 0] += 1 }
    dateSources[message.dateSource.rawValue, default: 0] += 1
    if LongLineRepair.hasLineOverLimit(message.bytes) { longLineMessages += 1 }
  }
}
