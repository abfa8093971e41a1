// Script numbers as the batch engine sees items: an item is a lane value when it is the minimal
// encoding (Core's CScriptNum rules, native/src/scriptnum.h) of an integer, in at most 8 bytes.
#ifndef BSML_BATCH_NUMBERS_H
#define BSML_BATCH_NUMBERS_H

#include <cstddef>
#include <cstdint>

#include "../scriptnum.h"

namespace bsml {
namespace batch {

constexpr size_t kMaxLaneItemSize = 8;

/** Decodes a minimally encoded script number of at most 8 bytes; false for any other bytes. */
inline bool decode_minimal(const uint8_t* p, size_t n, int64_t* out) {
  return decode_num(p, n, true, kMaxLaneItemSize, *out);
}

}  // namespace batch
}  // namespace bsml

#endif
