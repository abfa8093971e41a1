// Shared by the benchmark tools (bsml-bench, bsml-ab): the CPU clock and Core's vectors in the
// native test format (test/fixtures/script_tests.native.txt). Developer tools, not the core.
#ifndef BSML_BENCH_UTIL_H
#define BSML_BENCH_UTIL_H

#include <cstdint>
#include <vector>

#include "bsml/bsml.h"

namespace bsml_tools {

/** CPU seconds used by this process. */
double cpu_seconds();

/** One vector: flags, scriptSig, scriptPubKey, witness (views into the store read_vectors fills). */
struct Case {
  std::uint32_t flags;
  bsml_bytes sig, spk;
  std::vector<bsml_bytes> witness;
};

/** Reads a vectors file; the cases' bytes live in `store`. False if the file is missing or malformed. */
bool read_vectors(const char* path, std::vector<std::uint8_t>& store, std::vector<Case>& cases);

}  // namespace bsml_tools

#endif
