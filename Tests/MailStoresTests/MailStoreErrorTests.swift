import MailModel
import MailStores
import SystemPackage
import TestSupport
import Testing

@Suite struct MailStoreErrorTests {
  @Test func aFileThatCannotBeOpenedCarriesTheErrno() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/absent.mbox"
    let error = try #require(throws: MailStoreError.self) {
      try FileByteSource(path: path, chunkSize: 4096)
    }
    #expect(error.location.file == path)
    #expect(error.cause as? Errno == .noSuchFileOrDirectory)
    #expect(error.code == .notFound)
    // The message already names the errno, so the description does not repeat it.
    #expect(error.description == "\(path): cannot open: \(Errno.noSuchFileOrDirectory)")
  }

  @Test func itIsALocatedErrorWithAnUnreadableDefault() {
    let error = MailStoreError("not a Maildir", at: SourceLocation(file: "m", offset: 0))
    #expect(error.code == .unreadable)
    #expect(error.cause == nil)
    let located: any LocatedError = error
    #expect(located.location == SourceLocation(file: "m", offset: 0))
    #expect(located.description == "m (byte 0): not a Maildir")
  }

  @Test func aMissingSourceIsNotFound() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let error = try #require(throws: MailStoreError.self) {
      try SourceDetector.open(directory.path + "/nothing-here")
    }
    #expect(error.code == .notFound)
    #expect(error.message == "no such file or directory")
  }
}
