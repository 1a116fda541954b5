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

  /// The archive name of the `seq`-th message in `directory`.
  static func entryName(directory: String, seq: Int) -> String {
    let digits = String(seq)
    return directory + "/" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
      + ".eml"
  }

  /// Reads `source`, writes `output` (atomically) and returns the report. Throws only when the
  /// source cannot be opened at all or the output cannot be written.
  public func convert(source: String, output: String, progress: ProgressPrinter? = nil) throws
    -> ConversionReport
  {
    let started = Date()
    let detected = try SourceDetector.open(
      source, format: options.sourceFormat, options: options.read)
    var report = ConversionReport(
      source: source, sourceFormat: detected.format, output: output,
      bundleFormat: options.bundle.format.rawValue, withMeta: options.bundle.writeMeta,
      startedAt: MailDate.iso8601(Int64(started.timeIntervalSince1970)))
    report.settings = ConversionSettings(options)
    let extras = try ContactsCalendarsEntries.build(
      contacts: options.contacts, calendars: options.calendars,
      calendarTimeZone: options.calendarTimeZone,
      contactsEntry: options.contactsEntry, contactsEncoding: options.contactsEncoding)
    let writer = try BundleWriter(path: output, options: options.bundle)
    var planner = MessagePlanner(folders: options.folders)
    var folderIndex: [FolderPath: Int] = [:]
    var seq = 0
    let writeMeta = options.bundle.writeMeta && options.bundle.format != .zip
    func recordDiagnostic(_ diagnostic: Diagnostic) { report.recordReading(diagnostic) }
    do {
      // Bare contact and calendar entries first: Zimbra rejects a bare entry after any .meta.
      for entry in extras.entries {
        try writer.add(
          name: entry.name, data: entry.data, mode: 0o644,
          mtime: Int64(started.timeIntervalSince1970))
      }
      for diagnostic in extras.diagnostics { report.record(diagnostic) }
      report.contactsWritten = extras.contacts
      report.eventsWritten = extras.events
      report.unmappedContactFields = extras.unmappedContactFields
      try detected.reader.readMessages(diagnostics: recordDiagnostic) { message in
        report.messagesRead += 1
        report.bytesRead += Int64(message.bytes.count)
        let mapped = planner.folder(message.folder)
        let index: Int
        if let known = folderIndex[message.folder] {
          index = known
        } else {
          index = report.folders.count
          folderIndex[message.folder] = index
          report.folders.append(
            FolderReport(
              source: message.folder.description,
              zimbra: mapped.zimbraPath.joined(separator: "/"),
              messages: 0, bytes: 0, notes: mapped.changes))
        }
        let plan: MessagePlan
        switch planner.plan(message) {
        case .failure(let failure):
          let diagnostic = Diagnostic(
            .skipped, code: failure.code, failure.message, at: message.location)
          report.record(diagnostic)
          report.recordSkipped(diagnostic)
          return
        case .success(let planned):
          plan = planned
        }
        seq += 1
        let name = Self.entryName(directory: plan.directory, seq: seq)
        if writeMeta {
          let digest = MetaRecord.blobDigest(SHA256.hash(plan.bytes))
          let meta = MetaRecord.json(
            id: MetaRecord.firstID + seq, path: plan.zimbraPath, date: plan.date,
            size: plan.bytes.count, flags: plan.flags, keywords: plan.tags,
            blobDigest: digest)
          try writer.add(name: name + ".meta", data: meta, mode: 0o644, mtime: plan.date)
        }
        try writer.add(
          name: name, data: plan.bytes, mode: plan.unread ? 0o444 : 0o644, mtime: plan.date)
        report.messagesWritten += 1
        report.bytesWritten += Int64(plan.bytes.count)
        report.folders[index].messages += 1
        report.folders[index].bytes += Int64(plan.bytes.count)
        report.dateSources[message.dateSource.rawValue, default: 0] += 1
        for transformation in message.transformations {
          report.transformations[transformation.rawValue, default: 0] += 1
        }
        if !plan.repairNotes.isEmpty {
          report.transformations[Transformation.repairedLongLines.rawValue, default: 0] += 1
          report.repaired.append(
            RepairNote(location: message.location, entry: name, notes: plan.repairNotes))
        }
        progress?.update(
          messages: report.messagesRead, bytes: report.bytesRead, folder: message.folder.description
        )
      }
      try writer.commit()
      if let tasks = extras.tasks {
        let path = ContactsCalendarsEntries.tasksPath(for: output)
        try AtomicFile.write(Data(tasks), to: path)
        report.tasksWritten = extras.taskCount
        report.notes.append(
          "\(extras.taskCount) tasks written to \(path): import them with POST /home/USER/Tasks?fmt=ics (Zimbra's archive import mishandles tasks)"
        )
      }
    } catch {
      writer.abandon()
      progress?.finish()
      throw error
    }
    progress?.finish()
    if options.bundle.format == .zip {
      report.notes.append(Converter.zipNote)
    } else if !writeMeta {
      report.notes.append(
        "written without .meta: Zimbra keeps folders, received dates (entry mtime) and read/unread (entry mode) but not flagged/replied/forwarded/draft flags or tags"
      )
    }
    report.seconds = Date().timeIntervalSince(started)
    return report
  }
}
