import Foundation
import MailModel
import ZimbraBundle

extension ConversionReport {
  /// Records how the bundle was written: its parts and the limit when split to size (with a
  /// note for each part over the limit), or the file's SHA-256 when one bundle was hashed.
  mutating func recordParts(_ written: [BundlePart], limit: Int64?) {
    guard let limit else {
      bundleSHA256 = written.first?.sha256
      return
    }
    maxBundleSize = limit
    parts = written
    for (index, part) in written.enumerated() where part.size > limit {
      notes.append(
        "part \(index + 1) (\(part.path)) is \(part.size) bytes, over the limit of \(limit): it holds one message too large for any part"
      )
    }
  }

  /// Records a message written alone in its part because it does not fit under the size limit
  /// even alone (a warning: the part may be larger than the limit).
  mutating func recordOversize(_ item: PipelineMessage, _ placed: SplitBundleWriter.Placement) {
    record(
      Diagnostic(
        .warning, code: "larger-than-part-limit",
        "message \(placed.entry) (\(item.message.bytes.count) bytes) does not fit under --max-bundle-size even alone; written alone in part \(placed.part) (\(placed.partPath))",
        at: item.message.location))
  }
}
