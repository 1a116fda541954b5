/// Where a message's internal (received) date came from.
public enum DateSource: String, Sendable, Codable, CaseIterable {
  /// The mbox `From ` separator line.
  case fromLine = "from-line"
  /// The message file's modification time.
  case fileMtime = "mtime"
  /// The leading timestamp of a Maildir file name.
  case fileName = "file-name"
  /// The newest `Received:` header.
  case received
  /// The `Date:` header.
  case dateHeader = "date"
  /// Apple Mail's `date-received` in an `.emlx` property list.
  case emlxDateReceived = "emlx-date-received"
  /// Nothing in the message had a date; the container file's mtime was used.
  case containerMtime = "container-mtime"
  /// An Outlook item's delivery time (PR_MESSAGE_DELIVERY_TIME).
  case deliveryTime = "delivery-time"
  /// An Outlook item's submit time (PR_CLIENT_SUBMIT_TIME), for items never delivered.
  case submitTime = "submit-time"
  /// An Outlook item's creation time (PR_CREATION_TIME), for items with neither.
  case creationTime = "creation-time"
}

/// A change the reader made to a message's bytes, as FIDELITY.md allows; counted in reports.
public enum Transformation: String, Sendable, Codable, CaseIterable {
  /// mboxrd quoting undone: one `>` removed from `>From ` lines.
  case unquotedFrom = "unquoted-from"
  /// mbox bookkeeping headers (`Status`, `X-Keywords`, ...) removed.
  case removedMboxHeaders = "removed-mbox-headers"
  /// A run of NUL bytes at the very end removed.
  case strippedTrailingNUL = "stripped-trailing-nul"
  /// Lines over Zimbra's limit re-encoded by the bundle writer.
  case repairedLongLines = "repaired-long-lines"
}

/// One message as it should reach Zimbra: raw RFC 822 bytes plus the metadata the store held.
public struct Message: Sendable {
  /// The source folder (decoded, unmapped).
  public var folder: FolderPath
  /// The message bytes after the reader's documented transformations.
  public var bytes: [UInt8]
  /// The system flags the store recorded for the message.
  public var flags: MessageFlags
  /// IMAP keywords (become Zimbra tags).
  public var keywords: [String]
  /// Internal (received) date, seconds since the Unix epoch.
  public var internalDate: Int64
  /// Where `internalDate` was taken from.
  public var dateSource: DateSource
  /// A stable id within the store: a Maildir base name, `offset:N` in an mbox file,
  /// `uid:<UIDVALIDITY>:<UID>` for a Dovecot message with a UID, or the file's path relative to
  /// the root in an EML or emlx tree.
  public var sourceID: String
  /// Where the message was read from, for diagnostics and reports.
  public var location: SourceLocation
  /// The changes the reader made to `bytes`, in the order applied; empty when none.
  public var transformations: [Transformation]
  /// For a message rebuilt from a source with no original bytes (an Outlook item), what its
  /// bytes must carry; `verify` compares it with the bundle's message. Nil for other sources.
  public var expectedContent: ExpectedContent?

  /// Creates a message; flags, keywords and transformations default to none.
  public init(
    folder: FolderPath, bytes: [UInt8], flags: MessageFlags = [], keywords: [String] = [],
    internalDate: Int64, dateSource: DateSource, sourceID: String, location: SourceLocation,
    transformations: [Transformation] = []
  ) {
    self.folder = folder
    self.bytes = bytes
    self.flags = flags
    self.keywords = keywords
    self.internalDate = internalDate
    self.dateSource = dateSource
    self.sourceID = sourceID
    self.location = location
    self.transformations = transformations
  }
}

/// What a message rebuilt from an Outlook item must carry (its source holds no original bytes):
/// `verify` parses the bundle's message and compares.
public struct ExpectedContent: Sendable, Equatable {
  /// The subject the headers must give (decoded), when the headers were made from the item.
  public var subject: String?
  /// The plain-text body a `text/plain` part must hold (compared with line ends made LF and
  /// trailing white space dropped).
  public var text: String?
  /// SHA-256 (hex) of each by-value attachment's data, each of which a part must hold.
  public var attachmentDigests: [String]
  /// How many embedded messages the item has (each a `message/rfc822` part).
  public var embeddedMessages: Int

  /// Creates an expectation.
  public init(
    subject: String? = nil, text: String? = nil, attachmentDigests: [String] = [],
    embeddedMessages: Int = 0
  ) {
    self.subject = subject
    self.text = text
    self.attachmentDigests = attachmentDigests
    self.embeddedMessages = embeddedMessages
  }
}
