// Script numbers as the batch engine sees items: an item is a lane value when it is the minimal
// encoding (Core's CScriptNum rules) of an integer, in at most 8 bytes.
#ifndef BSML_BATCH_NUMBERS_H
#define BSML_BATCH_NUMBERS_H

#include <cstddef>
#include <cstdint>

namespace bsml {
namespace batch {

/** Decodes a minimally encoded script number of at most 8 bytes; false for any other bytes. */
inline bool decode_minimal(const uint8_t* p, size_t n, int64_t* out) {
  if (n == 0) {
    *out = 0;
    return true;
  }
  if (n > 8) return false;
  if ((p[n - 1] & 0x7f) == 0 && (n == 1 || (p[n - 2] & 0x80) == 0)) return false;  // non-minimal
  uint64_t mag = 0;
  for (size_t i = 0; i < n; i++) mag |= uint64_t(i == n - 1 ? (p[i] & 0x7f) : p[i]) << (8 * i);
  *out = (p[n - 1] & 0x80) ? int64_t(uint64_t(0) - mag) : int64_t(mag);
  return true;
}

}  // namespace batch
}  // namespace bsml

#endif
