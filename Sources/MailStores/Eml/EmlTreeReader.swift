import MailModel

/// Reads a directory tree of exported messages: Outlook / Windows Mail / Thunderbird "export as
/// EML" trees, readpst `-e`, `-M` and `-S` output, Lotus Notes EML exports, and Apple Mail
/// `.emlx` files met on the way (SOURCE-FORMATS.md §5).
///
/// * Directories are folders, named as the directories are (no decoding). The root's own
///   messages are INBOX, and so is a top-level directory named `Inbox` in any case. Below an
///   Apple Mail `X.mbox` directory the folder is the chain of `.mbox` names (see `EmlxReader`).
/// * Messages are `.eml` files (extension in any case), `.emlx` files, files with no extension
///   whose first line is a header field and whose header section has `From:`, `Date:`,
///   `Subject:`, `Message-ID:` or `Received:` (readpst `-M`/`-S`), and `.msg` files that are
///   really RFC 822 text.
/// * Outlook `.msg` files (OLE compound files, magic `D0 CF 11 E0 A1 B1 1A E1`, under any name)
///   are read through libolecf and rebuilt as RFC 822 (docs/outlook.md); one that cannot be read
///   is skipped with code `outlook-unreadable`. Calendar, contact, readpst `-S` attachment,
///   AppleDouble, index, empty and other files are reported as ignored with a code per kind.
/// * EML bytes are written exactly as in the file (only a trailing run of NULs is removed).
///   Read state defaults to read unless the headers say otherwise (`Status:`,
///   `X-Mozilla-Status`, `X-Status`, `X-Unsent: 1`); the internal date follows `--date-from`.
/// * Order: INBOX first, then folders by name, parents before children; within a folder files
///   in natural order (`2` before `10`).
public struct EmlTreeReader: MailStoreReader, Sendable {
  /// The top directory of the tree.
  public let root: String
  /// The options the reader was made with.
  public let options: ReadOptions

  /// A reader of the tree at `root`.
  public init(root: String, options: ReadOptions = ReadOptions()) {
    self.root = root
    self.options = options
  }

  /// `eml-tree`.
  public var formatName: String { "eml-tree" }

  /// Calls `handler` for every message, folder by folder. Throws `MailStoreError` only when the
  /// root is not a readable directory (and rethrows what `handler` throws).
  public func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void)
    throws
  {
    try EmlTreeEngine(root: root, options: options).readMessages(diagnostics: diagnostics, handler)
  }

  /// Every folder of the tree, empty directories included (every directory is a folder).
  public func readFolders() throws -> [FolderPath] {
    try EmlTreeEngine(root: root, options: options).readFolders(mailboxesOnly: false)
  }

  /// Whether `path` is a directory with an `.eml` file (or a readpst-style numbered RFC 822
  /// file) among the first few hundred entries below it, breadth first.
  public static func looksLikeEmlTree(_ path: String) -> Bool { detectionReason(path) != nil }

  /// A one-line reason for `inspect` when `path` looks like an EML tree, else nil.
  public static func detectionReason(_ path: String) -> String? {
    let root = RawPath(path)
    guard
      let found = EmlTreeDetection.firstFile(below: root, matching: EmlTreeDetection.isEmlCandidate)
    else { return nil }
    let example = found.relative
    if EmlTreeClassifier.lowercased(found.name).hasSuffix(".eml") {
      return "a directory tree of .eml files (e.g. \(example)): directories are folders"
    }
    if EmlTreeClassifier.lowercased(found.name).hasSuffix(".msg") {
      return "a directory tree of .msg files (Outlook messages, or RFC 822 text under that name; "
        + "e.g. \(example)): directories are folders"
    }
    return "a directory tree of numbered RFC 822 files, as readpst -M/-S writes (e.g. \(example)): "
      + "directories are folders"
  }
}

/// Cheap, bounded look-ups that tell EML and Apple Mail trees apart.
enum EmlTreeDetection {
  /// How many directory entries a detection looks at, at most.
  static let entryLimit = 500

  struct Found {
    var name: [UInt8]
    var relative: String
  }

  /// The first regular file (breadth first, names in natural order) that `matching` accepts,
  /// within `entryLimit` entries; hidden entries, `__MACOSX` and Apple Mail `Attachments/`
  /// folders are passed over.
  static func firstFile(below root: RawPath, matching: (RawPath, [UInt8]) -> Bool) -> Found? {
    guard let rootInfo = RawFileSystem.status(root), rootInfo.kind == .directory else { return nil }
    // Each queued directory: its path, its components below the root, and whether it lies
    // inside an Apple Mail `X.mbox` (whose `Attachments/` hold attachments, not messages).
    var queue: [(RawPath, [String], Bool)] = [
      (root, [], EmlTreeScan.mailboxName(root.lastComponent) != nil)
    ]
    var visited: Set<FileID> = [rootInfo.id]
    var examined = 0
    var next = 0
    while next < queue.count, examined < entryLimit {
      let (directory, relative, inMailbox) = queue[next]
      next += 1
      guard let names = try? RawFileSystem.names(in: directory) else { continue }
      for name in names.sorted(by: EmlNaturalOrder.precedes) {
        examined += 1
        if examined > entryLimit { break }
        if name.first == UInt8(ascii: ".") || name.elementsEqual("__MACOSX".utf8) { continue }
        if inMailbox && name.elementsEqual("Attachments".utf8) { continue }
        let path = directory.appending(name)
        guard let info = RawFileSystem.status(path) else { continue }
        let components = relative + [String(decoding: name, as: UTF8.self)]
        if info.kind == .directory {
          if !visited.contains(info.id) {
            visited.insert(info.id)
            queue.append((path, components, inMailbox || EmlTreeScan.mailboxName(name) != nil))
          }
        } else if info.kind == .regular, info.size > 0, matching(path, name) {
          return Found(name: name, relative: components.joined(separator: "/"))
        }
      }
    }
    return nil
  }

  /// An `.eml` file, a `.msg` file of RFC 822 text (with or without an envelope `From ` line),
  /// or a numbered file (`12`, `12.`) whose start is an RFC 822 header.
  static func isEmlCandidate(_ path: RawPath, _ name: [UInt8]) -> Bool {
    let lower = EmlTreeClassifier.lowercased(name)
    if lower.hasSuffix(".eml") { return true }
    let numbered = EmlNaturalOrder.isNumberedName(name)
    guard numbered || lower.hasSuffix(".msg") else { return false }
    guard let prefix = RawFileSystem.head(path, count: 4096) else { return false }
    // A numbered file that starts with an envelope is as likely a year-named mbox folder
    // (`Archive/2023`) as an MH message: only its own header makes a tree an EML tree.
    if numbered { return EmlSniff.looksLikeMessage(prefix) }
    return EmlSniff.looksLikeMail(prefix) || EmlSniff.isCompoundFile(prefix)
  }

  /// An `.emlx` file (whole or partial).
  static func isEmlxCandidate(_ path: RawPath, _ name: [UInt8]) -> Bool {
    EmlTreeClassifier.lowercased(name).hasSuffix(".emlx")
  }
}
