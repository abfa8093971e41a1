// SHA-256 and SHA-1 block functions on the x86-64 SHA extensions (SHA-NI: sha256rnds2, sha1rnds4
// and their message-schedule helpers). hashes.cpp calls them only when the CPU reports the
// extensions (accel::available); otherwise the portable block functions run. Both give the same
// digests: native/test/hashes_test.cpp compares them.
#include "hashes_accel.h"
#include "sha256_constants.h"

#include "cpu.h"
#include "unaligned.h"

#if BSML_HAVE_SHA_X86

#include <immintrin.h>

#include <cstddef>
#include <cstring>
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
  const std::uint32_t* k;  // kSha256K, hidden from the optimiser per block (see sha256_compress)
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
  __m128i wk = _mm_add_epi32(r.m[G & 3], _mm_load_si128(reinterpret_cast<const __m128i*>(r.k + 4 * G)));
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

// The initial SHA-256 state in the register layout above: (A, B, E, F) and (C, D, G, H), lowest
// lane last.
BSML_SHA_TARGET inline void sha256_init(Sha256Regs& r) {
  r.abef = _mm_set_epi32(0x6a09e667, int(0xbb67ae85), 0x510e527f, int(0x9b05688c));
  r.cdgh = _mm_set_epi32(0x3c6ef372, int(0xa54ff53a), 0x1f83d9ab, 0x5be0cd19);
}

// One block whose sixteen message words are in r.m (W[4g] in the lowest lane of m[g]).
BSML_SHA_TARGET inline void sha256_compress(Sha256Regs& r) {
  // The round constants are read where they are added (a load folded into the add). Left visible,
  // GCC loads all sixteen once per call for every block and keeps them on the stack, which costs a
  // short message more than it saves.
  r.k = kSha256K;
  __asm__("" : "+r"(r.k));
  const __m128i abef0 = r.abef, cdgh0 = r.cdgh;
  sha256_groups(r, std::make_integer_sequence<int, 16>{});
  r.abef = _mm_add_epi32(r.abef, abef0);
  r.cdgh = _mm_add_epi32(r.cdgh, cdgh0);
}

// The state as (A, B, C, D) and (E, F, G, H), A in the lowest lane (the order of s[]).
BSML_SHA_TARGET inline void sha256_words(const Sha256Regs& r, __m128i& abcd, __m128i& efgh) {
  const __m128i feba = _mm_shuffle_epi32(r.abef, 0x1b);  // lanes A B E F
  const __m128i ghcd = _mm_shuffle_epi32(r.cdgh, 0xb1);  // lanes G H C D
  abcd = _mm_blend_epi16(feba, ghcd, 0xf0);
  efgh = _mm_alignr_epi8(ghcd, feba, 8);
}

BSML_SHA_TARGET inline __m128i bswap32_mask() { return _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL); }
BSML_SHA_TARGET inline __m128i bswap128_mask() { return _mm_set_epi64x(0x0001020304050607ULL, 0x08090a0b0c0d0e0fULL); }
BSML_SHA_TARGET inline __m128i load16(const std::uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }

// Sliding windows for the final block: 16 bytes at kKeep + 16 - k keep the last k bytes of a
// 16-byte load, moved to the front (pshufb control; 0x80 lanes give zero); 16 bytes at
// kPad + 16 - k have the padding byte 0x80 at position k (none when k is outside 0..15).
alignas(16) constexpr std::uint8_t kKeep[32] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                                0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                                0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};
alignas(16) constexpr std::uint8_t kPad[80] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80};

// The first block of a message's padding, built in registers (bytes in message order, chunk i =
// bytes 16i .. 16i+15): the last size % 64 bytes of the message, 0x80, zeros; the caller adds the
// length (when size % 64 <= 55) or a second block. Reads nothing outside data[0 .. size): chunk i
// is cut from the 16 bytes ending at its last message byte (or at the message's end), which exist
// when size >= 16; a message under 16 bytes is read with overlapping 8-, 4- or 1-byte loads.
// Without branches on the length for size >= 16 (the interpreter hashes items of every length).
struct Chunks {
  __m128i c0, c1, c2, c3;
};

BSML_SHA_TARGET inline __m128i final_chunk(const std::uint8_t* q, const std::uint8_t* end, std::ptrdiff_t r, int i) {
  const std::ptrdiff_t k = r - 16 * i;  // message bytes in chunk i (<= 0: none, >= 16: all)
  const std::ptrdiff_t kept = k < 0 ? 0 : (k > 16 ? 16 : k);
  const std::ptrdiff_t pad = k > 16 ? 16 : k;  // >= -48
  const std::uint8_t* window_end = q + 16 * i + kept < end ? q + 16 * i + kept : end;
  const __m128i bytes = _mm_shuffle_epi8(load16(window_end - 16), load16(kKeep + 16 - kept));
  return _mm_or_si128(bytes, load16(kPad + 16 - pad));
}

BSML_SHA_TARGET inline Chunks final_chunks(const std::uint8_t* data, std::size_t size) {
  if (size >= 16) {
    const std::ptrdiff_t r = std::ptrdiff_t(size & 63);
    const std::uint8_t* end = data + size;
    const std::uint8_t* q = end - r;
    return {final_chunk(q, end, r, 0), final_chunk(q, end, r, 1), final_chunk(q, end, r, 2), final_chunk(q, end, r, 3)};
  }
  std::uint64_t lo = 0, hi = 0;
  if (size >= 8) {
    lo = load_u64(data);
    if (size > 8) hi = load_u64(data + size - 8) >> (8 * (16 - size));
  } else if (size >= 4) {
    lo = load_u32(data) | (std::uint64_t(load_u32(data + size - 4)) << (8 * (size - 4)));
  } else if (size > 0) {
    lo = data[0] | (std::uint64_t(data[size / 2]) << (8 * (size / 2))) | (std::uint64_t(data[size - 1]) << (8 * (size - 1)));
  }
  const __m128i zero = _mm_setzero_si128();
  return {_mm_or_si128(_mm_set_epi64x(std::int64_t(hi), std::int64_t(lo)), load16(kPad + 16 - size)), zero, zero, zero};
}

// SHA-256 of a whole message into r (initialised here): full blocks, then the padding.
BSML_SHA_TARGET inline __attribute__((always_inline)) void sha256_message(Sha256Regs& r, const std::uint8_t* data, std::size_t size) {
  const __m128i bswap = bswap32_mask();
  sha256_init(r);
  const std::size_t full = size / 64;
  for (std::size_t b = 0; b < full; ++b) {
    for (int i = 0; i < 4; ++i) r.m[i] = _mm_shuffle_epi8(load16(data + 64 * b + 16 * i), bswap);
    sha256_compress(r);
  }
  const Chunks c = final_chunks(data, size);
  r.m[0] = _mm_shuffle_epi8(c.c0, bswap);
  r.m[1] = _mm_shuffle_epi8(c.c1, bswap);
  r.m[2] = _mm_shuffle_epi8(c.c2, bswap);
  r.m[3] = _mm_shuffle_epi8(c.c3, bswap);
  const std::uint64_t bits = std::uint64_t(size) * 8;
  const __m128i len = _mm_set_epi32(int(std::uint32_t(bits)), int(std::uint32_t(bits >> 32)), 0, 0);  // W14, W15
  if ((size & 63) > 55) {
    sha256_compress(r);
    r.m[0] = r.m[1] = r.m[2] = _mm_setzero_si128();
    r.m[3] = len;
  } else {
    r.m[3] = _mm_or_si128(r.m[3], len);
  }
  sha256_compress(r);
}

// SHA-1 (state as in Sha1Regs) of one block in r.m.
BSML_SHA_TARGET inline void sha1_compress(Sha1Regs& r) {
  const __m128i abcd0 = r.abcd, e0 = r.e;
  r.prev_abcd = r.abcd;
  sha1_groups(r, std::make_integer_sequence<int, 20>{});
  // E after the last round is rotl(A of four rounds before the end, 30); add the initial E to it.
  r.e = _mm_sha1nexte_epu32(r.prev_abcd, e0);
  r.abcd = _mm_add_epi32(r.abcd, abcd0);
}

// The state as the 32-byte digest (big-endian words).
BSML_SHA_TARGET inline void store_digest(const Sha256Regs& r, std::uint8_t out[32]) {
  __m128i abcd, efgh;
  sha256_words(r, abcd, efgh);
  const __m128i bswap = bswap32_mask();
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_shuffle_epi8(abcd, bswap));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16), _mm_shuffle_epi8(efgh, bswap));
}

}  // namespace

bool available() {
  const CpuFeatures& f = cpu_features();
  return f.ssse3 && f.sse41 && f.sha;
}

BSML_SHA_TARGET void sha256_block(std::uint32_t* s, const std::uint8_t* p) {
  const __m128i bswap32 = bswap32_mask();
  Sha256Regs r;
  const __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));      // lanes A B C D
  const __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4));  // lanes E F G H
  const __m128i badc = _mm_shuffle_epi32(abcd, 0xb1);                             // lanes B A D C
  const __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1b);                             // lanes H G F E
  r.abef = _mm_alignr_epi8(badc, hgfe, 8);                                        // lanes F E B A
  r.cdgh = _mm_blend_epi16(hgfe, badc, 0xf0);                                     // lanes H G D C
  for (int i = 0; i < 4; ++i) r.m[i] = _mm_shuffle_epi8(load16(p + 16 * i), bswap32);
  sha256_compress(r);
  __m128i a, e;
  sha256_words(r, a, e);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s), a);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s + 4), e);
}

BSML_SHA_TARGET void sha256(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]) {
  Sha256Regs r;
  sha256_message(r, data, size);
  store_digest(r, out);
}

BSML_SHA_TARGET void sha256_state(const std::uint8_t* data, std::size_t size, std::uint32_t s[8]) {
  Sha256Regs r;
  sha256_message(r, data, size);
  __m128i abcd, efgh;
  sha256_words(r, abcd, efgh);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s), abcd);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s + 4), efgh);
}

BSML_SHA_TARGET void hash256(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]) {
  Sha256Regs r;
  sha256_message(r, data, size);
  // The digest's big-endian words are the second message's first eight words, as they are.
  sha256_words(r, r.m[0], r.m[1]);
  sha256_init(r);
  r.m[2] = _mm_set_epi32(0, 0, 0, int(0x80000000));  // W8: the padding byte
  r.m[3] = _mm_set_epi32(256, 0, 0, 0);              // W15: 256 bits
  sha256_compress(r);
  store_digest(r, out);
}

BSML_SHA_TARGET void sha1_block(std::uint32_t* s, const std::uint8_t* p) {
  const __m128i bswap128 = bswap128_mask();
  Sha1Regs r;
  r.abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s)), 0x1b);  // A in the highest lane
  r.e = _mm_set_epi32(int(s[4]), 0, 0, 0);
  for (int i = 0; i < 4; ++i) r.m[i] = _mm_shuffle_epi8(load16(p + 16 * i), bswap128);
  sha1_compress(r);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(s), _mm_shuffle_epi32(r.abcd, 0x1b));
  s[4] = std::uint32_t(_mm_extract_epi32(r.e, 3));
}

BSML_SHA_TARGET void sha1(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]) {
  const __m128i bswap = bswap128_mask();
  Sha1Regs r;
  r.abcd = _mm_set_epi32(0x67452301, int(0xefcdab89), int(0x98badcfe), 0x10325476);  // A in the highest lane
  r.e = _mm_set_epi32(int(0xc3d2e1f0), 0, 0, 0);
  const std::size_t full = size / 64;
  for (std::size_t b = 0; b < full; ++b) {
    for (int i = 0; i < 4; ++i) r.m[i] = _mm_shuffle_epi8(load16(data + 64 * b + 16 * i), bswap);
    sha1_compress(r);
  }
  const Chunks c = final_chunks(data, size);
  r.m[0] = _mm_shuffle_epi8(c.c0, bswap);  // W[4i] in the highest lane
  r.m[1] = _mm_shuffle_epi8(c.c1, bswap);
  r.m[2] = _mm_shuffle_epi8(c.c2, bswap);
  r.m[3] = _mm_shuffle_epi8(c.c3, bswap);
  const std::uint64_t bits = std::uint64_t(size) * 8;
  const __m128i len = _mm_set_epi32(0, 0, int(std::uint32_t(bits >> 32)), int(std::uint32_t(bits)));  // W14, W15
  if ((size & 63) > 55) {
    sha1_compress(r);
    r.m[0] = r.m[1] = r.m[2] = _mm_setzero_si128();
    r.m[3] = len;
  } else {
    r.m[3] = _mm_or_si128(r.m[3], len);
  }
  sha1_compress(r);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_shuffle_epi8(r.abcd, bswap));  // A..D big-endian
  const std::uint32_t e = __builtin_bswap32(std::uint32_t(_mm_extract_epi32(r.e, 3)));
  std::memcpy(out + 16, &e, 4);
}

}  // namespace accel
}  // namespace bsml

#endif  // BSML_HAVE_SHA_X86
