import ArgumentParser
import Foundation
import MailModel
import MailStores
import Migration
import ZimbraBundle

/// The `zmigrate` command: offline conversion of mail dumps into Zimbra import bundles.
@main
struct ZMigrate: ParsableCommand {
  /// Runs the command; usage errors exit with 2 as the command-line contract says (not 64).
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code.rawValue == 64 {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }

  static let configuration = CommandConfiguration(
    commandName: "zmigrate",
    abstract:
      "Convert exported mailboxes (mbox, Maildir) into Zimbra import bundles, and prove nothing was lost.",
    discussion: """
      Exit status: 0 everything converted (or verified); 1 finished, but some items were skipped or differ \
      (each is listed with its reason); 2 bad usage, or nothing could be done.
      """,
    version: ZMigrateVersion.current,
    subcommands: [
      Inspect.self, Convert.self, Verify.self, AccountsCommand.self, ContactsCommand.self,
      CalendarCommand.self,
    ]
  )
}

/// Options that decide how a source is read and where its folders go; `convert`, `verify` and
/// `inspect` share them so that all three see the same mapping.
struct SourceOptions: ParsableArguments {
  @Option(
    help:
      "Source format: auto, mbox, maildir, dovecot, eml or emlx (auto tells them apart; inspect says why). maildir also takes a directory of Maildirs (mbsync, offlineimap); mixed trees are read file by file."
  )
  var format: SourceFormat = .auto

  @Option(
    name: .customLong("date-from"),
    help:
      "Received date of EML/emlx messages without one of their own: received (newest Received:, then Date:, then file mtime; the default), date, or mtime."
  )
  var dateFrom: DatePreference?

  @Flag(help: "Mark every message unread (for exports that carry no read state).")
  var unread = false

  @Option(
    help: "INBOX spool file for a Dovecot/UW ~/mail mbox tree (e.g. /var/mail/USER).",
    completion: .file())
  var inbox: String?

  @Flag(
    name: .customLong("subscribed-only"),
    help: "Convert only the folders listed in the store's subscriptions file (INBOX always).")
  var subscribedOnly = false

  @Option(
    name: .customLong("mbox-timezone"),
    help: "Time zone of mbox 'From ' line dates, which carry none (e.g. Europe/Berlin).")
  var mboxTimezone: String = "UTC"

  @Option(
    help:
      "Hierarchy separator inside source folder names, as imapsync's --sep1 (e.g. '.' makes 'Archive.2023' two levels)."
  )
  var separator: String?

  @Option(help: "Prefix removed from source folder names, as imapsync's --prefix1 (e.g. 'INBOX.').")
  var prefix: String?

  @Option(
    help:
      "Put everything under this Zimbra folder, as pop2imap's --folder (INBOX goes into it, other folders below it)."
  )
  var into: String?

  @Flag(
    name: .customLong("no-automap"),
    help:
      "Keep special folder names (Sent Items, Deleted Items, Junk E-mail, ...) instead of mapping them to Zimbra's Sent, Trash, Junk."
  )
  var noAutomap = false

  @Option(
    name: .customLong("folder-map"),
    help: "File of 'source/path = Zimbra/path' lines that override the mapping.",
    completion: .file())
  var folderMap: String?

  func convertOptions() throws -> ConvertOptions {
    var options = ConvertOptions()
    options.sourceFormat = format
    guard let zone = TimeZone(identifier: mboxTimezone) else {
      throw ValidationError(
        "unknown time zone '\(mboxTimezone)' for --mbox-timezone (use a name like UTC or Europe/Berlin)"
      )
    }
    options.read = ReadOptions(
      mboxTimeZone: zone, dateFrom: dateFrom, markAllUnread: unread, inboxFile: inbox,
      subscribedOnly: subscribedOnly)
    var folders = FolderMapOptions()
    folders.automap = !noAutomap
    if let separator {
      guard separator.count == 1, let character = separator.first else {
        throw ValidationError("--separator takes one character")
      }
      folders.separator = character
    }
    folders.prefix = prefix
    if let into {
      let parts = into.split(separator: "/").map(String.init)
      guard !parts.isEmpty else { throw ValidationError("--into needs a folder name") }
      folders.into = parts
    }
    if let folderMap { folders.folderMap = try Self.readFolderMap(folderMap) }
    options.folders = folders
    return options
  }

  static func readFolderMap(_ path: String) throws -> [String: String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ValidationError("cannot read --folder-map file \(path)")
    }
    var map: [String: String] = [:]
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let trimmed = String(line).trimmingWhitespace()
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let parts =
        trimmed.contains("\t")
        ? trimmed.split(separator: "\t", maxSplits: 1) : trimmed.split(separator: "=", maxSplits: 1)
      guard parts.count == 2 else {
        throw ValidationError("\(path):\(number + 1): expected 'source/path = Zimbra/path'")
      }
      map[String(parts[0]).trimmingWhitespace()] = String(parts[1]).trimmingWhitespace()
    }
    return map
  }
}

extension SourceFormat: ExpressibleByArgument {}
extension DatePreference: ExpressibleByArgument {}
extension ContactsEntryFormat: ExpressibleByArgument {}

/// Prints errors the way the command-line contract asks: to stderr, naming file and position.
func fail(_ error: Error) -> ExitCode {
  FileHandle.standardError.write(Data("zmigrate: error: \(error)\n".utf8))
  return ExitCode(2)
}

func printJSON<T: Encodable>(_ value: T) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  FileHandle.standardOutput.write(try encoder.encode(value))
  FileHandle.standardOutput.write(Data("\n".utf8))
}

/// `reason n, reason n`, sorted by reason.
func countsByReason(_ counts: [String: Int]) -> String {
  counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
}

func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }

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
    if report.problems.contains(where: { $0.severity == .skipped || $0.severity == .error }) {
      throw ExitCode(1)
    }
  }
}

struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert a source into a Zimbra import bundle (.tgz by default), with a JSON report.",
    discussion: """
      Upload the result with: curl -u ADMIN --data-binary @BUNDLE.tgz 'https://SERVER/home/USER/?fmt=tgz'. \
      Every message read is either written or listed in the report with its reason.
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

  @Flag(
    name: .customLong("no-meta"),
    help:
      "Write bare messages without .meta entries (Zimbra then keeps folders, dates and read state, but not flags or tags)."
  )
  var noMeta = false

  @Option(
    name: .customLong("compression-level"),
    help: "Deflate level for .tgz and .zip, 0-9: 1 is fastest, 6 is gzip's default, 9 smallest.")
  var compressionLevel: Int = 1

  @Option(help: "Compression threads for .tgz and .zip (default: the number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

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
    guard (0...9).contains(compressionLevel) else {
      throw ValidationError("--compression-level must be 0 to 9")
    }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    if let output, BundleFormat.forOutput(output) == nil {
      throw ValidationError(
        "cannot tell the bundle form from '\(output)': end it in .tgz, .tar, .zip, or / for a directory"
      )
    }
    if let calendarTimezone, TimeZone(identifier: calendarTimezone) == nil {
      throw ValidationError(
        "unknown time zone '\(calendarTimezone)' for --calendar-timezone (use a name like Europe/Berlin)"
      )
    }
  }

  func run() throws {
    var options = try sourceOptions.convertOptions()
    let outputPath = output ?? Self.defaultOutput(for: source)
    options.bundle = BundleOptions(
      format: BundleFormat.forOutput(outputPath) ?? .tgz, compressionLevel: compressionLevel,
      workers: jobs, writeMeta: !noMeta)
    options.contacts = contacts
    options.calendars = calendar
    options.calendarTimeZone = calendarTimezone.flatMap(TimeZone.init(identifier:))
    options.contactsEntry = contactsEntry
    options.contactsEncoding = contactsEncoding
    var result: ConversionReport
    do {
      result = try Converter(options: options).convert(
        source: source, output: outputPath,
        progress: json ? nil : ProgressPrinter.forTerminal(label: "convert"))
    } catch {
      throw fail(error)
    }
    if let user { result.notes.append("bundle for account \(user)") }
    let reportPath = report ?? Self.reportPath(for: outputPath)
    do {
      try AtomicFile.write(result.json(), to: reportPath)
    } catch {
      throw fail(error)
    }
    if json {
      try printJSON(result)
    } else {
      print("\(result.source) (\(result.sourceFormat)) -> \(result.output)")
      print(
        "read \(result.messagesRead) messages (\(megabytes(result.bytesRead))), wrote \(result.messagesWritten), skipped \(result.messagesSkipped)\(result.skippedByReason.isEmpty ? "" : " (\(countsByReason(result.skippedByReason)))") in \(String(format: "%.1f", result.seconds)) s"
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
      for note in result.notes { print("note: \(note)") }
      for diagnostic in result.diagnostics where diagnostic.severity == .error {
        print("  error: \(diagnostic)")
      }
      print("report: \(reportPath)")
    }
    if result.hasProblems { throw ExitCode(1) }
  }

  static func defaultOutput(for source: String) -> String {
    var name = URL(fileURLWithPath: source).lastPathComponent
    if name.isEmpty || name == "/" || name == "." { name = "bundle" }
    return name + ".tgz"
  }

  static func reportPath(for output: String) -> String {
    var base = output
    while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
    return base + ".report.json"
  }
}

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

  /// The options to verify with: the report's settings when the user gave none of their own.
  func options() throws -> ConvertOptions {
    let given = try sourceOptions.convertOptions()
    let defaults = try SourceOptions.parse([]).convertOptions()
    let userChoseSomething = ConversionSettings(given) != ConversionSettings(defaults)
    let reportPath = report ?? Convert.reportPath(for: bundle)
    if !userChoseSomething || report != nil,
      let settings = ConversionSettings.fromReport(at: reportPath)
    {
      if !json { print("using the reading and folder settings recorded in \(reportPath)") }
      return try settings.convertOptions()
    }
    return given
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
      if result.problems.contains(where: { $0.kind == "wrong-folder" || $0.kind == "missing" })
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
