import Foundation
import Testing

@testable import ZimbraBundle

/// Entry comments (`ZipWriter.addFile(…comment:)`), as Zimbra's zip export writes them.
@Suite struct ZipWriterCommentTests {
  /// The file comments of the central directory records of `zip`, in order.
  static func comments(_ zip: [UInt8]) -> [String] {
    func le16(_ at: Int) -> Int { Int(zip[at]) | Int(zip[at + 1]) << 8 }
    var result: [String] = []
    var position = 0
    while position + 46 <= zip.count {
      if zip[position..<(position + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
        let name = le16(position + 28)
        let extra = le16(position + 30)
        let comment = le16(position + 32)
        let start = position + 46 + name + extra
        result.append(String(decoding: zip[start..<(start + comment)], as: UTF8.self))
        position = start + comment
      } else {
        position += 1
      }
    }
    return result
  }

  @Test(arguments: [1, 2])
  func commentsGoIntoTheCentralDirectory(workers: Int) throws {
    let sink = MemorySink()
    let writer = try ZipWriter(sink: sink, level: 6, workers: workers)
    try writer.addFile(name: "a.eml", data: Array("one".utf8), mtime: 1_000, comment: "message")
    try writer.addFile(name: "b.eml", data: Array("two".utf8), mtime: 2_000)
    try writer.addFile(
      name: "c.eml", data: Array(repeating: 0x41, count: 5_000), mtime: 3_000, mode: 0o640,
      comment: "message-unread")
    try writer.finish()
    #expect(Self.comments(sink.bytes) == ["message", "", "message-unread"])
    var reader = try ZipReader(bytes: sink.bytes)
    let entries = try reader.readAll()
    #expect(entries.map(\.name) == ["a.eml", "b.eml", "c.eml"])
    #expect(entries[2].data.count == 5_000 && entries[2].mode & 0o777 == 0o640)
  }

  @Test func overlongCommentIsRefused() throws {
    let writer = try ZipWriter(sink: MemorySink())
    #expect(throws: BundleError.self) {
      try writer.addFile(
        name: "a", data: [], mtime: 0, comment: String(repeating: "x", count: 0x1_0000))
    }
  }
}
