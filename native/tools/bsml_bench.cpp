// Benchmark of the C API alone (no Node): evaluations per CPU-second of bsml_evaluate /
// bsml_verify_script on the workloads of bench/native-vs-ts.mjs:
//   long  - tapscript of 12,002 opcodes (2,000 x DUP 3 ADD 7 SUB MAX, then 5 NUMEQUAL) on [5]
//   short - 2 3 ADD 5 NUMEQUAL (base)
//   vectors - Bitcoin Core's public script tests (test/fixtures/script_tests.native.txt), each
//             through bsml_verify_script with Core's base checker (NULL), as the Node benchmark
//             passes no checker. Without a commitment callback the core declines taproot
//             script-path spends: those are counted and left out of the rate.
// Prints one JSON object. Each rate is the best of `--rounds` rounds of `--seconds` CPU-seconds.
// Usage: bsml-bench [--seconds S] [--rounds R] [--only long|short|vectors] VECTORS_FILE
// A developer tool, not part of the core (it reads files and the clock).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include "bsml/bsml.h"
#include "bench_util.h"

namespace {

using bsml_tools::Case;
using bsml_tools::cpu_seconds;
using bsml_tools::read_vectors;

// Calls f() (which does `units` evaluations) for `seconds` of CPU time, reading the clock (a system
// call of about half a microsecond) only every `batch` calls; returns evaluations per CPU-second.
// `sink` keeps the results observable so nothing is optimized away.
template <typename F>
double rate(F f, double units, long batch, double seconds, unsigned& sink) {
  for (int i = 0; i < 3; ++i) sink += f();
  long n = 0;
  const double t0 = cpu_seconds();
  double dt = 0;
  do {
    for (long i = 0; i < batch; ++i) sink += f();
    n += batch;
    dt = cpu_seconds() - t0;
  } while (dt < seconds);
  return double(n) * units / dt;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 1;
  int rounds = 5;
  const char* vectors = nullptr;
  const char* only = nullptr;  // one workload (long, short or vectors), e.g. for a profiler
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else vectors = argv[i];
  }
  if (!vectors || !(seconds > 0) || rounds < 1) {
    std::fprintf(stderr, "usage: bsml-bench [--seconds S] [--rounds R] [--only long|short|vectors] VECTORS_FILE\n");
    return 2;
  }
  std::vector<std::uint8_t> store;
  std::vector<Case> all;
  if (!read_vectors(vectors, store, all)) {
    std::fprintf(stderr, "bsml-bench: cannot read %s\n", vectors);
    return 2;
  }
  bsml_context* ctx = bsml_context_new();
  if (!ctx) return 1;

  std::vector<std::uint8_t> long_script;
  for (int i = 0; i < 2000; ++i) {
    const std::uint8_t part[] = {0x76, 0x53, 0x93, 0x57, 0x94, 0xa4};  // DUP 3 ADD 7 SUB MAX
    long_script.insert(long_script.end(), part, part + sizeof part);
  }
  long_script.push_back(0x55);  // 5
  long_script.push_back(0x9c);  // NUMEQUAL
  const std::uint8_t five = 5;
  const bsml_bytes long_stack[] = {{&five, 1}};
  const std::uint8_t short_script[] = {0x52, 0x53, 0x93, 0x55, 0x9c};  // 2 3 ADD 5 NUMEQUAL

  // The vectors the core answers without a commitment callback (the rest are declined).
  std::vector<Case> cases;
  bsml_result r;
  for (const Case& c : all) {
    if (bsml_verify_script(ctx, c.sig, c.spk, c.witness.data(), c.witness.size(), c.flags, nullptr, &r) == BSML_DONE) cases.push_back(c);
  }

  unsigned sink = 0;
  auto run_long = [&]() -> unsigned {
    bsml_evaluate(ctx, {long_script.data(), long_script.size()}, long_stack, 1, BSML_SIGVERSION_TAPSCRIPT, 0, nullptr, nullptr, &r);
    return unsigned(r.success);
  };
  auto run_short = [&]() -> unsigned {
    bsml_evaluate(ctx, {short_script, sizeof short_script}, nullptr, 0, BSML_SIGVERSION_BASE, 0, nullptr, nullptr, &r);
    return unsigned(r.success);
  };
  auto run_vectors = [&]() -> unsigned {
    unsigned ok = 0;
    for (const Case& c : cases) {
      bsml_verify_script(ctx, c.sig, c.spk, c.witness.data(), c.witness.size(), c.flags, nullptr, &r);
      ok += unsigned(r.success);
    }
    return ok;
  };
  double best_long = 0, best_short = 0, best_vectors = 0;
  for (int i = 0; i < rounds; ++i) {
    auto wanted = [&](const char* name) { return !only || !std::strcmp(only, name); };
    const double a = wanted("long") ? rate(run_long, 1, 10, seconds, sink) : 0;
    const double b = wanted("short") ? rate(run_short, 1, 10000, seconds, sink) : 0;
    const double c = wanted("vectors") ? rate(run_vectors, double(cases.size()), 100, seconds, sink) : 0;
    if (a > best_long) best_long = a;
    if (b > best_short) best_short = b;
    if (c > best_vectors) best_vectors = c;
  }
  std::printf("{\"long\":%.0f,\"short\":%.0f,\"vectors\":%.0f,\"vectorCases\":%zu,\"vectorsDeclined\":%zu,\"sink\":%u}\n", best_long, best_short,
              best_vectors, cases.size(), all.size() - cases.size(), sink & 1u);
  bsml_context_free(ctx);
  return 0;
}
