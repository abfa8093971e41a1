// Hex and text helpers for the command-line runner and the tests (not part of the core).
#ifndef BSML_HEXUTIL_H
#define BSML_HEXUTIL_H

#include <cstddef>
#include <cstdint>
#include <cstdio>

namespace bsml_tools {

/** Decodes `hex` (len chars) into out (capacity cap). Returns the byte count, or -1 if bad/too long. */
long from_hex(const char* hex, std::size_t len, std::uint8_t* out, std::size_t cap);
/** True when `hex` (len chars) is an even number of hex digits, either case (bytes.ts isHex). */
bool is_hex(const char* hex, std::size_t len);
/**
 * What is wrong with `hex` (len bytes of UTF-8) for from_hex with capacity cap, as `bsml run`
 * words it (src/script/bytes.ts): `bad hex "0g": 'g' at position 1 is not a hex digit`, `bad hex
 * "515": odd number of hex digits (3)` (an odd count is named before a bad digit), or `is N bytes,
 * more than the M bytes this runner takes`; an empty string when nothing is. Positions and counts
 * are in characters (UTF-16 units, as JavaScript counts them) from hex[0]. With `start`, the digits
 * begin at hex[start] (after a prefix such as "0x"). Writes at most `size` bytes into msg.
 */
void hex_problem(const char* hex, std::size_t len, std::size_t cap, char* msg, std::size_t size, std::size_t start = 0);
/** Writes bytes as lower-case hex. */
void print_hex(std::FILE* f, const std::uint8_t* data, std::size_t size);
/**
 * Narrows [s, s + n) to drop the white space JavaScript's String.prototype.trim drops at either
 * end (tab, line feed, vertical tab, form feed, carriage return, space and, UTF-8 encoded,
 * U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), as `bsml run`
 * trims its hex and each `--stack` item and flag name.
 */
void trim(const char*& s, std::size_t& n);
/**
 * `text` (n bytes of UTF-8) as bsml's messages quote a value (src/io/quote.ts): a JSON string
 * literal with C0, DEL and C1 control characters escaped (DEL and C1 only with `escape_del_c1`, as
 * quote() does and JSON.stringify does not), cut after `max` characters (UTF-16 units) with "…"
 * when longer (max 0: never cut). Writes at most `size` bytes (NUL-terminated) into out.
 */
void quote(const char* text, std::size_t n, std::size_t max, bool escape_del_c1, char* out, std::size_t size);
/**
 * The bytes of `text` (n bytes) once JavaScript has read it as UTF-8 and encoded it again (a
 * command-line argument in Node, then TextEncoder): well-formed UTF-8 as it is, each ill-formed
 * sequence (its longest well-formed beginning, at least one byte) as U+FFFD, EF BF BD. Writes the
 * bytes that fit into out (capacity cap) and returns the whole length.
 */
std::size_t utf8_as_js(const char* text, std::size_t n, std::uint8_t* out, std::size_t cap);

}  // namespace bsml_tools

#endif
