#include "cpu.h"

#if BSML_X86_FEATURES
#include <cpuid.h>

namespace bsml {
namespace {

CpuFeatures read_cpu_features() {
  CpuFeatures f{false, false, false};
  unsigned a, b, c, d;
  if (__get_cpuid(1, &a, &b, &c, &d)) {
    f.ssse3 = (c >> 9) & 1;
    f.sse41 = (c >> 19) & 1;
  }
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) f.sha = (b >> 29) & 1;
  return f;
}

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = read_cpu_features();
  return features;
}

}  // namespace bsml
#endif
