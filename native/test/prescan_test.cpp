// The tapscript pre-scan's inner loop (plain_run, SSSE3 / NEON where available) and its portable
// version against the definition: the index of the first push opcode (0x00..0x4e) or OP_SUCCESSx
// (the generated table). Every byte value at every position of a 48-byte run of plain opcodes, every
// length, and random mixes; the same for skip_run (the interpreter's walk over unexecuted branches)
// against skip_passes, with its count of opcodes above OP_16. Exit 1 on a mismatch.
#include <cstdio>
#include <vector>

#include "bsml/bsml.h"
#include "prescan.h"
#include "tables.h"

namespace {

std::size_t expected(const std::uint8_t* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] <= BSML_OP_PUSHDATA4 || bsml::tables::kOpSuccess[p[i]]) return i;
  return n;
}

// skip_run's definition: the first byte skip_passes refuses; the bytes above OP_16 before it.
std::size_t expected_skip(const std::uint8_t* p, std::size_t n, std::uint32_t& counted) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!bsml::skip_passes(p[i])) return i;
    if (p[i] > BSML_OP_16) ++counted;
  }
  return n;
}

int failures = 0;
void check_skip(const std::uint8_t* p, std::size_t n) {
  std::uint32_t want_c = 7, fast_c = 7, portable_c = 7;  // skip_run adds to what it is given
  const std::size_t want = expected_skip(p, n, want_c), fast = bsml::skip_run(p, n, fast_c),
                    portable = bsml::skip_run_portable(p, n, portable_c);
  if (fast != want || portable != want || fast_c != want_c || portable_c != want_c) {
    if (++failures <= 10)
      std::fprintf(stderr, "skip_run mismatch: length %zu, expected %zu (%u counted), skip_run %zu (%u), portable %zu (%u)\n", n, want,
                   want_c, fast, fast_c, portable, portable_c);
  }
}
void check(const std::uint8_t* p, std::size_t n) {
  const std::size_t want = expected(p, n), fast = bsml::plain_run(p, n), portable = bsml::plain_run_portable(p, n);
  if (fast != want || portable != want) {
    if (++failures <= 10) std::fprintf(stderr, "mismatch: length %zu, expected %zu, plain_run %zu, portable %zu\n", n, want, fast, portable);
  }
}

}  // namespace

int main() {
  std::uint8_t buf[48];
  for (int plain : {0x76, 0x4f, 0x51, 0xba, 0xff}) {  // DUP, 1NEGATE, 1, CHECKSIGADD, INVALIDOPCODE
    for (std::size_t pos = 0; pos < sizeof buf; ++pos) {
      for (int v = 0; v < 256; ++v) {
        for (auto& b : buf) b = std::uint8_t(plain);
        buf[pos] = std::uint8_t(v);
        for (std::size_t n = pos; n <= sizeof buf; n += (n < pos + 20 ? 1 : 7)) check(buf, n);
      }
    }
  }
  // skip_run the same way, over runs of opcodes it passes: counted (NOP, CHECKSIGADD, 0xff) and not
  // (1NEGATE, 16).
  for (int pass : {0x61, 0x4f, 0x60, 0xba, 0xff}) {
    for (std::size_t pos = 0; pos < sizeof buf; ++pos) {
      for (int v = 0; v < 256; ++v) {
        for (std::size_t k = 0; k < sizeof buf; ++k) buf[k] = std::uint8_t(k % 3 ? pass : 0x51);
        buf[pos] = std::uint8_t(v);
        for (std::size_t n = pos; n <= sizeof buf; n += (n < pos + 20 ? 1 : 7)) check_skip(buf, n);
      }
    }
  }
  // Random mixes, mostly plain opcodes (xorshift, fixed seed).
  std::vector<std::uint8_t> m(4096);
  std::uint32_t x = 0x2545f491u;
  for (int round = 0; round < 2000; ++round) {
    for (auto& b : m) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      b = (x & 0xff) < 4 ? std::uint8_t(x >> 8) : std::uint8_t(0x76 + ((x >> 8) % 32));
    }
    const std::size_t start = x % 64, n = (x >> 8) % (m.size() - 64);
    check(m.data() + start, n);
    check_skip(m.data() + start, n);
  }
  std::printf("prescan: %d mismatches\n", failures);
  return failures ? 1 : 0;
}
