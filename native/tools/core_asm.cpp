#include "core_asm.h"

#include <cstring>

#include "bsml/bsml_codes.h"
#include "hexutil.h"
#include "script.h"
#include "scriptnum.h"
#include "tables.h"

namespace bsml_tools {

namespace {

// The script being written: the bytes that fit go into out, the length counts them all.
struct Writer {
  std::uint8_t* out;
  std::size_t cap;
  std::size_t size = 0;
  void put(const std::uint8_t* b, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i, ++size) {
      if (size < cap) out[size] = b[i];
    }
  }
  void put(std::uint8_t b) { put(&b, 1); }
};

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\n'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is(const char* tok, std::size_t n, const char* name) { return std::strlen(name) == n && std::memcmp(tok, name, n) == 0; }

// The opcode named `tok` (an OP_ name of OP_RESERVED or OP_NOP..OP_NOP10, or the name without
// OP_), or -1.
int opcode_named(const char* tok, std::size_t n) {
  for (int code = BSML_OP_RESERVED; code <= BSML_OP_NOP10; ++code) {
    if (code > BSML_OP_RESERVED && code < BSML_OP_NOP) continue;
    const char* name = bsml::tables::kOpcodeName[code];
    if (is(tok, n, name) || is(tok, n, name + 3)) return code;
  }
  return -1;
}

// A decimal token ("-"? digits), its value into `value`; false when it is outside
// [-4294967295, 4294967295].
bool decimal_value(const char* tok, std::size_t n, std::int64_t& value) {
  const bool neg = tok[0] == '-';
  std::size_t i = neg ? 1 : 0;
  while (i + 1 < n && tok[i] == '0') ++i;  // leading zeros
  if (n - i > 10) return false;
  std::uint64_t v = 0;
  for (; i < n; ++i) v = v * 10 + std::uint64_t(tok[i] - '0');
  if (v > 0xffffffffu) return false;
  value = neg ? -std::int64_t(v) : std::int64_t(v);
  return true;
}

// Core's CScript << int64.
void push_int(Writer& w, std::int64_t v) {
  if (v == 0) return w.put(BSML_OP_0);
  if (v == -1) return w.put(BSML_OP_1NEGATE);
  if (v >= 1 && v <= 16) return w.put(std::uint8_t(BSML_OP_1 + v - 1));
  std::uint8_t num[9];
  const std::size_t k = bsml::encode_num(v, num);
  std::uint8_t head[5];
  w.put(head, bsml::push_header(k, head));
  w.put(num, k);
}

}  // namespace

bool parse_core_asm(const char* text, std::size_t n, std::uint8_t* out, std::size_t cap, std::size_t& size, AsmProblem& problem) {
  Writer w{out, cap};
  std::size_t index = 0;
  for (std::size_t i = 0; i < n;) {
    if (is_separator(text[i])) {
      ++i;
      continue;
    }
    const char* tok = text + i;
    std::size_t len = 0;
    while (i + len < n && !is_separator(tok[len])) ++len;
    i += len;
    ++index;
    const std::size_t sign = tok[0] == '-' ? 1 : 0;
    bool digits = len > sign;
    for (std::size_t k = sign; k < len && digits; ++k) digits = is_digit(tok[k]);
    if (digits) {
      std::int64_t v;
      if (!decimal_value(tok, len, v)) {
        problem = AsmProblem{tok, len, index, "number out of range [-4294967295, 4294967295]"};
        return false;
      }
      push_int(w, v);
    } else if (len > 2 && tok[0] == '0' && tok[1] == 'x' && is_hex(tok + 2, len - 2)) {
      const std::size_t k = (len - 2) / 2;
      if (w.size + k <= cap) from_hex(tok + 2, len - 2, out + w.size, k);
      w.size += k;
    } else if (len >= 2 && tok[0] == '\'' && tok[len - 1] == '\'') {
      const std::size_t k = utf8_as_js(tok + 1, len - 2, nullptr, 0);
      std::uint8_t head[5];
      w.put(head, bsml::push_header(k, head));
      utf8_as_js(tok + 1, len - 2, out + (w.size < cap ? w.size : cap), w.size < cap ? cap - w.size : 0);
      w.size += k;
    } else {
      const int code = opcode_named(tok, len);
      if (code < 0) {
        problem = AsmProblem{tok, len, index, "not a number, 0x-hex, quoted string or opcode name"};
        return false;
      }
      w.put(std::uint8_t(code));
    }
  }
  size = w.size;
  return true;
}

}  // namespace bsml_tools
