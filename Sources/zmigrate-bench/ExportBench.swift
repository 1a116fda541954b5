import Foundation

/// `zmigrate-bench --export`: a query over one large generated mbox (`zmigrate export --fmt rss
/// --query Q`, which must read and MIME-parse every message) against `grep -c` over the same
/// bytes, the floor for any tool that reads them; medians of `runs` runs, peak RSS of each.
struct ExportBench {
  var binary: String
  var scratch: String
  var generator: String
  var size = "1G"
  var runs = 3
  var corpus: String?
  /// A query that needs the headers only, and one that needs the body text too.
  var queries = ["from:eve OR subject:invoice", "content:deploy"]

  /// The median run; standard output goes to a file, since GNU grep stops at the first match
  /// when it writes to /dev/null.
  func median(_ argv: [String]) -> Measurement {
    let out = scratch + "/export-bench.out"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let all = (0..<runs).map { _ in run(argv, stdout: out) }.sorted { $0.seconds < $1.seconds }
    return all[all.count / 2]
  }

  /// The mbox to query: `corpus`, or one generated (and kept) under the scratch directory.
  func mbox() -> String? {
    if let corpus { return corpus }
    return generatedMbox(
      generator: generator, directory: scratch + "/export-\(size)", size: size, seed: 14)
  }

  func measure() {
    guard let mbox = mbox() else {
      print("could not generate the corpus with \(generator)")
      return
    }
    let megabytes = Double(fileSize(mbox)) / 1_000_000
    print("export: query over \(mbox) (\(String(format: "%.0f", megabytes)) MB), median of \(runs)")
    let grep = median(["/usr/bin/grep", "-c", "^From ", mbox])
    report("grep -c '^From '", grep, megabytes)
    for query in queries {
      let export = median([binary, "export", mbox, "--fmt", "rss", "--query", query])
      report("zmigrate export --query '\(query)'", export, megabytes)
      print(String(format: "  %.2f× grep's time", export.seconds / max(grep.seconds, 0.001)))
    }
  }

  func report(_ label: String, _ m: Measurement, _ megabytes: Double) {
    print(
      String(
        format: "%@: %.2f s, %.0f MB/s, peak RSS %.1f MiB%@", label, m.seconds,
        megabytes / max(m.seconds, 0.001), Double(m.maxRSSKiB) / 1024,
        m.status == 0 ? "" : " (exit \(m.status))"))
  }
}
