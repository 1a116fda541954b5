import Foundation
import MailModel
import MailStores
import Migration
import Outlook
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

  /// Issue 16's accounting: every item of every store (each folder's messages and associated
  /// items, as libpff counts them) is a message written, a groupware item written, or listed
  /// with its reason.
  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func everyItemOfEveryStoreIsWrittenOrListed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var groupware = 0
    for path in Self.pstFiles {
      var items = 0
      for folder in try PstFile(path: path).folders() {
        items += folder.messageCount + folder.associatedCount
      }
      let report = try Converter(options: convertOptions(.tgz)).convert(
        source: path, output: dir.path + "/" + (path as NSString).lastPathComponent + ".tgz")
      let hidden = report.ignoredByReason["outlook-hidden"] ?? 0
      let asGroupware = report.ignoredByReason["outlook-groupware"] ?? 0
      #expect(
        report.messagesWritten + report.messagesSkipped + hidden + asGroupware == items,
        "\(path): \(items) items")
      #expect(report.messagesRead == report.messagesWritten + report.messagesSkipped)
      // Each groupware item listed by the mail pass is in the contacts or the calendar (a
      // recurring appointment's changed instances are VEVENTs of their own).
      let read = try PstReader(path: path).readGroupware()
      #expect(asGroupware == read.contacts.count + read.calendars.count, "\(path)")
      #expect(report.contactsWritten == read.contacts.count, "\(path)")
      #expect(report.eventsWritten + report.tasksWritten >= read.calendars.count, "\(path)")
      groupware += asGroupware
    }
    #expect(groupware > 0)
  }

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
