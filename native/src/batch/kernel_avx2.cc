// AVX2 kernel: 4 int64 lanes per vector. Compiled with -mavx2; run only when the CPU has AVX2.
#define BSML_BATCH_KERNEL_IMPL
#include "kernel.h"

#include <immintrin.h>

namespace bsml {
namespace batch {
namespace {

struct Avx2 {
  using vec = __m256i;
  static constexpr size_t W = 4;
  static vec load(const int64_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static void store(int64_t* p, vec v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
  static vec set1(int64_t x) { return _mm256_set1_epi64x(x); }
  static vec zero() { return _mm256_setzero_si256(); }
  static vec add(vec a, vec b) { return _mm256_add_epi64(a, b); }
  static vec sub(vec a, vec b) { return _mm256_sub_epi64(a, b); }
  static vec neg(vec a) { return _mm256_sub_epi64(zero(), a); }
  static vec and_(vec a, vec b) { return _mm256_and_si256(a, b); }
  static vec or_(vec a, vec b) { return _mm256_or_si256(a, b); }
  static vec andnot(vec a, vec b) { return _mm256_andnot_si256(a, b); }
  static vec eq(vec a, vec b) { return _mm256_cmpeq_epi64(a, b); }
  static vec gt(vec a, vec b) { return _mm256_cmpgt_epi64(a, b); }
  static vec select(vec m, vec a, vec b) { return _mm256_blendv_epi8(b, a, m); }
  static vec abs(vec a) { return select(gt(zero(), a), neg(a), a); }
  static vec min(vec a, vec b) { return select(gt(a, b), b, a); }
  static vec max(vec a, vec b) { return select(gt(a, b), a, b); }
};

}  // namespace

void run_avx2(const Program& p, int64_t* regs, int64_t* bad, size_t lanes) { Kernel<Avx2>::run(p, regs, bad, lanes); }

}  // namespace batch
}  // namespace bsml
