#ifndef ZM_HUFFMAN_H
#define ZM_HUFFMAN_H

#include <stddef.h>
#include <stdint.h>

/// Whether `data` looks like base64 text (encoded attachments): at least 97% of its bytes are
/// base64 characters, `=`, CR or LF. Such a piece gains almost nothing from LZ77 matching, so
/// Huffman coding its bytes alone (`zm_huffman_literals`) gives about the same size much faster.
/// Pieces under 4 KiB never qualify.
int zm_looks_like_base64(const uint8_t *data, size_t size);

/// An upper bound for `zm_huffman_literals` output on `size` input bytes.
size_t zm_huffman_literals_bound(size_t size);

/// Writes `data` as raw DEFLATE (RFC 1951): one dynamic-Huffman block of literals only (no
/// matches), with code lengths from the bytes' own frequencies (at most 15 bits). With `final`
/// the block is the stream's last (BFINAL set) and the output is padded with zero bits to a byte;
/// otherwise the block is not final and is followed by an empty stored block, so the output ends
/// on a byte boundary and another piece of the same stream can follow (as zlib's sync flush does).
/// Returns the bytes written to `out`, or 0 when `capacity` is too small (at least
/// `zm_huffman_literals_bound(size)` always suffices).
size_t zm_huffman_literals(
    const uint8_t *data, size_t size, int final, uint8_t *out, size_t capacity);

/// `zm_huffman_literals` for a piece that `zm_looks_like_base64` accepts (decided from the same
/// byte count the coder makes, after a look at the first 4 KiB); returns 0 for any other piece, or
/// when `capacity` is too small.
size_t zm_huffman_base64(
    const uint8_t *data, size_t size, int final, uint8_t *out, size_t capacity);

#endif
