import CZMigrateDeflateScan

/// Where the final block of a raw DEFLATE stream lies: what splicing independently compressed
/// pieces into one stream needs (clear the final bit, append an empty stored block at the end).
enum DeflateLayout {
  /// The bit offsets of the final block's 3-bit header and of the end of that block, or nil when
  /// `bytes` is no complete raw DEFLATE stream (RFC 1951) from its first bit.
  static func scan(_ bytes: UnsafeRawBufferPointer) -> (finalHeaderBit: Int, endBit: Int)? {
    var layout = zm_deflate_layout()
    let status = zm_deflate_scan(
      bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, &layout)
    guard status == 0 else { return nil }
    return (Int(layout.final_header_bit), Int(layout.end_bit))
  }
}
