import ContactsCalendars
import Foundation
import MailModel

/// An Outlook contact or distribution list as a Zimbra contact, with what it could not carry.
public struct OutlookContact: Sendable {
  /// The contact, with Zimbra attribute names (`firstName`, `email2`, `workStreet`, …); a
  /// distribution list is a contact group (`type` = `group`, `dlist`).
  public var contact: Contact
  /// One sentence per thing lost (a member without an address, a field Zimbra has no place for…).
  public var notes: [String]

  /// Creates a result from a contact and its notes.
  public init(contact: Contact, notes: [String] = []) {
    self.contact = contact
    self.notes = notes
  }
}

/// Outlook contacts (`IPM.Contact`, `IPM.AbchPerson`) and distribution lists (`IPM.DistList`) as
/// Zimbra contacts, with the attribute names the vCard and CSV readers of ContactsCalendars use.
public enum OutlookContacts {
  /// The contact of an IPM.Contact / IPM.AbchPerson item, or the contact group of an IPM.DistList
  /// item.
  public static func contact(from message: MapiMessage) -> OutlookContact {
    var mapping = OutlookContactMapping(message)
    if message.messageClass.lowercased().hasPrefix("ipm.distlist") {
      mapping.mapGroup()
    } else {
      mapping.mapPerson()
    }
    return OutlookContact(contact: mapping.contact, notes: mapping.notes)
  }

  /// The calendar date of a PtypTime that Outlook wrote as a local midnight converted to UTC
  /// (`yyyy-MM-dd`). A midnight in a zone from UTC−10:59 to UTC+13 lies between 13 hours before
  /// and 11 hours after the UTC midnight of the same day, so the date is that of the instant
  /// plus 13 hours; a date stored at UTC midnight (as the `…Local` properties and some clients
  /// store it) reads unchanged.
  static func dateOfLocalMidnight(unixSeconds: Int64) -> String {
    let day = (unixSeconds + 13 * 3600).floorDivided(by: 86_400)
    return civilDate(daysSinceEpoch: day)
  }

  /// `yyyy-MM-dd` of a day counted from 1970-01-01 (proleptic Gregorian calendar).
  static func civilDate(daysSinceEpoch: Int64) -> String {
    let (year, month, day) = MailDate.civil(days: Int(daysSinceEpoch))
    func padded(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
  }
}

extension Int64 {
  /// The quotient rounded towards minus infinity.
  fileprivate func floorDivided(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}

/// The mapping of one item, field by field, into a contact and its notes.
struct OutlookContactMapping {
  /// The item's properties.
  let bag: MapiPropertyBag
  /// The item.
  let message: MapiMessage
  /// The contact being built.
  var contact = Contact()
  /// What was lost.
  var notes: [String] = []

  /// Starts the mapping of `message`.
  init(_ message: MapiMessage) {
    self.message = message
    self.bag = message.properties
  }

  /// A string property, trimmed, with CRLF line ends as LF; nil when absent or blank.
  func text(_ name: MapiPropertyName) -> String? {
    guard let value = bag.string(name) else { return nil }
    let normalized = value.replacingOccurrences(of: "\r\n", with: "\n")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return normalized.isEmpty ? nil : normalized
  }

  /// Sets `field` from `name` when the property has a value.
  mutating func copy(_ name: MapiPropertyName, to field: String) {
    if let value = text(name) { contact[field] = value }
  }

  // MARK: People

  /// Maps an IPM.Contact / IPM.AbchPerson item.
  mutating func mapPerson() {
    mapNames()
    mapWork()
    mapEmails()
    mapPhones()
    mapAddresses()
    mapDates()
    mapWebAndIM()
    mapCommon()
    mapPhoto()
    noteFieldsKeptNowhere()
    if contact.isEmpty && contact.photo == nil {
      notes.append("the item carries no contact fields (\(message.messageClass))")
    }
  }

  /// Names, nickname, initials and the "file as" text.
  mutating func mapNames() {
    copy(.contactGivenName, to: "firstName")
    copy(.contactMiddleName, to: "middleName")
    copy(.contactSurname, to: "lastName")
    copy(.contactDisplayNamePrefix, to: "namePrefix")
    copy(.contactGeneration, to: "nameSuffix")
    copy(.displayName, to: "fullName")
    copy(.contactNickname, to: "nickname")
    copy(.contactInitials, to: "initials")
    // Zimbra's fileAs is a code; 8 is "explicitly given", followed by the text.
    if let fileAs = text(.contactFileUnder) { contact["fileAs"] = "8:" + fileAs }
  }

  /// Company, title, department and the people around the contact.
  mutating func mapWork() {
    copy(.contactCompanyName, to: "company")
    copy(.contactTitle, to: "jobTitle")
    copy(.contactDepartmentName, to: "department")
    copy(.contactOfficeLocation, to: "office")
    copy(.contactProfession, to: "profession")
    copy(.contactManagerName, to: "managerName")
    copy(.contactAssistant, to: "assistantName")
    copy(.contactSpouseName, to: "spouse")
    for (index, name) in MapiPropertyName.contactUserFields.enumerated() {
      copy(name, to: "custom\(index + 1)")
    }
  }

  /// The three e-mail slots, in order, as `email`, `email2`, `email3`: the SMTP form only.
  mutating func mapEmails() {
    for slot in OutlookContactEmailSlot.all {
      guard let address = text(slot.address) else { continue }
      let type = text(slot.addressType)?.uppercased() ?? ""
      if type == "SMTP" || (type.isEmpty && Self.looksLikeSMTP(address)) {
        if !emails.contains(address.lowercased()) { contact.addNumbered("email", value: address) }
      } else if type == "EX", let smtp = smtpForm(of: slot) {
        if !emails.contains(smtp.lowercased()) { contact.addNumbered("email", value: smtp) }
      } else {
        let kind =
          type == "EX"
          ? "an Exchange address" : "an address of type \(type.isEmpty ? "none" : type)"
        notes.append(
          "e-mail \(slot.number) is \(kind) (\(address)) with no SMTP form in the item: not kept")
      }
    }
  }

  /// The e-mail addresses already kept, lower-cased.
  var emails: Set<String> {
    Set(contact.fields.filter { $0.name.hasPrefix("email") }.map { $0.value.lowercased() })
  }

  /// An SMTP address Outlook keeps beside an Exchange one: the original display name when it is
  /// an address (Outlook shows `name@domain` there), else the display name's `(name@domain)`.
  func smtpForm(of slot: OutlookContactEmailSlot) -> String? {
    for candidate in [text(slot.originalDisplayName), text(slot.displayName)].compactMap({ $0 }) {
      var value = candidate
      if let open = value.lastIndex(of: "("), value.hasSuffix(")") {
        value = String(value[value.index(after: open)..<value.index(before: value.endIndex)])
      }
      if Self.looksLikeSMTP(value) { return value }
    }
    return nil
  }

  /// Whether `value` is a plain `local@domain` address.
  static func looksLikeSMTP(_ value: String) -> Bool {
    let parts = value.split(separator: "@", omittingEmptySubsequences: false)
    return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
      && !value.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "<" || $0 == ">" })
  }

  /// The telephone numbers by type; numbers Zimbra has no type for become other phones.
  mutating func mapPhones() {
    let typed: [(MapiPropertyName, String)] = [
      (.contactBusinessPhone, "workPhone"), (.contactBusiness2Phone, "workPhone"),
      (.contactHomePhone, "homePhone"), (.contactHome2Phone, "homePhone"),
      (.contactMobilePhone, "mobilePhone"), (.contactBusinessFax, "workFax"),
      (.contactHomeFax, "homeFax"), (.contactPrimaryFax, "otherFax"), (.contactPager, "pager"),
      (.contactCarPhone, "carPhone"), (.contactAssistantPhone, "assistantPhone"),
      (.contactCompanyMainPhone, "companyPhone"), (.contactCallbackPhone, "callbackPhone"),
      (.contactOtherPhone, "otherPhone"),
    ]
    for (name, base) in typed {
      if let number = text(name) { contact.addNumbered(base, value: number) }
    }
    let untyped: [(MapiPropertyName, String)] = [
      (.contactPrimaryPhone, "primary"), (.contactRadioPhone, "radio"), (.contactISDN, "ISDN"),
      (.contactTTYPhone, "TTY/TDD"), (.contactTelex, "telex"),
    ]
    for (name, label) in untyped {
      guard let number = text(name) else { continue }
      let known = contact.fields.contains { Self.isPhoneField($0.name) && $0.value == number }
      if known { continue }
      contact.addNumbered("otherPhone", value: number)
      notes.append(
        "the \(label) number \(number) is kept as another phone: Zimbra has no \(label) type")
    }
  }

  /// Whether `field` is one of Zimbra's phone or fax fields.
  static func isPhoneField(_ field: String) -> Bool {
    field.hasSuffix("Phone") || field.hasSuffix("Fax") || field == "pager"
      || field.range(of: #"(Phone|Fax|pager)\d+$"#, options: .regularExpression) != nil
  }

  /// Home, work and other addresses; the mailing address stands for the work one when the item
  /// has no work address and it is not the home or other one.
  mutating func mapAddresses() {
    let home = address(
      .contactHomeStreet, .contactHomeCity, .contactHomeState, .contactHomePostalCode,
      .contactHomeCountry)
    let work = address(
      .contactWorkStreet, .contactWorkCity, .contactWorkState, .contactWorkPostalCode,
      .contactWorkCountry)
    let other = address(
      .contactOtherStreet, .contactOtherCity, .contactOtherState, .contactOtherPostalCode,
      .contactOtherCountry)
    let mailing = address(
      .contactMailingStreet, .contactMailingCity, .contactMailingState,
      .contactMailingPostalCode, .contactMailingCountry)
    set(work ?? (mailing != home && mailing != other ? mailing : nil), prefix: "work")
    set(home, prefix: "home")
    set(other, prefix: "other")
    if let box = text(.contactPostOfficeBox) {
      notes.append("the post office box \(box) is kept nowhere: Zimbra addresses have no PO box")
    }
  }

  /// The five parts of an address (street, city, state, postal code, country); nil when all are
  /// empty.
  func address(
    _ street: MapiPropertyName, _ city: MapiPropertyName, _ state: MapiPropertyName,
    _ postalCode: MapiPropertyName, _ country: MapiPropertyName
  ) -> [String?]? {
    let parts = [street, city, state, postalCode, country].map { text($0) }
    return parts.contains { $0 != nil } ? parts : nil
  }

  /// Sets `prefix`Street, City, State, PostalCode, Country from `parts`.
  mutating func set(_ parts: [String?]?, prefix: String) {
    guard let parts else { return }
    for (suffix, value) in zip(["Street", "City", "State", "PostalCode", "Country"], parts) {
      contact[prefix + suffix] = value
    }
  }

  /// Birthday and anniversary as `yyyy-MM-dd`.
  mutating func mapDates() {
    for (local, utc, field) in [
      (MapiPropertyName.contactBirthdayLocal, MapiPropertyName.contactBirthday, "birthday"),
      (.contactWeddingAnniversaryLocal, .contactWeddingAnniversary, "anniversary"),
    ] {
      if let seconds = bag.time(local) {
        // Stored at midnight UTC of the date as the user entered it.
        contact[field] = OutlookContacts.civilDate(daysSinceEpoch: seconds.floorDivided(by: 86_400))
      } else if let seconds = bag.time(utc) {
        contact[field] = OutlookContacts.dateOfLocalMidnight(unixSeconds: seconds)
      }
    }
  }

  /// Web pages and the IM address.
  mutating func mapWebAndIM() {
    if let page = text(.contactBusinessHomePage) ?? text(.contactHtml) { contact["workURL"] = page }
    copy(.contactPersonalHomePage, to: "homeURL")
    if let handle = text(.contactIMAddress) { contact.addIMAddress(handle, service: "im") }
  }

  /// The notes (plain body) and categories, shared by people and groups.
  mutating func mapCommon() {
    var bodyNotes: [String] = []
    let bodies = MapiBodies(message, notes: &bodyNotes)
    notes += bodyNotes
    if let body = bodies.text {
      let normalized = body.replacingOccurrences(of: "\r\n", with: "\n")
        .trimmingCharacters(in: .whitespacesAndNewlines)
      contact["notes"] = normalized
    } else if bodies.html != nil {
      notes.append("the notes are HTML only: not kept")
    }
    for category in bag.strings(.keywords) { contact.addTag(category) }
  }

  /// The contact picture: the attachment marked PidTagAttachmentContactPhoto.
  mutating func mapPhoto() {
    for attachment in message.attachments
    where attachment.properties.bool(.attachmentContactPhoto) == true {
      guard let bytes = attachment.properties.binary(.attachData), !bytes.isEmpty else { continue }
      let data = Data(bytes)
      if let type = ContactPhoto.sniff(data) {
        contact.photo = ContactPhoto(type: type, base64: data.base64EncodedString())
      } else {
        notes.append("the contact picture is not an image of a known type: not kept")
      }
      return
    }
  }

  /// A note for each filled-in field Zimbra has no attribute for.
  mutating func noteFieldsKeptNowhere() {
    let fields: [(MapiPropertyName, String)] = [
      (.contactAccount, "account"), (.contactGovernmentID, "government ID"),
      (.contactCustomerID, "customer ID"), (.contactHobbies, "hobbies"),
      (.contactLanguage, "language"), (.contactLocation, "location"),
      (.contactReferredBy, "referred by"), (.contactFreeBusyLocation, "internet free/busy"),
    ]
    for (name, label) in fields {
      if let value = text(name) { notes.append("the \(label) field (\(value)) is kept nowhere") }
    }
    let children = bag.strings(.contactChildrensNames).filter { !$0.isEmpty }
    if !children.isEmpty {
      notes.append("the children's names (\(children.joined(separator: ", "))) are kept nowhere")
    }
  }

  // MARK: Groups

  /// Maps an IPM.DistList item as a Zimbra contact group: `type` `group`, the name in `fileAs`
  /// (`8:` + name) and `nickname`, the members' addresses in `dlist`.
  mutating func mapGroup() {
    let name = text(.distributionListName) ?? text(.displayName) ?? text(.subject) ?? ""
    contact["type"] = "group"
    if !name.isEmpty {
      contact["fileAs"] = "8:" + name
      contact["nickname"] = name
    }
    var members: [String] = []
    var seen = Set<String>()
    for (index, member) in groupMembers().enumerated() {
      let label = "member \(index + 1)"
      guard let oneOff = member.oneOff else {
        notes.append(
          "\(label) is \(member.kind) that cannot be resolved without the store and has no"
            + " one-off address: left out")
        continue
      }
      let who = oneOff.displayName.isEmpty ? oneOff.address : oneOff.displayName
      let type = oneOff.addressType.uppercased()
      guard type == "SMTP" || (type.isEmpty && Self.looksLikeSMTP(oneOff.address)) else {
        notes.append(
          "\(label) (\(who)) has \(type.isEmpty ? "no address type" : "only an address of type \(type)"): left out"
        )
        continue
      }
      guard seen.insert(oneOff.address.lowercased()).inserted else { continue }
      members.append(Self.mailbox(oneOff))
    }
    contact["dlist"] = members.joined(separator: ", ")
    mapCommon()
  }

  /// Each member: the one-off address of the member entry itself when it is one, else the
  /// parallel one-off entry Outlook keeps in PidLidDistributionListOneOffMembers.
  mutating func groupMembers() -> [(oneOff: OutlookContactOneOff?, kind: String)] {
    let codePage = bag.codePage
    let entries = binaries(.distributionListMembers)
    let oneOffs = binaries(.distributionListOneOffMembers)
    if entries.isEmpty && oneOffs.isEmpty, let stream = bag.binary(.distributionListStream) {
      let found = Self.oneOffs(in: stream, codePage: codePage)
      if found.isEmpty {
        notes.append(
          "the members are in a distribution list stream with no one-off address: left out")
      }
      return found.map { ($0, "a one-off address") }
    }
    return (0..<max(entries.count, oneOffs.count)).map { index in
      let member =
        index < entries.count
        ? OutlookContactMemberID(entries[index], codePage: codePage) : .unknown
      if case .oneOff(let oneOff) = member { return (oneOff, member.kind) }
      let parallel =
        index < oneOffs.count ? OutlookContactOneOff(oneOffs[index], codePage: codePage) : nil
      return (parallel, member.kind)
    }
  }

  /// Every one-off entry id inside `bytes` (a PidLidDistributionListStream, whose member records
  /// carry one beside each member's entry id), found by its provider UID, in order.
  static func oneOffs(in bytes: [UInt8], codePage: Int) -> [OutlookContactOneOff] {
    let uid = OutlookContactOneOff.providerUID
    var found: [OutlookContactOneOff] = []
    var start = 4
    while start + uid.count <= bytes.count {
      if bytes[start] == uid[0], Array(bytes[start..<(start + uid.count)]) == uid,
        let oneOff = OutlookContactOneOff(Array(bytes[(start - 4)...]), codePage: codePage)
      {
        found.append(oneOff)
        start += uid.count
      } else {
        start += 1
      }
    }
    return found
  }

  /// The values of a multi-value binary property (or its one value).
  func binaries(_ name: MapiPropertyName) -> [[UInt8]] {
    switch bag[name]?.value {
    case .multiple(let values): values
    case .single(let value): [value]
    case nil: []
    }
  }

  /// `"Name" <address>`, or the bare address when the name is empty or the address itself;
  /// the ` (address)` Outlook appends to member names is dropped.
  static func mailbox(_ oneOff: OutlookContactOneOff) -> String {
    var name = oneOff.displayName.trimmingCharacters(in: .whitespaces)
    let suffix = " (" + oneOff.address + ")"
    if name.lowercased().hasSuffix(suffix.lowercased()) {
      name = String(name.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
    }
    guard !name.isEmpty, name.lowercased() != oneOff.address.lowercased() else {
      return oneOff.address
    }
    let quoted = name.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    return "\"\(quoted)\" <\(oneOff.address)>"
  }
}
