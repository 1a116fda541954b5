import Foundation
import MailModel
import ZimbraBundle

/// Staged migrations and de-duplication: `--since`, `--state`, `--dedupe` (issue 12).
public struct DeltaOptions: Sendable, Equatable {
  /// Write only what this state file does not hold (`--since FILE`).
  public var since: String?
  /// Record every message written in this state file (`--state FILE`); may be `since`'s file.
  public var state: String?
  /// Whose messages: `""` for `convert`, the address in `batch` (one database, many users).
  public var account = ""
  /// Leave out repeated bytes within a folder or the whole mailbox (`--dedupe`).
  public var dedupe = DedupeScope.off
  /// Set by `verify` from a delta's report: `since` is read without change, and only its runs up
  /// to this one count (those the delta was made against).
  public var baseRun: Int64?

  /// Nothing staged, nothing de-duplicated.
  public init() {}

  /// Whether any of it is asked for.
  public var isActive: Bool { since != nil || state != nil || dedupe != .off }
}

/// How far `--dedupe` looks for a message's bytes written before in the same run.
public enum DedupeScope: String, Sendable, Codable, CaseIterable {
  /// Every message is written (the default).
  case off
  /// Once per folder.
  case folder
  /// Once per mailbox.
  case global
}

/// What a staged run left out, and what changed in the source since the state was recorded.
public struct DeltaReport: Codable, Sendable {
  /// The state file read (`--since`).
  public var since: String?
  /// The state file written (`--state`).
  public var state: String?
  /// The newest run of `since` this delta was made against (verify reads the same runs).
  public var baseRun: Int64 = 0
  /// The run `--state` recorded, once the bundle is in place.
  public var recordedRun: Int64?
  /// `--dedupe`, when on.
  public var dedupe: DedupeScope = .off
  /// Messages an earlier run exported to the same folder, with the same flags and tags.
  public var alreadyExported = 0
  /// Known messages found in another folder: not exported again.
  public var moved: [LeftOut] = []
  /// Known messages whose flags or tags changed: an import cannot change an existing message.
  public var flagsChanged: [LeftOut] = []
  /// Messages whose bytes were already written in this run (`--dedupe`), with the copy kept.
  public var duplicates: [LeftOut] = []
  /// Source folders of earlier runs that are gone: renamed (their messages found in a new
  /// folder) or deleted.
  public var folderChanges: [String] = []
  /// Messages of earlier runs no longer in the source (deleted since).
  public var knownNotSeen = 0

  /// Messages read and left out on purpose (not problems).
  public var leftOut: Int { alreadyExported + moved.count + flagsChanged.count + duplicates.count }
}

/// A message a staged or de-duplicated run left out on purpose.
public struct LeftOut: Codable, Sendable {
  /// Where it is in the source.
  public var location: SourceLocation
  /// The Zimbra folder it would have gone to.
  public var folder: String
  /// Why: where the copy on the server is, what changed, or which copy was kept.
  public var detail: String
}

/// One run's use of the message state and of `--dedupe`: decides, message by message, whether a
/// planned message is written, stages what was written, and at the end says which folders of
/// the earlier runs are gone.
final class DeltaRun {
  /// Whether a message is written, and if not why.
  enum Decision: Equatable {
    case write
    case alreadyExported
    case moved(from: String)
    case flagsChanged(String)
    case duplicate(of: String)
  }

  private let since: MessageState?
  private let state: MessageState?
  private let dedupe: DedupeScope
  private var kept: [String: String] = [:]
  private var seenIdentities = 0
  private var movedFrom: [String: [String: Int]] = [:]
  private var report = DeltaReport()

  /// A run as `options` say, nil when none of it is asked for. With `options.baseRun` (verify)
  /// the state is only read, as it was when the delta was made.
  init?(options: DeltaOptions) throws {
    guard options.isActive else { return nil }
    let baseRun = options.baseRun
    let verifying = baseRun != nil
    let sinceState = try options.since.map {
      try MessageState(
        path: $0, account: options.account, readOnly: verifying, baseRun: baseRun)
    }
    since = sinceState
    if verifying {
      state = nil
    } else if let path = options.state {
      state =
        path == options.since ? sinceState : try MessageState(path: path, account: options.account)
    } else {
      state = nil
    }
    dedupe = options.dedupe
    report.since = options.since
    report.state = options.state
    report.dedupe = options.dedupe
    report.baseRun = sinceState?.baseRun ?? 0
  }

  /// The newest run of the `--since` state this run reads (0 without one).
  var baseRun: Int64 { report.baseRun }

  /// Whether `item`, planned as `plan` with written bytes of SHA-256 `digest`, is written.
  func decide(_ item: PipelineMessage, _ plan: MessagePlan, digest: String) throws -> Decision {
    let folder = plan.message.zimbraPath.joined(separator: "/")
    if let since {
      let identity = MessageIdentity.of(item.message, digest: digest)
      let known = try since.known(identity: identity)
      let sameBytes = try known.map { [$0] } ?? since.known(digest: digest)
      if let first = sameBytes.first(where: { $0.folder == folder }) ?? sameBytes.first {
        seenIdentities += 1
        if first.folder != folder {
          movedFrom[first.sourceFolder, default: [:]][item.folder.source.description, default: 0] +=
            1
          return .moved(from: first.folder)
        }
        let tags = plan.message.tags.joined(separator: "\n")
        if first.flags != Int64(plan.message.flags.rawValue) || first.tags != tags {
          return .flagsChanged(
            "flags \(Self.names(UInt8(truncatingIfNeeded: first.flags))) → \(Self.names(plan.message.flags.rawValue))"
              + (first.tags != tags ? ", tags changed" : ""))
        }
        return .alreadyExported
      }
    }
    if dedupe != .off {
      let key = dedupe == .folder ? folder + "\n" + digest : digest
      if let copy = kept[key] { return .duplicate(of: copy) }
      kept[key] = item.message.location.description
    }
    return .write
  }

  private static func names(_ flags: UInt8) -> String {
    let names = MessageFlags(rawValue: flags).names
    return names.isEmpty ? "none" : names
  }

  /// Notes a message written, for `--state`.
  func written(_ item: PipelineMessage, _ plan: MessagePlan, digest: String) throws {
    try state?.stage(
      MessageState.Known(
        identity: MessageIdentity.of(item.message, digest: digest), sha256: digest,
        folder: plan.message.zimbraPath.joined(separator: "/"),
        sourceFolder: item.folder.source.description, flags: Int64(plan.message.flags.rawValue),
        tags: plan.message.tags.joined(separator: "\n")))
  }

  /// Lists a message left out as `decision` says.
  func leftOut(_ decision: Decision, _ item: PipelineMessage, _ plan: MessagePlan) {
    let folder = plan.message.zimbraPath.joined(separator: "/")
    let location = item.message.location
    switch decision {
    case .write: break
    case .alreadyExported: report.alreadyExported += 1
    case .moved(let from):
      report.moved.append(
        LeftOut(location: location, folder: folder, detail: "exported before into \(from)"))
    case .flagsChanged(let change):
      report.flagsChanged.append(LeftOut(location: location, folder: folder, detail: change))
    case .duplicate(let copy):
      report.duplicates.append(
        LeftOut(location: location, folder: folder, detail: "same bytes as \(copy) (kept)"))
    }
  }

  /// The run's report, with the folders of earlier runs that this run's source no longer has
  /// (`seen`: the source folders read).
  func finish(seen: Set<String>) throws -> DeltaReport {
    var result = report
    guard let since else { return result }
    let earlier = try since.sourceFolders()
    var found = seenIdentities
    for (folder, count) in earlier.sorted(by: { $0.key < $1.key }) where !seen.contains(folder) {
      let moved = movedFrom[folder] ?? [:]
      if let (target, messages) = moved.max(by: { $0.value < $1.value }),
        !earlier.keys.contains(target)
      {
        result.folderChanges.append(
          "renamed: \(folder) → \(target) (\(messages) of its \(count) messages found there; they are not exported again, rename the folder on the server)"
        )
      } else {
        result.folderChanges.append(
          "deleted: \(folder) (\(count) messages exported before are no longer in the source)")
      }
    }
    found = min(found, earlier.values.reduce(0, +))
    result.knownNotSeen = earlier.values.reduce(0, +) - found
    return result
  }

  /// Records what was written as one run of the state, once the bundle is in place.
  func commit(bundle: String) throws -> Int64? {
    try state?.commit(bundle: bundle)
  }
}
