// The opcode, error, flag and limit facts the batch engine uses: the generated header
// (native/include/bsml/bsml_codes.h, from the TypeScript tables by scripts/gen-native-tables.mjs)
// and the core's generated tables (native/src/tables.h).
#ifndef BSML_BATCH_CODES_H
#define BSML_BATCH_CODES_H

#include <cstdint>

#include "../tables.h"
#include "bsml/bsml_codes.h"

namespace bsml {
namespace batch {
inline bool is_op_success(uint8_t op) { return tables::kOpSuccess[op] != 0; }
inline bool is_disabled(uint8_t op) { return tables::kOpcodeDisabled[op] != 0; }
}  // namespace batch
}  // namespace bsml

#endif
