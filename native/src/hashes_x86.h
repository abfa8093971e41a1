// The x86-64 SHA extensions' block functions (hashes_x86.cpp). Internal to the core.
#ifndef BSML_HASHES_X86_H
#define BSML_HASHES_X86_H

#include <cstdint>

// Built on x86-64 with GCC or clang unless BSML_NO_SHA_EXTENSIONS is defined (a portable-only build).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(BSML_NO_SHA_EXTENSIONS)
#define BSML_HAVE_SHA_X86 1
#else
#define BSML_HAVE_SHA_X86 0
#endif

#if BSML_HAVE_SHA_X86
namespace bsml {
namespace x86 {

/** True when this CPU has the SHA extensions and the SSSE3 / SSE4.1 they are used with (CPUID). */
bool hash_extensions_available();
/** One 64-byte block into the SHA-256 state s[8]. Only when hash_extensions_available(). */
void sha256_block(std::uint32_t* s, const std::uint8_t* p);
/** One 64-byte block into the SHA-1 state s[5]. Only when hash_extensions_available(). */
void sha1_block(std::uint32_t* s, const std::uint8_t* p);

}  // namespace x86
}  // namespace bsml
#endif

#endif  // BSML_HASHES_X86_H
