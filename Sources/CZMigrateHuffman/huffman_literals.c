// A literals-only DEFLATE encoder (RFC 1951 §3.2.7, dynamic Huffman codes) for base64 pieces.
//
// Base64 text of compressed attachments is close to random over 64 characters: LZ77 finds almost
// no matches in it, and a Huffman code over its bytes reaches about 6 bits a character, which is
// what a full compressor reaches too. Coding the bytes directly skips the match search.

#include "zm_huffman.h"

#include <string.h>

enum {
  LITLEN_SYMBOLS = 257,  // bytes 0-255 and end-of-block (256); no length codes are used
  CODE_LENGTH_SYMBOLS = 19,
  MAX_CODE_BITS = 15,
  MAX_CODE_LENGTH_BITS = 7,
  MIN_BASE64_PIECE = 4096,
};

// ---------------------------------------------------------------------------------------------
// Base64 detection

static int is_base64_byte(uint8_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '=' || c == '\r' || c == '\n';
}

// Counts the bytes of `data` that `is_base64_byte` accepts.
static size_t count_base64_bytes(const uint8_t *data, size_t size) {
  static uint8_t table[256];
  static int ready = 0;
  if (!ready) {
    // Idempotent: every thread that races here writes the same values.
    for (int c = 0; c < 256; c++) table[c] = (uint8_t)is_base64_byte((uint8_t)c);
    ready = 1;
  }
  size_t counts[4] = {0, 0, 0, 0};
  size_t i = 0;
  for (; i + 4 <= size; i += 4) {
    counts[0] += table[data[i]];
    counts[1] += table[data[i + 1]];
    counts[2] += table[data[i + 2]];
    counts[3] += table[data[i + 3]];
  }
  size_t inside = counts[0] + counts[1] + counts[2] + counts[3];
  for (; i < size; i++) inside += table[data[i]];
  return inside;
}

int zm_looks_like_base64(const uint8_t *data, size_t size) {
  if (size < MIN_BASE64_PIECE) return 0;
  return count_base64_bytes(data, size) * 100 >= size * 97;
}

// ---------------------------------------------------------------------------------------------
// Code lengths

// Fills `lengths[0..<count]` with Huffman code lengths for `freqs` (0 = unused symbol), none longer
// than `limit`. Frequencies are halved (keeping used symbols at 1 or more) until the tree fits.
static void build_lengths(const uint64_t *freqs, int count, int limit, uint8_t *lengths) {
  uint64_t scaled[LITLEN_SYMBOLS];
  for (int s = 0; s < count; s++) scaled[s] = freqs[s];
  for (;;) {
    // Used symbols sorted by frequency (insertion sort: at most 257 symbols).
    int order[LITLEN_SYMBOLS];
    int used = 0;
    for (int s = 0; s < count; s++) {
      lengths[s] = 0;
      if (scaled[s] == 0) continue;
      int j = used++;
      while (j > 0 && scaled[order[j - 1]] > scaled[s]) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = s;
    }
    if (used == 0) return;
    if (used == 1) {
      lengths[order[0]] = 1;
      return;
    }
    // Two-queue Huffman construction: leaves in order, internal nodes in creation order (their
    // weights never decrease). Nodes 0..used-1 are leaves, used.. are internal.
    uint64_t weight[2 * LITLEN_SYMBOLS];
    int parent[2 * LITLEN_SYMBOLS];
    for (int i = 0; i < used; i++) weight[i] = scaled[order[i]];
    int next_leaf = 0, next_internal = used, made = used;
    for (int k = 0; k < used - 1; k++) {
      int pick[2];
      for (int p = 0; p < 2; p++) {
        if (next_leaf < used && (next_internal >= made || weight[next_leaf] <= weight[next_internal]))
          pick[p] = next_leaf++;
        else
          pick[p] = next_internal++;
      }
      weight[made] = weight[pick[0]] + weight[pick[1]];
      parent[pick[0]] = made;
      parent[pick[1]] = made;
      made++;
    }
    // Depths: the root is the last node made; parents are always made after their children.
    int depth[2 * LITLEN_SYMBOLS];
    depth[made - 1] = 0;
    int longest = 0;
    for (int node = made - 2; node >= 0; node--) {
      depth[node] = depth[parent[node]] + 1;
      if (node < used && depth[node] > longest) longest = depth[node];
    }
    if (longest <= limit) {
      for (int i = 0; i < used; i++) lengths[order[i]] = (uint8_t)depth[i];
      return;
    }
    for (int s = 0; s < count; s++) {
      if (scaled[s] != 0) scaled[s] = (scaled[s] + 1) / 2;
    }
  }
}

// Canonical codes (RFC 1951 §3.2.2), bit-reversed so they can be written least significant first.
static void build_codes(const uint8_t *lengths, int count, uint16_t *codes) {
  uint16_t length_count[MAX_CODE_BITS + 1] = {0};
  for (int s = 0; s < count; s++) length_count[lengths[s]]++;
  length_count[0] = 0;
  uint16_t next[MAX_CODE_BITS + 2];
  uint16_t code = 0;
  for (int bits = 1; bits <= MAX_CODE_BITS; bits++) {
    code = (uint16_t)((code + length_count[bits - 1]) << 1);
    next[bits] = code;
  }
  for (int s = 0; s < count; s++) {
    int len = lengths[s];
    if (len == 0) {
      codes[s] = 0;
      continue;
    }
    uint16_t value = next[len]++;
    uint16_t reversed = 0;
    for (int b = 0; b < len; b++) reversed |= (uint16_t)(((value >> b) & 1) << (len - 1 - b));
    codes[s] = reversed;
  }
}

// ---------------------------------------------------------------------------------------------
// Bit output

typedef struct {
  uint8_t *out;
  size_t at;
  size_t capacity;
  uint64_t bits;
  int count;
  int overflow;
} bit_writer;

// Moves whole bytes from the accumulator to the output.
static inline void flush_bytes(bit_writer *w) {
  while (w->count >= 8) {
    if (w->at >= w->capacity) {
      w->overflow = 1;
      w->count = 0;
      return;
    }
    w->out[w->at++] = (uint8_t)w->bits;
    w->bits >>= 8;
    w->count -= 8;
  }
}

static inline void put_bits(bit_writer *w, uint32_t value, int n) {
  w->bits |= (uint64_t)value << w->count;
  w->count += n;
  if (w->count >= 32) flush_bytes(w);
}

// ---------------------------------------------------------------------------------------------
// The block

size_t zm_huffman_literals_bound(size_t size) {
  // At most 15 bits a byte, a header of at most about 300 bytes, the ending.
  return size / 8 * 15 + size % 8 * 2 + 512;
}

// Byte frequencies of `data`, counted in four tables to keep the counts' stores apart.
static void count_bytes(const uint8_t *data, size_t size, uint64_t *freqs) {
  uint32_t partial[4][256];
  memset(partial, 0, sizeof partial);
  size_t i = 0;
  for (; i + 4 <= size; i += 4) {
    partial[0][data[i]]++;
    partial[1][data[i + 1]]++;
    partial[2][data[i + 2]]++;
    partial[3][data[i + 3]]++;
  }
  for (; i < size; i++) partial[0][data[i]]++;
  for (int s = 0; s < 256; s++) {
    freqs[s] = (uint64_t)partial[0][s] + partial[1][s] + partial[2][s] + partial[3][s];
  }
  freqs[256] = 1;
}

// Writes the literals-only block for `data`, whose byte frequencies are `freqs` (257 entries, the
// end-of-block's included).
static size_t encode_literals(const uint8_t *data, size_t size, const uint64_t *freqs, int final,
                              uint8_t *out, size_t capacity) {
  uint8_t lengths[LITLEN_SYMBOLS];
  uint16_t codes[LITLEN_SYMBOLS];
  build_lengths(freqs, LITLEN_SYMBOLS, MAX_CODE_BITS, lengths);
  build_codes(lengths, LITLEN_SYMBOLS, codes);

  // The code lengths to send: 257 literal/length lengths and one distance length of 0 (RFC 1951
  // §3.2.7: one distance code of zero bits means that only literals are used), run-length coded
  // with symbols 16 (repeat the previous 3-6 times), 17 (3-10 zeros) and 18 (11-138 zeros).
  uint8_t sequence[LITLEN_SYMBOLS + 1];
  memcpy(sequence, lengths, LITLEN_SYMBOLS);
  sequence[LITLEN_SYMBOLS] = 0;
  uint8_t rle_symbol[LITLEN_SYMBOLS + 1];
  uint8_t rle_extra[LITLEN_SYMBOLS + 1];
  int rle_count = 0;
  for (int at = 0; at < LITLEN_SYMBOLS + 1;) {
    uint8_t value = sequence[at];
    int run = 1;
    while (at + run < LITLEN_SYMBOLS + 1 && sequence[at + run] == value) run++;
    at += run;
    if (value == 0) {
      while (run >= 11) {
        int take = run > 138 ? 138 : run;
        rle_symbol[rle_count] = 18;
        rle_extra[rle_count++] = (uint8_t)(take - 11);
        run -= take;
      }
      if (run >= 3) {
        rle_symbol[rle_count] = 17;
        rle_extra[rle_count++] = (uint8_t)(run - 3);
        run = 0;
      }
    } else {
      rle_symbol[rle_count] = value;
      rle_extra[rle_count++] = 0;
      run--;
      while (run >= 3) {
        int take = run > 6 ? 6 : run;
        rle_symbol[rle_count] = 16;
        rle_extra[rle_count++] = (uint8_t)(take - 3);
        run -= take;
      }
    }
    while (run-- > 0) {
      rle_symbol[rle_count] = value;
      rle_extra[rle_count++] = 0;
    }
  }
  uint64_t cl_freqs[CODE_LENGTH_SYMBOLS] = {0};
  for (int k = 0; k < rle_count; k++) cl_freqs[rle_symbol[k]]++;
  uint8_t cl_lengths[CODE_LENGTH_SYMBOLS];
  uint16_t cl_codes[CODE_LENGTH_SYMBOLS];
  build_lengths(cl_freqs, CODE_LENGTH_SYMBOLS, MAX_CODE_LENGTH_BITS, cl_lengths);
  build_codes(cl_lengths, CODE_LENGTH_SYMBOLS, cl_codes);
  static const uint8_t cl_order[CODE_LENGTH_SYMBOLS] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                        11, 4,  12, 3, 13, 2, 14, 1, 15};
  int cl_sent = CODE_LENGTH_SYMBOLS;
  while (cl_sent > 4 && cl_lengths[cl_order[cl_sent - 1]] == 0) cl_sent--;

  bit_writer w = {out, 0, capacity, 0, 0, 0};
  put_bits(&w, final ? 1 : 0, 1);  // BFINAL
  put_bits(&w, 2, 2);              // BTYPE 10: dynamic Huffman codes
  put_bits(&w, LITLEN_SYMBOLS - 257, 5);
  put_bits(&w, 1 - 1, 5);
  put_bits(&w, (uint32_t)(cl_sent - 4), 4);
  for (int k = 0; k < cl_sent; k++) put_bits(&w, cl_lengths[cl_order[k]], 3);
  static const uint8_t extra_bits[CODE_LENGTH_SYMBOLS] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                          0, 0, 0, 0, 0, 0, 2, 3, 7};
  for (int k = 0; k < rle_count; k++) {
    uint8_t symbol = rle_symbol[k];
    put_bits(&w, cl_codes[symbol], cl_lengths[symbol]);
    if (extra_bits[symbol] > 0) put_bits(&w, rle_extra[k], extra_bits[symbol]);
  }

  // The bytes. put_bits leaves fewer than 32 bits pending, so two codes of at most 15 bits each
  // fit in the 64-bit accumulator before the next flush; the output check is per 4 bytes.
  uint32_t table[256];
  for (int s = 0; s < 256; s++) table[s] = (uint32_t)codes[s] | (uint32_t)lengths[s] << 16;
  size_t k = 0;
  for (; k + 2 <= size && !w.overflow; k += 2) {
    uint32_t a = table[data[k]];
    uint32_t b = table[data[k + 1]];
    w.bits |= (uint64_t)(a & 0xFFFF) << w.count;
    w.count += (int)(a >> 16);
    w.bits |= (uint64_t)(b & 0xFFFF) << w.count;
    w.count += (int)(b >> 16);
    if (w.count >= 32) {
      if (w.at + 4 <= w.capacity) {
        uint32_t low = (uint32_t)w.bits;
        w.out[w.at] = (uint8_t)low;
        w.out[w.at + 1] = (uint8_t)(low >> 8);
        w.out[w.at + 2] = (uint8_t)(low >> 16);
        w.out[w.at + 3] = (uint8_t)(low >> 24);
        w.at += 4;
        w.bits >>= 32;
        w.count -= 32;
      } else {
        flush_bytes(&w);
      }
    }
  }
  for (; k < size && !w.overflow; k++) put_bits(&w, codes[data[k]], lengths[data[k]]);
  put_bits(&w, codes[256], lengths[256]);  // end of block

  if (!final) put_bits(&w, 0, 3);  // an empty stored block: BFINAL 0, BTYPE 00
  // Pad to a byte with zero bits; flush_bytes then leaves nothing pending.
  if (w.count % 8 != 0) put_bits(&w, 0, 8 - w.count % 8);
  flush_bytes(&w);
  if (!final) {
    static const uint8_t marker[4] = {0x00, 0x00, 0xFF, 0xFF};  // LEN 0, NLEN 0xFFFF
    for (int m = 0; m < 4; m++) put_bits(&w, marker[m], 8);
    flush_bytes(&w);
  }
  if (w.overflow) return 0;
  return w.at;
}

size_t zm_huffman_literals(
    const uint8_t *data, size_t size, int final, uint8_t *out, size_t capacity) {
  uint64_t freqs[LITLEN_SYMBOLS];
  count_bytes(data, size, freqs);
  return encode_literals(data, size, freqs, final, out, capacity);
}

size_t zm_huffman_base64(
    const uint8_t *data, size_t size, int final, uint8_t *out, size_t capacity) {
  // A first look at the start turns most text away before the full count.
  if (size < MIN_BASE64_PIECE || !zm_looks_like_base64(data, MIN_BASE64_PIECE)) return 0;
  uint64_t freqs[LITLEN_SYMBOLS];
  count_bytes(data, size, freqs);
  uint64_t inside = 0;
  for (int c = 0; c < 256; c++) {
    if (is_base64_byte((uint8_t)c)) inside += freqs[c];
  }
  if (inside * 100 < (uint64_t)size * 97) return 0;
  return encode_literals(data, size, freqs, final, out, capacity);
}
