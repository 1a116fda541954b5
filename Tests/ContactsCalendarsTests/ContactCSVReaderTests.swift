import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

@Suite struct ContactCSVReaderTests {
  func read(_ name: String) throws -> ContactCSVReader.Output {
    try ContactCSVReader().read(contentsOf: Fixture.url("contacts/\(name)"))
  }

  func expectFields(
    _ contact: Contact, _ expected: [String: String],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
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
    expectFields(
      r.contacts[0],
      [
        "namePrefix": "Mr.", "firstName": "François", "lastName": "Dupont",
        "company": "Société Générale",
        "department": "Ventes", "jobTitle": "Directeur",
        "workStreet": "1 rue de la Paix\nBâtiment B",
        "workCity": "Paris", "workPostalCode": "75002", "workCountry": "France",
        "workFax": "+33 1 00 00 00 01", "workPhone": "+33 1 00 00 00 00",
        "mobilePhone": "+33 6 00 00 00 00",
        "birthday": "1970-03-24", "email": "francois@example.fr", "email2": "f.dupont@example.com",
        "notes": "Met at the \u{201C}expo\u{201D},\nsecond line", "workURL": "www.example.fr",
      ])
    #expect(r.contacts[0].tags == ["Business", "VIP"])
    expectFields(
      r.contacts[1],
      [
        "firstName": "Ann", "lastName": "Lee", "homeStreet": "5 High St", "homeCity": "Leeds",
        "homePostalCode": "LS1 1AA", "homeCountry": "UK", "homePhone": "+44 113 000",
        "birthday": "1985-12-25", "email": "ann@example.co.uk",
      ])
    #expect(r.contacts[1].location?.line == 4)
    #expect(
      r.unmappedProperties == [
        "E-mail Type": 2, "E-mail Display Name": 2, "Gender": 2, "Priority": 2,
      ])
    #expect(r.diagnostics.map(\.code) == ["charset-fallback"])
  }

  @Test func thunderbird() throws {
    let out = try read("thunderbird.csv")
    #expect(out.dialect == .thunderbird)
    let r = out.result
    #expect(r.contacts.count == 1)
    expectFields(
      r.contacts[0],
      [
        "firstName": "Jörg", "lastName": "Åström", "fullName": "Jörg Åström",
        "email": "jorg@example.se",
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
    expectFields(
      r.contacts[0],
      [
        "firstName": "李", "lastName": "雷", "nickname": "Lei", "company": "Example Ltd",
        "jobTitle": "CTO",
        "birthday": "1988-08-08", "notes": "Multi\nline",
        "email": "lei@work.example", "email2": "lei2@work.example", "email3": "lei@home.example",
        "mobilePhone": "+86 138 0000", "workFax": "+86 10 0000",
        "homeStreet": "88 Road\nUnit 5", "homeCity": "Beijing", "homeState": "BJ",
        "homePostalCode": "100000",
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
    #expect(throws: ContactsCalendarsError.self) {
      try ContactCSVReader().read(data: Data(), file: "e.csv")
    }
  }

  @Test func yahooMonthFirstDatesTagsAndMessengerIDs() throws {
    let out = try read("yahoo.csv")
    #expect(out.dialect == .yahoo)
    let r = out.result
    #expect(r.contacts.count == 2)
    expectFields(
      r.contacts[0],
      [
        "firstName": "Mary", "middleName": "Ann", "lastName": "Smith", "nickname": "Mare",
        "email": "mary.smith@yahoo.example", "email2": "mary@acme.example",
        "imAddress1": "yahoo://marysmith42",
        "imAddress2": "yahoo://mary_aim", "skypeId": "mary.smith.skype",
        "googleChatId": "mary.smith@gmail.example",
        "homePhone": "+1 408 555 0100", "workPhone": "+1 408 555 0101",
        "workFax": "+1 408 555 0102",
        "mobilePhone": "+1 408 555 0103", "homeURL": "http://mary.example",
        "jobTitle": "Accountant",
        "company": "Acme Inc.", "workStreet": "100 Main St\nSuite 200", "workCity": "Sunnyvale",
        "workState": "CA",
        "workPostalCode": "94089", "workCountry": "United States", "birthday": "1975-07-14",
        "anniversary": "2001-03-04", "custom1": "Prefers tea",
        "notes": "Met at the \"Q3\" offsite,\nsits near finance",
      ])
    #expect(r.contacts[0].tags == ["Friends", "Work"])
    expectFields(
      r.contacts[1],
      [
        "firstName": "Bob", "lastName": "Jones", "email": "bob@example.com",
        "mobilePhone": "+1 650 555 0200",
        "homeStreet": "7 Elm Rd", "homeCity": "Palo Alto", "homeState": "CA",
        "homePostalCode": "94301",
        "homeCountry": "United States", "birthday": "1990-11-30",
      ])
    #expect(r.contacts[1].tags == ["Family"])
    #expect(r.contacts[1].location?.line == 5)
    #expect(r.unmappedProperties == ["Yahoo! Phone": 1, "Distribution Lists": 1])
    // 3/4/2001 is ambiguous, but Yahoo writes month first: no date-ambiguous warning.
    #expect(r.diagnostics.isEmpty)
  }

  @Test func yahooPrimaryIsCountedAndDayOver12IsStillRead() throws {
    let text =
      "First,Last,Email,Primary,Birthday,Anniversary\nAnn,Lee,ann@y.example,2,4/5/1980,13/6/2000\n"
    let out = try ContactCSVReader().read(data: Data(text.utf8), file: "y.csv")
    #expect(out.dialect == .yahoo)
    #expect(out.result.contacts.count == 1)
    expectFields(
      out.result.contacts[0],
      [
        "firstName": "Ann", "lastName": "Lee", "email": "ann@y.example",
        "birthday": "1980-04-05", "anniversary": "2000-06-13",
      ])
    #expect(out.result.unmappedProperties == ["Primary": 1])
    #expect(out.result.diagnostics.isEmpty)
  }

  @Test func windowsLiveSingleNameColumn() throws {
    let out = try read("windows-live.csv")
    #expect(out.dialect == .windowsLive)
    let r = out.result
    #expect(r.contacts.count == 3)
    expectFields(
      r.contacts[0],
      [
        "firstName": "Thomas", "middleName": "A.", "lastName": "Anderson",
        "email": "neo@example.net",
        "mobilePhone": "+1 312 555 0199", "homeURL": "http://neo.example.net",
        "workStreet": "1 Metacortex Plaza",
        "workCity": "Chicago", "workPostalCode": "60601", "workState": "IL", "workCountry": "USA",
        "workURL": "http://metacortex.example", "workPhone": "+1 312 555 0100",
        "company": "Metacortex",
        "jobTitle": "Programmer", "department": "Engineering", "office": "Floor 12",
      ])
    expectFields(
      r.contacts[1],
      [
        "firstName": "Maria", "middleName": "Luisa de la", "lastName": "Cruz", "nickname": "Malu",
        "email": "malu@example.es", "homeStreet": "Calle Mayor 3", "homeCity": "Madrid",
        "homePostalCode": "28013",
        "homeCountry": "Spain", "homePhone": "+34 91 000 0000",
        "notes": "Speaks Spanish and English",
      ])
    // First and Last Name present: Name is kept whole as the display name, not split.
    expectFields(
      r.contacts[2],
      [
        "firstName": "Wei", "lastName": "Li", "fullName": "Li Wei", "email": "li.wei@example.cn",
        "pager": "+86 10 0000 0001", "homeFax": "+86 10 0000 0002", "workFax": "+86 10 0000 0003",
      ])
    #expect(r.unmappedProperties.isEmpty)
    #expect(r.diagnostics.isEmpty)
  }

  @Test func outlookSingleNameColumn() throws {
    let text =
      "First Name,Last Name,Name,E-mail Address,E-mail Type\r\n,,\"Smith, John\",john@example.com,SMTP\r\n"
      + "Jane,Doe,Jane Q. Doe,jane@example.com,SMTP\r\n,,Cher,cher@example.com,SMTP\r\n"
    let out = try ContactCSVReader().read(data: Data(text.utf8), file: "n.csv")
    #expect(out.dialect == .outlook)
    #expect(out.result.contacts.count == 3)
    expectFields(
      out.result.contacts[0],
      ["firstName": "John", "lastName": "Smith", "email": "john@example.com"])
    expectFields(
      out.result.contacts[1],
      [
        "firstName": "Jane", "lastName": "Doe", "fullName": "Jane Q. Doe",
        "email": "jane@example.com",
      ])
    expectFields(out.result.contacts[2], ["firstName": "Cher", "email": "cher@example.com"])
    #expect(out.result.unmappedProperties == ["E-mail Type": 3])
  }

  @Test func splitsSingleNames() {
    #expect(ContactCSVSyntax.splitName("Anderson, Thomas A.") == ("Thomas", "A.", "Anderson"))
    #expect(ContactCSVSyntax.splitName("  Ada   King  Lovelace ") == ("Ada", "King", "Lovelace"))
    #expect(ContactCSVSyntax.splitName("Ada Lovelace") == ("Ada", nil, "Lovelace"))
    #expect(ContactCSVSyntax.splitName("Prince") == ("Prince", nil, nil))
    #expect(ContactCSVSyntax.splitName("Lovelace,") == (nil, nil, "Lovelace"))
    #expect(ContactCSVSyntax.splitName("") == (nil, nil, nil))
  }

  @Test func outlookGermanHeadersSemicolonsWindows1252() throws {
    let out = try read("outlook-de.csv")
    #expect(out.dialect == .outlook)
    let r = out.result
    #expect(r.contacts.count == 2)
    expectFields(
      r.contacts[0],
      [
        "namePrefix": "Herr", "firstName": "Jürgen", "lastName": "Müller",
        "company": "Bäckerei Müller GmbH",
        "department": "Verkauf", "jobTitle": "Geschäftsführer",
        "workStreet": "Hauptstraße 5\nHinterhaus",
        "workCity": "München", "workState": "Bayern", "workPostalCode": "80331",
        "workCountry": "Deutschland",
        "workFax": "+49 89 1234561", "workPhone": "+49 89 1234560",
        "mobilePhone": "+49 170 1234567",
        "birthday": "1970-04-03", "email": "juergen@baeckerei.example",
        "email2": "j.mueller@example.de",
        "initials": "J.M.", "notes": "Liefert Brötchen, Mo\u{2013}Fr\nab 6 Uhr",
        "custom1": "Kundennr. 4711",
        "workURL": "www.baeckerei.example",
      ])
    #expect(r.contacts[0].tags == ["Geschäftlich", "Lieferant"])
    expectFields(
      r.contacts[1],
      [
        "namePrefix": "Frau", "firstName": "Änne", "lastName": "Özdemir",
        "homeStreet": "Lindenstraße 3",
        "homeCity": "Köln", "homePostalCode": "50667", "homeCountry": "Deutschland",
        "homePhone": "+49 221 000000",
        "birthday": "1985-12-24", "email": "aenne@example.de",
      ])
    #expect(r.contacts[1].tags.isEmpty)
    #expect(r.contacts[1].location?.line == 4)
    #expect(
      r.unmappedProperties == [
        "E-Mail-Typ": 2, "E-Mail: Angezeigter Name": 2, "E-Mail 2: Typ": 1,
        "E-Mail 2: Angezeigter Name": 1,
        "Geschlecht": 2, "Priorität": 2, "Privat": 2,
      ])
    #expect(r.diagnostics.map(\.code) == ["charset-fallback"])
  }

  @Test func outlookFrenchRepeatedTitreAndDayFirstDates() throws {
    let header =
      "\"Titre\";\"Prénom\";\"Deuxième prénom\";\"Nom\";\"Société\";\"Service\";\"Titre\";\"Rue (bureau)\";"
      + "\"Ville (bureau)\";\"Anniversaire\";\"Catégories\";\"Adresse de messagerie\";\"Type de messagerie\";\"Sexe\"\r\n"
    let rows =
      "\"M.\";\"Jean\";\"\";\"Martin\";\"Exemple SARL\";\"Achats\";\"Acheteur\";\"1 place Bellecour\";"
      + "\"Lyon\";\"03/04/1970\";\"Fournisseurs;Lyon\";\"jean.martin@exemple.fr\";\"SMTP\";\"Homme\"\r\n"
      + "\"\";\"Claire\";\"\";\"Roux\";\"\";\"\";\"Directrice\";\"\";\"\";\"0/0/00\";\"\";\"claire@exemple.fr\";\"SMTP\";\"\"\r\n"
    let out = try ContactCSVReader().read(data: Data((header + rows).utf8), file: "fr.csv")
    #expect(out.dialect == .outlook)
    #expect(out.result.contacts.count == 2)
    expectFields(
      out.result.contacts[0],
      [
        "namePrefix": "M.", "firstName": "Jean", "lastName": "Martin", "company": "Exemple SARL",
        "department": "Achats", "jobTitle": "Acheteur", "workStreet": "1 place Bellecour",
        "workCity": "Lyon",
        "birthday": "1970-04-03", "email": "jean.martin@exemple.fr",
      ])
    #expect(out.result.contacts[0].tags == ["Fournisseurs", "Lyon"])
    // The first Titre is empty: the second one is still the job title.
    expectFields(
      out.result.contacts[1],
      [
        "firstName": "Claire", "lastName": "Roux", "jobTitle": "Directrice",
        "email": "claire@exemple.fr",
      ])
    #expect(out.result.unmappedProperties == ["Type de messagerie": 2, "Sexe": 1])
    #expect(out.result.diagnostics.isEmpty)
  }

  @Test func thunderbirdFrenchRepeatedAddressColumns() throws {
    let out = try read("thunderbird-fr.csv")
    #expect(out.dialect == .thunderbird)
    let r = out.result
    #expect(r.contacts.count == 2)
    expectFields(
      r.contacts[0],
      [
        "firstName": "Amélie", "lastName": "Lefèvre", "fullName": "Amélie Lefèvre",
        "nickname": "Mimi",
        "email": "amelie@exemple.fr", "email2": "amelie@maison.example",
        "workPhone": "+33 4 00 00 00 00",
        "homePhone": "+33 1 11 11 11 11", "mobilePhone": "+33 6 11 11 11 11",
        "homeStreet": "12 rue des Lilas\nEscalier B", "homeCity": "Paris",
        "homeState": "Île-de-France",
        "homePostalCode": "75011", "homeCountry": "France", "workStreet": "5 quai Perrache\nBât. C",
        "workCity": "Lyon", "workState": "Rhône", "workPostalCode": "69002",
        "workCountry": "France",
        "jobTitle": "Ingénieure", "department": "R&D", "company": "Exemple SA",
        "workURL": "https://exemple.fr",
        "birthday": "1982-11-05", "notes": "Note, avec virgule",
      ])
    // Only the second (work) Ville/Pays/Code postal/Région are filled: they must not become home fields.
    expectFields(
      r.contacts[1],
      [
        "firstName": "Noël", "lastName": "Girard", "fullName": "Noël Girard",
        "email": "noel@exemple.fr",
        "workPhone": "+33 5 22 22 22 22", "workFax": "+33 5 22 22 22 23",
        "workStreet": "8 allée des Pins",
        "workCity": "Bordeaux", "workState": "Nouvelle-Aquitaine", "workPostalCode": "33000",
        "workCountry": "France", "jobTitle": "Comptable", "company": "Girard & Fils",
      ])
    #expect(r.unmappedProperties == ["Nom de l'écran": 1])
    #expect(r.diagnostics.isEmpty)
  }

  @Test func outlookUnknownCustomFields() throws {
    let out = try read("outlook-unknown.csv")
    #expect(out.dialect == .outlookUnknown)
    let r = out.result
    #expect(r.contacts.count == 2)
    expectFields(
      r.contacts[0],
      [
        "namePrefix": "Dr.", "firstName": "Helen", "middleName": "R.", "lastName": "Carter",
        "nameSuffix": "PhD",
        "company": "Northwind Traders", "department": "Research", "jobTitle": "Chief Scientist",
        "workStreet": "4 Harbour Way\nBuilding 9", "workCity": "Seattle", "workState": "WA",
        "workPostalCode": "98101", "workCountry": "USA", "assistantPhone": "+1 206 555 0111",
        "workFax": "+1 206 555 0112", "workPhone": "+1 206 555 0110",
        "mobilePhone": "+1 206 555 0113",
        "anniversary": "1995-06-15", "assistantName": "Tom Price", "birthday": "1968-02-29",
        "children": "Ava, Leo", "email": "helen.carter@northwind.example",
        "email2": "hcarter@home.example",
        "gender": "Female", "hobby": "Sailing", "notes": "Prefers e-mail", "spouse": "James",
        "custom1": "Account 1001", "workURL": "http://northwind.example",
      ])
    #expect(r.contacts[0].tags == ["Key Customer", "Research"])
    expectFields(
      r.contacts[1],
      [
        "firstName": "Sam", "lastName": "Lee", "homeStreet": "22 Pine St", "homeCity": "Portland",
        "homeState": "OR",
        "homePostalCode": "97201", "homeCountry": "USA", "homePhone": "+1 503 555 0120",
        "birthday": "1990-12-01",
        "email": "sam@example.org",
      ])
    #expect(r.unmappedProperties == ["PrimaryPhone": 1, "EmailDisplayName": 2])
    // English headers say nothing about the date order: 12/1/1990 is a guess.
    #expect(r.diagnostics.map(\.code) == ["date-ambiguous"])
    #expect(r.diagnostics.first?.location.line == 3)
  }

  static let fixtureDialects: [String: ContactCSVReader.Dialect] = [
    "outlook.csv": .outlook, "outlook-de.csv": .outlook, "thunderbird.csv": .thunderbird,
    "thunderbird-fr.csv": .thunderbird, "google.csv": .google, "yahoo.csv": .yahoo,
    "windows-live.csv": .windowsLive, "outlook-unknown.csv": .outlookUnknown,
    "outlook-unicode.csv": .outlook,
  ]

  @Test func detectsTheDialectOfEveryFixture() throws {
    let folder = Fixture.url("contacts")
    let csvs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      $0.hasSuffix(".csv")
    }
    // A new CSV fixture must say which dialect it is.
    #expect(Set(csvs) == Set(Self.fixtureDialects.keys))
    for name in csvs.sorted() {
      var ignored: [MailModel.Diagnostic] = []
      let text = try ContactCSVReader.decode(
        try Data(contentsOf: folder.appendingPathComponent(name)), file: name, diagnostics: &ignored
      )
      let header = try #require(ContactCSVSyntax.records(text).first).cells.map {
        $0.contactsTrimmed()
      }
      #expect(
        ContactCSVReader.detectDialect(header: header) == Self.fixtureDialects[name], "\(name)")
      #expect(try read(name).dialect == Self.fixtureDialects[name], "\(name)")
    }
  }

  @Test(arguments: [
    (["First", "Last", "Email"], ContactCSVReader.Dialect.yahoo),
    (["First Name", "Last Name", "E-mail 1 - Value"], .google),
    (["Name", "E-mail Address", "Personal Web Page"], .windowsLive),
    (["First Name", "Last Name", "Business Street 2", "E-mail Type"], .outlook),
    (["Vorname", "Nachname", "E-Mail-Adresse"], .outlook),
    (["Vorname", "Nachname", "Primäre E-Mail-Adresse"], .thunderbird),
    (["Prénom", "Nom", "Adresse de messagerie"], .outlook),
    (["Prénom", "Nom de famille", "Adresse électronique principale"], .thunderbird),
    (["FirstName", "LastName", "EmailAddress"], .outlookUnknown),
    (["firstName", "lastName", "email"], .zimbra),
    (["Something", "Else"], .zimbra),
  ])
  func detectsSmallHeaders(header: [String], expected: ContactCSVReader.Dialect) {
    #expect(ContactCSVReader.detectDialect(header: header) == expected)
  }

  @Test func dialectNamesForTheCommandLine() {
    #expect(
      ContactCSVReader.Dialect.allCases.map(\.rawValue) == [
        "zimbra", "outlook", "thunderbird", "google", "yahoo", "windows-live", "outlook-unknown",
      ])
  }

  @Test func columnTablesAreConsistent() {
    let special: Set<String> = [
      ContactCSVMaps.noField, "@tags", "@groups", "@name", "@birthYear", "@birthMonth", "@birthDay",
    ]
    for (dialect, tables) in ContactCSVMaps.localized {
      var seen: [String: (locale: String, target: String)] = [:]
      for table in tables {
        for (name, target) in table.columns {
          if let earlier = seen[name] {
            #expect(
              earlier.target == target,
              "\(dialect) '\(name)': \(earlier.locale) \(earlier.target), \(table.locale) \(target)"
            )
          }
          seen[name] = (table.locale, target)
          for t in target.split(separator: "|") where t.hasPrefix("@") {
            #expect(special.contains(String(t)), "\(dialect) '\(name)' → \(t)")
          }
        }
      }
    }
    #expect(
      Set(ContactCSVMaps.localized.keys)
        == Set(ContactCSVReader.Dialect.allCases).subtracting([.zimbra]))
  }

  /// Windows Live Mail writes a subset of Outlook's names (plus two web page columns), so an export
  /// without those two may be detected as Outlook; that must give the same contacts.
  @Test func windowsLiveColumnsMeanTheSameInOutlook() {
    let outlook = ContactCSVMaps.columns[.outlook]!
    let shared = ContactCSVMaps.windowsLive.filter { outlook[$0.key] != nil }
    #expect(shared.count == ContactCSVMaps.windowsLive.count - 2)
    for (name, target) in shared {
      #expect(outlook[name] == target, "\(name)")
    }
    let noWebPages = ContactCSVMaps.windowsLive.keys.filter { !$0.hasSuffix("Web Page") }
    #expect(ContactCSVReader.detectDialect(header: noWebPages) == .outlook)
  }

  @Test func dateOrders() {
    #expect(ContactCSVSyntax.parseDate("3/4/2001")! == ("2001-03-04", true))
    #expect(ContactCSVSyntax.parseDate("3/4/2001", order: .monthFirst)! == ("2001-03-04", false))
    #expect(ContactCSVSyntax.parseDate("3/4/2001", order: .dayFirst)! == ("2001-04-03", false))
    #expect(ContactCSVSyntax.parseDate("3/24/2001", order: .dayFirst)! == ("2001-03-24", false))
    #expect(ContactCSVSyntax.parseDate("24/3/2001", order: .monthFirst)! == ("2001-03-24", false))
    #expect(ContactCSVSyntax.parseDate("3.4.2001", order: .monthFirst)! == ("2001-04-03", false))
    #expect(
      ContactCSVSyntax.parseDate("4/4/01", order: .monthFirstGuessed)! == ("2001-04-04", false))
  }

  /// Outlook's "Unicode" export: UTF-16LE with a byte-order mark, tab-separated.
  @Test func outlookUnicodeUTF16Tabs() throws {
    let out = try read("outlook-unicode.csv")
    #expect(out.dialect == .outlook)
    #expect(out.result.diagnostics.isEmpty, "\(out.result.diagnostics)")
    #expect(out.result.contacts.count == 2)
    expectFields(
      out.result.contacts[0],
      [
        "firstName": "美玲", "lastName": "王", "company": "上海示例有限公司", "jobTitle": "经理",
        "email": "meiling@example.cn", "mobilePhone": "+86 139 0000 0000",
        "workStreet": "南京东路 100 号",
        "workCity": "上海", "workCountry": "中国", "birthday": "1990-05-17", "notes": "第一行\n第二行",
      ])
    #expect(out.result.contacts[0].tags == ["客户", "VIP"])
    expectFields(
      out.result.contacts[1],
      [
        "firstName": "Zoë", "lastName": "Ångström", "company": "Café Ø", "jobTitle": "Barista",
        "email": "zoe@example.no", "workCity": "Oslo", "workCountry": "Norge",
      ])
    #expect(out.result.contacts[1].location?.line == 4)
    // Without the byte-order mark the zero bytes still tell UTF-16, with a warning.
    let noMark = try Data(contentsOf: Fixture.url("contacts/outlook-unicode.csv")).dropFirst(2)
    let guessed = try ContactCSVReader().read(data: Data(noMark), file: "nomark.csv")
    #expect(
      guessed.result.contacts.map(\.fieldDictionary) == out.result.contacts.map(\.fieldDictionary))
    #expect(guessed.result.diagnostics.map(\.code) == ["charset-guess"])
    // Big-endian too.
    let text = try #require(String(data: Data(noMark), encoding: .utf16LittleEndian))
    let bigEndian = Data([0xFE, 0xFF]) + (text.data(using: .utf16BigEndian) ?? Data())
    #expect(
      try ContactCSVReader().read(data: bigEndian, file: "be.csv").result.contacts.map(
        \.fieldDictionary)
        == out.result.contacts.map(\.fieldDictionary))
  }
}
