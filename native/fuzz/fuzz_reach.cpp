// Fuzz target (reach): bsml_stack_reach is sound, and bsml_evaluate_top equals bsml_evaluate.
//
// Input (fuzz_input.h): control byte, flags, then items: the script, then the initial stack.
// Control: bits 0-1 sigversion (0 base, 1 witness v0, 2 tapscript, 3 base), bits 2-7 how many of
// the items below the reach to leave out (a share of them, 0..63 of 63).
//
// For reach = bsml_stack_reach(script): when the stack holds more items than the reach, the bottom
// `bare` of them are left out and bsml_evaluate_top runs on the rest, with the left-out items' sizes
// (witness sigversions). It must answer DONE exactly when bsml_evaluate on the whole stack does,
// with the same success, error, op count, stack and altstack sizes, the same bytes for every item
// above the left-out ones and for the altstack, and for the left-out ones (still in place at the
// bottom) their size (witness) or 0 (base) and no bytes. The whole-stack run sees the real bytes
// and evaluate_top zeros, so a script that read a left-out item would tell them apart (the stack
// bytes here are random). With nothing left out it is bsml_evaluate, whatever the reach.
#include <cstdint>
#include <cstring>
#include <vector>

#include "bsml/bsml.h"
#include "fuzz_input.h"
#include "fuzz_result.h"

namespace {

using bsml_fuzz::kMaxItems;
using bsml_fuzz::Reader;
using bsml_fuzz::snapshot;
using bsml_fuzz::Snapshot;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static bsml_context* whole_ctx = bsml_context_new();
  static bsml_context* top_ctx = bsml_context_new();
  FUZZ_CHECK(whole_ctx != nullptr && top_ctx != nullptr);
  Reader in(data, size);
  const std::uint8_t control = in.byte();
  const std::uint32_t flags = in.u32();
  static const int kSigversions[4] = {BSML_SIGVERSION_BASE, BSML_SIGVERSION_WITNESS_V0, BSML_SIGVERSION_TAPSCRIPT,
                                      BSML_SIGVERSION_BASE};
  const int sv = kSigversions[control & 3];
  const bsml_bytes script = in.item();
  static bsml_bytes stack[kMaxItems];
  static std::uint32_t sizes[kMaxItems];
  std::size_t n = 0;
  while (!in.empty() && n < kMaxItems) stack[n++] = in.item();

  const std::size_t reach = bsml_stack_reach(script, sv, flags);
  // The same answer for the same script (no state).
  FUZZ_CHECK(bsml_stack_reach(script, sv, flags) == reach);

  bsml_result wr;
  std::memset(&wr, 0, sizeof wr);
  const bsml_status ws = bsml_evaluate(whole_ctx, script, n ? stack : nullptr, n, sv, flags, nullptr, nullptr, &wr);
  const Snapshot whole = snapshot(whole_ctx, ws, wr);

  // How many items to leave out: none when the script may reach them all.
  const std::size_t below = reach < n ? n - reach : 0;
  const std::size_t bare = below * std::size_t(control >> 2) / 63;
  for (std::size_t i = 0; i < bare; ++i) sizes[i] = std::uint32_t(stack[i].size);
  bsml_result tr;
  std::memset(&tr, 0, sizeof tr);
  const bsml_status ts = bsml_evaluate_top(top_ctx, script, n - bare ? stack + bare : nullptr, n - bare, bare,
                                           sv == BSML_SIGVERSION_BASE ? nullptr : sizes, sv, flags, nullptr, nullptr, &tr);
  const Snapshot top = snapshot(top_ctx, ts, tr);

  if (ws != BSML_DONE) {
    FUZZ_CHECK(ts != BSML_DONE);
    return 0;
  }
  // bare is chosen below the reach, so evaluate_top runs (with bare = 0 it is bsml_evaluate),
  // unless a left-out witness item is over 520 bytes (its bytes could not be given back).
  bool oversized = false;
  for (std::size_t i = 0; i < bare; ++i) oversized |= sv != BSML_SIGVERSION_BASE && stack[i].size > BSML_MAX_SCRIPT_ELEMENT_SIZE;
  if (oversized) {
    FUZZ_CHECK(ts == BSML_DECLINED);
    return 0;
  }
  FUZZ_CHECK(ts == BSML_DONE);
  FUZZ_CHECK(whole.r.success == top.r.success && whole.r.error == top.r.error && whole.r.op_count == top.r.op_count);
  FUZZ_CHECK(whole.r.stack_size == top.r.stack_size && whole.r.altstack_size == top.r.altstack_size);
  FUZZ_CHECK(whole.alt == top.alt);
  FUZZ_CHECK(whole.r.stack_size >= bare);  // the script cannot pop what it cannot reach
  for (std::size_t i = 0; i < whole.stack.size(); ++i) {
    if (i < bare && i < top.stack.size()) {
      // A left-out item, in place: the whole run still holds the caller's item there.
      FUZZ_CHECK(whole.stack[i].size() == stack[i].size && (stack[i].size == 0 || std::memcmp(whole.stack[i].data(), stack[i].data, stack[i].size) == 0));
      FUZZ_CHECK(top.stack[i].size() == (sv == BSML_SIGVERSION_BASE ? 0 : stack[i].size));
    } else {
      FUZZ_CHECK(whole.stack[i] == top.stack[i]);
    }
  }
  return 0;
}
