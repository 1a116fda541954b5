import CZMigrateZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable byte buffer on the heap that zlib can write into directly.
final class OutputBuffer {
  private(set) var base: UnsafeMutableRawPointer
  private(set) var capacity: Int
  /// Bytes in use, from `base`.
  var count = 0

  init(capacity: Int) {
    self.capacity = max(capacity, 64)
    base = .allocate(byteCount: self.capacity, alignment: 16)
  }

  deinit {
    base.deallocate()
  }

  /// The bytes in use.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// Makes room for at least `extra` more bytes after `count`, keeping the contents.
  func reserve(extra: Int) {
    guard count + extra > capacity else { return }
    let newCapacity = max(capacity * 2, count + extra)
    let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
    newBase.copyMemory(from: base, byteCount: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }
}

/// One raw-deflate (RFC 1951, no header) compressor, reused for many independent pieces.
///
/// Each `compress` call starts from a reset stream primed with an optional preset dictionary, so
/// the output depends only on (dictionary, input, level, final): the property that lets blocks be
/// compressed on any thread, in any order, and still concatenate into the same bytes. The `z_stream`
/// lives at a fixed heap address (zlib checks that it never moves), owned by this class.
final class DeflateCompressor {
  /// The zlib level, 0–9.
  let level: Int32
  private let stream: UnsafeMutablePointer<z_stream>

  /// A compressor for `level` (0–9) with zlib's default memory level 8 and a 32 KiB window.
  init(level: Int, memoryLevel: Int = 8) throws {
    precondition((0...9).contains(level), "deflate level must be 0...9")
    self.level = Int32(level)
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    let status = deflateInit2_(
      stream, Int32(level), Z_DEFLATED, -MAX_WBITS, Int32(memoryLevel), Z_DEFAULT_STRATEGY,
      zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      stream.deinitialize(count: 1)
      stream.deallocate()
      throw BundleError("zlib deflateInit2 failed (\(status))")
    }
  }

  deinit {
    deflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// The highest level at which base64-dominated pieces are Huffman-coded only (levels above
  /// it are asked for size, so they always run the full matcher).
  static let huffmanForBase64UpToLevel: Int32 = 3

  /// An upper bound for the output of one `compress` call on `count` input bytes (sync flush included).
  static func bound(for count: Int) -> Int {
    Int(compressBound(uLong(count))) + 64
  }

  /// Compresses `input` after `dictionary` (at most 32 KiB, used only for back-references) and appends the
  /// raw-deflate bytes to `output`. With `final` the piece ends with a last block (`Z_FINISH`);
  /// otherwise with `Z_SYNC_FLUSH`, so it ends on a byte boundary and another piece can follow.
  func compress(
    _ input: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer, final: Bool,
    into output: OutputBuffer
  ) throws {
    guard deflateReset(stream) == Z_OK else { throw BundleError("zlib deflateReset failed") }
    // At the fast levels, a piece that is nearly all base64 (attachments) gains almost nothing
    // from LZ77 matching: Huffman coding alone gives the same size about three times faster.
    let huffmanOnly =
      level >= 1 && level <= DeflateCompressor.huffmanForBase64UpToLevel
      && Base64Detector.isMostlyBase64(input)
    let strategy = huffmanOnly ? Z_HUFFMAN_ONLY : Z_DEFAULT_STRATEGY
    guard deflateParams(stream, level, strategy) == Z_OK else {
      throw BundleError("zlib deflateParams failed")
    }
    if level > 0, !huffmanOnly, let dictionaryBase = dictionary.baseAddress, dictionary.count > 0 {
      let status = deflateSetDictionary(
        stream, dictionaryBase.assumingMemoryBound(to: Bytef.self), uInt(dictionary.count))
      guard status == Z_OK else {
        throw BundleError("zlib deflateSetDictionary failed (\(status))")
      }
    }
    // zlib takes a mutable pointer for next_in but never writes through it.
    stream.pointee.next_in = UnsafeMutablePointer(
      mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.pointee.avail_in = uInt(input.count)
    output.reserve(extra: DeflateCompressor.bound(for: input.count))
    let flush = final ? Z_FINISH : Z_SYNC_FLUSH
    while true {
      if output.capacity - output.count < 64 { output.reserve(extra: 64 * 1024) }
      let room = output.capacity - output.count
      stream.pointee.next_out = (output.base + output.count).assumingMemoryBound(to: Bytef.self)
      stream.pointee.avail_out = uInt(room)
      let status = deflate(stream, flush)
      output.count += room - Int(stream.pointee.avail_out)
      switch status {
      case Z_STREAM_END:
        return
      case Z_OK, Z_BUF_ERROR:
        // A sync flush is complete once deflate leaves output space unused.
        if !final && stream.pointee.avail_out > 0 && stream.pointee.avail_in == 0 { return }
      default:
        throw BundleError("zlib deflate failed (\(status))")
      }
    }
  }
}

/// CRC-32 (the gzip and zip checksum) of `bytes`, continuing from `crc`.
func crc32Update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
  guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
  var value = uLong(crc)
  var pointer = base.assumingMemoryBound(to: Bytef.self)
  var remaining = bytes.count
  while remaining > 0 {
    let take = min(remaining, 1 << 30)
    value = crc32(value, pointer, uInt(take))
    pointer += take
    remaining -= take
  }
  return UInt32(truncatingIfNeeded: value)
}

/// The CRC-32 of A followed by B, from the CRC-32s of A and B and the length of B.
func crc32Combine(_ first: UInt32, _ second: UInt32, secondCount: Int) -> UInt32 {
  UInt32(truncatingIfNeeded: crc32_combine(uLong(first), uLong(second), off_t(secondCount)))
}

/// Tells whether a piece of text is mostly base64 lines (encoded attachments).
enum Base64Detector {
  private static let alphabet: [Bool] = {
    var table = [Bool](repeating: false, count: 256)
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8 {
      table[Int(c)] = true
    }
    return table
  }()

  /// True when at least 90% of the bytes sit in lines of 60 or more base64 characters.
  static func isMostlyBase64(_ input: UnsafeRawBufferPointer) -> Bool {
    guard let base = input.baseAddress, input.count >= 4096 else { return false }
    let bytes = base.assumingMemoryBound(to: UInt8.self)
    let n = input.count
    var inBase64Lines = 0
    var start = 0
    alphabet.withUnsafeBufferPointer { table in
      while start < n {
        let end: Int
        if let hit = memchr(bytes + start, 0x0A, n - start) {
          end = bytes.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        } else {
          end = n
        }
        var stop = end
        if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
        if stop - start >= 60 {
          var i = start
          while i < stop && table[Int(bytes[i])] { i += 1 }
          if i == stop { inBase64Lines += end - start + 1 }
        }
        start = end + 1
      }
    }
    return inBase64Lines * 10 >= n * 9
  }
}
