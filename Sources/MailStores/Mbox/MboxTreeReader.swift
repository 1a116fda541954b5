import Foundation
import MailModel

/// Reads a directory of mbox files as a folder tree: mutt/Dovecot style (directories are
/// parent folders), Thunderbird (`X` plus `X.sbd/` children, `.msf` summaries ignored),
/// Apple Mail and readpst (`X.mbox/mbox`, `X/mbox`) and KMail (`.X.directory/`).
///
/// The tree may mix in other mail, decided file by file and directory by directory: a file of
/// header lines and a body is one message of its directory's folder (the root's: INBOX), and a
/// directory with `cur/` or `new/` (or Maildir++ dot-folders) is a Maildir whose folders sit
/// under the directory's path, as mbsync, offlineimap and getmail write them
/// (`ROOT/Work/{cur,new,tmp}`, `ROOT/Lists/swift/{cur,new,tmp}`).
public struct MboxTreeReader: MailStoreReader {
  /// The directory at the top of the tree; its mbox files are top-level folders.
  public let root: String
  /// Time zone, chunk size and other reading options, passed to each file's `MboxReader`.
  public let options: ReadOptions
  /// `mbox-tree`, `maildir-tree` or `mixed-tree`, as detection named the tree.
  public let formatName: String

  /// File names and suffixes that are indexes or state, never mail.
  static let indexSuffixes = [
    ".msf", ".snm", ".dat", ".lock", ".idx", ".imap", ".toc", ".summary", ".ids", ".sorted",
  ]
  static let indexNames: Set<String> = [
    ".subscriptions", ".mailboxlist", "subscriptions", ".imap", "msgFilterRules.dat",
  ]

  /// Creates a reader for the mail tree under the directory `root`.
  public init(root: String, options: ReadOptions = ReadOptions(), formatName: String = "mbox-tree")
  {
    self.root = root
    self.options = options
    self.formatName = formatName
  }

  /// One mbox file, message file or Maildir of the tree and the folder it holds.
  public struct Entry: Sendable {
    /// What an entry is.
    public enum Kind: Sendable {
      /// An mbox file: every message in it belongs to `folder`.
      case mbox
      /// A single RFC 822 message file of `folder`.
      case message
      /// A Maildir whose INBOX is `folder` and whose other folders sit below it.
      case maildir
    }

    /// The folder the file's messages are filed under, derived from its place in the tree.
    public var folder: FolderPath
    /// The full path of the file or Maildir directory.
    public var path: String
    /// What the entry is.
    public var kind: Kind

    /// An entry of `kind` (an mbox file unless said otherwise).
    public init(folder: FolderPath, path: String, kind: Kind = .mbox) {
      self.folder = folder
      self.path = path
      self.kind = kind
    }
  }

  /// The mbox files of the tree with their folders, parents before children; non-mail files
  /// are reported through `diagnostics`.
  public func entries(diagnostics: DiagnosticHandler) throws -> [Entry] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw MailStoreError("not a directory", at: SourceLocation(file: root))
    }
    var result: [Entry] = []
    var folders: [FolderPath] = []
    walk(
      directory: root, parent: [], into: &result, folders: &folders, diagnostics: diagnostics)
    result.sort { ($0.folder, $0.path) < ($1.folder, $1.path) }
    return result
  }

  /// Every folder of the tree, parents before children: those of its mail files and Maildirs
  /// (empty Maildir folders included), and also empty mbox files and directories that hold no
  /// mail (a directory is a folder here, as in mutt and Dovecot trees).
  public func readFolders() throws -> [FolderPath] {
    var entries: [Entry] = []
    var found: [FolderPath] = []
    walk(directory: root, parent: [], into: &entries, folders: &found, diagnostics: { _ in })
    for entry in entries {
      guard entry.kind == .maildir else {
        found.append(entry.folder)
        continue
      }
      let prefix = entry.folder.components
      for folder in (try? MaildirReader(root: entry.path, options: options).folders()) ?? [] {
        found.append(FolderPath(folder.isInbox ? prefix : prefix + folder.components))
      }
    }
    return Array(Set(found)).sorted()
  }

  private func folderName(_ raw: String) -> String {
    if raw.contains("&"), let decoded = ModifiedUTF7.decode(raw) { return decoded }
    return raw
  }

  private func walk(
    directory: String, parent: [String], into result: inout [Entry],
    folders: inout [FolderPath], diagnostics: DiagnosticHandler, ancestors: Set<FileID> = []
  ) {
    // The directories being walked, this one included: a link back to one is a loop.
    var ancestors = ancestors
    if let id = RawFileSystem.directoryID(RawPath(directory)) { ancestors.insert(id) }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      diagnostics(
        Diagnostic(
          .error, code: "unreadable-directory",
          "cannot list directory: \(error.localizedDescription)",
          at: SourceLocation(file: directory)))
      return
    }
    for name in names {
      let path = directory + "/" + name
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        diagnostics(UnreadableFile.diagnostic(RawPath(path), error: nil))
        continue
      }
      if isDirectory.boolValue, MaildirFolderScan.looksLikeMaildir(RawPath(path)) {
        result.append(
          Entry(folder: FolderPath(parent + [folderName(name)]), path: path, kind: .maildir))
        continue
      }
      if isDirectory.boolValue {
        var folder = name
        if name.hasSuffix(".sbd") {
          folder = String(name.dropLast(4))
        } else if name.hasSuffix(".mbox") {
          folder = String(name.dropLast(5))
        } else if name.hasPrefix("."), name.hasSuffix(".directory") {
          folder = String(name.dropFirst().dropLast(10))
        } else if name.hasPrefix(".") {
          diagnostics(
            Diagnostic(
              .ignored, code: "hidden-directory", "hidden directory is not a mail folder",
              at: SourceLocation(file: path)))
          continue
        }
        if let id = RawFileSystem.directoryID(RawPath(path)), ancestors.contains(id) {
          diagnostics(
            Diagnostic(
              .error, code: "link-loop",
              "symbolic link loop: this directory leads back to one already being read; not read again",
              at: SourceLocation(file: path)))
          continue
        }
        folders.append(FolderPath(parent + [folderName(folder)]))
        walk(
          directory: path, parent: parent + [folderName(folder)], into: &result,
          folders: &folders, diagnostics: diagnostics, ancestors: ancestors)
        continue
      }
      let lower = name.lowercased()
      if name.hasPrefix("."), !Self.indexNames.contains(name) {
        diagnostics(
          Diagnostic(
            .ignored, code: "hidden-file", "hidden file, not mail", at: SourceLocation(file: path)
          ))
        continue
      }
      if Self.indexNames.contains(name)
        || Self.indexSuffixes.contains(where: { lower.hasSuffix($0) })
      {
        diagnostics(
          Diagnostic(
            .ignored, code: "index-file", "index or state file, not mail",
            at: SourceLocation(file: path)))
        continue
      }
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
      let components: [String]
      if name == "mbox" && !parent.isEmpty {
        components = parent  // X.mbox/mbox, readpst X/mbox
      } else if parent.isEmpty && lower == "inbox" {
        components = ["INBOX"]
      } else {
        components = parent + [folderName(name)]
      }
      if size == 0 {
        folders.append(FolderPath(components))
        diagnostics(
          Diagnostic(
            .ignored, code: "empty-mbox", "empty mbox file: folder has no messages",
            at: SourceLocation(file: path)))
        continue
      }
      if MboxReader.looksLikeMbox(path) {
        result.append(Entry(folder: FolderPath(components), path: path))
        continue
      }
      let head = RawFileSystem.head(RawPath(path), count: EmlSniff.prefixLength) ?? []
      if EmlSniff.isMessageFile(head, name: Array(name.utf8)) || EmlSniff.isCompoundFile(head) {
        // One message (RFC 822, or an Outlook .msg read as the EML tree reads it), of the
        // folder its directory is.
        result.append(
          Entry(folder: parent.isEmpty ? .inbox : FolderPath(parent), path: path, kind: .message))
      } else {
        diagnostics(
          Diagnostic(
            .ignored, code: "not-mbox",
            "neither an mbox file (no 'From ' line first) nor an RFC 822 message; not read",
            at: SourceLocation(file: path, offset: 0)))
      }
    }
  }

  /// Reads every entry of the tree, parents first; a file that cannot be read is reported as an
  /// `unreadable-mbox` error diagnostic and the others are still read.
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    for entry in try entries(diagnostics: diagnostics) {
      switch entry.kind {
      case .mbox:
        let reader = MboxReader(path: entry.path, folder: entry.folder, options: options)
        do {
          _ = try reader.readFile(diagnostics: diagnostics, handler)
        } catch let error as MailStoreError {
          diagnostics(
            Diagnostic(.error, code: "unreadable-mbox", error.message, at: error.location))
        }
      case .message, .maildir:
        try Self.read(entry, root: root, options: options, diagnostics: diagnostics, handler)
      }
    }
  }

  /// Reads a message-file or Maildir entry (mbox entries are read by the caller, which may add
  /// its own bookkeeping): a message file as an EML tree reads it; a Maildir with its INBOX as
  /// the entry's folder and its other folders below, each message noted once per Maildir.
  static func read(
    _ entry: Entry, root: String, options: ReadOptions, diagnostics: DiagnosticHandler,
    _ handler: (Message) throws -> Void
  ) throws {
    switch entry.kind {
    case .mbox:
      return
    case .message:
      let path = RawPath(entry.path)
      let name = path.lastComponent
      let directory = RawPath(bytes: Array(path.bytes.dropLast(name.count + 1)))
      let relative =
        entry.path.hasPrefix(root + "/") ? String(entry.path.dropFirst(root.count + 1)) : entry.path
      let components = relative.split(separator: "/").dropLast().map { Array($0.utf8) }
      let file = EmlTreeFile(
        directoryPath: directory, name: name, directory: components,
        kind: EmlTreeClassifier.classify(name, siblings: [], lowerSiblings: []))
      let engine = EmlTreeEngine(root: root, options: options)
      try engine.readFile(file, folder: entry.folder, diagnostics: diagnostics, handler)
    case .maildir:
      let prefix = entry.folder.components
      do {
        try MaildirReader(root: entry.path, options: options).readMessages(
          diagnostics: diagnostics
        ) { message in
          var moved = message
          moved.folder = FolderPath(
            message.folder.isInbox ? prefix : prefix + message.folder.components)
          try handler(moved)
        }
      } catch let error as MailStoreError {
        diagnostics(
          Diagnostic(.error, code: "unreadable-directory", error.message, at: error.location))
      }
    }
  }
}
