import MailModel
import Testing
import ZimbraBundle

@testable import Migration

/// `MessagePlanner`'s size rule: a message larger than a Zimbra archive entry can hold is a
/// planned failure (a located `skipped` in the report), never an error that stops the run
/// (issue 13: the 10 GiB mbox message stopped `convert` with exit status 2).
@Suite struct MessagePlannerSizeTests {
  static func message(_ size: Int) -> Message {
    let header = Array("From: a@example.com\n\n".utf8)
    return Message(
      folder: .inbox, bytes: header + [UInt8](repeating: 98, count: size - header.count),
      internalDate: 1_700_000_000, dateSource: .fileMtime, sourceID: "1",
      location: SourceLocation(file: "big.mbox", offset: 0))
  }

  @Test func aMessageOverTheLimitIsAPlannedFailure() throws {
    var planner = MessagePlanner(folders: FolderMapOptions(), maxMessageSize: 100)
    guard case .failure(let failure) = planner.plan(Self.message(101)) else {
      Issue.record("a 101-byte message planned under a 100-byte limit")
      return
    }
    #expect(failure.code == "too-large")
    #expect(failure.message.contains("101 bytes"))
    #expect(throws: Never.self) { try planner.plan(Self.message(100)).get() }
  }

  @Test func theLimitIsTheTarEntryLimit() {
    #expect(MessagePlanner(folders: FolderMapOptions()).maxMessageSize == TarWriter.maxEntrySize)
  }
}
