import Foundation
import MailModel
import Migration
import TestSupport
import Testing
import ZimbraBundle

/// Issue 16: PST and `.msg` sources convert to a bundle that verifies, with every item accounted
/// for, and the command line takes them as DESIGN.md says.
@Suite struct OutlookConvertTests {
  /// The public PSTs.
  static let pstFiles: [String] = {
    let directory = Corpus.url("outlook/pst").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".pst") }.sorted().map { directory + "/" + $0 }
  }()

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func everyPublicPstConvertsAndVerifies() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var written = 0
    for path in Self.pstFiles {
      let output = dir.path + "/" + ((path as NSString).lastPathComponent) + ".tgz"
      let report = try Converter(options: convertOptions(.tgz)).convert(
        source: path, output: output)
      #expect(report.messagesRead == report.messagesWritten + report.messagesSkipped)
      #expect(report.accountsForEveryMessage, "\(path)")
      let verification = try Verifier(options: convertOptions(.tgz)).verify(
        source: path, bundle: output)
      #expect(verification.isComplete, "\(path): \(verification.problems)")
      written += report.messagesWritten
    }
    #expect(written > 0)
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func msgDirectoryConvertsAndVerifies() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let source = Corpus.url("outlook/msg").path
    let report = try Converter(options: convertOptions(.tgz)).convert(
      source: source, output: dir.path + "/msg.tgz")
    #expect(report.messagesRead == report.messagesWritten + report.messagesSkipped)
    #expect(report.messagesWritten > 60)
    let verification = try Verifier(options: convertOptions(.tgz)).verify(
      source: source, bundle: dir.path + "/msg.tgz")
    #expect(verification.isComplete, "\(verification.problems)")
  }
}
