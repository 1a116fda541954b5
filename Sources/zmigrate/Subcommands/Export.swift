import ArgumentParser
import Formatters
import Foundation
import MailModel
import Migration

extension ExportFormat: ExpressibleByArgument {}

/// `zmigrate export`: Zimbra's REST formatter views of a source, a bundle, contacts or calendars.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract:
      "Zimbra's REST formatter views, offline: atom, rss, csv, ics, ifb, native, sync, zip, tgz, tar over a source, a bundle, contacts or calendars.",
    discussion: """
      The REST spelling works too: zmigrate export 'SOURCE/inbox.rss?query=is:unread&start=-7days' \
      (the longest leading part that exists is the source, then the folder, .FMT, and the query string \
      with fmt, query, start, end, limit, offset, id, part; %XX and + are decoded as the server does). \
      --query takes Zimbra's query language; --start/--end take epoch milliseconds, YYYY/MM/DD, \
      MM/DD/YYYY or relative times (-7days, p2weeks, +60mi, 1year). Ids count the source's messages \
      in read order from 1. See docs/export.md.
      """)

  @Argument(
    help:
      "The mail source or bundle (or the REST spelling SOURCE/FOLDER.FMT?query=...); leave it out with --contacts or --calendar.",
    completion: .file())
  var source: String?

  @Option(help: "The output shape: atom, rss, csv, ics, ifb, native, sync, zip, tgz or tar.")
  var fmt: ExportFormat?

  @Option(
    help:
      "The folder (Inbox, Archive/2023): exactly it for atom and rss, with its subfolders for native, sync and the archives."
  )
  var folder: String?

  @Option(
    help: "Zimbra query language: is:unread from:ross subject:\"q3 plan\" -tag:done (a b OR c).")
  var query: String?

  @Option(
    help: "Range start, as Zimbra's start=: epoch ms, YYYY/MM/DD, MM/DD/YYYY, -7days, p1week.")
  var start: String?

  @Option(help: "Range end, as Zimbra's end=.")
  var end: String?

  @Option(help: "At most this many items (default 50 for atom and rss).")
  var limit: Int?

  @Option(help: "Start at the N-th matching item (1-based, as Zimbra counts).")
  var offset: Int?

  @Option(help: "For native and sync: the message id (its place in read order, from 1).")
  var id: Int?

  @Option(help: "For native: the MIME part to give decoded (1, 2.1, ...).")
  var part: String?

  @Option(parsing: .upToNextOption, help: "Contact files (vCard, CSV) to export from (csv).")
  var contacts: [String] = []

  @Option(
    name: .customLong("calendar"), parsing: .upToNextOption,
    help: "Calendar files (.ics, .vcs) to export from (ics, ifb, atom, rss).")
  var calendars: [String] = []

  @Option(
    name: .shortAndLong,
    help:
      "Write here (atomically) instead of standard output; required for zip, tgz, tar. For native --part, a directory gets the attachment's file name.",
    completion: .file())
  var output: String?

  @Option(help: "The account whose free/busy this is (ORGANIZER in ifb).")
  var account: String?

  @Option(
    help: "Time zone of query dates, start/end dates and feed dates (default: this machine's).")
  var timezone: String?

  @OptionGroup var sourceOptions: SourceOptions

  /// The request the arguments make, the REST spelling's parameters first, flags on top (a
  /// setting given both ways is an error).
  func request() throws -> ExportRequest {
    var request: ExportRequest
    if let source, ExportURL.isURL(source) {
      request = try ExportURL.parse(source)
      if let fmt, fmt != request.format {
        throw ValidationError(
          "--fmt \(fmt.rawValue) and the URL's \(request.format.rawValue) differ")
      }
    } else {
      guard let fmt else {
        throw ValidationError("give --fmt (atom, rss, csv, ics, ifb, native, sync, zip, tgz, tar)")
      }
      request = ExportRequest(format: fmt)
      request.source = source
    }
    func merge<T>(_ flag: T?, _ current: inout T?, _ name: String) throws {
      guard let flag else { return }
      if current != nil {
        throw ValidationError("\(name) is given both in the URL and as --\(name)")
      }
      current = flag
    }
    try merge(folder, &request.folder, "folder")
    try merge(query, &request.query, "query")
    try merge(start, &request.start, "start")
    try merge(end, &request.end, "end")
    try merge(limit, &request.limit, "limit")
    try merge(offset, &request.offset, "offset")
    try merge(id, &request.id, "id")
    try merge(part, &request.part, "part")
    request.contacts = contacts
    request.calendars = calendars
    request.output = output
    request.account = account
    return request
  }

  func run() throws {
    var zone = TimeZone.current
    if let timezone {
      guard let named = TimeZone(identifier: timezone) else {
        throw ValidationError("unknown time zone '\(timezone)' for --timezone")
      }
      zone = named
    }
    let summary: ExportSummary
    var failures = 0
    do {
      let exporter = Exporter(options: try sourceOptions.convertOptions(), timeZone: zone)
      summary = try exporter.export(try request()) { diagnostic in
        if diagnostic.severity.isFailure { failures += 1 }
        guard diagnostic.severity != .ignored else { return }
        FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
      }
    } catch let error as ValidationError {
      throw error
    } catch {
      throw fail(error)
    }
    if let bytes = summary.bytes { FileHandle.standardOutput.write(Data(bytes)) }
    var line =
      "export: \(summary.read) read, \(summary.matched) matched, \(summary.written) written"
    if let output = summary.output { line += " to \(output)" }
    FileHandle.standardError.write(Data((line + "\n").utf8))
    if let note = summary.note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
    if failures > 0 { throw ExitCode(1) }
  }
}
