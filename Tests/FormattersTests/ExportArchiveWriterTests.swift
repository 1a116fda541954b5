import Foundation
import MailModel
import TestSupport
import Testing
import ZimbraBundle

@testable import Formatters

@Suite struct ExportArchiveWriterTests {
  /// Writes the golden messages into a `format` archive in `directory`.
  func write(_ format: BundleFormat, in directory: TemporaryDirectory) throws -> String {
    let path = directory.path + "/export." + format.rawValue
    let writer = try ExportArchiveWriter(path: path, format: format)
    for (id, message) in try ExportGolden.messages() { try writer.add(message, id: id) }
    #expect(!FileManager.default.fileExists(atPath: path))
    try writer.commit()
    return path
  }

  /// One line per entry: name, mode, mtime, size, and a `.meta`'s JSON.
  func listing(_ path: String) throws -> [UInt8] {
    var text = ""
    try BundleReader.forEachEntry(path) { entry in
      text += "\(entry.name)\t\(String(entry.mode, radix: 8))\t\(entry.mtime)\t\(entry.data.count)"
      if entry.name.hasSuffix(".meta") {
        text += "\t" + String(decoding: entry.data, as: UTF8.self)
      }
      text += "\n"
    }
    return Array(text.utf8)
  }

  @Test(arguments: [BundleFormat.tgz, .tar, .zip])
  func archiveListingMatchesGoldenFile(format: BundleFormat) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = try write(format, in: directory)
    let golden = format == .zip ? "zip-listing.txt" : "tar-listing.txt"
    try ExportGolden.check(try listing(path), golden)
  }

  @Test func tarEntriesReadBackWithMeta() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = try write(.tgz, in: directory)
    let messages = try ExportGolden.messages()
    var entries: [BundleReader.Entry] = []
    try BundleReader.forEachEntry(path) { entries.append($0) }
    #expect(entries.count == 2 * messages.count)
    #expect(
      entries.map(\.name).filter { !$0.hasSuffix(".meta") } == [
        "Inbox/0000000001-Lunch on Friday.eml", "Inbox/0000000002-Grüße aus Köln.eml",
        "Projects/Reports/0000000003-Report über 2026.eml", "Sent/0000000004-Fwd_ Minutes.eml",
      ])
    for (index, (id, message)) in messages.enumerated() {
      let meta = try MetaRecord.parse(entries[2 * index].data)
      let blob = entries[2 * index + 1]
      #expect(entries[2 * index].name == blob.name + ".meta")
      #expect(blob.data == message.bytes)
      #expect(blob.mtime == message.internalDate)
      #expect(meta.id == 900_000_000 + id && meta.date == message.internalDate)
      #expect(meta.size == message.bytes.count)
      #expect(meta.blobDigest == MetaRecord.blobDigest(SHA256.hash(message.bytes)))
      let unread = !message.flags.contains(.seen)
      #expect(BundleLayout.isUnread(mode: blob.mode) == unread)
      #expect((meta.unread > 0) == unread)
    }
    // The bundle reader finds Zimbra's layout: each .meta before its message, agreeing on
    // size, digest and folder.
    var problems: [String] = []
    var found = 0
    try BundleReader.forEachItem(path) { item in
      switch item {
      case .message(let entry): found += entry.meta == nil ? 0 : 1
      case .problem(let problem): problems.append(problem.detail)
      default: break
      }
    }
    #expect(problems.isEmpty && found == messages.count, "\(problems)")
    let first = try MetaRecord.parse(entries[0].data)
    #expect(first.path == ["Inbox"] && first.tagNames == ["Work", "a,b"])
    #expect(MetaRecord.flags(of: first) == [.seen, .flagged])
    let third = try MetaRecord.parse(entries[4].data)
    #expect(third.path == ["Projects", "Reports"])
    #expect(MetaRecord.flags(of: third) == [.seen, .answered, .forwarded])
  }

  @Test func zipEntriesReadBack() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = try write(.zip, in: directory)
    var reader = try ZipReader(path: path)
    let entries = try reader.readAll()
    let messages = try ExportGolden.messages()
    #expect(entries.count == messages.count)
    for (entry, (_, message)) in zip(entries, messages) {
      #expect(entry.data == message.bytes && entry.mtime == message.internalDate)
      #expect(entry.hasExtendedTimestamp && entry.flags & (1 << 11) != 0)
      #expect(entry.mode & 0o777 == (message.flags.contains(.seen) ? 0o660 : 0o640))
    }
    // Entry comments: `message`, and `message-unread` for the one unread message.
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(Self.count(Array("message-unread".utf8), in: bytes) == 1)
    let python = """
      import sys, zipfile
      for i in zipfile.ZipFile(sys.argv[1]).infolist():
          print(i.filename + "\\t" + i.comment.decode())
      """
    let run = try ExternalProgram.run("/usr/bin/env", ["python3", "-c", python, path])
    if run.status == 127 {
      print("python3 not installed: zip comments checked in the raw bytes only")
    } else {
      #expect(run.status == 0, "\(run.errors)")
      let lines = String(decoding: run.output, as: UTF8.self).split(separator: "\n")
      #expect(
        lines.map { String($0.split(separator: "\t").last ?? "") } == [
          "message", "message-unread", "message", "message",
        ])
    }
  }

  @Test(arguments: [BundleFormat.tgz, .zip])
  func externalToolsListTheSameNames(format: BundleFormat) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = try write(format, in: directory)
    var ours: [String] = []
    try BundleReader.forEachEntry(path) { ours.append($0.name) }
    let run =
      format == .zip
      ? try ExternalProgram.run("/usr/bin/env", ["zipinfo", "-1", path])
      : try ExternalProgram.run("/usr/bin/env", ["tar", "tzf", path])
    guard run.status != 127 else {
      print("\(format == .zip ? "zipinfo" : "tar") not installed: listing not cross-checked")
      return
    }
    #expect(run.status == 0, "\(run.errors)")
    let listed = String(decoding: run.output, as: UTF8.self).split(separator: "\n").map(String.init)
    #expect(listed == ours)
  }

  @Test func hostileFoldersAndSubjectsStayInside() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/hostile.tar"
    let writer = try ExportArchiveWriter(path: path, format: .tar)
    let subjects = [
      "../../etc/passwd", "a/b", "x\u{0}y", "\u{1}\u{1B}", String(repeating: "z", count: 300),
      "...", "",
    ]
    for (index, subject) in subjects.enumerated() {
      let bytes = Array("Subject: \(subject)\r\n\r\nbody\r\n".utf8)
      let message = Message(
        folder: FolderPath(["..", "a/b", "."]), bytes: bytes, flags: [.seen],
        internalDate: -5, dateSource: .fileMtime, sourceID: "h",
        location: MailModel.SourceLocation(file: "h"))
      try writer.add(message, id: index + 1)
    }
    try writer.commit()
    var names: [String] = []
    try BundleReader.forEachEntry(path) { names.append($0.name) }
    #expect(names.count == 2 * subjects.count)
    for name in names {
      let parts = name.split(separator: "/", omittingEmptySubsequences: false)
      #expect(!parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }, "\(name)")
    }
  }

  @Test func abandonLeavesNothing() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/gone.zip"
    let writer = try ExportArchiveWriter(path: path, format: .zip)
    let name = try writer.add(try ExportGolden.messages()[0].message, id: 1, subject: "Given")
    #expect(name == "Inbox/0000000001-Given.eml")
    writer.abandon()
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    #expect(throws: FormattersError.self) {
      try ExportArchiveWriter(path: directory.path + "/d/", format: .directory)
    }
  }

  /// How often `needle` occurs in `haystack`.
  static func count(_ needle: [UInt8], in haystack: [UInt8]) -> Int {
    guard !needle.isEmpty, haystack.count >= needle.count else { return 0 }
    var found = 0
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      found += 1
    }
    return found
  }
}
