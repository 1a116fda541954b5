import Foundation
import MailModel
import TestSupport
import Testing
import ZimbraBundle

/// Folder `.meta` entries: what `BundleWriter.addFolder` writes and `BundleReader` reads back.
@Suite struct FolderEntryTests {
  static let message = BundleMessage(
    zimbraPath: ["Inbox"], bytes: Array("Subject: s\n\nbody\n".utf8), flags: [.seen], tags: [],
    date: 1_700_000_000)

  static func items(_ path: String) throws -> (folders: [[String]], problems: [String]) {
    var folders: [[String]] = []
    var problems: [String] = []
    try BundleReader.forEachItem(path) { item in
      switch item {
      case .folder(let folder): folders.append(folder.path)
      case .problem(let problem): problems.append(problem.detail)
      case .message, .other: break
      }
    }
    return (folders, problems)
  }

  @Test func folderEntriesReadBack() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.path + "/b.tgz"
    let writer = try BundleWriter(path: path, options: BundleOptions(workers: 1))
    try writer.add(Self.message)
    let name = try writer.addFolder(["Archive", "Ä \"q\""], date: 7)
    #expect(name == "zmigrate-folders/00000001.meta")
    try writer.commit()
    let read = try Self.items(path)
    #expect(read.folders == [["Archive", "Ä \"q\""]])
    #expect(read.problems.isEmpty)
    let meta = try MetaRecord.parse(MetaRecord.folderJSON(id: 5, path: ["A", "B"], date: 7))
    #expect(meta.type == MetaRecord.folderType && meta.name == "B" && meta.path == ["A", "B"])
    #expect(meta.blobDigest == nil && meta.size == 0)
  }

  @Test func aFolderNameThatDisagreesWithItsPathIsAProblem() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.path + "/b.tar"
    let writer = try BundleWriter(path: path, options: BundleOptions(format: .tar))
    let json = String(
      decoding: MetaRecord.folderJSON(id: 5, path: ["A", "B"], date: 7), as: UTF8.self)
    try writer.add(
      name: "x.meta",
      data: Array(json.replacingOccurrences(of: "\"name\":\"B\"", with: "\"name\":\"C\"").utf8),
      mode: 0o644, mtime: 7)
    try writer.commit()
    #expect(try Self.items(path).problems.count == 1)
  }

  @Test func noBareMessageAfterAFolderAndNoFolderEntriesInAZip() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let bare = try BundleWriter(
      path: dir.path + "/b.tar", options: BundleOptions(format: .tar, writeMeta: false))
    try bare.addFolder(["A"], date: 7)
    #expect(throws: BundleError.self) { try bare.add(Self.message) }
    bare.abandon()
    let zip = try BundleWriter(path: dir.path + "/b.zip", options: BundleOptions(format: .zip))
    #expect(!zip.writesFolderEntries)
    #expect(throws: BundleError.self) { try zip.addFolder(["A"], date: 7) }
    zip.abandon()
  }

  @Test func builtInFolders() {
    #expect(FolderMapper.existsInEveryMailbox(["inbox"]))
    #expect(FolderMapper.existsInEveryMailbox(["Trash"]))
    #expect(FolderMapper.existsInEveryMailbox(["Emailed Contacts"]))
    #expect(!FolderMapper.existsInEveryMailbox(["Inbox", "Sub"]))
    #expect(!FolderMapper.existsInEveryMailbox(["Archive"]))
  }
}
