// The inner loop of the tapscript pre-scan (BIP342: any OP_SUCCESSx in a tapscript, even
// unexecuted, makes the spend succeed, so the whole script is scanned before it runs). Internal.
#ifndef BSML_PRESCAN_H
#define BSML_PRESCAN_H

#include <cstddef>
#include <cstdint>

namespace bsml {

/** How many bytes from p (at most n) are opcodes the scan steps over: one-byte opcodes that are
    neither pushes (0x00..0x4e, which carry data to skip) nor OP_SUCCESSx. Sixteen bytes at a time
    with SSSE3 (x86-64, when the CPU has it) or NEON (AArch64); eight at a time otherwise. */
std::size_t plain_run(const std::uint8_t* p, std::size_t n);

/** The portable version of plain_run (the reference for tests). */
std::size_t plain_run_portable(const std::uint8_t* p, std::size_t n);

}  // namespace bsml

#endif  // BSML_PRESCAN_H
