import Foundation
import MailModel
import TestSupport
import Testing
import ZimbraBundle

@testable import Migration

/// `--include` and `--exclude` (DESIGN.md's convert options, as imapsync's).
@Suite struct FolderFilterTests {
  @Test func patternsMatchFolderNamesWithLevelsJoinedBySlash() {
    var filter = FolderFilter()
    #expect(filter.admits(FolderPath(["Trash"])) && !filter.isActive)
    filter.exclude = ["^Trash$", "^Junk"]
    #expect(!filter.admits(FolderPath(["Trash"])))
    #expect(filter.admits(FolderPath(["Old", "Trash"])))
    #expect(!filter.admits(FolderPath(["Junk E-mail"])))
    filter.include = ["^Archive/"]
    #expect(filter.admits(FolderPath(["Archive", "2023"])))
    #expect(!filter.admits(FolderPath(["Archive"])))
    #expect(!filter.admits(FolderPath(["INBOX"])))
    filter.include = ["(unclosed"]
    #expect(filter.invalidPatterns().count == 1)
  }

  @Test func excludedFoldersAreNotReadAndTheReportCountsThem() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var maildir = DeltaTests.Maildir(dir.path + "/Maildir")
    for _ in 0..<3 { try maildir.add("INBOX") }
    for _ in 0..<2 { try maildir.add("Trash") }
    for _ in 0..<4 { try maildir.add("Archive.2023") }
    var options = ConvertOptions()
    options.bundle = BundleOptions(format: .tgz, compressionLevel: 1, workers: 1)
    options.folderFilter.exclude = ["^Trash$"]
    let output = dir.path + "/x.tgz"
    let report = try Converter(options: options).convert(source: maildir.root, output: output)
    #expect(report.messagesWritten == 7 && report.messagesRead == 7)
    #expect(report.excludedFolders == ["Trash": 2])
    #expect(report.settings?.exclude == ["^Trash$"])
    try AtomicFile.write(report.json(), to: OutputPaths.report(for: output))
    // verify takes the same filter from the report.
    let settings = try ConversionSettings.forVerify(
      given: ConvertOptions(), bundle: output, report: nil)
    let checked = try Verifier(options: settings.options).verify(
      source: maildir.root, bundle: output)
    #expect(checked.isComplete, "\(checked.problems)")
    options.folderFilter = FolderFilter()
    options.folderFilter.include = ["^Archive/"]
    let archive = try Converter(options: options).convert(
      source: maildir.root, output: dir.path + "/a.tgz")
    #expect(archive.messagesWritten == 4)
    #expect(archive.folders.map(\.source) == ["Archive/2023"])
  }

  @Test(.enabled(if: CommandRun.binary != nil, "zmigrate binary not found beside the test bundle"))
  func aBadPatternIsAUsageError() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let run = try CommandRun.zmigrate(
      ["convert", Fixture.path("maildir"), "-o", dir.path + "/x.tgz", "--exclude", "(unclosed"],
      in: dir.path)
    #expect(run.status == 2)
    #expect(run.stderr.contains("--include/--exclude: not a regular expression: '(unclosed'"))
  }
}
