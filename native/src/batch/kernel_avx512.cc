// AVX-512 kernel: 8 int64 lanes per vector (AVX-512F only). Compiled with -mavx512f; run only
// when the CPU (and OS) support AVX-512F. Masks live in vectors as -1/0 like the other kernels;
// compares go through k-registers.
#define BSML_BATCH_KERNEL_IMPL
#include "kernel.h"

#if defined(BSML_BATCH_AVX512_SIMDE)
// Test builds only (bsml_batch_simde, native/src/batch/CMakeLists.txt): the same code on SIMDe's
// portable emulation of the AVX-512F intrinsics, so it runs on CPUs without AVX-512.
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
#else
#include <immintrin.h>
#endif

namespace bsml {
namespace batch {
namespace {

struct Avx512 {
  using vec = __m512i;
  static constexpr size_t W = 8;
  static vec load(const int64_t* p) { return _mm512_loadu_si512(p); }
  static void store(int64_t* p, vec v) { _mm512_storeu_si512(p, v); }
  static vec set1(int64_t x) { return _mm512_set1_epi64(x); }
  static vec zero() { return _mm512_setzero_si512(); }
  static vec add(vec a, vec b) { return _mm512_add_epi64(a, b); }
  static vec sub(vec a, vec b) { return _mm512_sub_epi64(a, b); }
  static vec neg(vec a) { return _mm512_sub_epi64(zero(), a); }
  static vec abs(vec a) { return _mm512_abs_epi64(a); }
  static vec and_(vec a, vec b) { return _mm512_and_si512(a, b); }
  static vec or_(vec a, vec b) { return _mm512_or_si512(a, b); }
  static vec andnot(vec a, vec b) { return _mm512_andnot_si512(a, b); }
  static vec eq(vec a, vec b) { return _mm512_maskz_set1_epi64(_mm512_cmpeq_epi64_mask(a, b), -1); }
  static vec gt(vec a, vec b) { return _mm512_maskz_set1_epi64(_mm512_cmpgt_epi64_mask(a, b), -1); }
  static vec select(vec m, vec a, vec b) { return _mm512_mask_blend_epi64(_mm512_test_epi64_mask(m, m), b, a); }
  static vec min(vec a, vec b) { return _mm512_min_epi64(a, b); }
  static vec max(vec a, vec b) { return _mm512_max_epi64(a, b); }
};

}  // namespace

void run_avx512(const Program& p, int64_t* regs, int64_t* bad, size_t lanes) { Kernel<Avx512>::run(p, regs, bad, lanes); }

}  // namespace batch
}  // namespace bsml
