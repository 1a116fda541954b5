import ArgumentParser
import Foundation
import MailModel
import MailStores
import Migration
import ZimbraBundle

/// `zmigrate verify`: proof that a bundle holds every message of its source.
struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Prove that a bundle holds every message of the source: once, in the mapped folder, same bytes, date and flags.",
    discussion: """
      verify maps folders as convert did: it reuses the settings in the bundle's report (<bundle>.report.json) \
      unless folder options are given here. Exit status 1 and a list when anything differs.
      """)

  @Argument(help: "The source that was converted.", completion: .file())
  var source: String

  @Argument(help: "The bundle (.tgz, .tar or directory).", completion: .file())
  var bundle: String

  @OptionGroup var sourceOptions: SourceOptions

  @Option(
    help:
      "The conversion report whose reading and folder settings to reuse. Default: <bundle>.report.json when it exists and no folder options are given.",
    completion: .file())
  var report: String?

  @Flag(help: "Print the result as JSON.")
  var json = false

  /// The options to verify with (`ConversionSettings.forVerify` says when the report's win).
  func options() throws -> ConvertOptions {
    let chosen = try ConversionSettings.forVerify(
      given: try sourceOptions.convertOptions(), bundle: bundle, report: report)
    if let used = chosen.reportUsed, !json {
      print("using the reading and folder settings recorded in \(used)")
    }
    return chosen.options
  }

  func run() throws {
    let result: VerificationReport
    do {
      result = try Verifier(options: options())
        .verify(
          source: source, bundle: bundle,
          progress: json ? nil : ProgressPrinter.forTerminal(label: "verify"))
    } catch let error as ValidationError {
      throw error
    } catch {
      throw fail(error)
    }
    if json {
      try printJSON(result)
    } else {
      print(
        "source: \(result.sourceMessages + result.sourceSkipped.count - result.unwritableMessages) messages and message files (\(result.sourceSkipped.count) that convert cannot write); bundle: \(result.bundleMessages) messages"
      )
      print(
        "matched: \(result.matched)"
          + (result.contactsCalendarsEntriesMatched > 0
            ? "; contacts/calendar entries: \(result.contactsCalendarsEntriesMatched)" : ""))
      for skipped in result.sourceSkipped { print("  not in the bundle: \(skipped)") }
      for problem in result.problems { print("  \(problem)") }
      if result.holdsEverySourceMessage {
        print("OK: the bundle holds every message of the source")
      } else {
        var parts: [String] = []
        if !result.problems.isEmpty { parts.append("\(result.problems.count) problems") }
        if !result.sourceSkipped.isEmpty {
          parts.append(
            "\(result.sourceSkipped.count) source items not in the bundle (convert could not write them; reasons above)"
          )
        }
        print("DIFFERENT: " + parts.joined(separator: "; "))
      }
      if result.problems.contains(where: { $0.kind.isPlacement })
        && !result.isComplete
      {
        print(
          "(if convert was run with folder options such as --into or --separator, give verify the same ones or the report)"
        )
      }
    }
    if !result.holdsEverySourceMessage { throw ExitCode(1) }
  }
}
