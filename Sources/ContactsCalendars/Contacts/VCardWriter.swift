import Foundation
import MailModel

/// Writes contacts as vCard 3.0 (for Zimbra bundles): CRLF, lines folded at 75 octets on UTF-8
/// character boundaries, text escaped (`\\`, `\,`, `\;`, `\n`). Anniversary, IM addresses and maiden
/// name use the `X-ZIMBRA-*` properties Zimbra's vCard import reads. Other fields without a vCard
/// property are written as `X-ZMIGRATE-FIELD;NAME=<field>:<value>`, which `VCardReader` maps back but
/// Zimbra keeps only as hidden vCard extras (see `fieldsZimbraVCardImportDrops`).
public struct VCardWriter: Sendable {
  /// Creates a writer; it has no settings.
  public init() {}

  /// All contacts, one card each.
  public func write(_ contacts: [Contact]) -> Data {
    var out = ""
    for c in contacts { out += card(c) }
    return Data(out.utf8)
  }

  /// One card as a string with CRLF line ends.
  public func card(_ contact: Contact) -> String {
    lines(contact).lines.map { Self.fold($0) }.joined()
  }

  /// What of a contact Zimbra's vCard import (`VCard.parseVCard`) does not turn into contact fields:
  /// the names of fields written as `X-ZMIGRATE-FIELD`, and `tags` when there are tags (it ignores
  /// `CATEGORIES`). Carrying contacts as zimbra-csv instead keeps them.
  public static func fieldsZimbraVCardImportDrops(_ contact: Contact) -> [String] {
    VCardWriter().lines(contact).extra + (contact.tags.isEmpty ? [] : ["tags"])
  }

  /// The unfolded lines of a card, and the fields written as `X-ZMIGRATE-FIELD`.
  private func lines(_ contact: Contact) -> (lines: [String], extra: [String]) {
    var lines: [String] = ["BEGIN:VCARD", "VERSION:3.0"]
    var used = Set<String>()
    func take(_ name: String) -> String {
      used.insert(name)
      return contact[name] ?? ""
    }
    func esc(_ s: String) -> String { Self.escape(s) }

    let nameParts = ["lastName", "firstName", "middleName", "namePrefix", "nameSuffix"].map {
      esc(take($0))
    }
    lines.append("N:" + nameParts.joined(separator: ";"))
    var fn = take("fullName")
    if fn.isEmpty {
      fn = [
        contact["namePrefix"], contact["firstName"], contact["middleName"], contact["lastName"],
        contact["nameSuffix"],
      ]
      .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
    if fn.isEmpty { fn = contact["company"] ?? contact["email"] ?? "" }
    lines.append("FN:" + esc(fn))
    if let v = contact["nickname"] {
      used.insert("nickname")
      lines.append("NICKNAME:" + esc(v))
    }
    if contact["company"] != nil || contact["department"] != nil {
      let org =
        esc(take("company")) + (contact["department"] != nil ? ";" + esc(take("department")) : "")
      lines.append("ORG:" + org)
    }
    if let v = contact["jobTitle"] {
      used.insert("jobTitle")
      lines.append("TITLE:" + esc(v))
    }

    for name in contact.fieldNames {
      if name == "email" || (name.hasPrefix("email") && Int(name.dropFirst(5)) != nil),
        let value = contact[name]
      {
        used.insert(name)
        lines.append("EMAIL;TYPE=INTERNET:" + esc(value))
      }
    }
    let phoneTypes: [(String, String)] = [
      ("workPhone", "WORK,VOICE"), ("homePhone", "HOME,VOICE"), ("mobilePhone", "CELL"),
      ("pager", "PAGER"),
      ("workFax", "WORK,FAX"), ("homeFax", "HOME,FAX"), ("otherFax", "FAX"), ("carPhone", "CAR"),
      ("otherPhone", "VOICE"),
    ]
    for (name, value) in contact.fields {
      for (base, type) in phoneTypes
      where name == base || (name.hasPrefix(base) && Int(name.dropFirst(base.count)) != nil) {
        used.insert(name)
        lines.append("TEL;TYPE=\(type):" + esc(value))
      }
    }
    for (prefix, type) in [("work", "WORK"), ("home", "HOME"), ("other", "")] {
      let keys = ["Street", "City", "State", "PostalCode", "Country"].map { prefix + $0 }
      guard keys.contains(where: { contact[$0] != nil }) else { continue }
      let p = keys.map { esc(take($0)) }
      let adr = ";;" + p.joined(separator: ";")
      lines.append((type.isEmpty ? "ADR" : "ADR;TYPE=\(type)") + ":" + adr)
    }
    // The other URL is typed too: an untyped URL reads as the home one (as Zimbra reads it).
    for (name, type) in [("workURL", "WORK"), ("homeURL", "HOME"), ("otherURL", "OTHER")] {
      if let v = contact[name] {
        used.insert(name)
        lines.append("URL;TYPE=\(type):" + esc(v))
      }
    }
    if let v = contact["birthday"] {
      used.insert("birthday")
      lines.append("BDAY;VALUE=date:" + esc(v))
    }
    if let v = contact["anniversary"] {
      used.insert("anniversary")
      lines.append("X-ZIMBRA-ANNIVERSARY:" + esc(v))
    }
    if let v = contact["maidenName"] {
      used.insert("maidenName")
      lines.append("X-ZIMBRA-MAIDENNAME:" + esc(v))
    }
    let imFields = contact.fields.compactMap { field in
      field.name.hasPrefix("imAddress")
        ? Int(field.name.dropFirst(9)).map { (field, number: $0) } : nil
    }
    .sorted { $0.number < $1.number }
    for (index, (field, _)) in imFields.enumerated() {
      used.insert(field.name)
      lines.append("X-ZIMBRA-IMADDRESS\(index + 1):" + esc(field.value))
    }
    if let v = contact["notes"] {
      used.insert("notes")
      lines.append("NOTE:" + esc(v))
    }
    if let photo = contact.photo {
      lines.append("PHOTO;ENCODING=b;TYPE=\(photo.type):" + photo.base64)
    }
    if !contact.tags.isEmpty {
      lines.append("CATEGORIES:" + contact.tags.map(esc).joined(separator: ","))
    }
    var extra: [String] = []
    for (name, value) in contact.fields where !used.contains(name) {
      extra.append(name)
      let safeName =
        name.contains(where: { $0 == "\"" || $0 < " " })
        ? name.filter { $0 != "\"" && $0 >= " " } : name
      lines.append("X-ZMIGRATE-FIELD;NAME=\"\(safeName)\":" + esc(value))
    }
    lines.append("END:VCARD")
    return (lines, extra)
  }

  /// 3.0 text escaping.
  public static func escape(_ s: String) -> String {
    // By Unicode scalar: a `,` or `;` followed by a combining mark is one Character.
    var out = String.UnicodeScalarView()
    var previousCR = false
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\\", ",", ";":
        out.append("\\")
        out.append(scalar)
      case "\r": out.append(contentsOf: "\\n".unicodeScalars)
      case "\n": if !previousCR { out.append(contentsOf: "\\n".unicodeScalars) }
      default: out.append(scalar)
      }
      previousCR = scalar == "\r"
    }
    return String(out)
  }

  /// Folds one content line at 75 octets (continuation lines start with a space) and adds CRLF.
  static func fold(_ line: String) -> String {
    var out = ""
    var lineOctets = 0
    for c in line {
      let n = String(c).utf8.count
      if lineOctets + n > 75 {
        out += "\r\n "
        lineOctets = 1
      }
      out.append(c)
      lineOctets += n
    }
    return out + "\r\n"
  }
}
