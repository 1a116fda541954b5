import Formatters
import Foundation
import MailModel

/// Which messages an export keeps: a folder scope, a received-date range and a query; checked
/// cheapest first, so a message outside the folder or the range is never parsed.
struct ExportSelection {
  /// A message that matched, with what was parsed to decide (nil when nothing had to be).
  struct Match {
    var structure: MimeStructure?
    var facts: MessageFacts?
  }

  var query: ZimbraQuery?
  /// Received on or after this instant (seconds), when set.
  var start: Double?
  /// Received before this instant (seconds), when set.
  var end: Double?
  var timeZone: TimeZone

  /// The match, or nil when `message` is left out.
  func match(_ message: Message, scope: FolderScope) -> Match? {
    guard scope.admits(message.folder) else { return nil }
    let date = Double(message.internalDate)
    if let start, date < start { return nil }
    if let end, date >= end { return nil }
    guard let query else { return Match() }
    let structure = MimeStructure(bytes: message.bytes)
    let facts = MessageFacts(message: message, structure: structure, includeBody: query.needsBody)
    return query.matches(facts, timeZone: timeZone)
      ? Match(structure: structure, facts: facts) : nil
  }

  /// Whether facts built from a contact or a calendar item match the query.
  func matches(_ facts: MessageFacts) -> Bool {
    query?.matches(facts, timeZone: timeZone) ?? true
  }
}

/// `--folder PATH`: the folder alone (`in:`, the feeds) or with its subfolders (`under:`, the
/// archives, as Zimbra's archive formatter scopes them); names compared ignoring case.
struct FolderScope {
  let components: [String]?
  let subfolders: Bool

  init(_ folder: String?, subfolders: Bool) {
    let parts = folder?.split(separator: "/").map { $0.lowercased() } ?? []
    components = parts.isEmpty ? nil : parts
    self.subfolders = subfolders
  }

  func admits(_ path: FolderPath) -> Bool {
    guard let components else { return true }
    let have = path.components.map { $0.lowercased() }
    return subfolders ? have.starts(with: components) : have == components
  }
}

/// The newest feed entries (date descending, then id ascending), at most `keep` of them; the
/// rest are dropped as they come, so a feed over a large mailbox holds `keep` entries, not all.
struct TopEntries {
  let keep: Int
  private var entries: [FeedEntry] = []
  private var worstKept: (date: Int64, id: Int)?

  init(keep: Int) { self.keep = keep }

  private static func precedes(_ a: (date: Int64, id: Int), _ b: (date: Int64, id: Int)) -> Bool {
    a.date != b.date ? a.date > b.date : a.id < b.id
  }

  /// Whether an entry with this date and id could be among the kept ones.
  func wouldKeep(date: Int64, id: Int) -> Bool {
    guard keep > 0 else { return false }
    guard let worstKept, entries.count >= keep else { return true }
    return Self.precedes((date, id), worstKept)
  }

  mutating func add(_ entry: FeedEntry) {
    entries.append(entry)
    if entries.count >= 2 * keep + 64 {
      entries = sorted()
      if let last = entries.last { worstKept = (last.date, last.id) }
    }
  }

  /// The kept entries, newest first.
  func sorted() -> [FeedEntry] {
    Array(entries.sorted { Self.precedes(($0.date, $0.id), ($1.date, $1.id)) }.prefix(keep))
  }
}

/// Offline folder ids for `sync`: Zimbra's fixed ids for its system folders, 257 and up for
/// the others in the order they are met.
struct FolderIDs {
  static let system: [String: Int] = [
    "inbox": 2, "trash": 3, "junk": 4, "sent": 5, "drafts": 6, "contacts": 7, "calendar": 10,
    "emailed contacts": 13, "chats": 14, "tasks": 15, "briefcase": 16,
  ]
  private var known: [FolderPath: Int] = [:]
  private var next = 257

  mutating func id(of path: FolderPath) -> Int {
    if let id = known[path] { return id }
    let id: Int
    if path.components.count == 1, let fixed = Self.system[path.components[0].lowercased()] {
      id = fixed
    } else {
      id = next
      next += 1
    }
    known[path] = id
    return id
  }
}

/// File names taken from messages (an attachment's name) made safe to create in a directory.
enum ExportNames {
  /// The last path component of `name`, with `/`, `\`, NUL and control characters as `_`; never
  /// empty, `.` or `..`.
  static func safeFileName(_ name: String) -> String {
    let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    let cleaned = String(
      String.UnicodeScalarView(
        last.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "_" : $0 })
    )
    return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "part" : cleaned
  }
}
