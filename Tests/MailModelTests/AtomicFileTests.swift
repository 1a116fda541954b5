import Foundation
import MailModel
import SystemPackage
import TestSupport
import Testing

@Suite struct AtomicFileTests {
  /// The names in `directory`, sorted.
  static func names(_ directory: TemporaryDirectory) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  /// The permission bits of `path`.
  static func mode(_ path: String) throws -> UInt16? {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber).map { $0.uint16Value & 0o777 }
  }

  /// The inode of `path`.
  static func inode(_ path: String) throws -> UInt64? {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
  }

  @Test(arguments: [1, 3, 7, 4096, 1 << 20])
  func theFileAppearsOnlyComplete(bufferSize: Int) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/report.json"
    let payload = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let file = try AtomicFile(path: path, bufferSize: bufferSize)
    #expect(file.temporaryPath.hasPrefix(path + ".partial-"))
    #expect(FilePath(file.temporaryPath).removingLastComponent() == FilePath(directory.path))
    try file.write(payload[0..<1])
    try file.write(payload[1..<20_000])
    #expect(!FileManager.default.fileExists(atPath: path))
    try file.write(payload[20_000...])
    #expect(!FileManager.default.fileExists(atPath: path))
    try file.commit()
    #expect(file.isCommitted && !file.isOpen)
    #expect(file.bytesWritten == Int64(payload.count))
    #expect(FileManager.default.contents(atPath: path).map { [UInt8]($0) } == payload)
    #expect(try Self.names(directory) == ["report.json"])
  }

  @Test func writesDataSlicesAndNonContiguousCollections() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/out"
    try AtomicFile.write(Data("data".utf8), to: path)
    #expect(FileManager.default.contents(atPath: path) == Data("data".utf8))
    try AtomicFile.write((0..<5).lazy.map { UInt8(0x61 + $0) }, to: path)
    #expect(FileManager.default.contents(atPath: path) == Data("abcde".utf8))
    try AtomicFile.write([UInt8](), to: path)
    #expect(FileManager.default.contents(atPath: path) == Data())
    #expect(try Self.names(directory) == ["out"])
  }

  @Test func anExistingTargetIsReplacedByRenameNotRewritten() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/users.zmp"
    let link = directory.path + "/old-link"
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.linkItem(atPath: path, toPath: link)
    let oldInode = try Self.inode(path)

    let file = try AtomicFile(path: path)
    try file.write(Array("new contents".utf8))
    try file.flush()
    #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
    try file.commit()

    #expect(FileManager.default.contents(atPath: path) == Data("new contents".utf8))
    #expect(try Self.inode(path) != oldInode)
    // The old file was never written to: a hard link to it still has the old bytes.
    #expect(FileManager.default.contents(atPath: link) == Data("old".utf8))
    #expect(try Self.names(directory) == ["old-link", "users.zmp"])
  }

  @Test func secretPermissionsHoldFromCreation() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/passwords.csv"
    let file = try AtomicFile(path: path, permissions: AtomicFile.secretPermissions)
    #expect(try Self.mode(file.temporaryPath) == 0o600)
    try file.write(Array("jane@example.com,secret\n".utf8))
    try file.commit()
    #expect(try Self.mode(path) == 0o600)
    #expect(AtomicFile.secretPermissions.rawValue == 0o600)
    #expect(AtomicFile.plainPermissions.rawValue == 0o644)
  }

  @Test func secretPermissionsReplaceAWiderExistingFile() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/passwords.csv"
    try AtomicFile.write(Array("old".utf8), to: path)
    try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: path)
    try AtomicFile.write(Array("new".utf8), to: path, permissions: AtomicFile.secretPermissions)
    #expect(try Self.mode(path) == 0o600)
  }

  @Test func abandonAndReleaseRemoveTheTemporaryFile() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/out.ics"
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))

    let abandoned = try AtomicFile(path: path, bufferSize: 4)
    try abandoned.write(Array("new bytes".utf8))
    abandoned.abandon()
    abandoned.abandon()
    #expect(!abandoned.isOpen && !abandoned.isCommitted)
    #expect(!FileManager.default.fileExists(atPath: abandoned.temporaryPath))
    #expect(throws: MailModelError.self) { try abandoned.write([1]) }
    #expect(throws: MailModelError.self) { try abandoned.commit() }

    var released = ""
    do {
      let file = try AtomicFile(path: path)
      released = file.temporaryPath
      try file.write(Array(repeating: 7, count: 3 << 20))
    }
    #expect(!FileManager.default.fileExists(atPath: released))
    #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
    #expect(try Self.names(directory) == ["out.ics"])
  }

  @Test func aFailedRenameRemovesTheTemporaryFileAndSaysWhy() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    // A non-empty directory at the target: the rename fails after the data was written.
    let path = directory.path + "/out.tgz"
    try FileManager.default.createDirectory(
      atPath: path + "/inner", withIntermediateDirectories: true)
    let file = try AtomicFile(path: path)
    try file.write(Array("bytes".utf8))
    let error = try #require(throws: MailModelError.self) { try file.commit() }
    #expect(error.location?.file == path)
    #expect(error.cause is Errno)
    #expect(error.code == ErrorCode(try #require(error.cause as? Errno)))
    #expect(!FileManager.default.fileExists(atPath: file.temporaryPath))
    #expect(try Self.names(directory) == ["out.tgz"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["inner"])
    #expect(throws: MailModelError.self) { try file.write([1]) }
  }

  @Test func aTargetInAMissingDirectoryFailsWithALocatedError() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/missing/report.json"
    let error = try #require(throws: MailModelError.self) {
      try AtomicFile.write(Array("{}".utf8), to: path)
    }
    #expect(error.code == .notFound)
    #expect(error.cause as? Errno == .noSuchFileOrDirectory)
    #expect(error.location?.file.hasPrefix(path + ".partial-") == true)
    #expect(error.message == "cannot create the temporary file")
    #expect(
      error.description
        == "\(error.location?.file ?? "?"): cannot create the temporary file (\(Errno.noSuchFileOrDirectory))"
    )
    #expect(try Self.names(directory).isEmpty)
  }

  @Test(arguments: ["", "dir/"])
  func aPathThatNamesNoFileIsRefused(path: String) throws {
    let error = try #require(throws: MailModelError.self) { try AtomicFile(path: path) }
    #expect(error.code == .invalidArgument)
    #expect(error.message == "not a file name")
    #expect(error.location?.file == path)
  }

  @Test func twoWritersOfOnePathGetTheirOwnTemporaryFiles() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/out"
    let first = try AtomicFile(path: path)
    let second = try AtomicFile(path: path)
    #expect(first.temporaryPath != second.temporaryPath)
    try first.write(Array("first".utf8))
    try second.write(Array("second".utf8))
    try first.commit()
    try second.commit()
    #expect(FileManager.default.contents(atPath: path) == Data("second".utf8))
    #expect(try Self.names(directory) == ["out"])
  }
}
