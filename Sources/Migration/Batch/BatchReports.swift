import Foundation
import MailModel

extension BatchReport {
  /// The shards' reports as one (`zmigrate report DIR1 DIR2 …`): totals added up, users in
  /// address order. A user in two reports means the shards overlap: an error naming both.
  public static func merge(_ reports: [(path: String, report: BatchReport)]) throws -> BatchReport {
    var merged = BatchReport(
      users: reports.map(\.report.users).uniqued().joined(separator: ","),
      sourcePattern: reports.map(\.report.sourcePattern).uniqued().joined(separator: ","))
    var owner: [String: String] = [:]
    for (path, report) in reports {
      for result in report.results {
        if let other = owner[result.user.lowercased()] {
          throw MigrationError(
            "\(result.user) is in both \(other) and \(path): the shards overlap", code: .badInput,
            at: SourceLocation(file: path))
        }
        owner[result.user.lowercased()] = path
      }
      merged.userCount += report.userCount
      merged.complete += report.complete
      merged.withSkippedItems += report.withSkippedItems
      merged.failed += report.failed
      merged.verified += report.verified
      merged.notStarted += report.notStarted
      merged.messagesWritten += report.messagesWritten
      merged.messagesSkipped += report.messagesSkipped
      merged.bytesWritten += report.bytesWritten
      if let leftOut = report.messagesLeftOut {
        merged.messagesLeftOut = (merged.messagesLeftOut ?? 0) + leftOut
      }
      merged.seconds = max(merged.seconds, report.seconds)
      merged.results += report.results
    }
    merged.results.sort { $0.user.lowercased() < $1.user.lowercased() }
    return merged
  }

  /// The report in `DIR/report.json`.
  public static func read(directory: String) throws -> BatchReport {
    let path = directory + "/report.json"
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MigrationError(
        "no batch report here", code: .notFound, at: SourceLocation(file: path))
    }
    do {
      return try JSONDecoder().decode(BatchReport.self, from: data)
    } catch {
      throw MigrationError(
        "not a batch report", code: .badInput, at: SourceLocation(file: path), cause: error)
    }
  }

  /// Writes the report as `DIR/report.json` and `DIR/report.html`, each atomically.
  public func write(directory: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(try encoder.encode(self), to: directory + "/report.json")
    try AtomicFile.write(
      Data(BatchHTMLReport.render(self).utf8), to: directory + "/report.html")
  }
}

/// `zmigrate verify DIR`: every bundle a batch journal holds, checked again against its source
/// with the settings recorded in the bundle's own report.
public enum BatchVerifier {
  /// One user's re-verification.
  public struct Result: Codable, Sendable {
    /// The address.
    public var user: String
    /// The bundle checked.
    public var bundle: String
    /// Whether it holds exactly what convert could write of the source.
    public var complete: Bool
    /// What differs (or why it could not be checked), empty when complete.
    public var problems: [String]
  }

  /// Whether `directory` holds a batch journal.
  public static func isBatch(_ directory: String) -> Bool {
    FileManager.default.fileExists(atPath: directory + "/zmigrate.db")
  }

  /// Re-verifies every user the journal in `directory` has as complete, in address order.
  public static func verify(directory: String) throws -> [Result] {
    let journal = try BatchJournal(path: directory + "/zmigrate.db")
    return try journal.entries().values.sorted { $0.user < $1.user }.map { entry in
      var result = Result(user: entry.user, bundle: entry.bundle, complete: false, problems: [])
      do {
        let reportPath = OutputPaths.report(for: entry.bundle)
        guard let data = FileManager.default.contents(atPath: reportPath) else {
          throw MigrationError(
            "the bundle's report is missing", at: SourceLocation(file: reportPath))
        }
        let report = try JSONDecoder().decode(ConversionReport.self, from: data)
        let options = try report.settings?.convertOptions() ?? ConvertOptions()
        let check = try Verifier(options: options).verify(
          source: report.source, bundles: Verifier.expandParts([entry.bundle]))
        result.complete = check.isComplete
        result.problems = check.problems.map(\.description)
      } catch {
        result.problems = ["\(error)"]
      }
      return result
    }
  }
}

extension Array where Element: Hashable {
  /// The elements in order, each once.
  fileprivate func uniqued() -> [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}
