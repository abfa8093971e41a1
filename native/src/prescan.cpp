#include "prescan.h"

#include "bsml/bsml.h"
#include "cpu.h"
#include "tables.h"

#if BSML_X86_FEATURES
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace bsml {
namespace {

// The opcodes the pre-scan stops at.
constexpr bool is_stop(int op) { return op <= BSML_OP_PUSHDATA4 || tables::kOpSuccess[op] != 0; }
// The opcodes skip_run stops at.
constexpr bool is_skip_stop(int op) { return !skip_passes(op); }

// A set of opcodes as a 256-entry table (the portable loops).
struct ByteSet {
  std::uint8_t bits[256];
};
template <bool (*In)(int)>
constexpr ByteSet make_byte_set() {
  ByteSet t{};
  for (int op = 0; op < 256; ++op) t.bits[op] = In(op) ? 1 : 0;
  return t;
}
constexpr ByteSet kStop = make_byte_set<is_stop>();
constexpr ByteSet kSkipStop = make_byte_set<is_skip_stop>();

// The same sets as two 16-entry tables indexed by an opcode's low and high nibble: op is in the set
// iff lo[op & 15] & hi[op >> 4] != 0. The high nibbles are grouped by which low nibbles are in the
// set under them (at most eight distinct groups, one bit each); built from the generated opcode
// tables, and checked against them at compile time.
struct NibbleTables {
  std::uint8_t lo[16];
  std::uint8_t hi[16];
  int groups;
};
template <bool (*In)(int)>
constexpr NibbleTables make_nibble_tables() {
  NibbleTables t{};
  std::uint16_t group_masks[16] = {};
  for (int h = 0; h < 16; ++h) {
    std::uint16_t m = 0;
    for (int l = 0; l < 16; ++l) m = std::uint16_t(m | (In(16 * h + l) ? 1u << l : 0u));
    if (!m) continue;
    int g = 0;
    while (g < t.groups && group_masks[g] != m) ++g;
    if (g == t.groups) group_masks[t.groups++] = m;
    if (g >= 8) continue;  // more than eight groups: rejected by the static_asserts below
    t.hi[h] = std::uint8_t(t.hi[h] | (1u << g));
    for (int l = 0; l < 16; ++l)
      if ((m >> l) & 1) t.lo[l] = std::uint8_t(t.lo[l] | (1u << g));
  }
  return t;
}
template <bool (*In)(int)>
constexpr bool nibble_tables_exact(const NibbleTables& t) {
  for (int op = 0; op < 256; ++op)
    if (((t.lo[op & 15] & t.hi[op >> 4]) != 0) != In(op)) return false;
  return true;
}
alignas(16) constexpr NibbleTables kNibbles = make_nibble_tables<is_stop>();
alignas(16) constexpr NibbleTables kSkipNibbles = make_nibble_tables<is_skip_stop>();
static_assert(kNibbles.groups <= 8, "the stop set needs more than eight high-nibble groups");
static_assert(nibble_tables_exact<is_stop>(kNibbles), "the nibble tables do not give the stop set");
static_assert(kSkipNibbles.groups <= 8, "the skip-stop set needs more than eight high-nibble groups");
static_assert(nibble_tables_exact<is_skip_stop>(kSkipNibbles), "the nibble tables do not give the skip-stop set");

// The set bits of a 16-bit mask.
inline unsigned popcount16(unsigned m) {
  m = m - ((m >> 1) & 0x5555u);
  m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
  m = (m + (m >> 4)) & 0x0f0fu;
  return (m + (m >> 8)) & 0x1fu;
}

#if BSML_X86_FEATURES
// Bit i set where byte i of x is NOT in the set of the nibble tables lo_t / hi_t.
__attribute__((target("ssse3"))) inline unsigned outside_mask(__m128i x, __m128i lo_t, __m128i hi_t) {
  const __m128i low4 = _mm_set1_epi8(0x0f);
  const __m128i lo = _mm_shuffle_epi8(lo_t, _mm_and_si128(x, low4));
  const __m128i hi = _mm_shuffle_epi8(hi_t, _mm_and_si128(_mm_srli_epi16(x, 4), low4));
  return unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(lo, hi), _mm_setzero_si128())));
}

__attribute__((target("ssse3"))) std::size_t plain_run_ssse3(const std::uint8_t* p, std::size_t n) {
  const __m128i lo_t = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibbles.lo));
  const __m128i hi_t = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibbles.hi));
  std::size_t i = 0;
  for (; n - i >= 16; i += 16) {
    const unsigned plain = outside_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), lo_t, hi_t);
    if (plain != 0xffffu) return i + unsigned(__builtin_ctz(~plain));
  }
  return i + plain_run_portable(p + i, n - i);
}

__attribute__((target("ssse3"))) std::size_t skip_run_ssse3(const std::uint8_t* p, std::size_t n, std::uint32_t& counted) {
  const __m128i lo_t = _mm_load_si128(reinterpret_cast<const __m128i*>(kSkipNibbles.lo));
  const __m128i hi_t = _mm_load_si128(reinterpret_cast<const __m128i*>(kSkipNibbles.hi));
  const __m128i above16 = _mm_set1_epi8(char(BSML_OP_16 + 1));
  std::size_t i = 0;
  for (; n - i >= 16; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const unsigned pass = outside_mask(x, lo_t, hi_t);
    // Bytes above OP_16 (unsigned x >= OP_16 + 1), counted where they pass.
    const unsigned high = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(x, above16), x)));
    if (pass != 0xffffu) {
      const unsigned run = unsigned(__builtin_ctz(~pass));
      counted += popcount16(high & ((1u << run) - 1));
      return i + run;
    }
    counted += popcount16(high);
  }
  return i + skip_run_portable(p + i, n - i, counted);
}
#elif defined(__aarch64__)
// Four bits per byte of x (all set where the byte is in the set of lo_t / hi_t), in byte order.
inline std::uint64_t inside_bits(uint8x16_t x, uint8x16_t lo_t, uint8x16_t hi_t) {
  const uint8x16_t in = vtstq_u8(vqtbl1q_u8(lo_t, vandq_u8(x, vdupq_n_u8(0x0f))), vqtbl1q_u8(hi_t, vshrq_n_u8(x, 4)));
  return vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(in), 4)), 0);
}

std::size_t plain_run_neon(const std::uint8_t* p, std::size_t n) {
  const uint8x16_t lo_t = vld1q_u8(kNibbles.lo), hi_t = vld1q_u8(kNibbles.hi);
  std::size_t i = 0;
  for (; n - i >= 16; i += 16) {
    const std::uint64_t bits = inside_bits(vld1q_u8(p + i), lo_t, hi_t);
    if (bits) return i + unsigned(__builtin_ctzll(bits)) / 4;
  }
  return i + plain_run_portable(p + i, n - i);
}

std::size_t skip_run_neon(const std::uint8_t* p, std::size_t n, std::uint32_t& counted) {
  const uint8x16_t lo_t = vld1q_u8(kSkipNibbles.lo), hi_t = vld1q_u8(kSkipNibbles.hi);
  std::size_t i = 0;
  for (; n - i >= 16; i += 16) {
    const uint8x16_t x = vld1q_u8(p + i);
    const std::uint64_t bits = inside_bits(x, lo_t, hi_t);
    // 1 per byte above OP_16, summed over the bytes before the first stop.
    uint8x16_t high = vandq_u8(vcgtq_u8(x, vdupq_n_u8(BSML_OP_16)), vdupq_n_u8(1));
    if (bits) {
      const unsigned run = unsigned(__builtin_ctzll(bits)) / 4;
      alignas(16) static constexpr std::uint8_t kIndex[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
      high = vandq_u8(high, vcltq_u8(vld1q_u8(kIndex), vdupq_n_u8(std::uint8_t(run))));
      counted += vaddvq_u8(high);
      return i + run;
    }
    counted += vaddvq_u8(high);
  }
  return i + skip_run_portable(p + i, n - i, counted);
}
#endif

}  // namespace

std::size_t plain_run_portable(const std::uint8_t* p, std::size_t n) {
  std::size_t i = 0;
  while (n - i >= 8 && !(kStop.bits[p[i]] | kStop.bits[p[i + 1]] | kStop.bits[p[i + 2]] | kStop.bits[p[i + 3]] |
                         kStop.bits[p[i + 4]] | kStop.bits[p[i + 5]] | kStop.bits[p[i + 6]] | kStop.bits[p[i + 7]])) {
    i += 8;
  }
  while (i < n && !kStop.bits[p[i]]) ++i;
  return i;
}

std::size_t skip_run_portable(const std::uint8_t* p, std::size_t n, std::uint32_t& counted) {
  std::size_t i = 0;
  while (i < n && !kSkipStop.bits[p[i]]) {
    if (p[i] > BSML_OP_16) ++counted;
    ++i;
  }
  return i;
}

std::size_t skip_run(const std::uint8_t* p, std::size_t n, std::uint32_t& counted) {
#if BSML_X86_FEATURES
  if (cpu_features().ssse3) return skip_run_ssse3(p, n, counted);
  return skip_run_portable(p, n, counted);
#elif defined(__aarch64__)
  return skip_run_neon(p, n, counted);
#else
  return skip_run_portable(p, n, counted);
#endif
}

std::size_t plain_run(const std::uint8_t* p, std::size_t n) {
#if BSML_X86_FEATURES
  if (cpu_features().ssse3) return plain_run_ssse3(p, n);
  return plain_run_portable(p, n);
#elif defined(__aarch64__)
  return plain_run_neon(p, n);
#else
  return plain_run_portable(p, n);
#endif
}

}  // namespace bsml
