#ifndef ZM_SHA256_H
#define ZM_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the x86 SHA extensions (and SSSE3/SSE4.1), else 0.
int zm_sha256_hardware_available(void);

/// Runs the SHA-256 compression function over `blocks` 64-byte blocks with the SHA instructions.
/// `state` holds H0..H7. Call only when zm_sha256_hardware_available() returned 1.
void zm_sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
