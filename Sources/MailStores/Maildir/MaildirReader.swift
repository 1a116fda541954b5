import MailModel

/// One message file of a folder waiting to be read: its name in `cur/` or `new/`, and the
/// `sourceID` a store-specific reader gave it (nil: the file's base name).
struct MaildirPendingFile: Sendable {
  var name: [UInt8]
  var inNew: Bool
  var sourceID: String? = nil
}

/// Reads a Maildir or Maildir++ store (also Dovecot's LAYOUT=fs nesting) folder by folder.
///
/// The root is INBOX; Maildir++ dot-folders (`.Archive.2023`) and plain nested folders with
/// `cur/`/`new/` are its other folders, names decoded from modified UTF-7 (SOURCE-FORMATS.md
/// §1–§2). Messages are the regular files of `cur/` and `new/`; flags come from the `:2,` info
/// (also `;2,` and `!2,`), keywords from the letters `a`–`z` through the folder's
/// `dovecot-keywords`, and the internal date from the file's mtime (FIDELITY.md).
///
/// Each message file is read with one `open`, one `fstat` and one `pread` into an array sized
/// from `fstat`; bytes are kept exactly, except that a run of NULs at the very end is removed.
public struct MaildirReader: MailStoreReader, Sendable {
  /// The store's root directory (INBOX).
  public let root: String
  /// The options the reader was made with.
  public let options: ReadOptions

  /// A reader of the Maildir whose root (INBOX) is `root`.
  public init(root: String, options: ReadOptions = ReadOptions()) {
    self.root = root
    self.options = options
  }

  /// `maildir`.
  public var formatName: String { "maildir" }

  /// Whether `path` is a directory with `cur/` or `new/`, or with Maildir++ dot-folders that
  /// have them.
  public static func looksLikeMaildir(_ path: String) -> Bool {
    MaildirFolderScan.looksLikeMaildir(RawPath(path))
  }

  /// The store's folders (those with `cur/` or `new/`), INBOX first, parents before children.
  ///
  /// Throws `MailStoreError` when the root is not a directory or holds no maildir at all.
  public func folders() throws -> [FolderPath] {
    var result: [FolderPath] = []
    for location in try MaildirFolderScan.scan(root: RawPath(root))
    where result.last != location.folder {
      result.append(location.folder)
    }
    return result
  }

  /// The store's folders, empty ones included (`folders()`).
  public func readFolders() throws -> [FolderPath] { try folders() }

  /// Calls `handler` for every message, folder by folder (INBOX first, parents before
  /// children) and within a folder in file-name order over `cur/` and `new/` together.
  ///
  /// Files in `tmp/`, empty files and unreadable files are reported as skipped; nothing but
  /// a missing or non-Maildir root (and errors thrown by `handler`) stops the run.
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    try readMessages(diagnostics: diagnostics, arrange: { _, _ in true }, handler)
  }

  /// Reads the store like `readMessages(diagnostics:_:)`, but lets a store-specific reader
  /// (Dovecot) decide per folder: `arrange` gets the folder's `cur/` and `new/` files in name
  /// order, may reorder them and set their `sourceID`, and returns false to skip the folder
  /// (it then reports why itself; `tmp/` is not looked at).
  func readMessages(
    diagnostics: DiagnosticHandler,
    arrange: (MaildirFolderLocation, inout [MaildirPendingFile]) -> Bool,
    _ handler: (Message) throws -> Void
  ) throws {
    let (locations, plainDirectories) = try MaildirFolderScan.scanAll(root: RawPath(root))
    var previous: MaildirFolderLocation?
    for location in locations {
      location.notes.forEach(diagnostics)
      if let previous, previous.folder == location.folder {
        diagnostics(
          Diagnostic(
            .warning, code: "duplicate-folder",
            "directories \(previous.directory.display) and \(location.directory.display) "
              + "are both folder \(location.folder); their messages are merged",
            at: SourceLocation(file: location.directory.display)))
      }
      previous = location
      try readFolder(location, diagnostics: diagnostics, arrange: arrange, handler)
    }
    for location in plainDirectories {
      try readLooseFiles(
        location, keywords: MaildirKeywords(), diagnostics: diagnostics, handler)
    }
  }

  /// The files lying directly in a folder's directory, beside `cur/`, `new/` and `tmp/` (or in a
  /// plain directory on the way to nested folders). Control files are listed as such; a file of
  /// header lines and a body is read as a message of the folder, with a note (some tools, and
  /// the notmuch corpus, leave messages there); an mbox file is read into the folder, with a
  /// note; anything else is listed as not a message. Nothing is passed over in silence.
  private func readLooseFiles(
    _ location: MaildirFolderLocation, keywords: MaildirKeywords,
    diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void
  ) throws {
    let directory = location.directory
    guard let entries = try? RawFileSystem.list(directory) else { return }
    for entry in entries.sorted(by: { $0.name.lexicographicallyPrecedes($1.name) })
    where !entry.isDotOrDotDot && !entry.isDirectory {
      let path = directory.appending(entry.name)
      let here = SourceLocation(file: path.display)
      if MaildirFolderScan.isControlFile(entry.name) {
        diagnostics(
          Diagnostic(
            .ignored, code: "index-file", "Maildir control or index file, not mail", at: here))
        continue
      }
      guard let info = RawFileSystem.status(path) else {
        diagnostics(UnreadableFile.diagnostic(path, error: nil))
        continue
      }
      guard info.kind == .regular else {
        if info.kind == .other {
          diagnostics(
            Diagnostic(.ignored, code: "not-regular-file", "not a regular file", at: here))
        }
        continue  // a directory behind a link: a folder, or walked as one
      }
      if entry.isHidden {
        diagnostics(Diagnostic(.ignored, code: "hidden-file", "hidden file, not mail", at: here))
        continue
      }
      let head = RawFileSystem.head(path, count: EmlSniff.prefixLength) ?? []
      if EmlSniff.startsWithEnvelope(head) {
        diagnostics(
          Diagnostic(
            .warning, code: "outside-cur-new",
            "an mbox file beside cur/ and new/; its messages are read into folder \(location.folder)",
            at: here))
        do {
          _ = try MboxReader(path: path.display, folder: location.folder, options: options)
            .readFile(diagnostics: diagnostics, handler)
        } catch let error as MailStoreError {
          diagnostics(
            Diagnostic(
              .skipped, code: "unreadable-mbox", "mbox file cannot be split: \(error.message)",
              at: error.location))
        }
        continue
      }
      guard info.size == 0 || EmlSniff.isMessageFile(head, name: entry.name) else {
        diagnostics(
          Diagnostic(
            .ignored, code: "not-a-message",
            "a file beside cur/ and new/ that is not an RFC 822 message; not read", at: here))
        continue
      }
      if info.size > 0 {
        diagnostics(
          Diagnostic(
            .warning, code: "outside-cur-new",
            "message file beside cur/ and new/ instead of in them; read as a message of folder \(location.folder)",
            at: here))
      }
      if let message = readMessage(
        path: path, name: entry.name, folder: location.folder, keywords: keywords,
        diagnostics: diagnostics)
      {
        try handler(message)
      }
    }
  }

  private func readFolder(
    _ location: MaildirFolderLocation, diagnostics: DiagnosticHandler,
    arrange: (MaildirFolderLocation, inout [MaildirPendingFile]) -> Bool,
    _ handler: (Message) throws -> Void
  ) throws {
    let directory = location.directory
    // Renamed or removed since the store was scanned: said, not read as an empty folder.
    guard RawFileSystem.status(directory)?.kind == .directory else {
      diagnostics(
        Diagnostic(
          .error, code: "vanished-folder",
          "folder \(location.folder) vanished after the store was scanned (renamed or removed while zmigrate ran: is a mail client still running on this store?); its messages are not read",
          at: SourceLocation(file: directory.display)))
      return
    }
    var pending: [MaildirPendingFile] = []
    for (subdirectory, inNew) in [("cur", false), ("new", true)] {
      for entry in listMessageDirectory(directory.appending(subdirectory), diagnostics: diagnostics)
      where !entry.isHidden && !entry.isDirectory {
        pending.append(MaildirPendingFile(name: entry.name, inNew: inNew))
      }
    }
    pending.sort { a, b in
      if a.name != b.name { return a.name.lexicographicallyPrecedes(b.name) }
      return !a.inNew && b.inNew
    }
    guard arrange(location, &pending) else { return }
    let keywords = MaildirKeywords.load(folder: directory, diagnostics: diagnostics)
    let tmp = directory.appending("tmp")
    for entry in listMessageDirectory(tmp, diagnostics: diagnostics)
    where !entry.isHidden && !entry.isDirectory {
      diagnostics(
        Diagnostic(
          .ignored, code: "tmp-file", "file in tmp/ (an unfinished delivery) is not imported",
          at: SourceLocation(file: tmp.appending(entry.name).display)))
    }
    for file in pending {
      let path = directory.appending(file.inNew ? "new" : "cur").appending(file.name)
      if var message = readMessage(
        path: path, name: file.name, folder: location.folder, keywords: keywords,
        diagnostics: diagnostics)
      {
        if let sourceID = file.sourceID { message.sourceID = sourceID }
        try handler(message)
      }
    }
    try readLooseFiles(location, keywords: keywords, diagnostics: diagnostics, handler)
  }

  /// Lists `cur/`, `new/` or `tmp/`; a missing one is empty, an unreadable one is an error
  /// diagnostic (the rest of the store is still read).
  private func listMessageDirectory(_ path: RawPath, diagnostics: DiagnosticHandler)
    -> [DirectoryEntry]
  {
    do {
      return try RawFileSystem.list(path)
    } catch {
      if !error.isMissing {
        diagnostics(
          Diagnostic(
            .error, code: "unreadable-directory", "cannot list directory: \(error.text)",
            at: SourceLocation(file: path.display)))
      }
      return []
    }
  }

  private func readMessage(
    path: RawPath, name: [UInt8], folder: FolderPath, keywords: MaildirKeywords,
    diagnostics: DiagnosticHandler
  ) -> Message? {
    let location = SourceLocation(file: path.display)
    let cleanup: MessageCleanup
    let mtime: Int64
    switch RawFileSystem.readWholeFile(path) {
    case .bytes(let contents, let fileMtime):
      cleanup = MessageCleanup(contents)
      mtime = fileMtime
    case .empty:
      diagnostics(
        Diagnostic(.ignored, code: "empty-file", "empty (0-byte) message file", at: location))
      return nil
    case .notRegular(let isDirectory):
      if !isDirectory {
        diagnostics(
          Diagnostic(.ignored, code: "not-regular-file", "not a regular file", at: location))
      }
      return nil
    case .failed(let error):
      diagnostics(UnreadableFile.diagnostic(path, error: error, what: "message file"))
      return nil
    }
    guard
      let transformations = cleanup.report("message file", at: location, diagnostics: diagnostics)
    else {
      return nil
    }
    let bytes = cleanup.bytes

    let fileName = MaildirFileName(name)
    var flags: MessageFlags = []
    var keywordNames: [String] = []
    switch fileName.info {
    case .none:
      break
    case .experimental(let text):
      diagnostics(
        Diagnostic(
          .warning, code: "experimental-info",
          "file name has experimental info \"1,\(String(decoding: text, as: UTF8.self))\"; no flags read",
          at: location))
    case .flags(let letters):
      let (systemFlags, keywordLetters) = MaildirFileName.flags(of: letters)
      flags = systemFlags
      for letter in keywordLetters {
        if let keyword = keywords.name(for: letter) {
          keywordNames.append(keyword)
        } else {
          let shown = Character(Unicode.Scalar(letter))
          diagnostics(
            Diagnostic(
              .warning, code: "unknown-keyword-letter",
              "keyword letter '\(shown)' has no entry in dovecot-keywords; dropped", at: location))
        }
      }
    }

    let (internalDate, dateSource) = Self.internalDate(mtime: mtime, name: fileName, bytes: bytes)
    return Message(
      folder: folder, bytes: bytes, flags: flags, keywords: keywordNames,
      internalDate: internalDate,
      dateSource: dateSource, sourceID: String(decoding: fileName.base, as: UTF8.self),
      location: location,
      transformations: transformations)
  }

  /// mtime when it is set; else the name's leading delivery time; else the headers; else the
  /// (unset) mtime anyway.
  static func internalDate(mtime: Int64, name: MaildirFileName, bytes: [UInt8]) -> (
    Int64, DateSource
  ) {
    if mtime > 0 { return (mtime, .fileMtime) }
    if let stamp = name.leadingTimestamp { return (stamp, .fileName) }
    if let (date, source) = MailDate.headerDate(of: bytes) { return (date, source) }
    return (mtime, .fileMtime)
  }
}
