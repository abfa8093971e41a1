// The batch kernel, written once over a SIMD "vector traits" type V and instantiated per ISA
// (kernel_scalar.cc, kernel_avx2.cc, kernel_avx512.cc, kernel_neon.cc), as simdjson does.
//
// V provides: `vec`, `W` (int64 lanes per vec), load, store, set1, zero, add, sub, neg, abs,
// and_, or_, andnot(a, b) = ~a & b, eq and gt (-1/0 masks), select(m, a, b) = m ? a : b, min, max.
// Arithmetic wraps (lanes whose operands are out of range are already marked bad; their values are
// never read back), so there is no undefined behaviour on any input.
#ifndef BSML_BATCH_KERNEL_H
#define BSML_BATCH_KERNEL_H

#include <cstddef>
#include <cstdint>

#include "program.h"

namespace bsml {
namespace batch {

/** Runs `p` over one chunk: `regs` holds p.registers columns of `lanes` int64 (inputs loaded),
 *  `bad` one column; `lanes` is a multiple of 16. */
using KernelFn = void (*)(const Program& p, int64_t* regs, int64_t* bad, size_t lanes);

void run_scalar(const Program& p, int64_t* regs, int64_t* bad, size_t lanes);
#if defined(BSML_BATCH_HAVE_AVX2)
void run_avx2(const Program& p, int64_t* regs, int64_t* bad, size_t lanes);
#endif
#if defined(BSML_BATCH_HAVE_AVX512)
void run_avx512(const Program& p, int64_t* regs, int64_t* bad, size_t lanes);
#endif
#if defined(BSML_BATCH_HAVE_NEON)
void run_neon(const Program& p, int64_t* regs, int64_t* bad, size_t lanes);
#endif

#ifdef BSML_BATCH_KERNEL_IMPL
namespace {

template <class V>
struct Kernel {
  using vec = typename V::vec;
  static constexpr int64_t kMaxOperand = 0x7fffffff;

  static vec one() { return V::set1(1); }
  /** -1/0 mask -> 1/0 number. */
  static vec bit(vec m) { return V::and_(m, one()); }
  static vec nonzero(vec a) { return V::andnot(V::eq(a, V::zero()), V::set1(-1)); }

  template <class F>
  static void map1(int64_t* d, const int64_t* a, size_t n, F f) {
    for (size_t i = 0; i < n; i += V::W) V::store(d + i, f(V::load(a + i)));
  }
  template <class F>
  static void map2(const Ins& in, int64_t* d, const int64_t* a, const int64_t* b, size_t n, F f) {
    if (in.imm_b) {
      const vec k = V::set1(in.imm);
      for (size_t i = 0; i < n; i += V::W) V::store(d + i, f(V::load(a + i), k));
    } else {
      for (size_t i = 0; i < n; i += V::W) V::store(d + i, f(V::load(a + i), V::load(b + i)));
    }
  }
  template <class F>
  static void flag(int64_t* bad, const int64_t* a, const int64_t* m, size_t n, F f) {
    for (size_t i = 0; i < n; i += V::W) {
      vec fails = V::and_(V::load(m + i), f(V::load(a + i)));
      V::store(bad + i, V::or_(V::load(bad + i), fails));
    }
  }

  static void run(const Program& p, int64_t* regs, int64_t* bad, size_t n) {
    auto col = [&](uint16_t r) { return regs + size_t(r) * n; };
    for (const Ins& in : p.code) {
      int64_t* d = col(in.d);
      const int64_t* a = col(in.a);
      const int64_t* b = col(in.b);
      switch (in.kind) {
        case K::Const: {
          const vec k = V::set1(in.imm);
          for (size_t i = 0; i < n; i += V::W) V::store(d + i, k);
          break;
        }
        case K::Add: map2(in, d, a, b, n, [](vec x, vec y) { return V::add(x, y); }); break;
        case K::Sub: map2(in, d, a, b, n, [](vec x, vec y) { return V::sub(x, y); }); break;
        case K::Neg: map1(d, a, n, [](vec x) { return V::neg(x); }); break;
        case K::Abs: map1(d, a, n, [](vec x) { return V::abs(x); }); break;
        case K::Not: map1(d, a, n, [](vec x) { return bit(V::eq(x, V::zero())); }); break;
        case K::NotZero: map1(d, a, n, [](vec x) { return bit(nonzero(x)); }); break;
        case K::BoolAnd: map2(in, d, a, b, n, [](vec x, vec y) { return bit(V::and_(nonzero(x), nonzero(y))); }); break;
        case K::BoolOr: map2(in, d, a, b, n, [](vec x, vec y) { return bit(V::or_(nonzero(x), nonzero(y))); }); break;
        case K::Eq: map2(in, d, a, b, n, [](vec x, vec y) { return bit(V::eq(x, y)); }); break;
        case K::Ne: map2(in, d, a, b, n, [](vec x, vec y) { return V::andnot(V::eq(x, y), one()); }); break;
        case K::Lt: map2(in, d, a, b, n, [](vec x, vec y) { return bit(V::gt(y, x)); }); break;
        case K::Gt: map2(in, d, a, b, n, [](vec x, vec y) { return bit(V::gt(x, y)); }); break;
        case K::Le: map2(in, d, a, b, n, [](vec x, vec y) { return V::andnot(V::gt(x, y), one()); }); break;
        case K::Ge: map2(in, d, a, b, n, [](vec x, vec y) { return V::andnot(V::gt(y, x), one()); }); break;
        case K::Min: map2(in, d, a, b, n, [](vec x, vec y) { return V::min(x, y); }); break;
        case K::Max: map2(in, d, a, b, n, [](vec x, vec y) { return V::max(x, y); }); break;
        case K::Within: {
          const int64_t* c = col(in.c);
          for (size_t i = 0; i < n; i += V::W) {
            vec x = V::load(a + i), lo = V::load(b + i), hi = V::load(c + i);
            // lo <= x && x < hi  ==  !(lo > x) && (hi > x)
            V::store(d + i, bit(V::andnot(V::gt(lo, x), V::gt(hi, x))));
          }
          break;
        }
        case K::Select: {
          const int64_t* m = col(in.m);
          for (size_t i = 0; i < n; i += V::W) V::store(d + i, V::select(V::load(m + i), V::load(a + i), V::load(b + i)));
          break;
        }
        case K::MaskTrue: {
          const int64_t* m = col(in.m);
          for (size_t i = 0; i < n; i += V::W) V::store(d + i, V::and_(V::load(m + i), nonzero(V::load(a + i))));
          break;
        }
        case K::MaskFalse: {
          const int64_t* m = col(in.m);
          for (size_t i = 0; i < n; i += V::W) V::store(d + i, V::and_(V::load(m + i), V::eq(V::load(a + i), V::zero())));
          break;
        }
        case K::CheckNum:
          flag(bad, a, col(in.m), n, [](vec x) {
            return V::or_(V::gt(x, V::set1(kMaxOperand)), V::gt(V::set1(-kMaxOperand), x));
          });
          break;
        case K::CheckTrue: flag(bad, a, col(in.m), n, [](vec x) { return V::eq(x, V::zero()); }); break;
        case K::CheckBit:
          flag(bad, a, col(in.m), n, [](vec x) { return V::or_(V::gt(x, one()), V::gt(V::zero(), x)); });
          break;
        case K::Flag: {
          const int64_t* m = col(in.m);
          for (size_t i = 0; i < n; i += V::W) V::store(bad + i, V::or_(V::load(bad + i), V::load(m + i)));
          break;
        }
      }
    }
  }
};

}  // namespace
#endif

}  // namespace batch
}  // namespace bsml

#endif
