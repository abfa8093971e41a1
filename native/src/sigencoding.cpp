#include "sigencoding.h"

#include <cstring>

#include "bsml/bsml.h"
#include "script.h"

namespace bsml {
namespace {

constexpr std::uint8_t kSighashAnyoneCanPay = 0x80;
// secp256k1 group order n and n/2, big-endian.
constexpr std::uint8_t kCurveN[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                      0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                      0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
constexpr std::uint8_t kHalfN[32] = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                                     0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

// Compares the big-endian integer b[0..n) with the 32-byte constant k: -1, 0, 1.
int compare_be(const std::uint8_t* b, std::size_t n, const std::uint8_t* k) {
  while (n > 0 && b[0] == 0) {
    ++b;
    --n;
  }
  if (n > 32) return 1;
  std::uint8_t v[32] = {0};
  std::memcpy(v + (32 - n), b, n);
  for (int i = 0; i < 32; ++i) {
    if (v[i] != k[i]) return v[i] < k[i] ? -1 : 1;
  }
  return 0;
}

// Core's IsValidSignatureEncoding.
bool is_valid_signature_encoding(const std::uint8_t* sig, std::size_t n) {
  if (n < 9 || n > 73) return false;
  if (sig[0] != 0x30) return false;
  if (sig[1] != n - 3) return false;
  const std::size_t len_r = sig[3];
  if (5 + len_r >= n) return false;
  const std::size_t len_s = sig[5 + len_r];
  if (len_r + len_s + 7 != n) return false;
  if (sig[2] != 0x02) return false;
  if (len_r == 0) return false;
  if (sig[4] & 0x80) return false;
  if (len_r > 1 && sig[4] == 0x00 && !(sig[5] & 0x80)) return false;
  if (sig[len_r + 4] != 0x02) return false;
  if (len_s == 0) return false;
  if (sig[len_r + 6] & 0x80) return false;
  if (len_s > 1 && sig[len_r + 6] == 0x00 && !(sig[len_r + 7] & 0x80)) return false;
  return true;
}

// Low S on a strictly encoded signature; an R or S overflowing n counts as low (lax parser).
bool is_low_s(const std::uint8_t* der) {
  const std::size_t len_r = der[3];
  const std::size_t len_s = der[5 + len_r];
  const std::uint8_t* r = der + 4;
  const std::uint8_t* s = der + 6 + len_r;
  if (compare_be(r, len_r, kCurveN) >= 0 || compare_be(s, len_s, kCurveN) >= 0) return true;
  return compare_be(s, len_s, kHalfN) <= 0;
}

bool is_defined_hashtype(const std::uint8_t* sig, std::size_t n) {
  if (n == 0) return false;
  const int t = sig[n - 1] & ~kSighashAnyoneCanPay;
  return t >= 1 && t <= 3;
}

bool is_compressed_or_uncompressed(const std::uint8_t* pk, std::size_t n) {
  if (n < 33) return false;
  if (pk[0] == 0x04) return n == 65;
  if (pk[0] == 0x02 || pk[0] == 0x03) return n == 33;
  return false;
}

}  // namespace

int check_signature_encoding(const std::uint8_t* sig, std::size_t n, std::uint32_t flags) {
  if (n == 0) return BSML_ERR_OK;
  if ((flags & (BSML_FLAG_DERSIG | BSML_FLAG_LOW_S | BSML_FLAG_STRICTENC)) && !is_valid_signature_encoding(sig, n)) {
    return BSML_ERR_SIG_DER;
  }
  if ((flags & BSML_FLAG_LOW_S) && !is_low_s(sig)) return BSML_ERR_SIG_HIGH_S;
  if ((flags & BSML_FLAG_STRICTENC) && !is_defined_hashtype(sig, n)) return BSML_ERR_SIG_HASHTYPE;
  return BSML_ERR_OK;
}

int check_pubkey_encoding(const std::uint8_t* pk, std::size_t n, std::uint32_t flags, int sigversion) {
  if ((flags & BSML_FLAG_STRICTENC) && !is_compressed_or_uncompressed(pk, n)) return BSML_ERR_PUBKEYTYPE;
  if ((flags & BSML_FLAG_WITNESS_PUBKEYTYPE) && sigversion == BSML_SIGVERSION_WITNESS_V0 &&
      !(n == 33 && (pk[0] == 0x02 || pk[0] == 0x03))) {
    return BSML_ERR_WITNESS_PUBKEYTYPE;
  }
  return BSML_ERR_OK;
}

std::size_t find_and_delete(std::uint8_t* script, std::size_t* size, const std::uint8_t* head, std::size_t head_size,
                            const std::uint8_t* body, std::size_t body_size) {
  const std::size_t needle_size = head_size + body_size;
  if (needle_size == 0) return 0;
  const std::size_t end = *size;
  std::size_t found = 0;
  std::size_t out = 0;  // write position; always <= pc2 <= pc, so the copy can run in place
  std::size_t pc = 0;
  std::size_t pc2 = 0;
  Instruction ins;
  for (;;) {
    if (pc > pc2) std::memmove(script + out, script + pc2, pc - pc2);
    out += pc - pc2;
    while (end - pc >= needle_size && std::memcmp(script + pc, head, head_size) == 0 &&
           (body_size == 0 || std::memcmp(script + pc + head_size, body, body_size) == 0)) {
      pc += needle_size;
      ++found;
    }
    pc2 = pc;
    if (pc >= end) break;
    if (!read_instruction(script, end, pc, ins)) break;
    pc = ins.end;
  }
  if (found == 0) return 0;
  if (end > pc2) std::memmove(script + out, script + pc2, end - pc2);
  out += end - pc2;
  *size = out;
  return found;
}

}  // namespace bsml
