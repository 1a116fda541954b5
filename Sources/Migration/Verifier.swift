import ContactsCalendars
import Foundation
import MailModel
import MailStores
import ZimbraBundle

/// One way in which a bundle does not hold what the source holds.
public struct VerifyProblem: Codable, Sendable, CustomStringConvertible {
  /// `missing`, `wrong-folder`, `bytes-differ`, `date-differs`, `read-state-differs`, `flags-differ`,
  /// `tags-differ`, `meta-mismatch`, `missing-meta`, `extra`.
  public var kind: String
  /// What differs, in words.
  public var detail: String
  /// The source message, when the problem is about one.
  public var source: SourceLocation?
  /// The bundle entry, when there is one.
  public var entry: String?

  /// `kind: detail`, followed by the source location and the bundle entry when known.
  public var description: String {
    var parts = [kind + ":", detail]
    if let source { parts.append("(source \(source))") }
    if let entry { parts.append("(entry \(entry))") }
    return parts.joined(separator: " ")
  }
}

/// What `verify` found.
public struct VerificationReport: Codable, Sendable {
  /// The source path as given.
  public var source: String
  /// The bundle path as given.
  public var bundle: String
  /// The detected source format's name (`mbox-tree`, `maildir`, ...).
  public var sourceFormat: String
  /// Messages the source reader produced.
  public var sourceMessages = 0
  /// Source items the bundle lacks because convert cannot write them (message files the reader
  /// skips, files or folders it cannot read, messages the planner refuses), with reasons. Any
  /// of them makes the bundle incomplete: the source holds mail the bundle does not.
  public var sourceSkipped: [Diagnostic] = []
  /// How many of `sourceMessages` convert cannot write (so they are not expected).
  public var unwritableMessages = 0
  /// Message entries (`.eml`) in the bundle.
  public var bundleMessages = 0
  /// Source messages found once, in the right folder, with the same bytes, date and flags.
  public var matched = 0
  /// Every difference found, in the order found; empty when the bundle matches.
  public var problems: [VerifyProblem] = []
  /// Contact and calendar entries (`--contacts`, `--calendar`) found identical to what convert makes.
  public var contactsCalendarsEntriesMatched = 0

  /// Whether the bundle holds exactly what convert could write of the source: every writable
  /// source message matched, nothing different, nothing extra.
  public var isComplete: Bool {
    problems.isEmpty && matched == sourceMessages - unwritableMessages
  }

  /// Whether the bundle holds all the source's mail: complete, and no source item that convert
  /// could not write (`sourceSkipped`). `verify`'s exit status is 0 only then: it never says OK
  /// over a gap, whatever the gap's reason.
  public var holdsEverySourceMessage: Bool { isComplete && sourceSkipped.isEmpty }
}

/// An entry of the bundle as verify indexes it.
struct IndexedEntry {
  var name: String
  var directory: String
  var mtime: Int64
  var mode: UInt32
  var size: Int
  var meta: ParsedMeta?
  var messageID: String?
}

/// Checks that a bundle holds every message of a source: once, in the mapped folder, with the
/// same bytes (after FIDELITY.md's transformations), date, read state, flags and tags.
public struct Verifier {
  /// The reading, folder-mapping and contacts/calendar options; they must be the ones `convert`
  /// used.
  public var options: ConvertOptions

  /// A verifier that reads and maps as `options` say.
  public init(options: ConvertOptions) {
    self.options = options
  }

  /// Compares `bundle` with what converting `source` gives and reports every difference; throws
  /// only when the source, the bundle or the contacts/calendar files cannot be read at all.
  public func verify(source: String, bundle: String, progress: ProgressPrinter? = nil) throws
    -> VerificationReport
  {
    let detected = try SourceDetector.open(
      source, format: options.sourceFormat, options: options.read)
    var report = VerificationReport(source: source, bundle: bundle, sourceFormat: detected.format)

    // 1. Index the bundle by content digest.
    var byDigest: [[UInt8]: [IndexedEntry]] = [:]
    var byMessageID: [String: [String]] = [:]  // directory + id → entry names
    var pendingMeta: (name: String, meta: ParsedMeta)? = nil
    var sawMeta = false
    let extras = try ContactsCalendarsEntries.build(
      contacts: options.contacts, calendars: options.calendars,
      calendarTimeZone: options.calendarTimeZone,
      contactsEntry: options.contactsEntry, contactsEncoding: options.contactsEncoding)
    var expectedExtras: [String: [UInt8]] = [:]
    for entry in extras.entries { expectedExtras[entry.name] = entry.data }
    try BundleContents.forEachEntry(bundle) { name, mode, mtime, data in
      if let expected = expectedExtras.removeValue(forKey: name) {
        if expected == data {
          report.contactsCalendarsEntriesMatched += 1
        } else {
          report.problems.append(
            VerifyProblem(
              kind: "bytes-differ",
              detail:
                "contacts/calendar entry differs from what the --contacts/--calendar files give",
              source: nil, entry: name))
        }
        if sawMeta {
          report.problems.append(
            VerifyProblem(
              kind: "missing-meta", detail: "a bare entry after a .meta (Zimbra rejects it)",
              source: nil, entry: name))
        }
        return
      }
      if name.hasSuffix(".meta") {
        if let pending = pendingMeta {
          report.problems.append(
            VerifyProblem(
              kind: "meta-mismatch", detail: "a .meta entry with no message after it", source: nil,
              entry: pending.name))
        }
        do {
          pendingMeta = (name, try MetaRecord.parse(data))
          sawMeta = true
        } catch {
          report.problems.append(
            VerifyProblem(
              kind: "meta-mismatch", detail: "unreadable .meta: \(error)", source: nil, entry: name)
          )
          pendingMeta = nil
        }
        return
      }
      guard name.hasSuffix(".eml") else {
        report.problems.append(
          VerifyProblem(
            kind: "extra", detail: "an entry that is not a message (.eml) nor its .meta",
            source: nil, entry: name))
        return
      }
      report.bundleMessages += 1
      let directory = name.lastIndex(of: "/").map { String(name[..<$0]) } ?? ""
      let digest = SHA256.hash(data)
      var meta: ParsedMeta? = nil
      if let pending = pendingMeta {
        meta = pending.meta
        if pending.name != name + ".meta" {
          report.problems.append(
            VerifyProblem(
              kind: "meta-mismatch", detail: ".meta \(pending.name) precedes a different entry",
              source: nil, entry: name))
        }
        if pending.meta.size != data.count {
          report.problems.append(
            VerifyProblem(
              kind: "meta-mismatch",
              detail: ".meta size \(pending.meta.size) but the entry has \(data.count) bytes",
              source: nil, entry: name))
        }
        if let expected = pending.meta.blobDigest, expected != MetaRecord.blobDigest(digest) {
          report.problems.append(
            VerifyProblem(
              kind: "meta-mismatch", detail: ".meta blob_digest does not match the entry's SHA-256",
              source: nil, entry: name))
        }
        if pending.meta.path.joined(separator: "/") != directory {
          report.problems.append(
            VerifyProblem(
              kind: "meta-mismatch",
              detail:
                ".meta Path /\(pending.meta.path.joined(separator: "/"))/ differs from the entry's folder \(directory)",
              source: nil, entry: name))
        }
        pendingMeta = nil
      } else if sawMeta {
        report.problems.append(
          VerifyProblem(
            kind: "missing-meta",
            detail: "a message without .meta after other messages had one (Zimbra rejects it)",
            source: nil, entry: name))
      }
      let messageID = HeaderSection.value(of: "Message-ID", in: data)
      byDigest[digest, default: []].append(
        IndexedEntry(
          name: name, directory: directory, mtime: mtime, mode: mode,
          size: data.count, meta: meta, messageID: messageID))
      if let messageID { byMessageID[directory + "\u{0}" + messageID, default: []].append(name) }
      progress?.update(messages: report.bundleMessages, bytes: 0, folder: "indexing bundle")
    }
    progress?.finish()

    // 2. Walk the source and match every message.
    var planner = MessagePlanner(folders: options.folders)
    let expectMeta = sawMeta
    func recordDiagnostic(_ diagnostic: Diagnostic) {
      if diagnostic.severity == .skipped || diagnostic.severity == .error {
        report.sourceSkipped.append(diagnostic)
      }
    }
    try detected.reader.readMessages(diagnostics: recordDiagnostic) { message in
      report.sourceMessages += 1
      let plan: MessagePlan
      switch planner.plan(message) {
      case .failure(let failure):
        report.sourceSkipped.append(
          Diagnostic(.skipped, code: failure.code, failure.message, at: message.location))
        report.unwritableMessages += 1
        return
      case .success(let planned):
        plan = planned
      }
      let digest = SHA256.hash(plan.bytes)
      guard var candidates = byDigest[digest], !candidates.isEmpty else {
        let id = HeaderSection.value(of: "Message-ID", in: plan.bytes)
        if let id, let names = byMessageID[plan.directory + "\u{0}" + id], let first = names.first {
          report.problems.append(
            VerifyProblem(
              kind: "bytes-differ",
              detail: "the entry with the same Message-ID in \(plan.directory) has different bytes",
              source: message.location, entry: first))
        } else {
          report.problems.append(
            VerifyProblem(
              kind: "missing", detail: "not in the bundle (folder \(plan.directory))",
              source: message.location, entry: nil))
        }
        return
      }
      guard let position = candidates.firstIndex(where: { $0.directory == plan.directory }) else {
        let other = candidates.removeFirst()
        byDigest[digest] = candidates
        report.problems.append(
          VerifyProblem(
            kind: "wrong-folder",
            detail: "expected in \(plan.directory), found in \(other.directory)",
            source: message.location, entry: other.name))
        return
      }
      let entry = candidates.remove(at: position)
      byDigest[digest] = candidates
      var ok = true
      if entry.mtime != plan.date {
        ok = false
        report.problems.append(
          VerifyProblem(
            kind: "date-differs",
            detail: "received date \(plan.date) expected, entry mtime is \(entry.mtime)",
            source: message.location, entry: entry.name))
      }
      let entryUnread = entry.mode & 0o200 == 0
      if entryUnread != plan.unread {
        ok = false
        report.problems.append(
          VerifyProblem(
            kind: "read-state-differs",
            detail: plan.unread
              ? "should be unread (mode without 0200)" : "should be read (mode with 0200)",
            source: message.location, entry: entry.name))
      }
      if expectMeta {
        if let meta = entry.meta {
          let expectedFlags = MetaRecord.flagString(plan.flags)
          if meta.flagStr != expectedFlags || (meta.unread > 0) != plan.unread {
            ok = false
            report.problems.append(
              VerifyProblem(
                kind: "flags-differ",
                detail: "FlagStr '\(meta.flagStr ?? "")' expected '\(expectedFlags)'",
                source: message.location, entry: entry.name))
          }
          if meta.tagNames != plan.tags {
            ok = false
            report.problems.append(
              VerifyProblem(
                kind: "tags-differ", detail: "tags \(meta.tagNames) expected \(plan.tags)",
                source: message.location, entry: entry.name))
          }
          if meta.date != plan.date {
            ok = false
            report.problems.append(
              VerifyProblem(
                kind: "date-differs", detail: ".meta date \(meta.date) expected \(plan.date)",
                source: message.location, entry: entry.name))
          }
        } else {
          ok = false
          report.problems.append(
            VerifyProblem(
              kind: "missing-meta", detail: "no .meta for this message", source: message.location,
              entry: entry.name))
        }
      }
      if ok { report.matched += 1 }
      progress?.update(
        messages: report.sourceMessages, bytes: 0, folder: message.folder.description)
    }
    progress?.finish()

    for name in expectedExtras.keys.sorted() {
      report.problems.append(
        VerifyProblem(
          kind: "missing", detail: "contacts/calendar entry not in the bundle", source: nil,
          entry: name))
    }

    // 3. Whatever is left in the bundle has no source message.
    for (_, entries) in byDigest {
      for entry in entries {
        report.problems.append(
          VerifyProblem(
            kind: "extra",
            detail: "in the bundle but not in the source (or there more often than in the source)",
            source: nil, entry: entry.name))
      }
    }
    report.problems.sort { ($0.entry ?? "", $0.kind) < ($1.entry ?? "", $1.kind) }
    return report
  }
}

/// Reads the entries of a bundle, whatever its form (`.tgz`, `.tar`, or a directory tree).
public enum BundleContents {
  /// Calls `body(name, mode, mtime, data)` for each file entry, in archive order (`.zip`,
  /// `.tgz`/`.tar` by content, directory
  /// bundles: sorted, each `.meta` before its message).
  public static func forEachEntry(
    _ path: String, _ body: (String, UInt32, Int64, [UInt8]) throws -> Void
  ) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw BundleError("no such bundle", path: path)
    }
    if isDirectory.boolValue {
      try forEachFile(in: path, body)
      return
    }
    if path.lowercased().hasSuffix(".zip") {
      var reader = try ZipReader(path: path)
      while let entry = try reader.next() {
        try body(entry.name, entry.mode, entry.mtime, entry.data)
      }
      return
    }
    var reader = try TarReader(path: path)
    while let entry = try reader.next() {
      try body(entry.name, entry.mode, entry.mtime, entry.data)
    }
  }

  private static func forEachFile(
    in root: String, _ body: (String, UInt32, Int64, [UInt8]) throws -> Void
  ) throws {
    guard let walker = FileManager.default.enumerator(atPath: root) else {
      throw BundleError("cannot list bundle directory", path: root)
    }
    var files: [String] = []
    while let relative = walker.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        files.append(relative)
      }
    }
    // Each X.eml.meta sorts after X.eml by name; put it first, as in the archives.
    files.sort { a, b in
      let ka = a.hasSuffix(".meta") ? String(a.dropLast(5)) + "\u{0}" : a + "\u{1}"
      let kb = b.hasSuffix(".meta") ? String(b.dropLast(5)) + "\u{0}" : b + "\u{1}"
      return ka < kb
    }
    for relative in files {
      let full = root + "/" + relative
      var st = stat()
      guard stat(full, &st) == 0 else { throw BundleError("cannot stat", path: full) }
      let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
      try body(relative, UInt32(st.st_mode) & 0o7777, Int64(st.st_mtim.tv_sec), data)
    }
  }
}
