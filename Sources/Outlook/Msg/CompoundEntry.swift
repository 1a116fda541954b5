/// One entry of a compound file (OLE2, [MS-CFB]) held in memory: a storage with its children or
/// a stream with its bytes.
struct CompoundEntry: Sendable, Equatable {
  /// The entry's name as stored (up to 31 UTF-16 units).
  var name: String
  /// Whether the entry is a storage (a folder) rather than a stream.
  var isStorage: Bool
  /// A stream's bytes (empty for a storage).
  var data: [UInt8]
  /// A storage's entries, in the order they were read or given.
  var children: [CompoundEntry]

  /// A storage called `name` holding `children`.
  static func storage(_ name: String, _ children: [CompoundEntry]) -> CompoundEntry {
    CompoundEntry(name: name, isStorage: true, data: [], children: children)
  }

  /// A stream called `name` holding `data`.
  static func stream(_ name: String, _ data: [UInt8]) -> CompoundEntry {
    CompoundEntry(name: name, isStorage: false, data: data, children: [])
  }

  /// The child stream called `name`, if this storage has one.
  func stream(named name: String) -> [UInt8]? {
    children.first { !$0.isStorage && $0.name == name }?.data
  }

  /// The child storage called `name`, if this storage has one.
  func storage(named name: String) -> CompoundEntry? {
    children.first { $0.isStorage && $0.name == name }
  }
}
