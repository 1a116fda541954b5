import MailModel
import MailStores
import Testing

@Suite struct DovecotUidListTests {
  static func parse(_ text: String) throws -> DovecotUidList {
    try DovecotUidList(parsing: Array(text.utf8))
  }

  @Test func version3HeaderRecordsAndExtensions() throws {
    let list = try Self.parse(
      """
      3 V1275660208 N25022 G3085f01b7f11094c501100008c4a11c1 Xfuture
      1 :1275660000.M1P1.host
      7 W1234 S1200 :1275660001.M2P2.host,S=1200:2,F
      25021 GABCDEF :1275660002.M3P3.host

      """)
    #expect(list.version == 3)
    #expect(list.uidValidity == 1_275_660_208)
    #expect(list.nextUID == 25022)
    #expect(list.mailboxGUID == "3085f01b7f11094c501100008c4a11c1")
    #expect(list.headerFields["X"] == "future")
    #expect(list.problems.isEmpty)
    #expect(list.records.map(\.uid) == [1, 7, 25021])
    #expect(list.records[1].extensions == ["W": "1234", "S": "1200"])
    #expect(list.records[2].extensions == ["G": "ABCDEF"])
    // Matched by base name, whatever info the list or the file name carries.
    #expect(list.uid(forFileName: "1275660001.M2P2.host,S=1200:2,RS") == 7)
    #expect(list.uid(forFileName: "1275660001.M2P2.host,S=1200") == 7)
    #expect(list.uid(forFileName: "1275660000.M1P1.host:2,S") == 1)
    #expect(list.uid(forFileName: "1275660000.M1P1.host;2,S") == 1)
    #expect(list.uid(forFileName: "1275660002.M3P3.host!2,") == 25021)
    #expect(list.uid(forFileName: "1275669999.M9P9.host:2,S") == nil)
    #expect(
      String(decoding: list.records[1].baseName, as: UTF8.self) == "1275660001.M2P2.host,S=1200")
  }

  @Test func version1AndCourier() throws {
    let list = try Self.parse(
      "1 1160000000 5\r\n1 1160000001.M1P1.host:2,S\r\n2 1160000002.M2P2.host\r\n4 1160000004.M4P4.host:2,\r\n"
    )
    #expect(list.version == 1)
    #expect(list.uidValidity == 1_160_000_000)
    #expect(list.nextUID == 5)
    #expect(list.problems.isEmpty)
    #expect(list.records.map(\.uid) == [1, 2, 4])
    #expect(list.uid(forFileName: "1160000001.M1P1.host:2,RS") == 1)
    #expect(list.uid(forFileName: "1160000002.M2P2.host:2,S") == 2)
    #expect(list.uid(forFileName: "1160000004.M4P4.host") == 4)
  }

  @Test func garbageLinesAreLeftOutAndTheRestKept() throws {
    let list = try Self.parse(
      """
      3 V42 N100 nokey
      1 :a.host
      this is not a record
      7
      0 :zero.host
      3 W12
      4 :dir/evil.host
      5 :
      6 w1 :lowercase-key.host
      9 :b.host:2,S
      8 :c.host
      10 :b.host
      11 :d.host
      99999999999 :huge.host
      12 :e.host
      """)
    #expect(list.records.map(\.uid) == [1, 9, 11, 12])
    #expect(list.uid(forFileName: "b.host:2,RS") == 9)
    #expect(list.uid(forFileName: "c.host") == nil)
    #expect(list.uid(forFileName: "e.host") == 12)
    let lines = list.problems.map(\.line)
    #expect(lines == [1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14])
    #expect(list.problems.first { $0.line == 11 }?.message.contains("does not increase") == true)
    #expect(list.problems.first { $0.line == 12 }?.message.contains("listed again") == true)
    #expect(list.problems.first { $0.line == 7 }?.message.contains("'/'") == true)
  }

  @Test func version1GarbageAndMissingValidity() throws {
    let list = try Self.parse("1 77 3\n1 a.host\nnonsense\n2 b.host\n")
    #expect(list.records.map(\.uid) == [1, 2])
    #expect(list.problems.map(\.line) == [3])

    let noValidity = try Self.parse("3 N5\n1 :a.host\n")
    #expect(noValidity.uidValidity == nil)
    #expect(noValidity.uid(forFileName: "a.host") == 1)

    let badValidity = try Self.parse("3 Vabc N5\n1 :a.host\n")
    #expect(badValidity.uidValidity == nil)
    #expect(badValidity.problems.count == 1)
  }

  @Test(arguments: [
    "", "\n", "garbage\n1 :a\n", "2 V1 N2\n1 :a\n", "4 V1\n", "1 12\n1 a\n", "1 x y\n",
  ])
  func unusableFilesThrow(_ text: String) {
    #expect(throws: DovecotUidList.FormatError.self) { try Self.parse(text) }
  }

  @Test func baseNames() {
    #expect(DovecotUidList.baseName(of: "1.M1.host,S=5:2,RS") == "1.M1.host,S=5")
    #expect(DovecotUidList.baseName(of: "1.M1.host") == "1.M1.host")
    #expect(DovecotUidList.baseName(of: "1.M1.host!2,S") == "1.M1.host")
  }
}
