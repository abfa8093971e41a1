// Core's EvalScript over a context's stack area.
#ifndef BSML_INTERPRETER_H
#define BSML_INTERPRETER_H

#include <cstddef>
#include <cstdint>

#include "context.h"

namespace bsml {

/** Core's ScriptExecutionData (the part script evaluation reads and writes). */
struct ExecData {
  std::uint32_t code_separator_pos;
  std::int64_t validation_weight_left;
  const std::uint8_t* tapleaf_hash;
  const std::uint8_t* annex_hash;
};

/** What EvalScript returns; the area's stack is mutated in place and its altstack holds what was left. */
struct EvalOutcome {
  int error;
  std::uint32_t op_count;
};

/**
 * Evaluates `script` on area `a` (its main stack is the initial stack; its altstack is reset).
 * `checker` may be null (every check fails).
 */
EvalOutcome eval_script(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                        const bsml_checker* checker, int sigversion, ExecData& exec_data);

}  // namespace bsml

#endif  // BSML_INTERPRETER_H
