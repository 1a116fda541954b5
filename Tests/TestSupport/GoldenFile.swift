import Foundation
import Testing

/// Golden files under `Fixtures/`: expected output compared byte for byte. With
/// `ZMIGRATE_UPDATE_GOLDEN=1` a run rewrites them instead (review the diff before committing).
public enum GoldenFile {
  /// Whether this run rewrites the golden files instead of comparing.
  public static let updating = ProcessInfo.processInfo.environment["ZMIGRATE_UPDATE_GOLDEN"] == "1"

  /// Compares `bytes` with `Fixtures/<relative>` (or rewrites it when updating); a difference is
  /// reported with its first differing line.
  public static func check(
    _ bytes: [UInt8], _ relative: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let url = Fixture.url(relative)
    if updating {
      try Data(bytes).write(to: url)
      return
    }
    let expected = try Array(Data(contentsOf: url))
    guard bytes != expected else { return }
    var detail = "no line differs: one is longer"
    let got = bytes.split(separator: 10, omittingEmptySubsequences: false)
    let want = expected.split(separator: 10, omittingEmptySubsequences: false)
    for (index, pair) in zip(got, want).enumerated() where pair.0 != pair.1 {
      detail =
        "line \(index + 1): got \(String(decoding: pair.0, as: UTF8.self)) expected "
        + String(decoding: pair.1, as: UTF8.self)
      break
    }
    let message =
      "\(relative) differs from its golden file (\(detail)); if the change is meant, regenerate "
      + "with ZMIGRATE_UPDATE_GOLDEN=1 swift test --skip-build and review the diff"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
  }
}
