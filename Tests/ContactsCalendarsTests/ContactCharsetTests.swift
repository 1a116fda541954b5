import Foundation
import MailModel
import TestSupport
import Testing
import TextEncodingDetection

@testable import ContactsCalendars

/// Issue 9: contact CSVs and vCard 2.1 files in legacy charsets.
@Suite struct ContactCharsetTests {
  /// One legacy-charset CSV fixture: the charset it must be read as, the detector's answer, and the
  /// names and addresses of its contacts (first name, last name, e-mail, second e-mail).
  struct Case: CustomStringConvertible, Sendable {
    var file: String
    var charset: String
    var detector: String
    var contacts: [[String]]
    var description: String { file }
  }

  static let cases: [Case] = [
    Case(
      file: "outlook-ja-shift_jis.csv", charset: "CP932", detector: "SHIFT_JIS",
      contacts: [
        ["太郎", "山田", "taro.yamada@example.jp", "山田太郎@例え.jp"],
        ["花子", "佐藤", "hanako.sato@example.co.jp", ""],
        ["健一", "鈴木", "kenichi.suzuki@example.ne.jp", ""],
      ]),
    Case(
      file: "thunderbird-ja-euc-jp.csv", charset: "EUC-JP", detector: "EUC-JP",
      contacts: [
        ["美咲", "高橋", "misaki.takahashi@example.jp", ""],
        ["翔太", "伊藤", "shota.ito@example.jp", "翔太@例え.jp"],
      ]),
    Case(
      file: "outlook-zh-cn-gb18030.csv", charset: "GB18030", detector: "GB18030",
      contacts: [
        ["伟", "张", "zhang.wei@example.cn", "张伟@例子.中国"],
        ["芳", "王", "wang.fang@example.com.cn", ""], ["娜", "李", "li.na@example.cn", ""],
      ]),
    Case(
      file: "outlook-zh-tw-big5.csv", charset: "CP950", detector: "BIG5",
      contacts: [
        ["志明", "陳", "chen.zhiming@example.tw", ""],
        ["美玲", "林", "lin.meiling@example.com.tw", ""],
        ["建國", "黃", "huang.jianguo@example.tw", ""],
      ]),
    Case(
      file: "outlook-ko-euc-kr.csv", charset: "CP949", detector: "UHC",
      contacts: [
        ["민수", "김", "minsu.kim@example.kr", "김민수@예시.한국"],
        ["영희", "이", "younghee.lee@example.co.kr", ""],
        ["지훈", "박", "jihoon.park@example.kr", ""],
      ]),
    Case(
      file: "outlook-ru-1251.csv", charset: "CP1251", detector: "WINDOWS-1251",
      contacts: [
        ["Сергей", "Иванов", "s.ivanov@example.ru", "иван@пример.рф"],
        ["Анна", "Петрова", "a.petrova@example.ru", ""],
        ["Дмитрий", "Смирнов", "d.smirnov@example.ru", ""],
      ]),
    Case(
      file: "thunderbird-ru-koi8-r.csv", charset: "KOI8-R", detector: "KOI8-R",
      contacts: [
        ["Ольга", "Кузнецова", "olga@example.ru", "ольга@пример.рф"],
        ["Алексей", "Попов", "a.popov@example.ru", ""],
      ]),
    Case(
      file: "outlook-el-1253.csv", charset: "CP1253", detector: "WINDOWS-1253",
      contacts: [
        ["Γιώργος", "Παπαδόπουλος", "g.papadopoulos@example.gr", ""],
        ["Άννα", "Κωνσταντίνου", "a.konstantinou@example.gr", ""],
        ["Δημήτρης", "Νικολάου", "d.nikolaou@example.gr", ""],
      ]),
    Case(
      file: "outlook-he-1255.csv", charset: "CP1255", detector: "WINDOWS-1255",
      contacts: [
        ["דוד", "כהן", "david.cohen@example.co.il", ""],
        ["שרה", "לוי", "sarah.levi@example.co.il", ""],
        ["יוסף", "מזרחי", "yosef.mizrahi@example.co.il", ""],
      ]),
    Case(
      file: "outlook-ar-1256.csv", charset: "CP1256", detector: "WINDOWS-1256",
      contacts: [
        ["محمد", "العلي", "mohammed.alali@example.sa", ""],
        ["فاطمة", "الزهراء", "fatima.alzahraa@example.eg", ""],
        ["أحمد", "حسن", "ahmed.hassan@example.ae", ""],
      ]),
    Case(
      file: "outlook-tr-1254.csv", charset: "CP1254", detector: "ISO-8859-9",
      contacts: [
        ["Ahmet", "Yılmaz", "ahmet.yilmaz@example.com.tr", ""],
        ["Ayşe", "Çelik", "ayse.celik@example.com.tr", ""],
        ["Mehmet", "Öztürk", "mehmet.ozturk@example.com.tr", ""],
      ]),
  ]

  func read(_ name: String, charset: CharsetChoice = .detect) throws -> ContactCSVReader.Output {
    try ContactCSVReader(charset: charset).read(contentsOf: Fixture.url("contacts/\(name)"))
  }

  @Test(arguments: cases) func legacyCharsetCSV(_ c: Case) throws {
    let out = try read(c.file)
    let expected = "\(c.charset) (detector: \(c.detector), confidence 1.00)"
    #expect(out.charset == expected)
    #expect(out.result.diagnostics.map(\.code) == ["charset-guess"])
    #expect(
      out.result.diagnostics.first?.message
        == "CSV is not valid UTF-8; read as \(expected); if names look wrong, give --encoding NAME")
    #expect(out.result.diagnostics.first?.location.file == Fixture.path("contacts/\(c.file)"))
    let got = out.result.contacts.map { contact in
      ["firstName", "lastName", "email", "email2"].map { contact[$0] ?? "" }
    }
    #expect(got == c.contacts)
    // The same bytes with --encoding give the same contacts and no guess.
    let given = try read(c.file, charset: .given(try #require(Charset(name: c.charset))))
    #expect(given.result.contacts == out.result.contacts)
    #expect(given.result.diagnostics.isEmpty)
    #expect(given.charset == "\(c.charset) (--encoding)")
  }

  @Test func japaneseOutlookEveryField() throws {
    let out = try read("outlook-ja-shift_jis.csv")
    expectFields(
      out.result.contacts[0],
      [
        "firstName": "太郎", "lastName": "山田", "company": "株式会社サンプル商事",
        "jobTitle": "営業部長", "workStreet": "丸の内一丁目1番1号", "workCity": "千代田区",
        "workPostalCode": "100-0005", "workCountry": "日本", "email": "taro.yamada@example.jp",
        "email2": "山田太郎@例え.jp", "mobilePhone": "090-1234-5678", "notes": "年賀状を送る",
      ])
    // 表 has the byte of a backslash as its second byte; it must not be taken as one.
    #expect(out.result.contacts[1]["notes"] == "表計算ソフトの担当")
  }

  @Test func turkishAndGreekLettersOfTheirOwnPages() throws {
    let turkish = try read("outlook-tr-1254.csv").result.contacts
    #expect(turkish.map { $0["workCity"] } == ["İstanbul", "Ankara", "İzmir"])
    #expect(turkish[2]["notes"] == "Işık tasarımı projesi")
    let greek = try read("outlook-el-1253.csv").result.contacts
    // Windows-1253 has Ά where ISO-8859-7 has a quotation mark.
    #expect(greek[1]["firstName"] == "Άννα")
    #expect(greek[0]["notes"] == "Άνοιξη: νέα παραγγελία")
  }

  /// Four Cyrillic letters are too few: the detector calls them Greek. The file is refused with its
  /// name and a hint, and `--encoding` reads it.
  @Test func weakGuessIsRefusedAndEncodingOverrides() throws {
    let bytes =
      Array("\"First Name\",\"E-mail Address\"\r\n\"".utf8) + [0xE9, 0xD7, 0xC1, 0xCE]
      + Array("\",\"ivan@example.ru\"\r\n".utf8)
    let error = #expect(throws: UnclearCharsetError.self) {
      try ContactCSVReader().read(data: Data(bytes), file: "tiny.csv")
    }
    #expect(error?.location == MailModel.SourceLocation(file: "tiny.csv", line: 2))
    #expect(error?.guess.detectorAnswer == "ISO-8859-7")
    #expect(
      error?.description
        == "tiny.csv:2: CSV is not UTF-8 and its charset is unclear: the detector says ISO-8859-7 "
        + "(confidence 0.25 from 4 non-ASCII characters, 0.75 needed); nothing was read from this "
        + "file: give --encoding NAME (perhaps --encoding iso-8859-7) (convert: --contacts-encoding NAME)"
    )
    let koi8 = try #require(Charset(name: "koi8-r"))
    let given = try ContactCSVReader(charset: .given(koi8)).read(
      data: Data(bytes), file: "tiny.csv")
    #expect(given.result.contacts.first?["firstName"] == "Иван")
    #expect(given.charset == "KOI8-R (--encoding)")
  }

  /// A given charset that does not fit the bytes is an error naming the line of the first bad one.
  @Test func givenCharsetThatDoesNotFitNamesTheLine() throws {
    let bytes =
      Array("\"First Name\"\r\n\"Ann\"\r\n\"".utf8) + [0x82, 0xA0, 0xFF] + Array("\"\r\n".utf8)
    let sjis = try #require(Charset(name: "CP932"))
    let error = #expect(throws: ContactsCalendarsError.self) {
      try ContactCSVReader(charset: .given(sjis)).read(data: Data(bytes), file: "bad.csv")
    }
    #expect(error?.location == MailModel.SourceLocation(file: "bad.csv", line: 3))
    #expect(error?.message.contains("not valid CP932 (--encoding)") == true)
  }

  /// Western European files keep their Windows-1252 reading even when the detector, short of text,
  /// names a Central European Mac page; the report line says what it said.
  @Test func westernFilesStayWindows1252() throws {
    let dutch = try read("outlook-nl.csv")
    #expect(dutch.result.diagnostics.map(\.code) == ["charset-fallback"])
    #expect(
      dutch.charset?.hasPrefix("WINDOWS-1252 (detector: MAC-CENTRALEUROPE, confidence") == true)
    let polish = try read("outlook-pl-1250.csv")
    #expect(polish.charset == "WINDOWS-1250 (detector: WINDOWS-1250, confidence 1.00)")
    #expect(
      try read("outlook.csv").charset?.hasPrefix("WINDOWS-1252 (detector: WINDOWS-1252") == true)
    #expect(try read("thunderbird.csv").charset == nil)  // UTF-8
  }

  /// Shift_JIS vCard 2.1 without CHARSET, as Japanese feature phones write it.
  @Test func vcard21ShiftJISWithoutCharset() throws {
    let r = try VCardReader().read(contentsOf: Fixture.url("contacts/v21-shift_jis-no-charset.vcf"))
    #expect(r.diagnostics.map(\.code) == ["charset-guess"])
    #expect(r.diagnostics.first?.location.line == 3)
    #expect(
      r.diagnostics.first?.message
        == "vCard values without CHARSET are not UTF-8; read as CP932 (detector: SHIFT_JIS, "
        + "confidence 1.00); if names look wrong, give --encoding NAME")
    expectFields(
      r.contacts[0],
      [
        "lastName": "山田", "firstName": "太郎", "fullName": "山田 太郎",
        "mobilePhone": "09012345678", "homePhone": "0312345678",
        "email": "taro.yamada@example.ne.jp", "homeStreet": "丸の内一丁目1番1号",
        "homeCity": "千代田区", "homeState": "東京都", "homePostalCode": "100-0005",
        "homeCountry": "日本", "notes": "ソフトボール部の先輩",
        "phoneticLastName": "ﾔﾏﾀﾞ", "phoneticFirstName": "ﾀﾛｳ",
      ])
    expectFields(
      r.contacts[1],
      [
        "lastName": "佐藤", "firstName": "花子", "fullName": "佐藤 花子",
        "mobilePhone": "08023456789", "email": "hanako@example.co.jp",
        "company": "日本ソフト開発株式会社", "department": "技術部", "jobTitle": "課長",
        "phoneticLastName": "ｻﾄｳ", "phoneticFirstName": "ﾊﾅｺ",
      ])
    #expect(r.unmappedProperties == ["X-GN": 1, "X-GNO": 1])
  }

  /// Windows-1251 vCard 2.1 without CHARSET, quoted-printable included.
  @Test func vcard21Windows1251WithoutCharset() throws {
    let r = try VCardReader().read(contentsOf: Fixture.url("contacts/v21-cp1251-no-charset.vcf"))
    #expect(r.diagnostics.map(\.code) == ["charset-guess"])
    expectFields(
      r.contacts[0],
      [
        "lastName": "Иванов", "firstName": "Сергей", "fullName": "Сергей Иванов",
        "company": "ООО «Северный ветер»", "department": "Отдел продаж",
        "jobTitle": "Директор по продажам", "workPhone": "+7 495 123-45-67",
        "workStreet": "ул. Тверская 7", "workCity": "Москва", "workPostalCode": "125009",
        "workCountry": "Россия", "email": "s.ivanov@example.ru",
      ])
    // --encoding reads it without a guess.
    let cp1251 = try #require(Charset(name: "windows-1251"))
    let given = try VCardReader(charset: .given(cp1251)).read(
      contentsOf: Fixture.url("contacts/v21-cp1251-no-charset.vcf"))
    #expect(given.diagnostics.isEmpty)
    #expect(given.contacts == r.contacts)
  }

  /// A 2.1 card with a declared `CHARSET` other than UTF-8/Latin-1 is converted with iconv.
  @Test func declaredCharsetsThroughIconv() throws {
    let bytes =
      Array("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:".utf8)
      + [0x8E, 0x52, 0x93, 0x63] + Array(";\r\nEND:VCARD\r\n".utf8)
    let r = try VCardReader().read(data: Data(bytes), file: "d.vcf")
    #expect(r.contacts.first?["lastName"] == "山田")
    #expect(r.diagnostics.isEmpty)
  }

  /// Too little Cyrillic in a vCard: refused, naming the file and the line.
  @Test func weakVCardGuessIsRefused() throws {
    let bytes =
      Array("BEGIN:VCARD\r\nVERSION:2.1\r\nN:".utf8) + [0xE9, 0xD7, 0xC1, 0xCE]
      + Array(";\r\nEND:VCARD\r\n".utf8)
    let error = #expect(throws: UnclearCharsetError.self) {
      try VCardReader().read(data: Data(bytes), file: "w.vcf")
    }
    #expect(error?.location == MailModel.SourceLocation(file: "w.vcf", line: 3))
    #expect(error?.description.contains("give --encoding NAME") == true)
  }
}
