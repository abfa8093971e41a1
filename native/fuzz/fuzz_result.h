// A result of the C API read in full, with the invariants every done result keeps (shared by the
// fuzz targets that compare two runs).
#ifndef BSML_FUZZ_RESULT_H
#define BSML_FUZZ_RESULT_H

#include <cstdint>
#include <vector>

#include "bsml/bsml.h"
#include "fuzz_input.h"

namespace bsml_fuzz {

constexpr std::size_t kMaxItems = BSML_MAX_STACK_SIZE + 8;

struct Snapshot {
  bsml_status status;
  bsml_result r;
  std::vector<std::vector<std::uint8_t>> stack, alt;
};

// Reads the stack and altstack of a done result (`s.status`, `s.r` set): a known error, success iff
// OK, at most `max_items` items in all, every item readable (ASan checks the pointers), nothing
// past either end.
inline void read_result(const bsml_context* ctx, Snapshot& s, std::size_t max_items = kMaxItems) {
  if (s.status != BSML_DONE) return;
  const bsml_result& r = s.r;
  FUZZ_CHECK(r.error >= 0 && r.error < BSML_ERR_COUNT);
  FUZZ_CHECK((r.success != 0) == (r.error == BSML_ERR_OK));
  FUZZ_CHECK(r.stack_size + r.altstack_size <= max_items);
  for (std::size_t i = 0; i < r.stack_size; ++i) {
    const bsml_bytes b = bsml_result_stack_item(ctx, i);
    FUZZ_CHECK(b.data != nullptr || b.size == 0);
    s.stack.emplace_back(b.data, b.data + b.size);
  }
  for (std::size_t i = 0; i < r.altstack_size; ++i) {
    const bsml_bytes b = bsml_result_altstack_item(ctx, i);
    FUZZ_CHECK(b.data != nullptr || b.size == 0);
    s.alt.emplace_back(b.data, b.data + b.size);
  }
  const bsml_bytes past = bsml_result_stack_item(ctx, r.stack_size);
  FUZZ_CHECK(past.data == nullptr && past.size == 0);
  const bsml_bytes past_alt = bsml_result_altstack_item(ctx, r.altstack_size);
  FUZZ_CHECK(past_alt.data == nullptr && past_alt.size == 0);
}

// read_result on a status and result.
inline Snapshot snapshot(const bsml_context* ctx, bsml_status status, const bsml_result& r, std::size_t max_items = kMaxItems) {
  Snapshot s{status, r, {}, {}};
  read_result(ctx, s, max_items);
  return s;
}

// A deterministic BIP340 callback: its answer from the signature's first bytes (valid, invalid, an
// error code, some out of range, or abort); checks the execution data it gets.
inline int deterministic_schnorr(void*, bsml_bytes sig, bsml_bytes, int, const bsml_exec_data* ed) {
  FUZZ_CHECK(ed != nullptr && ed->validation_weight_left >= 0);
  switch (sig.data[0] & 3) {
    case 0: return BSML_CHECK_VALID;
    case 1: return BSML_CHECK_INVALID;
    case 2: return int(sig.size > 1 ? sig.data[1] : 0) - 4;  // error codes, some out of range
    default: return BSML_CHECK_ABORT;
  }
}

// The same answer: status, and for a done result success, error, op count, stack and altstack.
inline bool same(const Snapshot& a, const Snapshot& b) {
  if (a.status != b.status) return false;
  if (a.status != BSML_DONE) return true;
  return a.r.success == b.r.success && a.r.error == b.r.error && a.r.op_count == b.r.op_count &&
         a.r.stack_size == b.r.stack_size && a.r.altstack_size == b.r.altstack_size && a.stack == b.stack &&
         a.alt == b.alt;
}

}  // namespace bsml_fuzz

#endif  // BSML_FUZZ_RESULT_H
