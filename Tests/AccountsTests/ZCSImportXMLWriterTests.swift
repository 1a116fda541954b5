import Foundation
import MailModel
import Testing

@testable import Accounts

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads a ZCSImport document back with Foundation's `XMLParser` (libxml2 on Linux).
final class ZCSImportTestReader: NSObject, XMLParserDelegate {
  private(set) var users: [[String: String]] = []
  private(set) var path: [String] = []
  private(set) var sawDoctype = false
  private var current: [String: String]?
  private var text = ""

  static func read(_ bytes: [UInt8]) throws -> ZCSImportTestReader {
    let reader = ZCSImportTestReader()
    let parser = XMLParser(data: Data(bytes))
    parser.delegate = reader
    let ok = parser.parse()
    try #require(ok, "XMLParser: \(String(describing: parser.parserError))")
    return reader
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    path.append(elementName)
    if path == ["ZCSImport", "ImportUsers", "User"] { current = [:] }
    text = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

  func parser(
    _ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?
  ) {
    sawDoctype = true
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    if path.count == 4, path.prefix(3) == ["ZCSImport", "ImportUsers", "User"] {
      current?[elementName] = text
    } else if path == ["ZCSImport", "ImportUsers", "User"], let user = current {
      users.append(user)
      current = nil
    }
    text = ""
    path.removeLast()
  }
}

@Suite struct ZCSImportXMLWriterTests {
  static func expectedUser(_ account: Account) -> [String: String] {
    [
      "RemoteEmailAddress": account.email, "ExchangeMail": account.email,
      "displayName": account.displayName ?? "", "givenName": account.givenName ?? "",
      "sn": account.surname ?? "",
      "password": account.password ?? "",
      "zimbraPasswordMustChange": account.mustChangePassword ? "TRUE" : "FALSE",
    ]
  }

  /// Passwords the server's `getTextTrim()` keeps as they are.
  static func keepsBlanks(_ value: String) -> Bool {
    guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else {
      return true
    }
    return first.value > 0x20 && last.value > 0x20 && !value.contains("  ")
      && !value.unicodeScalars.contains { [0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains($0.value) }
  }

  @Test func nastyValuesRoundTripThroughXMLParser() throws {
    let xmlSafe =
      (WriterSamples.nastyValues + [
        "]]>", "<![CDATA[x]]>", "&amp;", "a\u{85}b", "\u{FFFD}", "\u{10FFFF}",
      ])
      .filter { !$0.unicodeScalars.contains { $0.value == 0x0B || $0.value == 0x0C } }
    var accounts: [Account] = []
    for (i, value) in xmlSafe.enumerated() {
      accounts.append(
        WriterSamples.account(
          "user\(i)@example.com", password: Self.keepsBlanks(value) ? value : "pw\(i)", line: i + 1,
          displayName: value, givenName: value, surname: value, mustChangePassword: i % 3 == 0))
    }
    accounts.append(WriterSamples.account("nopass@example.com", password: nil, line: 999))
    let (bytes, summary) = try AccountFileWriter.render(accounts, format: .zcsImportXML)
    let reader = try ZCSImportTestReader.read(bytes)
    #expect(!reader.sawDoctype)
    try #require(reader.users.count == accounts.count)
    for (account, user) in zip(accounts, reader.users) {
      #expect(user == Self.expectedUser(account), "\(account.location)")
    }
    #expect(summary.accountsWritten == accounts.count)
    #expect(summary.accountsWithoutPassword == 2)  // "" and nil
  }

  @Test func documentShape() throws {
    let account = WriterSamples.account(
      "jane@example.com", password: "a<b>&'\"", displayName: "Jane\tDoe\r\n",
      mustChangePassword: true)
    let text = String(
      decoding: try AccountFileWriter.render([account], format: .zcsImportXML).bytes, as: UTF8.self)
    #expect(
      text == """
        <?xml version="1.0" encoding="UTF-8"?>
        <ZCSImport>
          <ImportUsers>
            <User>
              <RemoteEmailAddress>jane@example.com</RemoteEmailAddress>
              <ExchangeMail>jane@example.com</ExchangeMail>
              <displayName>Jane&#9;Doe&#13;&#10;</displayName>
              <givenName></givenName>
              <sn></sn>
              <password>a&lt;b&gt;&amp;&apos;&quot;</password>
              <zimbraPasswordMustChange>TRUE</zimbraPasswordMustChange>
            </User>
          </ImportUsers>
        </ZCSImport>

        """)
    #expect(!text.contains("DOCTYPE"))
    let empty = String(
      decoding: try AccountFileWriter.render([], format: .zcsImportXML).bytes, as: UTF8.self)
    #expect(empty.hasSuffix("<ImportUsers>\n  </ImportUsers>\n</ZCSImport>\n"))
    #expect(try ZCSImportTestReader.read(Array(empty.utf8)).users.isEmpty)
  }

  @Test(arguments: ["\u{01}", "\u{1B}", "\u{7}", "\u{0}", "\u{FFFE}", "\u{FFFF}", "\u{0B}"])
  func charactersXMLCannotCarryRefuseTheAccount(character: String) throws {
    let inName = WriterSamples.account("a@example.com", displayName: "x" + character)
    let inPassword = WriterSamples.account(
      "b@example.com", password: WriterSamples.secret + character, line: 2)
    let error = try #require(throws: AccountsRefusedError.self) {
      try AccountFileWriter.render([inName, inPassword], format: .zcsImportXML)
    }
    #expect(error.refusals.count == 2)
    let code = String(
      try #require(character.unicodeScalars.first).value, radix: 16, uppercase: true)
    #expect(error.refusals[0].message.contains("displayName contains U+"))
    #expect(error.refusals[0].message.contains(code))
    #expect(
      error.refusals[1].message
        == "b@example.com: the password contains a character XML 1.0 cannot carry")
    #expect(!error.description.contains(WriterSamples.secret))
  }

  @Test(arguments: [" x", "x ", "a  b", "a\tb", "a\nb", "a\rb"])
  func passwordsTextTrimWouldChangeAreRefused(password: String) throws {
    let error = try #require(throws: AccountsRefusedError.self) {
      try AccountFileWriter.render(
        [WriterSamples.account("a@example.com", password: password)], format: .zcsImportXML)
    }
    #expect(error.refusals[0].message.contains("collapses"))
    // One inner space is kept by getTextTrim().
    let oneSpace = WriterSamples.account("a@example.com", password: "a b")
    #expect(
      try AccountFileWriter.render([oneSpace], format: .zcsImportXML).summary.accountsWritten == 1)
  }
}
