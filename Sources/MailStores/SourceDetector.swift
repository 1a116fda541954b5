import Foundation
import MailModel

/// The source formats `--format` accepts.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
  /// Tell them apart by what is on disk (`inspect` says what it found and why).
  case auto
  /// One mbox file, or a directory of mbox files (mutt, Thunderbird, Apple export, readpst -r).
  case mbox
  /// A Maildir or Maildir++ tree, read without Dovecot's control files.
  case maildir
  /// A Dovecot Maildir (uidlist, keywords, subscriptions; Maildir++ or LAYOUT=fs) or `~/mail` mbox layout.
  case dovecot
  /// A tree of `.eml` files (Exchange/Outlook, Lotus Notes, Windows Mail, readpst -e/-M/-S).
  case eml
  /// An Apple Mail tree of `.emlx` files.
  case emlx
}

/// What a source path turned out to be, and why.
public struct DetectedSource {
  /// The reader for the source.
  public var reader: any MailStoreReader
  /// The format's name (`mbox`, `mbox-tree`, `maildir`, `dovecot-maildir`, `dovecot-mbox`, `eml-tree`, `emlx`).
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
      throw MailStoreError("no such file or directory", at: SourceLocation(file: path))
    }
    let location = SourceLocation(file: path)
    if !isDirectory.boolValue {
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
      guard containsMbox(path) else {
        throw MailStoreError(
          "not a Maildir (no cur/ or new/), and no mbox, .eml or .emlx files found", at: location)
      }
      return mboxTree(
        path, options,
        reason: "a directory with no cur/ or new/ that holds mbox files (first line 'From ')")
    case .maildir:
      guard MaildirReader.looksLikeMaildir(path) else {
        throw MailStoreError(
          "not a Maildir: no cur/ or new/ here nor in any .Folder below", at: location)
      }
      return maildir(path, options)
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

  /// Whether any regular file below `path` looks like an mbox.
  static func containsMbox(_ path: String) -> Bool {
    guard let walker = FileManager.default.enumerator(atPath: path) else { return false }
    var checked = 0
    while let relative = walker.nextObject() as? String, checked < 10_000 {
      let full = path + "/" + relative
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        checked += 1
        if MboxReader.looksLikeMbox(full) { return true }
      }
    }
    return false
  }
}
