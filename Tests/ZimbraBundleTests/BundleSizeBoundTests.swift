import Foundation
import MailModel
import TestSupport
import Testing

@testable import ZimbraBundle

/// The size bounds `--max-bundle-size` relies on: at every point, the bound for what is written
/// plus what comes next is at least the size the archive ends with.
@Suite struct BundleSizeBoundTests {
  /// Incompressible bytes (random), and text deflate likes, as messages.
  static func messages(count: Int, seed: UInt64, text: Bool) -> [BundleMessage] {
    var random = SeededGenerator(state: seed)
    return (0..<count).map { index in
      let size = Int.random(in: 0...100_000, using: &random)
      let bytes: [UInt8] =
        text
        ? Array(repeating: Array("hello world \(index % 7)\r\n".utf8), count: size / 16 + 1)
          .flatMap { $0 }
        : (0..<size).map { _ in UInt8.random(in: 0...255, using: &random) }
      return BundleMessage(
        zimbraPath: index % 3 == 0 ? ["Inbox"] : ["Archive", String(repeating: "x", count: 120)],
        bytes: bytes, flags: [], tags: [], date: 1_700_000_000 + Int64(index))
    }
  }

  static let cases: [(BundleFormat, Int, Int, Bool)] = [
    (BundleFormat.tgz, 0, 1), (.tgz, 1, 1), (.tgz, 1, 2), (.tgz, 9, 2), (.tar, 1, 1),
    (.zip, 0, 1), (.zip, 1, 2), (.zip, 6, 1),
  ].flatMap { format, level, workers in
    [(format, level, workers, false), (format, level, workers, true)]
  }

  @Test(arguments: cases)
  func theBoundIsNeverBelowTheFinalSize(format: BundleFormat, level: Int, workers: Int, text: Bool)
    throws
  {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let writer = try BundleWriter(
      path: dir.path + "/b." + format.rawValue,
      options: BundleOptions(format: format, compressionLevel: level, workers: workers))
    var bounds: [Int64] = [try #require(writer.sizeBound())]
    for (index, message) in Self.messages(count: 30, seed: 11, text: text).enumerated() {
      let prepared = writer.prepare(message, sequence: index + 1)
      bounds.append(try #require(writer.sizeBound(adding: prepared)))
      try writer.add(prepared)
      if index % 10 == 9 { try writer.settle() }
      bounds.append(try #require(writer.sizeBound()))
    }
    try writer.finish()
    let size = try #require(writer.fileSize)
    // Every bound taken after the last message speaks of the same final file.
    #expect(bounds.last! >= size)
    #expect(bounds[bounds.count - 2] >= size)
    if format == .tar { #expect(bounds.last! == size) }
    try writer.commit()
    #expect(try FileManager.default.attributesOfItem(atPath: writer.path)[.size] as? Int64 == size)
  }

  @Test func bareEntriesStayInPartOneAndAnOversizeMessageGoesAlone() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var options = BundleOptions(format: .tar, workers: 1)
    options.maxPartSize = 20_000
    let writer = try SplitBundleWriter(path: dir.path + "/u.tar", options: options)
    try writer.addBare(
      name: "Contacts/contacts.vcf", data: Array(repeating: 65, count: 5_000), mtime: 0)
    let big = BundleMessage(
      zimbraPath: ["Inbox"], bytes: Array(repeating: 66, count: 30_000), flags: [], tags: [],
      date: 1)
    let small = BundleMessage(
      zimbraPath: ["Inbox"], bytes: Array(repeating: 67, count: 3_000), flags: [], tags: [],
      date: 2)
    let first = try writer.add(big)
    #expect(first.part == 2 && first.oversize)
    #expect(first.partPath == dir.path + "/u.part002.tar")
    let second = try writer.add(small)
    #expect(second.part == 3 && !second.oversize)
    #expect(second.entry == "Inbox/00000002.eml")
    let third = try writer.add(small)
    #expect(third.part == 3)
    let parts = try writer.commit()
    #expect(parts.map(\.messages) == [0, 1, 2])
    #expect(parts[0].size <= 20_000 && parts[2].size <= 20_000 && parts[1].size > 20_000)
    #expect(parts.allSatisfy { $0.sha256 != nil })
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [
        "u.part001.tar", "u.part002.tar", "u.part003.tar",
      ])
  }

  @Test func withoutALimitItIsOneBundleAtThePathAsked() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let writer = try SplitBundleWriter(path: dir.path + "/u.tgz", options: BundleOptions())
    for message in Self.messages(count: 5, seed: 2, text: true) { try writer.add(message) }
    let parts = try writer.commit()
    #expect(parts.count == 1 && parts[0].path == dir.path + "/u.tgz" && parts[0].sha256 == nil)
    #expect(parts[0].messages == 5)
  }

  @Test func anInterruptedSplitLeavesNoPart() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var options = BundleOptions(format: .tgz, workers: 2)
    options.maxPartSize = 64 << 10
    let writer = try SplitBundleWriter(path: dir.path + "/u.tgz", options: options)
    for message in Self.messages(count: 20, seed: 3, text: false) { try writer.add(message) }
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy {
        $0.contains(".partial-")
      })
    writer.abandon()
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }
}
