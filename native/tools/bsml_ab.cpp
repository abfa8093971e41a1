// A/B comparison of two builds of the core in one process, for a machine too noisy for two
// separate benchmark runs: both shared libraries are loaded (dlopen), and their bsml_verify_script
// runs Core's vectors in alternation, so that load from other processes hits both alike.
//   mixed (default): the whole vector list per timing (cold branch predictors, as bsml-bench);
//                    best of R rounds each; prints ns per vector for A and B and B/A.
//   --per-case:      each vector 500 times in a row per timing, best of R, A and B alternating;
//                    prints one line per vector (index, A ns, B ns) and the totals.
// Usage: bsml-ab A.so B.so VECTORS_FILE [--rounds R] [--per-case]
// Build and run it on two git revisions with scripts/ab-core.sh. POSIX only (dlopen); a developer
// tool, not part of the core.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "bench_util.h"

namespace {

using bsml_tools::Case;
using bsml_tools::cpu_seconds;

typedef bsml_context* (*ContextNew)(void);
typedef bsml_status (*VerifyScript)(bsml_context*, bsml_bytes, bsml_bytes, const bsml_bytes*, size_t, uint32_t,
                                    const bsml_checker*, bsml_result*);

struct Build {
  VerifyScript verify;
  bsml_context* ctx;
};

bool load(const char* path, Build& b) {
  void* h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) return std::fprintf(stderr, "bsml-ab: %s\n", dlerror()), false;
  b.verify = reinterpret_cast<VerifyScript>(dlsym(h, "bsml_verify_script"));
  const ContextNew make = reinterpret_cast<ContextNew>(dlsym(h, "bsml_context_new"));
  if (!b.verify || !make) return std::fprintf(stderr, "bsml-ab: %s lacks the C API\n", path), false;
  b.ctx = make();
  return b.ctx != nullptr;
}

// CPU seconds per verification of `reps` passes over cases[first, last).
double time_cases(const Build& b, const std::vector<Case>& cases, std::size_t first, std::size_t last, int reps, unsigned& sink) {
  bsml_result r;
  const double t0 = cpu_seconds();
  for (int j = 0; j < reps; ++j) {
    for (std::size_t i = first; i < last; ++i) {
      const Case& c = cases[i];
      b.verify(b.ctx, c.sig, c.spk, c.witness.data(), c.witness.size(), c.flags, nullptr, &r);
      sink += unsigned(r.success);
    }
  }
  return (cpu_seconds() - t0) / (double(reps) * double(last - first));
}

}  // namespace

int main(int argc, char** argv) {
  const char* paths[3] = {nullptr, nullptr, nullptr};
  int n_paths = 0, rounds = 10;
  bool per_case = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--per-case")) per_case = true;
    else if (n_paths < 3) paths[n_paths++] = argv[i];
  }
  if (n_paths != 3 || rounds < 1) {
    std::fprintf(stderr, "usage: bsml-ab A.so B.so VECTORS_FILE [--rounds R] [--per-case]\n");
    return 2;
  }
  Build build[2];
  if (!load(paths[0], build[0]) || !load(paths[1], build[1])) return 2;
  std::vector<std::uint8_t> store;
  std::vector<Case> cases;
  if (!bsml_tools::read_vectors(paths[2], store, cases) || cases.empty()) {
    std::fprintf(stderr, "bsml-ab: cannot read %s\n", paths[2]);
    return 2;
  }
  unsigned sink = 0;
  if (!per_case) {
    double best[2] = {1e9, 1e9};
    for (int round = 0; round < rounds; ++round) {
      for (int k = 0; k < 2; ++k) {
        const double t = time_cases(build[k], cases, 0, cases.size(), 100, sink);
        if (t < best[k]) best[k] = t;
      }
    }
    std::printf("mixed: A %.1f ns/vector, B %.1f ns/vector, B/A %.3f\n", best[0] * 1e9, best[1] * 1e9, best[1] / best[0]);
  } else {
    double total[2] = {0, 0};
    for (std::size_t i = 0; i < cases.size(); ++i) {
      double best[2] = {1e9, 1e9};
      for (int round = 0; round < rounds; ++round) {
        for (int k = 0; k < 2; ++k) {
          const double t = time_cases(build[k], cases, i, i + 1, 500, sink);
          if (t < best[k]) best[k] = t;
        }
      }
      total[0] += best[0];
      total[1] += best[1];
      std::printf("%zu %.1f %.1f\n", i, best[0] * 1e9, best[1] * 1e9);
    }
    std::printf("per case: A %.0f ns, B %.0f ns over %zu vectors, B/A %.3f\n", total[0] * 1e9, total[1] * 1e9, cases.size(),
                total[1] / total[0]);
  }
  return int(sink & 0u);
}
