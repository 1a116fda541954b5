/// Writes a GNU-format tar stream of regular files into a `ByteSink`, in the dialect Zimbra's reader accepts.
///
/// The rules (ZIMBRA-IMPORT.md §1.3): names live only in the 100-byte `name` field; longer names
/// (counted in UTF-8 bytes) are preceded by a GNU `././@LongLink` record of type `L` whose data is the
/// full name plus one NUL; the magic is GNU's `"ustar  \0"`; no ustar prefix, no PAX headers, no
/// directory entries, no `./` prefix; all numbers are octal text (so sizes and mtimes stop at
/// 8 GiB − 1 and 2^33 − 1 seconds); uid and gid are 0.
public final class TarWriter {
  /// The largest entry size an 11-digit octal field holds (8 GiB − 1).
  public static let maxEntrySize: Int64 = (1 << 33) - 1
  /// The largest mtime an 11-digit octal field holds.
  public static let maxModificationTime: Int64 = (1 << 33) - 1

  /// Where the tar stream goes.
  public let sink: any ByteSink
  /// Bytes of tar stream produced so far (a multiple of 512 between entries).
  public private(set) var bytesWritten: Int64 = 0
  /// Files added so far.
  public private(set) var entryCount = 0

  private let userName: [UInt8]
  private let groupName: [UInt8]
  /// One reused header block followed by 512 zero bytes used for padding.
  private let scratch: UnsafeMutableRawBufferPointer
  private var isFinished = false

  /// A writer into `sink`; `userName`/`groupName` go into the header's uname/gname (at most 31 bytes).
  public init(sink: any ByteSink, userName: String = "", groupName: String = "") {
    self.sink = sink
    self.userName = Array(userName.utf8.prefix(31))
    self.groupName = Array(groupName.utf8.prefix(31))
    scratch = .allocate(byteCount: 1024, alignment: 16)
    scratch.initializeMemory(as: UInt8.self, repeating: 0)
  }

  deinit {
    scratch.deallocate()
  }

  /// Adds a regular file (typeflag `0`) named `name` with contents `data`.
  ///
  /// `name` is a relative path such as `Inbox/1.eml`: no leading `/`, no empty, `.` or `..`
  /// components, no NUL. `mode` is the permission bits (≤ 0o7777; 0o444 marks a message unread),
  /// `mtime` the modification time in seconds since 1970 (Zimbra's received date).
  public func addFile(
    name: String, data: UnsafeRawBufferPointer, mode: UInt32 = 0o644, mtime: Int64
  ) throws {
    guard !isFinished else { throw BundleError("tar entry \(name) added after finish") }
    var nameBytes = Array(name.utf8)
    try TarWriter.validate(name: nameBytes, original: name)
    try TarWriter.checkNumbers(size: Int64(data.count), mode: mode, mtime: mtime, name: name)

    if nameBytes.count > 100 {
      // GNU long name: a `././@LongLink` entry whose data is the name plus a trailing NUL.
      nameBytes.append(0)
      try nameBytes.withUnsafeBytes { full in
        try TarWriter.longLinkName.withUnsafeBytes { link in
          try writeHeader(
            name: link, size: Int64(full.count), mode: 0o644, mtime: 0, typeflag: UInt8(ascii: "L"))
        }
        try writeData(full)
      }
      nameBytes.removeLast()
    }
    try nameBytes.withUnsafeBytes { bytes in
      try writeHeader(
        name: UnsafeRawBufferPointer(rebasing: bytes.prefix(100)),
        size: Int64(data.count), mode: mode, mtime: mtime, typeflag: UInt8(ascii: "0"))
    }
    try writeData(data)
    entryCount += 1
  }

  /// Adds a regular file whose contents are `data`; see `addFile(name:data:mode:mtime:)`.
  public func addFile(name: String, data: [UInt8], mode: UInt32 = 0o644, mtime: Int64) throws {
    try data.withUnsafeBytes { try addFile(name: name, data: $0, mode: mode, mtime: mtime) }
  }

  /// The bytes of tar stream an entry adds: its header, its data padded to 512 bytes, and a GNU
  /// long-name record first when the name is over 100 bytes.
  public static func entrySize(nameLength: Int, dataCount: Int) -> Int64 {
    func padded(_ count: Int) -> Int64 { Int64((count + 511) / 512 * 512) }
    let longName = nameLength > 100 ? 512 + padded(nameLength + 1) : 0
    return longName + 512 + padded(dataCount)
  }

  /// The bytes `finish()` adds: the end-of-archive marker.
  public static let endSize: Int64 = 1024

  /// Writes the end-of-archive marker (two zero blocks) and finishes the sink.
  public func finish() throws {
    guard !isFinished else { return }
    isFinished = true
    let zeros = UnsafeRawBufferPointer(rebasing: scratch[512..<1024])
    try sink.write(zeros)
    try sink.write(zeros)
    bytesWritten += 1024
    try sink.finish()
  }

  // MARK: - Header encoding

  private static let longLinkName: [UInt8] = Array("././@LongLink".utf8)

  private func writeHeader(
    name: UnsafeRawBufferPointer, size: Int64, mode: UInt32, mtime: Int64, typeflag: UInt8
  ) throws {
    let header = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<512])
    userName.withUnsafeBytes { user in
      groupName.withUnsafeBytes { group in
        TarWriter.encodeHeader(
          into: header, name: name, size: size, mode: mode, mtime: mtime, typeflag: typeflag,
          userName: user, groupName: group)
      }
    }
    try sink.write(UnsafeRawBufferPointer(header))
    bytesWritten += 512
  }

  /// Writes `data` and the zero padding up to the next 512-byte boundary.
  private func writeData(_ data: UnsafeRawBufferPointer) throws {
    if data.count > 0 { try sink.write(data) }
    let padding = (512 - data.count % 512) % 512
    if padding > 0 {
      try sink.write(UnsafeRawBufferPointer(rebasing: scratch[512..<(512 + padding)]))
    }
    bytesWritten += Int64(data.count + padding)
  }

  /// Fills a 512-byte GNU tar header. Numbers must already be in range (see `checkNumbers`).
  static func encodeHeader(
    into header: UnsafeMutableRawBufferPointer, name: UnsafeRawBufferPointer, size: Int64,
    mode: UInt32,
    mtime: Int64, typeflag: UInt8, userName: UnsafeRawBufferPointer,
    groupName: UnsafeRawBufferPointer
  ) {
    precondition(header.count == 512 && name.count <= 100)
    header.initializeMemory(as: UInt8.self, repeating: 0)
    let base = header.baseAddress.unsafelyUnwrapped
    if name.count > 0 {
      base.copyMemory(from: name.baseAddress.unsafelyUnwrapped, byteCount: name.count)
    }
    putOctal(UInt64(mode), header, offset: 100, width: 8)
    putOctal(0, header, offset: 108, width: 8)  // uid
    putOctal(0, header, offset: 116, width: 8)  // gid
    putOctal(UInt64(size), header, offset: 124, width: 12)
    putOctal(UInt64(mtime), header, offset: 136, width: 12)
    for index in 148..<156 { header[index] = 0x20 }  // checksum counts as spaces
    header[156] = typeflag
    for (index, byte) in "ustar  ".utf8.enumerated() { header[257 + index] = byte }  // + NUL at 264
    if userName.count > 0 {
      (base + 265).copyMemory(
        from: userName.baseAddress.unsafelyUnwrapped, byteCount: min(userName.count, 31))
    }
    if groupName.count > 0 {
      (base + 297).copyMemory(
        from: groupName.baseAddress.unsafelyUnwrapped, byteCount: min(groupName.count, 31))
    }
    var sum: UInt64 = 0
    for byte in UnsafeRawBufferPointer(header) { sum += UInt64(byte) }
    // GNU style: six octal digits, NUL, space.
    putOctal(sum, header, offset: 148, width: 7)
    header[155] = 0x20
  }

  /// Writes `value` as `width - 1` zero-padded octal digits followed by a NUL.
  private static func putOctal(
    _ value: UInt64, _ header: UnsafeMutableRawBufferPointer, offset: Int, width: Int
  ) {
    var remaining = value
    var index = offset + width - 2
    while index >= offset {
      header[index] = UInt8(ascii: "0") + UInt8(remaining & 7)
      remaining >>= 3
      index -= 1
    }
    header[offset + width - 1] = 0
  }

  /// Rejects numbers the octal fields cannot hold (Zimbra's reader has no base-256).
  static func checkNumbers(size: Int64, mode: UInt32, mtime: Int64, name: String) throws {
    guard size <= maxEntrySize else {
      throw BundleError(
        "tar entry \(name) is \(size) bytes; the limit is \(maxEntrySize) (8 GiB - 1)")
    }
    guard mode <= 0o7777 else {
      throw BundleError(
        "tar entry \(name) has mode 0o\(String(mode, radix: 8)); only 0o7777 bits are allowed")
    }
    guard mtime >= 0 && mtime <= maxModificationTime else {
      throw BundleError("tar entry \(name) has mtime \(mtime), outside 0...\(maxModificationTime)")
    }
  }

  /// A name must be a clean relative path: non-empty components, none `.` or `..`, no NUL.
  static func validate(name bytes: [UInt8], original: String) throws {
    try ArchiveEntryName.validate(bytes, original: original, kind: "tar")
  }
}
