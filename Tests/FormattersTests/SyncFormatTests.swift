import MailModel
import Testing

@testable import Formatters

@Suite struct SyncFormatTests {
  @Test func syncMatchesGoldenFile() throws {
    let bytes = try exportFixture("plain.eml")
    let rendered = SyncFormat.render(
      message: bytes, id: 7, folderID: 2, flags: [.flagged, .answered],
      tags: ["Work", "a,b", "$Forwarded"], receivedDate: 1_772_442_000)
    try ExportGolden.check(rendered, "sync.eml")
    #expect(Array(rendered.suffix(bytes.count)) == bytes)
  }

  @Test func headersInZimbraOrder() {
    let rendered = String(
      decoding: SyncFormat.render(
        message: Array("Subject: x\r\n\r\nbody".utf8), id: 3, folderID: 257, flags: [.seen],
        tags: [], receivedDate: 10, hasAttachment: true), as: UTF8.self)
    #expect(
      rendered
        == "X-Zimbra-ItemId: 3\r\nX-Zimbra-FolderId: 257\r\nX-Zimbra-Tags: \r\n"
        + "X-Zimbra-Tag-Names: \r\nX-Zimbra-Flags: a\r\nX-Zimbra-Received: 10000\r\n"
        + "X-Zimbra-Modified: 10000\r\nX-Zimbra-Change: 3\r\nX-Zimbra-Revision: 3\r\n"
        + "X-Zimbra-Conv: -3\r\nSubject: x\r\n\r\nbody")
  }

  @Test func flagCharactersAndTagEscaping() {
    #expect(SyncFormat.flagString([]) == "u")
    #expect(
      SyncFormat.flagString(
        [.seen, .answered, .forwarded, .flagged, .draft, .deleted], hasAttachment: true)
        == "arwfdx")
    #expect(SyncFormat.encodeTagNames(["a,b", #"c\d"#, "e"]) == #"a\,b,c\\d,e"#)
  }

  @Test func tagsCannotBreakTheHeader() {
    let rendered = String(
      decoding: SyncFormat.render(
        message: [], id: 1, folderID: 2, flags: [.seen], tags: ["bad\r\nX-Evil: 1"],
        receivedDate: 0), as: UTF8.self)
    #expect(!rendered.contains("\r\nX-Evil"))
    #expect(rendered.split(separator: "\r\n").count == 10)
  }
}
