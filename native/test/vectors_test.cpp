// Runs Bitcoin Core's public script test vectors (pre-parsed by scripts/gen-native-vectors.mjs)
// through bsml_verify_script, as Core's driver does: lock-time checks against Core's test spend
// (version 1, nLockTime 0, nSequence 0xffffffff); signature checks fail and, when a non-empty
// signature is checked, the case is counted as skipped (it would need real signatures).
// Expected results come from the JSON. Declined cases (taproot) are counted, never passed.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bsml/bsml.h"
#include "hexutil.h"

namespace {

struct Tx {
  std::uint32_t version;
  std::uint32_t lock_time;
  std::uint32_t sequence;
  int consulted;
};

// Core's CheckLockTime (BIP65).
int check_locktime(void* user, std::int64_t lock_time) {
  const Tx* tx = static_cast<const Tx*>(user);
  const std::int64_t tx_lock = tx->lock_time;
  const std::int64_t th = BSML_LOCKTIME_THRESHOLD;
  if (!((tx_lock < th && lock_time < th) || (tx_lock >= th && lock_time >= th))) return 0;
  if (lock_time > tx_lock) return 0;
  if (tx->sequence == BSML_SEQUENCE_FINAL) return 0;
  return 1;
}

// Core's CheckSequence (BIP112).
int check_sequence(void* user, std::int64_t sequence) {
  const Tx* tx = static_cast<const Tx*>(user);
  const std::int64_t tx_seq = tx->sequence;
  if (tx->version < 2) return 0;
  if (tx_seq & std::int64_t(BSML_SEQUENCE_LOCKTIME_DISABLE_FLAG)) return 0;
  const std::int64_t mask = BSML_SEQUENCE_LOCKTIME_TYPE_FLAG | BSML_SEQUENCE_LOCKTIME_MASK;
  const std::int64_t tx_masked = tx_seq & mask;
  const std::int64_t masked = sequence & mask;
  const std::int64_t type = BSML_SEQUENCE_LOCKTIME_TYPE_FLAG;
  if (!((tx_masked < type && masked < type) || (tx_masked >= type && masked >= type))) return 0;
  return masked <= tx_masked ? 1 : 0;
}

int check_ecdsa(void* user, bsml_bytes sig, bsml_bytes, bsml_bytes, int) {
  if (sig.size) static_cast<Tx*>(user)->consulted = 1;
  return 0;
}

int check_schnorr(void* user, bsml_bytes sig, bsml_bytes, int, const bsml_exec_data*) {
  if (sig.size) static_cast<Tx*>(user)->consulted = 1;
  return BSML_CHECK_INVALID;
}

constexpr std::size_t kBuf = 1 << 20;
char g_line[kBuf];
std::uint8_t g_bytes[kBuf];
bsml_bytes g_witness[1024];

int error_code(const char* name) {
  for (int i = 0; i < BSML_ERR_COUNT; ++i) {
    if (std::strcmp(bsml_error_name(i), name) == 0) return i;
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bsml-vectors-test FILE\n");
    return 2;
  }
  std::FILE* f = std::fopen(argv[1], "r");
  if (!f) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 2;
  }
  bsml_context* ctx = bsml_context_new();
  int passed = 0, failed = 0, skipped = 0, declined = 0, line_no = 0;
  while (std::fgets(g_line, sizeof g_line, f)) {
    ++line_no;
    if (g_line[0] == '#' || g_line[0] == '\n') continue;
    char* tok[2048];
    int nt = 0;
    for (char* p = std::strtok(g_line, " \n"); p && nt < 2048; p = std::strtok(nullptr, " \n")) tok[nt++] = p;
    if (nt < 6) {
      std::fprintf(stderr, "line %d: malformed\n", line_no);
      return 2;
    }
    const int index = std::atoi(tok[0]);
    const std::uint32_t flags = std::uint32_t(std::strtoul(tok[1], nullptr, 16));
    const int expected = error_code(tok[2]);
    if (expected < 0) {
      std::fprintf(stderr, "line %d: unknown error %s\n", line_no, tok[2]);
      return 2;
    }
    std::size_t used = 0;
    auto bytes = [&](const char* h, bsml_bytes& out) {
      if (std::strcmp(h, "-") == 0) {
        out = bsml_bytes{nullptr, 0};
        return true;
      }
      const long n = bsml_tools::from_hex(h, std::strlen(h), g_bytes + used, kBuf - used);
      if (n < 0) return false;
      out = bsml_bytes{g_bytes + used, std::size_t(n)};
      used += std::size_t(n);
      return true;
    };
    bsml_bytes sig, spk;
    const int nw = std::atoi(tok[5]);
    bool ok = bytes(tok[3], sig) && bytes(tok[4], spk) && nw >= 0 && nw <= 1024 && nt == 6 + nw;
    for (int i = 0; ok && i < nw; ++i) ok = bytes(tok[6 + i], g_witness[i]);
    if (!ok) {
      std::fprintf(stderr, "line %d: malformed\n", line_no);
      return 2;
    }
    Tx tx{1, 0, 0xffffffffu, 0};
    bsml_checker checker{&tx, check_ecdsa, check_schnorr, check_locktime, check_sequence, nullptr};
    bsml_result r;
    const bsml_status st = bsml_verify_script(ctx, sig, spk, g_witness, std::size_t(nw), flags, &checker, &r);
    if (st == BSML_DECLINED) {
      ++declined;
      continue;
    }
    if (st != BSML_DONE) {
      std::printf("FAIL #%d: status %d\n", index, int(st));
      ++failed;
      continue;
    }
    if (tx.consulted) {
      ++skipped;
      continue;
    }
    if ((r.success != 0) == (expected == BSML_ERR_OK) && r.error == expected) {
      ++passed;
    } else {
      ++failed;
      std::printf("FAIL #%d: expected %s, got %s%s\n", index, bsml_error_name(expected), bsml_error_name(r.error),
                  r.success ? " (success)" : "");
    }
  }
  std::fclose(f);
  bsml_context_free(ctx);
  std::printf("declined %d (taproot spends: need secp256k1)\n", declined);
  std::printf("vectors: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed == 0 && passed > 0 ? 0 : 1;
}
