import Foundation
import TestSupport
import Testing

@testable import Outlook

/// Whether libolecf's `olecfinfo` is installed.
let olecfinfoIsPresent: Bool =
  (try? ExternalProgram.run("/usr/bin/env", ["olecfinfo", "-V"]).status) == 0

/// `count` bytes of a repeating pattern that differs from stream to stream.
func patternBytes(_ count: Int, seed: Int) -> [UInt8] {
  (0..<count).map { UInt8(truncatingIfNeeded: $0 * 7 + seed * 13 + $0 / 251) }
}

/// `entry` with every storage's children sorted by name, for comparing trees.
func sortedTree(_ entry: CompoundEntry) -> CompoundEntry {
  var copy = entry
  copy.children = entry.children.map(sortedTree).sorted { $0.name < $1.name }
  return copy
}

@Suite struct MsgCompoundFileWriterTests {
  /// A tree with streams on both sides of the mini-stream cutoff, empty ones and nested storages.
  let tree = CompoundEntry.storage(
    "Root Entry",
    [
      .stream("empty", []),
      .stream("one", [0x41]),
      .stream("mini-63", patternBytes(63, seed: 1)),
      .stream("mini-64", patternBytes(64, seed: 2)),
      .stream("mini-4095", patternBytes(4095, seed: 3)),
      .stream("big-4096", patternBytes(4096, seed: 4)),
      .stream("big-70000", patternBytes(70000, seed: 5)),
      .storage(
        "folder",
        [
          .stream("inner", patternBytes(300, seed: 6)),
          .storage("deeper", [.stream("leaf", patternBytes(5000, seed: 7))]),
          .storage("empty folder", []),
        ]),
    ] + (0..<40).map { .stream("s\($0)", patternBytes($0 * 31, seed: $0)) })

  @Test(
    .enabled(if: olecfexportIsPresent, "olecfexport (libolecf-utils) not installed"),
    .enabled(if: olecfinfoIsPresent, "olecfinfo (libolecf-utils) not installed"))
  func olecfexportFindsEveryStreamWithItsBytes() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/tree.cfb"
    try Data(try CompoundFileWriter.bytes(root: tree)).write(to: URL(fileURLWithPath: path))
    let info = try ExternalProgram.run("/usr/bin/env", ["olecfinfo", path])
    #expect(info.status == 0, "\(info.errors)")
    let exportDirectory = try TemporaryDirectory()
    defer { exportDirectory.cleanup() }
    let export = try OlecfExport(file: path, into: exportDirectory)
    /// Checks the exported folder `folder` against the storage `storage`, recursively.
    func check(_ storage: CompoundEntry, _ folder: URL) {
      #expect(export.entries(in: folder) == storage.children.map(\.name).sorted(), "\(folder)")
      for child in storage.children {
        if child.isStorage {
          check(child, folder.appendingPathComponent(child.name))
        } else {
          #expect(export.stream(child.name, in: folder) == child.data, "\(child.name)")
        }
      }
    }
    check(tree, export.root)
  }

  @Test func libolecfReadsBackTheSameTree() throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let path = directory.path + "/tree.cfb"
    let bytes = try CompoundFileWriter.bytes(root: tree)
    #expect(bytes.count % 512 == 0)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(MsgFile.looksLikeMsg(path: path))
    let read = try CompoundFileReader.read(path: path)
    #expect(sortedTree(read).children == sortedTree(tree).children)
  }

  @Test func namesOrderByLengthThenUpperCase() {
    #expect(CompoundFileWriter.precedes("zz", "aaa"))
    #expect(CompoundFileWriter.precedes("abc", "ABD"))
    #expect(!CompoundFileWriter.precedes("ABC", "abc"))
  }
}
