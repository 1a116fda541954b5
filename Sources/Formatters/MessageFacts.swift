import MailModel

/// What Zimbra's query language can ask of one message, taken from it in one pass so a query
/// never reads the message twice (docs/export.md).
public struct MessageFacts: Sendable, Equatable {
  /// One MIME leaf that is an attachment (Zimbra's sense: a file name, or a non-inline part
  /// that is not the message's text).
  public struct Attachment: Sendable, Equatable {
    /// The part number as IMAP and Zimbra's `part=` give it: `1`, `2.1`, ...
    public var part: String
    /// The decoded file name (RFC 2047/2231), empty when the part has none.
    public var fileName: String
    /// The lower-case MIME type, `application/pdf`.
    public var contentType: String

    /// An attachment at `part` named `fileName` of type `contentType`.
    public init(part: String, fileName: String, contentType: String) {
      self.part = part
      self.fileName = fileName
      self.contentType = contentType
    }
  }

  /// The folder the message is in.
  public var folder: FolderPath
  /// IMAP-style flags.
  public var flags: MessageFlags
  /// Keywords, which Zimbra imports as tags.
  public var tags: [String]
  /// Received date, seconds since the epoch (what Zimbra's `date:`, `before:`, `after:` use).
  public var receivedDate: Int64
  /// The message's size in bytes (what `larger:`, `smaller:` and `size:` compare).
  public var size: Int
  /// `From:` decoded: display names and addresses, one entry per mailbox.
  public var from: [String]
  /// `To:` decoded, one entry per mailbox.
  public var to: [String]
  /// `Cc:` decoded, one entry per mailbox.
  public var cc: [String]
  /// `Subject:` decoded (RFC 2047), unfolded.
  public var subject: String
  /// `Message-ID:` without its angle brackets.
  public var messageID: String
  /// The decoded values of the header fields a bare word searches (subject, addresses).
  public var headerText: String
  /// The text of the message's text parts, transfer-decoded and converted to UTF-8.
  public var bodyText: String
  /// The attachments, in part order.
  public var attachments: [Attachment]
  /// Every leaf part's lower-case MIME type, in part order.
  public var contentTypes: [String]

  /// Facts given field by field (tests, and readers that know them without parsing).
  public init(
    folder: FolderPath, flags: MessageFlags = [], tags: [String] = [], receivedDate: Int64 = 0,
    size: Int = 0, from: [String] = [], to: [String] = [], cc: [String] = [], subject: String = "",
    messageID: String = "", headerText: String = "", bodyText: String = "",
    attachments: [Attachment] = [], contentTypes: [String] = []
  ) {
    self.folder = folder
    self.flags = flags
    self.tags = tags
    self.receivedDate = receivedDate
    self.size = size
    self.from = from
    self.to = to
    self.cc = cc
    self.subject = subject
    self.messageID = messageID
    self.headerText = headerText
    self.bodyText = bodyText
    self.attachments = attachments
    self.contentTypes = contentTypes
  }
}
