import CZMigrateDeflate
import CZMigrateHuffman
import CZMigrateZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable byte buffer on the heap that a compressor writes into directly.
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

/// One raw-DEFLATE (RFC 1951, no header) compressor on libdeflate, reused for many pieces.
///
/// libdeflate compresses whole buffers only and ends every output with a final block, and it has
/// no preset dictionary. Each piece is therefore compressed on its own, and a piece that another
/// will follow is rewritten in place to end like a zlib sync flush: the final block's BFINAL bit
/// is cleared (its place found by `zm_deflate_scan`) and an empty non-final stored block follows
/// it, so the piece ends on a byte boundary. Pieces so rewritten, then one left final, concatenate
/// into one valid DEFLATE stream, whatever thread compressed each. The output depends only on
/// (input, level, final).
final class DeflateCompressor {
  /// The levels libdeflate takes: 0 stores, 1 is fastest, 6 its default, 12 slowest and smallest.
  static let levels = 0...12
  /// The levels at which a piece of base64 text (attachments) is Huffman-coded without matches
  /// (`zm_huffman_literals`): about the same size as libdeflate's, several times faster. Higher
  /// levels ask for size, so they always run libdeflate.
  static let literalsOnlyLevels = 1...3
  /// The libdeflate level.
  let level: Int
  private let handle: OpaquePointer

  /// A compressor for `level` (0–12).
  init(level: Int) throws {
    guard DeflateCompressor.levels.contains(level) else {
      throw BundleError("deflate level \(level) is outside 0...12")
    }
    guard let handle = libdeflate_alloc_compressor(Int32(level)) else {
      throw BundleError("libdeflate could not allocate a level-\(level) compressor")
    }
    self.level = level
    self.handle = handle
  }

  deinit {
    libdeflate_free_compressor(handle)
  }

  /// The bytes an empty non-final stored block adds after its 3 header bits and the padding.
  private static let syncMarker: [UInt8] = [0x00, 0x00, 0xFF, 0xFF]

  /// An upper bound for the output of one `compress` call on `count` input bytes, for any level
  /// and either ending. (A literals-only piece is at most 7/8 of its input.)
  static func bound(for count: Int) -> Int {
    Int(libdeflate_deflate_compress_bound(nil, count)) + 8
  }

  /// Compresses `input` and appends the raw-DEFLATE bytes to `output`. With `final` the piece ends
  /// with a final block; otherwise it ends non-final on a byte boundary, so another can follow.
  func compress(_ input: UnsafeRawBufferPointer, final: Bool, into output: OutputBuffer) throws {
    if DeflateCompressor.literalsOnlyLevels.contains(level), let base = input.baseAddress {
      // Worth it only at 7/8 of the input or less (base64 codes to about 3/4); otherwise, or for
      // a piece that is not base64 text, the coder returns 0 and libdeflate takes the piece.
      let capacity = input.count - input.count / 8
      output.reserve(extra: capacity)
      let written = zm_huffman_base64(
        base, input.count, final ? 1 : 0, output.base + output.count, capacity)
      if written > 0 {
        output.count += written
        return
      }
    }
    let bound = DeflateCompressor.bound(for: input.count)
    output.reserve(extra: bound)
    let start = output.base + output.count
    // An empty input has no base address; libdeflate reads nothing from it then.
    let source = input.baseAddress ?? UnsafeRawPointer(start)
    let written = libdeflate_deflate_compress(handle, source, input.count, start, bound)
    guard written > 0 else {
      throw BundleError("libdeflate could not compress \(input.count) bytes into \(bound)")
    }
    guard !final else {
      output.count += written
      return
    }
    let bytes = start.assumingMemoryBound(to: UInt8.self)
    guard let layout = DeflateLayout.scan(UnsafeRawBufferPointer(start: start, count: written)),
      (layout.endBit + 7) / 8 == written
    else {
      throw BundleError("libdeflate wrote a stream the block scanner cannot follow")
    }
    let finalBit = layout.finalHeaderBit
    bytes[finalBit / 8] &= ~(UInt8(1) << UInt8(finalBit % 8))
    // Three zero bits (BFINAL 0, BTYPE 00: stored) after the last block, then padding to a byte.
    let endBit = layout.endBit
    if endBit % 8 != 0 { bytes[endBit / 8] &= UInt8((1 << (endBit % 8)) - 1) }
    let headerEnd = (endBit + 3 + 7) / 8
    for index in written..<headerEnd { bytes[index] = 0 }
    for (offset, byte) in DeflateCompressor.syncMarker.enumerated() {
      bytes[headerEnd + offset] = byte
    }
    output.count += headerEnd + DeflateCompressor.syncMarker.count
  }
}

/// CRC-32 (the gzip and zip checksum) of `bytes`, continuing from `crc`.
func crc32Update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
  guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
  return libdeflate_crc32(crc, base, bytes.count)
}

/// The CRC-32 of A followed by B, from the CRC-32s of A and B and the length of B.
func crc32Combine(_ first: UInt32, _ second: UInt32, secondCount: Int) -> UInt32 {
  UInt32(truncatingIfNeeded: crc32_combine(uLong(first), uLong(second), off_t(secondCount)))
}
