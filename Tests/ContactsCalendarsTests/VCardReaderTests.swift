import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

@Suite struct VCardReaderTests {
  func read(_ name: String) throws -> ContactReadResult {
    try VCardReader().read(contentsOf: Fixture.url("contacts/\(name)"))
  }

  @Test func vcard21QuotedPrintableAndCharsets() throws {
    let r = try read("v21-qp-charset.vcf")
    #expect(r.contacts.count == 1)
    let c = try #require(r.contacts.first)
    expectFields(
      c,
      [
        "lastName": "Müller", "firstName": "Jürgen", "namePrefix": "Dr.",
        "fullName": "Dr. Jürgen Müller",
        "company": "Bäckerei \u{201C}Schön\u{201D}", "department": "Vertrieb",
        "jobTitle": "Geschäftsführer",
        "workPhone": "+49 30 1234567", "homePhone": "+49 30 7654321",
        "mobilePhone": "+49 170 1111111",
        "workFax": "+49 30 1234568", "pager": "+49 30 999",
        "email": "juergen@example.de",
        "workStreet": "Hauptstraße 5\nHinterhaus", "workCity": "Berlin", "workPostalCode": "10115",
        "workCountry": "Deutschland",
        "notes": "Erste Zeile\nZweite Zeile mit € und einem sehr langen Text",
        "birthday": "1965-03-14",
      ])
    #expect(
      c.location
        == MailModel.SourceLocation(file: Fixture.path("contacts/v21-qp-charset.vcf"), line: 1))
    #expect(r.unmappedProperties == ["X-MS-OL-DEFAULT-POSTAL-ADDRESS": 1])
    let photo = r.diagnostics.filter { $0.code == "photo-dropped" }
    #expect(photo.count == 1)
    #expect(photo.first?.location.line == 19)
    #expect(photo.first?.message.contains("not a base64 image") == true)
    #expect(c.photo == nil)
    #expect(r.diagnostics.count == 1, "\(r.diagnostics)")
  }

  @Test func vcard30GroupsEscapesAndMultiples() throws {
    let r = try read("v30-groups-escapes.vcf")
    #expect(r.contacts.count == 2)
    let c = try #require(r.contacts.first)
    expectFields(
      c,
      [
        "lastName": "O'Brien", "firstName": "Siobhán", "middleName": "Mary", "nameSuffix": "Jr.",
        "fullName": "Siobhán O'Brien, Jr.", "nickname": "Shiv, Siv",
        "company": "Acme, Inc.", "department": "R;D", "jobTitle": "Head of \\Research\\",
        "email": "siobhan@acme.example", "email2": "shiv@home.example",
        "email3": "s.obrien@old.example",
        "email4": "fourth@example.org",
        "workPhone": "+1 555 0100", "workPhone2": "+1 555 0101", "homePhone": "+1 555 0200",
        "mobilePhone": "+1 555 0300", "homeFax": "+1 555 0400", "otherPhone": "+1 555 0500",
        "workStreet": "1 Infinite Loop\nSuite 100", "workCity": "Cupertino", "workState": "CA",
        "workPostalCode": "95014", "workCountry": "USA",
        "homeStreet": "12 Elm St\nApt 3", "homeCity": "Springfield", "homeState": "IL",
        "homePostalCode": "62704", "homeCountry": "USA",
        "otherStreet": "PO Box 7", "otherCity": "Shelbyville",
        "workURL": "https://acme.example/", "birthday": "1980-02-29",
        "notes":
          "Line one\nLine two, with comma; and semicolon. This note is long enough to be folded across lines.",
      ])
    #expect(c.tags == ["Friends", "Work, Important"])
    #expect(r.unmappedProperties == ["PRODID": 1, "X-ABLABEL": 1, "X-SOCIALPROFILE": 1])
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    // The inline JPEG is kept for the vCard Zimbra imports (it stores it as the contact's image).
    let photo = try #require(c.photo)
    #expect(photo.type == "JPEG")
    #expect(
      photo.base64.hasPrefix("/9j/4AAQ") && photo.base64.hasSuffix("AAAB")
        && !photo.base64.contains(" "))
    #expect(Data(base64Encoded: photo.base64)?.starts(with: [0xFF, 0xD8]) == true)
    #expect(VCardWriter().card(c).contains("\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ"))
    let again = try VCardReader().read(data: VCardWriter().write([c]), file: "again.vcf").contacts
    #expect(again.first?.photo == photo)
    expectFields(
      r.contacts[1],
      [
        "lastName": "Plain", "firstName": "Paul", "fullName": "Paul Plain",
        "email": "paul@example.com",
      ])
    #expect(r.contacts[1].location?.line == 33)
  }

  @Test func vcard40() throws {
    let r = try read("v40.vcf")
    let c = try #require(r.contacts.first)
    expectFields(
      c,
      [
        "fullName": "Zoë Zhang", "lastName": "Zhang", "firstName": "Zoë",
        "email": "zoe@work.example", "mobilePhone": "+44-7700-900123",
        "workPhone": "+44-20-7946-0000",
        "homeStreet": "10 Downing St", "homeCity": "London", "homePostalCode": "SW1A 2AA",
        "homeCountry": "UK",
        "birthday": "--0415", "anniversary": "2010-06-12", "homeURL": "https://zoe.example/",
      ])
    #expect(c.tags == ["VIP"])
    #expect(r.unmappedProperties == ["KIND": 1, "GENDER": 1])
    #expect(r.diagnostics.map(\.code) == ["date-unparsed"])
    #expect(r.diagnostics.first?.location.line == 9)
  }

  @Test func lfOnlyFoldingTabsAndMalformedLines() throws {
    let text =
      "BEGIN:VCARD\nVERSION:3.0\nFN:A\n\tB\nNOT A PROPERTY\nEMAIL:a@b.c\nEND:VCARD\nEMAIL:x@y\n"
    let r = try VCardReader().read(data: Data(text.utf8), file: "t.vcf")
    #expect(r.contacts.first?["fullName"] == "AB")
    #expect(r.diagnostics.map(\.code) == ["malformed-line", "outside-card"])
    #expect(r.diagnostics.map(\.location.description) == ["t.vcf:5", "t.vcf:8"])
  }

  @Test func invalidUTF8FallsBackToWindows1252WithDiagnostic() throws {
    var bytes = Array("BEGIN:VCARD\r\nVERSION:2.1\r\nN:".utf8)
    bytes += [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]  // Müller in Latin-1
    bytes += Array(";Hans\r\nEND:VCARD\r\n".utf8)
    let r = try VCardReader().read(data: Data(bytes), file: "x.vcf")
    #expect(r.contacts.first?["lastName"] == "Müller")
    #expect(r.diagnostics.map(\.code) == ["charset-fallback"])
    #expect(r.diagnostics.first?.location.line == 3)
  }

  @Test func notAVCardThrowsWithFileAndLine() {
    #expect(throws: ContactsCalendarsError.self) {
      try VCardReader().read(data: Data("hello\n".utf8), file: "n.vcf")
    }
    do {
      _ = try VCardReader().read(data: Data("hello\n".utf8), file: "n.vcf")
    } catch {
      #expect("\(error)".hasPrefix("n.vcf:1:"))
    }
  }

  @Test func unterminatedCardIsKeptWithDiagnostic() throws {
    let r = try VCardReader().read(
      data: Data("BEGIN:VCARD\nVERSION:3.0\nFN:X\n".utf8), file: "u.vcf")
    #expect(r.contacts.count == 1)
    #expect(r.diagnostics.map(\.code) == ["unterminated-card"])
  }

  @Test func dates() {
    #expect(VCardSyntax.normalizeDate("19850412") == "1985-04-12")
    #expect(VCardSyntax.normalizeDate("1985-04-12T10:00:00Z") == "1985-04-12")
    #expect(VCardSyntax.normalizeDate("1985-13-12") == nil)
    #expect(VCardSyntax.normalizeDate("--0412") == nil)
  }

  /// IM handles become `imAddressN` as Zimbra's web client stores them (`service://handle`).
  @Test func instantMessagingHandles() throws {
    let text = """
      BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\n\
      item1.IMPP;X-SERVICE-TYPE=AIM;type=pref:aim:ann\r\nitem1.X-ABLabel:AIM\r\nX-AIM:ann\r\n\
      IMPP:xmpp:ann@jabber.example\r\nX-MSN;type=HOME:ann@hotmail.example\r\n\
      IMPP;X-SERVICE-TYPE=Skype:skype:ann.skype\r\nX-ICQ:12345\r\nIMPP;X-SERVICE-TYPE=Yahoo:ymsgr:ann_y\r\nEND:VCARD\r\n
      """
    let result = try VCardReader().read(data: Data(text.utf8), file: "im.vcf")
    let contact = try #require(result.contacts.first)
    expectFields(
      contact,
      [
        "lastName": "Lee", "firstName": "Ann", "fullName": "Ann Lee",
        "imAddress1": "aol://ann", "imAddress2": "xmpp://ann@jabber.example",
        "imAddress3": "msn://ann@hotmail.example",
        "imAddress4": "im://ann.skype", "imAddress5": "im://12345", "imAddress6": "yahoo://ann_y",
      ])
    #expect(result.unmappedProperties == ["X-ABLABEL": 1])
    // Written for a bundle they go out as X-ZIMBRA-IMADDRESSn, which Zimbra's vCard import reads.
    #expect(VCardWriter().card(contact).contains("X-ZIMBRA-IMADDRESS6:yahoo://ann_y\r\n"))
  }

  @Test func photosFromDataURIsAndLinks() throws {
    let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
      .base64EncodedString()
    let text =
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nPHOTO:data:image/png;base64,\(png)\r\nPHOTO:https://example.com/a.jpg\r\nEND:VCARD\r\n"
      + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:B\r\nPHOTO:https://example.com/b.jpg\r\nEND:VCARD\r\n"
    let r = try VCardReader().read(data: Data(text.utf8), file: "p.vcf")
    #expect(r.contacts.first?.photo == ContactPhoto(type: "PNG", base64: png))
    #expect(r.contacts.last?.photo == nil)
    #expect(
      r.diagnostics.map(\.message) == [
        "PHOTO dropped: a second picture", "PHOTO dropped: a link, not an image",
      ])
    #expect(
      ZimbraContactCSVWriter.photoNote(r.contacts, file: "p.vcf")?.message.contains(
        "1 contact picture") == true)
  }
}
