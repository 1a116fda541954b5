#ifndef ZM_DEFLATE_SCAN_H
#define ZM_DEFLATE_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// Where the last block of a raw DEFLATE stream (RFC 1951) sits, in bits from the stream's start.
typedef struct {
  /// The bit offset of the final block's 3-bit header (its BFINAL bit is this bit).
  uint64_t final_header_bit;
  /// The bit offset just past the final block: after its end-of-block code, or after a stored
  /// block's data.
  uint64_t end_bit;
} zm_deflate_layout;

/// Walks a raw DEFLATE stream from bit 0 (bits are read least significant first, as RFC 1951
/// says), block by block and symbol by symbol, without producing output, until the block with
/// BFINAL set ends. Returns 0 and fills `layout` on success; returns a negative value for a
/// malformed or truncated stream. Never reads outside `data[0 ..< size]`.
int zm_deflate_scan(const uint8_t *data, size_t size, zm_deflate_layout *layout);

#endif
