import Foundation
import MailModel

/// Tells Dovecot-specific stores apart from plain Maildir and mbox trees, for `SourceDetector`.
public enum DovecotDetection {
  /// The Dovecot reader for `path` and why it was chosen; nil when `path` is nothing
  /// Dovecot-specific (a plain Maildir or mbox tree, a file, a missing path).
  ///
  /// * dbox (`DboxDetector`): throws `MailStoreError` whose message is the conversion advice.
  /// * A Maildir with Dovecot's control or index files: `DovecotReader` ("dovecot-maildir").
  /// * A directory of mbox files with `.imap/`, `.subscriptions` or `X-IMAPbase` headers, or
  ///   any non-Maildir directory when `options.inboxFile` names a spool: `DovecotMboxReader`
  ///   ("dovecot-mbox").
  public static func detect(_ path: String, options: ReadOptions) throws
    -> (reader: any MailStoreReader, format: String, reason: String)?
  {
    if let kind = DboxDetector.detect(path) {
      throw MailStoreError(
        DboxDetector.conversionAdvice(path: path, kind: kind), code: .unsupported,
        at: SourceLocation(file: path))
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      return nil
    }
    if MaildirReader.looksLikeMaildir(path) {
      guard let census = try? DovecotMaildirCensus(root: path), census.isDovecot else { return nil }
      return (DovecotReader(root: path, options: options), "dovecot-maildir", census.reason)
    }
    if let evidence = DovecotMboxReader.dovecotEvidence(path) {
      var reason = "a directory of mbox files with \(evidence)"
      if let inbox = options.inboxFile { reason += "; INBOX from \(inbox)" }
      return (DovecotMboxReader(root: path, options: options), "dovecot-mbox", reason)
    }
    if let inbox = options.inboxFile {
      return (
        DovecotMboxReader(root: path, options: options), "dovecot-mbox",
        "a directory of mbox files with its INBOX in a separate spool (\(inbox))"
      )
    }
    return nil
  }
}
