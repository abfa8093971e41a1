// Fuzz target (c): script numbers. The first byte picks a maximum size (1..9) and MINIMALDATA;
// the rest is a candidate number encoding. Checks the core's CScriptNum rules (native/src/scriptnum.h)
// against an independent big-endian reading written here, the decode/encode round trip, CastToBool,
// and the same numbers through the C API (`<x> 0 ADD`, `<x> 1ADD`, `<x> NEGATE`), as initial
// stack items so MINIMALDATA's push rule does not interfere.
#include <cstdint>
#include <cstring>

#include "bsml/bsml.h"
#include "fuzz_input.h"
#include "scriptnum.h"

namespace {

// Reference: magnitude read from the most significant byte down, sign from the top bit.
bool ref_decode(const std::uint8_t* b, std::size_t n, std::int64_t& out) {
  if (n > 8) return false;
  if (n == 0) {
    out = 0;
    return true;
  }
  std::uint64_t mag = b[n - 1] & 0x7f;
  for (std::size_t i = n - 1; i-- > 0;) mag = (mag << 8) | b[i];
  out = (b[n - 1] & 0x80) ? -std::int64_t(mag) : std::int64_t(mag);
  return true;
}

// Reference minimality: the shortest encoding of the decoded value has this length.
std::size_t ref_min_len(std::int64_t v) {
  if (v == 0) return 0;
  std::uint64_t mag = v < 0 ? 0 - std::uint64_t(v) : std::uint64_t(v);
  std::size_t len = 0;
  while (mag >= 0x80) {  // the top byte keeps one bit for the sign
    mag >>= 8;
    ++len;
  }
  return len + 1;
}

bool ref_truthy(const std::uint8_t* b, std::size_t n) {
  std::int64_t v;
  if (n <= 8 && ref_decode(b, n, v)) return v != 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (b[i] != 0 && !(i == n - 1 && b[i] == 0x80)) return true;
  }
  return false;
}

bsml_context* ctx() {
  static bsml_context* c = bsml_context_new();
  FUZZ_CHECK(c != nullptr);
  return c;
}

// Runs `script` on the single item x; returns the error and (when the stack is non-empty) its top.
int eval_on(const std::uint8_t* script, std::size_t script_n, const std::uint8_t* x, std::size_t xn, std::uint32_t flags,
            std::int64_t& top, bool& has_top) {
  const bsml_bytes item{x, xn};
  bsml_result r;
  FUZZ_CHECK(bsml_evaluate(ctx(), bsml_bytes{script, script_n}, &item, 1, BSML_SIGVERSION_BASE, flags, nullptr, nullptr,
                           &r) == BSML_DONE);
  has_top = r.stack_size > 0;
  if (has_top && r.error != BSML_ERR_SCRIPTNUM) {
    const bsml_bytes t = bsml_result_stack_item(ctx(), r.stack_size - 1);
    FUZZ_CHECK(t.size <= 9);
    FUZZ_CHECK(bsml::is_minimally_encoded(t.data, t.size));
    FUZZ_CHECK(ref_decode(t.data, t.size, top) || t.size == 9);
  }
  return r.error;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bsml_fuzz::Reader in(data, size);
  const std::uint8_t control = in.byte();
  const std::size_t max_size = 1 + (control & 7);  // 1..8
  const bool minimal = control & 8;
  const bsml_bytes x = in.rest();
  const std::uint8_t* b = x.data;
  const std::size_t n = x.size;

  // Decoding agrees with the reference and with the size and minimality rules.
  std::int64_t v = 0, ref = 0;
  const bool ok = bsml::decode_num(b, n, minimal, max_size, v);
  const bool ref_ok = n <= max_size && ref_decode(b, n, ref);
  const bool is_min = ref_ok && ref_min_len(ref) == n && !(n > 0 && b[n - 1] == 0x80 && ref == 0);
  FUZZ_CHECK(ok == (ref_ok && (!minimal || is_min)));
  if (n <= 8) FUZZ_CHECK(bsml::is_minimally_encoded(b, n) == (ref_decode(b, n, ref) && ref_min_len(ref) == n));
  if (ok) {
    FUZZ_CHECK(v == ref);
    // Round trip: the minimal encoding decodes to the same value, and equals the input when minimal.
    std::uint8_t enc[9];
    const std::size_t en = bsml::encode_num(v, enc);
    FUZZ_CHECK(en == ref_min_len(v));
    FUZZ_CHECK(bsml::is_minimally_encoded(enc, en));
    std::int64_t back;
    FUZZ_CHECK(bsml::decode_num(enc, en, true, 9, back) && back == v);
    if (is_min) FUZZ_CHECK(en == n && std::memcmp(enc, b, n) == 0);
    else FUZZ_CHECK(en < n);
    const std::int64_t c = bsml::clamp_int32(v);
    FUZZ_CHECK(c >= INT32_MIN && c <= INT32_MAX);
    FUZZ_CHECK((v >= INT32_MIN && v <= INT32_MAX) ? c == v : (v > 0 ? c == INT32_MAX : c == INT32_MIN));
  }
  FUZZ_CHECK(bsml::cast_to_bool(b, n) == ref_truthy(b, n));

  // The same rules through the engine: operands are at most 4 bytes, minimal under MINIMALDATA.
  if (n > 600) return 0;
  const std::uint32_t flags = minimal ? BSML_FLAG_MINIMALDATA : 0;
  const bool operand_ok = n <= 4 && (!minimal || bsml::is_minimally_encoded(b, n));
  std::int64_t xv = 0;
  if (n <= 4) ref_decode(b, n, xv);  // the only operands the engine takes
  struct Case {
    std::uint8_t script[2];
    std::size_t len;
    std::int64_t expect;
  } cases[] = {
      {{BSML_OP_0, BSML_OP_ADD}, 2, xv},
      {{BSML_OP_1ADD, 0}, 1, xv + 1},
      {{BSML_OP_NEGATE, 0}, 1, -xv},
  };
  for (const Case& k : cases) {
    std::int64_t top = 0;
    bool has_top = false;
    const int err = eval_on(k.script, k.len, b, n, flags, top, has_top);
    if (!operand_ok) {
      FUZZ_CHECK(err == BSML_ERR_SCRIPTNUM);
      continue;
    }
    FUZZ_CHECK(has_top && top == k.expect);
    FUZZ_CHECK(err == (k.expect != 0 ? BSML_ERR_OK : BSML_ERR_EVAL_FALSE));
  }
  return 0;
}
