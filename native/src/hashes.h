// SHA-256, RIPEMD-160 and SHA-1 (one-shot), written for the interpreter's hash opcodes.
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
  std::uint32_t s_[8];
  std::uint8_t buf_[64];
  std::uint64_t bytes_;
};
void ripemd160(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]);
void sha1(const std::uint8_t* data, std::size_t size, std::uint8_t out[20]);

}  // namespace bsml

#endif  // BSML_HASHES_H
