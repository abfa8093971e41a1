// Loads of 4 and 8 bytes from any address, in the CPU's byte order (memcpy: no alignment or
// aliasing assumption; compilers turn each into one load).
#ifndef BSML_UNALIGNED_H
#define BSML_UNALIGNED_H

#include <cstdint>
#include <cstring>

namespace bsml {

inline std::uint64_t load_u64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline std::uint32_t load_u32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace bsml

#endif  // BSML_UNALIGNED_H
