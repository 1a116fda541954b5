import Foundation
import TestSupport
import Testing

@testable import Outlook

/// One record entry as `pffexport -d` dumps it in `ItemValues.txt` / `RecipientsItemValues.txt`.
struct PstDumpedEntry {
  /// The record set (recipient row) the entry is in.
  var set: Int
  /// The per-file entry type (id).
  var entryType: UInt16
  /// The value type.
  var valueType: UInt16
  /// For a named entry: its numeric name (`Maps to entry type:`).
  var mapsToNumber: UInt32?
  /// For a named entry: its string name (`Maps to entry:`).
  var mapsToName: String?
  /// The value's bytes, read back from the hex dump (empty when pffexport shows no value).
  var value: [UInt8]

  /// Every entry of a dump file; empty when the file is absent.
  static func read(_ path: String) -> (entriesPerSet: Int, entries: [PstDumpedEntry]) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (0, []) }
    var perSet = 0
    var entries: [PstDumpedEntry] = []
    for block in text.components(separatedBy: "\n\n") {
      var fields: [String: String] = [:]
      var value: [UInt8] = []
      for line in block.split(separator: "\n") {
        if line.hasPrefix("0x"), let colon = line.firstIndex(of: ":") {
          // `0x00000010: 73 00 …  …   ascii`: the bytes end where three spaces begin.
          let rest = line[line.index(after: colon)...].dropFirst()
          let hex = rest.range(of: "   ").map { rest[..<$0.lowerBound] } ?? rest
          value += hex.split(separator: " ").compactMap { UInt8($0, radix: 16) }
        } else if let colon = line.firstIndex(of: ":") {
          let field = String(line[..<colon])
          fields[field] = String(line[line.index(after: colon)...].drop { $0 == "\t" })
        }
      }
      if let count = fields["Number of entries per set"].flatMap({ Int($0) }) { perSet = count }
      guard let set = fields["Set"].flatMap({ Int($0) }),
        let entryType = fields["Entry type"].flatMap(Self.hex),
        let valueType = fields["Value type"].flatMap(Self.hex)
      else { continue }
      entries.append(
        PstDumpedEntry(
          set: set, entryType: UInt16(truncatingIfNeeded: entryType),
          valueType: UInt16(truncatingIfNeeded: valueType),
          mapsToNumber: fields["Maps to entry type"].flatMap(Self.hex),
          mapsToName: fields["Maps to entry"], value: value))
    }
    return (perSet, entries)
  }

  /// `0x0000101f` as a number.
  static func hex(_ text: String) -> UInt32? {
    text.hasPrefix("0x") ? UInt32(text.dropFirst(2), radix: 16) : nil
  }

  /// Whether `property` holds what pffexport dumped: the same bytes for a single value (for the
  /// subject, without the PST's 0x01-and-length marker); for a multi-value, the values back to
  /// back, after a count and offset table for strings and binaries.
  func matches(_ property: MapiProperty) -> Bool {
    guard property.type.rawValue == valueType else { return false }
    switch property.value {
    case .single(let bytes):
      if entryType == 0x0037 {
        return bytes == PffEntry.withoutPrefixMarker(value, type: property.type)
      }
      return bytes == value
    case .multiple(let values):
      if property.type.element.fixedSize != nil { return values.flatMap { $0 } == value }
      guard value.count >= 4 else { return values.isEmpty && value.isEmpty }
      let count = Int(value[0]) | Int(value[1]) << 8 | Int(value[2]) << 16 | Int(value[3]) << 24
      return count == values.count && Array(value.dropFirst(4 + 4 * count)) == values.flatMap { $0 }
    }
  }

  /// The property of `bag` this entry became: the tag, or the named property with the dumped
  /// LID or name (in whichever property set).
  func property(in bag: MapiPropertyBag) -> [MapiProperty] {
    if entryType < 0x8000 { return bag[.tag(entryType)].map { [$0] } ?? [] }
    return bag.properties.values.filter { property in
      switch property.name {
      case .numbered(_, let lid): return lid == mapsToNumber
      case .named(_, let name): return name == mapsToName
      case .tag: return false
      }
    }
  }
}

@Suite struct PstItemValuesTests {
  @Test(
    .enabled(if: PstCorpus.canCompare, "shared corpus or pffexport absent"),
    arguments: PstCorpus.files)
  func everyEntryMatchesPffexportDump(name: String) throws {
    let directory = try TemporaryDirectory()
    defer { directory.cleanup() }
    let export = try PstExportLog(
      exporting: PstCorpus.path(name), into: directory.url, dumpingValues: true)
    let file = try PstFile(path: PstCorpus.path(name))
    var compared = 0
    for folder in try file.folders() {
      // The folder's own entries (pffexport dumps none for the root folder).
      if !folder.route.isEmpty {
        let folderDirectory = export.folderDirectories[folder.identifier]
        #expect(folderDirectory != nil, "\(name): folder \(folder.path) was not exported")
        let dump = PstDumpedEntry.read((folderDirectory ?? "") + "/ItemValues.txt")
        #expect(folder.properties.properties.count == dump.entriesPerSet, "folder \(folder.path)")
        for entry in dump.entries where entry.set == 0 {
          #expect(
            entry.property(in: folder.properties).contains { entry.matches($0) },
            "\(name) folder \(folder.path) entry 0x\(String(entry.entryType, radix: 16))")
          compared += 1
        }
      }
      try file.forEachItem(in: folder, associated: false) { result in
        guard case .success(let item) = result, let exported = export.items[item.identifier]
        else { return }
        let message = item.message
        let own = PstDumpedEntry.read(exported.directory + "/ItemValues.txt")
        #expect(message.properties.properties.count == own.entriesPerSet, "\(item.identifier)")
        for entry in own.entries where entry.set == 0 {
          let candidates = entry.property(in: message.properties)
          #expect(
            candidates.contains { entry.matches($0) },
            "\(name) item \(item.identifier) entry 0x\(String(entry.entryType, radix: 16))")
          compared += 1
        }
        let rows = PstDumpedEntry.read(exported.directory + "/RecipientsItemValues.txt")
        for entry in rows.entries {
          guard entry.set < message.recipients.count else {
            Issue.record("\(name) item \(item.identifier): recipient row \(entry.set) missing")
            continue
          }
          let candidates = entry.property(in: message.recipients[entry.set])
          #expect(
            candidates.contains { entry.matches($0) },
            "\(name) item \(item.identifier) recipient \(entry.set) 0x\(String(entry.entryType, radix: 16))"
          )
          compared += 1
        }
      }
    }
    #expect(compared > 0)
  }
}

@Suite struct PstMultiValueTests {
  /// A PST multi-value string as [MS-PST] lays it out: a count, one offset per value from the
  /// start of the data, then the values.
  static func variableLayout(_ values: [[UInt8]]) -> [UInt8] {
    var offsets: [UInt32] = []
    var next = UInt32(4 + 4 * values.count)
    for value in values {
      offsets.append(next)
      next += UInt32(value.count)
    }
    let header = ([UInt32(values.count)] + offsets).flatMap { number in
      (0..<4).map { UInt8(truncatingIfNeeded: number >> ($0 * 8)) }
    }
    return header + values.flatMap { $0 }
  }

  @Test func keywordsSplitIntoTheirValues() {
    // No folder item of the sample PSTs carries Keywords (only two recovered items name it,
    // without a value), so the layout is built here.
    let red: [UInt8] = [0x52, 0, 0x65, 0, 0x64, 0]
    let blue: [UInt8] = [0x42, 0, 0x6C, 0, 0x75, 0, 0x65, 0]
    let type = MapiType(rawValue: 0x101F)
    var bag = MapiPropertyBag()
    bag.set(.keywords, type, PffEntry.split(Self.variableLayout([red, blue]), type: type))
    #expect(bag.strings(.keywords) == ["Red", "Blue"])
    let int32s = PffEntry.split([1, 0, 0, 0, 2, 0, 0, 0], type: MapiType(rawValue: 0x1003))
    #expect(int32s == .multiple([[1, 0, 0, 0], [2, 0, 0, 0]]))
    // A count larger than the data holds keeps the bytes whole.
    #expect(PffEntry.split([9, 0, 0, 0], type: type) == .single([9, 0, 0, 0]))
  }
}
