import Foundation

/// `zmigrate-bench --memory`: peak RSS of `convert` into each output format, for generated
/// corpora of each size as they are (largest message about 2 MB) and with one 100 MiB message
/// appended, against the line of 32 MiB plus the largest message; every output is verified.
struct MemoryBench {
  var binary: String
  var scratch: String
  var generator: String
  var sizes = ["200M", "1G"]
  var formats = ["tgz", "tar", "zip", "folder"]
  /// The size of the appended large message's attachment before base64 (77 bytes of text for
  /// every 57), so that the message is about 100 MiB.
  var largeMessageBytes = 74 << 20

  func measure() {
    print("memory: peak RSS of convert (wait4) against 32 MiB + the largest message")
    for size in sizes {
      guard
        let mbox = generatedMbox(
          generator: generator, directory: scratch + "/memory-\(size)", size: size, seed: 15)
      else {
        print("could not generate the \(size) corpus with \(generator)")
        return
      }
      let withLarge = mbox.replacingOccurrences(of: "/all.mbox", with: "/all-plus-100M.mbox")
      if !FileManager.default.fileExists(atPath: withLarge) {
        guard appendLargeMessage(from: mbox, to: withLarge) else {
          print("could not write \(withLarge)")
          return
        }
      }
      for source in [mbox, withLarge] {
        let largest = largestMessage(in: source)
        let line = 32 * 1024 + Int(largest / 1024)
        print(
          "\(source): \(fileSize(source)) bytes, largest message \(largest) bytes, "
            + "line \(String(format: "%.1f", Double(line) / 1024)) MiB")
        for format in formats {
          let output = scratch + "/memory-out." + (format == "folder" ? "d/" : format)
          _ = sh("rm -rf '\(scratch)/memory-out.'*")
          let m = run([binary, "convert", source, "--output", output])
          let verified = run([binary, "verify", source, output])
          _ = sh("rm -rf '\(scratch)/memory-out.'*")
          print(
            String(
              format:
                "  %@: %.2f s, peak RSS %.1f MiB (%@ the line by %.1f MiB), convert exit %d, verify exit %d",
              format, m.seconds, Double(m.maxRSSKiB) / 1024,
              m.maxRSSKiB <= line ? "under" : "OVER", Double(abs(line - m.maxRSSKiB)) / 1024,
              m.status, verified.status))
        }
      }
    }
  }

  /// Copies `source` and appends one message with a `largeMessageBytes` attachment (base64 of
  /// deterministic pseudo-random bytes, written in slices so the bench stays small).
  func appendLargeMessage(from source: String, to target: String) -> Bool {
    guard sh("cp '\(source)' '\(target).tmp'").status == 0,
      let handle = FileHandle(forWritingAtPath: target + ".tmp")
    else { return false }
    handle.seekToEndOfFile()
    handle.write(
      Data(
        """
        From archive@example.com Mon Jan  6 10:00:00 2025
        From: Archive <archive@example.com>
        To: user@example.com
        Subject: the large one (100 MiB attachment)
        Date: Mon, 6 Jan 2025 10:00:00 +0000
        Message-ID: <large-100m@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain

        The attachment follows.
        --b
        Content-Type: application/octet-stream; name="data.bin"
        Content-Transfer-Encoding: base64
        Content-Disposition: attachment; filename="data.bin"


        """.utf8))
    var state: UInt64 = 15
    let sliceBytes = 57 * 16 * 1024
    var written = 0
    while written < largeMessageBytes {
      var slice = [UInt8](repeating: 0, count: min(sliceBytes, largeMessageBytes - written))
      for index in slice.indices {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        slice[index] = UInt8(truncatingIfNeeded: state >> 33)
      }
      handle.write(
        Data(Data(slice).base64EncodedString(options: [.lineLength76Characters]).utf8) + Data([10])
      )
      written += slice.count
    }
    handle.write(Data("--b--\n\n".utf8))
    handle.closeFile()
    return rename(target + ".tmp", target) == 0
  }

  /// The largest message in an mbox: the longest run between `From ` separator lines.
  func largestMessage(in mbox: String) -> Int64 {
    let listing = scratch + "/memory-offsets.txt"
    defer { try? FileManager.default.removeItem(atPath: listing) }
    _ = run(["/bin/sh", "-c", "grep -a -b '^From ' '\(mbox)' | cut -d: -f1"], stdout: listing)
    let offsets =
      ((try? String(contentsOfFile: listing, encoding: .utf8)) ?? "").split(separator: "\n")
      .compactMap { Int64($0) } + [fileSize(mbox)]
    var largest: Int64 = 0
    for index in offsets.indices.dropFirst() {
      largest = max(largest, offsets[index] - offsets[index - 1])
    }
    return largest
  }
}
