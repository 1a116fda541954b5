import Foundation
import MailModel
import Testing
import ZimbraBundle

@Suite struct MetaRecordTests {
  private static let required = [
    "Ver", "id", "type", "parent_id", "folder_id", "imap_id", "date", "size", "unread", "flags",
    "mod_metadata", "change_date", "mod_content",
  ]

  private func object(_ json: [UInt8]) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(json))
    return try #require(value as? [String: Any])
  }

  private func int(_ value: Any?) -> Int? {
    if let v = value as? Int { return v }
    return (value as? NSNumber)?.intValue
  }

  @Test func messageRecordHasEveryKey() throws {
    let digest = MetaRecord.blobDigest(SHA256.hash(Array("hello".utf8)))
    let json = MetaRecord.json(
      id: MetaRecord.firstID + 7, path: ["Inbox", "Projects"], date: 1_700_000_000, size: 2345,
      flags: [.flagged], keywords: ["Work", "Urgent"], blobDigest: digest)
    let dict = try object(json)
    for key in Self.required { #expect(dict[key] != nil, "missing \(key)") }
    #expect(int(dict["Ver"]) == 10)
    #expect(int(dict["id"]) == 900_000_007)
    #expect(int(dict["imap_id"]) == 900_000_007)
    #expect(int(dict["type"]) == 5)
    #expect(int(dict["parent_id"]) == -1)
    #expect(int(dict["folder_id"]) == 2)
    #expect(int(dict["date"]) == 1_700_000_000)
    #expect(int(dict["change_date"]) == 1_700_000_000)
    #expect(int(dict["size"]) == 2345)
    #expect(int(dict["unread"]) == 1)
    #expect(int(dict["flags"]) == 32)
    #expect(int(dict["mod_metadata"]) == 1)
    #expect(int(dict["mod_content"]) == 1)
    #expect(dict["blob_digest"] as? String == digest)
    #expect(dict["FlagStr"] as? String == "fu")
    #expect(dict["TagNames"] as? String == "Work:Urgent")
    #expect(dict["Path"] as? String == "/Inbox/Projects/")
  }

  @Test func keyOrderIsFixed() throws {
    let json = MetaRecord.json(
      id: 900_000_001, path: ["Inbox"], date: 1, size: 2, flags: [.seen], keywords: ["t"],
      blobDigest: "d")
    let text = String(decoding: json, as: UTF8.self)
    #expect(
      text.hasPrefix("{\"Ver\":10,\"id\":900000001,\"type\":5,\"parent_id\":-1,\"folder_id\":2,"))
    let order = Self.required + ["blob_digest", "FlagStr", "TagNames", "Path"]
    let positions = try order.map { key in try #require(text.range(of: "\"\(key)\":")).lowerBound }
    #expect(positions == positions.sorted())
    #expect(!text.contains("\n"))
  }

  @Test func flagsAndFlagString() {
    #expect(MetaRecord.flagString([]) == "u")
    #expect(MetaRecord.flagString([.seen]) == "")
    #expect(MetaRecord.flagString([.seen, .answered, .flagged]) == "rf")
    #expect(MetaRecord.flagString([.answered, .forwarded, .flagged, .draft, .deleted]) == "rwfdxu")
    #expect(MetaRecord.numericFlags([.seen]) == 0)
    #expect(MetaRecord.numericFlags([.answered]) == 4)
    #expect(MetaRecord.numericFlags([.forwarded]) == 8)
    #expect(MetaRecord.numericFlags([.flagged]) == 32)
    #expect(MetaRecord.numericFlags([.draft]) == 64)
    #expect(MetaRecord.numericFlags([.deleted]) == 128)
    #expect(
      MetaRecord.numericFlags([.seen, .answered, .forwarded, .flagged, .draft, .deleted]) == 236)
  }

  @Test func readMessageIsNotUnread() throws {
    let json = MetaRecord.json(
      id: 900_000_001, path: ["Sent"], date: 5, size: 10, flags: [.seen, .answered], keywords: [],
      blobDigest: "x")
    let parsed = try MetaRecord.parse(json)
    #expect(parsed.unread == 0)
    #expect(parsed.flagStr == "r")
    #expect(parsed.flags == 4)
    #expect(parsed.tagNames == [])
    #expect(!String(decoding: json, as: UTF8.self).contains("TagNames"))
  }

  @Test func blobDigestIsFilesystemSafeBase64() {
    // SHA-256("abc") = ba7816bf…; its Base64 has a '/', which Zimbra writes as ','.
    let digest = MetaRecord.blobDigest(SHA256.hash(Array("abc".utf8)))
    #expect(digest == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD,YfIAFa0=")
    var state: UInt64 = 42
    for count in 0...40 {
      let bytes = (0..<count).map { _ -> UInt8 in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 33)
      }
      let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: ",")
      #expect(MetaRecord.blobDigest(bytes) == expected)
    }
  }

  @Test func idsStayInTheSafeRange() {
    #expect(MetaRecord.firstID == 900_000_000)
    #expect(MetaRecord.firstID < 1 << 30)
  }

  @Test func keywordsBecomeTags() {
    var flags: MessageFlags = [.seen]
    var notes: [String] = []
    let tags = MetaRecord.tags(
      for: [
        "Work", "$Forwarded", "$MDNSent", "$Junk", "NonJunk", "$label1", "work", "a:b", "\\x", "  ",
        "t\tab",
      ],
      flags: &flags, notes: &notes)
    #expect(tags == ["Work", "$Junk", "NonJunk", "$label1", "a_b", "_x", "t ab"])
    #expect(flags == [.seen, .forwarded])
    #expect(notes.contains { $0.contains("$MDNSent") && $0.contains("dropped") })
    #expect(notes.contains { $0.contains("$Forwarded") && $0.contains("forwarded") })
    // Idempotent: mapping the result again changes nothing.
    var again = flags
    #expect(MetaRecord.tags(for: tags, flags: &again) == tags)
    #expect(again == flags)
  }

  @Test func forwardedKeywordShowsInTheRecord() throws {
    let json = MetaRecord.json(
      id: 900_000_002, path: ["Inbox"], date: 1, size: 1, flags: [.seen],
      keywords: ["$forwarded", "x"],
      blobDigest: "d")
    let parsed = try MetaRecord.parse(json)
    #expect(parsed.flagStr == "w")
    #expect(parsed.flags == 8)
    #expect(parsed.tagNames == ["x"])
  }

  @Test func tagEscapingRoundTrips() {
    // The example from ZIMBRA-IMPORT.md §1.6 / ItemData.getTagString.
    #expect(MetaRecord.encodeTagNames(["fo:o", "ba\\r"]) == "fo\\:o:ba\\\\r")
    #expect(MetaRecord.decodeTagNames("fo\\:o:ba\\\\r") == ["fo:o", "ba\\r"])
    let cases: [[String]] = [
      [], ["plain"], ["a", "b"], ["a\\b"], ["x:"], [":"], ["\\"], ["with space", "ü", "日本"],
      ["a\\:b", "c\\\\:d"], ["123"],
    ]
    for names in cases {
      #expect(MetaRecord.decodeTagNames(MetaRecord.encodeTagNames(names)) == names, "\(names)")
    }
    // Zimbra reads a value without ':' literally.
    #expect(MetaRecord.decodeTagNames("a\\b") == ["a\\b"])
  }

  @Test func jsonEscapingRoundTrips() throws {
    let path = [
      "quo\"te", "back\\slash", "ctl\u{01}\u{1F}", "tab\tnl\n", "Ünïcödé 日本 😀", "slash/x",
    ]
    let keywords = ["a\"b", "ü", "😀"]
    let json = MetaRecord.json(
      id: 900_000_003, path: path, date: -5, size: 0, flags: [], keywords: keywords,
      blobDigest: "+,=")
    let dict = try object(json)
    #expect(dict["Path"] as? String == "/" + path.joined(separator: "/") + "/")
    let parsed = try MetaRecord.parse(json)
    #expect(parsed.tagNames == keywords)
    #expect(parsed.date == -5)
    #expect(parsed.blobDigest == "+,=")
    let text = String(decoding: json, as: UTF8.self)
    #expect(text.contains("\\u0001"))
    #expect(text.contains("\\u001f"))
    #expect(text.contains("Ünïcödé"))
    for byte in json { #expect(byte >= 0x20) }
  }

  @Test func parseReadsZimbrasExample() throws {
    let example = """
      {"Ver":10,"id":900000001,"type":5,"parent_id":-1,"folder_id":2,"imap_id":900000001,\
      "date":1700000000,"size":2345,"unread":1,"flags":32,"mod_metadata":1,"change_date":1700000000,\
      "mod_content":1,"blob_digest":"abc,def=","FlagStr":"uf","TagNames":"Work:Urgent","Path":"/Inbox/Projects/"}
      """
    let parsed = try MetaRecord.parse(Array(example.utf8))
    #expect(parsed.version == 10)
    #expect(parsed.id == 900_000_001)
    #expect(parsed.type == 5)
    #expect(parsed.date == 1_700_000_000)
    #expect(parsed.size == 2345)
    #expect(parsed.unread == 1)
    #expect(parsed.flags == 32)
    #expect(parsed.flagStr == "uf")
    #expect(parsed.tagNames == ["Work", "Urgent"])
    #expect(parsed.path == ["Inbox", "Projects"])
    #expect(parsed.blobDigest == "abc,def=")
  }

  @Test func parseRoundTripsTheWriter() throws {
    let json = MetaRecord.json(
      id: 900_000_123, path: ["Trash", "Old"], date: 1_234_567_890, size: 99,
      flags: [.seen, .draft, .deleted], keywords: ["k1"], blobDigest: "AAAA")
    let parsed = try MetaRecord.parse(json)
    #expect(parsed.id == 900_000_123)
    #expect(parsed.path == ["Trash", "Old"])
    #expect(parsed.size == 99)
    #expect(parsed.flagStr == "dx")
    #expect(parsed.flags == 64 + 128)
    #expect(parsed.tagNames == ["k1"])
    #expect(parsed.blobDigest == "AAAA")
  }

  @Test func parseRejectsBrokenRecords() {
    #expect(throws: BundleError.self) { try MetaRecord.parse(Array("not json".utf8)) }
    #expect(throws: BundleError.self) { try MetaRecord.parse(Array("[1,2]".utf8)) }
    #expect(throws: BundleError.self) {
      try MetaRecord.parse(Array("{\"Ver\":10,\"id\":1,\"type\":5}".utf8))
    }
    #expect(throws: BundleError.self) {
      try MetaRecord.parse(
        Array(
          """
          {"Ver":10,"id":"x","type":5,"parent_id":-1,"folder_id":2,"imap_id":1,"date":1,"size":1,\
          "unread":0,"flags":0,"mod_metadata":1,"change_date":1,"mod_content":1}
          """.utf8))
    }
  }

  @Test func optionalKeysMayBeAbsent() throws {
    let minimal = """
      {"Ver":10,"id":1,"type":5,"parent_id":-1,"folder_id":2,"imap_id":1,"date":1,"size":1,\
      "unread":0,"flags":0,"mod_metadata":1,"change_date":1,"mod_content":1}
      """
    let parsed = try MetaRecord.parse(Array(minimal.utf8))
    #expect(parsed.flagStr == nil)
    #expect(parsed.blobDigest == nil)
    #expect(parsed.tagNames == [])
    #expect(parsed.path == [])
  }
}
