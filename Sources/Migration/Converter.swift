import Foundation
import MailModel
import MailStores
import ZimbraBundle

/// Everything `convert` can be told.
public struct ConvertOptions: Sendable {
  /// The source layout to read (`--format`); `.auto` detects it from what is on disk.
  public var sourceFormat: SourceFormat = .auto
  /// How messages are read: mbox time zone, date preference, unread marking, INBOX spool,
  /// subscriptions.
  public var read = ReadOptions()
  /// How source folder names become Zimbra folder paths (automap, separator, prefix, `--into`,
  /// `--folder-map`).
  public var folders = FolderMapOptions()
  /// How the bundle is written: format, compression level and threads, and whether `.meta`
  /// entries go in.
  public var bundle = BundleOptions()
  /// vCard/contact CSV files to carry as `Contacts/contacts.vcf` (`--contacts`).
  public var contacts: [String] = []
  /// iCalendar/vCalendar files to carry as `Calendar/calendar.ics` (`--calendar`); tasks go beside the bundle.
  public var calendars: [String] = []
  /// The zone for calendar TZIDs nothing else resolves (`--calendar-timezone`).
  public var calendarTimeZone: TimeZone?
  /// How contacts ride in the bundle (`--contacts-entry`).
  public var contactsEntry: ContactsEntryFormat = .vcf
  /// The charset of `--contacts` files that are not UTF-8 (`--contacts-encoding`): `auto`
  /// (detected, the default) or a name iconv knows.
  public var contactsEncoding = "auto"
  /// Staged migration and de-duplication: `--since`, `--state`, `--dedupe`.
  public var delta = DeltaOptions()
  /// `--include`/`--exclude`: which source folders are read.
  public var folderFilter = FolderFilter()
  /// `--dry-run`: count what would be written, folder by folder, and write nothing.
  public var dryRun = false

  /// The defaults: detected format, `.tgz` bundle with `.meta` entries, no contacts or calendars.
  public init() {}
}

/// Converts one source (mbox file, mbox tree or Maildir) into one Zimbra import bundle.
public struct Converter {
  /// The reading, folder-mapping, bundle and contacts/calendar options every conversion uses.
  public var options: ConvertOptions

  /// A converter that converts as `options` say.
  public init(options: ConvertOptions) {
    self.options = options
  }

  /// What a `.zip` bundle cannot carry, said in the report and on the terminal.
  public static let zipNote =
    "zip bundle: Zimbra imports every zip entry as read and reads no .meta from a zip, so unread state, flags and tags are lost (folders and received dates are kept); use .tgz to keep them"

  /// Reads `source`, writes `output` (atomically) and returns the report. Throws only when the
  /// source cannot be opened at all or the output cannot be written.
  public func convert(source: String, output: String, progress: (any ProgressReporting)? = nil)
    throws
    -> ConversionReport
  {
    let started = Date()
    var pipeline = try MessagePipeline(source: source, options: options)
    var report = ConversionReport(
      source: source, sourceFormat: pipeline.detected.format, output: output,
      bundleFormat: options.bundle.format.rawValue, withMeta: options.bundle.writeMeta,
      startedAt: MailDate.iso8601(Int64(started.timeIntervalSince1970)))
    let delta = try DeltaRun(options: options.delta)
    var settings = ConversionSettings(options)
    if options.delta.since != nil { settings.sinceRun = delta?.baseRun }
    report.settings = settings
    let extras = try ContactsCalendarsEntries.build(
      contacts: options.contacts, calendars: options.calendars,
      calendarTimeZone: options.calendarTimeZone,
      contactsEntry: options.contactsEntry, contactsEncoding: options.contactsEncoding,
      groupware: try pipeline.groupware(), sourceName: source)
    // Temporaries of this output left by killed runs go first (only those of dead processes).
    if !options.dryRun { Self.removeStaleTemporaries(for: output) }
    // A dry run plans every message and counts it, folder by folder, but writes nothing.
    let writer =
      options.dryRun ? nil : try SplitBundleWriter(path: output, options: options.bundle)
    do {
      // Bare contact and calendar entries first: Zimbra rejects a bare entry after any .meta.
      for entry in extras.entries {
        try writer?.addBare(
          name: entry.name, data: entry.data, mtime: Int64(started.timeIntervalSince1970))
      }
      report.recordExtras(extras)
      try pipeline.run(
        diagnostics: { report.recordReading($0) }, progress: progress,
        each: { item in
          report.recordRead(item)
          switch item.plan {
          case .failure(let failure):
            report.recordUnwritable(item, failure)
          case .success(let plan):
            // The state's digest is the .meta's blob digest too: taken once.
            var digest: [UInt8]?
            if let delta {
              let hash = SHA256.hash(plan.message.bytes)
              digest = hash
              let decision = try delta.decide(item, plan, digest: hash.hex)
              guard decision == .write else { return delta.leftOut(decision, item, plan) }
              try delta.written(item, plan, digest: hash.hex)
            }
            guard let writer else {
              return report.recordWritten(item, plan, entry: "")
            }
            let placed = try writer.add(plan.message, digest: digest)
            report.recordWritten(item, plan, entry: placed.entry)
            if placed.oversize { report.recordOversize(item, placed) }
          case nil:
            break
          }
        })
      if !pipeline.excluded.isEmpty { report.excludedFolders = pipeline.excluded }
      report.delta = try delta?.finish(seen: Set(report.folders.map(\.source)))
      // Folders no message creates, after every message (docs/bundle.md, "Folders").
      let empty = EmptyFolders.needingCreation(
        try pipeline.allFolders(),
        written: Set(report.folders.filter { $0.messages > 0 }.map(\.zimbra)))
      report.emptyFolders = empty.map { $0.joined(separator: "/") }
      guard let writer else {
        report.dryRun = true
        report.seconds = Date().timeIntervalSince(started)
        return report
      }
      if writer.writesFolderEntries {
        try writer.addFolders(empty, date: Int64(started.timeIntervalSince1970))
      }
      report.recordParts(try writer.commit(), limit: options.bundle.maxPartSize)
      // The state records the run only now that the bundle is in place.
      report.delta?.recordedRun = try delta?.commit(bundle: output)
      if !writer.writesFolderEntries, !empty.isEmpty {
        let path = OutputPaths.folders(for: output)
        try AtomicFile.write(Data(EmptyFolders.zmmailboxCommands(empty).utf8), to: path)
        report.foldersFile = path
        report.notes.append(
          "\(empty.count) empty folders written to \(path): create them first with zmmailbox -z -m USER -f \(path)"
        )
      }
      if let tasks = extras.tasks {
        let path = OutputPaths.bundleTasks(for: output)
        try AtomicFile.write(Data(tasks), to: path)
        report.tasksWritten = extras.taskCount
        report.notes.append(
          "\(extras.taskCount) tasks written to \(path): import them with POST /home/USER/Tasks?fmt=ics (Zimbra's archive import mishandles tasks)"
        )
      }
    } catch {
      writer?.abandon()
      throw error
    }
    if options.bundle.format == .zip {
      report.notes.append(Converter.zipNote)
    } else if !options.bundle.writeMeta {
      report.notes.append(
        "written without .meta: Zimbra keeps folders, received dates (entry mtime) and read/unread (entry mode) but not flagged/replied/forwarded/draft flags or tags"
      )
    }
    report.seconds = Date().timeIntervalSince(started)
    return report
  }

  /// Removes the temporaries (`NAME.partial-PID…`) that runs no longer alive left for `output`'s
  /// own files (`OutputPaths.isWritten`): the rule of `AtomicFile.removeStaleTemporaries`.
  @discardableResult
  public static func removeStaleTemporaries(for output: String) -> [String] {
    var path = output
    while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
    let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    return AtomicFile.removeStaleTemporaries(in: directory.isEmpty ? "/" : directory) {
      OutputPaths.isWritten($0, forBundle: path)
    }
  }
}
