import Foundation
import MailModel
import SystemPackage
import TestSupport
import Testing
import ZimbraBundle

@Suite struct AtomicFileSinkErrorTests {
  @Test func aSinkInAMissingDirectoryFailsWithTheCause() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/missing/out.tgz"
    let error = try #require(throws: BundleError.self) { try AtomicFileSink(path: path) }
    #expect(error.code == .notFound)
    #expect(error.errno == .noSuchFileOrDirectory)
    #expect(error.path?.hasPrefix(path + ".partial-") == true)
    #expect(
      error.description.hasSuffix(
        "cannot create the temporary file (\(Errno.noSuchFileOrDirectory))"))
  }

  @Test func aSinkCommitsOnceAndRefusesLaterUse() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/out.tar"
    let sink = try AtomicFileSink(path: path, permissions: AtomicFile.secretPermissions)
    try sink.write([1, 2, 3])
    try sink.finish()
    try sink.finish()
    let afterFinish = try #require(throws: BundleError.self) { try sink.write([4]) }
    #expect(afterFinish.message == "write after finish")
    try sink.commit()
    #expect(FileManager.default.contents(atPath: path) == Data([1, 2, 3]))
    let mode =
      try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
    #expect(mode.map { $0.uint16Value & 0o777 } == 0o600)
    #expect(throws: BundleError.self) { try sink.finish() }
    #expect(throws: BundleError.self) { try sink.commit() }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.tar"])
  }
}
