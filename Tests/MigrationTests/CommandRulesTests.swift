import Foundation
import Migration
import TestSupport
import Testing
import ZimbraBundle

/// The rules the command line used to hold, now in the library: output paths, the folder-map
/// file, and when `verify` reuses a report's settings.
@Suite struct CommandRulesTests {
  @Test func outputPaths() {
    #expect(OutputPaths.bundle(for: "/export/ann/Maildir") == "Maildir.tgz")
    #expect(OutputPaths.bundle(for: "/") == "bundle.tgz")
    #expect(OutputPaths.report(for: "out/") == "out.report.json")
    #expect(OutputPaths.report(for: "u.tgz") == "u.tgz.report.json")
    #expect(OutputPaths.bundleTasks(for: "u.tar.gz") == "u-tasks.ics")
    #expect(OutputPaths.bundleTasks(for: "dir/") == "dir-tasks.ics")
    #expect(OutputPaths.calendarTasks(for: "cal.ICS") == "cal-tasks.ics")
  }

  @Test func folderMapFile() throws {
    let map = try FolderMapFile.parse(
      "# comment\n\nSent Items = Sent\nOld\tArchive/Old\n", file: "map.txt")
    #expect(map == ["Sent Items": "Sent", "Old": "Archive/Old"])
    let error = #expect(throws: BundleError.self) {
      try FolderMapFile.parse("ok = fine\nno mapping here\n", file: "map.txt")
    }
    #expect(error?.description == "map.txt:2: expected 'source/path = Zimbra/path'")
  }

  @Test func verifyReusesTheReportUnlessTheUserChoseOptions() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var options = ConvertOptions()
    options.folders.into = ["Imported"]
    options.bundle = BundleOptions(format: .tar)
    // convert's command writes the report beside the bundle; here the test does.
    let report = try Converter(options: options).convert(
      source: Fixture.path("mbox/mboxrd.mbox"), output: dir.path + "/m.tar")
    try report.json().write(to: URL(fileURLWithPath: OutputPaths.report(for: dir.path + "/m.tar")))
    let reused = try ConversionSettings.forVerify(
      given: ConvertOptions(), bundle: dir.path + "/m.tar", report: nil)
    #expect(reused.reportUsed == dir.path + "/m.tar.report.json")
    #expect(reused.options.folders.into == ["Imported"])
    var mine = ConvertOptions()
    mine.folders.automap = false
    let given = try ConversionSettings.forVerify(
      given: mine, bundle: dir.path + "/m.tar", report: nil)
    #expect(given.reportUsed == nil)
    #expect(given.options.folders.automap == false)
  }
}
