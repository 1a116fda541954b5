import Testing

@testable import Formatters

@Suite struct ZimbraExportNamesTests {
  @Test func zimbraShape() {
    #expect(
      ZimbraExportNames.name(folder: ["Inbox"], position: 1, id: 42, subject: "Hello")
        == "Inbox/0000000042-Hello.eml")
    #expect(
      ZimbraExportNames.name(folder: ["Inbox", "Sub"], position: 1, id: 7, subject: "")
        == "Inbox/Sub/message-7.eml")
    #expect(
      ZimbraExportNames.name(folder: ["A:b*c?"], position: 1, id: 1, subject: "re: \"x\" <y> | z")
        == "A_b_c_/0000000001-re_ _x_ _y_ _ z.eml")
    #expect(ZimbraExportNames.fileName(id: 12_345_678_901, subject: "x") == "12345678901-x")
    #expect(ZimbraExportNames.fileName(id: 1, subject: "  spaced ... ") == "0000000001-  spaced")
  }

  @Test func longSubjectsAreCutTo120() {
    let name = ZimbraExportNames.fileName(id: 1, subject: String(repeating: "x", count: 300))
    #expect(name.utf16.count == 120 && name.hasPrefix("0000000001-x"))
    // 110 characters of subject make 121 with the prefix: not cut.
    #expect(
      ZimbraExportNames.fileName(id: 1, subject: String(repeating: "y", count: 110)).utf16.count
        == 121)
    // A cut never splits a surrogate pair.
    let emoji = ZimbraExportNames.fileName(id: 1, subject: String(repeating: "😀", count: 60))
    #expect(emoji.utf16.count == 119 && emoji.unicodeScalars.last == "😀")
  }

  @Test(arguments: [
    "../../etc/passwd", "a/b", "\u{0}", "nul\u{0}inside", "\u{1}\u{7}\u{1B}[31m\u{7F}",
    String(repeating: "ü", count: 300), "...", ". . .", "", "..", ".", "/", "\t\r\n",
  ])
  func hostileSubjectsStayInside(subject: String) {
    for folder in [["Inbox"], ["..", "."], [""], ["a/../..", "b\u{0}"]] {
      let name = ZimbraExportNames.name(folder: folder, position: 1, id: 9, subject: subject)
      let components = name.split(separator: "/", omittingEmptySubsequences: false)
      #expect(!components.contains { $0.isEmpty || $0 == "." || $0 == ".." }, "\(name)")
      #expect(!name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(name)")
      #expect(components.count == folder.count + 1, "\(name)")
      let file = components.last ?? ""
      #expect(file.hasPrefix("0000000009-") || file == "message-9.eml", "\(name)")
      #expect(file.hasSuffix(".eml"))
    }
  }

  @Test func everyFiveHundredMessagesGetANewFolderPart() {
    var names = ZimbraExportNames()
    var folders: [String] = []
    for id in 1...1001 {
      let name = names.next(folder: ["Inbox"], id: id, subject: "s")
      folders.append(String(name.prefix { $0 != "/" }))
      _ = names.next(folder: ["Other"], id: 10_000 + id, subject: "s")
    }
    #expect(folders[498] == "Inbox")
    #expect(folders[499] == "Inbox!1" && folders[998] == "Inbox!1")
    #expect(folders[999] == "Inbox!2" && folders[1000] == "Inbox!2")
    #expect(
      ZimbraExportNames.name(folder: ["A", "B"], position: 500, id: 3, subject: "")
        == "A/B!1/message-3.eml")
  }
}
