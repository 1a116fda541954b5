import MailModel
import SystemPackage

/// One directory that holds a folder's `cur/`, `new/` and `tmp/`.
struct MaildirFolderLocation: Sendable {
  /// The decoded folder (components passed on as decoded, never made safe here).
  var folder: FolderPath
  /// The real directory, built only from directory entries.
  var directory: RawPath
  /// Problems with the folder's name, reported when the folder is read.
  var notes: [Diagnostic]
}

/// Finds the folders of a Maildir or Maildir++ store (SOURCE-FORMATS.md §2).
///
/// * The root is INBOX when it has `cur/` or `new/`.
/// * Maildir++: every directory `.<a>.<b>` directly in the root that has `cur/` or `new/` is
///   folder `[a, b]`; missing parents are not invented. `DOVECOT-TRASHED` directories are skipped.
/// * LAYOUT=fs: a plain subdirectory (not `cur`, `new`, `tmp`, not hidden) that has `cur/` or
///   `new/` is a child folder of the directory it sits in; directories without them are walked
///   through as non-selectable parents.
/// * Each name component is decoded from modified UTF-7; a name that does not decode is kept
///   as it is, with a warning.
enum MaildirFolderScan {
  static let trashName = "DOVECOT-TRASHED"
  /// A bound on LAYOUT=fs nesting, as a second guard next to the symbolic-link loop check.
  static let maxDepth = 64

  /// All folder directories of the store at `root`, sorted: INBOX and its children first, then
  /// by components (parents before children), then by directory for equal names.
  static func scan(root: RawPath) throws -> [MaildirFolderLocation] {
    try scanAll(root: root).folders
  }

  /// The folder directories (as `scan` gives them) and the plain directories walked through on
  /// the way (LAYOUT=fs parents without `cur/` or `new/`), whose own files must be accounted for.
  static func scanAll(root: RawPath) throws -> (
    folders: [MaildirFolderLocation], plain: [MaildirFolderLocation]
  ) {
    let rootLocation = SourceLocation(file: root.display)
    guard let rootID = RawFileSystem.directoryID(root) else {
      throw MailStoreError("not a Maildir: not a directory", at: rootLocation)
    }
    let entries: [DirectoryEntry]
    do {
      entries = try RawFileSystem.list(root)
    } catch {
      throw MailStoreError(
        "cannot read directory: \(error.text)", at: rootLocation, cause: Errno(rawValue: error.code)
      )
    }
    var found: [MaildirFolderLocation] = []
    var visited: Set<FileID> = [rootID]
    let rootIsMaildir = hasMessageDirectories(root)
    if rootIsMaildir {
      found.append(MaildirFolderLocation(folder: .inbox, directory: root, notes: []))
    }
    var maildirPlusPlus: [MaildirFolderLocation] = []
    for entry in entries where entry.isHidden && entry.mayBeDirectory {
      let rawComponents = entry.name.dropFirst().split(
        separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
      if rawComponents.contains(where: { $0.elementsEqual(trashName.utf8) }) { continue }
      let directory = root.appending(entry.name)
      // A dot directory that cannot be listed (no permission) is taken as a folder, so that
      // reading it reports why it is not read instead of passing over it in silence.
      guard let id = RawFileSystem.directoryID(directory),
        hasMessageDirectories(directory) || (try? RawFileSystem.list(directory)) == nil,
        !visited.contains(id)
      else { continue }
      visited.insert(id)
      var notes: [Diagnostic] = []
      let components = rawComponents.map { decode($0, in: directory, notes: &notes) }
      maildirPlusPlus.append(
        MaildirFolderLocation(folder: FolderPath(components), directory: directory, notes: notes))
    }
    guard rootIsMaildir || !maildirPlusPlus.isEmpty else {
      throw MailStoreError("not a Maildir: no cur/ or new/ found", at: rootLocation)
    }
    found += maildirPlusPlus
    var plain: [MaildirFolderLocation] = []
    if !rootIsMaildir {
      plain.append(MaildirFolderLocation(folder: .inbox, directory: root, notes: []))
    }
    walk(
      root, entries: entries, parent: [], depth: 0, visited: &visited, found: &found,
      plain: &plain)
    for folder in maildirPlusPlus {
      walk(
        folder.directory, entries: nil, parent: folder.folder.components, depth: 1,
        visited: &visited, found: &found, plain: &plain)
    }
    return (found.sorted(by: precedes), plain.sorted(by: precedes))
  }

  /// Whether a file in a Maildir folder's directory (beside `cur/`, `new/` and `tmp/`) is one
  /// of the control files Dovecot, Courier and Maildir++ keep there, never mail.
  static func isControlFile(_ name: [UInt8]) -> Bool {
    let text = String(decoding: name, as: UTF8.self).lowercased()
    return controlNames.contains(text) || controlPrefixes.contains { text.hasPrefix($0) }
  }

  static let controlNames: Set<String> = [
    "subscriptions", "maildirfolder", "maildirsize", "maildirquota", ".uidvalidity",
    ".mailboxlist", ".subscriptions", ".customflags", ".mh_sequences",
  ]
  static let controlPrefixes = ["dovecot", "courier", ".uidvalidity", ".imap", ".mbsyncstate"]

  /// Whether `path` looks like a Maildir root: it has `cur/` or `new/`, or holds a Maildir++
  /// dot-folder that has them.
  static func looksLikeMaildir(_ root: RawPath) -> Bool {
    guard RawFileSystem.isDirectory(root) else { return false }
    if hasMessageDirectories(root) { return true }
    guard let entries = try? RawFileSystem.list(root) else { return false }
    return entries.contains { entry in
      entry.isHidden && entry.mayBeDirectory
        && !entry.name.dropFirst().split(
          separator: UInt8(ascii: "."), omittingEmptySubsequences: false
        )
        .contains(where: { $0.elementsEqual(trashName.utf8) })
        && hasMessageDirectories(root.appending(entry.name))
    }
  }

  /// Whether `path` holds a `cur/` or `new/` directory, i.e. is a mail folder.
  static func hasMessageDirectories(_ path: RawPath) -> Bool {
    RawFileSystem.isDirectory(path.appending("cur"))
      || RawFileSystem.isDirectory(path.appending("new"))
  }

  /// LAYOUT=fs: looks for child folders in `directory`, depth first.
  private static func walk(
    _ directory: RawPath, entries known: [DirectoryEntry]?, parent: [String], depth: Int,
    visited: inout Set<FileID>, found: inout [MaildirFolderLocation],
    plain: inout [MaildirFolderLocation]
  ) {
    guard depth < maxDepth else { return }
    let entries: [DirectoryEntry]
    if let known {
      entries = known
    } else {
      guard let listed = try? RawFileSystem.list(directory) else { return }
      entries = listed
    }
    for entry in entries where !entry.isHidden && entry.mayBeDirectory {
      if entry.named("cur") || entry.named("new") || entry.named("tmp") || entry.named(trashName) {
        continue
      }
      let child = directory.appending(entry.name)
      guard let id = RawFileSystem.directoryID(child), !visited.contains(id) else { continue }
      visited.insert(id)
      var notes: [Diagnostic] = []
      let components = parent + [decode(entry.name[...], in: child, notes: &notes)]
      if hasMessageDirectories(child) {
        found.append(
          MaildirFolderLocation(folder: FolderPath(components), directory: child, notes: notes))
      } else if !isControlFile(entry.name) {  // courierimapkeywords/ holds keyword data
        plain.append(
          MaildirFolderLocation(folder: FolderPath(components), directory: child, notes: []))
      }
      walk(
        child, entries: nil, parent: components, depth: depth + 1, visited: &visited, found: &found,
        plain: &plain)
    }
  }

  /// Decodes one on-disk name component from modified UTF-7. `&-` is `&`; `&AC8-` is `/` and
  /// stays inside the component. A name that is not modified UTF-7 is kept as it is.
  static func decode(_ raw: ArraySlice<UInt8>, in directory: RawPath, notes: inout [Diagnostic])
    -> String
  {
    guard let text = String(validating: raw, as: UTF8.self) else {
      let lossy = String(decoding: raw, as: UTF8.self)
      notes.append(
        Diagnostic(
          .warning, code: "folder-name-encoding",
          "folder name \"\(lossy)\" is neither modified UTF-7 nor UTF-8; invalid bytes replaced",
          at: SourceLocation(file: directory.display)))
      return lossy
    }
    if let decoded = ModifiedUTF7.decode(text) { return decoded }
    notes.append(
      Diagnostic(
        .warning, code: "folder-name-encoding",
        "folder name \"\(text)\" is not modified UTF-7; kept as UTF-8",
        at: SourceLocation(file: directory.display)))
    return text
  }

  /// INBOX (and folders under it) first, then by components, then by directory bytes.
  static func precedes(_ a: MaildirFolderLocation, _ b: MaildirFolderLocation) -> Bool {
    let aInbox = a.folder.components.first?.uppercased() == "INBOX"
    let bInbox = b.folder.components.first?.uppercased() == "INBOX"
    if aInbox != bInbox { return aInbox }
    if a.folder != b.folder { return a.folder < b.folder }
    return a.directory.bytes.lexicographicallyPrecedes(b.directory.bytes)
  }
}
