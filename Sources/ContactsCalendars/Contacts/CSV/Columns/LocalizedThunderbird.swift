extension ContactCSVMaps {
  /// German Thunderbird (`csvlocale=de`): `Geburtstag` is the day of birth here, not the date.
  static let thunderbirdGerman: [String: String] = [
    "Vorname": "firstName", "Nachname": "lastName", "Anzeigename": "fullName",
    "Spitzname": "nickname",
    "Primäre E-Mail-Adresse": "email", "Sekundäre E-Mail-Adresse": "email2",
    "Messenger-Name": noField,
    "Tel. dienstlich": "workPhone", "Tel. privat": "homePhone", "Fax-Nummer": "workFax",
    "Pager-Nummer": "pager",
    "Mobil-Tel.-Nr.": "mobilePhone", "Privat: Adresse": "homeStreet",
    "Privat: Adresse 2": "homeStreet",
    "Privat: Ort": "homeCity", "Privat: Bundesland": "homeState", "Privat: PLZ": "homePostalCode",
    "Privat: Land": "homeCountry", "Dienstlich: Adresse": "workStreet",
    "Dienstlich: Adresse 2": "workStreet",
    "Dienstlich: Ort": "workCity", "Dienstlich: Bundesland": "workState",
    "Dienstlich: PLZ": "workPostalCode",
    "Dienstlich: Land": "workCountry", "Arbeitstitel": "jobTitle", "Abteilung": "department",
    "Organisation": "company", "Webseite 1": "workURL", "Webseite 2": "homeURL",
    "Geburtsjahr": "@birthYear",
    "Geburtsmonat": "@birthMonth", "Geburtstag": "@birthDay", "Benutzerdef. 1": "custom1",
    "Benutzerdef. 2": "custom2", "Benutzerdef. 3": "custom3", "Benutzerdef. 4": "custom4",
    "Notizen": "notes",
  ]

  /// French Thunderbird (`csvlocale=fr`): the home address columns, then the work ones, share names.
  static let thunderbirdFrench: [String: String] = [
    "Prénom": "firstName", "Nom de famille": "lastName", "Nom à afficher": "fullName",
    "Surnom": "nickname",
    "Adresse électronique principale": "email", "Adresse électronique secondaire": "email2",
    "Nom de l'écran": noField, "Tél. professionnel": "workPhone", "Tél. personnel": "homePhone",
    "Fax": "workFax",
    "Pager": "pager", "Portable": "mobilePhone", "Adresse privée": "homeStreet",
    "Adresse privée 2": "homeStreet",
    "Ville": "homeCity|workCity", "Pays/État": "homeState|workState",
    "Code postal": "homePostalCode|workPostalCode",
    "Région": "homeCountry|workCountry", "Adresse professionnelle": "workStreet",
    "Adresse professionnelle 2": "workStreet", "Profession": "jobTitle", "Service": "department",
    "Société": "company", "Site Web 1": "workURL", "Site Web 2": "homeURL",
    "Année de naissance": "@birthYear",
    "Mois": "@birthMonth", "Jour": "@birthDay", "Divers 1": "custom1", "Divers 2": "custom2",
    "Divers 3": "custom3", "Divers 4": "custom4", "Notes": "notes",
  ]

  /// Spanish Thunderbird (`csvlocale=es_ES`).
  static let thunderbirdSpanish: [String: String] = [
    "Nombre": "firstName", "Apellidos": "lastName", "Nombre mostrado": "fullName",
    "Apodo": "nickname", "Dirección de correo electrónico principal": "email",
    "Dirección de correo electrónico secundaria": "email2", "Nombre en pantalla": noField,
    "Teléfono (Trabajo)": "workPhone", "Teléfono particular": "homePhone", "Fax": "workFax",
    "Buscapersonas": "pager", "Teléfono móvil": "mobilePhone", "Dirección personal": "homeStreet",
    "Dirección personal 2": "homeStreet", "Ciudad donde vive": "homeCity",
    "Provincia": "homeState", "Código postal": "homePostalCode",
    "País de residencia": "homeCountry", "Dirección de trabajo": "workStreet",
    "Dirección de trabajo 2": "workStreet", "Ciudad (Trabajo)": "workCity",
    "Provincia (Trabajo)": "workState", "Código postal (Trabajo)": "workPostalCode",
    "País (Trabajo)": "workCountry", "Puesto": "jobTitle", "Departamento": "department",
    "Organización": "company", "Página web 1": "workURL", "Página web 2": "homeURL",
    "Mes de nacimiento": "@birthMonth", "Día de nacimiento": "@birthDay",
    "Año de nacimiento": "@birthYear", "Personalizado 1": "custom1", "Personalizado 2": "custom2",
    "Personalizado 3": "custom3", "Personalizado 4": "custom4", "Notas": "notes",
  ]

  /// Italian Thunderbird (`csvlocale=it`).
  static let thunderbirdItalian: [String: String] = [
    "Nome": "firstName", "Cognome": "lastName", "Nome visualizzato": "fullName",
    "Soprannome": "nickname", "E-mail primaria": "email", "E-mail secondaria": "email2",
    "Nome Instant Messenger": noField, "Telefono ufficio": "workPhone",
    "Telefono casa": "homePhone", "Numero fax": "workFax", "Numero cercapersone": "pager",
    "Numero cellulare": "mobilePhone", "Indirizzo di casa": "homeStreet",
    "Indirizzo di casa 2": "homeStreet", "Città di residenza": "homeCity",
    "Provincia di residenza": "homeState", "CAP di residenza": "homePostalCode",
    "Nazione di residenza": "homeCountry", "Indirizzo di lavoro": "workStreet",
    "Indirizzo di lavoro 2": "workStreet", "Città di lavoro": "workCity",
    "Provincia di lavoro": "workState", "CAP di lavoro": "workPostalCode",
    "Nazione di lavoro": "workCountry", "Qualifica": "jobTitle", "Reparto": "department",
    "Organizzazione": "company", "Pagina web 1": "workURL", "Pagina web 2": "homeURL",
    "Mese di nascita": "@birthMonth", "Giorno di nascita": "@birthDay",
    "Anno di nascita": "@birthYear", "Personalizzato 1": "custom1", "Personalizzato 2": "custom2",
    "Personalizzato 3": "custom3", "Personalizzato 4": "custom4", "Note": "notes",
  ]

  /// Dutch Thunderbird (`csvlocale=nl`).
  static let thunderbirdDutch: [String: String] = [
    "Voornaam": "firstName", "Achternaam": "lastName", "Weergavenaam": "fullName",
    "Bijnaam": "nickname", "Eerste e-mail": "email", "Tweede e-mail": "email2",
    "Schermnaam": noField, "Telefoon werk": "workPhone", "Telefoon thuis": "homePhone",
    "Faxnummer": "workFax", "Piepernummer": "pager", "Mobiel nummer": "mobilePhone",
    "Adres": "homeStreet", "Adres 2": "homeStreet", "Woonplaats": "homeCity",
    "Provincie": "homeState", "Postcode": "homePostalCode", "Land": "homeCountry",
    "Werkadres": "workStreet", "Werkadres 2": "workStreet", "Werklocatie": "workCity",
    "Werkprovincie": "workState", "Werkpostcode": "workPostalCode", "Werkland": "workCountry",
    "Werkfunctie": "jobTitle", "Afdeling": "department", "Organisatie": "company",
    "Webpagina 1": "workURL", "Webpagina 2": "homeURL", "Geboortemaand": "@birthMonth",
    "Geboortedag": "@birthDay", "Geboortejaar": "@birthYear", "Overig 1": "custom1",
    "Overig 2": "custom2", "Overig 3": "custom3", "Overig 4": "custom4", "Aantekeningen": "notes",
  ]

  /// Brazilian Portuguese Thunderbird (`csvlocale=pt_BR`): `Nascimento` is the day of birth.
  static let thunderbirdBrazilianPortuguese: [String: String] = [
    "Primeiro nome": "firstName", "Sobrenome": "lastName", "Apresentar como": "fullName",
    "Apelido": "nickname", "Email primário": "email", "Email secundário": "email2",
    "Nome de tela": noField, "Telefone comercial": "workPhone",
    "Telefone residencial": "homePhone", "Número do fax": "workFax", "Número do pager": "pager",
    "Número celular": "mobilePhone", "Endereço": "homeStreet", "Endereço 2": "homeStreet",
    "Cidade": "homeCity", "Estado": "homeState", "CEP": "homePostalCode", "País": "homeCountry",
    "Endereço de trabalho": "workStreet", "Endereço de trabalho 2": "workStreet",
    "Cidade de trabalho": "workCity", "Estado de trabalho": "workState",
    "CEP de trabalho": "workPostalCode", "País de trabalho": "workCountry", "Cargo": "jobTitle",
    "Setor": "department", "Empresa": "company", "Página da web 1": "workURL",
    "Página da web 2": "homeURL", "Mês de nascimento": "@birthMonth", "Nascimento": "@birthDay",
    "Ano de nascimento": "@birthYear", "Personalizado 1": "custom1", "Personalizado 2": "custom2",
    "Personalizado 3": "custom3", "Personalizado 4": "custom4", "Observações": "notes",
  ]

  /// Danish Thunderbird (`csvlocale=da`): `Fødselsdag` is the day of birth here, not the date.
  static let thunderbirdDanish: [String: String] = [
    "Fornavn": "firstName", "Efternavn": "lastName", "Vis navn": "fullName", "Alias": "nickname",
    "Primær mail": "email", "Sekundær mail": "email2", "Skærmnavn": noField,
    "Arbejdstelefon": "workPhone", "Hjemmetelefon": "homePhone", "Faxnummer": "workFax",
    "Personsøgernummer": "pager", "Mobilnummer": "mobilePhone", "Hjemmeadresse": "homeStreet",
    "Hjemmeadresse 2": "homeStreet", "Hjemmeby": "homeCity", "Hjemmestat": "homeState",
    "Hjemmepostnummer": "homePostalCode", "Hjemmeland": "homeCountry",
    "Arbejdsadresse": "workStreet", "Arbejdsadresse 2": "workStreet", "Arbejdsby": "workCity",
    "Arbejdsstat": "workState", "Arbejdspostnummer": "workPostalCode",
    "Arbejdsland": "workCountry", "Job titel": "jobTitle", "Afdeling": "department",
    "Organisation": "company", "Hjemmeside 1": "workURL", "Hjemmeside 2": "homeURL",
    "Fødselsmåned": "@birthMonth", "Fødselsdag": "@birthDay", "Fødselsår": "@birthYear",
    "Brugerdef. 1": "custom1", "Brugerdef. 2": "custom2", "Brugerdef. 3": "custom3",
    "Brugerdef. 4": "custom4", "Notater": "notes",
  ]

  /// Swedish Thunderbird (`csvlocale=sv`): `Titel` is the job title here, not the name prefix.
  static let thunderbirdSwedish: [String: String] = [
    "Förnamn": "firstName", "Efternamn": "lastName", "Kortnamn": "fullName",
    "Smeknamn": "nickname", "E-postadress": "email", "Annan e-post": "email2",
    "Skärmnamn": noField, "Telefon arbete": "workPhone", "Telefon hem": "homePhone",
    "Faxnummer": "workFax", "Personsökare": "pager", "Mobiltelefon": "mobilePhone",
    "Hemadress (rad 1)": "homeStreet", "Hemadress (rad 2)": "homeStreet", "Hemort": "homeCity",
    "(Delstat)": "homeState", "Postnummer": "homePostalCode", "Land": "homeCountry",
    "Adress arbete (rad 1)": "workStreet", "Adress arbete (rad 2)": "workStreet",
    "Ort arbete": "workCity", "(Delstat) arbete": "workState",
    "Postnummer arbete": "workPostalCode", "Land arbete": "workCountry", "Titel": "jobTitle",
    "Avdelning": "department", "Företag": "company", "Hemsida 1": "workURL",
    "Hemsida 2": "homeURL", "Födelsemånad": "@birthMonth", "Födelsedatum": "@birthDay",
    "Födelseår": "@birthYear", "Annan uppgift 1": "custom1", "Annan uppgift 2": "custom2",
    "Annan uppgift 3": "custom3", "Annan uppgift 4": "custom4", "Anteckningar": "notes",
  ]

  /// Polish Thunderbird (`csvlocale=pl`).
  static let thunderbirdPolish: [String: String] = [
    "Imię": "firstName", "Nazwisko": "lastName", "Wyświetlana nazwa": "fullName",
    "Pseudonim": "nickname", "Podstawowy e-mail": "email", "Dodatkowy e-mail": "email2",
    "Komunikator AIM": noField, "Telefonu służbowy": "workPhone", "Telefon domowy": "homePhone",
    "Numer faksu": "workFax", "Pager": "pager", "Numer telefonu komórkowego": "mobilePhone",
    "Adres domowy": "homeStreet", "Adres domowy 2": "homeStreet", "Miasto (dom)": "homeCity",
    "Województwo (dom)": "homeState", "Kod pocztowy (dom)": "homePostalCode",
    "Państwo (dom)": "homeCountry", "Adres służbowy": "workStreet",
    "Adres służbowy 2": "workStreet", "Miasto (praca)": "workCity",
    "Województwo (praca)": "workState", "Kod pocztowy (praca)": "workPostalCode",
    "Państwo (praca)": "workCountry", "Stanowisko": "jobTitle", "Departament": "department",
    "Firma/Organizacja": "company", "Strona WWW 1": "workURL", "Strona WWW 2": "homeURL",
    "Urodziny - Miesiąc": "@birthMonth", "Urodziny - Dzień": "@birthDay",
    "Urodziny - Rok": "@birthYear", "Informacja 1": "custom1", "Informacja 2": "custom2",
    "Informacja 3": "custom3", "Informacja 4": "custom4", "Notatki": "notes",
  ]
}
