import ArgumentParser
import Foundation
import Migration

extension DedupeScope: ExpressibleByArgument {}

/// The options of a staged migration that `convert` and `batch` share: `--since`, `--state`,
/// `--dry-run` and `--dedupe` (docs/cutover.md).
struct StagingOptions: ParsableArguments {
  @Option(
    help:
      "Write only the messages this state file (from an earlier --state) does not hold: a delta. Known messages found in another folder are reported as moved, changed flags as flags-changed; neither is written again.",
    completion: .file())
  var since: String?

  @Option(
    help:
      "Record every message written in this SQLite state file (created if missing), once the bundle is in place; may be the --since file.",
    completion: .file())
  var state: String?

  @Flag(
    name: .customLong("dry-run"),
    help: "Print what would be written (messages and bytes per folder) and write nothing.")
  var dryRun = false

  @Option(
    help:
      "Write a message once per folder (folder) or once per mailbox (global) when its bytes repeat; each copy left out is listed with the one kept. Default: off."
  )
  var dedupe: DedupeScope = .off

  func validate() throws {
    if let since, !FileManager.default.fileExists(atPath: since) {
      throw ValidationError("--since: no state file at \(since) (write one with --state)")
    }
  }

  /// The staging options for `account` (`""` for one convert, the user's address in batch).
  func deltaOptions(account: String = "") -> DeltaOptions {
    var options = DeltaOptions()
    options.since = since
    options.state = state
    options.dedupe = dedupe
    options.account = account
    return options
  }
}

/// The lines that say what a staged or de-duplicated run left out, for the terminal.
func deltaLines(_ delta: DeltaReport) -> [String] {
  var lines: [String] = []
  if delta.since != nil {
    lines.append(
      "since run \(delta.baseRun) of \(delta.since ?? ""): already exported \(delta.alreadyExported), moved \(delta.moved.count), flags changed \(delta.flagsChanged.count)"
    )
  }
  for item in delta.moved { lines.append("  moved: \(item.location): \(item.detail)") }
  for item in delta.flagsChanged {
    lines.append("  flags-changed: \(item.location): \(item.detail) (not changed on the server)")
  }
  for change in delta.folderChanges { lines.append("  folder \(change)") }
  if delta.knownNotSeen > 0 {
    lines.append("  \(delta.knownNotSeen) messages exported before are no longer in the source")
  }
  if delta.dedupe != .off {
    lines.append("dedupe \(delta.dedupe.rawValue): \(delta.duplicates.count) copies left out")
    for item in delta.duplicates { lines.append("  duplicate: \(item.location): \(item.detail)") }
  }
  if let run = delta.recordedRun, let state = delta.state {
    lines.append("state: recorded as run \(run) in \(state)")
  }
  return lines
}
