// SHA-256 and SHA-1 block functions on the CPU's SHA instructions. Internal to the core.
//  - x86-64 (GCC or clang): the SHA extensions (SHA-NI), in hashes_x86.cpp. Compiled always,
//    used when CPUID reports them.
//  - AArch64 built for a CPU with the SHA1/SHA2 instructions (-march=armv8-a+crypto, +sha2, or any
//    target where the compiler defines __ARM_FEATURE_SHA2), in hashes_arm.cpp: a build-time choice
//    (the core makes no OS calls, so it does not ask the kernel for the CPU's features).
// BSML_NO_SHA_EXTENSIONS builds the portable code only.
#ifndef BSML_HASHES_ACCEL_H
#define BSML_HASHES_ACCEL_H

#include <cstddef>
#include <cstdint>

#if !defined(BSML_NO_SHA_EXTENSIONS) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define BSML_HAVE_SHA_X86 1
#else
#define BSML_HAVE_SHA_X86 0
#endif
#if !defined(BSML_NO_SHA_EXTENSIONS) && defined(__aarch64__) && defined(__ARM_FEATURE_SHA2)
#define BSML_HAVE_SHA_ARM 1
#else
#define BSML_HAVE_SHA_ARM 0
#endif
#define BSML_HAVE_SHA_ACCEL (BSML_HAVE_SHA_X86 || BSML_HAVE_SHA_ARM)

#if BSML_HAVE_SHA_ACCEL
namespace bsml {
namespace accel {

/** True when this CPU runs the block functions below (x86-64: CPUID; AArch64: always, by build). */
bool available();
/** One 64-byte block into the SHA-256 state s[8]. Only when available(). */
void sha256_block(std::uint32_t* s, const std::uint8_t* p);
/** One 64-byte block into the SHA-1 state s[5]. Only when available(). */
void sha1_block(std::uint32_t* s, const std::uint8_t* p);

#if BSML_HAVE_SHA_X86
// One-shot digests with the state kept in registers and the padding built in registers (x86-64).
// Only when available().
void sha256(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]);
/** SHA-256's final state words (the digest's big-endian words), for HASH160. */
void sha256_state(const std::uint8_t* data, std::size_t size, std::uint32_t s[8]);
/** SHA-256 of the SHA-256 digest (HASH256). */
void hash256(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]);
void sha1(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]);
#endif

}  // namespace accel
}  // namespace bsml
#endif

#endif  // BSML_HASHES_ACCEL_H
