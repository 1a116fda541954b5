import Foundation
import MailModel

/// A reader of one kind of mail store: it enumerates folders and streams their messages.
///
/// Readers never fail a whole store for one bad message: per-message problems go to the
/// diagnostics handler with their file and offset, and reading goes on.
public protocol MailStoreReader {
  /// The format name shown by `inspect` (`mbox`, `maildir`, ...).
  var formatName: String { get }
  /// Calls `handler` once per message, folder by folder (parents before children), in a
  /// stable order. Throws only when nothing can be read at all.
  func readMessages(diagnostics: DiagnosticHandler, _ handler: (Message) throws -> Void) throws
  /// Every folder the store has, whether it holds messages or not (an empty Maildir++ folder,
  /// an empty mbox file or directory of a tree), parents before children; folders that
  /// `readMessages` leaves out (`--subscribed-only`) are left out here too. Diagnostics are
  /// `readMessages`' business, so this reports none.
  func readFolders() throws -> [FolderPath]
}

extension MailStoreReader {
  /// No folders of its own: the store's folders are the folders of its messages (one mbox
  /// file is one folder, known only from its messages).
  public func readFolders() throws -> [FolderPath] { [] }
}

/// Options that change how sources are read.
public struct ReadOptions: Sendable {
  /// The zone of zone-less `From ` line dates (`--mbox-timezone`).
  public var mboxTimeZone: TimeZone
  /// The read chunk size for streamed files (tests vary it to cross every boundary).
  public var chunkSize: Int
  /// Where EML messages, and emlx messages without Apple Mail's `date-received`, take their
  /// received date from (`--date-from`); nil means the default order: newest `Received:`, then
  /// `Date:`, then the file's mtime.
  public var dateFrom: DatePreference?
  /// Mark every EML and emlx message unread (`--unread`), for exports that carry no read state.
  public var markAllUnread: Bool
  /// A separate INBOX spool file for Dovecot/UW mbox layouts (`--inbox FILE`).
  public var inboxFile: String?
  /// Read only the folders listed in the store's subscriptions file (`--subscribed-only`).
  public var subscribedOnly: Bool
  /// Also read a PST's orphan items and the deleted items libpff recovers from its unallocated
  /// space, into a `Recovered Items` folder (`--recover`).
  public var recoverItems: Bool = false

  /// Creates options; the defaults read zone-less `From ` dates as UTC in 256 KiB chunks.
  public init(
    mboxTimeZone: TimeZone = TimeZone(identifier: "UTC") ?? .gmt, chunkSize: Int = 256 << 10,
    dateFrom: DatePreference? = nil, markAllUnread: Bool = false, inboxFile: String? = nil,
    subscribedOnly: Bool = false
  ) {
    self.mboxTimeZone = mboxTimeZone
    self.chunkSize = chunkSize
    self.dateFrom = dateFrom
    self.markAllUnread = markAllUnread
    self.inboxFile = inboxFile
    self.subscribedOnly = subscribedOnly
  }
}

/// The sources `--date-from` can choose for messages that carry no delivery date of their own.
public enum DatePreference: String, Sendable, Codable, CaseIterable {
  /// The newest `Received:` header (falling back to `Date:`, then the file's mtime).
  case received
  /// The `Date:` header (falling back to the newest `Received:`, then the file's mtime).
  case date
  /// The file's modification time.
  case mtime
}
