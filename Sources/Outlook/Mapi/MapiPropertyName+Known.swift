/// The properties zmigrate reads, by their canonical names ([MS-OXPROPS]).
extension MapiPropertyName {
  // Message envelope.
  /// PR_MESSAGE_CLASS.
  public static let messageClass = MapiPropertyName.tag(0x001A)
  /// PR_SUBJECT.
  public static let subject = MapiPropertyName.tag(0x0037)
  /// PR_SUBJECT_PREFIX.
  public static let subjectPrefix = MapiPropertyName.tag(0x003D)
  /// PR_CONVERSATION_TOPIC.
  public static let conversationTopic = MapiPropertyName.tag(0x0070)
  /// PR_IMPORTANCE (0 low, 1 normal, 2 high).
  public static let importance = MapiPropertyName.tag(0x0017)
  /// PR_PRIORITY (-1 non-urgent, 0 normal, 1 urgent).
  public static let priority = MapiPropertyName.tag(0x0026)
  /// PR_SENSITIVITY (0 none, 1 personal, 2 private, 3 confidential).
  public static let sensitivity = MapiPropertyName.tag(0x0036)
  /// PR_CLIENT_SUBMIT_TIME.
  public static let clientSubmitTime = MapiPropertyName.tag(0x0039)
  /// PR_MESSAGE_DELIVERY_TIME.
  public static let deliveryTime = MapiPropertyName.tag(0x0E06)
  /// PR_CREATION_TIME.
  public static let creationTime = MapiPropertyName.tag(0x3007)
  /// PR_LAST_MODIFICATION_TIME.
  public static let lastModificationTime = MapiPropertyName.tag(0x3008)
  /// PR_MESSAGE_FLAGS (mfRead 0x01, mfUnsent 0x08, mfFromMe 0x20, mfFAI 0x40, …).
  public static let messageFlags = MapiPropertyName.tag(0x0E07)
  /// PR_MESSAGE_SIZE.
  public static let messageSize = MapiPropertyName.tag(0x0E08)
  /// PR_FLAG_STATUS (2 flagged, 1 complete).
  public static let flagStatus = MapiPropertyName.tag(0x1090)
  /// PR_LAST_VERB_EXECUTED (102 reply, 103 reply all, 104 forward).
  public static let lastVerbExecuted = MapiPropertyName.tag(0x1081)
  /// PR_ICON_INDEX (261 replied, 262 forwarded).
  public static let iconIndex = MapiPropertyName.tag(0x1080)
  /// PR_TRANSPORT_MESSAGE_HEADERS.
  public static let transportHeaders = MapiPropertyName.tag(0x007D)
  /// PR_INTERNET_MESSAGE_ID.
  public static let internetMessageID = MapiPropertyName.tag(0x1035)
  /// PR_IN_REPLY_TO_ID.
  public static let inReplyTo = MapiPropertyName.tag(0x1042)
  /// PR_INTERNET_REFERENCES.
  public static let internetReferences = MapiPropertyName.tag(0x1039)
  /// PR_MESSAGE_CODEPAGE.
  public static let messageCodePage = MapiPropertyName.tag(0x3FFD)
  /// PR_INTERNET_CPID.
  public static let internetCodePage = MapiPropertyName.tag(0x3FDE)
  /// PR_DISPLAY_TO.
  public static let displayTo = MapiPropertyName.tag(0x0E04)
  /// PR_DISPLAY_CC.
  public static let displayCc = MapiPropertyName.tag(0x0E03)
  /// PR_DISPLAY_BCC.
  public static let displayBcc = MapiPropertyName.tag(0x0E02)

  // Sender.
  /// PR_SENDER_NAME.
  public static let senderName = MapiPropertyName.tag(0x0C1A)
  /// PR_SENDER_ADDRTYPE (`SMTP`, `EX`).
  public static let senderAddressType = MapiPropertyName.tag(0x0C1E)
  /// PR_SENDER_EMAIL_ADDRESS.
  public static let senderEmailAddress = MapiPropertyName.tag(0x0C1F)
  /// PR_SENDER_SMTP_ADDRESS.
  public static let senderSMTPAddress = MapiPropertyName.tag(0x5D01)
  /// PR_SENT_REPRESENTING_NAME.
  public static let sentRepresentingName = MapiPropertyName.tag(0x0042)
  /// PR_SENT_REPRESENTING_ADDRTYPE.
  public static let sentRepresentingAddressType = MapiPropertyName.tag(0x0064)
  /// PR_SENT_REPRESENTING_EMAIL_ADDRESS.
  public static let sentRepresentingEmailAddress = MapiPropertyName.tag(0x0065)
  /// PR_SENT_REPRESENTING_SMTP_ADDRESS.
  public static let sentRepresentingSMTPAddress = MapiPropertyName.tag(0x5D02)
  /// PR_REPLY_RECIPIENT_NAMES.
  public static let replyRecipientNames = MapiPropertyName.tag(0x0050)

  // Recipients (also PR_DISPLAY_NAME for folders and attachments).
  /// PR_RECIPIENT_TYPE (1 To, 2 Cc, 3 Bcc).
  public static let recipientType = MapiPropertyName.tag(0x0C15)
  /// PR_DISPLAY_NAME (recipients, folders, attachments).
  public static let displayName = MapiPropertyName.tag(0x3001)
  /// PR_ADDRTYPE.
  public static let addressType = MapiPropertyName.tag(0x3002)
  /// PR_EMAIL_ADDRESS.
  public static let emailAddress = MapiPropertyName.tag(0x3003)
  /// PR_SMTP_ADDRESS.
  public static let smtpAddress = MapiPropertyName.tag(0x39FE)

  // Bodies.
  /// PR_BODY.
  public static let body = MapiPropertyName.tag(0x1000)
  /// PR_HTML (binary or string).
  public static let html = MapiPropertyName.tag(0x1013)
  /// PR_RTF_COMPRESSED.
  public static let rtfCompressed = MapiPropertyName.tag(0x1009)
  /// PR_RTF_IN_SYNC.
  public static let rtfInSync = MapiPropertyName.tag(0x0E1F)
  /// PR_NATIVE_BODY_INFO (1 text, 2 RTF, 3 HTML).
  public static let nativeBody = MapiPropertyName.tag(0x1016)

  // Attachments.
  /// PR_ATTACH_DATA_BIN / PR_ATTACH_DATA_OBJ (type 0102 or 000D).
  public static let attachData = MapiPropertyName.tag(0x3701)
  /// PR_ATTACH_EXTENSION.
  public static let attachExtension = MapiPropertyName.tag(0x3703)
  /// PR_ATTACH_FILENAME (8.3).
  public static let attachFilename = MapiPropertyName.tag(0x3704)
  /// PR_ATTACH_METHOD.
  public static let attachMethod = MapiPropertyName.tag(0x3705)
  /// PR_ATTACH_LONG_FILENAME.
  public static let attachLongFilename = MapiPropertyName.tag(0x3707)
  /// PR_RENDERING_POSITION.
  public static let renderingPosition = MapiPropertyName.tag(0x370B)
  /// PR_ATTACH_MIME_TAG.
  public static let attachMimeTag = MapiPropertyName.tag(0x370E)
  /// PR_ATTACH_CONTENT_ID.
  public static let attachContentID = MapiPropertyName.tag(0x3712)
  /// PR_ATTACH_CONTENT_LOCATION.
  public static let attachContentLocation = MapiPropertyName.tag(0x3713)
  /// PR_ATTACH_FLAGS (4 = rendered in the body).
  public static let attachFlags = MapiPropertyName.tag(0x3714)
  /// PR_ATTACHMENT_HIDDEN.
  public static let attachmentHidden = MapiPropertyName.tag(0x7FFE)
  /// PR_ATTACH_SIZE.
  public static let attachSize = MapiPropertyName.tag(0x0E20)

  // Folders and stores.
  /// PR_CONTAINER_CLASS (`IPF.Note`, `IPF.Appointment`, …).
  public static let containerClass = MapiPropertyName.tag(0x3613)
  /// PR_CONTENT_COUNT.
  public static let contentCount = MapiPropertyName.tag(0x3602)
  /// PR_CONTENT_UNREAD.
  public static let contentUnread = MapiPropertyName.tag(0x3603)
  /// PR_SUBFOLDERS.
  public static let hasSubfolders = MapiPropertyName.tag(0x360A)
  /// PR_IPM_SUBTREE_ENTRYID (top of the personal folders).
  public static let ipmSubtreeEntryID = MapiPropertyName.tag(0x35E0)
  /// PR_IPM_OUTBOX_ENTRYID.
  public static let outboxEntryID = MapiPropertyName.tag(0x35E2)
  /// PR_IPM_WASTEBASKET_ENTRYID (Deleted Items).
  public static let wastebasketEntryID = MapiPropertyName.tag(0x35E3)
  /// PR_IPM_SENTMAIL_ENTRYID (Sent Items).
  public static let sentMailEntryID = MapiPropertyName.tag(0x35E4)
  /// PR_FINDER_ENTRYID (search root).
  public static let finderEntryID = MapiPropertyName.tag(0x35E7)
  /// PR_ENTRYID.
  public static let entryID = MapiPropertyName.tag(0x0FFF)

  // Named properties.
  /// PidNameKeywords: the categories (PS_PUBLIC_STRINGS "Keywords", a multi-value string).
  public static let keywords = MapiPropertyName.named(.psPublicStrings, "Keywords")
  /// PidLidFlagRequest (PSETID_Common 0x8530): the follow-up text.
  public static let flagRequest = MapiPropertyName.numbered(.common, 0x8530)
}
