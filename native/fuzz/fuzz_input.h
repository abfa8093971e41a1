// The byte format the fuzz targets read (scripts/gen-fuzz-corpus.mjs writes seeds in it):
//   [control byte] [flags: uint32 little-endian] then items, each [length: uint16 LE][bytes].
// A truncated length or item takes what is left, so every byte string is a valid input.
#ifndef BSML_FUZZ_INPUT_H
#define BSML_FUZZ_INPUT_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "bsml/bsml.h"

namespace bsml_fuzz {

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}
  bool empty() const { return n_ == 0; }
  std::uint8_t byte() {
    if (!n_) return 0;
    --n_;
    return *p_++;
  }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t(byte()) << (8 * i);
    return v;
  }
  bsml_bytes item() {
    std::size_t len = byte();
    len |= std::size_t(byte()) << 8;
    if (len > n_) len = n_;
    bsml_bytes b{p_, len};
    p_ += len;
    n_ -= len;
    return b;
  }
  bsml_bytes rest() {
    bsml_bytes b{p_, n_};
    p_ += n_;
    n_ = 0;
    return b;
  }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
};

// A failed invariant: print it and abort, so libFuzzer (or the replay driver) reports the input.
[[noreturn]] inline void fail(const char* what, const char* file, int line) {
  std::fprintf(stderr, "fuzz invariant failed at %s:%d: %s\n", file, line, what);
  std::abort();
}

}  // namespace bsml_fuzz

#define FUZZ_CHECK(cond)                                         \
  do {                                                           \
    if (!(cond)) bsml_fuzz::fail(#cond, __FILE__, __LINE__);     \
  } while (0)

#endif  // BSML_FUZZ_INPUT_H
