import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

@Suite struct ContactWriterTests {
  func fixtureContacts() throws -> [Contact] {
    var all: [Contact] = []
    for name in ["v21-qp-charset.vcf", "v30-groups-escapes.vcf", "v40.vcf"] {
      all += try VCardReader().read(contentsOf: Fixture.url("contacts/\(name)")).contacts
    }
    var odd = Contact(
      [
        ("firstName", "Quote \"me\""), ("custom10", "ten"), ("custom2", "two"),
        ("notes", "a,b;c\nd"),
      ],
      tags: ["back\\slash", "comma,tag"])
    odd.addNumbered("email", value: "odd@example.com")
    all.append(odd)
    return all
  }

  @Test func csvLayout() throws {
    let contacts = [
      Contact(
        [
          ("email", "a@b.c"), ("firstName", "A"), ("zeta", "z"), ("custom10", "x"),
          ("custom2", "y"),
        ], tags: ["T1", "a,b"]),
      Contact([("lastName", "L \"q\"")]),
    ]
    let data = try ZimbraContactCSVWriter().write(contacts)
    let text = String(decoding: data, as: UTF8.self)
    #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
    let expected =
      "\u{FEFF}firstName,\"lastName\",\"email\",\"custom2\",\"custom10\",\"zeta\",\"__tag\"\r\n"
      + "\"A\",\"\",\"a@b.c\",\"y\",\"x\",\"z\",\"T1,a\\,b\"\r\n"
      + "\"\",\"L \"\"q\"\"\",\"\",\"\",\"\",\"\",\"\"\r\n"
    #expect(text == expected)
  }

  @Test func csvWithoutTagsHasNoTagColumnAndEmptyContactsAreSkipped() throws {
    let data = try ZimbraContactCSVWriter().write([Contact([("email", "a@b.c")]), Contact()])
    #expect(String(decoding: data, as: UTF8.self) == "\u{FEFF}email\r\n\"a@b.c\"\r\n")
    #expect(throws: ContactsCalendarsError.self) { try ZimbraContactCSVWriter().write([Contact()]) }
  }

  @Test(.enabled(if: Python.isPresent, "python3 not found on PATH"))
  func csvRoundTripThroughPythonCSV() throws {
    let contacts = try fixtureContacts()
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let file = dir.url.appendingPathComponent("contacts.csv")
    try ZimbraContactCSVWriter().write(contacts, to: file)
    let script = """
      import csv, json, sys
      with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
          rows = list(csv.DictReader(f))
      json.dump(rows, sys.stdout)
      """
    let rows = try #require(try Python.jsonObject(script, [file.path]) as? [[String: String]])
    #expect(rows.count == contacts.count)
    for (row, contact) in zip(rows, contacts) {
      var fields = row.filter { !$0.value.isEmpty && $0.key != "__tag" }
      #expect(fields == contact.fieldDictionary)
      let tagCell = row["__tag"] ?? ""
      #expect(tagCell == ZimbraContactCSVWriter.encodeTags(contact.tags))
      fields.removeAll()
    }
    #expect(rows.first.map { Set($0.keys).contains("__tag") } == true)
  }

  @Test func vcardWriterFoldsEscapesAndRoundTripsThroughOurReader() throws {
    let contacts = try fixtureContacts()
    let data = VCardWriter().write(contacts)
    let text = String(decoding: data, as: UTF8.self)
    for line in text.components(separatedBy: "\r\n") {
      #expect(line.utf8.count <= 75)
    }
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    let back = try VCardReader().read(data: data, file: "ours.vcf")
    #expect(back.contacts.count == contacts.count)
    #expect(back.unmappedProperties.isEmpty)
    for (a, b) in zip(back.contacts, contacts) {
      #expect(
        a.fieldDictionary
          == b.fieldDictionary.merging(["fullName": a["fullName"] ?? ""]) { _, new in new }.filter {
            !$0.value.isEmpty
          })
      #expect(a.tags == b.tags)
    }
  }

  @Test(.enabled(if: Python.hasVobject, "python3 with vobject not found on PATH"))
  func vcardRoundTripThroughPythonVobject() throws {
    let contacts = try fixtureContacts()
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let file = dir.url.appendingPathComponent("contacts.vcf")
    try VCardWriter().write(contacts).write(to: file)
    let script = """
      import json, sys, vobject
      out = []
      with open(sys.argv[1], encoding='utf-8', newline='') as f:
          for card in vobject.readComponents(f.read()):
              c = {}
              n = card.n.value
              c['n'] = [n.family, n.given, n.additional, n.prefix, n.suffix]
              c['fn'] = card.fn.value
              c['email'] = [e.value for e in card.contents.get('email', [])]
              c['tel'] = [[t.value, ','.join(t.params.get('TYPE', []))] for t in card.contents.get('tel', [])]
              c['adr'] = [[a.value.street, a.value.city, a.value.region, a.value.code, a.value.country] for a in card.contents.get('adr', [])]
              c['note'] = card.note.value if 'note' in card.contents else None
              c['org'] = card.org.value if 'org' in card.contents else None
              c['categories'] = card.categories.value if 'categories' in card.contents else []
              c['x'] = {x.params['NAME'][0]: x.value for x in card.contents.get('x-zmigrate-field', [])}
              out.append(c)
      json.dump(out, sys.stdout)
      """
    let cards = try #require(try Python.jsonObject(script, [file.path]) as? [[String: Any]])
    #expect(cards.count == contacts.count)
    for (card, c) in zip(cards, contacts) {
      let n = card["n"] as? [String]
      #expect(
        n
          == ["lastName", "firstName", "middleName", "namePrefix", "nameSuffix"].map { c[$0] ?? "" }
      )
      if let fn = c["fullName"] { #expect(card["fn"] as? String == fn) }
      let emails = c.fieldNames.filter { $0.hasPrefix("email") }.map { c[$0]! }
      #expect(card["email"] as? [String] == emails)
      let tels = (card["tel"] as? [[String]])?.map { $0[0] } ?? []
      let phoneFields = c.fieldNames.filter {
        $0.contains("Phone") || $0.contains("Fax") || $0 == "pager"
      }.map { c[$0]! }
      #expect(Set(tels) == Set(phoneFields))
      #expect(card["note"] as? String == c["notes"]?.replacingOccurrences(of: "\r\n", with: "\n"))
      if let company = c["company"] {
        let org = card["org"] as? [String]
        #expect(org?.first == company)
        if let dept = c["department"] { #expect(org?.dropFirst().first == dept) }
      }
      #expect(card["categories"] as? [String] == c.tags)
      for adr in (card["adr"] as? [[String]]) ?? [] {
        let match = ["work", "home", "other"].contains { p in
          adr == ["Street", "City", "State", "PostalCode", "Country"].map { c[p + $0] ?? "" }
        }
        #expect(match, "address \(adr)")
      }
      let x = card["x"] as? [String: String] ?? [:]
      for (k, v) in x { #expect(c[k] == v) }
    }
  }

  /// Anniversary, IM addresses and maiden name go out as the `X-ZIMBRA-*` properties Zimbra's vCard
  /// import reads (VCard.java); what it cannot read is named, and our reader maps all of it back.
  @Test func vCardUsesZimbraPropertiesAndNamesWhatZimbraDrops() throws {
    let contact = Contact(
      [
        ("firstName", "Ann"), ("fullName", "Ann Berg"), ("anniversary", "2001-06-30"),
        ("imAddress2", "xmpp://ann@chat.example"),
        ("imAddress1", "ann.aim"), ("maidenName", "Berg"), ("custom1", "blue"),
        ("companyPhone", "+1 555"),
      ],
      tags: ["VIP"])
    let text = VCardWriter().card(contact)
    #expect(text.contains("\r\nX-ZIMBRA-ANNIVERSARY:2001-06-30\r\n"))
    #expect(text.contains("\r\nX-ZIMBRA-MAIDENNAME:Berg\r\n"))
    #expect(
      text.contains(
        "\r\nX-ZIMBRA-IMADDRESS1:ann.aim\r\nX-ZIMBRA-IMADDRESS2:xmpp://ann@chat.example\r\n"))
    #expect(
      VCardWriter.fieldsZimbraVCardImportDrops(contact) == ["custom1", "companyPhone", "tags"])
    #expect(
      VCardWriter.fieldsZimbraVCardImportDrops(
        Contact([("firstName", "B"), ("email", "b@x.example")])
      ).isEmpty)
    let back = try VCardReader().read(data: Data(text.utf8), file: "c.vcf").contacts
    #expect(back.count == 1)
    #expect(back.first?.fieldDictionary == contact.fieldDictionary)
    #expect(back.first?.tags == ["VIP"])
  }
}
