import ArgumentParser
import Foundation
import MailModel
import MailStores
import Migration
import ZimbraBundle

/// `zmigrate convert`: a source into a Zimbra import bundle and its report.
struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert a source into a Zimbra import bundle (.tgz by default), with a JSON report.",
    discussion: """
      Upload the result with: curl -u ADMIN --data-binary @BUNDLE.tgz 'https://SERVER/home/USER/?fmt=tgz'. \
      Every message read is either written or listed in the report with its reason. With \
      --max-bundle-size, upload each NAME.partNNN.tgz the same way, one call per part.
      """)

  @Argument(
    help: "An mbox file or tree, a Maildir or Dovecot tree, an EML tree, or an Apple Mail tree.",
    completion: .file())
  var source: String

  @Option(
    name: .shortAndLong,
    help:
      "The bundle: X.tgz (default form), X.tar (fmt=tar), X.zip (fmt=zip: every message imports as read, no flags or tags), or DIR/ for a folder tree. Default: ./<source name>.tgz.",
    completion: .file())
  var output: String?

  @OptionGroup var sourceOptions: SourceOptions

  @OptionGroup(title: "Staged migration") var staging: StagingOptions

  @Flag(
    name: .customLong("no-meta"),
    help:
      "Write bare messages without .meta entries (Zimbra then keeps folders, dates and read state, but not flags or tags)."
  )
  var noMeta = false

  @Option(
    name: .customLong("compression-level"),
    help: "Deflate level for .tgz and .zip, 0-12 (libdeflate): 0 stores, 1 is fastest, 12 smallest."
  )
  var compressionLevel: Int = 1

  @Option(help: "Compression threads for .tgz and .zip (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(
    name: .customLong("max-bundle-size"),
    help: ArgumentHelp(
      "Split the bundle into NAME.part001.tgz, NAME.part002.tgz, ... each a complete bundle of at most SIZE bytes (a message larger than that goes alone in its own part and is reported). SIZE is bytes or a number with K, M, G or T, all 1024-based: 500M = 500 MiB. Not for DIR/ output.",
      valueName: "SIZE"))
  var maxBundleSize: String?

  @Option(
    help: "Where to write the JSON report. Default: <output>.report.json.", completion: .file())
  var report: String?

  @Option(help: "The Zimbra account the bundle is for (recorded in the report).")
  var user: String?

  @Option(
    parsing: .upToNextOption,
    help: "vCard or contact CSV files to carry in the bundle as Contacts/contacts.vcf.",
    completion: .file())
  var contacts: [String] = []

  @Option(
    parsing: .upToNextOption,
    help:
      "iCalendar/vCalendar files to carry as Calendar/calendar.ics (tasks go to <bundle>-tasks.ics beside it).",
    completion: .file())
  var calendar: [String] = []

  @Option(
    name: .customLong("contacts-entry"),
    help:
      "How --contacts ride in the bundle: vcf (Contacts/contacts.vcf, vCard 3.0) or csv (Contacts/contacts.csv, zimbra-csv, which keeps tags and fields Zimbra's vCard import drops)."
  )
  var contactsEntry: ContactsEntryFormat = .vcf

  @Option(
    name: .customLong("contacts-encoding"),
    help:
      "Charset of --contacts files that are not UTF-8: auto (detected; an unclear file is refused) or a name iconv knows, e.g. shift_jis, windows-1251."
  )
  var contactsEncoding = "auto"

  @Option(
    name: .customLong("calendar-timezone"),
    help:
      "Time zone (e.g. Europe/Berlin) for --calendar TZIDs that have no VTIMEZONE and no name zmigrate can resolve; their times are written in UTC (a recurring series gets that zone's name as TZID instead)."
  )
  var calendarTimezone: String?

  @Flag(help: "Print the report as JSON on stdout.")
  var json = false

  func validate() throws {
    guard (0...12).contains(compressionLevel) else {
      throw ValidationError("--compression-level must be 0 to 12")
    }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    if let output, BundleFormat.forOutput(output) == nil {
      throw ValidationError(
        "cannot tell the bundle form from '\(output)': end it in .tgz, .tar, .zip, or / for a directory"
      )
    }
    if let maxBundleSize {
      guard SplitBundleWriter.parseSize(maxBundleSize) != nil else {
        throw ValidationError(
          "--max-bundle-size takes a size such as 500M, 256MiB, 1G or a number of bytes (K, M, G, T are 1024-based), not '\(maxBundleSize)'"
        )
      }
      if BundleFormat.forOutput(output ?? OutputPaths.bundle(for: source)) == .directory {
        throw ValidationError(
          "--max-bundle-size splits .tgz, .tar and .zip bundles; a DIR/ output has no file size to limit"
        )
      }
    }
    if let calendarTimezone, TimeZone(identifier: calendarTimezone) == nil {
      throw ValidationError(
        "unknown time zone '\(calendarTimezone)' for --calendar-timezone (use a name like Europe/Berlin)"
      )
    }
  }

  func run() throws {
    var options = try sourceOptions.convertOptions()
    let outputPath = output ?? OutputPaths.bundle(for: source)
    options.bundle = BundleOptions(
      format: BundleFormat.forOutput(outputPath) ?? .tgz, compressionLevel: compressionLevel,
      workers: jobs, writeMeta: !noMeta)
    options.bundle.maxPartSize = maxBundleSize.flatMap(SplitBundleWriter.parseSize)
    options.contacts = contacts
    options.calendars = calendar
    options.calendarTimeZone = calendarTimezone.flatMap(TimeZone.init(identifier:))
    options.contactsEntry = contactsEntry
    options.contactsEncoding = contactsEncoding
    options.delta = staging.deltaOptions()
    options.dryRun = staging.dryRun
    var result: ConversionReport
    do {
      result = try Converter(options: options).convert(
        source: source, output: outputPath,
        progress: json ? nil : ProgressPrinter.forTerminal(label: "convert"))
    } catch {
      throw fail(error)
    }
    if let user { result.notes.append("bundle for account \(user)") }
    if options.dryRun {
      try printDryRun(result)
      return
    }
    let reportPath = report ?? OutputPaths.report(for: outputPath)
    do {
      try AtomicFile.write(result.json(), to: reportPath)
    } catch {
      throw fail(error)
    }
    if json {
      try printJSON(result)
    } else {
      print("\(result.source) (\(result.sourceFormat)) -> \(result.output)")
      if let parts = result.parts, let limit = result.maxBundleSize {
        print("\(parts.count) part\(parts.count == 1 ? "" : "s") of at most \(limit) bytes:")
        for part in parts {
          print("  \(part.path): \(part.size) bytes, \(part.messages) messages")
        }
      }
      print(
        "read \(result.messagesRead) messages (\(megabytes(result.bytesRead))), wrote \(result.messagesWritten), skipped \(result.messagesSkipped)\(result.skippedByReason.isEmpty ? "" : " (\(countsByReason(result.skippedByReason)))")\(result.delta.map { $0.leftOut > 0 ? ", left out on purpose \($0.leftOut) (--since/--dedupe, listed below)" : "" } ?? "") in \(String(format: "%.1f", result.seconds)) s"
      )
      if result.contactsWritten + result.eventsWritten + result.tasksWritten > 0 {
        print(
          "contacts \(result.contactsWritten), calendar events \(result.eventsWritten), tasks \(result.tasksWritten)"
        )
      }
      for folder in result.folders {
        print("  \(folder.source) -> \(folder.zimbra): \(folder.messages)")
        for note in folder.notes { print("    note: \(note)") }
      }
      if let empty = result.emptyFolders, !empty.isEmpty {
        print(
          "empty folders carried: \(empty.count) (\(result.foldersFile.map { "in \($0)" } ?? "as folder entries in the bundle"))"
        )
      }
      if !result.ignoredByReason.isEmpty {
        print(
          "not messages (not written): "
            + countsByReason(result.ignoredByReason))
      }
      if !result.warningsByReason.isEmpty {
        print(
          "warnings: "
            + countsByReason(result.warningsByReason))
      }
      for skipped in result.skipped { print("  skipped: \(skipped)") }
      for line in result.delta.map(deltaLines) ?? [] { print(line) }
      if let excluded = result.excludedFolders {
        print("excluded by --include/--exclude (not read): " + countsByReason(excluded))
      }
      for note in result.notes { print("note: \(note)") }
      for diagnostic in result.diagnostics where diagnostic.severity == .error {
        print("  error: \(diagnostic)")
      }
      print("report: \(reportPath)")
    }
    if result.hasProblems { throw ExitCode(1) }
  }

  /// `--dry-run`: what a run would write, folder by folder; nothing is written.
  func printDryRun(_ result: ConversionReport) throws {
    if json { return try printJSON(result) }
    print("dry run: \(result.source) (\(result.sourceFormat)); nothing written")
    for folder in result.folders where folder.messages > 0 {
      print("  \(folder.zimbra): \(folder.messages) messages, \(megabytes(folder.bytes))")
    }
    print(
      "would write \(result.messagesWritten) messages (\(megabytes(result.bytesWritten))) of \(result.messagesRead) read; skipped \(result.messagesSkipped)"
    )
    for line in result.delta.map(deltaLines) ?? [] { print(line) }
  }
}
