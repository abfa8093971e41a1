// The tapscript pre-scan's inner loop (plain_run, SSSE3 / NEON where available) and its portable
// version against the definition: the index of the first push opcode (0x00..0x4e) or OP_SUCCESSx
// (the generated table). Every byte value at every position of a 48-byte run of plain opcodes, every
// length, and random mixes; exit 1 on a mismatch.
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

int failures = 0;
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
  }
  std::printf("prescan: %d mismatches\n", failures);
  return failures ? 1 : 0;
}
