import Foundation
import Migration
import TestSupport
import Testing
import ZimbraBundle

/// The batch's `report.html`, loaded in a real browser (headless Chromium, which `.ci/run`
/// installs): its totals are `report.json`'s, and the page is not blank.
@Suite(
  .enabled(
    if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
    "chromium is not installed (apt-get install chromium; .ci/run installs it)"))
struct BatchHTMLReportTests {
  static func chromium(_ arguments: [String]) throws -> ExternalProgram.Run {
    try ExternalProgram.run(
      "/usr/bin/chromium",
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] + arguments)
  }

  /// The text of the element with `id` in a dumped DOM.
  static func text(of id: String, in dom: String) -> String? {
    guard let start = dom.range(of: "id=\"\(id)\">") else { return nil }
    let rest = dom[start.upperBound...]
    return rest.range(of: "<").map { String(rest[..<$0.lowerBound]) }
  }

  @Test func totalsInTheBrowserMatchTheJSONAndThePageIsNotBlank() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let users =
      try BatchJournalTests.organisation(dir.path, count: 3)
      + [BatchUser(address: "<b>nobody</b>@example.com", line: 9)]
    var options = BatchOptions(source: dir.path + "/export/{localpart}", output: dir.path + "/out")
    options.convert.bundle = BundleOptions(format: .tar)
    let report = try BatchRunner(options: options).run(users: users, listPath: "users.txt")
    let page = dir.path + "/out/report.html"
    let dump = try Self.chromium(["--dump-dom", "file://" + page])
    #expect(dump.status == 0, "\(dump.errors)")
    let dom = String(decoding: dump.output, as: UTF8.self)
    let json = try JSONDecoder().decode(
      BatchReport.self, from: Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/report.json")))
    #expect(Self.text(of: "users-total", in: dom) == "\(json.userCount)")
    #expect(Self.text(of: "users-complete", in: dom) == "\(json.complete)")
    #expect(Self.text(of: "users-failed", in: dom) == "\(json.failed)")
    #expect(Self.text(of: "messages-written", in: dom) == "\(json.messagesWritten)")
    #expect(json.complete == 3 && json.failed == 1 && report.userCount == 4)
    #expect(json.results.last?.reason?.contains("not an address") == true)
    // Names from the input are text, never markup.
    #expect(dom.contains("&lt;b&gt;nobody&lt;/b&gt;@example.com"))
    #expect(!dom.contains("<b>nobody</b>"))
    #expect(dom.components(separatedBy: "<circle").count - 1 == 4)
    // A screenshot of the page carries far more than one of an empty page of the same size.
    let blank = dir.path + "/blank.html"
    try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(
      to: URL(fileURLWithPath: blank))
    for (file, shot) in [(page, "page.png"), (blank, "blank.png")] {
      let run = try Self.chromium([
        "--screenshot=\(dir.path)/\(shot)", "--window-size=1000,800", "file://" + file,
      ])
      #expect(run.status == 0, "\(run.errors)")
    }
    let pageSize = try FileManager.default.attributesOfItem(atPath: dir.path + "/page.png")[.size]
    let blankSize = try FileManager.default.attributesOfItem(atPath: dir.path + "/blank.png")[.size]
    let sizes = ((pageSize as? NSNumber)?.intValue ?? 0, (blankSize as? NSNumber)?.intValue ?? 0)
    #expect(sizes.0 > 5 * max(sizes.1, 1), "page \(sizes.0) bytes, blank \(sizes.1) bytes")
  }
}
