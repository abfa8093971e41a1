// Hex helpers for the command-line runner and the tests (not part of the core).
#ifndef BSML_HEXUTIL_H
#define BSML_HEXUTIL_H

#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace bsml_tools {

/** Decodes `hex` (len chars) into out (capacity cap). Returns the byte count, or -1 if bad/too long. */
long from_hex(const char* hex, std::size_t len, std::uint8_t* out, std::size_t cap);
/** What is wrong with `hex` (len chars) for from_hex with capacity cap, as one phrase ("has an odd
    number of hex digits (3)", "character 2 ('z') is not a hex digit", ...); an empty string when
    nothing is. Writes at most `size` bytes into msg. With `start`, the digits begin at hex[start]
    (after a prefix such as "0x"): characters are still numbered from hex[0]. */
void hex_problem(const char* hex, std::size_t len, std::size_t cap, char* msg, std::size_t size, std::size_t start = 0);
/** Writes bytes as lower-case hex. */
void print_hex(std::FILE* f, const std::uint8_t* data, std::size_t size);

}  // namespace bsml_tools

#endif
