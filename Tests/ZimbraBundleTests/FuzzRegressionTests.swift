import Foundation
import MailModel
import TestSupport
import Testing
import ZimbraBundle

/// Inputs the fuzz targets (Fuzz/README.md) found, fed through the same entry points.
@Suite struct ZimbraBundleFuzzRegressionTests {
  /// `meta` target: a folder name starting with a combining mark (U+033F) forms one grapheme
  /// with the `/` before it in `Path`; `parse` must still cut the path there.
  @Test func metaPathWithLeadingCombiningMark() throws {
    let bytes = try [UInt8](
      Data(contentsOf: Fixture.url("fuzz-regressions/meta/combining-mark-path.meta")))
    #expect(try MetaRecord.parse(bytes).path == ["\u{033F}", "_", "_"])

    let path = ["Inbox", "\u{0301}x", "\u{033F}"]
    let json = MetaRecord.json(
      id: MetaRecord.firstID, path: path, date: 1, size: 1, flags: [], keywords: [],
      blobDigest: "x")
    #expect(try MetaRecord.parse(json).path == path)
  }
}
