import Foundation
import MailModel
import MailStores
import Outlook
import TestSupport
import Testing

/// The PST and `.msg` readers over the public Outlook corpus: every item is a message or a
/// diagnostic with its reason, and every message is one a MIME parser reads without defects.
@Suite struct OutlookReaderTests {
  /// The public PSTs.
  static let pstFiles: [String] = {
    let directory = Corpus.url("outlook/pst").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".pst") }.sorted().map { directory + "/" + $0 }
  }()

  /// Codes of the diagnostics that stand for one item each.
  static let itemCodes: Set<String> = ["outlook-hidden", "outlook-groupware", "outlook-unreadable"]

  /// Messages and per-item diagnostics of one read.
  struct Run {
    var messages: [Message] = []
    var diagnostics: [Diagnostic] = []

    /// The diagnostics that each stand for one item.
    var itemDiagnostics: [Diagnostic] {
      diagnostics.filter { OutlookReaderTests.itemCodes.contains($0.code) }
    }
  }

  /// Reads `path` with the detected reader.
  static func read(_ path: String, format: SourceFormat = .auto) throws -> Run {
    var run = Run()
    let source = try SourceDetector.open(path, format: format)
    var messages: [Message] = []
    var diagnostics: [Diagnostic] = []
    try source.reader.readMessages(
      diagnostics: { diagnostics.append($0) }, { messages.append($0) })
    run.messages = messages
    run.diagnostics = diagnostics
    return run
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func everyPstItemIsAMessageOrAReason() throws {
    #expect(Self.pstFiles.count == 16)
    var totalItems = 0
    var totalMessages = 0
    for path in Self.pstFiles {
      let file = try PstFile(path: path)
      var items = 0
      for folder in try file.folders() { items += folder.messageCount + folder.associatedCount }
      let run = try Self.read(path)
      #expect(
        run.messages.count + run.itemDiagnostics.count == items,
        "\(path): \(items) items, \(run.messages.count) messages, \(run.itemDiagnostics.count) listed"
      )
      #expect(run.messages.allSatisfy { !$0.bytes.isEmpty && $0.sourceID.hasPrefix("item:") })
      totalItems += items
      totalMessages += run.messages.count
    }
    #expect(totalMessages > 0)
    #expect(totalItems >= totalMessages)
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func pstIsDetectedAndReadTwiceTheSame() throws {
    let path = try #require(Self.pstFiles.first { $0.hasSuffix("tika-testPST.pst") })
    let source = try SourceDetector.open(path)
    #expect(source.format == "pst")
    let first = try Self.read(path)
    let second = try Self.read(path, format: .pst)
    #expect(first.messages.map(\.bytes) == second.messages.map(\.bytes))
    #expect(!first.messages.isEmpty)
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func everyMsgFileIsAMessageOrAReason() throws {
    let directory = Corpus.url("outlook/msg").path
    let count = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasSuffix(".msg") }.count
    #expect(count == 75)
    let run = try Self.read(directory, format: .msg)
    #expect(run.messages.count + run.itemDiagnostics.count == count)
    #expect(run.messages.count > 60)
    #expect(run.messages.allSatisfy { $0.sourceID.hasSuffix(".msg") })
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func recoveredItemsOnlyWhenAsked() throws {
    let path = try #require(
      Self.pstFiles.first { $0.hasSuffix("tika-testPST_variousBodyTypes.pst") })
    // libpff's own tool recovers one message from this file's free space.
    let exported = try TemporaryDirectory()
    defer { exported.cleanup() }
    let run = try ExternalProgram.run(
      "/usr/bin/env", ["pffexport", "-q", "-m", "recovered", "-t", exported.path + "/x", path])
    try #require(run.status == 0, "pffexport: \(run.errors)")
    let recovered = try FileManager.default.contentsOfDirectory(
      atPath: exported.path + "/x.recovered")
    #expect(recovered.filter { $0.hasPrefix("Message") }.count == 1)
    let plain = try Self.read(path)
    #expect(plain.messages.allSatisfy { $0.folder != PstReader.recoveredFolder })
    var options = ReadOptions()
    options.recoverItems = true
    var messages: [Message] = []
    try PstReader(path: path, options: options).readMessages(
      diagnostics: { _ in }, { messages.append($0) })
    #expect(messages.count == plain.messages.count + 1)
    #expect(messages.filter { $0.folder == PstReader.recoveredFolder }.count == 1)
    #expect(
      try PstReader(path: path, options: options).readFolders().contains(PstReader.recoveredFolder))
  }

  @Test func notAPstIsRefusedWithItsPath() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/fake.pst"
    try Data("!BDN but nothing else".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: MailStoreError.self) { try Self.read(path) }
    do {
      _ = try Self.read(path)
    } catch let error as MailStoreError {
      #expect(error.location.file == path)
    }
    #expect(throws: MailStoreError.self) { try SourceDetector.open(directory.path, format: .pst) }
  }
}
