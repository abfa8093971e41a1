// SHA-256 and SHA-1 block functions on the x86-64 SHA extensions (SHA-NI: sha256rnds2, sha1rnds4
// and their message-schedule helpers). hashes.cpp calls them only when the CPU reports the
// extensions (accel::available); otherwise the portable block functions run. Both give the same
// digests: native/test/hashes_test.cpp compares them.
#include "hashes_accel.h"
#include "sha256_constants.h"

#include "cpu.h"

#if BSML_HAVE_SHA_X86

#include <immintrin.h>

#include <utility>

#define BSML_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

namespace bsml {
namespace accel {
namespace {


// SHA-256 keeps its eight words in two registers as the instructions want them: (A, B, E, F) and
// (C, D, G, H), A and C in the highest lane. m[] is a ring of four message registers, each holding
// four schedule words W[4g .. 4g+3] (lowest lane first).
struct Sha256Regs {
  __m128i abef, cdgh;
  __m128i m[4];
};

// Rounds 4g .. 4g+3, after computing W[4g .. 4g+3] from the previous sixteen words when g >= 4:
// W = msg2(msg1(W[g-4], W[g-3]) + (W[4g-7 .. 4g-4]), W[g-1]).
template <int G>
BSML_SHA_TARGET inline void sha256_group(Sha256Regs& r) {
  if constexpr (G >= 4) {
    __m128i& w = r.m[G & 3];
    const __m128i prev = r.m[(G + 3) & 3];
    const __m128i w7 = _mm_alignr_epi8(prev, r.m[(G + 2) & 3], 4);
    w = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w, r.m[(G + 1) & 3]), w7), prev);
  }
  __m128i wk = _mm_add_epi32(r.m[G & 3], _mm_load_si128(reinterpret_cast<const __m128i*>(kSha256K + 4 * G)));
  r.cdgh = _mm_sha256rnds2_epu32(r.cdgh, r.abef, wk);  // two rounds: (C, D, G, H) becomes the new (A, B, E, F)
  wk = _mm_shuffle_epi32(wk, 0x0e);                     // the upper two words
  r.abef = _mm_sha256rnds2_epu32(r.abef, r.cdgh, wk);   // two more: the registers are back in place
}

template <int... G>
BSML_SHA_TARGET inline void sha256_groups(Sha256Regs& r, std::integer_sequence<int, G...>) {
  (sha256_group<G>(r), ...);
}

// SHA-1: (A, B, C, D) in one register, A in the highest lane; E rides in the highest lane of the
// register sha1rnds4 takes its message words from. m[] as for SHA-256, but each register holds
// W[4g] in its highest lane (the byte order sha1rnds4 reads).
struct Sha1Regs {
  __m128i abcd, e, prev_abcd;
  __m128i m[4];
};

// Rounds 4g .. 4g+3 (round function g / 5), with W = msg2(msg1(W[g-4], W[g-3]) ^ W[g-2], W[g-1]).
template <int G>
BSML_SHA_TARGET inline void sha1_group(Sha1Regs& r) {
  if constexpr (G >= 4) {
    __m128i& w = r.m[G & 3];
    w = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32(w, r.m[(G + 1) & 3]), r.m[(G + 2) & 3]), r.m[(G + 3) & 3]);
  }
  // E for these four rounds: the initial E in group 0, then rotl(A of four rounds ago, 30).
  const __m128i e = G == 0 ? _mm_add_epi32(r.e, r.m[0]) : _mm_sha1nexte_epu32(r.prev_abcd, r.m[G & 3]);
  r.prev_abcd = r.abcd;
  r.abcd = _mm_sha1rnds4_epu32(r.abcd, e, G / 5);
}

template <int... G>
BSML_SHA_TARGET inline void sha1_groups(Sha1Regs& r, std::integer_sequence<int, G...>) {
  (sha1_group<G>(r), ...);
}

}  // namespace

bool available() {
  const CpuFeatures& f = cpu_features();
  return f.ssse3 && f.sse41 && f.sha;
}

BSML_SHA_TARGET void sha256_block(std::uint32_t* s, const std::uint8_t* p) {
  const __m128i bswap32 = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  Sha256Regs r;
  const __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));      // lanes A B C D
  const __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4));  // lanes E F G H
  const __m128i badc = _mm_shuffle_epi32(abcd, 0xb1);                             // lanes B A D C
  const __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1b);                             // lanes H G F E
  r.abef = _mm_alignr_epi8(badc, hgfe, 8);                                        // lanes F E B A
  r.cdgh = _mm_blend_epi16(hgfe, badc, 0xf0);                                     // lanes H G D C
  const __m128i abef0 = r.abef, cdgh0 = r.cdgh;
  for (int i = 0; i < 4; ++i) r.m[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)), bswap32);
  sha256_groups(r, std::make_integer_sequence<int, 16>{});
  r.abef = _mm_add_epi32(r.abef, abef0);
  r.cdgh = _mm_add_epi32(r.cdgh, cdgh0);
  const __m128i feba = _mm_shuffle_epi32(r.abef, 0x1b);  // lanes A B E F
  const __m128i ghcd = _mm_shuffle_epi32(r.cdgh, 0xb1);  // lanes G H C D
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s), _mm_blend_epi16(feba, ghcd, 0xf0));     // A B C D
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s + 4), _mm_alignr_epi8(ghcd, feba, 8));    // E F G H
}

BSML_SHA_TARGET void sha1_block(std::uint32_t* s, const std::uint8_t* p) {
  const __m128i bswap128 = _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL);
  Sha1Regs r;
  r.abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s)), 0x1b);  // A in the highest lane
  r.e = _mm_set_epi32(int(s[4]), 0, 0, 0);
  r.prev_abcd = r.abcd;
  const __m128i abcd0 = r.abcd, e0 = r.e;
  for (int i = 0; i < 4; ++i) r.m[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)), bswap128);
  sha1_groups(r, std::make_integer_sequence<int, 20>{});
  // E after the last round is rotl(A of four rounds before the end, 30); add the initial E to it.
  const __m128i e = _mm_sha1nexte_epu32(r.prev_abcd, e0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s), _mm_shuffle_epi32(_mm_add_epi32(r.abcd, abcd0), 0x1b));
  s[4] = std::uint32_t(_mm_extract_epi32(e, 3));
}

}  // namespace accel
}  // namespace bsml

#endif  // BSML_HAVE_SHA_X86
