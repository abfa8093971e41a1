// Script numbers with Core's CScriptNum rules (values fit in int64: operands are at most 5 bytes).
#ifndef BSML_SCRIPTNUM_H
#define BSML_SCRIPTNUM_H

#include <cstddef>
#include <cstdint>

namespace bsml {

constexpr std::size_t kDefaultMaxNumSize = 4;
constexpr std::size_t kLocktimeMaxNumSize = 5;

/** Core's minimal-encoding rule (rejects negative zero and superfluous zero bytes). */
inline bool is_minimally_encoded(const std::uint8_t* b, std::size_t n) {
  if (n == 0) return true;
  if ((b[n - 1] & 0x7f) != 0) return true;
  return n > 1 && (b[n - 2] & 0x80) != 0;
}

/** Decodes; false when longer than max_size or (require_minimal) not minimal. */
inline bool decode_num(const std::uint8_t* b, std::size_t n, bool require_minimal, std::size_t max_size,
                       std::int64_t& out) {
  if (n > max_size) return false;
  if (require_minimal && !is_minimally_encoded(b, n)) return false;
  if (n == 0) {
    out = 0;
    return true;
  }
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t(b[i]) << (8 * i);
  const std::uint64_t sign = std::uint64_t(0x80) << (8 * (n - 1));
  if (v & sign) {
    out = -std::int64_t(v & ~sign);
  } else {
    out = std::int64_t(v);
  }
  return true;
}

/** Minimal encoding of `value` into `out` (at most 9 bytes); returns the length (0 for zero). */
inline std::size_t encode_num(std::int64_t value, std::uint8_t out[9]) {
  if (value == 0) return 0;
  const bool neg = value < 0;
  std::uint64_t abs = neg ? 0 - std::uint64_t(value) : std::uint64_t(value);
  std::size_t n = 0;
  while (abs) {
    out[n++] = std::uint8_t(abs & 0xff);
    abs >>= 8;
  }
  if (out[n - 1] & 0x80) out[n++] = neg ? 0x80 : 0x00;
  else if (neg) out[n - 1] |= 0x80;
  return n;
}

/** Core's CScriptNum::getint. */
inline std::int64_t clamp_int32(std::int64_t v) {
  if (v > 0x7fffffff) return 0x7fffffff;
  if (v < -0x7fffffffLL - 1) return -0x7fffffffLL - 1;
  return v;
}

/** Core's CastToBool. */
inline bool cast_to_bool(const std::uint8_t* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (b[i] != 0) return !(i == n - 1 && b[i] == 0x80);
  }
  return false;
}

}  // namespace bsml

#endif  // BSML_SCRIPTNUM_H
