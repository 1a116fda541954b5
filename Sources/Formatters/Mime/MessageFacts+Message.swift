import MailModel

/// Building `MessageFacts` from a message's bytes and metadata.
extension MessageFacts {
  /// The facts of `message`: its metadata, its decoded address and subject headers, its body
  /// text (only with `includeBody`; decoding bodies is most of the work, so leave it out when the
  /// query does not need it) and its attachments and part types.
  public init(message: Message, includeBody: Bool = true) {
    self.init(
      message: message, structure: MimeStructure(bytes: message.bytes), includeBody: includeBody)
  }

  /// The same from an already parsed structure of `message.bytes`.
  public init(message: Message, structure: MimeStructure, includeBody: Bool = true) {
    let headers = TopHeaders(structure)
    let from = (headers.from.isEmpty ? headers.sender : headers.from).map(\.description)
    let to = headers.to.map(\.description)
    let cc = headers.cc.map(\.description)
    let attachments = structure.attachmentParts().map { index in
      let part = structure.parts[index]
      return Attachment(
        part: part.number, fileName: part.fileName ?? "", contentType: part.contentType)
    }
    self.init(
      folder: message.folder, flags: message.flags, tags: message.keywords,
      receivedDate: message.internalDate, size: message.bytes.count, from: from, to: to, cc: cc,
      subject: headers.subject, messageID: headers.messageID,
      headerText: ([headers.subject] + from + to + cc).joined(separator: "\n"),
      bodyText: includeBody ? structure.searchableText() : "",
      attachments: attachments, contentTypes: structure.leaves.map(\.contentType))
  }
}

extension HeaderField {
  /// The unfolded value as text: `value(in:)`, except that raw 8-bit bytes that are not UTF-8
  /// are read as Windows-1252 rather than Latin-1 (as `TransferDecoding.text` reads bodies), so
  /// `€` and curly quotes in an unlabelled header survive.
  func text(in header: [UInt8]) -> String {
    let value = value(in: header)
    let scalars = value.unicodeScalars
    guard scalars.contains(where: { (0x80...0x9F).contains($0.value) }),
      scalars.allSatisfy({ $0.value <= 0xFF })
    else { return value }
    return TransferDecoding.text(scalars.map { UInt8($0.value) }, charset: "windows-1252")
  }
}

/// The decoded top-level header fields the facts use.
struct TopHeaders {
  var from: [Mailbox] = []
  var sender: [Mailbox] = []
  var to: [Mailbox] = []
  var cc: [Mailbox] = []
  var subject = ""
  var messageID = ""

  init(_ structure: MimeStructure) {
    guard let top = structure.parts.first else { return }
    let header = Array(structure.bytes[top.headerRange])
    var subject: String?
    var messageID: String?
    for field in HeaderSection.fields(of: header) {
      switch field.name.lowercased() {
      case "from": from += AddressList.parse(field.text(in: header))
      case "sender": sender += AddressList.parse(field.text(in: header))
      case "to": to += AddressList.parse(field.text(in: header))
      case "cc": cc += AddressList.parse(field.text(in: header))
      case "subject" where subject == nil: subject = field.text(in: header)
      case "message-id" where messageID == nil: messageID = field.text(in: header)
      default: break
      }
    }
    self.subject = EncodedWords.decode(subject ?? "")
    self.messageID = MimeStructure.unbracketed(messageID ?? "")
  }
}

extension MimeStructure {
  /// The text a content search looks in: the text of the body parts (Zimbra's choice, plain text
  /// preferred), then of the text attachments, then, for each attached message, the same again;
  /// parts joined by a line break.
  public func searchableText() -> String {
    var texts: [String] = []
    var seen = Set<Int>()
    var entities = [0]
    var next = 0
    while next < entities.count {
      let entity = entities[next]
      next += 1
      for index in bodyParts(of: entity) where isTextType(parts[index].contentType) {
        seen.insert(index)
        texts.append(text(index))
      }
      let bodies = Set(bodyParts(of: entity, preferHTML: true))
      for index in descendants(of: entity) where seen.insert(index).inserted {
        let part = parts[index]
        if part.isMessage && index != entity {
          entities.append(index)
        } else if isTextType(part.contentType), isAttachment(index, bodies: bodies) {
          texts.append(text(index))
        }
      }
    }
    return texts.filter { !$0.isEmpty }.joined(separator: "\n")
  }

  /// The text body of the message as Zimbra previews it: the `MessageFragment` of its body parts.
  public func fragment() -> String {
    let hasCalendar = parts.contains { $0.contentType == "text/calendar" }
    let body = bodyParts().filter { isTextType(parts[$0].contentType) }.map { text($0) }
      .joined(separator: "\n")
    return MessageFragment.make(from: body, calendar: hasCalendar)
  }

  /// Whether a part of this type holds text worth searching (every `text/` type but calendars,
  /// whose text belongs to the calendar formatters).
  private func isTextType(_ type: String) -> Bool {
    type.hasPrefix("text/") && type != "text/calendar"
  }

  /// The indexes inside `entity`, in order, not descending into attached messages.
  private func descendants(of entity: Int) -> [Int] {
    var result: [Int] = []
    var stack = Array(parts[entity].children.reversed())
    while let index = stack.popLast() {
      result.append(index)
      if !parts[index].isMessage { stack += parts[index].children.reversed() }
    }
    return result
  }
}
