// Fuzz target (large): initial stacks and witnesses of about 1,000 items, on both sides of the
// limit (bsml_evaluate_large, and bsml_verify_script on witnesses of more than 1,000 items).
//
// Input (fuzz_input.h): control byte, flags, a count byte, then items: the script, then the top of
// the stack (bottom first). The stack has 994 + count items (994..1,249): the items given, under
// copies of them (cyclically, bottom first) or empty items when none is given.
// Control: bits 0-1 the kind, bit 2 spend instead of evaluate, bit 3 a deterministic checker,
// bit 4 an annex (taproot spends), bits 5-7 (kind 3 spends) which other spend.
//   evaluate: kind 0/3 base, 1 witness v0, 2 tapscript: bsml_evaluate_large.
//   spend:    kind 0 P2SH-wrapped P2WSH, 1 P2WSH, 2 taproot script path (leaf 0xc0): the witness is
//             the stack, then the script (then a 33-byte control block, and an annex); kind 3: P2WPKH,
//             an unknown witness version, a taproot control block of a wrong size, another leaf
//             version, a commitment the checker rejects.
//
// Invariants: with at most 1,000 items bsml_evaluate_large is bsml_evaluate (status, success, error,
// op count, stack and altstack bytes); it never declines; a tapscript on more runs no opcode; the
// same input on a fresh context gives the same answer. A P2WSH spend (native or P2SH-wrapped)
// answers as bsml_evaluate_large of its script on the rest of the witness (witness v0), a taproot
// script-path spend as that of the tapscript with the witness's budget: the same failure (error,
// op count, stack, altstack) or success (with the same op count and altstack). A P2WPKH spend of
// more than two items fails with WITNESS_PROGRAM_MISMATCH and the witness as its stack.
#include <cstdint>
#include <cstring>
#include <vector>

#include "bsml/bsml.h"
#include "fuzz_input.h"
#include "fuzz_result.h"

namespace {

using bsml_fuzz::deterministic_schnorr;
using bsml_fuzz::Reader;
using bsml_fuzz::same;
using bsml_fuzz::Snapshot;

constexpr std::size_t kBase = 994;
constexpr std::size_t kMaxStack = kBase + 255;
constexpr std::size_t kMaxResult = kMaxStack + 8;

int ecdsa(void*, bsml_bytes sig, bsml_bytes pk, bsml_bytes, int) {
  if (sig.size == 0 || pk.size == 0) return 0;
  return (pk.data[pk.size - 1] ^ sig.data[0]) & 1;
}

int locktime(void*, std::int64_t v) { return int(v & 1); }
int sequence(void*, std::int64_t v) { return int((v >> 1) & 1); }
int commitment_yes(void*, bsml_bytes, bsml_bytes, const std::uint8_t*) { return 1; }
int commitment_no(void*, bsml_bytes, bsml_bytes, const std::uint8_t*) { return 0; }

Snapshot snapshot(const bsml_context* ctx, bsml_status status, const bsml_result& r) {
  return bsml_fuzz::snapshot(ctx, status, r, kMaxResult);
}

// A failed spend is the failed evaluation; a successful one succeeds with its op count and altstack.
void check_spend_is_evaluation(const Snapshot& spend, const Snapshot& eval) {
  FUZZ_CHECK(spend.status == BSML_DONE && eval.status == BSML_DONE);
  if (!eval.r.success) {
    FUZZ_CHECK(same(spend, eval));
    return;
  }
  FUZZ_CHECK(spend.r.success && spend.r.op_count == eval.r.op_count && spend.alt == eval.alt);
}

std::size_t compact_size_len(std::uint64_t n) { return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffffu ? 5 : 9; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bsml_context* reused = bsml_context_new();
  static bsml_context* other = bsml_context_new();
  FUZZ_CHECK(reused != nullptr && other != nullptr);
  Reader in(data, size);
  const std::uint8_t control = in.byte();
  std::uint32_t flags = in.u32();
  const std::size_t n = kBase + in.byte();
  const bsml_bytes script = in.item();
  static bsml_bytes given[kMaxStack];
  std::size_t g = 0;
  while (!in.empty() && g < n) given[g++] = in.item();
  // The stack, and room above it for a witness's script, control block and annex.
  static bsml_bytes stack[kMaxStack + 3];
  const bsml_bytes empty{nullptr, 0};
  for (std::size_t i = 0; i < n - g; ++i) stack[i] = g ? given[i % g] : empty;
  for (std::size_t i = 0; i < g; ++i) stack[n - g + i] = given[i];

  const int kind = control & 3;
  const bool spend = control & 4;
  const bsml_checker full{nullptr, ecdsa, deterministic_schnorr, locktime, sequence, commitment_yes};
  const bsml_checker* checker = (control & 8) ? &full : nullptr;

  if (!spend) {
    static const int kSigversions[4] = {BSML_SIGVERSION_BASE, BSML_SIGVERSION_WITNESS_V0, BSML_SIGVERSION_TAPSCRIPT,
                                        BSML_SIGVERSION_BASE};
    const int sv = kSigversions[kind];
    bsml_result r;
    std::memset(&r, 0, sizeof r);
    const Snapshot a = snapshot(reused, bsml_evaluate_large(reused, script, stack, n, sv, flags, nullptr, checker, &r), r);
    FUZZ_CHECK(a.status == BSML_DONE);
    std::memset(&r, 0, sizeof r);
    const Snapshot b = snapshot(other, bsml_evaluate_large(other, script, stack, n, sv, flags, nullptr, checker, &r), r);
    FUZZ_CHECK(same(a, b));
    if (n <= BSML_MAX_STACK_SIZE) {
      std::memset(&r, 0, sizeof r);
      const Snapshot c = snapshot(other, bsml_evaluate(other, script, stack, n, sv, flags, nullptr, checker, &r), r);
      FUZZ_CHECK(same(a, c));
    } else {
      FUZZ_CHECK(bsml_evaluate(other, script, stack, n, sv, flags, nullptr, checker, &r) == BSML_DECLINED);
      if (sv == BSML_SIGVERSION_TAPSCRIPT) {
        // Stopped before any opcode: the pre-scan's answer or STACK_SIZE, on the stack as given.
        FUZZ_CHECK(a.r.op_count == 0 && a.r.stack_size == n && a.r.altstack_size == 0);
        FUZZ_CHECK(a.r.error == BSML_ERR_STACK_SIZE || a.r.error == BSML_ERR_OK || a.r.error == BSML_ERR_BAD_OPCODE ||
                   a.r.error == BSML_ERR_DISCOURAGE_OP_SUCCESS);
      }
    }
    return 0;
  }

  // Spends. The witness: the stack, then (by kind) the script, a control block, an annex.
  static std::uint8_t control_block[33];
  static const std::uint8_t kAnnex[3] = {0x50, 0x01, 0x02};
  std::size_t wn = n;
  std::uint8_t program[32];
  bsml_sha256(script.data, script.size, program);
  std::uint8_t spk[35];
  std::size_t spk_n = 0;
  std::uint8_t sig[36];
  std::size_t sig_n = 0;
  bsml_checker spend_checker = full;
  const int other_kind = (control >> 5) % 5;
  flags |= BSML_FLAG_WITNESS;
  if (kind == 0 || kind == 1) {
    flags |= BSML_FLAG_P2SH;
    stack[wn++] = script;
    // OP_0 <sha256(script)>, wrapped: scriptSig pushes it, scriptPubKey HASH160 <hash160> EQUAL.
    std::uint8_t redeem[34] = {0x00, 0x20};
    std::memcpy(redeem + 2, program, 32);
    if (kind == 1) {
      std::memcpy(spk, redeem, 34);
      spk_n = 34;
    } else {
      sig[0] = 34;
      std::memcpy(sig + 1, redeem, 34);
      sig_n = 35;
      std::uint8_t h[32];
      bsml_sha256(redeem, 34, h);
      spk[0] = BSML_OP_HASH160;
      spk[1] = 20;
      bsml_ripemd160(h, 32, spk + 2);
      spk[22] = BSML_OP_EQUAL;
      spk_n = 23;
    }
  } else {
    flags |= BSML_FLAG_TAPROOT;
    // OP_1 <32 bytes> (the checker's commitment callback says whether it commits to the leaf).
    spk[0] = BSML_OP_1;
    spk[1] = 32;
    std::memcpy(spk + 2, program, 32);
    spk_n = 34;
    control_block[0] = 0xc0;
    if (kind == 3) {
      if (other_kind == 0) {  // P2WPKH
        spk[0] = BSML_OP_0;
        spk[1] = 20;
        spk_n = 22;
      } else if (other_kind == 1) {  // witness v2
        spk[0] = BSML_OP_2;
      } else if (other_kind == 3) {
        control_block[0] = 0xc2;
      } else if (other_kind == 4) {
        spend_checker.check_taproot_commitment = commitment_no;
      }
    }
    stack[wn++] = script;
    stack[wn++] = bsml_bytes{control_block, other_kind == 2 && kind == 3 ? 32u : 33u};
    if (control & 16) stack[wn++] = bsml_bytes{kAnnex, sizeof kAnnex};
  }
  bsml_result r;
  std::memset(&r, 0, sizeof r);
  const bsml_bytes sig_b{sig_n ? sig : nullptr, sig_n};
  const bsml_bytes spk_b{spk, spk_n};
  const Snapshot a = snapshot(reused, bsml_verify_script(reused, sig_b, spk_b, stack, wn, flags, &spend_checker, &r), r);
  FUZZ_CHECK(a.status == BSML_DONE);
  std::memset(&r, 0, sizeof r);
  const Snapshot b = snapshot(other, bsml_verify_script(other, sig_b, spk_b, stack, wn, flags, &spend_checker, &r), r);
  FUZZ_CHECK(same(a, b));

  if (kind == 0 || kind == 1) {
    std::memset(&r, 0, sizeof r);
    const Snapshot e = snapshot(other, bsml_evaluate_large(other, script, stack, n, BSML_SIGVERSION_WITNESS_V0, flags, nullptr, &spend_checker, &r), r);
    check_spend_is_evaluation(a, e);
  } else if (kind == 2) {
    // The witness's serialized size plus 50.
    std::int64_t weight = std::int64_t(compact_size_len(wn)) + 50;
    for (std::size_t i = 0; i < wn; ++i) weight += std::int64_t(compact_size_len(stack[i].size) + stack[i].size);
    std::memset(&r, 0, sizeof r);
    const Snapshot e = snapshot(other, bsml_evaluate_large(other, script, stack, n, BSML_SIGVERSION_TAPSCRIPT, flags, &weight, &spend_checker, &r), r);
    check_spend_is_evaluation(a, e);
  } else if (other_kind == 0) {
    FUZZ_CHECK(!a.r.success && a.r.error == BSML_ERR_WITNESS_PROGRAM_MISMATCH && a.r.op_count == 0);
    FUZZ_CHECK(a.r.stack_size == wn && a.r.altstack_size == 0);
    for (std::size_t i = 0; i < wn; ++i) {
      FUZZ_CHECK(a.stack[i].size() == stack[i].size &&
                 (stack[i].size == 0 || std::memcmp(a.stack[i].data(), stack[i].data, stack[i].size) == 0));
    }
  }
  return 0;
}
