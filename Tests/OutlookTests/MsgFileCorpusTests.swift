import Foundation
import TestSupport
import Testing

@testable import Outlook

/// Whether libolecf's `olecfexport` is installed.
let olecfexportIsPresent: Bool =
  (try? ExternalProgram.run("/usr/bin/env", ["olecfexport", "-V"]).status) == 0

/// The corpus `.msg` files, sorted; empty without the corpus.
let corpusMsgFiles: [URL] = {
  let folder = Corpus.url("outlook/msg")
  let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
  return names.filter { $0.hasSuffix(".msg") }.sorted().map { folder.appendingPathComponent($0) }
}()

/// What `olecfexport` writes for a compound file: one folder per storage or stream, a stream's
/// bytes in its folder's `StreamData.bin`.
struct OlecfExport {
  /// The folder holding the root storage's entries.
  let root: URL

  /// Exports `file` into `directory` with `olecfexport -t`.
  init(file: String, into directory: TemporaryDirectory) throws {
    let run = try ExternalProgram.run(
      "/usr/bin/env", ["olecfexport", "-t", directory.path + "/x", file])
    guard run.status == 0 else {
      throw OlecfExportFailure(message: "olecfexport \(file): \(run.errors)")
    }
    let made = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    guard made.count == 1, let folder = made.first else {
      throw OlecfExportFailure(message: "olecfexport made \(made) for \(file)")
    }
    root = directory.url.appendingPathComponent(folder)
  }

  /// The entry names in the storage folder `folder` (the root when nil), without the storage's
  /// own `StreamData.bin`.
  func entries(in folder: URL? = nil) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: (folder ?? root).path)) ?? []
    return names.filter { $0 != "StreamData.bin" }.sorted()
  }

  /// The bytes of stream `name` in the storage folder `folder`, nil when absent.
  func stream(_ name: String, in folder: URL? = nil) -> [UInt8]? {
    let url = (folder ?? root).appendingPathComponent(name).appendingPathComponent(
      "StreamData.bin")
    return (try? Data(contentsOf: url)).map { Array($0) }
  }

  /// How many `__substg1.0_3701000D` storages (embedded messages) lie under `folder`, at any depth.
  func embeddedMessageCount(in folder: URL? = nil) -> Int {
    let base = folder ?? root
    return entries(in: base).reduce(0) { count, name in
      let child = base.appendingPathComponent(name)
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: child.path, isDirectory: &isFolder),
        isFolder.boolValue
      else { return count }
      return count + (name == "__substg1.0_3701000D" ? 1 : 0) + embeddedMessageCount(in: child)
    }
  }
}

/// An `olecfexport` run that failed or left something unexpected.
struct OlecfExportFailure: Error, CustomStringConvertible {
  /// What went wrong.
  let message: String
  /// The message.
  var description: String { message }
}

/// How many embedded messages `message` holds, at any depth.
func embeddedMessageCount(_ message: MapiMessage) -> Int {
  message.attachments.reduce(0) { count, attachment in
    count + (attachment.embeddedMessage.map { 1 + embeddedMessageCount($0) } ?? 0)
  }
}

/// UTF-16LE bytes decoded with the standard library alone (a terminator and what follows dropped).
func utf16LittleEndian(_ bytes: [UInt8]) -> String {
  let units = stride(from: 0, to: bytes.count - 1, by: 2).map {
    UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8
  }
  return String(decoding: units.prefix { $0 != 0 }, as: UTF16.self)
}

@Suite struct MsgFileCorpusTests {
  @Test(
    .enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"),
    .enabled(if: olecfexportIsPresent, "olecfexport (libolecf-utils) not installed"))
  func everyCorpusMessageMatchesOlecfexport() throws {
    #expect(corpusMsgFiles.count > 0)
    for file in corpusMsgFiles {
      let directory = try TemporaryDirectory()
      defer { directory.cleanup() }
      let export = try OlecfExport(file: file.path, into: directory)
      let message = try MsgFile.read(path: file.path)
      let name = file.lastPathComponent
      if let subject = export.stream("__substg1.0_0037001F") {
        #expect(message.properties.string(.subject) == utf16LittleEndian(subject), "\(name)")
      } else if let subject = export.stream("__substg1.0_0037001E") {
        #expect(message.properties.binary(.subject) == subject, "\(name)")
      } else {
        #expect(message.properties[.subject] == nil, "\(name)")
      }
      let recipients = export.entries().filter { $0.hasPrefix("__recip_version1.0_#") }
      let attachments = export.entries().filter { $0.hasPrefix("__attach_version1.0_#") }
      #expect(message.recipients.count == recipients.count, "\(name)")
      #expect(message.attachments.count == attachments.count, "\(name)")
      for (folder, attachment) in zip(attachments, message.attachments) {
        let data = export.stream(
          "__substg1.0_37010102", in: export.root.appendingPathComponent(folder))
        #expect(attachment.properties.binary(.attachData) == data, "\(name) \(folder)")
      }
      #expect(embeddedMessageCount(message) == export.embeddedMessageCount(), "\(name)")
    }
  }

  @Test(.enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"))
  func everyCorpusMessageReadsAndLooksLikeMsg() throws {
    for file in corpusMsgFiles {
      #expect(MsgFile.looksLikeMsg(path: file.path), "\(file.lastPathComponent)")
      var problems: [String] = []
      #expect(throws: Never.self, "\(file.lastPathComponent)") {
        _ = try MsgFile.read(path: file.path, problems: &problems)
      }
    }
  }

  @Test(
    .enabled(if: Corpus.isPresent, "shared corpus ../shared/corpora absent"),
    .enabled(if: olecfexportIsPresent, "olecfexport (libolecf-utils) not installed"))
  func namedKeywordsResolveThroughTheNameMap() throws {
    // poi-keywords.msg (Apache POI's categories sample) keeps its categories in the one
    // multi-value string property it has, id 0x8003 (olecfinfo lists __substg1.0_8003101F).
    let file = Corpus.url("outlook/msg/poi-keywords.msg").path
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let export = try OlecfExport(file: file, into: directory)
    let lengths = try #require(export.stream("__substg1.0_8003101F"))
    let expected = (0..<lengths.count / 4).compactMap { index in
      export.stream(String(format: "__substg1.0_8003101F-%08X", index)).map(utf16LittleEndian)
    }
    #expect(expected.count == 4)
    #expect(try MsgFile.read(path: file).properties.strings(.keywords) == expected)
  }
}
