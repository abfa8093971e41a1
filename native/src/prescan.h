// The inner loop of the tapscript pre-scan (BIP342: any OP_SUCCESSx in a tapscript, even
// unexecuted, makes the spend succeed, so the whole script is scanned before it runs), and the
// interpreter's walk over an unexecuted branch. Internal.
#ifndef BSML_PRESCAN_H
#define BSML_PRESCAN_H

#include <cstddef>
#include <cstdint>

#include "bsml/bsml.h"
#include "tables.h"

namespace bsml {

/** How many bytes from p (at most n) are opcodes the scan steps over: one-byte opcodes that are
    neither pushes (0x00..0x4e, which carry data to skip) nor OP_SUCCESSx. Sixteen bytes at a time
    with SSSE3 (x86-64, when the CPU has it) or NEON (AArch64); eight at a time otherwise. */
std::size_t plain_run(const std::uint8_t* p, std::size_t n);

/** The portable version of plain_run (the reference for tests). */
std::size_t plain_run_portable(const std::uint8_t* p, std::size_t n);

/** Whether Core only steps over `op` inside an unexecuted branch (OP_1NEGATE .. OP_16), or only
    counts it (every opcode above OP_16 except the disabled ones, OP_IF .. OP_ENDIF with OP_VERIF
    and OP_VERNOTIF, and OP_CODESEPARATOR, which Core still examines there). */
constexpr bool skip_passes(int op) {
  if (op <= BSML_OP_PUSHDATA4) return false;
  if (op <= BSML_OP_16) return true;
  return !tables::kOpcodeDisabled[op] && op != BSML_OP_CODESEPARATOR && !(op >= BSML_OP_IF && op <= BSML_OP_ENDIF);
}

/** How many bytes from p (at most n) are opcodes skip_passes lets through; adds to `counted` how
    many of them are above OP_16 (Core's op count). Sixteen bytes at a time with SSSE3 or NEON. */
std::size_t skip_run(const std::uint8_t* p, std::size_t n, std::uint32_t& counted);

/** The portable version of skip_run (the reference for tests). */
std::size_t skip_run_portable(const std::uint8_t* p, std::size_t n, std::uint32_t& counted);

}  // namespace bsml

#endif  // BSML_PRESCAN_H
