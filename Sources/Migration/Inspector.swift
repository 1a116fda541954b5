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
  public func inspect(source: String, progress: ProgressPrinter? = nil) throws -> InspectionReport {
    let detected = try SourceDetector.open(
      source, format: options.sourceFormat, options: options.read)
    var report = InspectionReport(source: source, format: detected.format, reason: detected.reason)
    var planner = MessagePlanner(folders: options.folders)
    var index: [FolderPath: Int] = [:]
    func recordDiagnostic(_ diagnostic: Diagnostic) {
      report.diagnosticsBySeverity[diagnostic.severity.rawValue, default: 0] += 1
      if diagnostic.severity == .ignored {
        report.ignoredByReason[diagnostic.code, default: 0] += 1
      } else {
        if diagnostic.severity == .skipped || diagnostic.severity == .error {
          report.skippedByReason[diagnostic.code, default: 0] += 1
        }
        report.problems.append(diagnostic)
      }
    }
    try detected.reader.readMessages(diagnostics: recordDiagnostic) { message in
      let i: Int
      if let known = index[message.folder] {
        i = known
      } else {
        let mapped = planner.folder(message.folder)
        i = report.folders.count
        index[message.folder] = i
        report.folders.append(
          InspectedFolder(
            source: message.folder.description,
            zimbra: mapped.zimbraPath.joined(separator: "/"), notes: mapped.changes))
      }
      let size = message.bytes.count
      report.messages += 1
      report.bytes += Int64(size)
      report.folders[i].messages += 1
      report.folders[i].bytes += Int64(size)
      report.folders[i].largest = max(report.folders[i].largest, size)
      if !message.flags.contains(.seen) { report.folders[i].unread += 1 }
      if message.flags.contains(.flagged) { report.folders[i].flagged += 1 }
      report.folders[i].oldest = min(
        report.folders[i].oldest ?? message.internalDate, message.internalDate)
      report.folders[i].newest = max(
        report.folders[i].newest ?? message.internalDate, message.internalDate)
      for keyword in message.keywords { report.keywords[keyword, default: 0] += 1 }
      report.dateSources[message.dateSource.rawValue, default: 0] += 1
      if LongLineRepair.hasLineOverLimit(message.bytes) { report.longLineMessages += 1 }
      progress?.update(
        messages: report.messages, bytes: report.bytes, folder: message.folder.description)
    }
    progress?.finish()
    return report
  }
}
