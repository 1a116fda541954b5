import ArgumentParser
import Foundation
import MailModel
import MailStores
import Migration
import ZimbraBundle

/// `zmigrate inspect`: what a source is and what convert would make of it.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Describe a source: its format and why, folders (and where they would go), counts, sizes, problems."
  )

  @Argument(
    help: "An mbox file or tree, a Maildir or Dovecot tree, an EML tree, or an Apple Mail tree.",
    completion: .file())
  var source: String

  @OptionGroup var sourceOptions: SourceOptions

  @Flag(help: "Print the result as JSON.")
  var json = false

  func run() throws {
    let report: InspectionReport
    do {
      report = try Inspector(options: sourceOptions.convertOptions())
        .inspect(
          source: source, progress: json ? nil : ProgressPrinter.forTerminal(label: "inspect"))
    } catch let error as ValidationError {
      throw error
    } catch {
      throw fail(error)
    }
    if json {
      try printJSON(report)
    } else {
      print("\(report.source): \(report.format) (\(report.reason))")
      print(
        "\(report.messages) messages, \(megabytes(report.bytes)) in \(report.folders.count) folders"
      )
      for folder in report.folders {
        let arrow = folder.source == folder.zimbra ? "" : " -> \(folder.zimbra)"
        print(
          "  \(folder.source)\(arrow): \(folder.messages) messages, \(megabytes(folder.bytes)), \(folder.unread) unread, \(folder.flagged) flagged"
        )
        for note in folder.notes { print("    note: \(note)") }
      }
      if report.longLineMessages > 0 {
        print(
          "\(report.longLineMessages) messages have lines over 10,240 bytes (convert re-encodes them)"
        )
      }
      if !report.skippedByReason.isEmpty {
        print(
          "message files convert cannot write: \(report.skippedByReason.values.reduce(0, +)) ("
            + countsByReason(report.skippedByReason) + ")")
      }
      if !report.ignoredByReason.isEmpty {
        print(
          "not messages (not converted): "
            + countsByReason(report.ignoredByReason))
      }
      for problem in report.problems { print("  \(problem)") }
    }
    if report.problems.contains(where: { $0.severity.isFailure }) {
      throw ExitCode(1)
    }
  }
}
