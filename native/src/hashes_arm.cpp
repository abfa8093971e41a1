// SHA-256 and SHA-1 block functions on the AArch64 SHA1/SHA2 instructions (sha256h, sha256h2,
// sha1c/p/m and their message-schedule helpers), for builds targeting a CPU that has them (see
// hashes_accel.h). They give the same digests as the portable code: native/test/hashes_test.cpp
// compares them (npm run test:aarch64 runs it under qemu for such a build).
#include "hashes_accel.h"
#include "sha256_constants.h"

#if BSML_HAVE_SHA_ARM

#include <arm_neon.h>

namespace bsml {
namespace accel {
namespace {

constexpr std::uint32_t kK1[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};

// Sixteen big-endian message words from 64 bytes, four per register (W[4g] in lane 0).
inline void load_words(uint32x4_t* m, const std::uint8_t* p) {
  for (int i = 0; i < 4; ++i) m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16 * i)));
}

}  // namespace

bool available() { return true; }

void sha256_block(std::uint32_t* s, const std::uint8_t* p) {
  uint32x4_t m[4];
  load_words(m, p);
  const uint32x4_t abcd0 = vld1q_u32(s), efgh0 = vld1q_u32(s + 4);
  uint32x4_t abcd = abcd0, efgh = efgh0;
  for (int g = 0; g < 16; ++g) {
    uint32x4_t& w = m[g & 3];
    // W[4g .. 4g+3] from the sixteen words before them (held in the ring m).
    if (g >= 4) w = vsha256su1q_u32(vsha256su0q_u32(w, m[(g + 1) & 3]), m[(g + 2) & 3], m[(g + 3) & 3]);
    const uint32x4_t wk = vaddq_u32(w, vld1q_u32(kSha256K + 4 * g));
    const uint32x4_t abcd_before = abcd;
    abcd = vsha256hq_u32(abcd, efgh, wk);
    efgh = vsha256h2q_u32(efgh, abcd_before, wk);
  }
  vst1q_u32(s, vaddq_u32(abcd, abcd0));
  vst1q_u32(s + 4, vaddq_u32(efgh, efgh0));
}

void sha1_block(std::uint32_t* s, const std::uint8_t* p) {
  uint32x4_t m[4];
  load_words(m, p);
  const uint32x4_t abcd0 = vld1q_u32(s);
  uint32x4_t abcd = abcd0;
  std::uint32_t e = s[4];
  for (int g = 0; g < 20; ++g) {
    uint32x4_t& w = m[g & 3];
    if (g >= 4) w = vsha1su1q_u32(vsha1su0q_u32(w, m[(g + 1) & 3], m[(g + 2) & 3]), m[(g + 3) & 3]);
    const uint32x4_t wk = vaddq_u32(w, vdupq_n_u32(kK1[g / 5]));
    const std::uint32_t next_e = vsha1h_u32(vgetq_lane_u32(abcd, 0));  // rotl(A, 30): E four rounds on
    if (g < 5) abcd = vsha1cq_u32(abcd, e, wk);
    else if (g < 10 || g >= 15) abcd = vsha1pq_u32(abcd, e, wk);
    else abcd = vsha1mq_u32(abcd, e, wk);
    e = next_e;
  }
  vst1q_u32(s, vaddq_u32(abcd, abcd0));
  s[4] += e;
}

}  // namespace accel
}  // namespace bsml

#endif  // BSML_HAVE_SHA_ARM
