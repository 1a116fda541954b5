import Foundation
import MailModel
import MailStores
import ZimbraBundle

/// One folder as `inspect` sees it.
public struct InspectedFolder: Codable, Sendable {
  public var source: String
  /// Where `convert` would put it with the same options.
  public var zimbra: String
  public var messages = 0
  public var bytes: Int64 = 0
  public var unread = 0
  public var flagged = 0
  public var largest = 0
  public var oldest: Int64?
  public var newest: Int64?
  public var notes: [String] = []
}

/// What `inspect` reports about a source: its format and why, folders, counts, sizes, problems.
public struct InspectionReport: Codable, Sendable {
  public var source: String
  public var format: String
  public var reason: String
  public var folders: [InspectedFolder] = []
  public var messages = 0
  public var bytes: Int64 = 0
  public var keywords: [String: Int] = [:]
  public var dateSources: [String: Int] = [:]
  /// Messages with lines over Zimbra's 10,240-byte limit (convert re-encodes them).
  public var longLineMessages = 0
  public var diagnosticsBySeverity: [String: Int] = [:]
  /// Every diagnostic that is not just `ignored`.
  public var problems: [Diagnostic] = []
  public var ignoredByReason: [String: Int] = [:]
}

/// Reads a whole source without writing anything and describes it.
public struct Inspector {
  public var options: ConvertOptions

  public init(options: ConvertOptions) {
    self.options = options
  }

  public func inspect(source: String, progress: ProgressPrinter? = nil) throws -> InspectionReport {
    let detected = try SourceDetector.open(
      source, format: options.sourceFormat, options: options.read)
    var report = InspectionReport(source: source, format: detected.format, reason: detected.reason)
    var planner = MessagePlanner(folders: options.folders)
    var index: [FolderPath: Int] = [:]
    try detected.reader.readMessages(diagnostics: { diagnostic in
      report.diagnosticsBySeverity[diagnostic.severity.rawValue, default: 0] += 1
      if diagnostic.severity == .ignored {
        report.ignoredByReason[diagnostic.code, default: 0] += 1
      } else {
        report.problems.append(diagnostic)
      }
    }) { message in
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
