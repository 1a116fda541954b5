import Foundation

/// `zmigrate-bench --peers`: mbox → `.tgz` against `tar -I "pigz -1 -p 2"` over the same mbox,
/// and mbox → folder against mblaze's `mdeliver -M`, run alternately (so that disk and machine
/// noise falls on both sides alike), with the median, the spread and the output sizes; then every
/// zmigrate output is checked with `zmigrate verify`. Every run writes into a directory of its
/// own and nothing is removed until the end: on an ext4 without a journal, files created where a
/// tree was just removed cost about a millisecond each (docs/benchmarks.md).
struct PeerBench {
  var binary: String
  var scratch: String
  var mbox: String
  var runs = 5

  /// One side of a comparison: its command and output, given the run's own directory.
  struct Side {
    var label: String
    var command: (String) -> [String]
    var output: (String) -> String
    /// How `zmigrate verify` names the output in `directory` (a folder bundle ends with a slash).
    func bundle(in directory: String) -> String {
      let path = output(directory)
      return path.hasSuffix(".tgz") ? path : path + "/"
    }
  }

  func measure() {
    let out = scratch + "/peers-out"
    try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let megabytes = Double(fileSize(mbox)) / 1_000_000
    let directory = URL(fileURLWithPath: mbox).deletingLastPathComponent().path
    let name = URL(fileURLWithPath: mbox).lastPathComponent
    print(
      "peers: \(mbox) (\(String(format: "%.1f", megabytes)) MB), \(runs) alternating runs each, "
        + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
    let tgz = Side(
      label: "zmigrate mbox -> tgz (level 1)",
      command: {
        [binary, "convert", mbox, "--output", $0 + "/z.tgz", "--compression-level", "1"]
      },
      output: { $0 + "/z.tgz" })
    let pigz = Side(
      label: "tar -I \"pigz -1 -p 2\" (the mbox)",
      command: {
        ["/bin/sh", "-c", "tar -I 'pigz -1 -p 2' -cf '\($0)/p.tgz' -C '\(directory)' '\(name)'"]
      },
      output: { $0 + "/p.tgz" })
    let folder = Side(
      label: "zmigrate mbox -> folder",
      command: { [binary, "convert", mbox, "--output", $0 + "/zdir/"] }, output: { $0 + "/zdir" })
    let mdeliver = Side(
      label: "mblaze mdeliver -M",
      command: {
        [
          "/bin/sh", "-c",
          "mkdir -p '\($0)/md/cur' '\($0)/md/new' '\($0)/md/tmp' && mdeliver -M -c '\($0)/md' < '\(mbox)'",
        ]
      },
      output: { $0 + "/md" })
    var runCount = 0
    /// A new directory for each run, under `out`.
    func nextDirectory() -> String {
      runCount += 1
      let path = out + "/run-\(runCount)"
      try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      return path
    }
    if sh("command -v pigz >/dev/null").status == 0 {
      compare(tgz, pigz, megabytes: megabytes, sizes: true, directory: nextDirectory)
    } else {
      print("pigz not installed (Debian: pigz); the tgz comparison is skipped")
    }
    if sh("command -v mdeliver >/dev/null").status == 0 {
      compare(folder, mdeliver, megabytes: megabytes, sizes: false, directory: nextDirectory)
    } else {
      print("mdeliver not installed (Debian: mblaze); the folder comparison is skipped")
    }
    for side in [tgz, folder] {
      let directory = nextDirectory()
      _ = run(side.command(directory))
      let verified = run([binary, "verify", mbox, side.bundle(in: directory)])
      print("verify \(side.label): exit \(verified.status)")
    }
    _ = sh("rm -rf '\(out)'")
  }

  /// Runs `ours` and `peer` alternately `runs` times and prints medians, spread and the ratio.
  func compare(
    _ ours: Side, _ peer: Side, megabytes: Double, sizes: Bool, directory: () -> String
  ) {
    var times: [[Double]] = [[], []]
    var rss = [0, 0]
    var bytes: [Int64] = [0, 0]
    for _ in 0..<max(1, runs) {
      for (index, side) in [ours, peer].enumerated() {
        let place = directory()
        _ = sh("sync")
        let m = run(side.command(place))
        if m.status > 1 { print("\(side.label): exit \(m.status)") }
        times[index].append(m.seconds)
        rss[index] = max(rss[index], m.maxRSSKiB)
        if sizes { bytes[index] = fileSize(side.output(place)) }
      }
    }
    var medians: [Double] = []
    for (index, side) in [ours, peer].enumerated() {
      let sorted = times[index].sorted()
      let median = sorted[sorted.count / 2]
      medians.append(median)
      print(
        String(
          format: "%@: median %.2f s (%.2f–%.2f), %.0f MB/s, peak RSS %.1f MiB%@", side.label,
          median, sorted.first ?? 0, sorted.last ?? 0, megabytes / max(median, 0.001),
          Double(rss[index]) / 1024, sizes ? ", output \(bytes[index]) bytes" : ""))
    }
    print(String(format: "  %.2f× the peer's speed", medians[1] / max(medians[0], 0.001)))
  }
}
