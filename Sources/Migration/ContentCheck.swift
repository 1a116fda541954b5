import Formatters
import MailModel

/// `verify`'s content comparison for messages rebuilt from a source that holds no original bytes
/// (Outlook items): the bundle's message, parsed as a MIME reader sees it, must carry the item's
/// subject (when the headers were made from it), its plain-text body, every by-value attachment's
/// bytes (by SHA-256) and each embedded message.
enum ContentCheck {
  /// The differences between `expected` and the message `bytes`, one sentence each.
  static func differences(_ expected: ExpectedContent, in bytes: [UInt8]) -> [String] {
    var found: [String] = []
    let structure = MimeStructure(bytes: bytes)
    if let subject = expected.subject {
      let header = HeaderSection.value(of: "Subject", in: bytes).map(EncodedWords.decode) ?? ""
      if normalizedLine(header) != normalizedLine(subject) {
        found.append("the subject is \"\(header)\", the item's is \"\(subject)\"")
      }
    }
    // Parts of the message itself, not of the messages embedded in it.
    let own = structure.parts.indices.filter { !isInsideEmbeddedMessage($0, structure) }
    if let text = expected.text, !normalizedText(text).isEmpty {
      let wanted = normalizedText(text)
      let texts = own.filter { structure.parts[$0].contentType == "text/plain" }
        .map { normalizedText(structure.text($0)) }
      if !texts.contains(wanted) {
        found.append("no text/plain part holds the item's text body")
      }
    }
    var digests: [String: Int] = [:]
    for index in own where !structure.parts[index].isMultipart {
      digests[SHA256.hash(structure.decodedBody(index)).hex, default: 0] += 1
    }
    for (position, digest) in expected.attachmentDigests.enumerated() {
      if let count = digests[digest], count > 0 {
        digests[digest] = count - 1
      } else {
        found.append("attachment \(position + 1) of the item is not in the message")
      }
    }
    let embedded = own.filter { structure.parts[$0].contentType == "message/rfc822" }.count
    if embedded < expected.embeddedMessages {
      found.append(
        "\(expected.embeddedMessages) embedded message(s) in the item, \(embedded) in the message")
    }
    return found
  }

  /// Whether the part at `index` lies inside a `message/rfc822` part.
  static func isInsideEmbeddedMessage(_ index: Int, _ structure: MimeStructure) -> Bool {
    var current = structure.parts[index].parent
    while let parent = current {
      if structure.parts[parent].contentType == "message/rfc822" { return true }
      current = structure.parts[parent].parent
    }
    return false
  }

  /// A header value with runs of white space made one space, trimmed.
  static func normalizedLine(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline }).joined(separator: " ")
  }

  /// Text with line ends made LF, white space at line ends and empty lines at the end dropped
  /// (the line end before a MIME boundary belongs to the boundary).
  static func normalizedText(_ text: String) -> String {
    var lines = text.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\r", with: "\n").split(
        separator: "\n", omittingEmptySubsequences: false
      )
      .map { line in
        var trimmed = Substring(line)
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed
      }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines.joined(separator: "\n")
  }
}
