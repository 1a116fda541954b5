import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

/// Issue 9: vCards as phones and desktop programs really write them (line ends, pictures, vendor
/// properties).
@Suite struct VCardRealExportsTests {
  func read(_ name: String) throws -> ContactReadResult {
    try VCardReader().read(contentsOf: Fixture.url("contacts/\(name)"))
  }

  func fixtureBytes(_ name: String) throws -> Data {
    try Data(contentsOf: Fixture.url("contacts/\(name)"))
  }

  /// iPhone exports end every line with CR CR LF; the folded photo must come out whole.
  @Test func iPhoneCRCRLFWithFoldedPhoto() throws {
    let r = try read("iphone-crcrlf-photo.vcf")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    #expect(r.contacts.count == 1)
    let c = try #require(r.contacts.first)
    expectFields(
      c,
      [
        "lastName": "山田", "firstName": "太郎", "fullName": "山田 太郎",
        "phoneticLastName": "やまだ", "phoneticFirstName": "たろう",
        "company": "株式会社サンプル", "department": "営業部",
        "email": "taro.yamada@example.jp", "mobilePhone": "+81 90-1234-5678",
        "workStreet": "丸の内1-1-1", "workCity": "千代田区", "workState": "東京都",
        "workPostalCode": "100-0005", "workCountry": "日本",
        "spouse": "山田 花子", "anniversary": "2010-06-12",
      ])
    #expect(r.unmappedProperties == ["PRODID": 1, "X-ABADR": 1, "X-ABLABEL": 2])
    let photo = try #require(c.photo)
    #expect(photo.type == "JPEG")
    let original = try fixtureBytes("photo.jpg")
    #expect(original.count > 6000)
    #expect(Data(base64Encoded: photo.base64) == original)
    // Written for Zimbra and read back, still the same bytes.
    let again = try VCardReader().read(data: VCardWriter().write([c]), file: "again.vcf")
    #expect(again.contacts.first?.photo.flatMap { Data(base64Encoded: $0.base64) } == original)
  }

  /// CR CR LF, CR LF and a lone CR are each one line end: line numbers count them once.
  @Test func lineEndsCountOnce() throws {
    let text = "BEGIN:VCARD\r\r\nVERSION:3.0\rFN:A\r\nN:A;B\r\r\n BC;;;\nEND:VCARD\r\r\nNOPE\r\n"
    let r = try VCardReader().read(data: Data(text.utf8), file: "t.vcf")
    #expect(r.contacts.first?["firstName"] == "BBC")
    #expect(r.diagnostics.map(\.location.description) == ["t.vcf:7"])
  }

  /// vCard 3.0 pictures without ENCODING=b, with or without TYPE, and a TYPE that lies: the type
  /// comes from the bytes.
  @Test func picturesWithoutEncodingAndSniffedTypes() throws {
    let r = try read("v30-photo-no-encoding.vcf")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    #expect(r.contacts.map { $0["fullName"] } == ["Ada Png", "Gil Gif", "Bea Bmp"])
    #expect(r.contacts.map { $0.photo?.type } == ["PNG", "GIF", "BMP"])
    for (contact, file) in zip(r.contacts, ["photo.png", "photo.gif", "photo.bmp"]) {
      let photo = try #require(contact.photo)
      #expect(Data(base64Encoded: photo.base64) == (try fixtureBytes(file)), "\(file)")
    }
    #expect(VCardWriter().card(r.contacts[2]).contains("\r\nPHOTO;ENCODING=b;TYPE=BMP:Qk"))
  }

  /// vCard 4.0 `PHOTO:data:image/webp;base64,…`.
  @Test func webpDataURI() throws {
    let r = try read("v40-webp-photo.vcf")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    let photo = try #require(r.contacts.first?.photo)
    #expect(photo.type == "WEBP")
    #expect(Data(base64Encoded: photo.base64) == (try fixtureBytes("photo.webp")))
    #expect(r.contacts.first?["email"] == "wendy@example.org")
  }

  /// Every known magic number, and bytes that are no image.
  @Test func sniffsImageTypes() throws {
    for (file, type) in [
      ("photo.jpg", "JPEG"), ("photo.png", "PNG"), ("photo.gif", "GIF"), ("photo.bmp", "BMP"),
      ("photo.webp", "WEBP"),
    ] {
      #expect(ContactPhoto.sniff(try fixtureBytes(file)) == type, "\(file)")
    }
    #expect(ContactPhoto.sniff(Data("II*\0rest".utf8)) == "TIFF")
    #expect(ContactPhoto.sniff(Data("hello, world".utf8)) == nil)
    #expect(ContactPhoto.sniff(Data("BM".utf8) + Data(repeating: 0xFF, count: 20)) == nil)
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nPHOTO:aGVsbG8gd29ybGQ=\r\nEND:VCARD\r\n"
    let r = try VCardReader().read(data: Data(text.utf8), file: "x.vcf")
    #expect(r.contacts.first?.photo == nil)
    #expect(
      r.diagnostics.map(\.message) == [
        "PHOTO dropped: not an image of a known type (JPEG, PNG, GIF, BMP, WebP, TIFF)"
      ])
  }

  /// Thunderbird's custom fields go to Zimbra's `custom1`…`custom4`.
  @Test func thunderbirdCustomFields() throws {
    let r = try read("thunderbird-custom.vcf")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    expectFields(
      r.contacts[0],
      [
        "fullName": "Ingrid Lund", "lastName": "Lund", "firstName": "Ingrid",
        "email": "ingrid.lund@example.no", "company": "Nordlys AS", "department": "Drift",
        "workPhone": "+47 22 00 00 00",
        "custom1": "Kundenummer 4711", "custom2": "Oslo-kontoret", "custom3": "Vegetar",
        "custom4": "Foretrekker e-post",
      ])
    expectFields(
      r.contacts[1],
      [
        "fullName": "Ola Berg", "lastName": "Berg", "firstName": "Ola",
        "email": "ola.berg@example.no", "custom1": "Gammel eksport",
      ])
    #expect(r.unmappedProperties == ["UID": 1, "X-MOZILLA-HTML": 1])
  }

  /// Outlook's X-MS-IMADDRESS, spouse, manager, assistant, anniversary and card picture.
  @Test func outlookVendorProperties() throws {
    let r = try read("outlook-x-ms.vcf")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    let c = try #require(r.contacts.first)
    expectFields(
      c,
      [
        "lastName": "Okafor", "firstName": "Chidi", "fullName": "Chidi Okafor",
        "company": "Contoso Ltd", "department": "Sales", "jobTitle": "Account Manager",
        "workPhone": "+1 425 555 0100", "mobilePhone": "+1 425 555 0199",
        "workStreet": "1 Contoso Way", "workCity": "Redmond", "workState": "WA",
        "workPostalCode": "98052", "workCountry": "United States of America",
        "email": "chidi.okafor@contoso.example",
        "imAddress1": "im://chidi.okafor@contoso.example",
        "spouse": "Eleanor Okafor", "managerName": "Tahani Al-Jamil",
        "assistantName": "Jason Mendoza", "anniversary": "2012-09-15",
      ])
    #expect(c.photo?.type == "GIF")
    #expect(c.photo.flatMap { Data(base64Encoded: $0.base64) } == (try fixtureBytes("photo.gif")))
    #expect(
      r.unmappedProperties == [
        "LABEL": 1, "X-MS-OL-DEFAULT-POSTAL-ADDRESS": 1, "X-MS-OL-DESIGN": 1, "REV": 1,
      ])
  }

  /// Evolution's and KAddressBook's names for the same fields, and Evolution's phone types.
  @Test func evolutionAndKAddressBook() throws {
    let r = try read("evolution-kaddressbook.vcf")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    expectFields(
      r.contacts[0],
      [
        "fullName": "Marta Kowalczyk", "lastName": "Kowalczyk", "firstName": "Marta",
        "email": "marta@example.pl", "assistantPhone": "+48 22 555 01 02",
        "companyPhone": "+48 22 555 01 00", "spouse": "Piotr Kowalczyk",
        "managerName": "Anna Nowak", "assistantName": "Jan Wiśniewski",
        "anniversary": "2008-05-17",
      ])
    expectFields(
      r.contacts[1],
      [
        "fullName": "Lukas Brandt", "lastName": "Brandt", "firstName": "Lukas",
        "email": "lukas@example.de", "spouse": "Sophie Brandt", "managerName": "Klaus Richter",
        "assistantName": "Mia Vogel", "anniversary": "2015-08-22", "office": "Raum 3.14",
        "profession": "Architekt", "imAddress1": "im://lukas.brandt@jabber.example",
      ])
    #expect(r.unmappedProperties == ["UID": 1, "X-EVOLUTION-FILE-AS": 1])
  }

  /// Two vendor properties for one field: the first value wins, a different second one is counted.
  @Test func conflictingVendorValuesAreCounted() throws {
    let text =
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nX-SPOUSE:Kim\r\nX-MS-SPOUSE:Kim\r\nX-EVOLUTION-SPOUSE:Lee\r\nEND:VCARD\r\n"
    let r = try VCardReader().read(data: Data(text.utf8), file: "s.vcf")
    #expect(r.contacts.first?["spouse"] == "Kim")
    #expect(r.unmappedProperties == ["X-EVOLUTION-SPOUSE": 1])
  }
}
