/// One entity of a message's MIME tree, located by byte ranges in the message (bodies are not
/// copied).
public struct MimePart: Sendable, Equatable {
  /// The IMAP BODYSTRUCTURE number Zimbra's `part=` uses: `1`, `2.1`, ...; a multipart that is a
  /// message's body is `TEXT` (`2.TEXT` inside a message/rfc822 part `2`), as in Zimbra.
  public var number: String
  /// The entity's header section (empty when it has none), without the blank line after it.
  public var headerRange: Range<Int>
  /// The entity's body, still transfer-encoded; for a multipart, preamble to epilogue.
  public var bodyRange: Range<Int>
  /// The lower-case MIME type (`text/plain` when absent or unreadable; `message/rfc822` inside a
  /// multipart/digest).
  public var contentType: String
  /// The Content-Type parameters by lower-case name (`charset`, `boundary`, `name`), decoded.
  public var parameters: [String: String]
  /// The lower-case Content-Transfer-Encoding, empty when absent (7bit).
  public var transferEncoding: String
  /// The lower-case Content-Disposition value (`inline`, `attachment`), empty when absent.
  public var disposition: String
  /// The file name: Content-Disposition `filename`, else Content-Type `name` (RFC 2231 and
  /// RFC 2047 decoded); nil when the part has neither.
  public var fileName: String?
  /// The Content-ID without its angle brackets, nil when absent.
  public var contentID: String?
  /// The index in `MimeStructure.parts` of the enclosing entity; nil for the message itself.
  public var parent: Int?
  /// The indexes in `MimeStructure.parts` of the entities inside this one, in order.
  public var children: [Int]
  /// The 1-based position among the parent multipart's parts; 0 for a message entity.
  public var position: Int
  /// Whether this entity is a whole message: the top one, or the one inside a message/rfc822 part.
  public var isMessage: Bool
  /// How many entities enclose this one (0 for the message itself).
  public var depth: Int

  /// Whether the part is a multipart (its parts are its children).
  public var isMultipart: Bool { contentType.hasPrefix("multipart/") }
  /// The declared charset parameter, if any.
  public var charset: String? { parameters["charset"] }
}
