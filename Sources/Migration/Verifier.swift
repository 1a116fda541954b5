import ContactsCalendars
import Foundation
import MailModel
import MailStores
import ZimbraBundle

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
  public func verify(source: String, bundle: String, progress: (any ProgressReporting)? = nil)
    throws
    -> VerificationReport
  {
    try verify(source: source, bundles: [bundle], progress: progress)
  }

  /// Compares the union of `bundles` (the parts of a bundle split to size, or one bundle) with
  /// what converting `source` gives: every message in exactly one part, each part a valid
  /// bundle by itself (its own `.meta` order; contacts and calendar in part 1), and, when the
  /// parts' conversion report (`report`, by default `<bundle>.report.json` of the bundle they
  /// were split from) lists them, the parts it lists, with their sizes and SHA-256.
  public func verify(
    source: String, bundles: [String], report reportPath: String? = nil,
    progress: (any ProgressReporting)? = nil
  ) throws -> VerificationReport {
    var pipeline = try MessagePipeline(source: source, options: options)
    // A delta or de-duplicated bundle: the same decisions, against the same state runs.
    let delta = try DeltaRun(options: options.delta)
    let parted =
      bundles.count > 1 || bundles.contains { SplitBundleWriter.bundle(ofPart: $0) != nil }
    var report = VerificationReport(
      source: source,
      bundle: parted ? Verifier.splitBundle(of: bundles) : bundles.first ?? "",
      sourceFormat: pipeline.detected.format)
    if parted { report.parts = bundles }
    let extras = try ContactsCalendarsEntries.build(
      contacts: options.contacts, calendars: options.calendars,
      calendarTimeZone: options.calendarTimeZone,
      contactsEntry: options.contactsEntry, contactsEncoding: options.contactsEncoding,
      groupware: try pipeline.groupware(), sourceName: source)
    var expectedExtras = Dictionary(
      extras.entries.map { ($0.name, $0.data) }, uniquingKeysWith: { first, _ in first })

    // 1. Index the bundle's messages; check its other entries and its layout on the way.
    // Each part is read by itself, so its layout is checked as Zimbra will import it.
    var index = BundleIndex()
    var created = FolderSet()
    for bundle in bundles {
      let partNote = bundles.count > 1 ? " (in \(bundle))" : ""
      let hasMeta = try BundleReader.forEachItem(bundle) { item in
        switch item {
        case .folder(let folder):
          created.add(folder.path)
        case .message(let found):
          index.add(found)
          created.add(found.directory.split(separator: "/").map(String.init))
          progress?.update(messages: index.count, bytes: 0, folder: "indexing bundle")
        case .other(let entry, let afterMeta):
          report.check(entry, afterMeta: afterMeta, expected: &expectedExtras)
        case .problem(let found):
          report.problems.append(
            VerifyProblem(
              kind: VerifyProblem.Kind(rawValue: found.kind.rawValue),
              detail: found.detail + partNote, source: nil, entry: found.entry))
        }
      }
      index.hasMeta = index.hasMeta || hasMeta
    }
    if parted {
      report.problems += Verifier.checkParts(
        bundles, listedIn: reportPath ?? OutputPaths.report(for: report.bundle))
    }
    progress?.finish()
    report.bundleMessages = index.count

    // 2. Walk the source and match every message.
    try pipeline.run(
      diagnostics: { if $0.severity.isFailure { report.sourceSkipped.append($0) } },
      progress: progress,
      each: { item in
        report.sourceMessages += 1
        switch item.plan {
        case .failure(let failure):
          report.sourceSkipped.append(
            Diagnostic(.skipped, code: failure.code, failure.message, at: item.message.location))
          report.unwritableMessages += 1
        case .success(let plan):
          if let delta,
            try delta.decide(item, plan, digest: SHA256.hash(plan.message.bytes).hex) != .write
          {
            report.leftOut += 1
            return
          }
          var problems = index.match(plan.message, source: item.message.location)
          if problems.isEmpty, let expected = item.message.expectedContent {
            problems = ContentCheck.differences(expected, in: plan.message.bytes).map {
              VerifyProblem(
                kind: .contentDiffers, detail: $0, source: item.message.location, entry: nil)
            }
          }
          if problems.isEmpty { report.matched += 1 }
          report.problems += problems
        case nil:
          break
        }
      })

    // 3. Every source folder must exist after the import (docs/bundle.md, "Folders").
    if BundleFormat.forOutput(report.bundle) == .zip,
      let text = try? String(
        contentsOfFile: OutputPaths.folders(for: report.bundle), encoding: .utf8)
    {
      for path in EmptyFolders.createdFolders(inCommands: text) { created.add(path) }
    }
    for folder in try pipeline.allFolders() where !created.contains(folder.mapped.zimbraPath) {
      let path = folder.mapped.zimbraPath.joined(separator: "/")
      report.problems.append(
        VerifyProblem(
          kind: .missingFolder,
          detail:
            "source folder \(folder.source) (Zimbra \(path)) is created by nothing in the bundle",
          source: nil, entry: path))
    }

    // 4. Whatever is left on either side has no counterpart.
    for name in expectedExtras.keys.sorted() {
      report.problems.append(
        VerifyProblem(
          kind: .missing, detail: "contacts/calendar entry not in the bundle", source: nil,
          entry: name))
    }
    for name in index.leftovers {
      report.problems.append(
        VerifyProblem(
          kind: .extra,
          detail: "in the bundle but not in the source (or there more often than in the source)",
          source: nil, entry: name))
    }
    report.problems.sort { ($0.entry ?? "", $0.kind.rawValue) < ($1.entry ?? "", $1.kind.rawValue) }
    return report
  }
}

/// The Zimbra folders an import creates: each path given and every parent of it (Zimbra creates
/// missing parents), plus the folders every mailbox has; matched without regard to case.
struct FolderSet {
  private var paths: Set<String> = []

  mutating func add(_ path: [String]) {
    for length in stride(from: path.count, through: 1, by: -1) {
      guard paths.insert(path.prefix(length).joined(separator: "/").lowercased()).inserted else {
        return
      }
    }
  }

  func contains(_ path: [String]) -> Bool {
    FolderMapper.existsInEveryMailbox(path)
      || paths.contains(path.joined(separator: "/").lowercased())
  }
}

extension VerificationReport {
  /// Checks a bundle entry that is not a message: one of the contacts/calendar entries convert
  /// writes from `--contacts`/`--calendar` (taken out of `expected`; same bytes, and before any
  /// `.meta`), or an extra entry.
  mutating func check(
    _ entry: BundleReader.Entry, afterMeta: Bool, expected: inout [String: [UInt8]]
  ) {
    guard let data = expected.removeValue(forKey: entry.name) else {
      problems.append(
        VerifyProblem(
          kind: .extra, detail: "an entry that is not a message (.eml) nor its .meta", source: nil,
          entry: entry.name))
      return
    }
    if data == entry.data {
      contactsCalendarsEntriesMatched += 1
    } else {
      problems.append(
        VerifyProblem(
          kind: .bytesDiffer,
          detail: "contacts/calendar entry differs from what the --contacts/--calendar files give",
          source: nil, entry: entry.name))
    }
    if afterMeta {
      problems.append(
        VerifyProblem(
          kind: .missingMeta, detail: "a bare entry after a .meta (Zimbra rejects it)", source: nil,
          entry: entry.name))
    }
  }
}
