import MailModel
import ZimbraBundle

/// What one source message becomes in the bundle, and what planning changed on the way.
public struct MessagePlan: Sendable {
  /// The message as the bundle writer takes it: folder, bytes (long lines repaired if needed),
  /// flags (including those set by keywords such as `$Forwarded`), tags and received date.
  public var message: BundleMessage
  /// What the long-line repair changed, empty when nothing.
  public var repairNotes: [String]
}

/// Turns source messages into bundle plans; `convert` and `verify` share it so that both apply
/// exactly the same folder mapping, repairs and flag rules.
public struct MessagePlanner {
  private var mapper: FolderMapper
  private var mapped: [FolderPath: MappedFolder] = [:]
  /// The largest message that can be written: 8 GiB − 1, where the tar size field Zimbra's
  /// reader takes ends.
  let maxMessageSize: Int64

  /// A planner that maps folders as `folders` say.
  public init(folders: FolderMapOptions) {
    self.init(folders: folders, maxMessageSize: TarWriter.maxEntrySize)
  }

  init(folders: FolderMapOptions, maxMessageSize: Int64) {
    mapper = FolderMapper(options: folders)
    self.maxMessageSize = maxMessageSize
  }

  /// The mapped folder for a source folder (memoised; the mapper keeps collisions apart).
  public mutating func folder(_ source: FolderPath) -> MappedFolder {
    if let known = mapped[source] { return known }
    let result = mapper.map(source)
    mapped[source] = result
    return result
  }

  /// The plan for `message`, or the reason it cannot be written.
  public mutating func plan(_ message: Message) -> Result<MessagePlan, PlanFailure> {
    let target = folder(message.folder)
    guard Int64(message.bytes.count) <= maxMessageSize else {
      return .failure(
        PlanFailure(
          code: "too-large",
          message:
            "the message is \(message.bytes.count) bytes; a Zimbra archive entry holds at most "
            + "\(maxMessageSize) (8 GiB - 1)"))
    }
    var bytes = message.bytes
    var notes: [String] = []
    switch LongLineRepair.repair(bytes) {
    case .unchanged:
      break
    case .repaired(let fixed, let repairNotes):
      bytes = fixed
      notes = repairNotes.isEmpty ? ["long lines re-encoded"] : repairNotes
    case .failed(let reason):
      return .failure(
        PlanFailure(
          code: "long-line",
          message:
            "a line is longer than Zimbra's \(LongLineRepair.limit)-byte limit and could not be re-encoded: \(reason)"
        ))
    }
    var flags = message.flags
    let tags = MetaRecord.tags(for: message.keywords, flags: &flags)
    return .success(
      MessagePlan(
        message: BundleMessage(
          zimbraPath: target.zimbraPath, bytes: bytes, flags: flags, tags: tags,
          date: max(0, message.internalDate)),
        repairNotes: notes))
  }
}

/// Why a message could not be planned into the bundle.
public struct PlanFailure: Error, Sendable {
  /// The diagnostic code for the report (`long-line`).
  public var code: String
  /// Why the message cannot be written, for the report.
  public var message: String
}
