import Foundation
import MailModel

/// Reads a bundle back, whatever its form (`.tgz`, `.tar`, `.zip`, or a directory tree): its raw
/// entries, or its messages as `BundleMessage`s with what `BundleLayout` says about them.
public enum BundleReader {
  /// One entry as the archive holds it.
  public struct Entry: Sendable {
    /// The entry's path inside the bundle.
    public var name: String
    /// The permission bits (0444 marks an unread message).
    public var mode: UInt32
    /// The modification time, seconds since 1970 (a message's received date).
    public var mtime: Int64
    /// The entry's bytes.
    public var data: [UInt8]
  }

  /// A message entry with the `.meta` that came right before it, if any.
  public struct MessageEntry: Sendable {
    /// The message entry (`Inbox/00000001.eml`).
    public var entry: Entry
    /// The `.meta` record before it, parsed; nil when it had none.
    public var meta: ParsedMeta?

    /// The folder directory of the entry (`Inbox`).
    public var directory: String { BundleLayout.directory(of: entry.name) }

    /// The message as a bundle writer would have been given it: folder, date, flags and tags
    /// from the `.meta` when there is one, else from the entry's directory, mtime and mode (a
    /// `.zip` or `--no-meta` bundle, which carries no other flags or tags).
    public var message: BundleMessage {
      if let meta {
        return BundleMessage(
          zimbraPath: meta.path, bytes: entry.data, flags: MetaRecord.flags(of: meta),
          tags: meta.tagNames, date: meta.date)
      }
      // At the scalar `/` (a name may start with a combining mark; see `MetaRecord.parse`).
      let path = directory.unicodeScalars.split(separator: "/")
        .map { String(String.UnicodeScalarView($0)) }
      return BundleMessage(
        zimbraPath: path, bytes: entry.data,
        flags: BundleLayout.isUnread(mode: entry.mode) ? [] : [.seen], tags: [],
        date: entry.mtime)
    }
  }

  /// A way in which the entries break Zimbra's layout.
  public struct LayoutProblem: Sendable {
    /// What is wrong.
    public enum Kind: String, Sendable {
      /// A `.meta` that does not describe the entry after it, or that cannot be read.
      case metaMismatch = "meta-mismatch"
      /// A message without `.meta` after others had one, or a bare entry after a `.meta`.
      case missingMeta = "missing-meta"
    }

    /// What is wrong.
    public var kind: Kind
    /// In words.
    public var detail: String
    /// The entry it is about.
    public var entry: String
  }

  /// A folder `.meta` entry (item type 1, no blob after it), from which Zimbra's import creates
  /// the folder `path` when it does not exist.
  public struct FolderEntry: Sendable {
    /// The `.meta` entry's name.
    public var name: String
    /// The folder's Zimbra path from `Path`, one component per level.
    public var path: [String]
  }

  /// What reading the bundle entry by entry finds.
  public enum Item: Sendable {
    /// A message entry (`.eml`) with its `.meta`.
    case message(MessageEntry)
    /// A folder `.meta` entry.
    case folder(FolderEntry)
    /// An entry that is neither a message nor a `.meta`; `afterMeta` says whether a `.meta`
    /// came before it (Zimbra then rejects it).
    case other(Entry, afterMeta: Bool)
    /// A break of the layout, found on the way.
    case problem(LayoutProblem)
  }

  /// Calls `body` for each file entry, in archive order (directory bundles: sorted, each `.meta`
  /// before its message).
  public static func forEachEntry(_ path: String, _ body: (Entry) throws -> Void) throws {
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
        try body(Entry(name: entry.name, mode: entry.mode, mtime: entry.mtime, data: entry.data))
      }
      return
    }
    var reader = try TarReader(path: path)
    while let entry = try reader.next() {
      try body(Entry(name: entry.name, mode: entry.mode, mtime: entry.mtime, data: entry.data))
    }
  }

  /// Calls `body` for each message (with its `.meta`), each other entry, and each break of
  /// Zimbra's layout, in archive order. Checks what `BundleLayout` promises: a `.meta` right
  /// before its message, agreeing on size, blob digest and folder; no message without `.meta`
  /// once one had it. Returns whether the bundle has any `.meta` entry at all.
  @discardableResult
  public static func forEachItem(_ path: String, _ body: (Item) throws -> Void) throws -> Bool {
    var pending: (name: String, meta: ParsedMeta)?
    var sawMeta = false
    func problem(_ kind: LayoutProblem.Kind, _ detail: String, _ entry: String) throws {
      try body(.problem(LayoutProblem(kind: kind, detail: detail, entry: entry)))
    }
    try forEachEntry(path) { entry in
      let name = entry.name
      if name.hasSuffix(".meta") {
        if let earlier = pending {
          try problem(.metaMismatch, "a .meta entry with no message after it", earlier.name)
        }
        pending = nil
        let meta: ParsedMeta
        do {
          meta = try MetaRecord.parse(entry.data)
        } catch {
          try problem(.metaMismatch, "unreadable .meta: \(error)", name)
          return
        }
        sawMeta = true
        guard meta.type == MetaRecord.folderType else {
          pending = (name, meta)
          return
        }
        // Zimbra creates the folder `name` under the parent of `Path`: the two must agree.
        if meta.path.isEmpty || meta.name != meta.path.last {
          try problem(
            .metaMismatch,
            "folder .meta name \(meta.name ?? "(none)") is not the last level of its Path", name)
        }
        try body(.folder(FolderEntry(name: name, path: meta.path)))
        return
      }
      guard name.hasSuffix(".eml") else {
        try body(.other(entry, afterMeta: sawMeta))
        return
      }
      var meta: ParsedMeta?
      if let (metaName, parsed) = pending {
        meta = parsed
        try check(parsed, named: metaName, against: entry, problem)
        pending = nil
      } else if sawMeta {
        try problem(
          .missingMeta, "a message without .meta after other messages had one (Zimbra rejects it)",
          name)
      }
      try body(.message(MessageEntry(entry: entry, meta: meta)))
    }
    if let earlier = pending {
      try problem(.metaMismatch, "a .meta entry with no message after it", earlier.name)
    }
    return sawMeta
  }

  /// The agreement of a `.meta` with the message entry after it.
  private static func check(
    _ meta: ParsedMeta, named metaName: String, against entry: Entry,
    _ problem: (LayoutProblem.Kind, String, String) throws -> Void
  ) throws {
    let name = entry.name
    let directory = BundleLayout.directory(of: name)
    if metaName != BundleLayout.metaName(for: name) {
      try problem(.metaMismatch, ".meta \(metaName) precedes a different entry", name)
    }
    if meta.size != entry.data.count {
      try problem(
        .metaMismatch, ".meta size \(meta.size) but the entry has \(entry.data.count) bytes", name)
    }
    if let expected = meta.blobDigest,
      expected != MetaRecord.blobDigest(SHA256.hash(entry.data))
    {
      try problem(.metaMismatch, ".meta blob_digest does not match the entry's SHA-256", name)
    }
    if meta.path.joined(separator: "/") != directory {
      try problem(
        .metaMismatch,
        ".meta Path /\(meta.path.joined(separator: "/"))/ differs from the entry's folder \(directory)",
        name)
    }
  }

  private static func forEachFile(in root: String, _ body: (Entry) throws -> Void) throws {
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
    // Each X.eml.meta sorts after X.eml by name; put it first, as in the archives. Folder
    // entries come last, as the writer puts them.
    func key(_ name: String) -> (Bool, String) {
      let isFolder =
        name.hasPrefix(BundleLayout.folderEntryDirectory + "/") && !name.hasSuffix(".eml.meta")
      return (
        isFolder, name.hasSuffix(".meta") ? String(name.dropLast(5)) + "\u{0}" : name + "\u{1}"
      )
    }
    files.sort { a, b in
      let ka = key(a)
      let kb = key(b)
      return ka.0 != kb.0 ? !ka.0 : ka.1 < kb.1
    }
    for relative in files {
      let full = root + "/" + relative
      var st = stat()
      guard stat(full, &st) == 0 else { throw BundleError("cannot stat", path: full) }
      let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
      try body(
        Entry(
          name: relative, mode: UInt32(st.st_mode) & 0o7777, mtime: Int64(st.st_mtim.tv_sec),
          data: data))
    }
  }
}
