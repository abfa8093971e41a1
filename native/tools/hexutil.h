// Hex helpers for the command-line runner and the tests (not part of the core).
#ifndef BSML_HEXUTIL_H
#define BSML_HEXUTIL_H

#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace bsml_tools {

/** Decodes `hex` (len chars) into out (capacity cap). Returns the byte count, or -1 if bad/too long. */
long from_hex(const char* hex, std::size_t len, std::uint8_t* out, std::size_t cap);
/** Writes bytes as lower-case hex. */
void print_hex(std::FILE* f, const std::uint8_t* data, std::size_t size);

}  // namespace bsml_tools

#endif
