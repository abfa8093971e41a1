// NEON kernel (AArch64): 2 int64 lanes per vector.
#define BSML_BATCH_KERNEL_IMPL
#include "kernel.h"

#include <arm_neon.h>

namespace bsml {
namespace batch {
namespace {

struct Neon {
  using vec = int64x2_t;
  static constexpr size_t W = 2;
  static vec load(const int64_t* p) { return vld1q_s64(p); }
  static void store(int64_t* p, vec v) { vst1q_s64(p, v); }
  static vec set1(int64_t x) { return vdupq_n_s64(x); }
  static vec zero() { return vdupq_n_s64(0); }
  static vec add(vec a, vec b) { return vaddq_s64(a, b); }
  static vec sub(vec a, vec b) { return vsubq_s64(a, b); }
  static vec neg(vec a) { return vsubq_s64(zero(), a); }
  static vec and_(vec a, vec b) { return vandq_s64(a, b); }
  static vec or_(vec a, vec b) { return vorrq_s64(a, b); }
  static vec andnot(vec a, vec b) { return vbicq_s64(b, a); }
  static vec eq(vec a, vec b) { return vreinterpretq_s64_u64(vceqq_s64(a, b)); }
  static vec gt(vec a, vec b) { return vreinterpretq_s64_u64(vcgtq_s64(a, b)); }
  static vec select(vec m, vec a, vec b) { return vbslq_s64(vreinterpretq_u64_s64(m), a, b); }
  static vec abs(vec a) { return select(gt(zero(), a), neg(a), a); }
  static vec min(vec a, vec b) { return select(gt(a, b), b, a); }
  static vec max(vec a, vec b) { return select(gt(a, b), a, b); }
};

}  // namespace

void run_neon(const Program& p, int64_t* regs, int64_t* bad, size_t lanes) { Kernel<Neon>::run(p, regs, bad, lanes); }

}  // namespace batch
}  // namespace bsml
