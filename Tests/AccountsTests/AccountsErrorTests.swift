import Foundation
import MailModel
import SystemPackage
import TestSupport
import Testing

@testable import Accounts

@Suite struct AccountsErrorTests {
  @Test func aWriteIntoAMissingDirectoryNamesTheFileAndTheCauseChain() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.path + "/missing/users.zmp"
    let accounts = [WriterSamples.account("jane@example.com", password: WriterSamples.secret)]
    let error = try #require(throws: AccountsError.self) {
      try AccountFileWriter.write(accounts, to: path, format: .zmprov)
    }
    #expect(error.message == "cannot write the file")
    #expect(error.location == SourceLocation(file: path))
    #expect(error.code == .notFound)
    let inner = try #require(error.cause as? MailModelError)
    #expect(inner.location?.file.hasPrefix(path + ".partial-") == true)
    #expect(error.causes.last as? Errno == .noSuchFileOrDirectory)
    #expect(error.description.hasPrefix("\(path): cannot write the file (\(path).partial-"))
    #expect(error.description.hasSuffix("(\(Errno.noSuchFileOrDirectory)))"))
    #expect(!error.description.contains(WriterSamples.secret))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test func anAccountListThatCannotBeOpenedCarriesTheErrno() throws {
    let error = try #require(throws: AccountsError.self) {
      try ChunkedInput(path: "/nonexistent-zmigrate-dir/users.csv", chunkSize: 64)
    }
    #expect(error.cause as? Errno == .noSuchFileOrDirectory)
    #expect(error.code == .notFound)
    #expect(
      error.description
        == "/nonexistent-zmigrate-dir/users.csv: cannot open the account list: \(Errno.noSuchFileOrDirectory)"
    )
  }

  @Test func otherErrorsKeepTheirMessageAndAreBadInput() {
    let error = AccountsError("the layout defines no columns", at: SourceLocation(file: "l.txt"))
    #expect(error.code == .badInput)
    #expect(error.cause == nil)
    #expect(error.description == "l.txt: the layout defines no columns")
  }
}
