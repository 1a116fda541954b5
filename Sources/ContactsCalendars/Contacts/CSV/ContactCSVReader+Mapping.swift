import Foundation
import MailModel

extension ContactCSVReader {
  /// One non-empty cell of a record: its column name, value, how many earlier columns have the same
  /// name, and the Zimbra targets of its column (nil when the dialect has none).
  struct Cell {
    var name: String
    var value: String
    var occurrence: Int
    var targets: String?
  }

  func map(
    _ row: [Cell], dialect: Dialect, dateOrder: ContactCSVSyntax.DateOrder,
    into contact: inout Contact,
    location: SourceLocation, result: inout ContactReadResult
  ) {
    func unmapped(_ name: String) { result.unmappedProperties[name, default: 0] += 1 }
    func append(_ field: String, _ value: String, separator: String = "\n") {
      if let old = contact[field] {
        contact[field] = old + separator + value
      } else {
        contact[field] = value
      }
    }
    func date(_ field: String, _ raw: String) {
      switch ContactCSVSyntax.parseDate(raw, order: dateOrder) {
      case .none: break
      case .some((let value, let ambiguous)):
        contact[field] = value
        if ambiguous {
          result.diagnostics.append(
            Diagnostic(
              .warning, code: "date-ambiguous",
              "\(field) '\(raw)' read as month/day/year", at: location))
        }
      }
    }
    if dialect == .zimbra {
      for cell in row {
        let (name, value) = (cell.name, cell.value)
        if name == "__tag" {
          for t in ContactCSVSyntax.decodeTags(value) { contact.addTag(t) }
        } else if contact[name] == nil,
          !contact.fieldNames.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame })
        {
          contact[name] = value
        }
      }
      return
    }
    var birth: (y: String?, m: String?, d: String?) = (nil, nil, nil)
    var singleName: (column: String, value: String)?
    for cell in row {
      let (name, value) = (cell.name, cell.value)
      guard let targets = cell.targets else {
        // Google's numbered groups are mapped below.
        if dialect == .google, ContactCSVSyntax.googleColumn(name) != nil { continue }
        unmapped(name)
        continue
      }
      let choices = targets.split(separator: "|")
      guard cell.occurrence < choices.count else {
        unmapped(name)
        continue
      }
      let target = String(choices[cell.occurrence])
      switch target {
      case ContactCSVMaps.noField: unmapped(name)
      case "@tags":
        let sep: Character = dialect == .outlook || dialect == .outlookUnknown ? ";" : ","
        for t in value.split(separator: sep) { contact.addTag(String(t)) }
      case "@groups":
        for t in value.components(separatedBy: " ::: ") where !t.hasPrefix("* ") {
          contact.addTag(t)
        }
      case "@birthYear": birth.y = value
      case "@birthMonth": birth.m = value
      case "@birthDay": birth.d = value
      case "@name": singleName = (name, value)
      case "birthday", "anniversary": date(target, value)
      case let t where t.hasPrefix("email"):
        contact.addNumbered("email", value: value.contactsTrimmed())
      case let t where t.hasSuffix("Street"):
        append(t, value)
      case "notes":
        append("notes", value)
      case let t where t.hasPrefix("@im:"):
        contact.addIMAddress(value, service: String(t.dropFirst(4)))
      default:
        if contact[target] == nil {
          contact[target] = value
        } else {
          contact.addNumbered(target, value: value)
        }
      }
    }
    if dialect == .google { mapGoogleNumbered(row, into: &contact, unmapped: unmapped) }
    if let (column, value) = singleName {
      // Zimbra's `name` column type: split only when the record has no separate name parts;
      // otherwise keep the whole name as the display name rather than drop it.
      if contact["firstName"] == nil, contact["middleName"] == nil, contact["lastName"] == nil {
        let parts = ContactCSVSyntax.splitName(value)
        contact["firstName"] = parts.first
        contact["middleName"] = parts.middle
        contact["lastName"] = parts.last
      } else if contact["fullName"] == nil {
        contact["fullName"] = value.contactsTrimmed()
      } else {
        unmapped(column)
      }
    }
    if let y = birth.y, let m = birth.m, let d = birth.d, let yi = Int(y), let mi = Int(m),
      let di = Int(d),
      (1...12).contains(mi), (1...31).contains(di)
    {
      contact["birthday"] = String(format: "%04d-%02d-%02d", yi, mi, di)
    } else if birth.y != nil || birth.m != nil || birth.d != nil {
      result.diagnostics.append(
        Diagnostic(
          .warning, code: "date-unparsed", "incomplete Birth Year/Month/Day not kept", at: location)
      )
    }
  }

  /// Google's numbered column groups: `E-mail 1 - Value`, `Phone 2 - Type`, `Address 1 - City`, `Website 1 - Value`.
  private func mapGoogleNumbered(
    _ row: [Cell], into contact: inout Contact, unmapped: (String) -> Void
  ) {
    var groups: [String: [Int: [String: String]]] = [:]
    for cell in row {
      let (name, value) = (cell.name, cell.value)
      guard ContactCSVMaps.columns[.google]?[name] == nil,
        let (kind, index, part) = ContactCSVSyntax.googleColumn(name)
      else { continue }
      groups[kind, default: [:]][index, default: [:]][part] = value
    }
    func type(_ g: [String: String]) -> String {
      (g["Type"] ?? g["Label"] ?? "").replacingOccurrences(of: "* ", with: "").lowercased()
    }
    for (_, g) in (groups["E-mail"] ?? [:]).sorted(by: { $0.key < $1.key }) {
      for v in (g["Value"] ?? "").components(separatedBy: " ::: ") {
        contact.addNumbered("email", value: v.contactsTrimmed())
      }
    }
    for (_, g) in (groups["Phone"] ?? [:]).sorted(by: { $0.key < $1.key }) {
      let t = type(g)
      let base: String
      switch t {
      case "work": base = "workPhone"
      case "home": base = "homePhone"
      case "mobile": base = "mobilePhone"
      case "work fax": base = "workFax"
      case "home fax": base = "homeFax"
      case "pager": base = "pager"
      case "main": base = "companyPhone"
      default: base = "otherPhone"
      }
      for v in (g["Value"] ?? "").components(separatedBy: " ::: ") {
        contact.addNumbered(base, value: v.contactsTrimmed())
      }
    }
    for (_, g) in (groups["Website"] ?? [:]).sorted(by: { $0.key < $1.key }) {
      let t = type(g)
      let order =
        t == "work" ? ["workURL", "otherURL", "homeURL"] : ["homeURL", "workURL", "otherURL"]
      if let v = g["Value"], let free = order.first(where: { contact[$0] == nil }) {
        contact[free] = v
      } else if g["Value"] != nil {
        unmapped("Website")
      }
    }
    var used = Set<String>()
    for (_, g) in (groups["Address"] ?? [:]).sorted(by: { $0.key < $1.key }) {
      let t = type(g)
      let prefix = [t == "work" ? "work" : (t == "home" ? "home" : "other"), "other"].first {
        !used.contains($0)
      }
      guard let prefix else {
        unmapped("Address")
        continue
      }
      used.insert(prefix)
      var street = [g["PO Box"], g["Street"], g["Extended Address"]].compactMap { $0 }.filter {
        !$0.isEmpty
      }.joined(separator: "\n")
      if street.isEmpty, let f = g["Formatted"], g["City"] == nil { street = f }
      contact[prefix + "Street"] = street
      contact[prefix + "City"] = g["City"]
      contact[prefix + "State"] = g["Region"]
      contact[prefix + "PostalCode"] = g["Postal Code"]
      contact[prefix + "Country"] = g["Country"]
    }
    for (kind, byIndex) in groups where !["E-mail", "Phone", "Website", "Address"].contains(kind) {
      for _ in byIndex { unmapped(kind) }
    }
  }
}
