import Foundation
import MailModel

/// One file of a bundle split to size (`--max-bundle-size`), as written.
public struct BundlePart: Codable, Sendable, Equatable {
  /// The part's path (`NAME.part001.tgz`).
  public var path: String
  /// The file's size in bytes (0 for a directory bundle).
  public var size: Int64
  /// Messages in the part.
  public var messages: Int
  /// The SHA-256 of the file (hex), when the writer hashed it.
  public var sha256: String?

  /// A part as listed in a report.
  public init(path: String, size: Int64, messages: Int, sha256: String?) {
    self.path = path
    self.size = size
    self.messages = messages
    self.sha256 = sha256
  }
}

/// Writes a bundle as one file, or, when `BundleOptions.maxPartSize` is set, as parts
/// `NAME.part001.tgz`, `NAME.part002.tgz`, … each a complete bundle of at most that many bytes.
///
/// Before a message goes into the open part, its entries are weighed with
/// `BundleWriter.sizeBound(adding:)`, an upper bound of the part's file size with the message in
/// it (what is written counted exactly, what is still buffered or compressing at deflate's worst
/// case). When the bound passes the limit, the writer first waits for the compression in flight
/// (`settle()`) and weighs again; if it still does not fit, the part is closed and the message
/// opens the next one. A message that does not fit even in an empty part is written alone in a
/// part of its own (`Placement.oversize`). Bare entries (contacts, calendar) go into part 1.
/// Messages are numbered across parts, so entry names and `.meta` item ids never repeat.
///
/// Every part stays under its temporary name until `commit()`, which renames them all (in
/// order) and removes parts of the same name left by an earlier run with more parts. An
/// interrupted run leaves no part under its real name.
public final class SplitBundleWriter {
  /// The bundle's path as asked for (`NAME.tgz`); with a size limit the parts are named after it.
  public let path: String
  /// How the bundle is written; `maxPartSize` chooses splitting.
  public let options: BundleOptions
  /// Messages written so far, in all parts.
  public private(set) var messageCount = 0
  private var current: BundleWriter
  private var closed: [BundleWriter] = []
  /// Whether the open part holds a message too large for any part, so nothing may join it.
  private var currentIsFull = false

  /// Where a message went.
  public struct Placement: Sendable {
    /// The message's entry name.
    public var entry: String
    /// The part (1 for the first, and for an unsplit bundle).
    public var part: Int
    /// The part's path.
    public var partPath: String
    /// Whether the message did not fit under the limit even alone, and was written alone in
    /// its part (which may then be larger than the limit).
    public var oversize: Bool
  }

  /// Opens the temporary output: `path` itself, or its part 1 when `options.maxPartSize` is set.
  /// A size limit is refused for a directory bundle, and makes every part hashed as written.
  public init(path: String, options: BundleOptions) throws {
    self.path = path
    var options = options
    if let limit = options.maxPartSize {
      guard options.format != .directory else {
        throw BundleError(
          "a size limit splits .tgz, .tar and .zip bundles, not a directory bundle", path: path)
      }
      guard limit > 0 else { throw BundleError("the part size limit must be positive") }
      options.digestOutput = true
    }
    self.options = options
    current = try BundleWriter(
      path: options.maxPartSize == nil ? path : Self.partPath(for: path, part: 1),
      options: options)
  }

  /// The path of part `part` (from 1) of the bundle `path`: `.partNNN` (at least three digits)
  /// before the extension (`.tgz`, `.tar.gz`, `.tar`, `.zip`): `user.tgz` → `user.part001.tgz`.
  public static func partPath(for path: String, part: Int) -> String {
    let number = String(part)
    let tag = ".part" + String(repeating: "0", count: max(0, 3 - number.count)) + number
    for suffix in [".tar.gz", ".tgz", ".tar", ".zip"] where path.lowercased().hasSuffix(suffix) {
      return String(path.dropLast(suffix.count)) + tag + String(path.suffix(suffix.count))
    }
    return path + tag
  }

  /// The bundle a part path belongs to and the part's number (`user.part002.tgz` →
  /// (`user.tgz`, 2)), or nil when `path` is not named like a part.
  public static func bundle(ofPart path: String) -> (bundle: String, part: Int)? {
    let name = path.lowercased()
    for suffix in [".tar.gz", ".tgz", ".tar", ".zip"] where name.hasSuffix(suffix) {
      let stem = path.dropLast(suffix.count)
      guard let dot = stem.lastIndex(of: ".") else { return nil }
      let tag = stem[stem.index(after: dot)...]
      guard tag.hasPrefix("part"), tag.count > 4, let part = Int(tag.dropFirst(4)), part > 0
      else { return nil }
      return (String(stem[..<dot]) + String(path.suffix(suffix.count)), part)
    }
    return nil
  }

  /// Adds an entry that is not a message to part 1 (before any message; see
  /// `BundleWriter.addBare`).
  public func addBare(name: String, data: [UInt8], mtime: Int64) throws {
    try current.addBare(name: name, data: data, mtime: mtime)
  }

  /// Adds one message (`BundleWriter.add(_:)`) to the open part, or to a new part when it would
  /// take the open one over the limit.
  @discardableResult
  public func add(_ message: BundleMessage, digest: [UInt8]? = nil) throws -> Placement {
    let prepared = current.prepare(message, sequence: messageCount + 1, digest: digest)
    var oversize = false
    if let limit = options.maxPartSize {
      let mustMove = try currentIsFull || (current.entryCount > 0 && !fits(prepared, limit))
      if mustMove { try openNextPart() }
      if !(try fits(prepared, limit)) {
        oversize = true
        currentIsFull = true
      }
    }
    let entry = try current.add(prepared)
    messageCount += 1
    return Placement(
      entry: entry, part: closed.count + 1, partPath: current.path, oversize: oversize)
  }

  /// Whether the open part stays within `limit` with `prepared` in it.
  private func fits(_ prepared: PreparedMessage, _ limit: Int64) throws -> Bool {
    guard let bound = current.sizeBound(adding: prepared) else { return true }
    if bound <= limit { return true }
    try current.settle()
    return (current.sizeBound(adding: prepared) ?? 0) <= limit
  }

  private func openNextPart() throws {
    try current.finish()
    closed.append(current)
    currentIsFull = false
    current = try BundleWriter(
      path: Self.partPath(for: path, part: closed.count + 1), options: options,
      sequenceBase: messageCount)
  }

  /// Whether folders ride as folder entries (`BundleWriter.writesFolderEntries`: not in a zip).
  public var writesFolderEntries: Bool { current.writesFolderEntries }

  /// Adds a folder entry for each of `zimbraPaths` (`BundleWriter.addFolder`) to the last part,
  /// after every message; with a size limit, to a part of their own when they would take the
  /// open part over it (each entry weighed at a generous 1,024 bytes).
  public func addFolders(_ zimbraPaths: [[String]], date: Int64) throws {
    guard !zimbraPaths.isEmpty else { return }
    if let limit = options.maxPartSize, current.entryCount > 0 {
      let needed = Int64(zimbraPaths.count) * 1_024
      if currentIsFull || (current.sizeBound() ?? 0) + needed > limit {
        try current.settle()
        if currentIsFull || (current.sizeBound() ?? 0) + needed > limit { try openNextPart() }
      }
    }
    for path in zimbraPaths { try current.addFolder(path, date: date) }
  }

  /// Finishes every part, renames them all to their real names (in order), removes any higher
  /// part of the same name an earlier run left, and returns the parts.
  public func commit() throws -> [BundlePart] {
    let writers = closed + [current]
    for writer in writers { try writer.finish() }
    for writer in writers { try writer.commit() }
    if options.maxPartSize != nil {
      var stale = writers.count + 1
      while FileManager.default.fileExists(atPath: Self.partPath(for: path, part: stale)) {
        try? FileManager.default.removeItem(atPath: Self.partPath(for: path, part: stale))
        stale += 1
      }
    }
    return writers.map {
      BundlePart(
        path: $0.path, size: $0.fileSize ?? 0, messages: $0.messageCount,
        sha256: $0.fileDigest?.hex)
    }
  }

  /// Drops every temporary part; no real name is touched.
  public func abandon() {
    for writer in closed + [current] { writer.abandon() }
  }
}

extension SplitBundleWriter {
  /// Reads a size as `--max-bundle-size` takes it: a number of bytes, or a number (fractions
  /// allowed) followed by a unit, all binary as upload limits are: `K`/`KB`/`KiB` = 1024,
  /// `M`/`MB`/`MiB` = 1024², `G`/`GB`/`GiB` = 1024³, `T`/`TB`/`TiB` = 1024⁴ (any case; `B` =
  /// bytes). `500M` is 524,288,000 bytes. Nil for anything else or a size below 1.
  public static func parseSize(_ text: String) -> Int64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let number = trimmed.prefix { $0.isNumber || $0 == "." }
    var unit = trimmed.dropFirst(number.count).lowercased()
    if unit.count == 3 && unit.hasSuffix("ib") {
      unit.removeLast(2)
    } else if unit.count == 2 && unit.hasSuffix("b") {
      unit.removeLast()
    }
    let scales: [String: Double] = [
      "": 1, "b": 1, "k": 1024, "m": 0x1p20, "g": 0x1p30, "t": 0x1p40,
    ]
    guard let value = Double(number), let scale = scales[unit] else { return nil }
    let bytes = (value * scale).rounded(.down)
    guard bytes >= 1, bytes < 0x1p62 else { return nil }
    return Int64(bytes)
  }
}
