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

  /// `zip` target (found in CI): an entry whose central directory record ends with bytes that
  /// look like a ZIP64 end of central directory locator (a name holding `PK\u{6}\u{7}`) right
  /// before the end record; the reader took them for a locator and refused the archive the
  /// writer had just made. Every placement of the signature in the last 20 bytes is tried.
  @Test func zipNameEndingLikeAZip64Locator() throws {
    for padding in 0...24 {
      for mtime: Int64 in [0, 0xCB << 20, 0x7FFF_FFFF] {
        let name = "PK\u{6}\u{7}" + String(repeating: ".", count: padding)
        let sink = MemorySink()
        let writer = try ZipWriter(sink: sink, level: 1, workers: 1)
        try writer.addFile(name: name, data: Array("\n\n".utf8), mtime: mtime)
        try writer.finish()
        var reader = try ZipReader(bytes: sink.bytes)
        let back = try reader.readAll()
        #expect(back.map(\.name) == [name], "padding \(padding), mtime \(mtime)")
      }
    }
  }

  /// `meta` target: a tag name starting with U+FEFF came back without it, because Foundation's
  /// JSON reader drops a raw U+FEFF at the start of a string value; the writer escapes it.
  @Test func metaTagStartingWithAByteOrderMark() throws {
    var flags: MessageFlags = []
    let json = MetaRecord.json(
      id: MetaRecord.firstID, path: ["Inbox", "\u{FEFF}x"], date: 1_700_000_000, size: 3,
      flags: flags, keywords: ["\u{FEFF}*"], blobDigest: "abc")
    let meta = try MetaRecord.parse(json)
    #expect(meta.tagNames == MetaRecord.tags(for: ["\u{FEFF}*"], flags: &flags))
    #expect(meta.tagNames.first?.unicodeScalars.first == "\u{FEFF}")
    #expect(meta.path == ["Inbox", "\u{FEFF}x"])
  }
}
