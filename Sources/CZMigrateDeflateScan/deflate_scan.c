#include "zm_deflate_scan.h"

int zm_deflate_scan(const uint8_t *data, size_t size, zm_deflate_layout *layout) {
  (void)data;
  (void)size;
  (void)layout;
  return -1;  // not yet implemented
}
