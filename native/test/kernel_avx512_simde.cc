// Test only (target bsml_batch_simde, native/src/batch/CMakeLists.txt): the AVX-512 kernel's own
// source, compiled without -mavx512f so that its _mm512_* intrinsics come from SIMDe's portable
// emulation (kernel_avx512.cc switches its include on BSML_BATCH_AVX512_SIMDE). A separate file
// because kernel_avx512.cc itself carries -mavx512f as a source property for the real build.
#if !defined(BSML_BATCH_AVX512_SIMDE)
#error "kernel_avx512_simde.cc is built only for bsml_batch_simde"
#endif
#if defined(__AVX512F__)
#error "the SIMDe build of the AVX-512 kernel must not use native AVX-512 instructions"
#endif
#include "../src/batch/kernel_avx512.cc"
