// Bitcoin Core's test-vector ASM, read as `bsml run --asm` reads it (for bsml-run; not the core).
#ifndef BSML_CORE_ASM_H
#define BSML_CORE_ASM_H

#include <cstddef>
#include <cstdint>

namespace bsml_tools {

/** A token the ASM reader refused: its bytes, its place among the tokens (from 1), and why. */
struct AsmProblem {
  const char* token;
  std::size_t token_n;
  std::size_t index;
  const char* detail;
};

/**
 * Reads `text` (n bytes of UTF-8) as src/script/asm.ts `parseCoreAsm` does: tokens separated by
 * runs of space, tab and line feed; a decimal number in [-4294967295, 4294967295] (leading zeros
 * and "-0" allowed) pushed as Core's `CScript << int64` (OP_0, OP_1NEGATE, OP_1..OP_16, else the
 * minimal script number with a length byte); `0x` and an even number of hex digits, spliced as
 * they are; `'text'`, pushed with the shortest length prefix (its UTF-8 as JavaScript reads it:
 * utf8_as_js); or an opcode name GetOpName gives OP_RESERVED and OP_NOP..OP_NOP10, with or
 * without `OP_`. Writes the script bytes that fit into out (capacity cap) and sets `size` to the
 * whole length; false, with `problem` set, at the first bad token.
 */
bool parse_core_asm(const char* text, std::size_t n, std::uint8_t* out, std::size_t cap, std::size_t& size, AsmProblem& problem);

}  // namespace bsml_tools

#endif
