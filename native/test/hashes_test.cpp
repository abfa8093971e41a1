// SHA-256 and SHA-1 as the core runs them (sha256, Sha256, sha1: on the CPU's SHA extensions where
// it has them) against known digests (FIPS 180 examples) and against the portable code on every
// length from 0 to 1,200 bytes (padding in one or two blocks, each block boundary) and on
// incremental writes split at every point of a message; RIPEMD-160 against its authors' examples;
// HASH160 and HASH256 against RIPEMD-160 / SHA-256 of the portable SHA-256. Each message is hashed
// from a heap block of exactly its length (a sanitizer build reports any read past its end). Messages of
// up to 32 bytes are also hashed in place (the digest over the message, as the interpreter does).
// Prints which code ran; exit 1 on a mismatch,
// or with --expect-extensions when the core does not use the CPU's SHA instructions.
#include <cstdio>
#include <cstring>
#include <vector>

#include "bsml/bsml.h"
#include "hashes.h"

namespace {

int failures = 0;

std::vector<std::uint8_t> unhex(const char* h) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; h[i] && h[i + 1]; i += 2) {
    auto nib = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    out.push_back(std::uint8_t(nib(h[i]) * 16 + nib(h[i + 1])));
  }
  return out;
}

void expect(bool ok, const char* what, std::size_t n) {
  if (!ok) {
    ++failures;
    if (failures <= 10) std::fprintf(stderr, "mismatch: %s (length %zu)\n", what, n);
  }
}

void known(const char* msg, std::size_t repeat, const char* sha256_hex, const char* sha1_hex, const char* ripemd160_hex) {
  std::vector<std::uint8_t> m;
  for (std::size_t i = 0; i < repeat; ++i) m.insert(m.end(), msg, msg + std::strlen(msg));
  std::uint8_t h[32];
  bsml::sha256(m.data(), m.size(), h);
  expect(std::memcmp(h, unhex(sha256_hex).data(), 32) == 0, "sha256 known digest", m.size());
  bsml::Sha256().write(m.data(), m.size()).finish(h);
  expect(std::memcmp(h, unhex(sha256_hex).data(), 32) == 0, "Sha256 known digest", m.size());
  bsml::sha1(m.data(), m.size(), h);
  expect(std::memcmp(h, unhex(sha1_hex).data(), 20) == 0, "sha1 known digest", m.size());
  bsml::ripemd160(m.data(), m.size(), h);
  expect(std::memcmp(h, unhex(ripemd160_hex).data(), 20) == 0, "ripemd160 known digest", m.size());
}

}  // namespace

int main(int argc, char** argv) {
  const bool expect_extensions = argc > 1 && std::strcmp(argv[1], "--expect-extensions") == 0;
  known("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "a9993e364706816aba3e25717850c26c9cd0d89d",
        "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  known("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "9c1185a5c5e9fc54612808977ee8f548b2258d31");
  known("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
        "12a053384a9c0c88e405a06c27dcf49ada62eb2b");
  known("a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
        "52783243c1697bdbe16d37f97f68f08325dc1528");

  // A fixed pseudo-random message (xorshift), so any failure replays.
  std::vector<std::uint8_t> m(1200);
  std::uint32_t x = 0x9e3779b9u;
  for (auto& b : m) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = std::uint8_t(x >> 24);
  }
  for (std::size_t n = 0; n <= m.size(); ++n) {
    const std::vector<std::uint8_t> exact(m.begin(), m.begin() + std::ptrdiff_t(n));
    const std::uint8_t* d = exact.data();
    std::uint8_t a[32], b[32], c[32];
    bsml::sha256(d, n, a);
    bsml::sha256_portable(d, n, b);
    expect(std::memcmp(a, b, 32) == 0, "sha256 vs portable", n);
    bsml::hash160(d, n, a);
    bsml::ripemd160(b, 32, c);
    expect(std::memcmp(a, c, 20) == 0, "hash160 vs ripemd160(sha256_portable)", n);
    bsml::hash256(d, n, a);
    bsml::sha256_portable(b, 32, c);
    expect(std::memcmp(a, c, 32) == 0, "hash256 vs sha256_portable twice", n);
    bsml::sha1(d, n, a);
    bsml::sha1_portable(d, n, b);
    expect(std::memcmp(a, b, 20) == 0, "sha1 vs portable", n);
  }
  for (std::size_t n : {std::size_t(0), std::size_t(55), std::size_t(64), std::size_t(200), std::size_t(1200)}) {
    std::uint8_t whole[32];
    bsml::sha256_portable(m.data(), n, whole);
    for (std::size_t cut = 0; cut <= n; ++cut) {
      std::uint8_t h[32];
      bsml::Sha256().write(m.data(), cut).write(m.data() + cut, n - cut).finish(h);
      expect(std::memcmp(h, whole, 32) == 0, "Sha256 split vs portable", n);
    }
  }
  // The interpreter hashes an item of at most 32 bytes into its own bytes (hashes.h: every input
  // byte is read before the digest is written): each opcode's hash and the portable ones in place.
  const unsigned ops[] = {BSML_OP_RIPEMD160, BSML_OP_SHA1, BSML_OP_SHA256, BSML_OP_HASH160, BSML_OP_HASH256};
  for (std::size_t n = 0; n <= 32; ++n) {
    for (unsigned op : ops) {
      std::uint8_t apart[32], same[32];
      std::memcpy(same, m.data() + n, n);
      const std::size_t k = bsml::hash_opcode(op, m.data() + n, n, apart);
      expect(bsml::hash_opcode(op, same, n, same) == k && std::memcmp(same, apart, k) == 0, "hash_opcode in place", n);
    }
    std::uint8_t apart[32], same[32];
    std::memcpy(same, m.data(), n);
    bsml::sha256_portable(m.data(), n, apart);
    bsml::sha256_portable(same, n, same);
    expect(std::memcmp(same, apart, 32) == 0, "sha256_portable in place", n);
    std::memcpy(same, m.data(), n);
    bsml::sha1_portable(m.data(), n, apart);
    bsml::sha1_portable(same, n, same);
    expect(std::memcmp(same, apart, 20) == 0, "sha1_portable in place", n);
  }
  const bool ext = bsml::hash_extensions_in_use();
  std::printf("hashes: %s; %d mismatches\n", ext ? "SHA extensions" : "portable code", failures);
  if (expect_extensions && !ext) std::fprintf(stderr, "hashes: the SHA instructions were expected but are not used\n");
  return failures || (expect_extensions && !ext) ? 1 : 0;
}
