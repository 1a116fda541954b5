import Foundation
import MailModel
import SystemPackage

/// The container a bundle is written as.
public enum BundleFormat: String, Sendable, Codable, CaseIterable {
  /// gzip-compressed GNU tar, for `POST /home/USER/?fmt=tgz` (the default).
  case tgz
  /// Plain GNU tar, for `fmt=tar`.
  case tar
  /// A directory tree with the same layout (files with mtime and mode set), for inspection or later packing.
  case directory
  /// A zip archive, for `fmt=zip`: Zimbra imports every zip entry as read and reads no `.meta`
  /// from it, so flags, tags and unread state are lost; `.tgz` keeps them.
  case zip

  /// The format an output path asks for: `.tgz`/`.tar.gz` → tgz, `.tar` → tar, `.zip` → zip, a trailing `/` or an existing directory → directory.
  public static func forOutput(_ path: String) -> BundleFormat? {
    let lower = path.lowercased()
    if lower.hasSuffix(".tgz") || lower.hasSuffix(".tar.gz") { return .tgz }
    if lower.hasSuffix(".tar") { return .tar }
    if lower.hasSuffix(".zip") { return .zip }
    var isDirectory: ObjCBool = false
    if path.hasSuffix("/")
      || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        && isDirectory.boolValue)
    {
      return .directory
    }
    return nil
  }
}

/// How a bundle is written.
public struct BundleOptions: Sendable {
  /// The container written: `.tgz`, `.tar`, `.zip` or a directory.
  public var format: BundleFormat
  /// Deflate level for `.tgz` and `.zip` (0–12, libdeflate's scale).
  public var compressionLevel: Int
  /// Compression threads for `.tgz` and `.zip`.
  public var workers: Int
  /// Whether each message gets a `.meta` entry (flags, tags, exact folder, digest).
  public var writeMeta: Bool
  /// Whether the writer hashes the archive file as it writes it (`BundleWriter.fileDigest`), for
  /// callers that record it (the batch journal); off by default, it costs a pass over the output.
  public var digestOutput = false
  /// The largest file size of a bundle part (`--max-bundle-size`), or nil for one bundle of any
  /// size; only `SplitBundleWriter` reads it (see there).
  public var maxPartSize: Int64?

  /// Creates options: by default a `.tgz` at level 1 on every processor, with `.meta` entries.
  public init(
    format: BundleFormat = .tgz, compressionLevel: Int = 1,
    workers: Int = ProcessInfo.processInfo.activeProcessorCount,
    writeMeta: Bool = true
  ) {
    self.format = format
    self.compressionLevel = compressionLevel
    self.workers = max(1, workers)
    self.writeMeta = writeMeta
  }
}

/// Writes bundle entries (message blobs and their `.meta`) into a `.tgz`, `.tar`, `.zip` or
/// directory, under a temporary name that becomes the real one only on `commit()`.
public final class BundleWriter {
  /// The bundle's final path (a file, or a directory for `.directory`).
  public let path: String
  /// How the bundle is written.
  public let options: BundleOptions
  private var fileSink: AtomicFileSink?
  private var compressor: ParallelGzipSink?
  private var tar: TarWriter?
  private var zip: ZipWriter?
  private var directory: DirectoryBundle?
  /// Entries written so far (a message and its `.meta` count as two).
  public private(set) var entryCount = 0
  /// Messages written so far; the next one is number `messageCount + 1`.
  public private(set) var messageCount = 0
  /// Folder entries written so far (`addFolder`).
  public private(set) var folderCount = 0
  /// Whether a `.meta` entry has been written (bare entries may not follow one).
  private var wroteMeta = false
  /// Sequence numbers already used before this writer's first message (a split bundle's earlier
  /// parts), so that entry names and item ids stay unique across the parts.
  private let sequenceBase: Int

  /// Whether messages get a `.meta` entry: asked for, and the container is not a `.zip` (Zimbra
  /// reads no `.meta` from a zip).
  public var writesMeta: Bool { options.writeMeta && options.format != .zip }

  /// Opens the temporary output for `path`; its messages are numbered from `sequenceBase + 1`.
  public init(path: String, options: BundleOptions, sequenceBase: Int = 0) throws {
    self.path = path
    self.options = options
    self.sequenceBase = sequenceBase
    switch options.format {
    case .tgz:
      let file = try AtomicFileSink(path: path, bufferSize: 256 << 10)
      let gzip = try ParallelGzipSink(
        destination: file, level: options.compressionLevel, workers: options.workers)
      fileSink = file
      if options.digestOutput { file.computeDigest() }
      compressor = gzip
      tar = TarWriter(sink: gzip)
    case .tar:
      let file = try AtomicFileSink(path: path, bufferSize: 256 << 10)
      fileSink = file
      if options.digestOutput { file.computeDigest() }
      tar = TarWriter(sink: file)
    case .directory:
      directory = try DirectoryBundle(path: path)
    case .zip:
      let file = try AtomicFileSink(path: path, bufferSize: 256 << 10)
      fileSink = file
      if options.digestOutput { file.computeDigest() }
      zip = try ZipWriter(sink: file, level: options.compressionLevel, workers: options.workers)
    }
  }

  /// Adds one message the way Zimbra's archive import reads it (`BundleLayout`): the next
  /// `NNNNNNNN.eml` name in its folder's directory, its `.meta` first (item id, folder path,
  /// date, flags, tags, size and blob digest) unless `writesMeta` is off, mode 0444 when unread,
  /// mtime = received date. Returns the message's entry name.
  @discardableResult
  public func add(_ message: BundleMessage) throws -> String {
    try add(prepare(message, sequence: sequenceBase + messageCount + 1))
  }

  /// The entries of `message` as the `sequence`-th message of a bundle (`add(_:)` without the
  /// writing), so that their size can be weighed first (`sizeBound(adding:)`). `digest`, when
  /// the caller has it, is the SHA-256 of `message.bytes` (not taken again for the `.meta`).
  public func prepare(_ message: BundleMessage, sequence: Int, digest: [UInt8]? = nil)
    -> PreparedMessage
  {
    let name = BundleLayout.entryName(directory: message.directory, sequence: sequence)
    var entries: [PreparedMessage.Entry] = []
    if writesMeta {
      let meta = MetaRecord.json(
        id: BundleLayout.itemID(sequence: sequence), path: message.zimbraPath,
        date: message.date, size: message.bytes.count, flags: message.flags,
        keywords: message.tags,
        blobDigest: MetaRecord.blobDigest(digest ?? SHA256.hash(message.bytes)))
      entries.append(
        .init(name: BundleLayout.metaName(for: name), data: meta, mode: 0o644, mtime: message.date))
    }
    entries.append(
      .init(
        name: name, data: message.bytes, mode: BundleLayout.mode(unread: message.unread),
        mtime: message.date))
    return PreparedMessage(name: name, entries: entries)
  }

  /// Writes a prepared message's entries; returns its entry name.
  @discardableResult
  public func add(_ prepared: PreparedMessage) throws -> String {
    if folderCount > 0 && !writesMeta {
      throw BundleError(
        "bare message after a folder entry: Zimbra's import would reject it; add folders last",
        path: prepared.name)
    }
    messageCount += 1
    for entry in prepared.entries {
      try add(name: entry.name, data: entry.data, mode: entry.mode, mtime: entry.mtime)
      if entry.name.hasSuffix(".meta") { wroteMeta = true }
    }
    return prepared.name
  }

  /// An upper bound of the archive file's size if `prepared` (when given) were added and the
  /// bundle committed: exact for `.tar`, deflate's worst case for what `.tgz` and `.zip` have
  /// not yet compressed and written (see `ParallelGzipSink.sizeBound(addingInput:)`,
  /// `ZipWriter.sizeBound(adding:)`). Nil for a directory bundle.
  public func sizeBound(adding prepared: PreparedMessage? = nil) -> Int64? {
    let entries = prepared?.entries ?? []
    if let zip {
      return zip.sizeBound(adding: entries.map { ($0.name.utf8.count, $0.data.count) })
    }
    guard let tar else { return nil }
    var tarBytes = TarWriter.endSize
    for entry in entries {
      tarBytes += TarWriter.entrySize(
        nameLength: entry.name.utf8.count, dataCount: entry.data.count)
    }
    if let compressor { return compressor.sizeBound(addingInput: Int(tarBytes)) }
    return tar.bytesWritten + tarBytes
  }

  /// Waits for what is being compressed and writes it out, so that `sizeBound` is as tight as
  /// it can be without ending a compressed block early; the output does not change.
  public func settle() throws {
    try compressor?.settle()
    try zip?.settle()
  }

  /// Whether folders can ride in the bundle as folder `.meta` entries: not in a `.zip`, which
  /// the project treats as carrying no `.meta` (the caller writes a folders file instead).
  public var writesFolderEntries: Bool { options.format != .zip }

  /// Adds a folder `.meta` entry for the Zimbra folder `zimbraPath` (`MetaRecord.folderJSON`),
  /// from which Zimbra's import creates the folder, empty or not. Folder entries go after every
  /// message (a bare message after any `.meta` is rejected). Returns the entry name.
  @discardableResult
  public func addFolder(_ zimbraPath: [String], date: Int64) throws -> String {
    guard writesFolderEntries, !zimbraPath.isEmpty else {
      throw BundleError(
        "no folder entries in a .zip bundle (or for the root)",
        path: zimbraPath.joined(separator: "/"))
    }
    folderCount += 1
    let name = BundleLayout.folderEntryName(sequence: folderCount)
    let meta = MetaRecord.folderJSON(
      id: BundleLayout.folderItemID(sequence: folderCount), path: zimbraPath, date: date)
    try add(name: name, data: meta, mode: 0o644, mtime: date)
    wroteMeta = true
    return name
  }

  /// Adds an entry that is not a message (`Contacts/contacts.vcf`, `Calendar/calendar.ics`).
  /// Zimbra rejects a bare entry after any `.meta`, so these must come first; a late one throws.
  public func addBare(name: String, data: [UInt8], mtime: Int64) throws {
    guard !wroteMeta else {
      throw BundleError(
        "bare entry after a .meta entry: Zimbra's import would reject it; add it first",
        path: name)
    }
    try add(name: name, data: data, mode: 0o644, mtime: mtime)
  }

  /// Adds one entry. `name` is a relative path whose components the folder mapper made safe;
  /// it is checked again here (`ArchiveEntryName`, the rule every archive writer applies) so
  /// that nothing can point outside the output.
  public func add(name: String, data: [UInt8], mode: UInt32, mtime: Int64) throws {
    try ArchiveEntryName.validate(Array(name.utf8), original: name, kind: "bundle")
    if let tar {
      try tar.addFile(name: name, data: data, mode: mode, mtime: mtime)
    } else if let zip {
      try zip.addFile(name: name, data: data, mtime: mtime, mode: mode)
    } else if let directory {
      try directory.add(name: name, data: data, mode: mode, mtime: mtime)
    }
    entryCount += 1
  }

  /// The SHA-256 of the archive file written, after `commit()`, when `digestOutput` asked for it
  /// (nil for directory bundles).
  public var fileDigest: [UInt8]? { fileSink?.sha256 }

  /// The archive file's size so far (all of it after `finish()`); nil for a directory bundle.
  public var fileSize: Int64? { fileSink?.bytesWritten }

  /// Finishes the archive under its temporary name (end records, compression, flush), so that
  /// `fileSize` and `fileDigest` are final; `commit()` then only renames. Nothing may be added
  /// afterwards.
  public func finish() throws {
    try tar?.finish()
    try zip?.finish()
  }

  /// Finishes the archive and moves it to its real name.
  public func commit() throws {
    if tar != nil || zip != nil {
      try finish()
      try fileSink?.commit()
    } else if let directory {
      try directory.commit()
    }
  }

  /// Drops the temporary output; the real name is left untouched.
  public func abandon() {
    fileSink?.abandon()
    directory?.abandon()
  }
}

/// A message's bundle entries (its `.meta` and its blob), named and ready to write
/// (`BundleWriter.prepare(_:sequence:)`).
public struct PreparedMessage: Sendable {
  /// One entry to write.
  public struct Entry: Sendable {
    /// The entry name.
    public var name: String
    /// The entry's bytes.
    public var data: [UInt8]
    /// The permission bits (0444 marks a message unread).
    public var mode: UInt32
    /// The modification time (the received date), seconds since 1970.
    public var mtime: Int64
  }

  /// The message's entry name (`Inbox/00000001.eml`).
  public var name: String
  /// The entries in order: the `.meta` (when written), then the message.
  public var entries: [Entry]

  /// Bytes of entry data (`.meta` and message).
  public var dataSize: Int { entries.reduce(0) { $0 + $1.data.count } }
}
