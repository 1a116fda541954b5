@testable import Outlook

/// Writes a `CompoundEntry` tree as a compound file, version 3 ([MS-CFB]): 512-byte sectors,
/// streams under 4096 bytes in the mini stream, the FAT listed in the header's DIFAT only (so at
/// most 109 FAT sectors, about 7 MB), every directory tree all black. For tests only.
enum CompoundFileWriter {
  /// The size of a regular sector.
  static let sectorSize = 512
  /// The size of a mini sector.
  static let miniSectorSize = 64
  /// Streams shorter than this live in the mini stream.
  static let miniStreamCutoff = 4096
  /// How many sector numbers fit in one FAT (or mini FAT) sector.
  static let entriesPerSector = sectorSize / 4
  /// How many FAT sectors the header's DIFAT can list.
  static let headerDIFATCount = 109
  /// An unused FAT entry (FREESECT) or an absent directory link (NOSTREAM).
  static let free: UInt32 = 0xFFFF_FFFF
  /// The end of a sector chain (ENDOFCHAIN).
  static let endOfChain: UInt32 = 0xFFFF_FFFE
  /// A FAT entry marking a FAT sector (FATSECT).
  static let fatSectorMark: UInt32 = 0xFFFF_FFFD

  /// A tree the writer cannot store.
  struct Failure: Error, CustomStringConvertible {
    /// What is wrong.
    let description: String
  }

  /// One 128-byte directory entry before it is written.
  struct DirectoryEntry {
    /// The entry's name.
    var name: String
    /// 1 storage, 2 stream, 5 root storage.
    var objectType: UInt8
    /// The left sibling's index, or NOSTREAM.
    var left = CompoundFileWriter.free
    /// The right sibling's index, or NOSTREAM.
    var right = CompoundFileWriter.free
    /// The root of the children's tree (storages), or NOSTREAM.
    var child = CompoundFileWriter.free
    /// The first sector (or mini sector) of the stream.
    var start = CompoundFileWriter.endOfChain
    /// The stream's size in bytes.
    var size = 0
    /// A stream's bytes.
    var data: [UInt8] = []
  }

  /// The compound file holding `root`'s children (the root's own name is ignored).
  static func bytes(root: CompoundEntry, rootCLSID: [UInt8] = [UInt8](repeating: 0, count: 16))
    throws -> [UInt8]
  {
    var entries = [DirectoryEntry(name: "Root Entry", objectType: 5)]
    try add(children: root.children, toStorageAt: 0, entries: &entries)

    // The mini stream and its FAT.
    var miniStream: [UInt8] = []
    var miniFAT: [UInt32] = []
    for index in entries.indices
    where entries[index].objectType == 2 && !entries[index].data.isEmpty
      && entries[index].data.count < miniStreamCutoff
    {
      let first = miniFAT.count
      let count = sectors(entries[index].data.count, of: miniSectorSize)
      entries[index].start = UInt32(first)
      miniFAT += chain(from: first, count: count)
      miniStream += padded(entries[index].data, to: miniSectorSize)
    }

    // Regular sectors: FAT, directory, mini FAT, mini stream, then the big streams.
    let directorySectors = sectors(entries.count * 128, of: sectorSize)
    let miniFATSectors = sectors(miniFAT.count * 4, of: sectorSize)
    let miniStreamSectors = sectors(miniStream.count, of: sectorSize)
    let bigStreams = entries.indices.filter {
      entries[$0].objectType == 2 && entries[$0].data.count >= miniStreamCutoff
    }
    let bigSectors = bigStreams.reduce(0) {
      $0 + sectors(entries[$1].data.count, of: sectorSize)
    }
    let others = directorySectors + miniFATSectors + miniStreamSectors + bigSectors
    var fatSectors = 1
    while fatSectors * entriesPerSector < fatSectors + others { fatSectors += 1 }
    guard fatSectors <= headerDIFATCount else {
      throw Failure(description: "\(fatSectors) FAT sectors need a DIFAT chain")
    }

    var fat: [UInt32] = Array(repeating: fatSectorMark, count: fatSectors)
    let firstDirectorySector = fat.count
    fat += chain(from: fat.count, count: directorySectors)
    let firstMiniFATSector = miniFATSectors > 0 ? UInt32(fat.count) : endOfChain
    fat += chain(from: fat.count, count: miniFATSectors)
    entries[0].start = miniStreamSectors > 0 ? UInt32(fat.count) : endOfChain
    entries[0].size = miniStream.count
    fat += chain(from: fat.count, count: miniStreamSectors)
    for index in bigStreams {
      entries[index].start = UInt32(fat.count)
      fat += chain(from: fat.count, count: sectors(entries[index].data.count, of: sectorSize))
    }
    fat += Array(repeating: free, count: fatSectors * entriesPerSector - fat.count)

    var file = header(
      fatSectors: fatSectors, firstDirectorySector: firstDirectorySector,
      firstMiniFATSector: firstMiniFATSector, miniFATSectors: miniFATSectors)
    file += fat.flatMap(littleEndian)
    var directory = entries.enumerated().flatMap { index, entry in
      directoryEntry(entry, clsid: index == 0 ? rootCLSID : [UInt8](repeating: 0, count: 16))
    }
    while directory.count < directorySectors * sectorSize { directory += unusedEntry() }
    file += directory
    file += padded(
      miniFAT.flatMap(littleEndian), to: sectorSize, filler: free)
    file += padded(miniStream, to: sectorSize)
    for index in bigStreams { file += padded(entries[index].data, to: sectorSize) }
    return file
  }

  /// Appends the directory entries of `children`, links them as the tree under the storage at
  /// `parent`, and recurses into child storages.
  static func add(
    children: [CompoundEntry], toStorageAt parent: Int, entries: inout [DirectoryEntry]
  ) throws {
    let ordered = children.sorted { precedes($0.name, $1.name) }
    for (left, right) in zip(ordered, ordered.dropFirst()) where !precedes(left.name, right.name) {
      throw Failure(description: "two entries named \(left.name) in one storage")
    }
    var indices: [Int] = []
    for child in ordered {
      guard child.name.utf16.count <= 31, !child.name.isEmpty else {
        throw Failure(description: "entry name \(child.name) is empty or over 31 characters")
      }
      indices.append(entries.count)
      var entry = DirectoryEntry(name: child.name, objectType: child.isStorage ? 1 : 2)
      entry.size = child.data.count
      entry.data = child.data
      entries.append(entry)
    }
    entries[parent].child = link(indices[...], entries: &entries)
    for (child, index) in zip(ordered, indices) where child.isStorage {
      try add(children: child.children, toStorageAt: index, entries: &entries)
    }
  }

  /// Links the sorted entries at `indices` as a balanced binary tree; returns its root's index.
  static func link(_ indices: ArraySlice<Int>, entries: inout [DirectoryEntry]) -> UInt32 {
    guard !indices.isEmpty else { return free }
    let middle = indices.startIndex + indices.count / 2
    let root = indices[middle]
    entries[root].left = link(indices[indices.startIndex..<middle], entries: &entries)
    entries[root].right = link(indices[(middle + 1)...], entries: &entries)
    return UInt32(root)
  }

  /// Whether `first` sorts before `second` in a directory tree: shorter names first, then by
  /// upper-cased UTF-16 code units ([MS-CFB] 2.6.4).
  static func precedes(_ first: String, _ second: String) -> Bool {
    if first.utf16.count != second.utf16.count { return first.utf16.count < second.utf16.count }
    return first.uppercased().utf16.lexicographicallyPrecedes(second.uppercased().utf16)
  }

  /// How many blocks of `size` bytes hold `count` bytes.
  static func sectors(_ count: Int, of size: Int) -> Int { (count + size - 1) / size }

  /// A chain of `count` consecutive sectors starting at `first`, ending in ENDOFCHAIN.
  static func chain(from first: Int, count: Int) -> [UInt32] {
    (0..<count).map { $0 == count - 1 ? endOfChain : UInt32(first + $0 + 1) }
  }

  /// `bytes` padded to a multiple of `size` with zeros (or with copies of a 32-bit `filler`).
  static func padded(_ bytes: [UInt8], to size: Int, filler: UInt32 = 0) -> [UInt8] {
    var result = bytes
    let pattern = littleEndian(filler)
    while result.count % size != 0 { result.append(pattern[result.count % 4]) }
    return result
  }

  /// The 4 little-endian bytes of `value`.
  static func littleEndian(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
  }

  /// The 2 little-endian bytes of `value`.
  static func littleEndian(_ value: UInt16) -> [UInt8] {
    [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
  }

  /// The 512-byte header of a version 3 file whose DIFAT lists FAT sectors 0..<fatSectors.
  static func header(
    fatSectors: Int, firstDirectorySector: Int, firstMiniFATSector: UInt32, miniFATSectors: Int
  ) -> [UInt8] {
    var bytes = MsgFile.signature + [UInt8](repeating: 0, count: 16)
    bytes += littleEndian(UInt16(0x003E)) + littleEndian(UInt16(0x0003))
    bytes += littleEndian(UInt16(0xFFFE)) + littleEndian(UInt16(9)) + littleEndian(UInt16(6))
    bytes += [UInt8](repeating: 0, count: 6)
    bytes += littleEndian(UInt32(0))  // directory sectors: always 0 in version 3
    bytes += littleEndian(UInt32(fatSectors))
    bytes += littleEndian(UInt32(firstDirectorySector))
    bytes += littleEndian(UInt32(0))  // transaction signature
    bytes += littleEndian(UInt32(miniStreamCutoff))
    bytes += littleEndian(firstMiniFATSector) + littleEndian(UInt32(miniFATSectors))
    bytes += littleEndian(endOfChain) + littleEndian(UInt32(0))  // no DIFAT sectors
    for index in 0..<headerDIFATCount {
      bytes += littleEndian(index < fatSectors ? UInt32(index) : free)
    }
    return bytes
  }

  /// The 128 bytes of `entry`.
  static func directoryEntry(_ entry: DirectoryEntry, clsid: [UInt8]) -> [UInt8] {
    let name = Array(entry.name.utf16) + [0]
    var bytes = name.flatMap { littleEndian($0) }
    bytes += [UInt8](repeating: 0, count: 64 - bytes.count)
    bytes += littleEndian(UInt16(name.count * 2))
    bytes += [entry.objectType, 1]  // black
    bytes += littleEndian(entry.left) + littleEndian(entry.right) + littleEndian(entry.child)
    bytes += clsid + littleEndian(UInt32(0))  // state bits
    bytes += [UInt8](repeating: 0, count: 16)  // creation and modification times
    let isStorage = entry.objectType == 1
    bytes += littleEndian(isStorage ? UInt32(0) : entry.start)
    bytes += littleEndian(UInt32(isStorage ? 0 : entry.size)) + littleEndian(UInt32(0))
    return bytes
  }

  /// An unused directory entry.
  static func unusedEntry() -> [UInt8] {
    [UInt8](repeating: 0, count: 68) + littleEndian(free) + littleEndian(free) + littleEndian(free)
      + [UInt8](repeating: 0, count: 48)
  }
}
