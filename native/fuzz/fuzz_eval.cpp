// Fuzz target (a): arbitrary bytes -> script + initial stack + flags + sigversion -> bsml_evaluate,
// or scriptSig + scriptPubKey + witness -> bsml_verify_script.
//
// Control byte: bits 0-1 sigversion (0 base, 1 witness v0, 2 tapscript, 3 the unsupported TAPROOT
// value, which must be rejected), bit 2 VerifyScript instead of evaluate, bit 3 a deterministic
// checker (answers derived from its arguments), bit 4 an explicit tapscript validation weight
// ((control >> 5) * 50), bit 5 (with bit 3) a checker whose callbacks are all NULL, which must
// answer exactly as no checker.
//
// Invariants: the status is the documented one for the input; a done result names a known error
// and success iff OK; every result item can be read (ASan checks the pointers); the same input
// on a fresh context gives the same result (no state leaks from one evaluation to the next).
#include <cstdint>
#include <cstring>
#include <vector>

#include "bsml/bsml.h"
#include "fuzz_input.h"
#include "fuzz_result.h"

namespace {

using bsml_fuzz::kMaxItems;
using bsml_fuzz::read_result;
using bsml_fuzz::deterministic_schnorr;
using bsml_fuzz::Reader;
using bsml_fuzz::same;
using bsml_fuzz::Snapshot;

int ecdsa(void*, bsml_bytes sig, bsml_bytes pk, bsml_bytes code, int) {
  if (sig.size == 0 || pk.size == 0) return 0;
  if (code.size && code.data[0] == 0xff) return BSML_CHECK_ABORT;
  return (pk.data[pk.size - 1] ^ sig.data[0]) & 1;
}

int locktime(void*, std::int64_t v) {
  FUZZ_CHECK(v >= 0);
  return v % 3 == 2 ? BSML_CHECK_ABORT : int(v & 1);
}

int sequence(void*, std::int64_t v) {
  FUZZ_CHECK(v >= 0);
  return int((v >> 1) & 1);
}

struct Call {
  bool verify;
  int sigversion;
  std::uint32_t flags;
  bool has_weight;
  std::int64_t weight;
  const bsml_checker* checker;
  const bsml_bytes* items;
  std::size_t n;
};

Snapshot run(bsml_context* ctx, const Call& c) {
  Snapshot s;
  std::memset(&s.r, 0, sizeof s.r);
  if (c.verify) {
    const bsml_bytes empty{nullptr, 0};
    const bsml_bytes sig = c.n > 0 ? c.items[0] : empty;
    const bsml_bytes spk = c.n > 1 ? c.items[1] : empty;
    const std::size_t wn = c.n > 2 ? c.n - 2 : 0;
    s.status = bsml_verify_script(ctx, sig, spk, wn ? c.items + 2 : nullptr, wn, c.flags, c.checker, &s.r);
  } else {
    const bsml_bytes empty{nullptr, 0};
    const bsml_bytes script = c.n > 0 ? c.items[0] : empty;
    const std::size_t sn = c.n > 1 ? c.n - 1 : 0;
    s.status = bsml_evaluate(ctx, script, sn ? c.items + 1 : nullptr, sn, c.sigversion, c.flags,
                             c.has_weight ? &c.weight : nullptr, c.checker, &s.r);
  }
  read_result(ctx, s);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bsml_context* reused = bsml_context_new();
  FUZZ_CHECK(reused != nullptr);
  Reader in(data, size);
  const std::uint8_t control = in.byte();
  const std::uint32_t flags = in.u32();
  static bsml_bytes items[kMaxItems];
  std::size_t n = 0;
  while (!in.empty() && n < kMaxItems) items[n++] = in.item();

  static const int kSigversions[4] = {BSML_SIGVERSION_BASE, BSML_SIGVERSION_WITNESS_V0, BSML_SIGVERSION_TAPSCRIPT,
                                      BSML_SIGVERSION_TAPROOT};
  const bsml_checker full{nullptr, ecdsa, deterministic_schnorr, locktime, sequence, nullptr};
  const bsml_checker nulls{nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  const bool use_checker = control & 8;
  const bool null_callbacks = use_checker && (control & 32);
  Call c{(control & 4) != 0,
         kSigversions[control & 3],
         flags,
         (control & 16) != 0,
         std::int64_t(control >> 5) * 50,
         use_checker ? (null_callbacks ? &nulls : &full) : nullptr,
         items,
         n};

  const Snapshot a = run(reused, c);
  if (c.verify) {
    const std::size_t wn = n > 2 ? n - 2 : 0;
    if (wn > BSML_MAX_STACK_SIZE) FUZZ_CHECK(a.status == BSML_DECLINED);
    else FUZZ_CHECK(a.status == BSML_DONE || a.status == BSML_DECLINED);
  } else {
    const std::size_t sn = n > 1 ? n - 1 : 0;
    if (c.sigversion == BSML_SIGVERSION_TAPROOT) FUZZ_CHECK(a.status == BSML_BAD_ARGUMENT);
    else if (sn > BSML_MAX_STACK_SIZE) FUZZ_CHECK(a.status == BSML_DECLINED);
    else FUZZ_CHECK(a.status == BSML_DONE);
  }
  if (a.status == BSML_DONE && a.r.success) {
    const bool legacy_eval = !c.verify && c.sigversion != BSML_SIGVERSION_TAPSCRIPT;
    if (legacy_eval) FUZZ_CHECK(a.r.op_count <= BSML_MAX_OPS_PER_SCRIPT);
    // (A tapscript OP_SUCCESSx succeeds whatever the stack holds.)
    if (!c.verify && c.sigversion == BSML_SIGVERSION_WITNESS_V0) FUZZ_CHECK(a.r.stack_size == 1);
    if (!c.verify && c.sigversion == BSML_SIGVERSION_BASE) FUZZ_CHECK(a.r.stack_size >= 1);
  }

  // The same call on a fresh context, and (for the all-NULL checker) with no checker at all.
  bsml_context* fresh = bsml_context_new();
  FUZZ_CHECK(fresh != nullptr);
  const Snapshot b = run(fresh, c);
  FUZZ_CHECK(same(a, b));
  if (null_callbacks) {
    Call plain = c;
    plain.checker = nullptr;
    const Snapshot d = run(fresh, plain);
    FUZZ_CHECK(same(a, d));
  }
  bsml_context_free(fresh);
  return 0;
}
