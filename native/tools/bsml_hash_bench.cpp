// Micro-benchmark of the core's one-shot hashes (developer tool, not a test): nanoseconds per call
// of sha256, sha1, ripemd160 and the HASH160 / HASH256 compositions on 20/32/33/65-byte inputs,
//  - chain: each call hashes the previous call's digest (latency, as a script's hash chain runs);
//  - throughput: eight independent messages in turn (the CPU may overlap calls).
// Best of several runs. Usage: bsml-hash-bench [--portable] [iterations]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "hashes.h"

namespace {

using HashFn = void (*)(const std::uint8_t*, std::size_t, std::uint8_t*);

void hash160(const std::uint8_t* d, std::size_t n, std::uint8_t* out) {
#ifdef BSML_HASHES_HAVE_HASH160
  bsml::hash160(d, n, out);
#else
  std::uint8_t t[32];
  bsml::sha256(d, n, t);
  bsml::ripemd160(t, 32, out);
#endif
}
void hash256(const std::uint8_t* d, std::size_t n, std::uint8_t* out) {
#ifdef BSML_HASHES_HAVE_HASH160
  bsml::hash256(d, n, out);
#else
  std::uint8_t t[32];
  bsml::sha256(d, n, t);
  bsml::sha256(t, 32, out);
#endif
}

double now_ns() {
  return double(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

// Dependent chain: the digest becomes the first bytes of the next message.
double chain(HashFn f, std::size_t n, std::size_t out_len, long iters) {
  std::uint8_t buf[128];
  for (std::size_t i = 0; i < sizeof buf; ++i) buf[i] = std::uint8_t(i * 7 + 1);
  const std::size_t keep = n < out_len ? n : out_len;
  double best = 1e30;
  for (int rep = 0; rep < 25; ++rep) {
    const double t0 = now_ns();
    for (long i = 0; i < iters; ++i) {
      std::uint8_t out[32];
      f(buf, n, out);
      std::memcpy(buf, out, keep);
    }
    const double dt = (now_ns() - t0) / double(iters);
    if (dt < best) best = dt;
  }
  if (buf[0] == 0x5a && buf[1] == 0xa5) std::printf(" ");  // keep the results live
  return best;
}

// Independent messages: eight buffers hashed in turn, digests not fed back.
double throughput(HashFn f, std::size_t n, long iters) {
  static std::uint8_t bufs[8][128];
  static std::uint8_t outs[8][32];
  for (int k = 0; k < 8; ++k)
    for (std::size_t i = 0; i < 128; ++i) bufs[k][i] = std::uint8_t(i * 13 + k);
  double best = 1e30;
  for (int rep = 0; rep < 25; ++rep) {
    const double t0 = now_ns();
    for (long i = 0; i < iters; ++i) f(bufs[i & 7], n, outs[i & 7]);
    const double dt = (now_ns() - t0) / double(iters);
    if (dt < best) best = dt;
  }
  unsigned x = 0;
  for (auto& o : outs) x += o[0];
  if (x == 12345) std::printf(" ");
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  bool portable = false;
  long iters = 40000;
  const char* usage = "usage: bsml-hash-bench [--portable] [ITERATIONS (a positive integer; default 40000)]\n";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--portable") == 0) {
      portable = true;
    } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(usage, stdout);
      return 0;
    } else {
      // A count, or a clear refusal: an option it does not know, or a count that is not a
      // positive integer, would otherwise run zero iterations and print nonsense.
      char* end = nullptr;
      const long v = std::strtol(argv[i], &end, 10);
      if (argv[i][0] == '-' || end == argv[i] || *end != '\0' || v < 1) {
        std::fprintf(stderr, "bsml-hash-bench: argument %d ('%s') is not --portable or a positive iteration count\n%s", i, argv[i], usage);
        return 2;
      }
      iters = v;
    }
  }
  struct Fn {
    const char* name;
    HashFn f;
    std::size_t out;
  };
  const Fn fns[] = {
      {"sha256", portable ? bsml::sha256_portable : bsml::sha256, 32},
      {"sha1", portable ? bsml::sha1_portable : bsml::sha1, 20},
      {"ripemd160", bsml::ripemd160, 20},
      {"hash160", hash160, 20},
      {"hash256", hash256, 32},
  };
  const std::size_t sizes[] = {20, 32, 33, 65};
  std::printf("%s; ns per call (chain / throughput)\n", portable ? "portable" : (bsml::hash_extensions_in_use() ? "SHA extensions" : "portable code"));
  std::printf("%-10s", "");
  for (std::size_t n : sizes) std::printf("  %6zu bytes    ", n);
  std::printf("\n");
  for (const Fn& fn : fns) {
    if (portable && (fn.f == hash160 || fn.f == hash256)) continue;
    std::printf("%-10s", fn.name);
    for (std::size_t n : sizes) std::printf("  %6.1f / %6.1f", chain(fn.f, n, fn.out, iters), throughput(fn.f, n, iters));
    std::printf("\n");
  }
  return 0;
}
