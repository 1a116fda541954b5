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

/// One unfolded vCard content line split into group, name, parameters and raw value bytes.
struct VCardProperty: Sendable {
  var group: String?
  var name: String
  /// Upper-cased parameter names to their values (TYPE values lower-cased, quotes removed).
  var parameters: [String: [String]]
  var rawValue: [UInt8]
  var line: Int

  init?(_ bytes: [UInt8], line: Int) {
    var inQuotes = false
    var colon: Int? = nil
    for (i, b) in bytes.enumerated() {
      if b == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if b == UInt8(ascii: ":"), !inQuotes {
        colon = i
        break
      }
    }
    guard let colon else { return nil }
    self.line = line
    let head = String(decoding: bytes[..<colon], as: UTF8.self)
    rawValue = Array(bytes[(colon + 1)...])
    var pieces = VCardSyntax.splitOutsideQuotes(head, on: ";")
    var fullName = pieces.removeFirst().contactsTrimmed()
    if let dot = fullName.lastIndex(of: ".") {
      group = String(fullName[..<dot])
      fullName = String(fullName[fullName.index(after: dot)...])
    }
    name = fullName.uppercased()
    parameters = [:]
    for piece in pieces {
      let p = piece.contactsTrimmed()
      if p.isEmpty { continue }
      if let eq = p.firstIndex(of: "=") {
        let key = p[..<eq].uppercased()
        var values = VCardSyntax.splitOutsideQuotes(String(p[p.index(after: eq)...]), on: ",").map {
          v -> String in
          var s = v.contactsTrimmed()
          if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") {
            s = String(s.dropFirst().dropLast())
          }
          return s
        }
        if key == "TYPE" { values = values.map { $0.lowercased() } }
        parameters[key, default: []].append(contentsOf: values)
      } else {
        let upper = p.uppercased()
        if ["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"].contains(upper) {
          parameters["ENCODING", default: []].append(upper)
        } else {
          parameters["TYPE", default: []].append(upper.lowercased())
        }
      }
    }
  }

  var types: Set<String> {
    Set((parameters["TYPE"] ?? []).flatMap { $0.split(separator: ",").map { String($0) } })
  }
  var charset: String? { parameters["CHARSET"]?.first }
  var isQuotedPrintable: Bool {
    parameters["ENCODING"]?.contains { $0.uppercased() == "QUOTED-PRINTABLE" } ?? false
  }
  var rawValueString: String { String(decoding: rawValue, as: UTF8.self) }

  /// Whether the value is binary data (base64, a picture or sound) rather than text.
  var isBinary: Bool {
    ["PHOTO", "LOGO", "KEY", "X-MS-CARDPICTURE"].contains(name)
      || (name == "SOUND" && !types.contains("x-irmc-n"))
      || parameters["ENCODING"]?.contains { ["B", "BASE64"].contains($0.uppercased()) } == true
  }

  /// The value after quoted-printable and charset decoding (escapes are still in place); values
  /// without `CHARSET` that are not UTF-8 are read as `fallback` when given.
  func decodedValue(fallback: Charset? = nil) -> (text: String, usedFallback: Bool) {
    var bytes = rawValue
    if isQuotedPrintable { bytes = QuotedPrintable.decode(bytes, dropFinalEquals: true) }
    var (text, fallback) = VCardSyntax.decode(bytes, charset: charset, fallback: fallback)
    if bytes.contains(0x0D) {
      text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
        of: "\r", with: "\n")
    }
    return (text, fallback)
  }
}

/// Lexical helpers for vCard text.
enum VCardSyntax {
  /// Instant-messaging properties: RFC 4770 `IMPP` and the older per-service ones.
  static let imProperties: Set<String> = [
    "IMPP", "X-AIM", "X-JABBER", "X-GOOGLE-TALK", "X-GTALK", "X-YAHOO", "X-MSN",
    "X-ICQ", "X-SKYPE", "X-SKYPE-USERNAME", "X-QQ", "X-GADUGADU", "X-MS-IMADDRESS",
    "X-KADDRESSBOOK-X-IMADDRESS",
  ]

  /// Vendor properties with a Zimbra field (names as in the contact CSV tables): Thunderbird's
  /// custom fields, Outlook's, Evolution's and KAddressBook's spouse/assistant/manager, Apple's and
  /// Android's phonetic names and Apple's maiden name.
  static let vendorFields: [String: String] = [
    "X-CUSTOM1": "custom1", "X-CUSTOM2": "custom2", "X-CUSTOM3": "custom3",
    "X-CUSTOM4": "custom4",
    "X-SPOUSE": "spouse", "X-MS-SPOUSE": "spouse", "X-EVOLUTION-SPOUSE": "spouse",
    "X-KADDRESSBOOK-X-SPOUSESNAME": "spouse",
    "X-ASSISTANT": "assistantName", "X-MS-ASSISTANT": "assistantName",
    "X-EVOLUTION-ASSISTANT": "assistantName", "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistantName",
    "X-MANAGER": "managerName", "X-MS-MANAGER": "managerName",
    "X-EVOLUTION-MANAGER": "managerName", "X-KADDRESSBOOK-X-MANAGERSNAME": "managerName",
    "X-KADDRESSBOOK-X-OFFICE": "office", "X-KADDRESSBOOK-X-PROFESSION": "profession",
    "X-PHONETIC-FIRST-NAME": "phoneticFirstName", "X-PHONETIC-LAST-NAME": "phoneticLastName",
    "X-PHONETIC-ORG": "phoneticCompany", "X-MAIDENNAME": "maidenName",
  ]

  /// Apple's `X-ABRELATEDNAMES` labels with a Zimbra field.
  static let relatedNames: [String: String] = [
    "spouse": "spouse", "partner": "spouse", "assistant": "assistantName",
    "manager": "managerName",
  ]

  /// An IM handle as Zimbra's web client stores it: `xmpp://`, `yahoo://`, `aol://`, `msn://` or `im://`
  /// (other) before the handle. The service comes from Apple's `X-SERVICE-TYPE`, the property name, or
  /// the `IMPP` URI scheme.
  static func zimbraIMAddress(property: String, value: String, service: String?) -> String {
    var handle = value
    var scheme = ""
    if property == "IMPP", let colon = value.firstIndex(of: ":") {
      scheme = value[..<colon].lowercased()
      handle = String(value[value.index(after: colon)...])
      while handle.hasPrefix("/") { handle.removeFirst() }
    }
    handle = handle.removingPercentEncoding ?? handle
    guard !handle.isEmpty else { return "" }
    let key = (service ?? (property == "IMPP" ? scheme : String(property.dropFirst(2))))
      .lowercased()
    let zimbra: String
    switch key {
    case "xmpp", "jabber", "google-talk", "googletalk", "gtalk": zimbra = "xmpp"
    case "yahoo", "ymsgr": zimbra = "yahoo"
    case "aim": zimbra = "aol"
    case "msn", "msnim": zimbra = "msn"
    default: zimbra = "im"
    }
    return zimbra + "://" + handle
  }

  struct Line {
    var bytes: [UInt8]
    var number: Int
  }

  /// Physical lines (CRLF, LF, CR, or the CR CR LF iPhone exports write) unfolded into logical
  /// lines, with quoted-printable soft line breaks joined and 2.1 bare base64 continuation lines
  /// absorbed.
  static func logicalLines(_ bytes: [UInt8]) -> [Line] {
    var physical: [[UInt8]] = []
    var current: [UInt8] = []
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b == 0x0A {
        physical.append(current)
        current = []
      } else if b == 0x0D {
        physical.append(current)
        current = []
        // CR LF and CR CR LF are one line end; a lone CR is one too.
        if i + 1 < bytes.count, bytes[i + 1] == 0x0A {
          i += 1
        } else if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A {
          i += 2
        }
      } else {
        current.append(b)
      }
      i += 1
    }
    if !current.isEmpty { physical.append(current) }

    /// Whether the part of `line` before its first `:` contains `needle` (ASCII, any case).
    func headContains(_ line: [UInt8], _ needle: String) -> Bool {
      let end = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
      let pattern = Array(needle.utf8)
      guard end >= pattern.count else { return false }
      return (0...(end - pattern.count)).contains { start in
        pattern.indices.allSatisfy { line[start + $0] & 0xDF == pattern[$0] & 0xDF }
      }
    }
    var out: [Line] = []
    var n = 0
    while n < physical.count {
      var line = physical[n]
      let number = n + 1
      n += 1
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
      let qp = headContains(line, "QUOTED-PRINTABLE")
      while n < physical.count {
        if qp, line.last == UInt8(ascii: "=") {
          line.removeLast()
          line += physical[n]
          n += 1
        } else if let f = physical[n].first, f == 0x20 || f == 0x09 {
          line += physical[n].dropFirst()
          n += 1
        } else {
          break
        }
      }
      if headContains(line, "BASE64") || headContains(line, "ENCODING=B") {
        // 2.1 writers may continue base64 on unindented lines up to a blank line.
        while n < physical.count, !physical[n].isEmpty, !physical[n].contains(UInt8(ascii: ":")) {
          line += physical[n]
          n += 1
        }
      }
      out.append(Line(bytes: line, number: number))
    }
    return out
  }

  static func decodeSingleByte(_ bytes: [UInt8], windows1252: Bool) -> String {
    SingleByteText.decode(bytes, windows1252: windows1252)
  }

  /// Decodes bytes in `charset` (default UTF-8, or `fallback` for bytes that are not UTF-8; any
  /// other charset iconv knows, such as `SHIFT_JIS`); bytes that do not decode fall back to
  /// Windows-1252, and the second value says so.
  static func decode(_ bytes: [UInt8], charset: String?, fallback: Charset? = nil) -> (String, Bool)
  {
    switch CharsetLabel(charset ?? "UTF-8") {
    case .latin1, .ascii:
      return (decodeSingleByte(bytes, windows1252: false), false)
    case .windows1252:
      return (decodeSingleByte(bytes, windows1252: true), false)
    case .utf8:
      if let s = String(validating: bytes, as: UTF8.self) { return (s, false) }
      if charset == nil, let fallback, case .success(let s) = fallback.decode(bytes) {
        return (s, false)
      }
      return (decodeSingleByte(bytes, windows1252: true), true)
    case .other:
      if let named = charset.flatMap(Charset.init(name:)),
        case .success(let s) = named.decode(bytes)
      {
        return (s, false)
      }
      if let s = String(validating: bytes, as: UTF8.self) { return (s, false) }
      return (decodeSingleByte(bytes, windows1252: true), true)
    }
  }

  static func splitOutsideQuotes(_ s: String, on sep: Character) -> [String] {
    var parts: [String] = []
    var cur = ""
    var inQuotes = false
    for c in s {
      if c == "\"" {
        inQuotes.toggle()
        cur.append(c)
      } else if c == sep, !inQuotes {
        parts.append(cur)
        cur = ""
      } else {
        cur.append(c)
      }
    }
    parts.append(cur)
    return parts
  }

  /// Splits on unescaped `sep`, then each component on unescaped `,`, unescaping the pieces.
  static func split(_ s: String, on sep: Character, modern: Bool) -> [[String]] {
    splitRaw(s, on: sep).map { component in
      splitRaw(component, on: ",").map { unescape($0, modern: modern) }.filter { !$0.isEmpty }
    }
  }

  /// A comma-separated text list (CATEGORIES, NICKNAME), unescaped and trimmed.
  static func splitList(_ s: String, modern: Bool) -> [String] {
    splitRaw(s, on: ",").map { unescape($0, modern: modern).contactsTrimmed() }.filter {
      !$0.isEmpty
    }
  }

  static func splitRaw(_ s: String, on sep: Character) -> [String] {
    var parts: [String] = []
    var cur = ""
    var escaped = false
    for c in s {
      if escaped {
        cur.append("\\")
        cur.append(c)
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else if c == sep {
        parts.append(cur)
        cur = ""
      } else {
        cur.append(c)
      }
    }
    if escaped { cur.append("\\") }
    parts.append(cur)
    return parts
  }

  /// 3.0/4.0: `\\` `\,` `\;` `\n`/`\N`. 2.1 only knows `\;` (and `\,` from common writers);
  /// other backslashes stay literal.
  static func unescape(_ s: String, modern: Bool) -> String {
    guard s.utf8.contains(0x5C) else { return s }
    var out = ""
    var escaped = false
    for c in s {
      if escaped {
        switch c {
        case "n", "N":
          if modern {
            out.append("\n")
          } else {
            out.append("\\")
            out.append(c)
          }
        case "\\": if modern { out.append("\\") } else { out.append("\\\\") }
        case ",", ";": out.append(c)
        default:
          out.append("\\")
          out.append(c)
        }
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    if escaped { out.append("\\") }
    return out
  }

  /// `19850412`, `1985-04-12`, `1985-04-12T10:00:00Z`, `19850412T000000` → `1985-04-12`; else nil.
  static func normalizeDate(_ raw: String) -> String? {
    var s = Substring(raw)
    if let t = s.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) { s = s[..<t] }
    let digits = s.filter { $0 != "-" }
    guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    if s.contains("-") {
      let parts = s.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else {
        return nil
      }
    }
    let y = digits.prefix(4)
    let m = digits.dropFirst(4).prefix(2)
    let d = digits.suffix(2)
    guard let mi = Int(m), let di = Int(d), (1...12).contains(mi), (1...31).contains(di) else {
      return nil
    }
    return "\(y)-\(m)-\(d)"
  }
}
