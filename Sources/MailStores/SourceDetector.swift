import Foundation
import MailModel
import Outlook

/// The source formats `--format` accepts.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
  /// Tell them apart by what is on disk (`inspect` says what it found and why).
  case auto
  /// One mbox file, or a directory of mbox files (mutt, Thunderbird, Apple export, readpst -r).
  case mbox
  /// A Maildir or Maildir++ tree, read without Dovecot's control files, or a directory of Maildirs.
  case maildir
  /// A Dovecot Maildir (uidlist, keywords, subscriptions; Maildir++ or LAYOUT=fs) or `~/mail` mbox layout.
  case dovecot
  /// A tree of `.eml` files (Exchange/Outlook, Lotus Notes, Windows Mail, readpst -e/-M/-S).
  case eml
  /// An Apple Mail tree of `.emlx` files.
  case emlx
  /// An Outlook PST or OST file (read through libpff).
  case pst
  /// An Outlook `.msg` file, or a directory tree of them (read through libolecf).
  case msg
}

/// What a source path turned out to be, and why.
public struct DetectedSource {
  /// The reader for the source.
  public var reader: any MailStoreReader
  /// The format's name (`mbox`, `mbox-tree`, `maildir`, `maildir-tree`, `mixed-tree`, `dovecot-maildir`,
  /// `dovecot-mbox`, `eml-tree`, `emlx`, `pst`, `msg`).
  public var format: String
  /// Why this format was chosen, for `inspect`.
  public var reason: String
}

/// Tells the supported source layouts apart and opens the right reader.
public enum SourceDetector {
  /// Opens `path` as `format` (or detects it); throws a clear error naming the path when it is
  /// not something zmigrate can read, or not the format asked for. Dovecot dbox trees are
  /// refused with the `doveadm` command that converts them to Maildir.
  public static func open(
    _ path: String, format: SourceFormat = .auto, options: ReadOptions = ReadOptions()
  ) throws -> DetectedSource {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw MailStoreError(
        "no such file or directory", code: .notFound, at: SourceLocation(file: path))
    }
    let location = SourceLocation(file: path)
    if !isDirectory.boolValue {
      if let outlook = try outlookFile(path, format: format, options: options) { return outlook }
      guard format == .auto || format == .mbox else {
        throw MailStoreError(
          "--format \(format.rawValue) needs a directory, but this is a file", at: location)
      }
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
      if size > 0 && !MboxReader.looksLikeMbox(path) {
        if DboxDetector.detect(path) != nil {
          _ = try DovecotDetection.detect(path, options: options)  // throws the doveadm advice
        }
        throw MailStoreError(
          "not an mbox file: it does not start with a 'From ' line",
          at: SourceLocation(file: path, offset: 0))
      }
      return DetectedSource(
        reader: MboxReader(path: path, options: options), format: "mbox",
        reason: size == 0
          ? "an empty file (an mbox with no messages)"
          : "a file whose first line is a 'From ' separator")
    }
    switch format {
    case .pst:
      throw MailStoreError(
        "--format pst needs a .pst or .ost file, but this is a directory", at: location)
    case .msg:
      guard let reason = EmlTreeReader.detectionReason(path) else {
        throw MailStoreError("no .msg (or .eml) files found below this directory", at: location)
      }
      return DetectedSource(
        reader: EmlTreeReader(root: path, options: options), format: "eml-tree", reason: reason)
    case .auto:
      if let dovecot = try DovecotDetection.detect(path, options: options) {
        return DetectedSource(
          reader: dovecot.reader, format: dovecot.format, reason: dovecot.reason)
      }
      if MaildirReader.looksLikeMaildir(path) {
        return maildir(path, options)
      }
      if let reason = EmlxReader.detectionReason(path) {
        return DetectedSource(
          reader: EmlxReader(root: path, options: options), format: "emlx", reason: reason)
      }
      if let reason = EmlTreeReader.detectionReason(path) {
        return DetectedSource(
          reader: EmlTreeReader(root: path, options: options), format: "eml-tree", reason: reason)
      }
      let found = survey(path)
      if let tree = mailTree(path, options, found) { return tree }
      guard found.messages else {
        throw MailStoreError(
          "not a Maildir (no cur/ or new/), and no Maildir folders, mbox, .eml, .emlx or RFC 822 files found",
          at: location)
      }
      return DetectedSource(
        reader: EmlTreeReader(root: path, options: options), format: "eml-tree",
        reason: "a directory tree of RFC 822 message files: directories are folders")
    case .maildir:
      if MaildirReader.looksLikeMaildir(path) { return maildir(path, options) }
      let found = survey(path)
      guard found.maildir, let tree = mailTree(path, options, found) else {
        throw MailStoreError(
          "not a Maildir: no cur/ or new/ here nor in any folder below", at: location)
      }
      return tree
    case .dovecot:
      guard let dovecot = try DovecotDetection.detect(path, options: options) else {
        throw MailStoreError(
          "not a Dovecot layout: no dovecot-uidlist, dovecot-keywords or dovecot.index in a Maildir, and no .imap/, .subscriptions or X-IMAPbase in an mbox directory (give --inbox FILE for a ~/mail tree)",
          at: location)
      }
      return DetectedSource(reader: dovecot.reader, format: dovecot.format, reason: dovecot.reason)
    case .mbox:
      return mboxTree(
        path, options, reason: "--format mbox on a directory: every mbox file below is a folder")
    case .eml:
      guard let reason = EmlTreeReader.detectionReason(path) else {
        throw MailStoreError(
          "not an EML tree: no .eml files (or numbered RFC 822 files) found", at: location)
      }
      return DetectedSource(
        reader: EmlTreeReader(root: path, options: options), format: "eml-tree", reason: reason)
    case .emlx:
      guard let reason = EmlxReader.detectionReason(path) else {
        throw MailStoreError("not an Apple Mail tree: no .emlx files found", at: location)
      }
      return DetectedSource(
        reader: EmlxReader(root: path, options: options), format: "emlx", reason: reason)
    }
  }

  /// The reader of an Outlook file: a PST/OST (signature `!BDN`) or a `.msg` (an OLE compound
  /// file); nil when `path` is neither and no Outlook format was asked for.
  private static func outlookFile(_ path: String, format: SourceFormat, options: ReadOptions)
    throws -> DetectedSource?
  {
    let location = SourceLocation(file: path, offset: 0)
    if format == .auto || format == .pst, PstReader.looksLikePst(path) {
      return DetectedSource(
        reader: PstReader(path: path, options: options), format: "pst",
        reason: "a file that starts with the PST signature !BDN (Outlook PST/OST)")
    }
    if format == .auto || format == .msg, MsgFile.looksLikeMsg(path: path) {
      return DetectedSource(
        reader: MsgFileReader(path: path, options: options), format: "msg",
        reason: "an OLE compound file (Outlook .msg)")
    }
    switch format {
    case .pst: throw MailStoreError("not a PST or OST file: no !BDN signature", at: location)
    case .msg:
      throw MailStoreError(
        "not an Outlook .msg file: no compound-file signature (D0 CF 11 E0 A1 B1 1A E1)",
        at: location)
    default: return nil
    }
  }

  private static func maildir(_ path: String, _ options: ReadOptions) -> DetectedSource {
    DetectedSource(
      reader: MaildirReader(root: path, options: options), format: "maildir",
      reason: "a directory with cur/ and new/ (Maildir++ dot-folders below it are subfolders)")
  }

  private static func mboxTree(_ path: String, _ options: ReadOptions, reason: String)
    -> DetectedSource
  {
    DetectedSource(
      reader: MboxTreeReader(root: path, options: options), format: "mbox-tree", reason: reason)
  }

  /// What a bounded walk below a directory found.
  struct TreeSurvey {
    /// A file that starts with a `From ` line.
    var mbox = false
    /// A directory with `cur/` or `new/` (or Maildir++ dot-folders).
    var maildir = false
    /// A file that starts as an RFC 822 message.
    var messages = false
  }

  /// Looks at up to 10,000 files below `path` (Maildirs are not walked into).
  static func survey(_ path: String) -> TreeSurvey {
    var found = TreeSurvey()
    guard let walker = FileManager.default.enumerator(atPath: path) else { return found }
    var checked = 0
    while let relative = walker.nextObject() as? String, checked < 10_000 {
      let full = path + "/" + relative
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
        continue
      }
      if isDirectory.boolValue {
        if MaildirReader.looksLikeMaildir(full) {
          found.maildir = true
          walker.skipDescendants()
        }
        continue
      }
      checked += 1
      if MboxReader.looksLikeMbox(full) {
        found.mbox = true
      } else if !found.messages, let head = RawFileSystem.head(RawPath(full), count: 4096) {
        found.messages = EmlSniff.looksLikeMessage(head)
      }
      if found.mbox && found.maildir { break }
    }
    return found
  }

  /// The mail-tree reader for a directory with Maildir folders or mbox files below it (message
  /// files among them are read too), nil when it has neither.
  private static func mailTree(_ path: String, _ options: ReadOptions, _ found: TreeSurvey)
    -> DetectedSource?
  {
    let format: String
    let reason: String
    switch (found.maildir, found.mbox) {
    case (true, false):
      format = "maildir-tree"
      reason =
        "a directory of Maildir folders, as mbsync, offlineimap and getmail write (ROOT/Work/cur): each Maildir is the folder its path names"
    case (true, true):
      format = "mixed-tree"
      reason =
        "a directory of Maildir folders and mbox files: each Maildir and each mbox file is the folder its path names"
    case (false, true):
      format = "mbox-tree"
      reason = "a directory with no cur/ or new/ that holds mbox files (first line 'From ')"
    case (false, false):
      return nil
    }
    return DetectedSource(
      reader: MboxTreeReader(root: path, options: options, formatName: format), format: format,
      reason: reason)
  }
}
