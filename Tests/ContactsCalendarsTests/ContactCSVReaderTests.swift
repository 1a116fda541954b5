import Foundation
import MailModel
import TestSupport
import Testing
@testable import ContactsCalendars

@Suite struct ContactCSVReaderTests {
    func read(_ name: String) throws -> ContactCSVReader.Output {
        try ContactCSVReader().read(contentsOf: Fixture.url("contacts/\(name)"))
    }

    func expectFields(_ contact: Contact, _ expected: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for (k, v) in expected {
            #expect(contact[k] == v, "field \(k)", sourceLocation: sourceLocation)
        }
        let extra = Set(contact.fieldNames).subtracting(expected.keys)
        #expect(extra.isEmpty, "unexpected fields \(extra.sorted())", sourceLocation: sourceLocation)
    }

    @Test func outlookWindows1252() throws {
        let out = try read("outlook.csv")
        #expect(out.dialect == .outlook)
        let r = out.result
        #expect(r.contacts.count == 2)
        expectFields(r.contacts[0], [
            "namePrefix": "Mr.", "firstName": "François", "lastName": "Dupont", "company": "Société Générale",
            "department": "Ventes", "jobTitle": "Directeur", "workStreet": "1 rue de la Paix\nBâtiment B",
            "workCity": "Paris", "workPostalCode": "75002", "workCountry": "France",
            "workFax": "+33 1 00 00 00 01", "workPhone": "+33 1 00 00 00 00", "mobilePhone": "+33 6 00 00 00 00",
            "birthday": "1970-03-24", "email": "francois@example.fr", "email2": "f.dupont@example.com",
            "notes": "Met at the \u{201C}expo\u{201D},\nsecond line", "workURL": "www.example.fr",
        ])
        #expect(r.contacts[0].tags == ["Business", "VIP"])
        expectFields(r.contacts[1], [
            "firstName": "Ann", "lastName": "Lee", "homeStreet": "5 High St", "homeCity": "Leeds",
            "homePostalCode": "LS1 1AA", "homeCountry": "UK", "homePhone": "+44 113 000",
            "birthday": "1985-12-25", "email": "ann@example.co.uk",
        ])
        #expect(r.contacts[1].location?.line == 4)
        #expect(r.unmappedProperties == ["E-mail Type": 2, "E-mail Display Name": 2, "Gender": 2, "Priority": 2])
        #expect(r.diagnostics.map(\.code) == ["charset-fallback"])
    }

    @Test func thunderbird() throws {
        let out = try read("thunderbird.csv")
        #expect(out.dialect == .thunderbird)
        let r = out.result
        #expect(r.contacts.count == 1)
        expectFields(r.contacts[0], [
            "firstName": "Jörg", "lastName": "Åström", "fullName": "Jörg Åström", "email": "jorg@example.se",
            "email2": "jorg@home.example", "workPhone": "+46 8 000", "mobilePhone": "+46 70 000",
            "workStreet": "Storgatan 1\nPlan 2", "workCity": "Stockholm", "workPostalCode": "111 22",
            "workCountry": "Sweden", "jobTitle": "Engineer", "company": "Exempel AB",
            "workURL": "https://exempel.se", "birthday": "1975-07-09", "notes": "Note; with semicolon",
        ])
        #expect(r.unmappedProperties == ["Screen Name": 1])
        #expect(r.diagnostics.isEmpty)
    }

    @Test func google() throws {
        let out = try read("google.csv")
        #expect(out.dialect == .google)
        let r = out.result
        #expect(r.contacts.count == 1)
        expectFields(r.contacts[0], [
            "firstName": "李", "lastName": "雷", "nickname": "Lei", "company": "Example Ltd", "jobTitle": "CTO",
            "birthday": "1988-08-08", "notes": "Multi\nline",
            "email": "lei@work.example", "email2": "lei2@work.example", "email3": "lei@home.example",
            "mobilePhone": "+86 138 0000", "workFax": "+86 10 0000",
            "homeStreet": "88 Road\nUnit 5", "homeCity": "Beijing", "homeState": "BJ", "homePostalCode": "100000",
            "homeCountry": "China", "homeURL": "https://lei.example",
        ])
        #expect(r.contacts[0].tags == ["Friends"])
        #expect(r.unmappedProperties == ["Photo": 1])
    }

    @Test func zimbraCSVRoundTripsThroughOurWriter() throws {
        var contacts: [Contact] = []
        for name in ["v21-qp-charset.vcf", "v30-groups-escapes.vcf", "v40.vcf"] {
            contacts += try VCardReader().read(contentsOf: Fixture.url("contacts/\(name)")).contacts
        }
        contacts.append(Contact([("custom1", "a \"b\", c;d")], tags: ["x\\y", "p,q"]))
        let data = try ZimbraContactCSVWriter().write(contacts)
        let out = try ContactCSVReader().read(data: data, file: "z.csv")
        #expect(out.dialect == .zimbra)
        #expect(out.result.contacts.count == contacts.count)
        for (a, b) in zip(out.result.contacts, contacts) {
            #expect(a.fieldDictionary == b.fieldDictionary)
            #expect(a.tags == b.tags)
        }
        #expect(out.result.diagnostics.isEmpty)
    }

    @Test func semicolonSeparatorAndDates() throws {
        let text = "First Name;Last Name;Birthday;Primary Email\r\nA;B;1.2.1990;a@b\r\n\r\n;;;\r\n"
        let out = try ContactCSVReader().read(data: Data(text.utf8), file: "s.csv")
        #expect(out.dialect == .thunderbird)
        #expect(out.result.contacts.count == 1)
        #expect(out.result.contacts.first?["lastName"] == "B")
        #expect(ContactCSVSyntax.parseDate("1.2.1990")! == ("1990-02-01", false))
        #expect(ContactCSVSyntax.parseDate("2/3/1990")! == ("1990-02-03", true))
        #expect(ContactCSVSyntax.parseDate("0/0/00") == nil)
        #expect(throws: ContactsCalendarsError.self) { try ContactCSVReader().read(data: Data(), file: "e.csv") }
    }
}
