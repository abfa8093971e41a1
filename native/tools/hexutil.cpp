#include "hexutil.h"

namespace bsml_tools {

static int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

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

void hex_problem(const char* hex, std::size_t len, std::size_t cap, char* msg, std::size_t size, std::size_t start) {
  if (size == 0) return;
  msg[0] = 0;
  if (start > len) start = len;
  for (std::size_t i = start; i < len; ++i) {
    if (nibble(hex[i]) >= 0) continue;
    const unsigned char c = static_cast<unsigned char>(hex[i]);
    if (c >= 0x20 && c < 0x7f) std::snprintf(msg, size, "character %zu ('%c') is not a hex digit", i + 1, c);
    else std::snprintf(msg, size, "character %zu (byte 0x%02x) is not a hex digit", i + 1, c);
    return;
  }
  const std::size_t digits = len - start;
  if (digits % 2 != 0) std::snprintf(msg, size, "has an odd number of hex digits (%zu)", digits);
  else if (digits / 2 > cap) std::snprintf(msg, size, "is %zu bytes, more than the %zu bytes this runner takes", digits / 2, cap);
}

void print_hex(std::FILE* f, const std::uint8_t* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) std::fprintf(f, "%02x", data[i]);
}

}  // namespace bsml_tools
