import Foundation
import MailModel

/// The two kinds of Dovecot dbox store.
public enum DboxKind: String, Sendable, CaseIterable {
  /// single-dbox: one `u.<uid>` file per message in `mailboxes/<folder>/dbox-Mails/`.
  case sdbox
  /// multi-dbox: messages in shared `storage/m.<n>` files, mapped by `storage/dovecot.map.index*`.
  case mdbox
}

/// Recognises Dovecot dbox trees, which zmigrate does not read, and says how to convert them
/// (SOURCE-FORMATS.md §3, "sdbox / mdbox").
///
/// Message bodies could be recovered from `u.*`/`m.*` files, but flags, keywords and (for mdbox)
/// which folders a message is in live only in Dovecot's binary indexes, so the store must be
/// converted by Dovecot itself (`doveadm backup`) and the resulting Maildir read instead.
public enum DboxDetector {
  /// How deep below `mailboxes/` folders are looked for.
  static let maxDepth = 32
  /// How many directories are looked at, at most.
  static let maxDirectories = 10_000

  /// The dbox kind of the tree (or single dbox file) at `path`, nil when it is not dbox.
  ///
  /// * mdbox: `storage/` (or `path` itself) holds `m.<n>` files or `dovecot.map.index*`.
  /// * sdbox: a `dbox-Mails/` directory (below `mailboxes/`, or `path` itself) holds `u.<uid>`
  ///   files.
  /// * Either: a `dbox-Mails/` directory without messages (sdbox unless `storage/` exists); a
  ///   `u.*`/`m.*` file (or a directory of them) whose first bytes are the dbox header `2 M`.
  public static func detect(_ path: String) -> DboxKind? {
    let root = RawPath(path)
    guard RawFileSystem.isDirectory(root) else {
      let name = root.bytes.split(separator: UInt8(ascii: "/")).last.map(Array.init) ?? []
      guard startsWithDboxHeader(root) else { return nil }
      return isNumbered(name, prefix: "m.") ? .mdbox : isNumbered(name, prefix: "u.") ? .sdbox : nil
    }
    let storage = root.appending("storage")
    let hasStorage = RawFileSystem.isDirectory(storage)
    if hasStorage, holdsMdboxFiles(storage) { return .mdbox }
    if holdsMdboxFiles(root) { return .mdbox }

    var dboxMails: [RawPath] = []
    if root.bytes.split(separator: UInt8(ascii: "/")).last?.elementsEqual("dbox-Mails".utf8) == true
    {
      dboxMails.append(root)
    }
    if RawFileSystem.isDirectory(root.appending("dbox-Mails")) {
      dboxMails.append(root.appending("dbox-Mails"))
    }
    let mailboxes = root.appending("mailboxes")
    var budget = maxDirectories
    if RawFileSystem.isDirectory(mailboxes) {
      findDboxMails(mailboxes, depth: 0, budget: &budget, into: &dboxMails)
    } else if root.bytes.split(separator: UInt8(ascii: "/")).last?.elementsEqual("mailboxes".utf8)
      == true
    {
      findDboxMails(root, depth: 0, budget: &budget, into: &dboxMails)
    }
    for directory in dboxMails {
      guard let entries = try? RawFileSystem.list(directory) else { continue }
      if entries.contains(where: { isNumbered($0.name, prefix: "u.") }) { return .sdbox }
    }
    if !dboxMails.isEmpty { return hasStorage ? .mdbox : .sdbox }
    // A directory of u.<uid> files under another name (a copied dbox-Mails, alt storage).
    if let entries = try? RawFileSystem.list(root),
      entries.contains(where: {
        isNumbered($0.name, prefix: "u.") && startsWithDboxHeader(root.appending($0.name))
      })
    {
      return .sdbox
    }
    return nil
  }

  /// The text that tells the admin how to turn the dbox store at `path` into a Maildir that
  /// zmigrate reads, with the exact `doveadm` commands.
  public static func conversionAdvice(path: String, kind: DboxKind) -> String {
    // The location names the mail root, the directory above mailboxes/ and storage/.
    var mailRoot = path
    while mailRoot.count > 1, mailRoot.hasSuffix("/") { mailRoot.removeLast() }
    for inner in ["/mailboxes", "/storage"]
    where mailRoot.hasSuffix(inner) && mailRoot.count > inner.count {
      mailRoot.removeLast(inner.count)
    }
    let location = shellQuoted("mail_location=\(kind.rawValue):\(mailRoot)")
    let layout: String
    let lost: String
    switch kind {
    case .sdbox:
      layout = "single-dbox: one u.<uid> file per message in mailboxes/<folder>/dbox-Mails/"
      lost =
        "the flags and keywords of its messages live only in Dovecot's binary index files (dovecot.index*)"
    case .mdbox:
      layout =
        "multi-dbox: messages in shared storage/m.<n> files, found through storage/dovecot.map.index"
      lost =
        "the flags and keywords of its messages, and which folders each message is in, live only in "
        + "Dovecot's binary index files (dovecot.index*, storage/dovecot.map.index*)"
    }
    return """
      \(path) is a Dovecot \(kind.rawValue) mail store (\(layout)).
      zmigrate does not read dbox: \(lost), so the store must be converted by Dovecot. \
      Convert it to Maildir with doveadm, then run zmigrate on the new Maildir:

        on the server that serves this account (as the mail user, while it receives no mail):
          doveadm backup -u USER maildir:/path/to/new/Maildir

        on a copy of the tree (offline), pointing Dovecot at it:
          doveadm -o \(location) backup -u USER maildir:/path/to/new/Maildir
        (Dovecot 2.4 has no mail_location setting; there the options are \
      -o mail_driver=\(kind.rawValue) -o \(shellQuoted("mail_path=\(mailRoot)")))

      USER is the account's login (for the offline form, any user Dovecot's userdb knows). \
      If the store has alternate storage, add :ALT=<alt path> to mail_location \
      (2.4: -o mail_alt_path=<alt path>). doveadm backup makes the destination an exact copy \
      of the source (anything else in it is removed) and writes dovecot-uidlist and \
      dovecot-keywords there, which zmigrate reads as format dovecot-maildir. \
      Then: zmigrate ... /path/to/new/Maildir
      """
  }

  // MARK: helpers

  /// Whether `name` is `<prefix><digits>`.
  static func isNumbered<C: Collection>(_ name: C, prefix: String) -> Bool
  where C.Element == UInt8 {
    guard name.starts(with: prefix.utf8) else { return false }
    let digits = name.dropFirst(prefix.utf8.count)
    return !digits.isEmpty
      && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }

  /// Whether `directory` holds `m.<n>` files or `dovecot.map.index*`.
  private static func holdsMdboxFiles(_ directory: RawPath) -> Bool {
    guard let entries = try? RawFileSystem.list(directory) else { return false }
    return entries.contains { entry in
      entry.name.starts(with: "dovecot.map.index".utf8)
        || (isNumbered(entry.name, prefix: "m.")
          && startsWithDboxHeader(directory.appending(entry.name)))
    }
  }

  /// Collects the `dbox-Mails` directories below `directory`.
  private static func findDboxMails(
    _ directory: RawPath, depth: Int, budget: inout Int, into found: inout [RawPath]
  ) {
    guard depth < maxDepth, budget > 0, let entries = try? RawFileSystem.list(directory) else {
      return
    }
    budget -= 1
    for entry in entries where entry.mayBeDirectory {
      let child = directory.appending(entry.name)
      guard RawFileSystem.isDirectory(child) else { continue }
      if entry.named("dbox-Mails") {
        found.append(child)
      } else {
        findDboxMails(child, depth: depth + 1, budget: &budget, into: &found)
      }
    }
  }

  /// Whether the file starts with the dbox header line `2 M`.
  static func startsWithDboxHeader(_ path: RawPath) -> Bool {
    RawFileSystem.head(path, count: 3) == Array("2 M".utf8)
  }

  /// `text`, single-quoted for a POSIX shell when it holds anything but safe characters.
  static func shellQuoted(_ text: String) -> String {
    let safe =
      !text.isEmpty
      && text.utf8.allSatisfy { byte in
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
          || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
          || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
          || "/._-=:,+@%".utf8.contains(byte)
      }
    if safe { return text }
    return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
