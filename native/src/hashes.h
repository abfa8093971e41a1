// SHA-256, RIPEMD-160 and SHA-1 (one-shot), written for the interpreter's hash opcodes. SHA-256
// and SHA-1 use the CPU's SHA extensions where it has them (x86-64 SHA-NI), the portable code
// otherwise; the digests are the same. The one-shot functions read all of their input before they
// write the digest, so `out` may be the input's own bytes (the interpreter hashes an item of at
// most 32 bytes in place; native/test/hashes_test.cpp holds every function to it).
#ifndef BSML_HASHES_H
#define BSML_HASHES_H

#include <cstddef>
#include <cstdint>

namespace bsml {

void sha256(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]);

/** Incremental SHA-256 (for messages built from parts: tagged hashes, the annex hash). */
class Sha256 {
 public:
  Sha256();
  Sha256& write(const std::uint8_t* data, std::size_t size);
  void finish(std::uint8_t out[32]);

 private:
  void block(const std::uint8_t* p);
  std::uint32_t s_[8];
  std::uint8_t buf_[64];
  std::uint64_t bytes_;
  bool ext_;
};
void ripemd160(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]);
void sha1(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]);
/** HASH160: RIPEMD-160 of the SHA-256 digest (the intermediate digest stays in registers). */
void hash160(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]);
/** HASH256: SHA-256 of the SHA-256 digest. */
void hash256(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]);
#define BSML_HASHES_HAVE_HASH160 1

/** The digest of the hash opcode `opcode` (0xa6 RIPEMD160, 0xa7 SHA1, 0xa8 SHA256, 0xa9 HASH160,
    anything else HASH256) into out; returns its length (20 or 32). One call for the interpreter. */
std::size_t hash_opcode(unsigned opcode, const std::uint8_t* data, std::size_t size, std::uint8_t out[32]);

// For tests: the portable SHA-256 and SHA-1 (what sha256, Sha256 and sha1 run on CPUs without
// the SHA extensions), and whether this process uses the extensions.
void sha256_portable(const std::uint8_t* data, std::size_t size, std::uint8_t out[32]);
void sha1_portable(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]);
bool hash_extensions_in_use();

}  // namespace bsml

#endif  // BSML_HASHES_H
