// Portable scalar kernel: one int64 lane per "vector"; wrapping arithmetic through uint64.
#define BSML_BATCH_KERNEL_IMPL
#include "kernel.h"

namespace bsml {
namespace batch {
namespace {

struct Scalar {
  using vec = int64_t;
  static constexpr size_t W = 1;
  static vec load(const int64_t* p) { return *p; }
  static void store(int64_t* p, vec v) { *p = v; }
  static vec set1(int64_t x) { return x; }
  static vec zero() { return 0; }
  static vec add(vec a, vec b) { return int64_t(uint64_t(a) + uint64_t(b)); }
  static vec sub(vec a, vec b) { return int64_t(uint64_t(a) - uint64_t(b)); }
  static vec neg(vec a) { return int64_t(uint64_t(0) - uint64_t(a)); }
  static vec abs(vec a) { return a < 0 ? neg(a) : a; }
  static vec and_(vec a, vec b) { return a & b; }
  static vec or_(vec a, vec b) { return a | b; }
  static vec andnot(vec a, vec b) { return ~a & b; }
  static vec eq(vec a, vec b) { return a == b ? -1 : 0; }
  static vec gt(vec a, vec b) { return a > b ? -1 : 0; }
  static vec select(vec m, vec a, vec b) { return m ? a : b; }
  static vec min(vec a, vec b) { return a < b ? a : b; }
  static vec max(vec a, vec b) { return a > b ? a : b; }
};

}  // namespace

void run_scalar(const Program& p, int64_t* regs, int64_t* bad, size_t lanes) { Kernel<Scalar>::run(p, regs, bad, lanes); }

}  // namespace batch
}  // namespace bsml
