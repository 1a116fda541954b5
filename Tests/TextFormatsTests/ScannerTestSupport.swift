import TextFormats

/// Chunk sizes that cross every boundary a scanner can get wrong.
let scannerChunkSizes = [1, 2, 3, 5, 7, 64, 4096, 1 << 20]

/// One scanned record as strings, with its lines and issues.
struct ScannedRecord: Equatable, CustomStringConvertible {
  var fields: [String]
  var line: Int
  var endLine: Int
  var quoted: [Bool]
  var issues: RecordIssues

  var description: String { "\(line)-\(endLine) \(fields)" }

  static func == (a: ScannedRecord, b: ScannedRecord) -> Bool {
    a.fields == b.fields && a.line == b.line && a.endLine == b.endLine && a.quoted == b.quoted
      && a.issues == b.issues
  }
}

/// Runs the scanner over `bytes` in chunks of `chunkSize`.
func scanRecords(_ bytes: [UInt8], _ options: DelimitedScanner.Options, chunkSize: Int)
  -> [ScannedRecord]
{
  var scanner = DelimitedScanner(options: options)
  var out: [ScannedRecord] = []
  let emit: (RawRecord) -> Void = { r in
    out.append(
      ScannedRecord(
        fields: r.fields.indices.map { String(decoding: r.field($0), as: UTF8.self) },
        line: r.line, endLine: r.endLine, quoted: r.fields.map(\.quoted), issues: r.issues))
  }
  var i = 0
  bytes.withUnsafeBytes { raw in
    while i < raw.count {
      let end = min(raw.count, i + chunkSize)
      scanner.feed(UnsafeRawBufferPointer(rebasing: raw[i..<end]), emit)
      i = end
    }
  }
  scanner.finish(emit)
  return out
}
