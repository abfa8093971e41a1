#include "hexutil.h"

#include <cstring>

namespace bsml_tools {

namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One character of UTF-8 text: its code point and its length in bytes. An ill-formed sequence
// reads as JavaScript (TextDecoder, Node's argv) reads it: its longest well-formed beginning (its
// "maximal subpart", at least one byte) is one U+FFFD (`bad`), and decoding goes on after it.
struct Char {
  std::uint32_t cp;
  std::size_t bytes;
  bool bad;
  std::size_t units() const { return cp >= 0x10000 ? 2 : 1; }  // UTF-16 units, JavaScript's length
};

Char char_at(const char* s, std::size_t n) {
  const unsigned char b0 = static_cast<unsigned char>(s[0]);
  if (b0 < 0x80) return {b0, 1, false};
  const std::size_t k = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
  if (k == 0) return {0xfffd, 1, true};
  // The second byte's range leaves out overlong forms, surrogates and code points above U+10FFFF.
  unsigned lo = b0 == 0xe0 ? 0xa0 : b0 == 0xf0 ? 0x90 : 0x80;
  unsigned hi = b0 == 0xed ? 0x9f : b0 == 0xf4 ? 0x8f : 0xbf;
  std::uint32_t cp = b0 & (0x7f >> k);
  for (std::size_t i = 1; i < k; ++i) {
    if (i >= n) return {0xfffd, i, true};
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < lo || b > hi) return {0xfffd, i, true};
    cp = (cp << 6) | (b & 0x3f);
    lo = 0x80;
    hi = 0xbf;
  }
  return {cp, k, false};
}

std::size_t units_of(const char* s, std::size_t n) {
  std::size_t u = 0;
  for (std::size_t i = 0; i < n;) {
    const Char c = char_at(s + i, n - i);
    u += c.units();
    i += c.bytes;
  }
  return u;
}

// Appends to a NUL-terminated message buffer, cutting at its end.
struct Out {
  char* p;
  std::size_t size;
  std::size_t at = 0;
  void put(const char* s, std::size_t n) {
    for (std::size_t i = 0; i < n && at + 1 < size; ++i) p[at++] = s[i];
    if (size) p[at] = 0;
  }
  void put(const char* s) { put(s, std::strlen(s)); }
  void unit_escape(std::uint32_t u) {
    char e[16];
    std::snprintf(e, sizeof e, "\\u%04x", unsigned(u));
    put(e);
  }
};

const char kReplacement[] = "\xef\xbf\xbd";  // U+FFFD: what a lone surrogate or ill-formed UTF-8 prints as

// One character as bsml's printable() writes it: C0, DEL and C1 controls escaped as JSON writes
// them (\n, \u0001, ...), anything else as it is.
void put_printable(Out& o, const char* s, Char c) {
  if (c.cp < 0x20) {
    static const char* const kShort[] = {"\\b", "\\t", "\\n", nullptr, "\\f", "\\r"};
    if (c.cp >= 8 && c.cp <= 13 && kShort[c.cp - 8]) o.put(kShort[c.cp - 8]);
    else o.unit_escape(c.cp);
  } else if (c.cp >= 0x7f && c.cp <= 0x9f) {
    o.unit_escape(c.cp);
  } else if (c.bad) {
    o.put(kReplacement);
  } else {
    o.put(s, c.bytes);
  }
}

// The length of the white space character JavaScript's trim drops at s (n bytes), or 0.
std::size_t space_at(const char* s, std::size_t n) {
  const unsigned char b = static_cast<unsigned char>(s[0]);
  if (b == ' ' || (b >= '\t' && b <= '\r')) return 1;
  if (b < 0x80) return 0;
  const Char c = char_at(s, n);
  const std::uint32_t u = c.cp;
  const bool space = u == 0xa0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200a) || u == 0x2028 || u == 0x2029 ||
                     u == 0x202f || u == 0x205f || u == 0x3000 || u == 0xfeff;
  return space ? c.bytes : 0;
}

}  // namespace

long from_hex(const char* hex, std::size_t len, std::uint8_t* out, std::size_t cap) {
  if (len % 2 != 0 || len / 2 > cap) return -1;
  for (std::size_t i = 0; i < len / 2; ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i] = std::uint8_t((hi << 4) | lo);
  }
  return long(len / 2);
}

bool is_hex(const char* hex, std::size_t len) {
  if (len % 2 != 0) return false;
  for (std::size_t i = 0; i < len; ++i) {
    if (nibble(hex[i]) < 0) return false;
  }
  return true;
}

void hex_problem(const char* hex, std::size_t len, std::size_t cap, char* msg, std::size_t size, std::size_t start) {
  if (size == 0) return;
  msg[0] = 0;
  if (start > len) start = len;
  Out o{msg, size};
  char q[256];
  quote(hex, len, 40, true, q, sizeof q);
  const std::size_t digits = units_of(hex + start, len - start);
  if (digits % 2 != 0) {
    o.put("bad hex ");
    o.put(q);
    char d[64];
    std::snprintf(d, sizeof d, ": odd number of hex digits (%zu)", digits);
    o.put(d);
    return;
  }
  std::size_t position = units_of(hex, start);
  for (std::size_t i = start; i < len;) {
    const Char c = char_at(hex + i, len - i);
    if (c.bytes > 1 || nibble(hex[i]) < 0) {
      o.put("bad hex ");
      o.put(q);
      o.put(": '");
      // JavaScript names the first UTF-16 unit: of a character outside the BMP, a lone surrogate.
      if (c.units() == 2) o.put(kReplacement);
      else put_printable(o, hex + i, c);
      char d[64];
      std::snprintf(d, sizeof d, "' at position %zu is not a hex digit", position);
      o.put(d);
      return;
    }
    position += c.units();
    i += c.bytes;
  }
  if (digits / 2 > cap) std::snprintf(msg, size, "is %zu bytes, more than the %zu bytes this runner takes", digits / 2, cap);
}

void print_hex(std::FILE* f, const std::uint8_t* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) std::fprintf(f, "%02x", data[i]);
}

void trim(const char*& s, std::size_t& n) {
  for (std::size_t k; n > 0 && (k = space_at(s, n)) > 0;) {
    s += k;
    n -= k;
  }
  for (bool again = true; again && n > 0;) {
    again = false;
    for (std::size_t k = 1; k <= 3 && k <= n; ++k) {
      if (space_at(s + n - k, k) == k) {
        n -= k;
        again = true;
        break;
      }
    }
  }
}

void quote(const char* text, std::size_t n, std::size_t max, bool escape_del_c1, char* out, std::size_t size) {
  if (size == 0) return;
  out[0] = 0;
  Out o{out, size};
  const bool cut = max > 0 && units_of(text, n) > max;
  std::size_t units = 0;
  o.put("\"");
  for (std::size_t i = 0; i < n;) {
    const Char c = char_at(text + i, n - i);
    if (cut && units + c.units() > max) {
      // The cut falls inside a surrogate pair: JSON.stringify escapes the lone high surrogate.
      if (units < max) o.unit_escape(0xd800 + ((c.cp - 0x10000) >> 10));
      break;
    }
    if (c.cp == '"') o.put("\\\"");
    else if (c.cp == '\\') o.put("\\\\");
    else if (c.cp >= 0x7f && c.cp <= 0x9f && !escape_del_c1) o.put(text + i, c.bytes);
    else put_printable(o, text + i, c);
    units += c.units();
    i += c.bytes;
  }
  if (cut) o.put("\xe2\x80\xa6");
  o.put("\"");
}

std::size_t utf8_as_js(const char* text, std::size_t n, std::uint8_t* out, std::size_t cap) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < n;) {
    const Char c = char_at(text + i, n - i);
    const char* bytes = c.bad ? kReplacement : text + i;
    const std::size_t k = c.bad ? 3 : c.bytes;
    for (std::size_t j = 0; j < k; ++j, ++at) {
      if (at < cap) out[at] = static_cast<std::uint8_t>(bytes[j]);
    }
    i += c.bytes;
  }
  return at;
}

}  // namespace bsml_tools
