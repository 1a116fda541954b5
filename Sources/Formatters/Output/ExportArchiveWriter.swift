import MailModel
import ZimbraBundle

/// Writes exported messages as a `.zip`, `.tgz` or `.tar` the way Zimbra's own archive export
/// does (ZIMBRA-IMPORT §6), named by `ZimbraExportNames`, under a temporary name that becomes
/// the real one on `commit()`.
///
/// - Folders: each message's source folder is mapped to its Zimbra path with `FolderMapper`
///   (`INBOX` → `Inbox`, `Sent Items` → `Sent`, names made valid), as bundles are.
/// - `.tgz`/`.tar`: before each message a `<name>.meta` entry (`MetaRecord.json`: item id
///   `900000000 + id` so that an import never meets an existing item id, folder `Path`, flags
///   with `FlagStr`, tags, received date, size and blob digest), so the archive imports into a
///   Zimbra mailbox with `POST /home/USER/?fmt=tgz` keeping flags, tags and folders. Every
///   entry has a `.meta`, so the importer creates the folders from `Path`; no folder entries
///   are written (the export holds no empty folder). The message entry's mode is 0444 when
///   unread, 0644 otherwise; the group name is `message`, as Zimbra writes the item type there.
/// - `.zip`: no `.meta` (Zimbra's zip export has none by default); each entry has the comment
///   `message`, or `message-unread` and Unix mode 0640 for an unread message (0660 otherwise),
///   UTF-8 names and the extended-timestamp field. Zimbra's zip import never reads comments:
///   unread state does not survive a zip round trip, flags and tags neither.
/// - Entry mtime = received date, clamped to what the container holds (0...2^31 − 1 for zip,
///   0...2^33 − 1 for tar); the `.meta` keeps the exact date.
///
/// Differences from Zimbra: Zimbra applies the unread marks to the `.meta` entry only (and, for
/// zip, to an entry it never writes) and tests unread with a wrong mask; we mark the message
/// entry itself. Message bytes are written as they are (no long-line repair, unlike bundles).
public final class ExportArchiveWriter {
  /// The archive's final path.
  public let path: String
  /// The container written: `.zip`, `.tgz` or `.tar`.
  public let format: BundleFormat
  /// Entry names of the messages written so far, in order.
  public private(set) var messageNames: [String] = []

  private let file: AtomicFileSink
  private let tar: TarWriter?
  private let zip: ZipWriter?
  private var names = ZimbraExportNames()
  private var mapper: FolderMapper

  /// Opens the temporary output for `path`. `format` must be `.zip`, `.tgz` or `.tar`;
  /// `compressionLevel` (0–12) applies to `.zip` and `.tgz`; `folders` are the folder-mapping
  /// options (`--prefix`, `--into`, `--folder-map`).
  public init(
    path: String, format: BundleFormat, compressionLevel: Int = 6, workers: Int = 1,
    folders: FolderMapOptions = FolderMapOptions()
  ) throws {
    guard format != .directory else {
      throw FormattersError("an export archive is a .zip, .tgz or .tar file, not a directory")
    }
    self.path = path
    self.format = format
    mapper = FolderMapper(options: folders)
    file = try AtomicFileSink(path: path, bufferSize: 256 << 10)
    switch format {
    case .zip:
      zip = try ZipWriter(sink: file, level: compressionLevel, workers: workers)
      tar = nil
    case .tgz:
      let gzip = try ParallelGzipSink(
        destination: file, level: compressionLevel, workers: workers)
      tar = TarWriter(sink: gzip, groupName: "message")
      zip = nil
    case .tar, .directory:
      tar = TarWriter(sink: file, groupName: "message")
      zip = nil
    }
  }

  deinit {
    abandon()
  }

  /// Adds `message` as item `id` (its 1-based position in read order); returns its entry name.
  /// `subject` is the decoded subject when the caller has it (`MessageFacts.subject`); without
  /// it the message's header is parsed for it.
  @discardableResult
  public func add(_ message: Message, id: Int, subject: String? = nil) throws -> String {
    let zimbraPath = mapper.map(message.folder).zimbraPath
    let subject = subject ?? TopHeaders(MimeStructure(bytes: message.bytes)).subject
    let name = names.next(folder: zimbraPath, id: id, subject: subject)
    let unread = !message.flags.contains(.seen)
    if let zip {
      let mtime = min(max(message.internalDate, 0), ZipWriter.maxModificationTime)
      try zip.addFile(
        name: name, data: message.bytes, mtime: mtime, mode: unread ? 0o640 : 0o660,
        comment: unread ? "message-unread" : "message")
    } else if let tar {
      let mtime = min(max(message.internalDate, 0), TarWriter.maxModificationTime)
      let meta = MetaRecord.json(
        id: BundleLayout.itemID(sequence: id), path: zimbraPath, date: message.internalDate,
        size: message.bytes.count, flags: message.flags, keywords: message.keywords,
        blobDigest: MetaRecord.blobDigest(SHA256.hash(message.bytes)))
      try tar.addFile(name: BundleLayout.metaName(for: name), data: meta, mode: 0o644, mtime: mtime)
      try tar.addFile(
        name: name, data: message.bytes, mode: BundleLayout.mode(unread: unread), mtime: mtime)
    }
    messageNames.append(name)
    return name
  }

  /// Finishes the archive and moves it to its real name.
  public func commit() throws {
    try tar?.finish()
    try zip?.finish()
    try file.commit()
  }

  /// Drops the temporary output; the real name is left untouched.
  public func abandon() {
    file.abandon()
  }
}
