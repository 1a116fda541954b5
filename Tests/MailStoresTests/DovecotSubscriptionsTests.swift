import MailModel
import MailStores
import Testing

@Suite struct DovecotSubscriptionsTests {
  static func parse(_ text: String, courier: Bool = false) throws -> DovecotSubscriptions {
    try DovecotSubscriptions(parsing: Array(text.utf8), courier: courier)
  }

  static func folder(_ components: String...) -> FolderPath { FolderPath(components) }

  @Test func version1MaildirPlusPlus() throws {
    let subscriptions = try Self.parse("Sent\nArchive.2023\nTrash.\nEntw&APw-rfe\n")
    #expect(subscriptions.format == .dovecotV1)
    #expect(subscriptions.count == 4)
    #expect(subscriptions.contains(Self.folder("Sent")))
    #expect(subscriptions.contains(Self.folder("Archive", "2023")))
    #expect(!subscriptions.contains(Self.folder("Archive")))
    #expect(subscriptions.contains(Self.folder("Trash")))  // trailing separator ignored
    #expect(subscriptions.contains(Self.folder("Entwürfe")))  // modified UTF-7 decoded
    #expect(!subscriptions.contains(Self.folder("Junk")))
    #expect(subscriptions.contains(.inbox))
    #expect(subscriptions.contains(Self.folder("inbox")))
  }

  @Test func version1SlashSeparatorAndNamespacePrefix() throws {
    let subscriptions = try Self.parse("Archive/2023\r\nINBOX/Lists/swift\nR&-D\n")
    #expect(subscriptions.contains(Self.folder("Archive", "2023")))
    #expect(subscriptions.contains(Self.folder("Lists", "swift")))
    #expect(subscriptions.contains(Self.folder("R&D")))
    #expect(!subscriptions.contains(Self.folder("Lists")))
  }

  @Test func version2LevelsAndEscapes() throws {
    let text =
      "V\t2\n\nWork\nWork\tProjects\nA\u{1}tB\nx\u{1}1y\u{1}nz\nEntw&APw-rfe\tSub\nINBOX\tChild\n"
    let subscriptions = try Self.parse(text)
    #expect(subscriptions.format == .dovecotV2)
    #expect(subscriptions.problems.isEmpty)
    #expect(subscriptions.contains(Self.folder("Work")))
    #expect(subscriptions.contains(Self.folder("Work", "Projects")))
    #expect(subscriptions.contains(Self.folder("A\tB")))
    #expect(subscriptions.contains(Self.folder("x\u{1}y\nz")))
    #expect(subscriptions.contains(Self.folder("Entwürfe", "Sub")))
    #expect(subscriptions.contains(Self.folder("Child")))  // INBOX namespace prefix
    #expect(!subscriptions.contains(Self.folder("Work", "Other")))
    // Levels are levels: a '.' inside one does not split it.
    let dotted = try Self.parse("V\t2\n\nLists.swift\n")
    #expect(dotted.contains(Self.folder("Lists.swift")))
    #expect(!dotted.contains(Self.folder("Lists", "swift")))
  }

  @Test func version2BadEscapeIsReportedNotFatal() throws {
    let subscriptions = try Self.parse("V\t2\n\nGood\nBad\u{1}q\n")
    #expect(subscriptions.problems.count == 1)
    #expect(subscriptions.problems.first?.hasPrefix("line 4") == true)
    #expect(subscriptions.contains(Self.folder("Good")))
    #expect(subscriptions.contains(Self.folder("Badq")))
  }

  @Test func courierPrefix() throws {
    let subscriptions = try Self.parse(
      "INBOX.Sent\nINBOX.R&AOk-sum&AOk-\nINBOX.Lists.swift\n", courier: true)
    #expect(subscriptions.format == .courier)
    #expect(subscriptions.contains(Self.folder("Sent")))
    #expect(subscriptions.contains(Self.folder("Résumé")))
    #expect(subscriptions.contains(Self.folder("Lists", "swift")))
    #expect(!subscriptions.contains(Self.folder("Trash")))
  }

  @Test func unsupportedVersionThrowsAndEmptyFileSubscribesNothing() throws {
    #expect(throws: DovecotSubscriptions.FormatError.self) { try Self.parse("V\t3\n\nWork\n") }
    let empty = try Self.parse("")
    #expect(empty.count == 0)
    #expect(empty.contains(.inbox))
    #expect(!empty.contains(Self.folder("Sent")))
  }
}
