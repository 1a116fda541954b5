import Foundation
import MailModel
import TestSupport
import Testing

@testable import Formatters

/// Golden files under `Fixtures/export/golden/`: expected output compared byte for byte.
///
/// To regenerate them after a deliberate change, run
/// `ZMIGRATE_UPDATE_GOLDEN=1 swift test --skip-build --filter FormattersTests` and review the diff.
enum ExportGolden {
  /// Whether this run rewrites the golden files instead of comparing.
  static var updating: Bool { GoldenFile.updating }

  /// Compares `bytes` with `golden/<name>` (or rewrites it when updating).
  static func check(
    _ bytes: [UInt8], _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try GoldenFile.check(bytes, "export/golden/\(name)", sourceLocation: sourceLocation)
  }

  /// The fixture messages of the golden tests with their fixed ids, folders, flags, keywords
  /// and received dates (2026-03-02 09:00 UTC, then one hour apart).
  static func messages() throws -> [(id: Int, message: Message)] {
    let specs: [(String, [String], MessageFlags, [String])] = [
      ("plain.eml", ["INBOX"], [.seen, .flagged], ["Work", "a,b"]),
      ("alternative.eml", ["INBOX"], [], []),
      ("mixed-attachment.eml", ["Projects", "Reports"], [.seen, .answered], ["$Forwarded"]),
      ("nested-rfc822.eml", ["Sent Items"], [.seen], []),
    ]
    return try specs.enumerated().map { index, spec in
      let message = Message(
        folder: FolderPath(spec.1), bytes: try exportFixture(spec.0), flags: spec.2,
        keywords: spec.3, internalDate: 1_772_442_000 + Int64(index) * 3600,
        dateSource: .fileMtime, sourceID: spec.0, location: MailModel.SourceLocation(file: spec.0))
      return (index + 1, message)
    }
  }

  /// The feed entries of `messages()` plus two calendar instances (one without organizer).
  static func entries() throws -> [FeedEntry] {
    var entries = try messages().map { id, message in
      let structure = MimeStructure(bytes: message.bytes)
      return FeedWriter.entry(
        facts: MessageFacts(message: message, structure: structure), structure: structure, id: id)
    }
    entries.append(
      FeedWriter.entry(
        summary: "Team <sync> & review", description: "Agenda:\nfirst\n\nsecond point",
        organizer: Mailbox(name: "Ann Example", address: "ann@example.com"),
        start: 1_772_460_000, id: 5, uid: "event-1@example.com"))
    entries.append(
      FeedWriter.entry(
        summary: "No organizer", description: "", organizer: nil, start: 1_772_463_600, id: 6))
    return entries
  }
}
