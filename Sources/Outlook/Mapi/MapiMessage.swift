/// One MAPI message, whichever container it came from (a PST item, a `.msg` file, an embedded
/// message): its properties, its recipient table and its attachments.
public struct MapiMessage: Sendable {
  /// The message's own properties (class, subject, bodies, dates, flags, named properties).
  public var properties: MapiPropertyBag
  /// One property bag per row of the recipient table, in stored order.
  public var recipients: [MapiPropertyBag]
  /// The attachments, in stored order.
  public var attachments: [MapiAttachment]

  /// Creates a message.
  public init(
    properties: MapiPropertyBag, recipients: [MapiPropertyBag] = [],
    attachments: [MapiAttachment] = []
  ) {
    self.properties = properties
    self.recipients = recipients
    self.attachments = attachments
  }

  /// PR_MESSAGE_CLASS (`IPM.Note`, `IPM.Contact`, …); `IPM.Note` when absent, as Outlook reads it.
  public var messageClass: String {
    let stored = properties.string(.messageClass) ?? ""
    return stored.isEmpty ? "IPM.Note" : stored
  }
}

/// One attachment of a message: its properties (data by value in PR_ATTACH_DATA_BIN) and, for
/// an embedded message (PR_ATTACH_METHOD 5), that message.
public struct MapiAttachment: Sendable {
  /// The attachment's properties.
  public var properties: MapiPropertyBag
  /// The embedded message, zero or one (an array only to give the recursion a home).
  var embedded: [MapiMessage]

  /// Creates an attachment, with the message it embeds if any.
  public init(properties: MapiPropertyBag, embeddedMessage: MapiMessage? = nil) {
    self.properties = properties
    self.embedded = embeddedMessage.map { [$0] } ?? []
  }

  /// The embedded message of an attach-by-message attachment.
  public var embeddedMessage: MapiMessage? {
    get { embedded.first }
    set { embedded = newValue.map { [$0] } ?? [] }
  }

  /// PR_ATTACH_METHOD: 1 by value, 2–4 by reference, 5 embedded message, 6 OLE object;
  /// 0 when absent.
  public var method: Int64 { properties.integer(.attachMethod) ?? 0 }
}
