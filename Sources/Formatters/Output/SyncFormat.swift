import MailModel
import ZimbraBundle

/// What Zimbra's `fmt=sync` (`SyncFormatter`) answers for a message: its `X-Zimbra-*` item
/// headers, each ending in CRLF, followed directly by the raw message, so that they read as the
/// first header fields of the message.
///
/// The headers, in Zimbra's order: `X-Zimbra-ItemId`, `X-Zimbra-FolderId`, `X-Zimbra-Tags`
/// (tag ids), `X-Zimbra-Tag-Names` (names joined by `,`, with `\` and `,` escaped by `\`),
/// `X-Zimbra-Flags` (Zimbra's flag characters), `X-Zimbra-Received` and `X-Zimbra-Modified`
/// (milliseconds since 1970), `X-Zimbra-Change`, `X-Zimbra-Revision`, `X-Zimbra-Conv`.
///
/// Offline there is no mailbox to hold the values Zimbra takes from it, so: tag ids are empty
/// (tags have no ids here; `X-Zimbra-Tag-Names` carries them); the modified date is the received
/// date; change and revision numbers are the item id (a fresh mailbox that received the messages
/// in this order would number its changes the same way); the conversation is `-<id>`, Zimbra's
/// id for a message alone in its (virtual) conversation. Keywords become tags and flags as in a
/// bundle (`MetaRecord.tags(for:flags:)`).
public enum SyncFormat {
  /// The sync form of `message`: its item headers, then its bytes unchanged.
  ///
  /// `id` is the message's item id, `folderID` its folder's, `receivedDate` seconds since 1970,
  /// `tags` its keywords. `hasAttachment` adds the `a` flag Zimbra sets on messages with
  /// attachments (`MimeStructure.attachmentParts()` is not empty).
  public static func render(
    message bytes: [UInt8], id: Int, folderID: Int, flags: MessageFlags, tags: [String],
    receivedDate: Int64, hasAttachment: Bool = false
  ) -> [UInt8] {
    var flags = flags
    let names = MetaRecord.tags(for: tags, flags: &flags)
    let milliseconds = String(receivedDate * 1000)
    let fields: [(String, String)] = [
      ("X-Zimbra-ItemId", String(id)),
      ("X-Zimbra-FolderId", String(folderID)),
      ("X-Zimbra-Tags", ""),
      ("X-Zimbra-Tag-Names", encodeTagNames(names)),
      ("X-Zimbra-Flags", flagString(flags, hasAttachment: hasAttachment)),
      ("X-Zimbra-Received", milliseconds),
      ("X-Zimbra-Modified", milliseconds),
      ("X-Zimbra-Change", String(id)),
      ("X-Zimbra-Revision", String(id)),
      ("X-Zimbra-Conv", String(-id)),
    ]
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 320)
    for (name, value) in fields {
      out.append(contentsOf: name.utf8)
      out.append(contentsOf: ": ".utf8)
      out.append(contentsOf: value.utf8)
      out.append(contentsOf: [0x0D, 0x0A])
    }
    out.append(contentsOf: bytes)
    return out
  }

  /// Zimbra's flag string (`Flag.toString`): one character per flag in the order Zimbra
  /// declares them: `a` attachment, `r` replied, `w` forwarded, `f` flagged, `d` draft,
  /// `x` deleted, `u` unread. (`s`, sent by me, has no source offline and is never written.)
  public static func flagString(_ flags: MessageFlags, hasAttachment: Bool = false) -> String {
    (hasAttachment ? "a" : "") + MetaRecord.flagString(flags)
  }

  /// Tag names as Zimbra's `TagUtil.encodeTags` joins them: `,` between names, `\` and `,`
  /// inside a name escaped with `\`.
  public static func encodeTagNames(_ names: [String]) -> String {
    names.map { name in
      var escaped = ""
      for scalar in name.unicodeScalars {
        if scalar == "\\" || scalar == "," { escaped.append("\\") }
        escaped.unicodeScalars.append(scalar)
      }
      return escaped
    }.joined(separator: ",")
  }
}
