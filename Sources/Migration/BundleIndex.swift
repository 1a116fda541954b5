import MailModel
import ZimbraBundle

/// The messages of a bundle, indexed by the SHA-256 of their bytes for `verify`: each source
/// message is matched once against an entry in its mapped folder, with the same date, read
/// state, flags and tags. About 200 bytes a message (no message bytes are kept).
struct BundleIndex {
  /// What verify keeps of one message entry.
  struct Indexed {
    var name: String
    var directory: String
    var mtime: Int64
    var mode: UInt32
    var meta: ParsedMeta?
  }

  private var byDigest: [[UInt8]: [Indexed]] = [:]
  /// Entry names by folder directory and Message-ID, to tell "changed" from "missing".
  private var byMessageID: [String: [String]] = [:]
  /// Message entries indexed.
  private(set) var count = 0
  /// Whether the bundle has `.meta` entries (then every message must have one).
  var hasMeta = false

  /// Adds a message entry of the bundle.
  mutating func add(_ found: BundleReader.MessageEntry) {
    count += 1
    let name = found.entry.name
    let directory = found.directory
    byDigest[SHA256.hash(found.entry.data), default: []].append(
      Indexed(
        name: name, directory: directory, mtime: found.entry.mtime, mode: found.entry.mode,
        meta: found.meta))
    if let id = HeaderSection.value(of: "Message-ID", in: found.entry.data) {
      byMessageID[directory + "\u{0}" + id, default: []].append(name)
    }
  }

  /// Finds `expected` in the bundle and takes the entry out of the index; returns the
  /// differences (none when the entry matches in every respect).
  mutating func match(_ expected: BundleMessage, source: SourceLocation) -> [VerifyProblem] {
    func problem(_ kind: VerifyProblem.Kind, _ detail: String, _ entry: String?) -> VerifyProblem {
      VerifyProblem(kind: kind, detail: detail, source: source, entry: entry)
    }
    let directory = expected.directory
    let digest = SHA256.hash(expected.bytes)
    guard var candidates = byDigest[digest], !candidates.isEmpty else {
      let id = HeaderSection.value(of: "Message-ID", in: expected.bytes)
      if let id, let first = byMessageID[directory + "\u{0}" + id]?.first {
        return [
          problem(
            .bytesDiffer, "the entry with the same Message-ID in \(directory) has different bytes",
            first)
        ]
      }
      return [problem(.missing, "not in the bundle (folder \(directory))", nil)]
    }
    guard let position = candidates.firstIndex(where: { $0.directory == directory }) else {
      let other = candidates.removeFirst()
      byDigest[digest] = candidates
      return [
        problem(.wrongFolder, "expected in \(directory), found in \(other.directory)", other.name)
      ]
    }
    let entry = candidates.remove(at: position)
    byDigest[digest] = candidates
    return differences(entry, expected, problem)
  }

  /// What differs between an entry and the message expected there.
  private func differences(
    _ entry: Indexed, _ expected: BundleMessage,
    _ problem: (VerifyProblem.Kind, String, String?) -> VerifyProblem
  ) -> [VerifyProblem] {
    var found: [VerifyProblem] = []
    if entry.mtime != expected.date {
      found.append(
        problem(
          .dateDiffers, "received date \(expected.date) expected, entry mtime is \(entry.mtime)",
          entry.name))
    }
    if BundleLayout.isUnread(mode: entry.mode) != expected.unread {
      found.append(
        problem(
          .readStateDiffers,
          expected.unread
            ? "should be unread (mode without 0200)" : "should be read (mode with 0200)",
          entry.name))
    }
    guard hasMeta else { return found }
    guard let meta = entry.meta else {
      found.append(problem(.missingMeta, "no .meta for this message", entry.name))
      return found
    }
    let flags = MetaRecord.flagString(expected.flags)
    if meta.flagStr != flags || (meta.unread > 0) != expected.unread {
      found.append(
        problem(
          .flagsDiffer, "FlagStr '\(meta.flagStr ?? "")' expected '\(flags)'", entry.name))
    }
    if meta.tagNames != expected.tags {
      found.append(
        problem(.tagsDiffer, "tags \(meta.tagNames) expected \(expected.tags)", entry.name))
    }
    if meta.date != expected.date {
      found.append(
        problem(.dateDiffers, ".meta date \(meta.date) expected \(expected.date)", entry.name))
    }
    return found
  }

  /// The entries no source message matched.
  var leftovers: [String] { byDigest.values.flatMap { $0.map(\.name) } }
}
