import MailModel
import MailStores
import ZimbraBundle

/// A source folder met in a run, and where its messages go.
public struct PipelineFolder: Sendable {
  /// Its place in the run's folder list, in the order folders were first met.
  public var index: Int
  /// The source folder.
  public var source: FolderPath
  /// The Zimbra folder it maps to, with what the mapper changed in the name.
  public var mapped: MappedFolder
}

/// One source message on its way through the pipeline.
public struct PipelineMessage {
  /// The message as the reader gave it.
  public var message: Message
  /// Its folder, mapped once per run.
  public var folder: PipelineFolder
  /// Whether this is the first message of its folder in the run.
  public var opensFolder: Bool
  /// What it becomes in the bundle, or why it cannot be written; nil when the pipeline does not
  /// plan (`inspect`).
  public var plan: Result<MessagePlan, PlanFailure>?
}

/// The one walk of a source that `inspect`, `convert` and `verify` share: detect the format,
/// read the messages, map each folder once, plan each message for the bundle, and pass on the
/// readers' diagnostics and the progress line. What to do with each message is the caller's.
public struct MessagePipeline {
  /// The detected source: its reader, format name and why.
  public let detected: DetectedSource
  private var planner: MessagePlanner
  private var folders: [FolderPath: PipelineFolder] = [:]
  private let plans: Bool
  private let filter: FolderFilter
  private var admitted: [FolderPath: Bool] = [:]
  /// Messages not read because their folder is left out by `--include`/`--exclude`, by source
  /// folder.
  public private(set) var excluded: [String: Int] = [:]

  /// Opens `source` as `options` say (format, reading, folder mapping); `plans: false` skips
  /// the bundle planning for callers that only look. Throws when the source cannot be read at all.
  public init(source: String, options: ConvertOptions, plans: Bool = true) throws {
    detected = try SourceDetector.open(
      source, format: options.sourceFormat, options: options.read)
    planner = MessagePlanner(folders: options.folders)
    self.plans = plans
    filter = options.folderFilter
  }

  /// The source's contacts, appointments and tasks (an Outlook PST, `.msg` files), for the
  /// bundle's contacts and calendar entries; none for other sources.
  public func groupware() throws -> GroupwareItems {
    try (detected.reader as? any GroupwareSource)?.readGroupware() ?? GroupwareItems()
  }

  private mutating func admits(_ folder: FolderPath) -> Bool {
    if let known = admitted[folder] { return known }
    let verdict = filter.admits(folder)
    admitted[folder] = verdict
    return verdict
  }

  /// Reads every message through the pipeline, calling `each` for each, `diagnostics` for each
  /// reader diagnostic, and updating `progress` (finished at the end, also on error).
  public mutating func run(
    diagnostics: DiagnosticHandler, progress: (any ProgressReporting)? = nil,
    each body: (PipelineMessage) throws -> Void
  ) throws {
    defer { progress?.finish() }
    var messages = 0
    var bytes: Int64 = 0
    try detected.reader.readMessages(diagnostics: diagnostics) { message in
      guard admits(message.folder) else {
        excluded[message.folder.description, default: 0] += 1
        return
      }
      var opens = false
      let folder: PipelineFolder
      if let known = folders[message.folder] {
        folder = known
      } else {
        folder = PipelineFolder(
          index: folders.count, source: message.folder, mapped: planner.folder(message.folder))
        folders[message.folder] = folder
        opens = true
      }
      let plan = plans ? planner.plan(message) : nil
      try body(PipelineMessage(message: message, folder: folder, opensFolder: opens, plan: plan))
      messages += 1
      bytes += Int64(message.bytes.count)
      progress?.update(messages: messages, bytes: bytes, folder: message.folder.description)
    }
  }

  /// Every folder of the source with its Zimbra folder: those met in `run` (call it first, so
  /// that they keep the mapping their messages got), then those the reader lists that hold no
  /// message (`MailStoreReader.readFolders`), in the reader's order, mapped the same way.
  public mutating func allFolders() throws -> [PipelineFolder] {
    for source in try detected.reader.readFolders() where folders[source] == nil && admits(source) {
      folders[source] = PipelineFolder(
        index: folders.count, source: source, mapped: planner.folder(source))
    }
    return folders.values.sorted { $0.index < $1.index }
  }
}
