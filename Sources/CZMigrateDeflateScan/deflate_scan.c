// Walks a raw DEFLATE stream (RFC 1951) without producing output, to find where its final block
// starts and ends (see zm_deflate_scan.h). Written from the RFC.
//
// Bits are kept in a 64-bit buffer, least significant bit first (the order the RFC packs them).
// Huffman codes are decoded with a table indexed by the next few bits of the stream: a primary
// table of 2^PRIMARY_BITS entries, and for the rare longer codes a subtable reached from the
// primary entry of their first PRIMARY_BITS bits. Because nothing is written, an entry for a length
// or distance symbol already counts its extra bits, and a primary entry for a literal may stand
// for several literals in a row: one lookup skips them all.
//
// A stream is accepted exactly when zlib's raw inflate would reach its end: the same checks on
// stored block lengths, on the code-length sets (over-subscribed, incomplete, too many symbols,
// a repeat with nothing before it, no end-of-block code), on symbols a fixed block does not define
// (lengths 286–287, distances 30–31), and on distances reaching back before the first byte of
// output. The last check needs the output size, which is tracked exactly only until it reaches
// 32 KiB (no distance can reach further back); after that extra bits are skipped unread.

#include "zm_deflate_scan.h"

#include <string.h>

// ---------------------------------------------------------------------------------------------
// Table entries (uint32_t):
//   bits 0–5    bits to consume: the code's length plus, for a length or distance symbol, its
//               extra bits; for a run of literals, all their codes
//   bits 8–11   a length/distance symbol's extra bits; a literal run's first code length; a link's
//               subtable index width
//   bits 12–15  what the entry is (one of the ENTRY_ flags; none set: no such code, invalid)
//   bits 16–31  a length's or distance's base value; a literal run's count; a link's subtable
//               offset; a code-length symbol's value
// ---------------------------------------------------------------------------------------------

enum {
  ENTRY_LITERAL = 1u << 12,  // one or more literals
  ENTRY_LENGTH = 1u << 13,   // a length symbol (literal/length tables), any valid distance symbol
  ENTRY_END = 1u << 14,      // end of block
  ENTRY_LINK = 1u << 15,     // the code is longer: look in the subtable
};

#define ENTRY_BITS(e) ((e) & 63u)
#define ENTRY_EXTRA(e) (((e) >> 8) & 15u)
#define ENTRY_VALUE(e) ((e) >> 16)

enum {
  MAX_CODE_BITS = 15,
  LITLEN_PRIMARY_BITS = 12,
  DIST_PRIMARY_BITS = 8,
  CLEN_PRIMARY_BITS = 7,  // code-length codes are at most 7 bits: one level
  // Every subtable holds at least two codes of a complete code (its prefix is no code itself), so
  // there are at most symbols/2 of them, each of at most 2^(15 - primary bits) entries.
  LITLEN_TABLE_SIZE = (1 << LITLEN_PRIMARY_BITS) + 144 * (1 << (MAX_CODE_BITS - LITLEN_PRIMARY_BITS)),
  DIST_TABLE_SIZE = (1 << DIST_PRIMARY_BITS) + 16 * (1 << (MAX_CODE_BITS - DIST_PRIMARY_BITS)),
  CLEN_TABLE_SIZE = 1 << CLEN_PRIMARY_BITS,
  WINDOW_SIZE = 32768,  // the farthest a distance reaches back
};

// Length symbols 257–285: base length and extra bits (RFC 1951, 3.2.5).
static const uint16_t length_base[29] = {3,  4,  5,  6,  7,  8,  9,  10,  11,  13,  15,  17,  19,  23, 27,
                                         31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                         2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
// Distance symbols 0–29: base distance and extra bits.
static const uint16_t dist_base[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                       193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
// The order code-length code lengths come in (RFC 1951, 3.2.7).
static const uint8_t clen_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

/// Which alphabet a table decodes.
typedef enum { ALPHABET_LITLEN, ALPHABET_DIST, ALPHABET_CLEN } alphabet;

/// An entry for `symbol` of `kind` without its code length: flags, extra bits and value.
static uint32_t symbol_entry(alphabet kind, unsigned symbol) {
  switch (kind) {
  case ALPHABET_LITLEN:
    if (symbol < 256) return ENTRY_LITERAL | (1u << 16);
    if (symbol == 256) return ENTRY_END;
    if (symbol < 286) {
      return ENTRY_LENGTH | ((uint32_t)length_extra[symbol - 257] << 8) |
             ((uint32_t)length_base[symbol - 257] << 16);
    }
    return 0;  // 286, 287: in the fixed code, but invalid
  case ALPHABET_DIST:
    if (symbol < 30) {
      return ENTRY_LENGTH | ((uint32_t)dist_extra[symbol] << 8) | ((uint32_t)dist_base[symbol] << 16);
    }
    return 0;  // 30, 31: in the fixed code, but invalid
  case ALPHABET_CLEN:
    return (uint32_t)symbol << 16;
  }
  return 0;
}

/// Builds the decoding table of the canonical Huffman code with code lengths `lengths[0 ..< count]`
/// (0: unused symbol) into `table` (of `capacity` entries), with a primary table of
/// 2^`primary_bits` entries. Returns 0, or -1 when the lengths do not make a code zlib accepts:
/// over-subscribed, or incomplete unless it has at most one code, of one bit (literal/length and
/// distance codes only; the code-length code must be complete).
static int build_table(uint32_t *table, size_t capacity, unsigned primary_bits, const uint8_t *lengths,
                       unsigned count, alphabet kind) {
  unsigned counts[MAX_CODE_BITS + 1] = {0};
  for (unsigned s = 0; s < count; s++) counts[lengths[s]]++;
  counts[0] = 0;

  // Kraft: how many codes of each length are left free; negative means over-subscribed.
  int left = 1;
  unsigned longest = 0, used = 0;
  for (unsigned len = 1; len <= MAX_CODE_BITS; len++) {
    left = 2 * left - (int)counts[len];
    if (left < 0) return -1;
    if (counts[len]) longest = len;
    used += counts[len];
  }
  const uint32_t primary_mask = (1u << primary_bits) - 1;
  if (left > 0) {
    // Incomplete: zlib allows it for a literal/length or distance code with no codes, or with one
    // code of one bit; every other entry decodes as invalid.
    if (kind == ALPHABET_CLEN || longest > 1) return -1;
    memset(table, 0, sizeof(uint32_t) << primary_bits);
  }

  // Symbols in canonical order: by code length, then by symbol.
  uint16_t sorted[288];
  unsigned offsets[MAX_CODE_BITS + 2];
  offsets[1] = 0;
  for (unsigned len = 1; len <= MAX_CODE_BITS; len++) offsets[len + 1] = offsets[len] + counts[len];
  for (unsigned s = 0; s < count; s++) {
    if (lengths[s]) sorted[offsets[lengths[s]]++] = (uint16_t)s;
  }

  // Walk the codes in increasing order. `code` is the current code with its bits reversed (the
  // stream sends a code's most significant bit first, and the table is indexed least significant
  // bit first); a longer code of the next length starts with the same reversed value.
  unsigned code = 0;
  unsigned link = ~0u;                  // the primary index of the current subtable
  size_t sub_start = 0, sub_size = 0;   // the current subtable
  size_t next_free = (size_t)1 << primary_bits;
  for (unsigned i = 0; i < used; i++) {
    const unsigned symbol = sorted[i];
    const unsigned len = lengths[symbol];
    uint32_t entry = symbol_entry(kind, symbol);
    entry |= len + ENTRY_EXTRA(entry);
    if (entry & ENTRY_LITERAL) entry |= len << 8;  // a run of one literal: its first code length

    if (len <= primary_bits) {
      for (unsigned j = code; j <= primary_mask; j += 1u << len) table[j] = entry;
    } else {
      if ((code & primary_mask) != link) {
        // A new subtable: wide enough for the longest code that shares these first bits. Codes of
        // length `width` fill it unless there are too few; then go one bit longer.
        link = code & primary_mask;
        unsigned width = len, room = 1u << (len - primary_bits);
        while (width < MAX_CODE_BITS && counts[width] < room) {
          room = (room - counts[width]) << 1;
          width++;
        }
        sub_start = next_free;
        sub_size = (size_t)1 << (width - primary_bits);
        next_free += sub_size;
        if (next_free > capacity) return -1;  // cannot happen for a complete code
        table[link] = ENTRY_LINK | ((uint32_t)(width - primary_bits) << 8) | ((uint32_t)sub_start << 16);
      }
      for (size_t j = code >> primary_bits; j < sub_size; j += (size_t)1 << (len - primary_bits)) {
        table[sub_start + j] = entry;
      }
    }
    counts[len]--;  // from here on: codes of this length not yet placed

    // The next code: add one at the reversed code's top bit, carrying downwards.
    unsigned bit = 1u << (len - 1);
    while (code & bit) bit >>= 1;
    code = bit ? (code & (bit - 1)) | bit : 0;
  }

  if (kind == ALPHABET_LITLEN) {
    // Let a primary entry for a literal stand for the literals that follow it too, as long as
    // their codes lie within the same primary_bits bits. Index i >> n holds those bits' decoding,
    // and is below i, so it already holds its own run: take it whole if it fits, else its first
    // literal if that fits.
    for (unsigned i = 0; i <= primary_mask; i++) {
      const uint32_t first = table[i];
      if (!(first & ENTRY_LITERAL) || ENTRY_VALUE(first) != 1) continue;
      const unsigned n = ENTRY_BITS(first), room = primary_bits - n;
      const uint32_t next = table[i >> n];
      if (!(next & ENTRY_LITERAL)) continue;
      unsigned more_bits = ENTRY_BITS(next), more = ENTRY_VALUE(next);
      if (more_bits > room) {
        more_bits = ENTRY_EXTRA(next);
        more = 1;
        if (more_bits > room) continue;
      }
      table[i] = ENTRY_LITERAL | ((1u + more) << 16) | (n << 8) | (n + more_bits);
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Bit reader
// ---------------------------------------------------------------------------------------------

/// The read position: `pos` bytes have been loaded into `buf`, of which the low `bits` bits are
/// still unread (the bits above them are either zero or the stream's next bits). Past the end of
/// the data, zero bytes are loaded (`pos` counts them); `overran` tells whether any was read.
typedef struct {
  const uint8_t *data;
  size_t size;
  size_t pos;
  uint64_t buf;
  unsigned bits;
} reader;

/// Eight bytes at `p`, little-endian.
static inline uint64_t load64(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

/// Tops the buffer up to at least 56 bits. Within the data it loads eight bytes at once and keeps
/// the whole bytes that fit; near the end it loads byte by byte, and zeros past the end.
static inline void refill(reader *r) {
  if (r->pos <= r->size && r->size - r->pos >= 8) {
    r->buf |= load64(r->data + r->pos) << r->bits;
    r->pos += (63 - r->bits) >> 3;
    r->bits |= 56;
    return;
  }
  while (r->bits <= 56) {
    const uint64_t byte = r->pos < r->size ? r->data[r->pos] : 0;
    r->buf |= byte << r->bits;
    r->bits += 8;
    r->pos++;
  }
}

/// The bit offset of the next unread bit.
static inline uint64_t bit_position(const reader *r) { return (uint64_t)r->pos * 8 - r->bits; }

/// Whether bits past the end of the data have been consumed.
static inline int overran(const reader *r) {
  return r->pos > r->size && (uint64_t)(r->pos - r->size) * 8 > r->bits;
}

/// Takes `n` (at most 56) bits, refilling first when needed.
static inline unsigned take(reader *r, unsigned n) {
  if (r->bits < n) refill(r);
  const unsigned v = (unsigned)(r->buf & ((1u << n) - 1));
  r->buf >>= n;
  r->bits -= n;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

/// The decoding tables of the current block (kept for the next block when it is fixed too).
typedef struct {
  uint32_t litlen[LITLEN_TABLE_SIZE];
  uint32_t dist[DIST_TABLE_SIZE];
  int fixed;  // the tables hold the fixed code
} tables;

/// The entry in `table` (primary width `primary_bits`) for the code at the bottom of `buf`, through
/// a subtable when the code is longer than the primary width.
static inline uint32_t lookup(const uint32_t *table, unsigned primary_bits, uint64_t buf) {
  uint32_t e = table[buf & ((1u << primary_bits) - 1)];
  if (e & ENTRY_LINK) e = table[ENTRY_VALUE(e) + ((buf >> primary_bits) & ((1u << ENTRY_EXTRA(e)) - 1))];
  return e;
}

/// Decodes one literal/length symbol (and its distance) with every check, counting the output in
/// `out`. Returns 0 to go on, 1 at the end of the block, -1 for a malformed or truncated stream.
static int careful_symbol(reader *r, const tables *t, uint64_t *out) {
  refill(r);  // at least 56 bits: a length code and extra bits (20), a distance (28)
  const uint32_t e = lookup(t->litlen, LITLEN_PRIMARY_BITS, r->buf);
  const unsigned n = ENTRY_BITS(e);
  int status = 0;
  if (e & ENTRY_LITERAL) {
    *out += ENTRY_VALUE(e);
  } else if (e & ENTRY_LENGTH) {
    const unsigned extra = ENTRY_EXTRA(e);
    const uint64_t length = ENTRY_VALUE(e) + ((r->buf >> (n - extra)) & ((1u << extra) - 1));
    r->buf >>= n;
    r->bits -= n;
    const uint32_t d = lookup(t->dist, DIST_PRIMARY_BITS, r->buf);
    if (!(d & ENTRY_LENGTH)) return -1;  // no such distance code
    const unsigned dn = ENTRY_BITS(d), dextra = ENTRY_EXTRA(d);
    const uint64_t distance = ENTRY_VALUE(d) + ((r->buf >> (dn - dextra)) & ((1u << dextra) - 1));
    r->buf >>= dn;
    r->bits -= dn;
    if (distance > *out) return -1;  // reaches back before the first byte
    *out += length;
    return overran(r) ? -1 : 0;
  } else if (e & ENTRY_END) {
    status = 1;
  } else {
    return -1;  // no such literal/length code
  }
  r->buf >>= n;
  r->bits -= n;
  return overran(r) ? -1 : status;
}

/// Skips the symbols of a Huffman-coded block up to its end-of-block code, counting the output in
/// `out` (exactly while it is under 32 KiB). Near the end of the data, symbols go one by one
/// through `careful_symbol`; elsewhere through a loop that skips literal runs three at a time and,
/// past the first 32 KiB of output, takes no extra bits' values. Returns 0 at the end of the
/// block, -1 for a malformed or truncated stream.
static int skip_symbols(reader *r, const tables *t, uint64_t *out) {
  const uint32_t *const litlen = t->litlen;
  const uint32_t *const dist = t->dist;
  for (;;) {
    while (r->pos > r->size || r->size - r->pos < 16) {
      const int status = careful_symbol(r, t, out);
      if (status) return status > 0 ? 0 : -1;
    }

    // The fast loop: at least 16 bytes remain at the top of each round, so its two refills load
    // eight bytes each from within the data. After a refill at least 56 bits are buffered.
    const uint8_t *const data = r->data;
    const size_t last = r->size - 16;
    size_t pos = r->pos;
    uint64_t buf = r->buf;
    unsigned bits = r->bits;
    uint64_t produced = *out;
#define FAST_REFILL()                  \
  do {                                 \
    buf |= load64(data + pos) << bits; \
    pos += (63 - bits) >> 3;           \
    bits |= 56;                        \
  } while (0)
// An entry's low byte is its bit count (bits 6–7 are always 0): taking it as a byte lets the
// compiler shift by the entry itself, with no masking on the path from one lookup to the next.
#define CONSUME(e)         \
  do {                     \
    buf >>= (uint8_t)(e);  \
    bits -= (uint8_t)(e);  \
  } while (0)
    int status = 1;  // 1: left the loop near the end of the data
    while (pos <= last) {
      FAST_REFILL();
      uint32_t e = lookup(litlen, LITLEN_PRIMARY_BITS, buf);
      if (e & ENTRY_LITERAL) {
        // Up to three literal runs per refill: each code takes at most 15 bits.
        produced += ENTRY_VALUE(e);
        CONSUME(e);
        e = lookup(litlen, LITLEN_PRIMARY_BITS, buf);
        if (e & ENTRY_LITERAL) {
          produced += ENTRY_VALUE(e);
          CONSUME(e);
          e = lookup(litlen, LITLEN_PRIMARY_BITS, buf);
          if (e & ENTRY_LITERAL) {
            produced += ENTRY_VALUE(e);
            CONSUME(e);
            continue;
          }
        }
        FAST_REFILL();  // room for a length and a distance (`e` stays valid: the low bits stay)
      }
      if (!(e & ENTRY_LENGTH)) {
        if (e & ENTRY_END) {
          CONSUME(e);
          status = 0;
        } else {
          status = -1;
        }
        break;
      }
      // While under 32 KiB of output, a distance may reach back before the first byte: then the
      // length and distance values are needed (off the path from one lookup to the next).
      const int near_start = produced < WINDOW_SIZE;
      uint64_t length = 0;
      if (near_start) length = ENTRY_VALUE(e) + ((buf >> (ENTRY_BITS(e) - ENTRY_EXTRA(e))) & ((1u << ENTRY_EXTRA(e)) - 1));
      CONSUME(e);  // the length code and its extra bits: at most 20
      const uint32_t d = lookup(dist, DIST_PRIMARY_BITS, buf);
      if (!(d & ENTRY_LENGTH)) {
        status = -1;
        break;
      }
      if (near_start) {
        const uint64_t distance =
            ENTRY_VALUE(d) + ((buf >> (ENTRY_BITS(d) - ENTRY_EXTRA(d))) & ((1u << ENTRY_EXTRA(d)) - 1));
        if (distance > produced) {
          status = -1;
          break;
        }
        produced += length;
      }
      CONSUME(d);  // the distance code and its extra bits: at most 28
    }
#undef FAST_REFILL
#undef CONSUME
    r->pos = pos;
    r->buf = buf;
    r->bits = bits;
    *out = produced;
    if (status <= 0) return status;
  }
}

/// Skips a stored block after its 3-bit header: to the byte boundary, LEN and NLEN, LEN bytes.
/// Returns 0, or -1 when NLEN is not LEN's complement or the data ends first.
static int skip_stored(reader *r, uint64_t *out) {
  r->buf >>= r->bits & 7;
  r->bits &= ~7u;
  const unsigned len = take(r, 16), nlen = take(r, 16);
  if ((len ^ nlen) != 0xffff) return -1;
  if (overran(r)) return -1;
  const size_t start = r->pos - r->bits / 8;  // the first data byte
  if (r->size - start < len) return -1;
  r->pos = start + len;
  r->buf = 0;
  r->bits = 0;
  *out += len;
  return 0;
}

/// Builds the fixed code's tables (RFC 1951, 3.2.6), unless they are there already.
static int load_fixed(tables *t) {
  if (t->fixed) return 0;
  uint8_t lengths[288];
  memset(lengths, 8, 144);
  memset(lengths + 144, 9, 112);
  memset(lengths + 256, 7, 24);
  memset(lengths + 280, 8, 8);
  if (build_table(t->litlen, LITLEN_TABLE_SIZE, LITLEN_PRIMARY_BITS, lengths, 288, ALPHABET_LITLEN)) return -1;
  memset(lengths, 5, 32);
  if (build_table(t->dist, DIST_TABLE_SIZE, DIST_PRIMARY_BITS, lengths, 32, ALPHABET_DIST)) return -1;
  t->fixed = 1;
  return 0;
}

/// Reads a dynamic block's code description (RFC 1951, 3.2.7) after its 3-bit header and builds
/// its tables. Returns 0, or -1 for a malformed or truncated description.
static int load_dynamic(reader *r, tables *t) {
  t->fixed = 0;
  refill(r);
  const unsigned nlitlen = take(r, 5) + 257, ndist = take(r, 5) + 1, nclen = take(r, 4) + 4;
  if (nlitlen > 286 || ndist > 30) return -1;  // as zlib: symbols that cannot be used

  uint8_t clen_lengths[19] = {0};
  for (unsigned i = 0; i < nclen; i++) clen_lengths[clen_order[i]] = (uint8_t)take(r, 3);
  uint32_t clen_table[CLEN_TABLE_SIZE];
  if (build_table(clen_table, CLEN_TABLE_SIZE, CLEN_PRIMARY_BITS, clen_lengths, 19, ALPHABET_CLEN)) return -1;

  // The literal/length and distance code lengths form one sequence; repeats may cross from one
  // into the other.
  uint8_t lengths[286 + 30];
  const unsigned total = nlitlen + ndist;
  unsigned i = 0;
  while (i < total) {
    if (r->bits < 14) refill(r);  // a code (7 bits) and its extra bits (7)
    const uint32_t e = clen_table[r->buf & (CLEN_TABLE_SIZE - 1)];
    r->buf >>= ENTRY_BITS(e);
    r->bits -= ENTRY_BITS(e);
    const unsigned symbol = ENTRY_VALUE(e);
    if (symbol < 16) {
      lengths[i++] = (uint8_t)symbol;
      continue;
    }
    unsigned repeat, value = 0;
    if (symbol == 16) {
      if (i == 0) return -1;  // nothing to repeat
      value = lengths[i - 1];
      repeat = 3 + take(r, 2);
    } else if (symbol == 17) {
      repeat = 3 + take(r, 3);
    } else {
      repeat = 11 + take(r, 7);
    }
    if (repeat > total - i) return -1;
    memset(lengths + i, (int)value, repeat);
    i += repeat;
  }
  if (overran(r)) return -1;
  if (lengths[256] == 0) return -1;  // no end-of-block code
  if (build_table(t->litlen, LITLEN_TABLE_SIZE, LITLEN_PRIMARY_BITS, lengths, nlitlen, ALPHABET_LITLEN)) return -1;
  if (build_table(t->dist, DIST_TABLE_SIZE, DIST_PRIMARY_BITS, lengths + nlitlen, ndist, ALPHABET_DIST)) return -1;
  return 0;
}

int zm_deflate_scan(const uint8_t *data, size_t size, zm_deflate_layout *layout) {
  if (size > SIZE_MAX / 8 - 64) return -1;  // bit offsets must not overflow
  reader r = {data, size, 0, 0, 0};
  tables t;
  t.fixed = 0;
  uint64_t out = 0;  // bytes of output, counted while under 32 KiB
  for (;;) {
    const uint64_t header_bit = bit_position(&r);
    const unsigned header = take(&r, 3);
    if (overran(&r)) return -1;
    int status;
    switch (header >> 1) {
    case 0:
      status = skip_stored(&r, &out);
      break;
    case 1:
      status = load_fixed(&t);
      if (status == 0) status = skip_symbols(&r, &t, &out);
      break;
    case 2:
      status = load_dynamic(&r, &t);
      if (status == 0) status = skip_symbols(&r, &t, &out);
      break;
    default:
      return -1;  // block type 3 is reserved
    }
    if (status) return -1;
    if (header & 1) {
      layout->final_header_bit = header_bit;
      layout->end_bit = bit_position(&r);
      return 0;
    }
  }
}
