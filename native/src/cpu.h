// What the CPU offers beyond the build's baseline, for the few places the core uses it (the SHA
// instructions in hashes_x86.cpp, the SSSE3 byte shuffle in prescan.cpp). Internal to the core.
#ifndef BSML_CPU_H
#define BSML_CPU_H

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BSML_X86_FEATURES 1

namespace bsml {

struct CpuFeatures {
  bool ssse3, sse41, sha;
};

/** Read with CPUID on first use in the process (it can cost microseconds under a hypervisor), then
    the same value for the process's lifetime. */
const CpuFeatures& cpu_features();

}  // namespace bsml
#else
#define BSML_X86_FEATURES 0
#endif

#endif  // BSML_CPU_H
