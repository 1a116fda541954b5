import Foundation
import MailModel
import TextEncodingDetection
import TextFormats

/// Reads vCard 2.1, 3.0 and 4.0 files into Zimbra-named `Contact`s.
///
/// Handles CRLF, LF, CR and CR CR LF (iPhone) line ends, folding (space/tab), quoted-printable soft
/// line breaks, `CHARSET=` (UTF-8, ISO-8859-1, Windows-1252, or any other charset iconv knows),
/// property groups (`item1.EMAIL`), 2.1 bare parameters, and 3.0/4.0 backslash escapes. Vendor properties with a Zimbra field
/// (Thunderbird's `X-CUSTOMn`, Outlook's `X-MS-IMADDRESS`/`X-MS-SPOUSE`…, Evolution's and
/// KAddressBook's, Apple's labelled related names) are mapped; other unmapped properties are counted in
/// `unmappedProperties`. An inline `PHOTO` or Outlook `X-MS-CARDPICTURE` (base64 with or without
/// `ENCODING=b`, or a 4.0 `data:` URI), typed by its magic number, is kept as `Contact.photo`; a
/// linked one, a second one, or one of an unknown type is dropped with a `photo-dropped` diagnostic.
///
/// Values without `CHARSET` that are not UTF-8 (vCard 2.1 from Japanese phones in Shift_JIS, Russian
/// programs in Windows-1251…) are read in the charset the detector finds over all of them, with one
/// `charset-guess` diagnostic, or in `charset` when given; see `CharsetGuess` for what happens to
/// Western European text and to weak guesses.
public struct VCardReader: Sendable {
  /// The charset of values without `CHARSET` that are not UTF-8: detected (the default) or given.
  public var charset: CharsetChoice

  /// Creates a reader; pass a charset to skip charset detection.
  public init(charset: CharsetChoice = .detect) { self.charset = charset }

  /// Reads a file.
  public func read(contentsOf url: URL) throws -> ContactReadResult {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw ContactsCalendarsError(
        "cannot read vCard file: \(error.localizedDescription)",
        at: SourceLocation(file: url.path))
    }
    return try read(data: data, file: url.path)
  }

  /// Reads vCard bytes; `file` names the source in diagnostics. Throws when there is no
  /// `BEGIN:VCARD` at all.
  public func read(data: Data, file: String) throws -> ContactReadResult {
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    let lines = VCardSyntax.logicalLines(bytes)
    var result = ContactReadResult()
    let fallback = try legacyCharset(bytes, lines: lines, file: file, into: &result)
    var card: [VCardProperty]? = nil
    var cardLine = 0
    var sawBegin = false
    for line in lines {
      let loc = SourceLocation(file: file, line: line.number)
      guard let prop = VCardProperty(line.bytes, line: line.number) else {
        result.diagnostics.append(
          Diagnostic(
            .warning, code: "malformed-line",
            "vCard line without a ':' ignored", at: loc))
        continue
      }
      let upperValue = prop.rawValueString.uppercased().contactsTrimmed()
      if prop.name == "BEGIN", upperValue == "VCARD" {
        if card != nil {
          result.diagnostics.append(
            Diagnostic(
              .warning, code: "unterminated-card",
              "BEGIN:VCARD before the previous card's END:VCARD (nested AGENT cards are not supported)",
              at: loc))
          if let props = card {
            convert(
              props, at: SourceLocation(file: file, line: cardLine), fallback: fallback,
              into: &result)
          }
        }
        card = []
        cardLine = line.number
        sawBegin = true
      } else if prop.name == "END", upperValue == "VCARD" {
        if let props = card {
          convert(
            props, at: SourceLocation(file: file, line: cardLine), fallback: fallback, into: &result
          )
        } else {
          result.diagnostics.append(
            Diagnostic(
              .warning, code: "stray-end",
              "END:VCARD without BEGIN:VCARD", at: loc))
        }
        card = nil
      } else if card != nil {
        card?.append(prop)
      } else {
        result.diagnostics.append(
          Diagnostic(
            .warning, code: "outside-card",
            "property \(prop.name) outside BEGIN:VCARD/END:VCARD ignored", at: loc))
      }
    }
    if let props = card {
      result.diagnostics.append(
        Diagnostic(
          .warning, code: "unterminated-card",
          "card has no END:VCARD; read up to the end of the file",
          at: SourceLocation(file: file, line: cardLine)))
      convert(
        props, at: SourceLocation(file: file, line: cardLine), fallback: fallback, into: &result)
    }
    if !sawBegin {
      throw ContactsCalendarsError(
        "not a vCard file: no BEGIN:VCARD", at: SourceLocation(file: file, line: 1))
    }
    return result
  }

  /// The charset for values without `CHARSET` that are not UTF-8: nil when every value is UTF-8 or
  /// the text is Western European (those values keep the Windows-1252 fallback); the given one; or
  /// the detected one, with a `charset-guess` diagnostic. Throws when the guess is weak.
  private func legacyCharset(
    _ bytes: [UInt8], lines: [VCardSyntax.Line], file: String,
    into result: inout ContactReadResult
  ) throws -> Charset? {
    guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
    if case .given(let given) = charset { return given }
    var sample: [UInt8] = []
    var firstLine: Int?
    for line in lines {
      guard let prop = VCardProperty(line.bytes, line: line.number), prop.charset == nil,
        !prop.isBinary
      else { continue }
      let value =
        prop.isQuotedPrintable
        ? QuotedPrintable.decode(prop.rawValue, dropFinalEquals: true) : prop.rawValue
      guard String(validating: value, as: UTF8.self) == nil else { continue }
      if firstLine == nil { firstLine = line.number }
      sample += value + [0x0A]
    }
    guard let firstLine else { return nil }
    let location = SourceLocation(file: file, line: firstLine)
    let guess = CharsetGuess.guess(sample)
    switch guess.verdict {
    case .western:
      return nil
    case .undecided:
      throw UnclearCharsetError("vCard values without CHARSET", guess: guess, at: location)
    case .detected:
      result.diagnostics.append(
        Diagnostic(
          .warning, code: "charset-guess",
          "vCard values without CHARSET are not UTF-8; read as \(guess); "
            + "if names look wrong, give --encoding NAME", at: location))
      return guess.charset
    }
  }

  private func convert(
    _ props: [VCardProperty], at location: SourceLocation, fallback: Charset?,
    into result: inout ContactReadResult
  ) {
    var version = "2.1"
    if let v = props.first(where: { $0.name == "VERSION" }) {
      version = v.rawValueString.contactsTrimmed()
    }
    let modern = version != "2.1"
    var contact = Contact(location: location)
    var pendingAddresses: [(VCardProperty, [String])] = []

    func note(
      _ severity: Diagnostic.Severity, _ code: String, _ message: String, _ prop: VCardProperty
    ) {
      result.diagnostics.append(
        Diagnostic(
          severity, code: code, message,
          at: SourceLocation(file: location.file, line: prop.line)))
    }
    func unmapped(_ prop: VCardProperty) {
      result.unmappedProperties[prop.name, default: 0] += 1
    }
    /// Sets a single-valued field; a different second value (X-SPOUSE and X-MS-SPOUSE disagreeing)
    /// is counted as not imported.
    func setOnce(_ field: String, _ value: String, _ prop: VCardProperty) {
      if contact[field] == nil {
        contact[field] = value
      } else if contact[field] != value, !value.isEmpty {
        unmapped(prop)
      }
    }
    // Apple's labels of grouped properties (`item3.X-ABLabel:_$!<Spouse>!$_` → "spouse").
    var labels: [String: String] = [:]
    for prop in props where prop.name == "X-ABLABEL" {
      if let group = prop.group {
        var label = prop.rawValueString.contactsTrimmed().lowercased()
        if label.hasPrefix("_$!<"), label.hasSuffix(">!$_") {
          label = String(label.dropFirst(4).dropLast(4))
        }
        labels[group] = label
      }
    }

    for prop in props {
      let decoded = prop.decodedValue(fallback: fallback)
      if decoded.usedFallback {
        let expected = prop.charset ?? fallback.map { "UTF-8 or \($0.name)" } ?? "UTF-8"
        note(
          .warning, "charset-fallback",
          "\(prop.name) value is not valid \(expected); decoded as Windows-1252", prop)
      }
      let text = decoded.text
      let types = prop.types
      switch prop.name {
      case "VERSION", "BEGIN", "END":
        break
      case "N":
        let parts = VCardSyntax.split(text, on: ";", modern: modern)
        let names = ["lastName", "firstName", "middleName", "namePrefix", "nameSuffix"]
        for (i, name) in names.enumerated() where i < parts.count {
          let value = parts[i].joined(separator: " ")
          if contact[name] == nil { contact[name] = value }
        }
        if parts.count > 5 { unmapped(prop) }
      case "FN":
        contact["fullName"] = VCardSyntax.unescape(text, modern: modern)
      case "NICKNAME":
        let nick = VCardSyntax.splitList(text, modern: modern).joined(separator: ", ")
        if contact["nickname"] == nil {
          contact["nickname"] = nick
        } else {
          contact.addNumbered("nickname", value: nick)
        }
      case "ORG":
        let parts = VCardSyntax.split(text, on: ";", modern: modern).map {
          $0.joined(separator: ",")
        }
        if parts.count > 0 { contact["company"] = parts[0] }
        if parts.count > 1 {
          contact["department"] = parts[1...].filter { !$0.isEmpty }.joined(separator: ", ")
        }
      case "TITLE":
        contact["jobTitle"] = VCardSyntax.unescape(text, modern: modern)
      case "EMAIL":
        contact.addNumbered(
          "email", value: VCardSyntax.unescape(text, modern: modern).contactsTrimmed())
      case "TEL":
        var value = VCardSyntax.unescape(text, modern: modern).contactsTrimmed()
        if value.lowercased().hasPrefix("tel:") { value = String(value.dropFirst(4)) }
        let base: String
        if types.contains("fax") {
          base =
            types.contains("home")
            ? "homeFax"
            : (types.contains("work")
              ? "workFax" : (types.contains("other") ? "otherFax" : "workFax"))
        } else if types.contains("cell") || types.contains("mobile") {
          base = "mobilePhone"
        } else if types.contains("pager") {
          base = "pager"
        } else if types.contains("car") {
          base = "carPhone"
        } else if types.contains("x-evolution-assistant") || types.contains("assistant") {
          base = "assistantPhone"
        } else if types.contains("x-evolution-callback") || types.contains("callback") {
          base = "callbackPhone"
        } else if types.contains("x-evolution-company") || types.contains("company") {
          base = "companyPhone"
        } else if types.contains("work") {
          base = "workPhone"
        } else if types.contains("home") {
          base = "homePhone"
        } else {
          base = "otherPhone"
        }
        contact.addNumbered(base, value: value)
      case "ADR":
        let parts = VCardSyntax.split(text, on: ";", modern: modern).map {
          $0.joined(separator: ", ")
        }
        pendingAddresses.append((prop, parts))
      case "BDAY", "ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY",
        "X-ZIMBRA-ANNIVERSARY", "X-KADDRESSBOOK-X-ANNIVERSARY":
        let field = prop.name == "BDAY" ? "birthday" : "anniversary"
        let raw = VCardSyntax.unescape(text, modern: modern).contactsTrimmed()
        if let date = VCardSyntax.normalizeDate(raw) {
          contact[field] = date
        } else {
          contact[field] = raw
          note(
            .warning, "date-unparsed", "\(prop.name) value '\(raw)' kept as is: not a full date",
            prop)
        }
      case "NOTE":
        let value = VCardSyntax.unescape(text, modern: modern)
        if let old = contact["notes"] {
          contact["notes"] = old + "\n" + value
        } else {
          contact["notes"] = value
        }
      case "URL":
        let value = VCardSyntax.unescape(text, modern: modern).contactsTrimmed()
        let order: [String]
        if types.contains("work") {
          order = ["workURL", "otherURL", "homeURL"]
        } else if types.contains("home") {
          order = ["homeURL", "otherURL", "workURL"]
        } else if types.contains("other") {
          order = ["otherURL", "homeURL", "workURL"]
        } else {
          order = ["homeURL", "workURL", "otherURL"]
        }
        if let free = order.first(where: { contact[$0] == nil }) {
          contact[free] = value
        } else {
          contact.addNumbered(order[0], value: value)
        }
      case "CATEGORIES":
        for tag in VCardSyntax.splitList(text, modern: modern) { contact.addTag(tag) }
      case "PHOTO", "X-MS-CARDPICTURE":
        // Outlook writes its business-card picture as X-MS-CARDPICTURE; vCard 3.0 writers may leave
        // out ENCODING=b (and TYPE). The image type always comes from the decoded bytes.
        let raw = prop.rawValueString.contactsTrimmed()
        var base64: String?
        if raw.lowercased().hasPrefix("data:") {
          if let comma = raw.firstIndex(of: ","), raw[..<comma].lowercased().hasSuffix(";base64") {
            base64 = String(raw[raw.index(after: comma)...])
          }
        } else if !raw.contains("://") {
          base64 = raw
        }
        let photo = base64.flatMap { ContactPhoto(base64: $0) }
        if contact.photo == nil, let photo {
          contact.photo = photo
        } else {
          let why: String
          if contact.photo != nil {
            why = "a second picture"
          } else if base64 == nil {
            why = raw.contains("://") ? "a link, not an image" : "not a base64 image"
          } else if let b = base64, Data(base64Encoded: b.filter { !$0.isWhitespace }) != nil {
            why = "not an image of a known type (JPEG, PNG, GIF, BMP, WebP, TIFF)"
          } else {
            why = "not a base64 image"
          }
          note(.warning, "photo-dropped", "\(prop.name) dropped: \(why)", prop)
        }
      case "SOUND" where prop.parameters["TYPE"]?.contains("x-irmc-n") == true:
        // Japanese phones: the reading of N (`SOUND;X-IRMC-N:ﾔﾏﾀﾞ;ﾀﾛｳ;;;`), Zimbra's phonetic names.
        let parts = VCardSyntax.split(text, on: ";", modern: modern).map {
          $0.joined(separator: " ")
        }
        if parts.count > 0 { setOnce("phoneticLastName", parts[0], prop) }
        if parts.count > 1 { setOnce("phoneticFirstName", parts[1], prop) }
      case "LOGO":
        note(.warning, "photo-dropped", "LOGO dropped: Zimbra contacts have no logo", prop)
        unmapped(prop)
      case "X-ZIMBRA-MAIDENNAME":
        contact["maidenName"] = VCardSyntax.unescape(text, modern: modern)
      case let name
      where name.hasPrefix("X-ZIMBRA-IMADDRESS") || VCardSyntax.imProperties.contains(name):
        // Zimbra numbers IM addresses from 1 (`imAddress1`), in the order of the properties, as
        // `service://handle`; Apple writes IMPP and X-AIM… for the same handle, kept once.
        let raw = VCardSyntax.unescape(text, modern: modern).contactsTrimmed()
        contact.addIMAddress(
          name.hasPrefix("X-ZIMBRA-")
            ? raw
            : VCardSyntax.zimbraIMAddress(
              property: name, value: raw, service: prop.parameters["X-SERVICE-TYPE"]?.first))
      case let name where VCardSyntax.vendorFields[name] != nil:
        if let field = VCardSyntax.vendorFields[name] {
          setOnce(field, VCardSyntax.unescape(text, modern: modern).contactsTrimmed(), prop)
        }
      case "X-ABRELATEDNAMES", "X-ABDATE":
        // Apple: `item3.X-ABRELATEDNAMES:Jane` with `item3.X-ABLabel:_$!<Spouse>!$_`.
        let label = prop.group.flatMap { labels[$0] } ?? ""
        let value = VCardSyntax.unescape(text, modern: modern).contactsTrimmed()
        if prop.name == "X-ABDATE", label == "anniversary" {
          setOnce("anniversary", VCardSyntax.normalizeDate(value) ?? value, prop)
        } else if prop.name == "X-ABRELATEDNAMES", let field = VCardSyntax.relatedNames[label] {
          setOnce(field, value, prop)
        } else {
          unmapped(prop)
        }
      case "X-ZMIGRATE-FIELD":
        if let name = prop.parameters["NAME"]?.first, !name.isEmpty {
          contact[name] = VCardSyntax.unescape(text, modern: modern)
        } else {
          unmapped(prop)
        }
      default:
        unmapped(prop)
      }
    }
    // Addresses: typed ones first so an untyped one does not take a typed slot.
    var usedPrefixes = Set<String>()
    let ordered =
      pendingAddresses.filter { $0.0.types.contains("work") || $0.0.types.contains("home") }
      + pendingAddresses.filter { !($0.0.types.contains("work") || $0.0.types.contains("home")) }
    for (prop, parts) in ordered {
      let t = prop.types
      var candidates: [String] =
        t.contains("work") ? ["work"] : (t.contains("home") ? ["home"] : [])
      candidates.append("other")
      guard let prefix = candidates.first(where: { !usedPrefixes.contains($0) }) else {
        unmapped(prop)
        note(
          .warning, "address-dropped",
          "more addresses than Zimbra's work/home/other slots; ADR not kept", prop)
        continue
      }
      usedPrefixes.insert(prefix)
      func part(_ i: Int) -> String { i < parts.count ? parts[i].contactsTrimmed() : "" }
      let street = [part(2), part(1), part(0)].filter { !$0.isEmpty }.joined(separator: "\n")
      contact[prefix + "Street"] = street
      contact[prefix + "City"] = part(3)
      contact[prefix + "State"] = part(4)
      contact[prefix + "PostalCode"] = part(5)
      contact[prefix + "Country"] = part(6)
    }
    if contact.isEmpty {
      result.diagnostics.append(
        Diagnostic(.skipped, code: "empty-card", "card has no usable fields", at: location))
    } else {
      result.contacts.append(contact)
    }
  }
}
