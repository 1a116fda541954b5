import ContactsCalendars
import Foundation
import Testing

@testable import Outlook

/// Builders of contact items and entry ids for the contact tests.
enum ContactItems {
  /// PtypMultipleBinary.
  static let multipleBinary = MapiType(rawValue: 0x1102)
  /// PtypMultipleString.
  static let multipleUnicode = MapiType(rawValue: 0x101F)

  /// An item of `messageClass` with the properties `build` sets.
  static func message(
    _ messageClass: String = "IPM.Contact", _ build: (inout MapiPropertyBag) -> Void
  ) -> MapiMessage {
    var bag = MapiPropertyBag()
    bag.setUnicode(.messageClass, messageClass)
    build(&bag)
    return MapiMessage(properties: bag)
  }

  /// A one-off entry id laid out by hand per [MS-OXCDATA] 2.2.5.1: flags, MAPI_ONE_OFF_UID,
  /// version 0, flags (0x8000 Unicode), then three NUL-terminated strings.
  static func oneOff(_ name: String, _ type: String, _ address: String, unicode: Bool = true)
    -> [UInt8]
  {
    let uid: [UInt8] = [
      0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19, 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54,
      0x02,
    ]
    let flags: [UInt8] = unicode ? [0x00, 0x80] : [0x00, 0x00]
    let strings = [name, type, address].flatMap { text -> [UInt8] in
      unicode ? MsgWriter.utf16(text) + [0, 0] : Array(text.utf8) + [0]
    }
    return [0, 0, 0, 0] + uid + [0, 0] + flags + strings
  }

  /// A wrapped entry id ([MS-OXOCNTC] 2.2.2.2.1) of `type` around some store entry id.
  static func wrapped(type: UInt8, embedded: [UInt8] = Array(repeating: 0x11, count: 46)) -> [UInt8]
  {
    let uid: [UInt8] = [
      0xC0, 0x91, 0xAD, 0xD3, 0x51, 0x9D, 0xCF, 0x11, 0xA4, 0xA9, 0x00, 0xAA, 0x00, 0x47, 0xFA,
      0xA4,
    ]
    return [0, 0, 0, 0] + uid + [type] + embedded
  }

  /// Unix seconds of `date` (`yyyy-MM-dd`) at local midnight in a zone `offsetMinutes` east of UTC.
  static func localMidnight(_ date: String, offsetMinutes: Int) throws -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(secondsFromGMT: offsetMinutes * 60))
    let parts = date.split(separator: "-").compactMap { Int($0) }
    let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
    let day = try #require(calendar.date(from: components))
    return Int64(day.timeIntervalSince1970)
  }
}

@Suite struct OutlookContactsTests {
  @Test func namesAndWorkFieldsTakeZimbraNames() {
    let message = ContactItems.message { bag in
      bag.setUnicode(.contactGivenName, "Ada")
      bag.setUnicode(.contactSurname, "Lovelace")
      bag.setUnicode(.contactMiddleName, "King")
      bag.setUnicode(.contactDisplayNamePrefix, "Lady")
      bag.setUnicode(.contactGeneration, "II")
      bag.setUnicode(.displayName, "Lady Ada King Lovelace II")
      bag.setUnicode(.contactNickname, "Enchantress")
      bag.setUnicode(.contactFileUnder, "Lovelace, Ada")
      bag.setUnicode(.contactCompanyName, "Analytical Engines")
      bag.setUnicode(.contactTitle, "Programmer")
      bag.setUnicode(.contactDepartmentName, "Notes")
      bag.setUnicode(.contactSpouseName, "William")
      bag.setUnicode(.contactUserFields[2], "custom three")
      bag.setUnicode(.body, "Line one\r\nLine two\r\n")
    }
    let result = OutlookContacts.contact(from: message)
    let contact = result.contact
    #expect(contact["firstName"] == "Ada")
    #expect(contact["lastName"] == "Lovelace")
    #expect(contact["middleName"] == "King")
    #expect(contact["namePrefix"] == "Lady")
    #expect(contact["nameSuffix"] == "II")
    #expect(contact["fullName"] == "Lady Ada King Lovelace II")
    #expect(contact["nickname"] == "Enchantress")
    #expect(contact["fileAs"] == "8:Lovelace, Ada")
    #expect(contact["company"] == "Analytical Engines")
    #expect(contact["jobTitle"] == "Programmer")
    #expect(contact["department"] == "Notes")
    #expect(contact["spouse"] == "William")
    #expect(contact["custom3"] == "custom three")
    #expect(contact["notes"] == "Line one\nLine two")
    #expect(result.notes.isEmpty)
  }

  @Test func threeEmailsKeepTheSMTPFormAndNoteAnExchangeOneWithout() {
    let slots = OutlookContactEmailSlot.all
    let message = ContactItems.message { bag in
      bag.setUnicode(slots[0].address, "ada@example.org")
      bag.setUnicode(slots[0].addressType, "SMTP")
      bag.setUnicode(slots[1].address, "/o=Org/ou=Admin/cn=Recipients/cn=ada")
      bag.setUnicode(slots[1].addressType, "EX")
      bag.setUnicode(slots[1].originalDisplayName, "ada.king@example.com")
      bag.setUnicode(slots[2].address, "/o=Org/ou=Admin/cn=Recipients/cn=other")
      bag.setUnicode(slots[2].addressType, "EX")
      bag.setUnicode(slots[2].displayName, "Ada (work)")
    }
    let result = OutlookContacts.contact(from: message)
    #expect(result.contact["email"] == "ada@example.org")
    #expect(result.contact["email2"] == "ada.king@example.com")
    #expect(result.contact["email3"] == nil)
    #expect(result.notes.count == 1)
    #expect(result.notes.first?.contains("e-mail 3 is an Exchange address") == true)
  }

  @Test func phonesGoToTheirTypesAndUntypedOnesToOtherPhone() {
    let message = ContactItems.message { bag in
      bag.setUnicode(.contactBusinessPhone, "+1 100")
      bag.setUnicode(.contactBusiness2Phone, "+1 101")
      bag.setUnicode(.contactHomePhone, "+1 200")
      bag.setUnicode(.contactHome2Phone, "+1 201")
      bag.setUnicode(.contactMobilePhone, "+1 300")
      bag.setUnicode(.contactBusinessFax, "+1 400")
      bag.setUnicode(.contactHomeFax, "+1 401")
      bag.setUnicode(.contactPrimaryFax, "+1 402")
      bag.setUnicode(.contactPager, "+1 500")
      bag.setUnicode(.contactCarPhone, "+1 600")
      bag.setUnicode(.contactAssistantPhone, "+1 700")
      bag.setUnicode(.contactCompanyMainPhone, "+1 800")
      bag.setUnicode(.contactCallbackPhone, "+1 801")
      bag.setUnicode(.contactOtherPhone, "+1 900")
      // The primary number repeats the mobile one: nothing is lost.
      bag.setUnicode(.contactPrimaryPhone, "+1 300")
      bag.setUnicode(.contactRadioPhone, "+1 901")
    }
    let result = OutlookContacts.contact(from: message)
    let expected: [String: String] = [
      "workPhone": "+1 100", "workPhone2": "+1 101", "homePhone": "+1 200", "homePhone2": "+1 201",
      "mobilePhone": "+1 300", "workFax": "+1 400", "homeFax": "+1 401", "otherFax": "+1 402",
      "pager": "+1 500", "carPhone": "+1 600", "assistantPhone": "+1 700",
      "companyPhone": "+1 800", "callbackPhone": "+1 801", "otherPhone": "+1 900",
      "otherPhone2": "+1 901",
    ]
    #expect(result.contact.fieldDictionary.filter { $0.key != "type" } == expected)
    #expect(result.notes.count == 1)
    #expect(result.notes.first?.contains("radio") == true)
  }

  @Test func addressesFillHomeWorkAndOther() {
    let message = ContactItems.message { bag in
      bag.setUnicode(.contactHomeStreet, "1 Home Road\r\nFlat 2")
      bag.setUnicode(.contactHomeCity, "Hometown")
      bag.setUnicode(.contactHomeState, "HS")
      bag.setUnicode(.contactHomePostalCode, "11111")
      bag.setUnicode(.contactHomeCountry, "Homeland")
      bag.setUnicode(.contactWorkStreet, "2 Work Street")
      bag.setUnicode(.contactWorkCity, "Worktown")
      bag.setUnicode(.contactWorkState, "WS")
      bag.setUnicode(.contactWorkPostalCode, "22222")
      bag.setUnicode(.contactWorkCountry, "Workland")
      bag.setUnicode(.contactOtherStreet, "3 Other Way")
      bag.setUnicode(.contactOtherCity, "Otherton")
      // The mailing address repeats the work one (as Outlook writes it): not used twice.
      bag.setUnicode(.contactMailingStreet, "2 Work Street")
      bag.setUnicode(.contactMailingCity, "Worktown")
    }
    let contact = OutlookContacts.contact(from: message).contact
    #expect(contact["homeStreet"] == "1 Home Road\nFlat 2")
    #expect(contact["homeCity"] == "Hometown")
    #expect(contact["homeState"] == "HS")
    #expect(contact["homePostalCode"] == "11111")
    #expect(contact["homeCountry"] == "Homeland")
    #expect(contact["workStreet"] == "2 Work Street")
    #expect(contact["workCity"] == "Worktown")
    #expect(contact["workState"] == "WS")
    #expect(contact["workPostalCode"] == "22222")
    #expect(contact["workCountry"] == "Workland")
    #expect(contact["otherStreet"] == "3 Other Way")
    #expect(contact["otherCity"] == "Otherton")
    #expect(contact["otherState"] == nil)
  }

  @Test func theMailingAddressStandsForAMissingWorkAddress() {
    let message = ContactItems.message { bag in
      bag.setUnicode(.contactMailingStreet, "12 Lazy Dog Lane")
      bag.setUnicode(.contactMailingCity, "Springfield")
      bag.setUnicode(.contactMailingPostalCode, "01234")
    }
    let contact = OutlookContacts.contact(from: message).contact
    #expect(contact["workStreet"] == "12 Lazy Dog Lane")
    #expect(contact["workCity"] == "Springfield")
    #expect(contact["workPostalCode"] == "01234")
  }

  @Test(arguments: [-600, -300, -180, 0, 60, 330, 540, 600, 720, 780])
  func birthdayAtLocalMidnightKeepsItsDay(offsetMinutes: Int) throws {
    for date in ["1980-02-29", "1969-12-31", "2000-01-01", "1901-07-04"] {
      let seconds = try ContactItems.localMidnight(date, offsetMinutes: offsetMinutes)
      let message = ContactItems.message { bag in
        bag.setTime(.contactBirthday, unixSeconds: seconds)
        bag.setTime(.contactWeddingAnniversary, unixSeconds: seconds)
      }
      let contact = OutlookContacts.contact(from: message).contact
      #expect(contact["birthday"] == date, "offset \(offsetMinutes) min")
      #expect(contact["anniversary"] == date, "offset \(offsetMinutes) min")
    }
  }

  @Test func theLocalBirthdayWinsOverTheConvertedOne() throws {
    let local = try ContactItems.localMidnight("1990-06-15", offsetMinutes: 0)
    let message = ContactItems.message { bag in
      // A converted value a day off (as a client in another zone might leave it).
      bag.setTime(.contactBirthday, unixSeconds: local - 86_400)
      bag.setTime(.contactBirthdayLocal, unixSeconds: local)
    }
    #expect(OutlookContacts.contact(from: message).contact["birthday"] == "1990-06-15")
  }

  @Test func civilDatesAgreeWithFoundation() throws {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = try #require(TimeZone(identifier: "UTC"))
    formatter.dateFormat = "yyyy-MM-dd"
    // From 1583 on: Foundation's Gregorian calendar is Julian before October 1582, FILETIME's
    // is proleptic Gregorian.
    for day in stride(from: Int64(-141_000), through: 150_000, by: 997) {
      let date = Date(timeIntervalSince1970: TimeInterval(day * 86_400))
      #expect(OutlookContacts.civilDate(daysSinceEpoch: day) == formatter.string(from: date))
    }
  }

  @Test func categoriesBecomeTagsAndTheWebAndIMAreKept() {
    let message = ContactItems.message { bag in
      bag.set(
        .keywords, ContactItems.multipleUnicode,
        .multiple([MsgWriter.utf16("Family"), MsgWriter.utf16("VIP"), MsgWriter.utf16("Family")]))
      bag.setUnicode(.contactHtml, "https://work.example")
      bag.setUnicode(.contactPersonalHomePage, "https://home.example")
      bag.setUnicode(.contactIMAddress, "ada@im.example")
    }
    let contact = OutlookContacts.contact(from: message).contact
    #expect(contact.tags == ["Family", "VIP"])
    #expect(contact["workURL"] == "https://work.example")
    #expect(contact["homeURL"] == "https://home.example")
    #expect(contact["imAddress1"] == "im://ada@im.example")
  }

  @Test func anAddressOfAnotherTypeIsNoted() {
    let slot = OutlookContactEmailSlot.all[0]
    let message = ContactItems.message { bag in
      bag.setUnicode(slot.address, "ADA@EXAMPLE")
      bag.setUnicode(slot.addressType, "X400")
      bag.setUnicode(.contactGivenName, "Ada")
    }
    let result = OutlookContacts.contact(from: message)
    #expect(result.contact["email"] == nil)
    #expect(
      result.notes == [
        "e-mail 1 is an address of type X400 (ADA@EXAMPLE) with no SMTP form in the item: not kept"
      ])
  }

  @Test func fieldsWithoutAZimbraPlaceAreNoted() {
    let message = ContactItems.message { bag in
      bag.setUnicode(.contactGivenName, "Ada")
      bag.setUnicode(.contactHobbies, "Mathematics")
      bag.setUnicode(.contactGovernmentID, "123")
    }
    let notes = OutlookContacts.contact(from: message).notes
    #expect(notes.count == 2)
    #expect(notes.contains { $0.contains("hobbies") && $0.contains("Mathematics") })
    #expect(notes.contains { $0.contains("government ID") })
  }

  @Test func anItemWithoutFieldsSaysSo() {
    let result = OutlookContacts.contact(from: ContactItems.message("IPM.AbchPerson") { _ in })
    #expect(result.contact.isEmpty)
    #expect(result.notes == ["the item carries no contact fields (IPM.AbchPerson)"])
  }

  @Test func theContactPictureIsKept() {
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
    var photo = MapiPropertyBag()
    photo.setBool(.attachmentContactPhoto, true)
    photo.setBinary(.attachData, png)
    var message = ContactItems.message { $0.setUnicode(.contactGivenName, "Ada") }
    message.attachments = [MapiAttachment(properties: MapiPropertyBag()), .init(properties: photo)]
    let contact = OutlookContacts.contact(from: message).contact
    #expect(contact.photo == ContactPhoto(type: "PNG", base64: Data(png).base64EncodedString()))
  }

  @Test func aDistributionListIsAContactGroupOfItsOneOffAddresses() {
    let members = [
      ContactItems.wrapped(type: 0xC3),  // a store contact, resolved by the parallel one-off
      ContactItems.oneOff("Bob, the Builder", "SMTP", "bob@example.org"),
      ContactItems.wrapped(
        type: 0x00, embedded: ContactItems.oneOff("carol@example.org", "SMTP", "carol@example.org")),
      ContactItems.wrapped(type: 0xC3),  // no one-off beside it
      ContactItems.wrapped(type: 0x05),  // a GAL user with only an Exchange one-off
      ContactItems.oneOff("Bob again", "SMTP", "BOB@example.org"),  // a duplicate
    ]
    let oneOffs = [
      ContactItems.oneOff("Ann Smith (ann@example.org)", "SMTP", "ann@example.org", unicode: false),
      ContactItems.oneOff("Bob, the Builder", "SMTP", "bob@example.org"),
      ContactItems.oneOff("carol@example.org", "SMTP", "carol@example.org"),
      [1, 2, 3],
      ContactItems.oneOff("Dan", "EX", "/o=Org/cn=dan"),
      ContactItems.oneOff("Bob again", "SMTP", "BOB@example.org"),
    ]
    let message = ContactItems.message("IPM.DistList") { bag in
      bag.setUnicode(.distributionListName, "Team")
      bag.setUnicode(.displayName, "Team")
      bag.set(.distributionListMembers, ContactItems.multipleBinary, .multiple(members))
      bag.set(.distributionListOneOffMembers, ContactItems.multipleBinary, .multiple(oneOffs))
      bag.set(
        .keywords, ContactItems.multipleUnicode, .multiple([MsgWriter.utf16("Work")]))
      bag.setUnicode(.body, "The team")
    }
    let result = OutlookContacts.contact(from: message)
    let contact = result.contact
    #expect(contact["type"] == "group")
    #expect(contact["fileAs"] == "8:Team")
    #expect(contact["nickname"] == "Team")
    #expect(
      contact["dlist"]
        == "\"Ann Smith\" <ann@example.org>, \"Bob, the Builder\" <bob@example.org>, carol@example.org"
    )
    #expect(contact["notes"] == "The team")
    #expect(contact.tags == ["Work"])
    #expect(result.notes.count == 2)
    #expect(result.notes.contains { $0.hasPrefix("member 4 is a contact in the store") })
    #expect(result.notes.contains { $0.hasPrefix("member 5 (Dan) has only an address of type EX") })
  }

  @Test func aLargeListReadsItsMembersFromTheStream() {
    // Member records with a wrapped id and a one-off id each, between some record bytes.
    let stream =
      [0x02, 0, 0, 0] + ContactItems.wrapped(type: 0xC3) + [0x7A, 0, 0, 0]
      + ContactItems.oneOff("Ann", "SMTP", "ann@example.org") + [0x55, 0x66]
      + ContactItems.oneOff("Bob", "SMTP", "bob@example.org", unicode: false) + [0, 0]
    let withStream = ContactItems.message("IPM.DistList") { bag in
      bag.setUnicode(.distributionListName, "Large")
      bag.setBinary(.distributionListStream, stream)
    }
    let result = OutlookContacts.contact(from: withStream)
    #expect(result.contact["dlist"] == "\"Ann\" <ann@example.org>, \"Bob\" <bob@example.org>")
    #expect(result.notes.isEmpty)
    let unreadable = ContactItems.message("IPM.DistList") { bag in
      bag.setBinary(.distributionListStream, [1, 2, 3, 4, 5])
    }
    #expect(OutlookContacts.contact(from: unreadable).notes.count == 1)
  }

  @Test func oneOffEntryIDsReadBackWhatWasWritten() {
    let unicode = OutlookContactOneOff(
      ContactItems.oneOff("Zoë", "SMTP", "zoe@example.org"), codePage: 1252)
    #expect(
      unicode
        == OutlookContactOneOff(displayName: "Zoë", addressType: "SMTP", address: "zoe@example.org")
    )
    let eightBit = OutlookContactOneOff(
      ContactItems.oneOff("Zoe", "SMTP", "zoe@example.org", unicode: false), codePage: 1252)
    #expect(eightBit?.address == "zoe@example.org")
    // Truncated: no terminator after the address.
    let whole = ContactItems.oneOff("Zoe", "SMTP", "zoe@example.org")
    #expect(OutlookContactOneOff(Array(whole.dropLast(2)), codePage: 1252) == nil)
    #expect(OutlookContactOneOff([0, 0, 0, 0], codePage: 1252) == nil)
  }

  @Test func theWritersCarryEveryField() throws {
    let slots = OutlookContactEmailSlot.all
    let message = ContactItems.message { bag in
      bag.setUnicode(.contactGivenName, "Ada")
      bag.setUnicode(.contactSurname, "Lovelace")
      bag.setUnicode(.contactMiddleName, "King")
      bag.setUnicode(.contactDisplayNamePrefix, "Lady")
      bag.setUnicode(.contactGeneration, "II")
      bag.setUnicode(.displayName, "Lady Ada King Lovelace II")
      bag.setUnicode(.contactNickname, "Enchantress")
      bag.setUnicode(.contactFileUnder, "Lovelace, Ada")
      bag.setUnicode(.contactCompanyName, "Analytical Engines")
      bag.setUnicode(.contactTitle, "Programmer")
      bag.setUnicode(.contactDepartmentName, "Notes; and more")
      bag.setUnicode(slots[0].address, "ada@example.org")
      bag.setUnicode(slots[1].address, "king@example.org")
      bag.setUnicode(.contactBusinessPhone, "+1 100")
      bag.setUnicode(.contactHomePhone, "+1 200")
      bag.setUnicode(.contactMobilePhone, "+1 300")
      bag.setUnicode(.contactBusinessFax, "+1 400")
      bag.setUnicode(.contactAssistantPhone, "+1 700")
      bag.setUnicode(.contactHomeStreet, "1 Home Road\nFlat 2")
      bag.setUnicode(.contactHomeCity, "Hometown")
      bag.setUnicode(.contactWorkStreet, "2 Work Street")
      bag.setUnicode(.contactWorkCountry, "Workland")
      bag.setUnicode(.contactBusinessHomePage, "https://work.example")
      bag.setUnicode(.contactIMAddress, "ada@im.example")
      bag.setUnicode(.contactSpouseName, "William")
      bag.setTime(.contactBirthday, unixSeconds: 1_000_000_000)
      bag.setUnicode(.body, "A note, with a comma")
      bag.set(
        .keywords, ContactItems.multipleUnicode,
        .multiple([MsgWriter.utf16("Family"), MsgWriter.utf16("VIP")]))
    }
    let contact = OutlookContacts.contact(from: message).contact
    let group = OutlookContacts.contact(
      from: ContactItems.message("IPM.DistList") { bag in
        bag.setUnicode(.distributionListName, "Team")
        bag.set(
          .distributionListOneOffMembers, ContactItems.multipleBinary,
          .multiple([ContactItems.oneOff("Bob, B", "SMTP", "bob@example.org")]))
      }
    ).contact
    let read = try VCardReader().read(
      data: VCardWriter().write([contact, group]), file: "written.vcf")
    #expect(read.contacts.count == 2)
    #expect(read.contacts.first?.fieldDictionary == contact.fieldDictionary)
    #expect(read.contacts.first?.tags == contact.tags)
    #expect(read.contacts.last?.fieldDictionary["dlist"] == group["dlist"])
    #expect(read.contacts.last?.fieldDictionary["type"] == "group")

    let csv = try ZimbraContactCSVWriter().write([contact, group])
    let text = try #require(String(data: csv, encoding: .utf8))
    let header = text.prefix { $0 != "\r" && $0 != "\n" }
    for name in contact.fieldNames + group.fieldNames + ["__tag"] {
      #expect(header.contains("\"\(name)\"") || header.hasSuffix(name) || header.contains(name))
    }
    for value in contact.fields.map(\.value) + group.fields.map(\.value) {
      let quoted = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      #expect(text.contains(quoted), "\(value)")
    }
  }
}
