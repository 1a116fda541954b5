import Foundation
import MailModel
import TestSupport
import Testing

@testable import ZimbraBundle

/// A small deterministic generator (SplitMix64), so a failing case can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Writer → reader round trips: what `BundleWriter.add(_:)` writes, `BundleReader` gives back.
@Suite struct BundleRoundTripTests {
  /// Folder name pieces, hostile ones included (`/`, `..`, `:`, control characters, non-ASCII).
  static let pieces = [
    "INBOX", "Sent Items", "Archive", "2023", "..", ".", "a/b", "Q:3", "Entwürfe", "日本語",
    "tab\there", " spaced ", "Junk E-mail", "x\u{7}y", "Deleted Items", "R&D",
  ]

  /// Random messages over random folders, mapped as convert maps them.
  static func messages(count: Int, seed: UInt64) -> [BundleMessage] {
    var random = SeededGenerator(state: seed)
    var mapper = FolderMapper()
    let allFlags: [MessageFlags] = [.seen, .answered, .flagged, .draft, .deleted, .forwarded]
    return (0..<count).map { number in
      let depth = Int.random(in: 1...3, using: &random)
      let source = FolderPath(
        (0..<depth).map { _ in pieces.randomElement(using: &random) ?? "INBOX" })
      var flags: MessageFlags = []
      for flag in allFlags where Bool.random(using: &random) { flags.insert(flag) }
      let keywords = ["$label1", "Work", "a:b", "$Forwarded", "Ünïcode"].filter { _ in
        Int.random(in: 0..<4, using: &random) == 0
      }
      let tags = MetaRecord.tags(for: keywords, flags: &flags)
      let body = (0..<Int.random(in: 0...300, using: &random)).map { _ in
        UInt8.random(in: 32...126, using: &random)
      }
      let bytes = Array("Subject: \(number)\r\n\r\n".utf8) + body + [13, 10]
      return BundleMessage(
        zimbraPath: mapper.map(source).zimbraPath, bytes: bytes, flags: flags, tags: tags,
        date: Int64.random(in: 0...2_000_000_000, using: &random))
    }
  }

  static func write(_ messages: [BundleMessage], to path: String, _ format: BundleFormat) throws {
    let writer = try BundleWriter(
      path: path, options: BundleOptions(format: format, compressionLevel: 1, workers: 2))
    try writer.addBare(name: "Contacts/contacts.vcf", data: Array("BEGIN:VCARD\r\n".utf8), mtime: 7)
    for message in messages { try writer.add(message) }
    try writer.commit()
  }

  static func read(_ path: String) throws -> (
    messages: [BundleMessage], other: [String], problems: [String]
  ) {
    var messages: [BundleMessage] = []
    var other: [String] = []
    var problems: [String] = []
    try BundleReader.forEachItem(path) { item in
      switch item {
      case .message(let found): messages.append(found.message)
      case .other(let entry, _): other.append(entry.name)
      case .folder(let folder): other.append(folder.name)
      case .problem(let problem): problems.append("\(problem.kind.rawValue): \(problem.detail)")
      }
    }
    return (messages, other, problems)
  }

  static let names: [BundleFormat: String] = [
    .tgz: "b.tgz", .tar: "b.tar", .directory: "b/", .zip: "b.zip",
  ]

  @Test(arguments: [BundleFormat.tgz, .tar, .directory], [UInt64(1), 2, 3])
  func messagesComeBackEqual(format: BundleFormat, seed: UInt64) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.path + "/" + (Self.names[format] ?? "b")
    let written = Self.messages(count: 60, seed: seed)
    try Self.write(written, to: path, format)
    let read = try Self.read(path)
    #expect(read.problems.isEmpty)
    #expect(read.other == ["Contacts/contacts.vcf"])
    #expect(read.messages.count == written.count)
    // Directory bundles come back sorted by name; archives in writing order.
    let sorted = { (list: [BundleMessage]) in
      list.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }
    #expect(sorted(read.messages) == sorted(written))
  }

  @Test func zipKeepsBytesFoldersAndDatesOnly() throws {
    // Zimbra reads no .meta from a zip: flags and tags cannot ride in one (docs/bundle.md).
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let written = Self.messages(count: 40, seed: 9)
    try Self.write(written, to: dir.path + "/b.zip", .zip)
    let read = try Self.read(dir.path + "/b.zip")
    #expect(read.problems.isEmpty)
    #expect(read.messages.map(\.bytes) == written.map(\.bytes))
    #expect(read.messages.map(\.zimbraPath) == written.map(\.zimbraPath))
    #expect(read.messages.map(\.date) == written.map(\.date))
    #expect(read.messages.allSatisfy { $0.tags.isEmpty })
  }

  @Test func entryLayoutIsZimbras() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let message = BundleMessage(
      zimbraPath: ["Inbox", "Projects"], bytes: Array("Subject: x\r\n\r\nbody\r\n".utf8),
      flags: [.flagged], tags: ["Work"], date: 1_700_000_000)
    try Self.write([message], to: dir.path + "/one.tar", .tar)
    var names: [String] = []
    var modes: [UInt32] = []
    try BundleReader.forEachEntry(dir.path + "/one.tar") {
      names.append($0.name)
      modes.append($0.mode)
    }
    #expect(
      names == [
        "Contacts/contacts.vcf", "Inbox/Projects/00000001.eml.meta", "Inbox/Projects/00000001.eml",
      ])
    #expect(modes.last == 0o444)  // unread
  }

  @Test func bareEntryAfterAMessageIsRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let writer = try BundleWriter(path: dir.path + "/late.tgz", options: BundleOptions())
    defer { writer.abandon() }
    try writer.add(Self.messages(count: 1, seed: 4)[0])
    #expect(throws: BundleError.self) {
      try writer.addBare(name: "Calendar/calendar.ics", data: [], mtime: 0)
    }
  }
}
