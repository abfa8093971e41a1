#include "dispatch.h"

#include <cstdlib>
#include <cstring>

#include "bsml/batch.h"

namespace bsml {
namespace batch {
namespace {

bool cpu_has(int isa) {
  switch (isa) {
    case BSML_ISA_SCALAR: return true;
#if defined(BSML_BATCH_HAVE_AVX2) && (defined(__GNUC__) || defined(__clang__))
    case BSML_ISA_AVX2: return __builtin_cpu_supports("avx2");
#endif
#if defined(BSML_BATCH_AVX512_SIMDE)
    case BSML_ISA_AVX512: return true;  // test build: the AVX-512 kernel runs on SIMDe's emulation
#elif defined(BSML_BATCH_HAVE_AVX512) && (defined(__GNUC__) || defined(__clang__))
    case BSML_ISA_AVX512: return __builtin_cpu_supports("avx512f");
#endif
#if defined(BSML_BATCH_HAVE_NEON)
    case BSML_ISA_NEON: return true;  // Advanced SIMD is mandatory on AArch64
#endif
    default: return false;
  }
}

int best_isa() {
  static const int best = [] {
    if (cpu_has(BSML_ISA_AVX512)) return int(BSML_ISA_AVX512);
    if (cpu_has(BSML_ISA_AVX2)) return int(BSML_ISA_AVX2);
    if (cpu_has(BSML_ISA_NEON)) return int(BSML_ISA_NEON);
    return int(BSML_ISA_SCALAR);
  }();
  return best;
}

int env_isa() {
  const char* e = std::getenv("BSML_ISA");
  if (!e || !*e || !std::strcmp(e, "auto")) return BSML_ISA_AUTO;
  if (!std::strcmp(e, "scalar")) return BSML_ISA_SCALAR;
  if (!std::strcmp(e, "avx2")) return BSML_ISA_AVX2;
  if (!std::strcmp(e, "avx512")) return BSML_ISA_AVX512;
  if (!std::strcmp(e, "neon")) return BSML_ISA_NEON;
  return -1;
}

}  // namespace

bool isa_available(int isa) { return cpu_has(isa); }

int resolve_isa(int requested) {
  int isa = requested == BSML_ISA_AUTO ? env_isa() : requested;
  if (isa == BSML_ISA_AUTO) return best_isa();
  return isa > 0 && cpu_has(isa) ? isa : -1;
}

KernelFn kernel_for(int isa) {
  switch (isa) {
#if defined(BSML_BATCH_HAVE_AVX2)
    case BSML_ISA_AVX2: return run_avx2;
#endif
#if defined(BSML_BATCH_HAVE_AVX512)
    case BSML_ISA_AVX512: return run_avx512;
#endif
#if defined(BSML_BATCH_HAVE_NEON)
    case BSML_ISA_NEON: return run_neon;
#endif
    default: return run_scalar;
  }
}

}  // namespace batch
}  // namespace bsml
