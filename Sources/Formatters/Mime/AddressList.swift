/// One mailbox of an address header: its display name (RFC 2047 decoded) and its address.
public struct Mailbox: Sendable, Equatable, CustomStringConvertible {
  /// The display name, decoded; empty when there is none.
  public var name: String
  /// The address (`user@host`), as written; may be empty for a bare name.
  public var address: String

  /// Creates a mailbox from a name and an address.
  public init(name: String, address: String) {
    self.name = name
    self.address = address
  }

  /// `Name <user@host>`, or the address alone when there is no name (the name alone when there
  /// is no address).
  public var description: String {
    if name.isEmpty { return address }
    if address.isEmpty { return name }
    return "\(name) <\(address)>"
  }
}

/// Splits address headers (`From`, `To`, `Cc`; RFC 5322 §3.4) into mailboxes, leniently: quoted
/// strings and comments may hold commas, groups (`Team: a@x, b@y;`) give their members, and a
/// comment after a bare address (`user@host (Name)`) is taken as the name, as JavaMail does.
public enum AddressList {
  /// The mailboxes of an unfolded header value, in order.
  public static func parse(_ value: String) -> [Mailbox] {
    var mailboxes: [Mailbox] = []
    var phrase = ""  // words outside <>: a display name, or a bare address
    var comment = ""
    var address: String?
    var sawQuoted = false
    var characters = Array(value)[...]

    func finish() {
      let words = phrase.trimmingWhitespaceAndCollapsing()
      var name = ""
      var addr = ""
      if let address {
        addr = address.trimmingBlanksAndComments().replacingBlanks()
        name = words
      } else if !words.isEmpty {
        let parts = words.split(separator: " ")
        if !sawQuoted, parts.count > 1, parts.allSatisfy({ $0.contains("@") }) {
          // Addresses separated by blanks instead of commas: one mailbox each.
          for part in parts.dropLast() {
            mailboxes.append(Mailbox(name: "", address: String(part)))
          }
          addr = String(parts[parts.count - 1])
          name = comment.trimmingWhitespaceAndCollapsing()
        } else if !sawQuoted, parts.count == 1 || parts.last?.contains("@") == true {
          // A bare address, or `Name user@host` without brackets.
          addr = String(parts[parts.count - 1])
          name = parts.dropLast().joined(separator: " ")
          if name.isEmpty { name = comment.trimmingWhitespaceAndCollapsing() }
        } else {
          name = words
        }
      }
      if name.isEmpty, address != nil { name = comment.trimmingWhitespaceAndCollapsing() }
      name = EncodedWords.decode(name)
      if !name.isEmpty || !addr.isEmpty { mailboxes.append(Mailbox(name: name, address: addr)) }
      phrase = ""
      comment = ""
      address = nil
      sawQuoted = false
    }

    while let character = characters.popFirst() {
      switch character {
      case "\"":
        sawQuoted = true
        while let inner = characters.popFirst(), inner != "\"" {
          if inner == "\\", let escaped = characters.popFirst() {
            phrase.append(escaped)
          } else {
            phrase.append(inner)
          }
        }
      case "(":
        var depth = 1
        var text = ""
        while depth > 0, let inner = characters.popFirst() {
          if inner == "\\", let escaped = characters.popFirst() {
            text.append(escaped)
            continue
          }
          if inner == "(" { depth += 1 }
          if inner == ")" { depth -= 1 }
          if depth > 0 { text.append(inner) }
        }
        if !comment.isEmpty { comment.append(" ") }
        comment += text
        phrase.append(" ")
      case "<":
        var inner = ""
        while let next = characters.popFirst(), next != ">" { inner.append(next) }
        // A source route (`<@a,@b:user@host>`) keeps only the address.
        if let colon = inner.lastIndex(of: ":"), inner.hasPrefix("@") {
          inner = String(inner[inner.index(after: colon)...])
        }
        address = inner
      case ":":
        // A group's name: drop it; its members follow.
        if address == nil {
          phrase = ""
          comment = ""
          sawQuoted = false
        } else {
          phrase.append(character)
        }
      case ",", ";":
        finish()
      default:
        phrase.append(character)
      }
    }
    finish()
    return mailboxes
  }
}

extension String {
  /// Trimmed, with every run of blanks and line breaks inside made one space.
  fileprivate func trimmingWhitespaceAndCollapsing() -> String {
    split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
      .joined(separator: " ")
  }

  /// Without blanks (an address has none).
  fileprivate func replacingBlanks() -> String { filter { $0 != " " && $0 != "\t" } }
}
