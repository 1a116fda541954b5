/// Zimbra's choice of a message's body parts and attachments (its `Mime.getBody` and
/// `isFilterableAttachment` rules), over a parsed `MimeStructure`.
extension MimeStructure {
  /// The indexes of the parts that make the body of the message entity at `entity` (0 for the
  /// message itself), in part order: in a multipart/alternative the `text/plain` part (or
  /// `text/html` with `preferHTML`), else the other text type; in multipart/mixed every inline
  /// leaf; in multipart/related the `start` part or the first text part; in multipart/report the
  /// text parts and `text/rfc822-headers`; in signed/encrypted/digest the first part. Parts marked
  /// `Content-Disposition: attachment` and message/rfc822 parts are never bodies.
  public func bodyParts(of entity: Int = 0, preferHTML: Bool = false) -> [Int] {
    guard parts.indices.contains(entity) else { return [] }
    let top = parts[entity]
    if !top.isMultipart {
      return top.disposition == "attachment" ? [] : [entity]
    }
    return bodySubparts(entity, preferHTML: preferHTML) ?? []
  }

  /// Whether the part at `index` is an attachment as Zimbra's search sees it (what
  /// `has:attachment`, `attachment:` and `filename:` look at): a part that is not a multipart, not
  /// the message's own text, not a body text (`bodies`, chosen with `preferHTML`), not an
  /// alternative text, and not a machine-readable report section.
  public func isAttachment(_ index: Int, bodies: Set<Int>) -> Bool {
    guard parts.indices.contains(index) else { return false }
    let part = parts[index]
    if part.isMultipart { return false }
    if part.contentType.hasPrefix("text/") {
      // A message's own text: the top one, or the one of a message/rfc822 part. (Zimbra means
      // the second case too but its check never matches; we apply it.)
      guard let parentIndex = part.parent, !part.isMessage else { return false }
      if bodies.contains(index) { return false }
      let parent = parts[parentIndex]
      if parent.contentType == "multipart/alternative" { return false }
      if part.position == 1, parent.isMultipart {
        if parent.parent == nil || parent.isMessage { return false }
      }
    }
    switch part.contentType {
    case "xml/x-zimbra-share", "xml/x-zimbra-dl-subscription", "message/disposition-notification",
      "message/delivery-status":
      return false
    default:
      return true
    }
  }

  /// The indexes of the attachments (see `isAttachment`), in part order.
  public func attachmentParts() -> [Int] {
    let bodies = Set(bodyParts(preferHTML: true))
    return parts.indices.filter { isAttachment($0, bodies: bodies) }
  }

  // MARK: - Zimbra's body rules

  private static let knownMultiparts: Set<String> = [
    "multipart/alternative", "multipart/digest", "multipart/mixed", "multipart/report",
    "multipart/related", "multipart/signed", "multipart/encrypted",
  ]

  private func isMessagePart(_ part: MimePart) -> Bool {
    part.contentType == "message/rfc822" || part.contentType == "message/global"
  }

  private func bodySubparts(_ index: Int, preferHTML: Bool) -> [Int]? {
    let base = parts[index]
    guard !base.children.isEmpty, !isMessagePart(base) else { return nil }
    let children: [Int]
    switch base.contentType {
    case "multipart/alternative":
      return alternativeBody(base.children, preferHTML: preferHTML)
    case "multipart/related":
      return relatedBody(base.children, start: base.parameters["start"], preferHTML: preferHTML)
    case "multipart/report":
      return reportBody(base.children, preferHTML: preferHTML)
    case let type where type == "multipart/mixed" || !Self.knownMultiparts.contains(type):
      children = base.children
    default:
      children = Array(base.children.prefix(1))
    }
    var bodies: [Int]?
    for child in children {
      let part = parts[child]
      if part.isMultipart {
        if let found = bodySubparts(child, preferHTML: preferHTML) {
          bodies = (bodies ?? []) + found
        }
      } else if part.disposition != "attachment", !isMessagePart(part),
        part.contentID == nil || part.contentType.hasPrefix("text/")
      {
        bodies = (bodies ?? []) + [child]
      }
    }
    return bodies
  }

  private func wantedTypes(preferHTML: Bool) -> (want: String, alternates: Set<String>) {
    preferHTML
      ? ("text/html", ["text/enriched", "text/plain"])
      : ("text/plain", ["text/enriched", "text/html"])
  }

  private func alternativeBody(_ children: [Int], preferHTML: Bool) -> [Int]? {
    let (want, alternates) = wantedTypes(preferHTML: preferHTML)
    var alternative: Int?
    for child in children {
      let part = parts[child]
      let isAttachment = part.disposition == "attachment"
      if !isAttachment && part.contentType == want { return [child] }
      if !isAttachment && alternates.contains(part.contentType) {
        if alternative.map({ parts[$0].contentType != part.contentType }) ?? true {
          alternative = child
        }
      } else if part.isMultipart, let body = bodySubparts(child, preferHTML: preferHTML) {
        return body
      }
    }
    return alternative.map { [$0] }
  }

  private func relatedBody(_ children: [Int], start: String?, preferHTML: Bool) -> [Int]? {
    if let start {
      let wanted = Self.unbracketed(start)
      for child in children where parts[child].contentID == wanted {
        return parts[child].isMultipart ? bodySubparts(child, preferHTML: preferHTML) : [child]
      }
    }
    var first: Int?
    for child in children {
      let part = parts[child]
      if part.contentType.hasPrefix("text/") { return [child] }
      if part.isMultipart { return bodySubparts(child, preferHTML: preferHTML) }
      if first == nil { first = child }
    }
    return first.map { [$0] }
  }

  private func reportBody(_ children: [Int], preferHTML: Bool) -> [Int]? {
    let (want, alternates) = wantedTypes(preferHTML: preferHTML)
    var wanted: [Int] = []
    var others: [Int] = []
    var headers: [Int] = []
    for child in children {
      let part = parts[child]
      let isAttachment = part.disposition == "attachment"
      if !isAttachment && part.contentType == want {
        wanted.append(child)
      } else if !isAttachment && alternates.contains(part.contentType) {
        others.append(child)
      } else if !isAttachment && part.contentType == "text/rfc822-headers" {
        headers.append(child)
      } else if part.isMultipart, let body = bodySubparts(child, preferHTML: preferHTML) {
        wanted += body
      }
    }
    let chosen = (wanted.isEmpty ? others : wanted) + headers
    return chosen.isEmpty ? nil : chosen.sorted()
  }
}
