import Foundation
import MailModel

/// Writes a zip archive of regular files into a `ByteSink`, in the form Java's `ZipInputStream` reads best.
///
/// The rules (ZIMBRA-IMPORT.md §1.3; PKWARE APPNOTE 6.3):
/// - Streaming: every entry is compressed (and its CRC-32 computed) before its local header is
///   written, so the local header carries the real CRC and sizes. General-purpose bit 3 is never
///   set, there are no data descriptors and nothing is ever seeked back to: the sink can be a pipe.
/// - Each entry is raw deflate (method 8) at `level`, or STORED (method 0) when deflate does not make
///   it smaller, when it is empty, or when `level` is 0. Entries are compressed one by one, with no
///   dictionary shared between them, so the bytes depend only on the entries and `level`, never on
///   `workers` or thread timing.
/// - Names are UTF-8 with general-purpose bit 11 set; only clean relative file paths (no leading
///   `/`, no empty, `.` or `..` components, no `./` prefix), at most 65,535 bytes; no directory entries.
/// - Times: the local and central headers carry an extended-timestamp extra field (0x5455 "UT",
///   flags 1, the mtime as a signed 32-bit count of seconds since 1970), which Java, Info-ZIP and
///   libarchive prefer, so `mtime` must lie in 0...2^31 − 1. The MS-DOS date/time fields hold the
///   same instant as a *UTC* calendar time (readers that ignore the UT field, such as Python's
///   `zipfile`, see UTC), rounded down to even seconds and clamped to 1980...2107.
/// - Version made by is Unix (3) / spec 6.3, and the external attributes are the Unix mode of a
///   regular file (`0o100000 | mode`) in the high 16 bits, so `unzip -Z` lists `-rw-r--r--`.
///   (Java's `ZipInputStream` never sees these: zip import loses the unread bit.)
/// - ZIP64 only where needed: an entry of 4 GiB − 1 bytes or more (compressed or not) gets a ZIP64
///   extra field with both sizes in its local header; the central record has a ZIP64 extra field
///   with the sizes and offset that do not fit in 32 bits; 65,535 or more entries, or a central
///   directory that starts at offset 0xFFFFFFFF or later or is that large, add a ZIP64 end of
///   central directory record and its locator before the classic end record (whose fields that do
///   not fit then read 0xFFFF / 0xFFFFFFFF).
///
/// Deflate is libdeflate (`DeflateCompressor`, levels 0–12), which compresses whole buffers. An
/// entry of up to `pieceSize` bytes is compressed in one call. A larger one is compressed in
/// pieces of `pieceSize` spliced into one stream, straight from the caller's bytes: its compressed
/// form is kept while it stays within `keptCompressedLimit`, and otherwise only measured, then
/// compressed a second time as it is written, so memory never holds a second copy of a large
/// message, only what the pieces in flight need.
///
/// With `workers` > 1 the entries (and a large entry's pieces) are compressed on that many threads
/// while the calling thread copies small entries in and writes everything out in order. The window
/// is bounded by bytes as well as entries: at most `2 × workers` entries and `512 KiB × workers` of
/// uncompressed data are in flight, each holding a copy of its data and its compressed form. A
/// compression failure then surfaces from a later `addFile` or from `finish()`. Central-directory
/// records (about 55 bytes plus the name per entry) are kept in memory up to 256 KiB, older ones
/// in an unlinked temporary file, until `finish()` copies them out.
public final class ZipWriter {
  /// The longest entry name, in UTF-8 bytes (the name length field is 16 bits).
  public static let maxNameLength = 0xFFFF
  /// The longest entry comment, in UTF-8 bytes (the comment length field is 16 bits).
  public static let maxCommentLength = 0xFFFF
  /// The latest mtime the extended-timestamp field holds (2038-01-19 03:14:07 UTC).
  public static let maxModificationTime = Int64(Int32.max)

  /// Where the zip stream goes.
  public let sink: any ByteSink
  /// The deflate level, 0 (store everything) to 12.
  public let level: Int
  /// Compression threads; 1 compresses on the calling thread.
  public let workers: Int
  /// Bytes of zip stream written to `sink` so far.
  public private(set) var bytesWritten: Int64 = 0
  /// Files added so far (those still being compressed included).
  public private(set) var entryCount = 0
  /// Uncompressed bytes added so far.
  public private(set) var bytesIn: Int64 = 0

  /// Tests only: use the ZIP64 forms everywhere, as if every size, offset and count were too large.
  var forceZip64 = false

  /// Entries larger than this are compressed in pieces of this size (see the type's comment).
  static let pieceSize = 256 << 10
  /// The compressed bytes of a large entry kept between measuring it and writing it; beyond this
  /// the entry is compressed a second time instead.
  static let keptCompressedLimit = 1 << 20

  private let compressor: DeflateCompressor?
  /// Jobs for large entries' pieces, kept with their buffers (`2 × workers` at most).
  private var pieceJobs: [ZipJob] = []
  private let output = OutputBuffer(capacity: 64 * 1024)
  private let pool: ZipWorkerPool?
  private let maxJobs: Int
  private let maxPendingBytes: Int
  /// Uncompressed bytes of the entries in flight.
  private var pendingBytes = 0
  private var freeJobs: [ZipJob] = []
  /// Entries handed to the pool, oldest first; written out strictly in this order.
  private var inFlight: [ZipJob] = []
  /// The central directory's latest records; older ones are spooled to `centralSpool` once
  /// they pass `centralSpoolThreshold`, so memory does not grow with the number of entries.
  private var central: [UInt8] = []
  /// An unlinked temporary file (`tmpfile`) holding the central directory's earlier records.
  private var centralSpool: UnsafeMutablePointer<FILE>?
  /// Bytes of central directory in `centralSpool`.
  private(set) var centralSpooledBytes: Int64 = 0
  /// Central-directory bytes kept in memory before they are spooled.
  static let centralSpoolThreshold = 256 << 10
  private var header: [UInt8] = []
  private var isFinished = false
  private var failure: BundleError?

  /// A writer into `sink`.
  ///
  /// - Parameters:
  ///   - level: deflate level 0–12 (0 stores every entry, 1 is fastest, 6 libdeflate's default).
  ///   - workers: compression threads (default 1: inline); the output does not depend on it.
  public init(sink: any ByteSink, level: Int = 6, workers: Int = 1) throws {
    guard DeflateCompressor.levels.contains(level) else {
      throw BundleError("zip level \(level) is outside 0...12")
    }
    self.sink = sink
    self.level = level
    self.workers = max(1, workers)
    if self.workers == 1 || level == 0 {
      compressor = level == 0 ? nil : try DeflateCompressor(level: level)
      pool = nil
      maxJobs = 0
      maxPendingBytes = 0
    } else {
      compressor = nil
      pool = ZipWorkerPool(threads: self.workers, level: level, name: "zip")
      maxJobs = 2 * self.workers
      maxPendingBytes = self.workers * (512 << 10)
    }
  }

  deinit {
    pool?.shutDown()
    if let centralSpool { fclose(centralSpool) }
  }

  /// Adds a regular file named `name` with contents `data`.
  ///
  /// `name` is a clean relative path such as `Inbox/1.eml` (at most 65,535 UTF-8 bytes), `mtime`
  /// the modification time in seconds since 1970 (0...2^31 − 1; Zimbra's received date), `mode`
  /// the permission bits (≤ 0o7777), `comment` the entry's file comment (UTF-8, at most 65,535
  /// bytes; only the central directory holds it, as Zimbra's own zip export writes
  /// `message-unread`). The data is only borrowed for the duration of the call.
  public func addFile(
    name: String, data: UnsafeRawBufferPointer, mtime: Int64, mode: UInt32 = 0o644,
    comment: String = ""
  ) throws {
    try checkUsable()
    let nameBytes = Array(name.utf8)
    try ZipWriter.validate(name: nameBytes, original: name)
    try ZipWriter.checkNumbers(mode: mode, mtime: mtime, name: name)
    let commentBytes = Array(comment.utf8)
    guard commentBytes.count <= ZipWriter.maxCommentLength else {
      throw BundleError(
        "zip entry \(name) has a comment of \(commentBytes.count) bytes; the limit is "
          + "\(ZipWriter.maxCommentLength)")
    }
    let entry = ZipPendingEntry(name: nameBytes, mtime: mtime, mode: mode, comment: commentBytes)
    do {
      if level > 0 && data.count > ZipWriter.pieceSize {
        try addLarge(entry, data: data)
      } else if let pool {
        // Make room in the window, oldest first.
        while !inFlight.isEmpty
          && (inFlight.count >= maxJobs || pendingBytes + data.count > maxPendingBytes)
        {
          try writeOldest()
        }
        let job = freeJobs.popLast() ?? ZipJob()
        job.prepare(entry, copying: data)
        inFlight.append(job)
        pendingBytes += data.count
        pool.submit(job)
        // Write out whatever is already done, without waiting.
        while let oldest = inFlight.first, pool.isDone(oldest) { try writeOldest() }
      } else {
        let (crc, deflated) = try ZipWriter.encode(data, with: compressor, into: output)
        let payload = deflated ? output.bytes : data
        try writeEntry(
          entry, crc: crc, deflated: deflated, size: data.count, compressedSize: payload.count
        ) { try writePayload(payload) }
      }
    } catch {
      throw fail(error)
    }
    entryCount += 1
    bytesIn += Int64(data.count)
  }

  /// Adds a regular file whose contents are `data`; see `addFile(name:data:mtime:mode:comment:)`.
  public func addFile(
    name: String, data: [UInt8], mtime: Int64, mode: UInt32 = 0o644, comment: String = ""
  ) throws {
    try data.withUnsafeBytes {
      try addFile(name: name, data: $0, mtime: mtime, mode: mode, comment: comment)
    }
  }

  /// Writes the entries still being compressed, the central directory and the end records, and finishes the sink.
  public func finish() throws {
    guard !isFinished else { return }
    try checkUsable()
    do {
      while !inFlight.isEmpty { try writeOldest() }
      pool?.shutDown()
      let directoryOffset = UInt64(bytesWritten)
      let directorySize = UInt64(centralSpooledBytes) + UInt64(central.count)
      try emitSpooledCentral()
      try emit(central)
      central = []
      let count = UInt64(entryCount)
      var end: [UInt8] = []
      let needsZip64 =
        forceZip64 || count >= 0xFFFF || directoryOffset >= 0xFFFF_FFFF
        || directorySize >= 0xFFFF_FFFF
      if needsZip64 {
        let recordOffset = UInt64(bytesWritten)
        // ZIP64 end of central directory record (56 bytes).
        end.appendLE32(0x0606_4b50)
        end.appendLE64(44)  // size of the rest of the record
        end.appendLE16(ZipWriter.versionMadeBy)
        end.appendLE16(ZipWriter.versionZip64)
        end.appendLE32(0)  // this disk
        end.appendLE32(0)  // disk where the central directory starts
        end.appendLE64(count)  // entries on this disk
        end.appendLE64(count)  // entries in total
        end.appendLE64(directorySize)
        end.appendLE64(directoryOffset)
        // ZIP64 end of central directory locator (20 bytes).
        end.appendLE32(0x0706_4b50)
        end.appendLE32(0)  // disk holding the ZIP64 record
        end.appendLE64(recordOffset)
        end.appendLE32(1)  // number of disks
      }
      // End of central directory record (22 bytes).
      let count16 = UInt16(needsZip64 && (forceZip64 || count >= 0xFFFF) ? 0xFFFF : count)
      end.appendLE32(0x0605_4b50)
      end.appendLE16(0)  // this disk
      end.appendLE16(0)  // disk where the central directory starts
      end.appendLE16(count16)
      end.appendLE16(count16)
      end.appendLE32(ZipWriter.clamp32(directorySize, force: forceZip64))
      end.appendLE32(ZipWriter.clamp32(directoryOffset, force: forceZip64))
      end.appendLE16(0)  // comment length
      try emit(end)
      isFinished = true
      try sink.finish()
    } catch {
      throw fail(error)
    }
  }

  /// An upper bound of the archive's size once entries of these name lengths (UTF-8 bytes) and
  /// data sizes are added and the archive is finished.
  ///
  /// Entries written out count with their real size; an entry still being compressed, or one to
  /// come, is bounded by its stored form (an entry is deflated only when that is smaller), with
  /// the largest local header and central record (ZIP64 fields included); the end records are
  /// bounded by their ZIP64 form.
  public func sizeBound(adding entries: [(nameLength: Int, dataCount: Int)]) -> Int64 {
    func entryBound(_ nameLength: Int, _ dataCount: Int) -> Int64 {
      // Local header 30 + ZIP64 20 + UT 9; central record 46 + ZIP64 28 + UT 9.
      Int64(30 + 20 + 9 + 46 + 28 + 9 + 2 * nameLength + dataCount)
    }
    var bound = bytesWritten + centralSpooledBytes + Int64(central.count) + 56 + 20 + 22
    for job in inFlight {
      bound += entryBound(job.entry.name.count, job.input.count) + Int64(job.entry.comment.count)
    }
    for entry in entries { bound += entryBound(entry.nameLength, entry.dataCount) }
    return bound
  }

  /// Waits for the entries being compressed and writes them out, so that `sizeBound` counts
  /// them at their real size. The output does not change.
  public func settle() throws {
    try checkUsable()
    do {
      while !inFlight.isEmpty { try writeOldest() }
    } catch {
      throw fail(error)
    }
  }

  // MARK: - Entries

  static let versionStored: UInt16 = 10
  static let versionDeflated: UInt16 = 20
  static let versionZip64: UInt16 = 45
  /// Unix (3) in the high byte, APPNOTE 6.3 (which defines the UTF-8 flag) in the low byte.
  static let versionMadeBy: UInt16 = 3 << 8 | 63
  static let utf8Flag: UInt16 = 1 << 11

  /// Computes the CRC-32 of `data` and deflates it into `output` (emptied first) if a compressor is
  /// given; `deflated` tells whether `output` holds the entry's data (smaller than `data`).
  static func encode(
    _ data: UnsafeRawBufferPointer, with compressor: DeflateCompressor?, into output: OutputBuffer
  ) throws -> (crc: UInt32, deflated: Bool) {
    output.count = 0
    let crc = crc32Update(0, data)
    guard let compressor, data.count > 0 else { return (crc, false) }
    try compressor.compress(data, final: true, into: output)
    return (crc, output.count < data.count)
  }

  /// Adds an entry larger than `pieceSize`: measures its compressed size and CRC piece by piece,
  /// then writes the header and the data (kept, stored, or compressed again).
  private func addLarge(_ entry: ZipPendingEntry, data: UnsafeRawBufferPointer) throws {
    while !inFlight.isEmpty { try writeOldest() }
    var crc: UInt32 = 0
    var compressedSize = 0
    // The kept compressed form is allocated once at its largest (a large allocation is mapped on
    // demand, so only the pages written count, and it never grows by copying); an entry over
    // four times the limit would not fit even at 4:1, so it is not kept at all.
    var kept: OutputBuffer? =
      data.count > 4 * ZipWriter.keptCompressedLimit
      ? nil
      : OutputBuffer(
        capacity: min(ZipWriter.keptCompressedLimit, DeflateCompressor.bound(for: data.count)))
    try forEachCompressedPiece(of: data) { piece, pieceCRC, pieceCount in
      crc = crc32Combine(crc, pieceCRC, secondCount: pieceCount)
      compressedSize += piece.count
      guard let buffer = kept else { return }
      if buffer.count + piece.count > ZipWriter.keptCompressedLimit {
        kept = nil
      } else if let base = piece.baseAddress, piece.count > 0 {
        buffer.reserve(extra: piece.count)
        (buffer.base + buffer.count).copyMemory(from: base, byteCount: piece.count)
        buffer.count += piece.count
      }
    }
    let deflated = compressedSize < data.count
    try writeEntry(
      entry, crc: crc, deflated: deflated, size: data.count,
      compressedSize: deflated ? compressedSize : data.count
    ) {
      if !deflated {
        try writePayload(data)
      } else if let kept {
        try writePayload(kept.bytes)
      } else {
        var rewritten = 0
        try forEachCompressedPiece(of: data) { piece, _, _ in
          try writePayload(piece)
          rewritten += piece.count
        }
        guard rewritten == compressedSize else {
          throw BundleError("zip entry compressed to \(rewritten) bytes, not \(compressedSize)")
        }
      }
    }
  }

  /// Compresses `data` in pieces of `pieceSize` (the last one final) on the workers or inline,
  /// and hands each piece's compressed bytes, CRC-32 and uncompressed size to `body` in order.
  private func forEachCompressedPiece(
    of data: UnsafeRawBufferPointer,
    _ body: (UnsafeRawBufferPointer, UInt32, Int) throws -> Void
  ) throws {
    guard let base = data.baseAddress else { return }
    let pieceCount = (data.count + ZipWriter.pieceSize - 1) / ZipWriter.pieceSize
    func piece(_ index: Int) -> UnsafeRawBufferPointer {
      let start = index * ZipWriter.pieceSize
      return UnsafeRawBufferPointer(
        start: base + start, count: min(ZipWriter.pieceSize, data.count - start))
    }
    guard let pool else {
      guard let compressor else { throw BundleError("zip compressor missing") }
      for index in 0..<pieceCount {
        let input = piece(index)
        output.count = 0
        try compressor.compress(input, final: index == pieceCount - 1, into: output)
        try body(output.bytes, crc32Update(0, input), input.count)
      }
      return
    }
    // The jobs borrow `data`; every one is waited for before this returns, even on an error.
    var window: [ZipJob] = []
    defer {
      for job in window {
        pool.waitUntilDone(job)
        job.releasePiece()
        pieceJobs.append(job)
      }
    }
    var next = 0
    while next < pieceCount || !window.isEmpty {
      while next < pieceCount && window.count < 2 * workers {
        let job = pieceJobs.popLast() ?? ZipJob()
        job.preparePiece(piece(next), final: next == pieceCount - 1)
        pool.submit(job)
        window.append(job)
        next += 1
      }
      let job = window.removeFirst()
      pool.waitUntilDone(job)
      defer {
        job.releasePiece()
        pieceJobs.append(job)
      }
      if let error = job.error { throw error }
      try body(job.output.bytes, job.crc, job.source.count)
    }
  }
  /// Writes one entry's local header, then its data (`writePayload`, which must write exactly
  /// `compressedSize` bytes), and appends its central-directory record.
  private func writeEntry(
    _ entry: ZipPendingEntry, crc: UInt32, deflated: Bool, size: Int, compressedSize: Int,
    writePayload: () throws -> Void
  ) throws {
    let offset = UInt64(bytesWritten)
    let uncompressed = UInt64(size)
    let compressed = UInt64(compressedSize)
    let sizesNeedZip64 = forceZip64 || uncompressed >= 0xFFFF_FFFF || compressed >= 0xFFFF_FFFF
    let offsetNeedsZip64 = forceZip64 || offset >= 0xFFFF_FFFF
    var flags = ZipWriter.utf8Flag
    if deflated {
      // Bits 1–2 record the deflate option, as Info-ZIP does: maximum, fast, super fast.
      switch level {
      case 8...12: flags |= 2
      case 2: flags |= 4
      case 1: flags |= 6
      default: break
      }
    }
    let method: UInt16 = deflated ? 8 : 0
    let baseVersion = deflated ? ZipWriter.versionDeflated : ZipWriter.versionStored
    let (dosTime, dosDate) = ZipWriter.dosDateTime(entry.mtime)
    let unixTime = UInt32(truncatingIfNeeded: entry.mtime)

    // Local file header (30 bytes), name, extra fields.
    header.removeAll(keepingCapacity: true)
    header.appendLE32(0x0403_4b50)
    header.appendLE16(sizesNeedZip64 ? ZipWriter.versionZip64 : baseVersion)
    header.appendLE16(flags)
    header.appendLE16(method)
    header.appendLE16(dosTime)
    header.appendLE16(dosDate)
    header.appendLE32(crc)
    header.appendLE32(sizesNeedZip64 ? 0xFFFF_FFFF : UInt32(compressed))
    header.appendLE32(sizesNeedZip64 ? 0xFFFF_FFFF : UInt32(uncompressed))
    header.appendLE16(UInt16(entry.name.count))
    header.appendLE16(UInt16((sizesNeedZip64 ? 20 : 0) + 9))
    header.append(contentsOf: entry.name)
    if sizesNeedZip64 {
      // In a local header the ZIP64 field holds both sizes, uncompressed first.
      header.appendLE16(0x0001)
      header.appendLE16(16)
      header.appendLE64(uncompressed)
      header.appendLE64(compressed)
    }
    ZipWriter.appendExtendedTimestamp(unixTime, to: &header)
    try emit(header)
    let payloadStart = bytesWritten
    try writePayload()
    guard bytesWritten - payloadStart == Int64(compressedSize) else {
      throw BundleError(
        "zip entry data was \(bytesWritten - payloadStart) bytes, not \(compressedSize)")
    }

    // Central directory record (46 bytes), name, extra fields, comment.
    var zip64Extra: [UInt64] = []
    if sizesNeedZip64 { zip64Extra += [uncompressed, compressed] }
    if offsetNeedsZip64 { zip64Extra.append(offset) }
    let centralVersion = zip64Extra.isEmpty ? baseVersion : ZipWriter.versionZip64
    central.appendLE32(0x0201_4b50)
    central.appendLE16(ZipWriter.versionMadeBy)
    central.appendLE16(centralVersion)
    central.appendLE16(flags)
    central.appendLE16(method)
    central.appendLE16(dosTime)
    central.appendLE16(dosDate)
    central.appendLE32(crc)
    central.appendLE32(sizesNeedZip64 ? 0xFFFF_FFFF : UInt32(compressed))
    central.appendLE32(sizesNeedZip64 ? 0xFFFF_FFFF : UInt32(uncompressed))
    central.appendLE16(UInt16(entry.name.count))
    central.appendLE16(UInt16((zip64Extra.isEmpty ? 0 : 4 + 8 * zip64Extra.count) + 9))
    central.appendLE16(UInt16(entry.comment.count))  // comment length
    central.appendLE16(0)  // disk number start
    central.appendLE16(0)  // internal attributes
    // External attributes: a regular file's st_mode.
    central.appendLE32((0o100000 | entry.mode) << 16)
    central.appendLE32(offsetNeedsZip64 ? 0xFFFF_FFFF : UInt32(offset))
    central.append(contentsOf: entry.name)
    if !zip64Extra.isEmpty {
      central.appendLE16(0x0001)
      central.appendLE16(UInt16(8 * zip64Extra.count))
      for value in zip64Extra { central.appendLE64(value) }
    }
    ZipWriter.appendExtendedTimestamp(unixTime, to: &central)
    central.append(contentsOf: entry.comment)
    if central.count >= ZipWriter.centralSpoolThreshold { try spoolCentral() }
  }

  /// Appends the central-directory records in memory to the spool file (made on first use).
  private func spoolCentral() throws {
    if centralSpool == nil {
      guard let file = tmpfile() else {
        throw BundleError(
          "cannot make a temporary file for the zip central directory: "
            + String(cString: strerror(errno)))
      }
      centralSpool = file
    }
    let written = central.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, centralSpool) }
    guard written == central.count else {
      throw BundleError(
        "cannot write the zip central directory to a temporary file: "
          + String(cString: strerror(errno)))
    }
    centralSpooledBytes += Int64(central.count)
    central.removeAll(keepingCapacity: true)
  }

  /// Copies the spooled central-directory records to the sink and closes the spool.
  private func emitSpooledCentral() throws {
    guard let spool = centralSpool else { return }
    defer {
      fclose(spool)
      centralSpool = nil
    }
    guard fflush(spool) == 0 && fseeko(spool, 0, SEEK_SET) == 0 else {
      throw BundleError("cannot read back the zip central directory's temporary file")
    }
    var buffer = [UInt8](repeating: 0, count: 64 << 10)
    var copied: Int64 = 0
    while copied < centralSpooledBytes {
      let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, spool) }
      guard count > 0 else { break }
      try buffer.withUnsafeBytes {
        try writePayload(UnsafeRawBufferPointer(rebasing: $0[0..<count]))
      }
      copied += Int64(count)
    }
    guard copied == centralSpooledBytes else {
      throw BundleError(
        "the zip central directory's temporary file gave \(copied) of \(centralSpooledBytes) bytes")
    }
  }

  /// The "UT" extra field with the modification time only (9 bytes), as in both local and central headers.
  private static func appendExtendedTimestamp(_ time: UInt32, to bytes: inout [UInt8]) {
    bytes.appendLE16(0x5455)
    bytes.appendLE16(5)
    bytes.append(1)  // flags: modification time present
    bytes.appendLE32(time)
  }

  private static func clamp32(_ value: UInt64, force: Bool) -> UInt32 {
    force || value >= 0xFFFF_FFFF ? 0xFFFF_FFFF : UInt32(value)
  }

  /// The MS-DOS time and date fields for `mtime` read as a UTC calendar time (two-second
  /// resolution), clamped to 1980-01-01 00:00:00 ... 2107-12-31 23:59:58.
  static func dosDateTime(_ mtime: Int64) -> (time: UInt16, date: UInt16) {
    let earliest: Int64 = 315_532_800  // 1980-01-01T00:00:00Z
    let latest: Int64 = 4_354_819_198  // 2107-12-31T23:59:58Z
    let clamped = min(max(mtime, earliest), latest)
    let days = clamped / 86_400
    let seconds = clamped % 86_400
    let (year, month, day) = MailDate.civil(days: Int(days))
    let time =
      UInt16(seconds / 3600) << 11 | UInt16(seconds % 3600 / 60) << 5 | UInt16(seconds % 60 / 2)
    let date = UInt16(year - 1980) << 9 | UInt16(month) << 5 | UInt16(day)
    return (time, date)
  }

  // MARK: - Checks

  /// A name must be a clean relative file path of at most 65,535 bytes: non-empty components, none `.` or `..`, no NUL.
  static func validate(name bytes: [UInt8], original: String) throws {
    guard bytes.count <= maxNameLength else {
      throw BundleError(
        "zip entry name of \(bytes.count) bytes is longer than the limit of \(maxNameLength) bytes")
    }
    try ArchiveEntryName.validate(bytes, original: original, kind: "zip")
  }

  /// Rejects modes beyond the permission bits and mtimes the 32-bit UT field cannot hold.
  static func checkNumbers(mode: UInt32, mtime: Int64, name: String) throws {
    guard mode <= 0o7777 else {
      throw BundleError(
        "zip entry \(name) has mode 0o\(String(mode, radix: 8)); only 0o7777 bits are allowed")
    }
    guard mtime >= 0 && mtime <= maxModificationTime else {
      throw BundleError("zip entry \(name) has mtime \(mtime), outside 0...\(maxModificationTime)")
    }
  }

  // MARK: - Pipeline

  private func checkUsable() throws {
    if let failure { throw failure }
    if isFinished { throw BundleError("zip entry added after finish") }
  }

  private func fail(_ error: any Error) -> BundleError {
    let bundleError = error as? BundleError ?? BundleError("zip writing failed: \(error)")
    failure = bundleError
    pool?.shutDown()
    return bundleError
  }

  /// Waits for the oldest in-flight entry, writes it and frees its job.
  private func writeOldest() throws {
    guard !inFlight.isEmpty else { return }
    let job = inFlight.removeFirst()
    pool?.waitUntilDone(job)
    if let error = job.error { throw error }
    let payload = job.deflated ? job.output.bytes : job.input.bytes
    try writeEntry(
      job.entry, crc: job.crc, deflated: job.deflated, size: job.input.count,
      compressedSize: payload.count
    ) { try writePayload(payload) }
    pendingBytes -= job.input.count
    job.release()
    // Keep small jobs for reuse; a job that held a large message gives its buffers back.
    if job.retainedCapacity <= 256 << 10 { freeJobs.append(job) }
  }

  private func emit(_ bytes: [UInt8]) throws {
    try sink.write(bytes)
    bytesWritten += Int64(bytes.count)
  }

  private func writePayload(_ bytes: UnsafeRawBufferPointer) throws {
    guard bytes.count > 0 else { return }
    try sink.write(bytes)
    bytesWritten += Int64(bytes.count)
  }
}

/// What the headers need to know about an entry besides its data.
struct ZipPendingEntry {
  var name: [UInt8]
  var mtime: Int64
  var mode: UInt32
  /// The file comment of the central record (empty for none).
  var comment: [UInt8] = []
}

/// One entry being compressed on a worker (a copy of its data), or one piece of a large entry
/// (borrowed from the caller, who waits for it), and the result.
final class ZipJob: CompressionJob, @unchecked Sendable {
  // Shared between the writer and one worker; the pool's lock orders every hand-over.
  var entry = ZipPendingEntry(name: [], mtime: 0, mode: 0)
  private(set) var input = OutputBuffer(capacity: 64 * 1024)
  private(set) var output = OutputBuffer(capacity: 64 * 1024)
  /// A large entry's piece, when this job compresses one.
  private var piece: UnsafeRawBufferPointer?
  private var isFinalPiece = true
  var crc: UInt32 = 0
  var deflated = false

  /// The bytes this job compresses.
  var source: UnsafeRawBufferPointer { piece ?? input.bytes }

  /// Bytes this job's buffers keep allocated between uses.
  var retainedCapacity: Int { input.capacity + output.capacity }
  var isDone = false
  var error: BundleError?

  /// Buffers that grew beyond this are dropped after use, so that up to `2 × workers` idle jobs
  /// hold little memory.
  static let keptCapacity = 128 << 10

  func prepare(_ entry: ZipPendingEntry, copying data: UnsafeRawBufferPointer) {
    self.entry = entry
    input.count = 0
    input.reserve(extra: data.count)
    if let base = data.baseAddress, data.count > 0 {
      input.base.copyMemory(from: base, byteCount: data.count)
    }
    input.count = data.count
    piece = nil
    crc = 0
    deflated = false
    isDone = false
    error = nil
  }

  /// Prepares the job to compress `bytes`, a piece of a large entry that stays valid until the
  /// job is done; only the last piece is `final`.
  func preparePiece(_ bytes: UnsafeRawBufferPointer, final: Bool) {
    piece = bytes
    isFinalPiece = final
    output.count = 0
    crc = 0
    deflated = true
    isDone = false
    error = nil
  }

  /// Forgets the borrowed piece, keeping the output buffer for the next piece.
  func releasePiece() {
    piece = nil
    output.count = 0
  }

  func release() {
    piece = nil
    entry.name = []
    entry.comment = []
    input.count = 0
    output.count = 0
    if input.capacity > ZipJob.keptCapacity { input = OutputBuffer(capacity: 64 * 1024) }
    if output.capacity > ZipJob.keptCapacity { output = OutputBuffer(capacity: 64 * 1024) }
  }

  /// Computes the CRC and deflates the input. Runs on a worker.
  func compress(with compressor: DeflateCompressor?) {
    do {
      guard let compressor else {
        throw BundleError("libdeflate could not allocate a compressor in a zip worker")
      }
      if let piece {
        crc = crc32Update(0, piece)
        output.count = 0
        try compressor.compress(piece, final: isFinalPiece, into: output)
      } else {
        (crc, deflated) = try ZipWriter.encode(input.bytes, with: compressor, into: output)
      }
    } catch let failure as BundleError {
      error = failure
    } catch {
      self.error = BundleError("zip compression failed: \(error)")
    }
  }
}

/// The zip writer's workers.
typealias ZipWorkerPool = CompressionWorkerPool<ZipJob>

extension [UInt8] {
  /// Appends `value` as 2 little-endian bytes.
  fileprivate mutating func appendLE16(_ value: UInt16) {
    append(UInt8(truncatingIfNeeded: value))
    append(UInt8(truncatingIfNeeded: value >> 8))
  }

  /// Appends `value` as 4 little-endian bytes.
  fileprivate mutating func appendLE32(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) {
      append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
    }
  }

  /// Appends `value` as 8 little-endian bytes.
  fileprivate mutating func appendLE64(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) {
      append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
    }
  }
}
