import Foundation
import MailModel
import TestSupport
import Testing

@testable import ContactsCalendars

@Suite struct ContactCSVReaderTests {
  func read(_ name: String) throws -> ContactCSVReader.Output {
    try ContactCSVReader().read(contentsOf: Fixture.url("contacts/\(name)"))
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

  /// One header language (or variant) of a dialect: the file, and what its two contacts hold.
  struct LanguageCase: Sendable, CustomTestStringConvertible {
    var label: String
    var file: String
    /// The file's text when it is not a fixture.
    var text: String? = nil
    var dialect: ContactCSVReader.Dialect
    var first: [String: String]
    /// The first contact's tags; nil when not checked.
    var firstTags: [String]? = nil
    var second: [String: String]
    var secondTags: [String]? = nil
    /// The second contact's line; nil when not checked.
    var secondLine: Int? = nil
    var unmapped: [String: Int]
    var diagnostics: [String] = []
    /// The first diagnostic's line; nil when not checked.
    var diagnosticLine: Int? = nil

    var testDescription: String { label }
  }

  static let languageCases: [LanguageCase] = [
    LanguageCase(
      label: "German Outlook: semicolons, Windows-1252", file: "outlook-de.csv",
      dialect: .outlook,
      first: [
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
      ],
      firstTags: ["Geschäftlich", "Lieferant"],
      second: [
        "namePrefix": "Frau", "firstName": "Änne", "lastName": "Özdemir",
        "homeStreet": "Lindenstraße 3",
        "homeCity": "Köln", "homePostalCode": "50667", "homeCountry": "Deutschland",
        "homePhone": "+49 221 000000",
        "birthday": "1985-12-24", "email": "aenne@example.de",
      ],
      secondTags: [],
      secondLine: 4,
      unmapped: [
        "E-Mail-Typ": 2, "E-Mail: Angezeigter Name": 2, "E-Mail 2: Typ": 1,
        "E-Mail 2: Angezeigter Name": 1,
        "Geschlecht": 2, "Priorität": 2, "Privat": 2,
      ],
      diagnostics: ["charset-fallback"]),
    // The first Titre is empty: the second one is still the job title.
    LanguageCase(
      label: "French Outlook: repeated Titre, day-first dates", file: "fr.csv",
      text:
        "\"Titre\";\"Prénom\";\"Deuxième prénom\";\"Nom\";\"Société\";\"Service\";\"Titre\";\"Rue (bureau)\";"
        + "\"Ville (bureau)\";\"Anniversaire\";\"Catégories\";\"Adresse de messagerie\";\"Type de messagerie\";\"Sexe\"\r\n"
        + "\"M.\";\"Jean\";\"\";\"Martin\";\"Exemple SARL\";\"Achats\";\"Acheteur\";\"1 place Bellecour\";"
        + "\"Lyon\";\"03/04/1970\";\"Fournisseurs;Lyon\";\"jean.martin@exemple.fr\";\"SMTP\";\"Homme\"\r\n"
        + "\"\";\"Claire\";\"\";\"Roux\";\"\";\"\";\"Directrice\";\"\";\"\";\"0/0/00\";\"\";\"claire@exemple.fr\";\"SMTP\";\"\"\r\n",
      dialect: .outlook,
      first: [
        "namePrefix": "M.", "firstName": "Jean", "lastName": "Martin", "company": "Exemple SARL",
        "department": "Achats", "jobTitle": "Acheteur", "workStreet": "1 place Bellecour",
        "workCity": "Lyon",
        "birthday": "1970-04-03", "email": "jean.martin@exemple.fr",
      ],
      firstTags: ["Fournisseurs", "Lyon"],
      second: [
        "firstName": "Claire", "lastName": "Roux", "jobTitle": "Directrice",
        "email": "claire@exemple.fr",
      ],
      unmapped: ["Type de messagerie": 2, "Sexe": 1]),
    // Only the second (work) Ville/Pays/Code postal/Région are filled: they must not become home fields.
    LanguageCase(
      label: "French Thunderbird: repeated address columns", file: "thunderbird-fr.csv",
      dialect: .thunderbird,
      first: [
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
      ],
      second: [
        "firstName": "Noël", "lastName": "Girard", "fullName": "Noël Girard",
        "email": "noel@exemple.fr",
        "workPhone": "+33 5 22 22 22 22", "workFax": "+33 5 22 22 22 23",
        "workStreet": "8 allée des Pins",
        "workCity": "Bordeaux", "workState": "Nouvelle-Aquitaine", "workPostalCode": "33000",
        "workCountry": "France", "jobTitle": "Comptable", "company": "Girard & Fils",
      ],
      unmapped: ["Nom de l'écran": 1]),
    // English headers say nothing about the date order: 12/1/1990 is a guess.
    LanguageCase(
      label: "outlook-unknown: custom fields", file: "outlook-unknown.csv",
      dialect: .outlookUnknown,
      first: [
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
      ],
      firstTags: ["Key Customer", "Research"],
      second: [
        "firstName": "Sam", "lastName": "Lee", "homeStreet": "22 Pine St", "homeCity": "Portland",
        "homeState": "OR",
        "homePostalCode": "97201", "homeCountry": "USA", "homePhone": "+1 503 555 0120",
        "birthday": "1990-12-01",
        "email": "sam@example.org",
      ],
      unmapped: ["PrimaryPhone": 1, "EmailDisplayName": 2],
      diagnostics: ["date-ambiguous"],
      diagnosticLine: 3),
    // `Particular` is the home phone in Spanish headers (Brazilian Outlook's private flag).
    LanguageCase(
      label: "Spanish Outlook: mixed headers, day first, Particular", file: "outlook-es.csv",
      dialect: .outlook,
      first: [
        "namePrefix": "Sr.", "firstName": "José", "middleName": "Luis", "lastName": "García Pérez",
        "company": "Construcciones Ibéricas S.A.", "department": "Compras",
        "jobTitle": "Jefe de compras", "workStreet": "Calle de Alcalá 120\n3º izquierda",
        "workCity": "Madrid", "workState": "Madrid", "workPostalCode": "28009",
        "workCountry": "España", "workFax": "+34 91 000 00 01", "workPhone": "+34 91 000 00 00",
        "mobilePhone": "+34 600 000 000", "homePhone": "+34 91 111 11 11", "birthday": "1970-04-03",
        "email": "jose.garcia@example.es", "initials": "J.L.G.",
        "notes": "Prefiere llamadas\npor la mañana", "workURL": "www.ibericas.example",
      ],
      firstTags: ["Proveedores", "Madrid"],
      second: [
        "namePrefix": "Sra.", "firstName": "Núria", "lastName": "Puig",
        "homeStreet": "Carrer de Mallorca 401", "homeCity": "Barcelona", "homePostalCode": "08013",
        "homeCountry": "España", "anniversary": "2010-02-14", "birthday": "1988-12-25",
        "email": "nuria@example.cat",
      ],
      secondTags: [],
      secondLine: 4,
      unmapped: [
        "E-mail Type": 2, "Nombre de pantalla de correo electrónico": 2,
        "Género": 2, "Prioridad": 2, "Private": 2,
      ],
      diagnostics: ["charset-fallback"]),
    LanguageCase(
      label: "Italian Outlook", file: "outlook-it.csv",
      dialect: .outlook,
      first: [
        "namePrefix": "Dott.", "firstName": "Giuseppe", "lastName": "Verdi",
        "company": "Acme Italia S.p.A.", "department": "Vendite",
        "jobTitle": "Direttore commerciale", "workStreet": "Via Roma 10\nScala B",
        "workCity": "Milano", "workState": "MI", "workPostalCode": "20121", "workCountry": "Italia",
        "workFax": "+39 02 0000001", "workPhone": "+39 02 0000000",
        "mobilePhone": "+39 333 0000000", "birthday": "1972-06-05",
        "email": "giuseppe.verdi@acme.example", "email2": "g.verdi@example.it", "initials": "G.V.",
        "notes": "Cliente dal 2005; preferisce l\u{2019}e-mail", "custom1": "Codice 42",
        "workURL": "www.acme.example",
      ],
      firstTags: ["Clienti", "VIP"],
      second: [
        "namePrefix": "Sig.ra", "firstName": "Lucia", "lastName": "Bianchi",
        "homeStreet": "Corso Italia 7", "homeCity": "Torino", "homeState": "TO",
        "homePostalCode": "10128", "homeCountry": "Italia", "homePhone": "+39 011 000000",
        "anniversary": "2015-09-01", "birthday": "1990-12-31", "email": "lucia@example.it",
      ],
      unmapped: [
        "Tipo posta elettronica": 2, "Nome visualizzato posta elettronica": 2, "Sesso": 2,
        "Priorità": 2, "Privato": 2,
      ],
      diagnostics: ["charset-fallback"]),
    LanguageCase(
      label: "Dutch Outlook: dash dates", file: "outlook-nl.csv",
      dialect: .outlook,
      first: [
        "namePrefix": "Dhr.", "firstName": "Jan", "middleName": "van der", "lastName": "Berg",
        "company": "Molen B.V.", "department": "Inkoop", "jobTitle": "Inkoper",
        "workStreet": "Keizersgracht 100\n2e verdieping", "workCity": "Amsterdam",
        "workState": "Noord-Holland", "workPostalCode": "1015 AA", "workCountry": "Nederland",
        "workFax": "+31 20 0000001", "workPhone": "+31 20 0000000", "mobilePhone": "+31 6 00000000",
        "birthday": "1970-04-03", "email": "jan@molen.example", "initials": "J.v.d.B.",
        "notes": "Belt liever\nna 10 uur", "workURL": "www.molen.example",
      ],
      firstTags: ["Leveranciers"],
      second: [
        "namePrefix": "Mevr.", "firstName": "Sanne", "lastName": "de Vries",
        "homeStreet": "Oudegracht 5", "homeCity": "Utrecht", "homePostalCode": "3511 AB",
        "homeCountry": "Nederland", "homePhone": "+31 30 0000000", "anniversary": "2015-05-12",
        "birthday": "1991-08-07", "email": "sanne@example.nl",
      ],
      secondTags: ["Familie", "Vrienden"],
      unmapped: [
        "E-mailtype": 2, "Weergavenaam voor e-mail": 2, "Geslacht": 2, "Prioriteit": 2,
        "Privé": 2,
      ],
      diagnostics: ["charset-fallback"]),
    // The first Estado is the home state, the second the other address's.
    // Particular is the private flag here: never a phone number.
    LanguageCase(
      label: "Brazilian Outlook: repeated Estado, English columns", file: "outlook-pt-br.csv",
      dialect: .outlook,
      first: [
        "namePrefix": "Sr.", "firstName": "João", "lastName": "Silva", "company": "Exemplo Ltda.",
        "department": "Financeiro", "jobTitle": "Gerente financeiro",
        "workStreet": "Av. Paulista 1000\nConj. 12", "workCity": "São Paulo", "workState": "SP",
        "workPostalCode": "01310-100", "workCountry": "Brasil", "workFax": "+55 11 0000-0001",
        "workPhone": "+55 11 0000-0000", "mobilePhone": "+55 11 90000-0000",
        "birthday": "1970-04-03", "email": "joao.silva@exemplo.example", "initials": "J.S.",
        "notes": "Atende às terças", "workURL": "www.exemplo.example",
      ],
      firstTags: ["Clientes"],
      second: [
        "namePrefix": "Sra.", "firstName": "Ana", "lastName": "Souza",
        "homeStreet": "Rua das Flores 50\nApto 301", "homeCity": "Curitiba", "homeState": "PR",
        "homePostalCode": "80010-000", "homeCountry": "Brasil", "otherStreet": "Estrada do Rosa 9",
        "otherCity": "Imbituba", "otherState": "SC", "otherPostalCode": "88780-000",
        "otherCountry": "Brasil", "homePhone": "+55 41 0000-0000", "anniversary": "2012-11-10",
        "birthday": "1987-08-15", "email": "ana@exemplo.com.br",
      ],
      secondTags: ["Família"],
      unmapped: [
        "Tipo de email": 2, "Nome para exibição do email": 2, "Sexo": 2, "Prioridade": 2,
        "Particular": 2,
      ],
      diagnostics: ["charset-fallback"]),
    LanguageCase(
      label: "Danish Outlook: dash dates", file: "outlook-da.csv",
      dialect: .outlook,
      first: [
        "namePrefix": "Hr.", "firstName": "Søren", "lastName": "Jørgensen",
        "company": "Æblegården ApS", "department": "Salg", "jobTitle": "Salgschef",
        "workStreet": "Vestergade 12\n1. sal", "workCity": "København K",
        "workPostalCode": "1456", "workCountry": "Danmark", "workFax": "+45 33 00 00 01",
        "workPhone": "+45 33 00 00 00", "mobilePhone": "+45 20 00 00 00",
        "birthday": "1970-04-03", "email": "soren@aeblegaarden.example", "initials": "S.J.",
        "notes": "Ring efter kl. 9", "workURL": "www.aeblegaarden.example",
      ],
      firstTags: ["Kunder", "Leverandører"],
      second: [
        "namePrefix": "Fru", "firstName": "Åse", "lastName": "Østergaard",
        "homeStreet": "Strandvejen 8", "homeCity": "Aarhus C", "homePostalCode": "8000",
        "homeCountry": "Danmark", "homePhone": "+45 86 00 00 00", "anniversary": "2012-06-01",
        "birthday": "1984-12-24", "email": "aase@example.dk",
      ],
      secondTags: ["Familie"],
      unmapped: [
        "E-mail-type": 2, "E-mail-vist navn": 2, "Køn": 2, "Prioritet": 2, "Privat": 2,
      ],
      diagnostics: ["charset-fallback"]),
    LanguageCase(
      label: "Swedish Outlook: ISO dates", file: "outlook-sv.csv",
      dialect: .outlook,
      first: [
        "firstName": "Björn", "lastName": "Ångström", "company": "Exempel AB",
        "department": "Inköp", "jobTitle": "Inköpschef",
        "workStreet": "Drottninggatan 5\nPlan 3", "workCity": "Stockholm",
        "workPostalCode": "111 51", "workCountry": "Sverige", "workFax": "+46 8 000 00 01",
        "workPhone": "+46 8 000 00 00", "mobilePhone": "+46 70 000 00 00",
        "birthday": "1970-04-03", "email": "bjorn@exempel.se", "initials": "B.Å.",
        "notes": "Föredrar e-post", "workURL": "www.exempel.se",
      ],
      firstTags: ["Leverantörer"],
      second: [
        "firstName": "Märta", "lastName": "Öberg", "homeStreet": "Kungsgatan 2",
        "homeCity": "Göteborg", "homePostalCode": "411 19", "homeCountry": "Sverige",
        "homePhone": "+46 31 000 000", "anniversary": "2012-06-01", "birthday": "1985-12-04",
        "email": "marta@example.se",
      ],
      secondTags: ["Familj", "Vänner"],
      unmapped: [
        "E-posttyp": 2, "E-postnamn": 2, "Kön": 2, "Prioritet": 2, "Privat": 2,
      ],
      diagnostics: ["charset-fallback"]),
    LanguageCase(
      label: "Polish Outlook: Unicode export", file: "outlook-pl.csv",
      dialect: .outlook,
      first: [
        "namePrefix": "Pan", "firstName": "Paweł", "lastName": "Wiśniewski",
        "company": "Przykład Sp. z o.o.", "department": "Zakupy", "jobTitle": "Kierownik zakupów",
        "workStreet": "ul. Marszałkowska 10\nlok. 5", "workCity": "Warszawa",
        "workState": "mazowieckie", "workPostalCode": "00-590", "workCountry": "Polska",
        "workFax": "+48 22 000 00 01", "workPhone": "+48 22 000 00 00",
        "mobilePhone": "+48 600 000 000", "birthday": "1970-04-03",
        "email": "pawel@przyklad.example", "initials": "P.W.", "notes": "Dzwonić po 9:00",
        "workURL": "www.przyklad.example",
      ],
      firstTags: ["Dostawcy", "Warszawa"],
      second: [
        "namePrefix": "Pani", "firstName": "Zofia", "lastName": "Łukasiewicz",
        "homeStreet": "ul. Długa 3", "homeCity": "Gdańsk", "homePostalCode": "80-827",
        "homeCountry": "Polska", "homePhone": "+48 58 000 00 00", "anniversary": "2012-06-01",
        "birthday": "1986-12-24", "email": "zofia@example.pl",
      ],
      secondTags: ["Rodzina"],
      unmapped: [
        "Typ poczty e-mail": 2, "Wyświetlana nazwa e-mail": 2, "Płeć": 2, "Priorytet": 2,
        "Prywatne": 2,
      ]),
    LanguageCase(
      label: "Spanish Thunderbird", file: "thunderbird-es.csv",
      dialect: .thunderbird,
      first: [
        "firstName": "Lucía", "lastName": "Fernández", "fullName": "Lucía Fernández",
        "nickname": "Lu", "email": "lucia@ejemplo.es", "email2": "lucia@casa.example",
        "workPhone": "+34 93 000 00 00", "homePhone": "+34 93 111 11 11",
        "mobilePhone": "+34 600 111 111", "homeStreet": "Carrer de Sants 10\n2º 1ª",
        "homeCity": "Barcelona", "homeState": "Barcelona", "homePostalCode": "08014",
        "homeCountry": "España", "workStreet": "Avinguda Diagonal 600", "workCity": "Barcelona",
        "workState": "Barcelona", "workPostalCode": "08021", "workCountry": "España",
        "jobTitle": "Diseñadora", "department": "Producto", "company": "Ejemplo S.L.",
        "workURL": "https://ejemplo.es", "birthday": "1984-02-29", "custom1": "Cliente preferente",
        "notes": "Notas, con coma",
      ],
      second: [
        "firstName": "Andrés", "lastName": "Molina", "fullName": "Andrés Molina",
        "email": "andres@ejemplo.es", "mobilePhone": "+34 600 222 222",
        "workFax": "+34 91 333 33 33",
      ],
      unmapped: ["Nombre en pantalla": 1]),
    // Year and month without a day: no birthday, with a warning.
    LanguageCase(
      label: "Dutch Thunderbird: incomplete birthday", file: "thunderbird-nl.csv",
      dialect: .thunderbird,
      first: [
        "firstName": "Pieter", "lastName": "Jansen", "fullName": "Pieter Jansen",
        "nickname": "Piet", "email": "pieter@voorbeeld.nl", "email2": "piet@thuis.example",
        "workPhone": "+31 10 000 0000", "homePhone": "+31 10 111 1111",
        "workFax": "+31 10 000 0001", "mobilePhone": "+31 6 11111111",
        "homeStreet": "Coolsingel 1\nBus 4", "homeCity": "Rotterdam", "homeState": "Zuid-Holland",
        "homePostalCode": "3011 AD", "homeCountry": "Nederland", "workStreet": "Weena 200",
        "workCity": "Rotterdam", "workState": "Zuid-Holland", "workPostalCode": "3012 NJ",
        "workCountry": "Nederland", "jobTitle": "Projectleider", "department": "ICT",
        "company": "Voorbeeld B.V.", "workURL": "https://voorbeeld.nl", "birthday": "1979-11-03",
        "notes": "Eerste regel\nTweede regel",
      ],
      second: [
        "firstName": "Femke", "lastName": "Bakker", "fullName": "Femke Bakker",
        "email": "femke@voorbeeld.nl",
      ],
      unmapped: ["Schermnaam": 1],
      diagnostics: ["date-unparsed"],
      diagnosticLine: 4),
  ]

  @Test(arguments: languageCases)
  func headerLanguage(_ c: LanguageCase) throws {
    let out =
      try c.text.map { try ContactCSVReader().read(data: Data($0.utf8), file: c.file) }
      ?? read(c.file)
    #expect(out.dialect == c.dialect)
    let r = out.result
    #expect(r.contacts.count == 2)
    guard r.contacts.count == 2 else { return }
    expectFields(r.contacts[0], c.first)
    if let tags = c.firstTags { #expect(r.contacts[0].tags == tags) }
    expectFields(r.contacts[1], c.second)
    if let tags = c.secondTags { #expect(r.contacts[1].tags == tags) }
    if let line = c.secondLine { #expect(r.contacts[1].location?.line == line) }
    #expect(r.unmappedProperties == c.unmapped)
    #expect(r.diagnostics.map(\.code) == c.diagnostics, "\(r.diagnostics)")
    if let line = c.diagnosticLine { #expect(r.diagnostics.first?.location.line == line) }
  }

  /// Polish Outlook's CSV is Windows-1250, which the reader does not decode; its "Unicode" export
  /// (UTF-16, tab-separated) is read.
  /// Polish Outlook's usual CSV: Windows-1250 with `;`. Its header reads as Polish only in 1250, so
  /// that is chosen over Windows-1252, and the contacts equal those of the Unicode export.
  @Test func outlookPolishWindows1250() throws {
    let legacy = try read("outlook-pl-1250.csv")
    let unicode = try read("outlook-pl.csv")
    #expect(legacy.dialect == .outlook)
    #expect(legacy.result.contacts.count == 2)
    #expect(
      legacy.result.contacts.map(\.fieldDictionary)
        == unicode.result.contacts.map(\.fieldDictionary))
    #expect(legacy.result.contacts.map(\.tags) == unicode.result.contacts.map(\.tags))
    #expect(legacy.result.contacts.first?["firstName"] == "Paweł")
    #expect(
      legacy.result.diagnostics.map(\.message) == [
        "CSV is not valid UTF-8; decoded as Windows-1250"
      ])
    // A Western file still reads as Windows-1252.
    #expect(
      try read("outlook-de.csv").result.diagnostics.map(\.message)
        == ["CSV is not valid UTF-8; decoded as Windows-1252"])
  }

  /// The new header languages read `3/4/1970` day first with no warning; English still guesses.
  @Test(arguments: [
    ("Nombre;Apellidos;Birthday", "es"), ("Nome;Cognome;Compleanno", "it"),
    ("Voornaam;Achternaam;Verjaardag", "nl"), ("Primeiro nome;Sobrenome;Birthday", "pt_BR"),
    ("Fornavn;Efternavn;Fødselsdag", "da"), ("Imię;Nazwisko;Urodziny", "pl"),
  ])
  func dayFirstLanguages(header: String, locale: String) throws {
    let names = header.split(separator: ";").map(String.init)
    #expect(ContactCSVMaps.locale(of: names, dialect: .outlook) == locale)
    let out = try ContactCSVReader().read(
      data: Data((header + "\r\nA;B;3/4/1970\r\n").utf8), file: "d.csv")
    #expect(out.dialect == .outlook)
    #expect(out.result.contacts.first?["birthday"] == "1970-04-03")
    #expect(out.result.diagnostics.isEmpty)
  }

  static let fixtureDialects: [String: ContactCSVReader.Dialect] = [
    "outlook.csv": .outlook, "outlook-de.csv": .outlook, "thunderbird.csv": .thunderbird,
    "thunderbird-fr.csv": .thunderbird, "google.csv": .google, "yahoo.csv": .yahoo,
    "windows-live.csv": .windowsLive, "outlook-unknown.csv": .outlookUnknown,
    "outlook-unicode.csv": .outlook,
    "outlook-pl-1250.csv": .outlook, "outlook-es.csv": .outlook, "outlook-it.csv": .outlook,
    "outlook-nl.csv": .outlook, "outlook-pt-br.csv": .outlook, "outlook-da.csv": .outlook,
    "outlook-sv.csv": .outlook, "outlook-pl.csv": .outlook, "thunderbird-es.csv": .thunderbird,
    "thunderbird-nl.csv": .thunderbird,
    // Legacy charsets (issue 9): English headers, data in the system code page.
    "outlook-ja-shift_jis.csv": .outlook, "thunderbird-ja-euc-jp.csv": .thunderbird,
    "outlook-zh-cn-gb18030.csv": .outlook, "outlook-zh-tw-big5.csv": .outlook,
    "outlook-ko-euc-kr.csv": .outlook, "outlook-ru-1251.csv": .outlook,
    "thunderbird-ru-koi8-r.csv": .thunderbird, "outlook-el-1253.csv": .outlook,
    "outlook-he-1255.csv": .outlook, "outlook-ar-1256.csv": .outlook,
    "outlook-tr-1254.csv": .outlook,
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
    (["Nombre", "Apellidos", "Dirección de correo electrónico principal"], .thunderbird),
    (["Nombre", "Apellidos", "E-mail Address"], .outlook),
    (["Voornaam", "Achternaam", "E-mailadres"], .outlook),
    (["Voornaam", "Achternaam", "Eerste e-mail"], .thunderbird),
    (["Förnamn", "Efternamn", "E-postadress", "Befattning"], .outlook),
    (["Förnamn", "Efternamn", "E-postadress", "Telefon hem"], .thunderbird),
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

  /// A name whose meaning depends on the header language is read in the file's own language.
  @Test func languageDependentNamesFollowTheHeaderLanguage() throws {
    let spanish = "Nombre;Apellidos;Particular;Organización\r\nAna;Ruiz;+34 1;Acme\r\n"
    let brazilian = "Nome;Primeiro nome;Sobrenome;Particular;Empresa\r\nAna Souza;;;Falso;Acme\r\n"
    let es = try ContactCSVReader().read(data: Data(spanish.utf8), file: "es.csv").result
    expectFields(
      try #require(es.contacts.first),
      ["firstName": "Ana", "lastName": "Ruiz", "homePhone": "+34 1", "company": "Acme"])
    let br = try ContactCSVReader().read(data: Data(brazilian.utf8), file: "br.csv").result
    expectFields(
      try #require(br.contacts.first), ["firstName": "Ana", "lastName": "Souza", "company": "Acme"])
    #expect(br.unmappedProperties == ["Particular": 1])
  }

  @Test func columnTablesAreConsistent() {
    let special: Set<String> = [
      ContactCSVMaps.noField, "@tags", "@groups", "@name", "@birthYear", "@birthMonth", "@birthDay",
      "@im:yahoo",
    ]
    for (dialect, tables) in ContactCSVMaps.localized {
      var seen: [String: (locale: String, target: String)] = [:]
      for table in tables {
        for (name, target) in table.columns {
          if let earlier = seen[name], !ContactCSVMaps.languageDependentNames.contains(name) {
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

  /// A header made of one language's names is read as that dialect and language, and day first
  /// exactly for the languages whose exporters write day-first dates.
  @Test func everyHeaderLanguageIsDetected() {
    let dayFirst: Set<String> = ["de", "fr", "es", "it", "nl", "pt_BR", "da", "pl"]
    for (dialect, tables) in ContactCSVMaps.localized {
      for table in tables {
        let header = Array(table.columns.keys)
        #expect(ContactCSVReader.detectDialect(header: header) == dialect, "\(table.locale)")
        #expect(
          ContactCSVMaps.locale(of: header, dialect: dialect) == table.locale,
          "\(dialect) \(table.locale)")
      }
    }
    #expect(ContactCSVMaps.dayFirstLocales == dayFirst)
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
    // Dutch and Danish Outlook write `d-M-yyyy`; year first is never ambiguous.
    #expect(ContactCSVSyntax.parseDate("3-4-2001", order: .dayFirst)! == ("2001-04-03", false))
    #expect(ContactCSVSyntax.parseDate("24-12-1985", order: .dayFirst)! == ("1985-12-24", false))
    #expect(ContactCSVSyntax.parseDate("3-4-2001")! == ("2001-03-04", true))
    #expect(ContactCSVSyntax.parseDate("1985-3-7")! == ("1985-03-07", false))
    #expect(ContactCSVSyntax.parseDate("0-0-00", order: .dayFirst) == nil)
    #expect(ContactCSVSyntax.parseDate("2001-13-40")! == ("2001-13-40", false))
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
