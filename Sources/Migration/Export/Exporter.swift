import ContactsCalendars
import Formatters
import Foundation
import MailModel
import ZimbraBundle

/// What an export did: how much it read and matched, and where the result went.
public struct ExportSummary: Sendable {
  /// Messages, contacts or calendar components read.
  public var read = 0
  /// How many of them matched the folder, the range and the query.
  public var matched = 0
  /// How many were written (after `offset` and `limit`).
  public var written = 0
  /// The file written, nil when the result is in `bytes` (standard output).
  public var output: String?
  /// The result, when no output file was given (never for archives).
  public var bytes: [UInt8]?
  /// A line for the terminal, such as the file name of an extracted part.
  public var note: String?
}

/// `zmigrate export`: Zimbra's REST formatters (atom, rss, csv, ics, ifb, native, sync, zip,
/// tgz, tar) over a mail source, a bundle, contact files or calendar files, offline. Messages
/// are streamed: each is read once, and only what the output keeps (a feed's entries, one
/// message for `native`) stays in memory.
public struct Exporter {
  /// How sources are read and their folders mapped (as `convert` would).
  public var options: ConvertOptions
  /// "Now", for relative times and the default ranges.
  public var now: Date
  /// The zone of dates in queries, of `start`/`end` dates and of feed dates.
  public var timeZone: TimeZone

  /// An exporter reading as `options` say.
  public init(
    options: ConvertOptions = ConvertOptions(), now: Date = Date(), timeZone: TimeZone = .current
  ) {
    self.options = options
    self.now = now
    self.timeZone = timeZone
  }

  /// Runs `request`; per-item problems go to `diagnostics`. Throws `MigrationError` for a request
  /// that cannot be run (a query or time that does not parse, a missing source) and when the
  /// output cannot be written.
  public func export(_ request: ExportRequest, diagnostics: DiagnosticHandler) throws
    -> ExportSummary
  {
    let query: ZimbraQuery?
    do {
      query = try request.query.map { try ZimbraQuery(parsing: $0, now: now) }
    } catch let error as FormattersError {
      throw MigrationError("--query \(request.query ?? ""): \(error)")
    }
    let parser = TimeRangeParser(now: now, timeZone: timeZone)
    func time(_ text: String?, _ name: String) throws -> Double? {
      guard let text else { return nil }
      do {
        return try parser.parse(text).timeIntervalSince1970
      } catch {
        throw MigrationError("--\(name) \(text): \(error)")
      }
    }
    let selection = ExportSelection(
      query: query, start: try time(request.start, "start"), end: try time(request.end, "end"),
      timeZone: timeZone)
    if let start = selection.start, let end = selection.end, end < start {
      throw MigrationError("the range ends (--end) before it starts (--start)")
    }
    switch request.format {
    case .csv:
      return try exportContacts(request, selection: selection, diagnostics: diagnostics)
    case .ics, .ifb:
      return try exportCalendar(request, selection: selection, diagnostics: diagnostics)
    case .atom, .rss:
      if request.source == nil, !request.calendars.isEmpty {
        return try exportCalendar(request, selection: selection, diagnostics: diagnostics)
      }
      return try exportFeed(request, selection: selection, diagnostics: diagnostics)
    case .native, .sync:
      return try exportOne(request, selection: selection, diagnostics: diagnostics)
    case .zip, .tgz, .tar:
      return try exportArchive(request, selection: selection, diagnostics: diagnostics)
    }
  }

  // MARK: messages

  private func messages(_ request: ExportRequest) throws -> ExportMessages {
    guard let source = request.source else {
      throw MigrationError(
        "--fmt \(request.format.rawValue) exports mail: give a mail source or bundle")
    }
    guard FileManager.default.fileExists(atPath: source) else {
      throw MigrationError("\(source): no such file or directory", code: .notFound)
    }
    return ExportMessages(path: source, options: options)
  }

  private func exportFeed(
    _ request: ExportRequest, selection: ExportSelection, diagnostics: DiagnosticHandler
  ) throws -> ExportSummary {
    let scope = FolderScope(request.folder, subfolders: false)
    let skip = max(0, (request.offset ?? 0) - 1)
    var newest = TopEntries(keep: skip + (request.limit ?? 50))
    var summary = ExportSummary()
    var latest: Int64 = 0
    summary.read = try messages(request).forEach(diagnostics: diagnostics) { item in
      guard let match = selection.match(item.message, scope: scope) else { return }
      summary.matched += 1
      latest = max(latest, item.message.internalDate)
      guard newest.wouldKeep(date: item.message.internalDate, id: item.id) else { return }
      let structure = match.structure ?? MimeStructure(bytes: item.message.bytes)
      // The entry takes headers and the fragment; body text is not needed for it.
      let facts =
        match.facts
        ?? MessageFacts(message: item.message, structure: structure, includeBody: false)
      newest.add(FeedWriter.entry(facts: facts, structure: structure, id: item.id))
    }
    let entries = Array(newest.sorted().dropFirst(skip))
    summary.written = entries.count
    let updated = latest == 0 ? Int64(now.timeIntervalSince1970) : latest
    let path = "/" + (request.folder ?? "")
    return try deliver(
      feed(request, path: path, updated: updated, entries: entries), request, summary)
  }

  private func exportOne(
    _ request: ExportRequest, selection: ExportSelection, diagnostics: DiagnosticHandler
  ) throws -> ExportSummary {
    let scope = FolderScope(request.folder, subfolders: true)
    var summary = ExportSummary()
    var found: ExportMessages.Item?
    var folders = FolderIDs()
    var folderID = 0
    summary.read = try messages(request).forEach(diagnostics: diagnostics) { item in
      let id = folders.id(of: item.message.folder)
      if let wanted = request.id {
        guard item.id == wanted else { return }
        found = item
        folderID = id
        summary.matched = 1
        throw ExportMessages.Stop()
      }
      guard selection.match(item.message, scope: scope) != nil else { return }
      summary.matched += 1
      if found == nil {
        found = item
        folderID = id
      }
    }
    guard let found else {
      throw MigrationError(
        request.id.map { "no message has id \($0) (ids count messages in read order from 1)" }
          ?? "no message matches: give --id N or a --query that selects one message",
        code: .notFound)
    }
    guard request.id != nil || summary.matched == 1 else {
      throw MigrationError(
        "\(summary.matched) messages match; --fmt \(request.format.rawValue) gives one: "
          + "give --id N (the first match is id \(found.id))")
    }
    summary.written = 1
    let message = found.message
    if request.format == .sync {
      let bytes = SyncFormat.render(
        message: message.bytes, id: found.id, folderID: folderID, flags: message.flags,
        tags: message.keywords, receivedDate: message.internalDate)
      return try deliver(bytes, request, summary)
    }
    guard let number = request.part else { return try deliver(message.bytes, request, summary) }
    let part: ExtractedPart
    do {
      part = try MimeStructure(bytes: message.bytes).extract(part: number)
    } catch {
      throw MigrationError("message \(found.id): \(error)", code: .notFound)
    }
    summary.note =
      "message \(found.id) part \(part.number): \(part.fileName ?? "(no file name)") "
      + "(\(part.contentType), \(part.bytes.count) bytes)"
    var request = request
    if let output = request.output, let name = part.fileName, Self.isDirectory(output) {
      let directory = output.hasSuffix("/") ? String(output.dropLast()) : output
      request.output = directory + "/" + ExportNames.safeFileName(name)
    }
    return try deliver(part.bytes, request, summary)
  }

  private func exportArchive(
    _ request: ExportRequest, selection: ExportSelection, diagnostics: DiagnosticHandler
  ) throws -> ExportSummary {
    guard let output = request.output else {
      throw MigrationError("--fmt \(request.format.rawValue) writes an archive: give --output FILE")
    }
    let format: BundleFormat =
      request.format == .zip ? .zip : request.format == .tar ? .tar : .tgz
    let scope = FolderScope(request.folder, subfolders: true)
    let skip = max(0, (request.offset ?? 0) - 1)
    let writer = try ExportArchiveWriter(path: output, format: format)
    var summary = ExportSummary()
    do {
      summary.read = try messages(request).forEach(diagnostics: diagnostics) { item in
        guard selection.match(item.message, scope: scope) != nil else { return }
        summary.matched += 1
        guard summary.matched > skip else { return }
        if let limit = request.limit, summary.written >= limit { return }
        try writer.add(item.message, id: item.id)
        summary.written += 1
      }
      try writer.commit()
    } catch {
      writer.abandon()
      throw error
    }
    summary.output = output
    return summary
  }

  // MARK: contacts and calendars

  private func exportContacts(
    _ request: ExportRequest, selection: ExportSelection, diagnostics: DiagnosticHandler
  ) throws -> ExportSummary {
    guard !request.contacts.isEmpty else {
      throw MigrationError("--fmt csv exports contacts: give --contacts FILE...")
    }
    let read = try ContactFiles.read(request.contacts).result
    read.diagnostics.forEach(diagnostics)
    var summary = ExportSummary()
    summary.read = read.contacts.count
    let matching = read.contacts.filter { selection.matches(Self.facts(of: $0)) }
    summary.matched = matching.count
    let skip = max(0, (request.offset ?? 0) - 1)
    let chosen = Array(matching.dropFirst(skip).prefix(request.limit ?? Int.max))
    summary.written = chosen.count
    return try deliver(Array(try ZimbraContactCSVWriter().write(chosen)), request, summary)
  }

  private func exportCalendar(
    _ request: ExportRequest, selection: ExportSelection, diagnostics: DiagnosticHandler
  ) throws -> ExportSummary {
    guard !request.calendars.isEmpty else {
      throw MigrationError(
        "--fmt \(request.format.rawValue) exports calendars: give --calendar FILE...")
    }
    let read = CalendarFiles.read(request.calendars)
    read.diagnostics.forEach(diagnostics)
    var summary = ExportSummary()
    let range = request.format.defaultRange
    let from = selection.start ?? range.map { $0.start(now: now).timeIntervalSince1970 }
    let to = selection.end ?? range.map { $0.end(now: now).timeIntervalSince1970 }
    let calendar = ExportCalendar(calendars: read.calendars, floating: timeZone)
    summary.read = calendar.items.count
    let chosen = calendar.items.filter { selection.matches(ExportCalendar.facts(of: $0)) }
    summary.matched = chosen.count
    var fileDiagnostics: [Diagnostic] = []
    switch request.format {
    case .ifb:
      guard let from, let to else { return summary }
      let bytes = calendar.freeBusy(
        chosen, from: from, to: to, organizer: request.account, url: Self.url(request),
        stamp: now.timeIntervalSince1970, diagnostics: &fileDiagnostics)
      fileDiagnostics.forEach(diagnostics)
      summary.written = chosen.count
      return try deliver(bytes, request, summary)
    case .atom, .rss:
      var entries = calendar.instances(
        of: chosen, from: from ?? 0, to: to ?? 0, diagnostics: &fileDiagnostics)
      fileDiagnostics.forEach(diagnostics)
      let skip = max(0, (request.offset ?? 0) - 1)
      entries = Array(entries.dropFirst(skip).prefix(request.limit ?? 50))
      summary.written = entries.count
      let path = "/" + (request.folder ?? "Calendar")
      let bytes = feed(
        request, path: path, updated: Int64(now.timeIntervalSince1970), entries: entries)
      return try deliver(bytes, request, summary)
    default:
      let inRange = chosen.filter { item in
        guard selection.start != nil || selection.end != nil, item.component.name == "VEVENT"
        else { return true }
        return calendar.occurs(
          item, from: selection.start ?? -Double(Int32.max) * 1000,
          to: selection.end ?? Double(Int32.max) * 1000, diagnostics: &fileDiagnostics)
      }
      let skip = max(0, (request.offset ?? 0) - 1)
      let kept = Array(inRange.dropFirst(skip).prefix(request.limit ?? Int.max))
      summary.written = kept.count
      let written = ICalendarWriter().write(calendar.calendars(holding: kept), file: "export")
      (fileDiagnostics + written.diagnostics).forEach(diagnostics)
      return try deliver((written.events ?? []) + (written.tasks ?? []), request, summary)
    }
  }

  /// What a query can ask of a contact: its tags, and every value as text.
  static func facts(of contact: Contact) -> MessageFacts {
    let values = contact.fields.map(\.value)
    let emails = contact.fields.filter { $0.name.lowercased().contains("email") }.map(\.value)
    return MessageFacts(
      folder: FolderPath(["Contacts"]), tags: contact.tags, from: emails,
      subject: contact["fullName"] ?? contact["fileAs"] ?? "",
      headerText: values.joined(separator: "\n"), bodyText: values.joined(separator: "\n"))
  }

  // MARK: output

  /// The atom or rss document of `entries`, titled by the folder `path` as Zimbra titles it.
  private func feed(_ request: ExportRequest, path: String, updated: Int64, entries: [FeedEntry])
    -> [UInt8]
  {
    let writer = FeedWriter(timeZone: timeZone)
    if request.format == .atom {
      return writer.atom(
        title: FeedWriter.title(path: path), id: Self.url(request), updated: updated,
        entries: entries)
    }
    return writer.rss(
      title: FeedWriter.title(path: path), description: FeedWriter.rssDescription(path: path),
      entries: entries)
  }

  /// Writes `bytes` to the request's output atomically, or hands them back for standard output.
  private func deliver(_ bytes: [UInt8], _ request: ExportRequest, _ summary: ExportSummary) throws
    -> ExportSummary
  {
    var summary = summary
    guard let output = request.output else {
      summary.bytes = bytes
      return summary
    }
    try AtomicFile.write(bytes, to: output)
    summary.output = output
    return summary
  }

  static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }

  /// The request in its REST spelling, for a feed's `id` and the free/busy `URL`.
  static func url(_ request: ExportRequest) -> String {
    let base = request.source ?? request.calendars.first ?? request.contacts.first ?? ""
    var path = base + "/" + (request.folder ?? "")
    path += "." + request.format.rawValue
    var parameters: [String] = []
    if let query = request.query { parameters.append("query=" + query) }
    if let start = request.start { parameters.append("start=" + start) }
    if let end = request.end { parameters.append("end=" + end) }
    return parameters.isEmpty ? path : path + "?" + parameters.joined(separator: "&")
  }
}
