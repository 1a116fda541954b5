import MailModel
import SystemPackage

/// What a file's name (and its neighbours' names) says it is, before any byte is read.
enum EmlNameKind: Equatable, Sendable {
  /// `*.eml` in any case: a message (unless its bytes are an Outlook .msg).
  case eml
  /// `*.emlx`: an Apple Mail message file.
  case emlx
  /// `*.partial.emlx`: an Apple Mail message whose attachments are stored apart.
  case partialEmlx
  /// `*.msg` / `*.oft`: an Outlook message, or RFC 822 text under that name.
  case msg
  /// `N.msg` next to `N.eml` (readpst `-m` writes both): a copy of a message read anyway.
  case msgCopy
  /// No extension (readpst `-M`/`-S` numbered files): sniffed.
  case bare
  /// Any other extension: not a message unless its bytes are an Outlook .msg.
  case other(String)
  /// Not a message, known from the name alone.
  case ignored(code: String, reason: String)
}

/// One file the walk found, with the folder it belongs to.
struct EmlTreeFile: Sendable {
  /// The file's directory (one copy shared by all files of a directory).
  var directoryPath: RawPath
  var name: [UInt8]
  /// The directory components from the root to the file's directory.
  var directory: [[UInt8]]
  var kind: EmlNameKind

  /// The file's path, built when the file is read.
  var path: RawPath { directoryPath.appending(name) }

  /// The path below the root, for `sourceID`.
  var relativePath: String {
    (directory + [name]).map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
  }
}

/// One folder of the tree and the files that belong to it.
struct EmlTreeFolder: Sendable {
  var folder: FolderPath
  var files: [EmlTreeFile]
  /// The directories that named this folder (the root, which is INBOX by position, is not
  /// one); more than one means directories were merged.
  var namingDirectories: [RawPath]
}

/// Walks an EML / readpst / Apple Mail tree and assigns every file to a folder
/// (SOURCE-FORMATS.md §5).
///
/// * EML trees: every directory is a folder named as the directory (no decoding); the root's own
///   files are INBOX, and so is a top-level directory named `Inbox` in any case.
/// * Apple Mail: a file below one or more `X.mbox` (or `X.imapmbox`) directories belongs to the
///   folder made of those names without the suffix; every other directory on the way
///   (`Data/`, digit directories, store UUIDs, `Messages/`) is transparent, and the directories
///   above the first `.mbox` (`V10/<account>/`) do not count. `Attachments/` inside a mailbox
///   holds parts of `.partial.emlx` messages and is not walked.
/// * `__MACOSX/` and hidden directories are not walked; symbolic links are followed, with a
///   loop check.
struct EmlTreeScan {
  static let maxDepth = 64
  static let mailboxSuffixes = [".mbox", ".imapmbox"]

  var folders: [EmlTreeFolder] = []
  /// Directories with `cur/` or `new/` met in the tree: Maildirs, read as Maildirs whose INBOX
  /// is the folder their place in the tree names.
  var maildirs: [(folder: FolderPath, directory: RawPath)] = []
  /// The folders named by directories, with files or without: every directory of an EML tree
  /// (`eml`), the `X.mbox` directories of an Apple Mail tree (`mailbox`).
  var namedFolders: (eml: Set<FolderPath>, mailbox: Set<FolderPath>) = ([], [])

  /// Walks the tree at `root`; directory-level findings (ignored directories, loops) go to
  /// `diagnostics` in walk order. Throws when the root is not a readable directory.
  static func scan(root: RawPath, diagnostics: DiagnosticHandler) throws -> EmlTreeScan {
    let location = SourceLocation(file: root.display)
    guard let info = RawFileSystem.status(root), info.kind == .directory else {
      throw MailStoreError("not a directory", at: location)
    }
    let names: [[UInt8]]
    do {
      names = try RawFileSystem.names(in: root)
    } catch {
      throw MailStoreError(
        "cannot read directory: \(error.text)", at: location, cause: Errno(rawValue: error.code))
    }
    var walker = Walker()
    walker.visited.insert(info.id)
    // A root that is itself a mailbox (`INBOX.mbox`) starts the Apple Mail chain.
    let chain = mailboxName(root.lastComponent).map { [$0] }
    walker.walk(
      root, names: names, relative: [], emlFolder: [], appleChain: chain, depth: 0,
      diagnostics: diagnostics)
    var scan = EmlTreeScan()
    // Directories with no files of their own (parents, `Messages/` wrappers) are not folders.
    scan.folders = walker.byFolder.filter { !$0.value.files.isEmpty }.map { folder, entry in
      EmlTreeFolder(
        folder: folder,
        files: entry.files.sorted { a, b in
          if a.directory != b.directory {
            return EmlNaturalOrder.precedes(components: a.directory, b.directory)
          }
          return EmlNaturalOrder.precedes(a.name, b.name)
        },
        namingDirectories: entry.naming)
    }
    scan.folders.sort { precedes($0.folder, $1.folder) }
    scan.maildirs = walker.maildirs
    scan.namedFolders = walker.namedFolders
    return scan
  }

  /// INBOX and the folders below it first, then by name components (parents before children).
  static func precedes(_ a: FolderPath, _ b: FolderPath) -> Bool {
    let aInbox = a.components.first?.uppercased() == "INBOX"
    let bInbox = b.components.first?.uppercased() == "INBOX"
    if aInbox != bInbox { return aInbox }
    return a < b
  }

  /// `X` for a directory named `X.mbox` or `X.imapmbox` (suffix in any case), else nil.
  static func mailboxName(_ name: [UInt8]) -> String? {
    let lower = EmlTreeClassifier.lowercased(name)
    for suffix in mailboxSuffixes where lower.count > suffix.utf8.count && lower.hasSuffix(suffix) {
      return MailText.decode(name.dropLast(suffix.utf8.count))
    }
    return nil
  }

  /// The recursive part of the walk.
  struct Walker {
    struct Entry {
      var files: [EmlTreeFile] = []
      var naming: [RawPath] = []
    }

    var visited: Set<FileID> = []
    var byFolder: [FolderPath: Entry] = [:]
    var maildirs: [(folder: FolderPath, directory: RawPath)] = []
    var namedFolders: (eml: Set<FolderPath>, mailbox: Set<FolderPath>) = ([], [])

    mutating func walk(
      _ directory: RawPath, names unsorted: [[UInt8]], relative: [[UInt8]], emlFolder: [String],
      appleChain: [String]?, depth: Int, diagnostics: DiagnosticHandler
    ) {
      let names = unsorted.sorted(by: EmlNaturalOrder.precedes)
      let folder =
        appleChain.map { FolderPath($0) } ?? (emlFolder.isEmpty ? .inbox : FolderPath(emlFolder))
      let siblings = Set(names)
      let lowerSiblings = Set(names.map(EmlTreeClassifier.lowercased))
      for name in names {
        let path = directory.appending(name)
        let location = SourceLocation(file: path.display)
        guard let info = RawFileSystem.status(path) else {
          diagnostics(UnreadableFile.diagnostic(path, error: nil))
          continue
        }
        switch info.kind {
        case .other:
          diagnostics(
            Diagnostic(.ignored, code: "not-regular-file", "not a regular file", at: location))
        case .regular:
          let kind = EmlTreeClassifier.classify(
            name, siblings: siblings, lowerSiblings: lowerSiblings)
          byFolder[folder, default: Entry()].files.append(
            EmlTreeFile(directoryPath: directory, name: name, directory: relative, kind: kind))
        case .directory:
          walkDirectory(
            path, name: name, info: info, relative: relative, emlFolder: emlFolder,
            appleChain: appleChain, depth: depth, diagnostics: diagnostics)
        }
      }
    }

    private mutating func walkDirectory(
      _ path: RawPath, name: [UInt8], info: FileStatus, relative: [[UInt8]], emlFolder: [String],
      appleChain: [String]?, depth: Int, diagnostics: DiagnosticHandler
    ) {
      let location = SourceLocation(file: path.display)
      if name.elementsEqual("__MACOSX".utf8) {
        diagnostics(
          Diagnostic(
            .ignored, code: "appledouble",
            "__MACOSX/ holds macOS metadata (AppleDouble files), not mail",
            at: location))
        return
      }
      if name.first == UInt8(ascii: ".") {
        diagnostics(
          Diagnostic(
            .ignored, code: "hidden-directory", "hidden directory is not a mail folder",
            at: location))
        return
      }
      if appleChain != nil, name.elementsEqual("Attachments".utf8) {
        diagnostics(
          Diagnostic(
            .ignored, code: "attachment-file",
            "Apple Mail Attachments/ folder (parts of .partial.emlx messages), not messages",
            at: location))
        return
      }
      guard !visited.contains(info.id) else {
        diagnostics(
          Diagnostic(
            .warning, code: "directory-loop",
            "directory already read through another path (symbolic link loop); not read again",
            at: location))
        return
      }
      guard depth + 1 < EmlTreeScan.maxDepth else {
        diagnostics(
          Diagnostic(
            .error, code: "too-deep",
            "more than \(EmlTreeScan.maxDepth) directory levels; not read",
            at: location))
        return
      }
      visited.insert(info.id)
      let names: [[UInt8]]
      do {
        names = try RawFileSystem.names(in: path)
      } catch {
        diagnostics(
          Diagnostic(
            .error, code: "unreadable-directory", "cannot list directory: \(error.text)",
            at: location))
        return
      }
      var childEml = emlFolder
      var childChain = appleChain
      if appleChain == nil, EmlTreeScan.mailboxName(name) == nil,
        MaildirFolderScan.looksLikeMaildir(path)
      {
        let text = MailText.decode(name)
        let folder =
          relative.isEmpty && text.lowercased() == "inbox" ? ["INBOX"] : emlFolder + [text]
        maildirs.append((FolderPath(folder), path))
        return
      }
      if let mailbox = EmlTreeScan.mailboxName(name) {
        childChain = (appleChain ?? []) + [mailbox]
        childEml.append(mailbox)
        byFolder[FolderPath(childChain ?? []), default: Entry()].naming.append(path)
        namedFolders.mailbox.insert(FolderPath(childChain ?? []))
      } else {
        let text = MailText.decode(name)
        if relative.isEmpty && text.lowercased() == "inbox" {
          childEml = ["INBOX"]
        } else {
          childEml.append(text)
        }
        if appleChain == nil {
          byFolder[FolderPath(childEml), default: Entry()].naming.append(path)
          namedFolders.eml.insert(FolderPath(childEml))
        }
      }
      walk(
        path, names: names, relative: relative + [name], emlFolder: childEml,
        appleChain: childChain,
        depth: depth + 1, diagnostics: diagnostics)
    }
  }
}

/// Names that say what a file is.
enum EmlTreeClassifier {
  /// Old Office and Windows files that are OLE compound files like `.msg` but never mail.
  static let compoundDocumentExtensions: Set<String> = [
    "doc", "dot", "xls", "xlt", "xla", "ppt", "pot", "pps", "vsd", "vss", "pub", "mpp", "msi",
    "msp", "db",
    "suo", "wps", "ole",
  ]
  /// Apple Mail and Windows bookkeeping files without a telling extension.
  static let indexNamePrefixes = [
    "envelope index", "messageuidsalreadydownloaded", "table_of_contents",
  ]
  static let indexNames: Set<String> = ["thumbs.db", "desktop.ini"]

  static func classify(_ name: [UInt8], siblings: Set<[UInt8]>, lowerSiblings: Set<String>)
    -> EmlNameKind
  {
    let lower = lowercased(name)
    if lower.hasPrefix("._") {
      return .ignored(code: "appledouble", reason: "AppleDouble file (macOS metadata), not mail")
    }
    if lower.hasPrefix(".") {
      if lower.hasSuffix(".plist") {
        return .ignored(code: "index-file", reason: "Apple Mail state file, not mail")
      }
      return .ignored(code: "hidden-file", reason: "hidden file, not mail")
    }
    if let number = readpstAttachmentOwner(name), siblings.contains(number) {
      return .ignored(
        code: "attachment-file",
        reason:
          "attachment of message \(String(decoding: number, as: UTF8.self)) saved apart (readpst -S); "
          + "not a message")
    }
    if indexNames.contains(lower) || indexNamePrefixes.contains(where: { lower.hasPrefix($0) }) {
      return .ignored(code: "index-file", reason: "mail client index or system file, not mail")
    }
    guard let ext = fileExtension(lower) else { return .bare }
    switch ext {
    case "eml":
      return .eml
    case "emlx":
      return lower.hasSuffix(".partial.emlx") ? .partialEmlx : .emlx
    case "emlxpart":
      return .ignored(
        code: "attachment-file",
        reason: "Apple Mail attachment part (.emlxpart) of a .partial.emlx message")
    case "msg", "oft":
      let base = lower.dropLast(ext.count)  // keeps the dot
      return lowerSiblings.contains(base + "eml") ? .msgCopy : .msg
    case "ics", "vcs":
      return .ignored(code: "calendar-file", reason: "calendar file (.\(ext)), not a message")
    case "vcf":
      return .ignored(code: "contact-file", reason: "contact file (.vcf), not a message")
    case "plist":
      return .ignored(code: "index-file", reason: "property list (mailbox state), not mail")
    default:
      return .other(ext)
    }
  }

  /// `N` for a readpst `-S` attachment name `N-<name>` (or `N-attach<k>`).
  static func readpstAttachmentOwner(_ name: [UInt8]) -> [UInt8]? {
    guard let dash = name.firstIndex(of: UInt8(ascii: "-")), dash > 0, dash + 1 < name.count,
      name[..<dash].allSatisfy(EmlNaturalOrder.isDigit)
    else { return nil }
    return Array(name[..<dash])
  }

  /// The lowercased extension: the text after the last `.` when it is 1–10 ASCII letters or
  /// digits and the dot is not the first character.
  static func fileExtension(_ lower: String) -> String? {
    guard let dot = lower.lastIndex(of: "."), dot != lower.startIndex else { return nil }
    let ext = lower[lower.index(after: dot)...]
    guard (1...10).contains(ext.count),
      ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
    else {
      return nil
    }
    return String(ext)
  }

  /// The name as text, ASCII letters lowercased (other bytes decoded as they are).
  static func lowercased(_ name: [UInt8]) -> String {
    MailText.decode(name.map(EmlSniff.lowered))
  }
}
