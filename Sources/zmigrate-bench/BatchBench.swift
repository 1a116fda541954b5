import Foundation

/// `zmigrate-bench --batch`: a generated organisation of many small users and a few large ones,
/// converted by one `zmigrate batch`, against single `convert` runs over the same bytes.
struct BatchBench {
  var binary: String
  var scratch: String
  var generator: String
  var smallUsers = 1000
  var largeUsers = 10
  var largeSize = "200M"
  /// Runs of each command; the median is shown.
  var runs = 3

  /// The run of median wall time among `runs` runs of `argv`.
  func median(_ argv: [String]) -> Measurement {
    let all = (0..<max(1, runs)).map { _ in run(argv) }.sorted { $0.seconds < $1.seconds }
    return all[all.count / 2]
  }

  /// Generates (once) a ~100 KB and a `largeSize` Maildir with gen_corpus.py.
  func corpus(_ name: String, size: String, seed: Int) -> String? {
    let dir = scratch + "/batch-\(name)-\(size)"
    if !FileManager.default.fileExists(atPath: dir + "/Maildir") {
      let made = run([
        "python3", generator, "--out", dir, "--size", size, "--seed", "\(seed)", "--no-mbox",
      ])
      guard made.status == 0 else { return nil }
    }
    return dir + "/Maildir"
  }

  func measure() {
    guard let small = corpus("small", size: "100K", seed: 101),
      let large = corpus("large", size: largeSize, seed: 102)
    else {
      print("cannot generate the batch corpora with \(generator)")
      return
    }
    let (smallBytes, _) = treeMessageBytes(small)
    let (largeBytes, _) = treeMessageBytes(large)
    var lines = ["user\tsource"]
    for n in 0..<smallUsers { lines.append("small\(n)@example.com\t\(small)") }
    for n in 0..<largeUsers { lines.append("large\(n)@example.com\t\(large)") }
    let list = scratch + "/batch-users.tsv"
    FileManager.default.createFile(
      atPath: list, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
    let totalBytes = Int64(smallUsers) * smallBytes + Int64(largeUsers) * largeBytes
    let cores = ProcessInfo.processInfo.activeProcessorCount
    print(
      "batch: \(smallUsers) users of \(smallBytes / 1000) KB and \(largeUsers) of \(largeBytes / 1_000_000) MB (\(totalBytes / 1_000_000) MB), --jobs \(cores); median of \(runs) runs each"
    )
    let out = scratch + "/batch-out"
    try? FileManager.default.removeItem(atPath: out)
    let batch = median([
      binary, "batch", list, "--source", "/unused/{user}", "--output", out, "--restart",
    ])
    // Single converts over the same bytes: one small and one large user, scaled by the counts.
    let one = median([binary, "convert", small, "--output", scratch + "/one-small.tgz"])
    let big = median([binary, "convert", large, "--output", scratch + "/one-large.tgz"])
    let sequential = Double(smallUsers) * one.seconds + Double(largeUsers) * big.seconds
    let megabytes = Double(totalBytes) / 1_000_000
    print(
      String(
        format:
          "zmigrate batch: %.2f s, %.1f users/s, %.1f MB/s, peak RSS %.1f MiB (exit %d)",
        batch.seconds, Double(smallUsers + largeUsers) / batch.seconds, megabytes / batch.seconds,
        Double(batch.maxRSSKiB) / 1024, batch.status))
    print(
      String(
        format:
          "single converts, one after another: %.2f s (small %.3f s, large %.2f s), %.1f MB/s; large alone %.1f MB/s",
        sequential, one.seconds, big.seconds, megabytes / sequential,
        Double(largeBytes) / 1_000_000 / big.seconds))
    print(
      String(
        format: "batch aggregate / single convert (large user's MB/s): %.0f%%",
        100 * (megabytes / batch.seconds) / (Double(largeBytes) / 1_000_000 / big.seconds)))
  }
}
