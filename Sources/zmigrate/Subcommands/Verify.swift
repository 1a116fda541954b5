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
      unless folder options are given here. Exit status 1 and a list when anything differs, or when the \
      source holds mail convert could not write. The parts of a bundle split with --max-bundle-size \
      are verified together: 'zmigrate verify SOURCE NAME.part*.tgz' (each part must be a bundle by \
      itself, every message in exactly one part, and the parts those listed in NAME.tgz.report.json). \
      'zmigrate verify DIR' alone re-verifies every bundle of a batch output directory from its journal.
      """)

  @Argument(
    help: "The source that was converted (or a batch output DIR, alone: every bundle it journals).",
    completion: .file())
  var source: String

  @Argument(
    help:
      "The bundle (.tgz, .tar, .zip or directory), or every part of a bundle split with --max-bundle-size (NAME.part*.tgz), checked together. NAME.tgz alone stands for the parts its report lists when it does not exist itself.",
    completion: .file())
  var bundles: [String] = []

  @OptionGroup var sourceOptions: SourceOptions

  @Option(
    help:
      "The conversion report whose reading and folder settings to reuse. Default: <bundle>.report.json when it exists and no folder options are given.",
    completion: .file())
  var report: String?

  @Flag(help: "Print the result as JSON.")
  var json = false

  /// The options to verify with (`ConversionSettings.forVerify` says when the report's win);
  /// the parts of a split bundle share the report of the bundle they were split from.
  func options(for parts: [String]) throws -> ConvertOptions {
    let bundle = parts.first.map { SplitBundleWriter.bundle(ofPart: $0)?.bundle ?? $0 } ?? ""
    let chosen = try ConversionSettings.forVerify(
      given: try sourceOptions.convertOptions(), bundle: bundle, report: report)
    if let used = chosen.reportUsed, !json {
      print("using the reading and folder settings recorded in \(used)")
    }
    return chosen.options
  }

  func run() throws {
    guard !bundles.isEmpty else {
      guard BatchVerifier.isBatch(source) else {
        throw ValidationError(
          "give the bundle to check, or a batch output directory (with zmigrate.db)")
      }
      try verifyBatch()
      return
    }
    let parts = Verifier.expandParts(bundles, report: report)
    let result: VerificationReport
    do {
      result = try Verifier(options: options(for: parts))
        .verify(
          source: source, bundles: parts, report: report,
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
          + (result.leftOut > 0
            ? "; left out on purpose by the conversion's --since/--dedupe: \(result.leftOut)" : "")
          + (result.contactsCalendarsEntriesMatched > 0
            ? "; contacts/calendar entries: \(result.contactsCalendarsEntriesMatched)" : ""))
      for skipped in result.sourceSkipped { print("  not in the bundle: \(skipped)") }
      for problem in result.problems { print("  \(problem)") }
      if let parts = result.parts {
        print("parts: \(parts.count) (\(parts.joined(separator: ", ")))")
      }
      if result.holdsEverySourceMessage {
        print(
          result.parts.map { "OK: the \($0.count) parts together hold every message of the source" }
            ?? "OK: the bundle holds every message of the source")
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

  /// `verify DIR`: every bundle of a batch, against its source, with its own report's settings.
  func verifyBatch() throws {
    let results: [BatchVerifier.Result]
    do { results = try BatchVerifier.verify(directory: source) } catch { throw fail(error) }
    if json {
      try printJSON(results)
    } else {
      for result in results {
        print("\(result.user): " + (result.complete ? "OK" : "DIFFERENT"))
        for problem in result.problems.prefix(5) { print("  \(problem)") }
      }
      let good = results.filter(\.complete).count
      print("\(good) of \(results.count) bundles hold what their sources hold")
    }
    if results.contains(where: { !$0.complete }) { throw ExitCode(1) }
  }
}
