// SHA-256 (FIPS 180-4), SHA-1 (FIPS 180-4) and RIPEMD-160 (Dobbertin, Bosselaers, Preneel).
// SHA-256 and SHA-1 blocks run on the CPU's SHA instructions where the core has them (hashes_accel.h).
// All three share the Merkle-Damgard padding: 0x80, zeros, the bit length in 8 bytes (big-endian
// for the SHA family, little-endian for RIPEMD-160).
#include "hashes.h"

#include <cstring>

#include "bsml/bsml.h"
#include "hashes_accel.h"
#include "sha256_constants.h"

// The RIPEMD-160 steps are written as small templates; one block must become one function with
// its twenty words in registers, whatever the compiler's inlining limits.
#if defined(__GNUC__)
#define BSML_HASH_INLINE inline __attribute__((always_inline))
#else
#define BSML_HASH_INLINE inline
#endif

namespace bsml {
namespace {

inline std::uint32_t rotl(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
inline std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}
inline std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24);
}
inline std::uint32_t bswap32(std::uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr bool kLittleEndianHost = true;
#else
constexpr bool kLittleEndianHost = false;
#endif
// Digest words out as whole-word stores (one copy on a little-endian host, no byte stores).
inline void put_be32(std::uint8_t* p, std::uint32_t v) {
  if (kLittleEndianHost) {
    v = bswap32(v);
    std::memcpy(p, &v, 4);
  } else {
    p[0] = std::uint8_t(v >> 24); p[1] = std::uint8_t(v >> 16); p[2] = std::uint8_t(v >> 8); p[3] = std::uint8_t(v);
  }
}
inline void put_le32(std::uint8_t* p, std::uint32_t v) {
  if (kLittleEndianHost) {
    std::memcpy(p, &v, 4);
  } else {
    p[0] = std::uint8_t(v); p[1] = std::uint8_t(v >> 8); p[2] = std::uint8_t(v >> 16); p[3] = std::uint8_t(v >> 24);
  }
}

// Feeds every 64-byte block of `data` plus padding to `block(state, ptr)` (byte blocks: the AArch64
// SHA instructions). The padding blocks are zeroed whole and the length is written as one 8-byte
// value.
template <bool kBigEndianLength, typename Block>
[[maybe_unused]] void md_blocks(std::uint32_t* state, const std::uint8_t* data, std::size_t size, Block block) {
  const std::size_t full = size / 64;
  for (std::size_t i = 0; i < full; ++i) block(state, data + 64 * i);
  const std::size_t rest = size - 64 * full;
  const std::size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  std::uint8_t tail[128];
  std::memset(tail, 0, 64);
  if (tail_len == 128) std::memset(tail + 64, 0, 64);
  if (rest) std::memcpy(tail, data + 64 * full, rest);
  tail[rest] = 0x80;
  const std::uint64_t bits = std::uint64_t(size) * 8;
  std::uint8_t* len = tail + tail_len - 8;
  for (int i = 0; i < 8; ++i) len[i] = std::uint8_t(bits >> (kBigEndianLength ? 56 - 8 * i : 8 * i));
  block(state, tail);
  if (tail_len == 128) block(state, tail + 64);
}

// The padding as message words (big-endian words for the SHA family, little-endian for
// RIPEMD-160): the last size % 64 bytes of the message, 0x80, zeros, the bit length. Every word is
// assembled in a register and stored whole, so the block function's word loads read them back
// without waiting on byte stores. Returns the number of blocks in w (1, or 2 when size % 64 > 55).
template <bool kBigEndian>
int final_words(const std::uint8_t* data, std::size_t size, std::uint32_t w[32]) {
  const std::size_t r = size % 64;
  const std::uint8_t* q = data + (size - r);
  const std::size_t whole = r / 4;
  std::size_t i = 0;
  for (; i < whole; ++i) w[i] = kBigEndian ? be32(q + 4 * i) : le32(q + 4 * i);
  // The word holding the padding byte: r % 4 message bytes, then 0x80 (as a little-endian value).
  const std::uint8_t* tail = q + 4 * whole;
  std::uint32_t last = 0x80u << (8 * (r % 4));
  switch (r % 4) {
    case 3: last |= std::uint32_t(tail[2]) << 16; [[fallthrough]];
    case 2: last |= std::uint32_t(tail[1]) << 8; [[fallthrough]];
    case 1: last |= tail[0];
  }
  w[i++] = kBigEndian ? bswap32(last) : last;
  const int blocks = r <= 55 ? 1 : 2;
  const std::size_t n = 16 * std::size_t(blocks);
  for (; i < n - 2; ++i) w[i] = 0;
  const std::uint64_t bits = std::uint64_t(size) * 8;
  w[n - 2] = std::uint32_t(kBigEndian ? bits >> 32 : bits);
  w[n - 1] = std::uint32_t(kBigEndian ? bits : bits >> 32);
  return blocks;
}

// A whole message through a word-block function `block(state, words)`.
template <bool kBigEndian, typename Block>
void md_words(std::uint32_t* state, const std::uint8_t* data, std::size_t size, Block block) {
  const std::size_t full = size / 64;
  std::uint32_t w[32];
  for (std::size_t b = 0; b < full; ++b) {
    for (int i = 0; i < 16; ++i) w[i] = kBigEndian ? be32(data + 64 * b + 4 * i) : le32(data + 64 * b + 4 * i);
    block(state, w);
  }
  const int blocks = final_words<kBigEndian>(data, size, w);
  block(state, w);
  if (blocks == 2) block(state, w + 16);
}

void sha256_words(std::uint32_t* s, const std::uint32_t* m) {
  std::uint32_t w[64];
  for (int i = 0; i < 16; ++i) w[i] = m[i];
  for (int i = 16; i < 64; ++i) {
    std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  std::uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
  // Unrolled by eight, the shifts of the working variables become renames.
#if defined(__GNUC__)
#pragma GCC unroll 8
#endif
  for (int i = 0; i < 64; ++i) {
    std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kSha256K[i] + w[i];
    std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e; s[5] += f; s[6] += g; s[7] += h;
}

// SHA-1 word i of the message schedule (i >= 16), computed in place in a ring of 16 words.
inline std::uint32_t sha1_w(std::uint32_t* w, int i) {
  const std::uint32_t x = rotl(w[(i + 13) & 15] ^ w[(i + 8) & 15] ^ w[(i + 2) & 15] ^ w[i & 15], 1);
  w[i & 15] = x;
  return x;
}

// The four SHA-1 round functions (FIPS 180-4 4.1.1).
struct Sha1Ch {
  static std::uint32_t f(std::uint32_t b, std::uint32_t c, std::uint32_t d) { return d ^ (b & (c ^ d)); }
  static constexpr std::uint32_t k = 0x5a827999;
};
struct Sha1Parity1 {
  static std::uint32_t f(std::uint32_t b, std::uint32_t c, std::uint32_t d) { return b ^ c ^ d; }
  static constexpr std::uint32_t k = 0x6ed9eba1;
};
struct Sha1Maj {
  static std::uint32_t f(std::uint32_t b, std::uint32_t c, std::uint32_t d) { return (b & c) | (d & (b | c)); }
  static constexpr std::uint32_t k = 0x8f1bbcdc;
};
struct Sha1Parity2 {
  static std::uint32_t f(std::uint32_t b, std::uint32_t c, std::uint32_t d) { return b ^ c ^ d; }
  static constexpr std::uint32_t k = 0xca62c1d6;
};

// Twenty rounds from `first`, five at a time: the working variables are renamed from round to round
// instead of shifted (round t's e receives the new a; its b becomes rotl(b, 30)).
template <typename F>
inline void sha1_rounds(std::uint32_t& a, std::uint32_t& b, std::uint32_t& c, std::uint32_t& d, std::uint32_t& e, std::uint32_t* w,
                        int first) {
#if defined(__GNUC__)
#pragma GCC unroll 4
#endif
  for (int i = first; i < first + 20; i += 5) {
    e += rotl(a, 5) + F::f(b, c, d) + F::k + (i < 16 ? w[i] : sha1_w(w, i));
    b = rotl(b, 30);
    d += rotl(e, 5) + F::f(a, b, c) + F::k + (i + 1 < 16 ? w[i + 1] : sha1_w(w, i + 1));
    a = rotl(a, 30);
    c += rotl(d, 5) + F::f(e, a, b) + F::k + (i + 2 < 16 ? w[i + 2] : sha1_w(w, i + 2));
    e = rotl(e, 30);
    b += rotl(c, 5) + F::f(d, e, a) + F::k + (i + 3 < 16 ? w[i + 3] : sha1_w(w, i + 3));
    d = rotl(d, 30);
    a += rotl(b, 5) + F::f(c, d, e) + F::k + (i + 4 < 16 ? w[i + 4] : sha1_w(w, i + 4));
    c = rotl(c, 30);
  }
}

void sha1_words(std::uint32_t* s, const std::uint32_t* m) {
  std::uint32_t w[16];
  for (int i = 0; i < 16; ++i) w[i] = m[i];
  std::uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4];
  sha1_rounds<Sha1Ch>(a, b, c, d, e, w, 0);
  sha1_rounds<Sha1Parity1>(a, b, c, d, e, w, 20);
  sha1_rounds<Sha1Maj>(a, b, c, d, e, w, 40);
  sha1_rounds<Sha1Parity2>(a, b, c, d, e, w, 60);
  s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e;
}

// RIPEMD-160: two parallel lines of five rounds each.
constexpr std::uint8_t kRl[80] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
    3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12, 1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
    4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13};
constexpr std::uint8_t kRr[80] = {
    5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12, 6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
    15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13, 8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
    12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11};
constexpr std::uint8_t kSl[80] = {
    11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8, 7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
    11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5, 11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
    9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6};
constexpr std::uint8_t kSr[80] = {
    8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6, 9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
    9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5, 15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
    8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11};
constexpr std::uint32_t kKl[5] = {0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e};
constexpr std::uint32_t kKr[5] = {0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000};

// RIPEMD-160's five boolean functions; round r of the left line uses f_r, of the right line f_(4-r).
// x is the newest input (the word computed by the step before); each form needs at most two
// operations after it, the rest works on y and z, known a step earlier.
template <int R>
BSML_HASH_INLINE std::uint32_t rmd_f(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
  if constexpr (R == 0) return x ^ (y ^ z);
  else if constexpr (R == 1) return z ^ (x & (y ^ z));   // (x & y) | (~x & z)
  else if constexpr (R == 2) return (x | ~y) ^ z;
  else if constexpr (R == 3) return (x & z) | (y & ~z);
  else return x ^ (y | ~z);
}

// One step of one line: a = rotl(a + f(b, c, d) + x + k, s) + e; c = rotl(c, 10). The message word
// and the constant are added to a first, off the path through b.
template <int F>
BSML_HASH_INLINE void rmd_step(std::uint32_t& a, std::uint32_t b, std::uint32_t& c, std::uint32_t d, std::uint32_t e, std::uint32_t xk, int s) {
  if constexpr (F == 3) {
    // (b & d) | (c & ~d): the two terms share no bits, so they add; c & ~d is known a step early.
    a = rotl(a + xk + (c & ~d) + (b & d), s) + e;
  } else {
    a = rotl(a + xk + rmd_f<F>(b, c, d), s) + e;
  }
  c = rotl(c, 10);
}

// The sixteen steps of round R on both lines, five at a time with the working variables renamed
// instead of moved (step j's new word lands in the variable that held its a).
template <int R, typename X>
BSML_HASH_INLINE void rmd_round(std::uint32_t& al, std::uint32_t& bl, std::uint32_t& cl, std::uint32_t& dl, std::uint32_t& el,
                      std::uint32_t& ar, std::uint32_t& br, std::uint32_t& cr, std::uint32_t& dr, std::uint32_t& er,
                      X x) {
  constexpr std::uint32_t kl = kKl[R], kr = kKr[R];
  constexpr int j = 16 * R;
#define BSML_RMD(a, b, c, d, e, n)                                                    \
  rmd_step<R>(a##l, b##l, c##l, d##l, e##l, x.template at<kRl[j + n]>() + kl, kSl[j + n]);          \
  rmd_step<4 - R>(a##r, b##r, c##r, d##r, e##r, x.template at<kRr[j + n]>() + kr, kSr[j + n])
  BSML_RMD(a, b, c, d, e, 0);
  BSML_RMD(e, a, b, c, d, 1);
  BSML_RMD(d, e, a, b, c, 2);
  BSML_RMD(c, d, e, a, b, 3);
  BSML_RMD(b, c, d, e, a, 4);
  BSML_RMD(a, b, c, d, e, 5);
  BSML_RMD(e, a, b, c, d, 6);
  BSML_RMD(d, e, a, b, c, 7);
  BSML_RMD(c, d, e, a, b, 8);
  BSML_RMD(b, c, d, e, a, 9);
  BSML_RMD(a, b, c, d, e, 10);
  BSML_RMD(e, a, b, c, d, 11);
  BSML_RMD(d, e, a, b, c, 12);
  BSML_RMD(c, d, e, a, b, 13);
  BSML_RMD(b, c, d, e, a, 14);
  BSML_RMD(a, b, c, d, e, 15);
#undef BSML_RMD
  // Sixteen steps rename by one place: the word that is "a" next round sits in e.
  const std::uint32_t tl = el, tr = er;
  el = dl; dl = cl; cl = bl; bl = al; al = tl;
  er = dr; dr = cr; cr = br; br = ar; ar = tr;
}

// The sixteen message words, from memory.
struct RmdWords {
  const std::uint32_t* p;
  template <int I>
  std::uint32_t at() const { return p[I]; }
};

// A 32-byte message's words: x[0..7] from memory, then the padding as constants (0x80, zeros, 256
// bits), which the compiler folds into the steps' constants.
struct RmdDigestWords {
  const std::uint32_t* p;
  template <int I>
  std::uint32_t at() const {
    if constexpr (I < 8) return p[I];
    else if constexpr (I == 8) return 0x80;
    else if constexpr (I == 14) return 256;
    else return 0;
  }
};

template <typename X>
BSML_HASH_INLINE void ripemd160_rounds(std::uint32_t* s, X x) {
  std::uint32_t al = s[0], bl = s[1], cl = s[2], dl = s[3], el = s[4];
  std::uint32_t ar = s[0], br = s[1], cr = s[2], dr = s[3], er = s[4];
  rmd_round<0>(al, bl, cl, dl, el, ar, br, cr, dr, er, x);
  rmd_round<1>(al, bl, cl, dl, el, ar, br, cr, dr, er, x);
  rmd_round<2>(al, bl, cl, dl, el, ar, br, cr, dr, er, x);
  rmd_round<3>(al, bl, cl, dl, el, ar, br, cr, dr, er, x);
  rmd_round<4>(al, bl, cl, dl, el, ar, br, cr, dr, er, x);
  const std::uint32_t t = s[1] + cl + dr;
  s[1] = s[2] + dl + er;
  s[2] = s[3] + el + ar;
  s[3] = s[4] + al + br;
  s[4] = s[0] + bl + cr;
  s[0] = t;
}

void ripemd160_words(std::uint32_t* s, const std::uint32_t* x) { ripemd160_rounds(s, RmdWords{x}); }

// Whether SHA-256 and SHA-1 run on the CPU's SHA instructions (x86-64: CPUID, read once per process).
bool use_extensions() {
#if BSML_HAVE_SHA_ACCEL
  return accel::available();
#else
  return false;
#endif
}

constexpr std::uint32_t kSha256Init[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
constexpr std::uint32_t kSha1Init[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

// One digest of N state words: initial state, blocks and padding through `block` (word blocks),
// the words out big-endian (SHA family) or little-endian (RIPEMD-160).
template <bool kBigEndian, std::size_t N, typename Block>
void md_digest(const std::uint32_t (&init)[N], const std::uint8_t* data, std::size_t size, std::uint8_t* out, Block block) {
  std::uint32_t s[N];
  for (std::size_t i = 0; i < N; ++i) s[i] = init[i];
  md_words<kBigEndian>(s, data, size, block);
  for (std::size_t i = 0; i < N; ++i) kBigEndian ? put_be32(out + 4 * i, s[i]) : put_le32(out + 4 * i, s[i]);
}

constexpr std::uint32_t kRipemd160Init[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

// RIPEMD-160 of a 32-byte message given as SHA-256 state words (its digest's big-endian words).
void ripemd160_of_sha256(const std::uint32_t h[8], std::uint8_t out[20]) {
  std::uint32_t x[8];
  for (int i = 0; i < 8; ++i) x[i] = bswap32(h[i]);
  std::uint32_t s[5];
  for (int i = 0; i < 5; ++i) s[i] = kRipemd160Init[i];
  ripemd160_rounds(s, RmdDigestWords{x});
  for (int i = 0; i < 5; ++i) put_le32(out + 4 * i, s[i]);
}

#if BSML_HAVE_SHA_ACCEL && !BSML_HAVE_SHA_X86
// A whole message through the CPU's byte-block function (AArch64): the final state words.
template <std::size_t N, typename Block>
void accel_state(const std::uint32_t (&init)[N], const std::uint8_t* data, std::size_t size, std::uint32_t* s, Block block) {
  for (std::size_t i = 0; i < N; ++i) s[i] = init[i];
  md_blocks<true>(s, data, size, block);
}
#endif

// The portable SHA-256 state after a whole message.
void sha256_state_portable(const std::uint8_t* data, std::size_t size, std::uint32_t s[8]) {
  for (int i = 0; i < 8; ++i) s[i] = kSha256Init[i];
  md_words<true>(s, data, size, sha256_words);
}

}  // namespace

bool hash_extensions_in_use() { return use_extensions(); }

void sha256_portable(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]) { md_digest<true>(kSha256Init, data, size, out, sha256_words); }

void sha1_portable(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]) { md_digest<true>(kSha1Init, data, size, out, sha1_words); }

void sha256(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]) {
#if BSML_HAVE_SHA_X86
  if (use_extensions()) return accel::sha256(data, size, out);
#elif BSML_HAVE_SHA_ACCEL
  if (use_extensions()) {
    std::uint32_t s[8];
    accel_state(kSha256Init, data, size, s, accel::sha256_block);
    for (int i = 0; i < 8; ++i) put_be32(out + 4 * i, s[i]);
    return;
  }
#endif
  sha256_portable(data, size, out);
}

Sha256::Sha256() : s_{}, buf_{}, bytes_(0), ext_(use_extensions()) { std::memcpy(s_, kSha256Init, sizeof s_); }

void Sha256::block(const std::uint8_t* p) {
#if BSML_HAVE_SHA_ACCEL
  if (ext_) return accel::sha256_block(s_, p);
#endif
  std::uint32_t w[16];
  for (int i = 0; i < 16; ++i) w[i] = be32(p + 4 * i);
  sha256_words(s_, w);
}

Sha256& Sha256::write(const std::uint8_t* data, std::size_t size) {
  std::size_t fill = std::size_t(bytes_ % 64);
  bytes_ += size;
  if (fill) {
    const std::size_t take = size < 64 - fill ? size : 64 - fill;
    std::memcpy(buf_ + fill, data, take);
    data += take;
    size -= take;
    fill += take;
    if (fill < 64) return *this;
    block(buf_);
  }
  while (size >= 64) {
    block(data);
    data += 64;
    size -= 64;
  }
  if (size) std::memcpy(buf_, data, size);
  return *this;
}

void Sha256::finish(std::uint8_t out[32]) {
  const std::uint64_t bits = bytes_ * 8;
  const std::size_t fill = std::size_t(bytes_ % 64);
  std::uint8_t pad[72] = {0x80};
  const std::size_t pad_len = (fill < 56 ? 56 - fill : 120 - fill);
  for (int i = 0; i < 8; ++i) pad[pad_len + i] = std::uint8_t(bits >> (56 - 8 * i));
  write(pad, pad_len + 8);
  for (int i = 0; i < 8; ++i) put_be32(out + 4 * i, s_[i]);
}

void sha1(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]) {
#if BSML_HAVE_SHA_X86
  if (use_extensions()) return accel::sha1(data, size, out);
#elif BSML_HAVE_SHA_ACCEL
  if (use_extensions()) {
    std::uint32_t s[5];
    accel_state(kSha1Init, data, size, s, accel::sha1_block);
    for (int i = 0; i < 5; ++i) put_be32(out + 4 * i, s[i]);
    return;
  }
#endif
  sha1_portable(data, size, out);
}

void ripemd160(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]) {
  md_digest<false>(kRipemd160Init, data, size, out, ripemd160_words);
}

void hash160(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]) {
  std::uint32_t h[8];
#if BSML_HAVE_SHA_X86
  if (use_extensions()) {
    accel::sha256_state(data, size, h);
    return ripemd160_of_sha256(h, out);
  }
#elif BSML_HAVE_SHA_ACCEL
  if (use_extensions()) {
    accel_state(kSha256Init, data, size, h, accel::sha256_block);
    return ripemd160_of_sha256(h, out);
  }
#endif
  sha256_state_portable(data, size, h);
  ripemd160_of_sha256(h, out);
}

void hash256(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]) {
#if BSML_HAVE_SHA_X86
  if (use_extensions()) return accel::hash256(data, size, out);
#elif BSML_HAVE_SHA_ACCEL
  if (use_extensions()) {
    std::uint8_t first[32];
    sha256(data, size, first);
    return sha256(first, 32, out);
  }
#endif
  // The first digest's big-endian words are the second message's first eight words, as they are.
  std::uint32_t w[16];
  sha256_state_portable(data, size, w);
  w[8] = 0x80000000;
  for (int i = 9; i < 15; ++i) w[i] = 0;
  w[15] = 256;
  std::uint32_t s[8];
  for (int i = 0; i < 8; ++i) s[i] = kSha256Init[i];
  sha256_words(s, w);
  for (int i = 0; i < 8; ++i) put_be32(out + 4 * i, s[i]);
}

std::size_t hash_opcode(unsigned opcode, const std::uint8_t* data, std::size_t size, std::uint8_t out[32]) {
  switch (opcode) {
    case BSML_OP_RIPEMD160: ripemd160(data, size, out); return 20;
    case BSML_OP_SHA1: sha1(data, size, out); return 20;
    case BSML_OP_SHA256: sha256(data, size, out); return 32;
    case BSML_OP_HASH160: hash160(data, size, out); return 20;
    default: hash256(data, size, out); return 32;
  }
}

}  // namespace bsml
