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

/**
 * What EvalScript returns; the area's stack is mutated in place and its altstack holds what was
 * left. `stack_n` and `alt_n` are the area's `n` and `alt` on return (at most kAreaCapacity).
 * Callers read the sizes here: 16 bytes come back in two registers, while reading the area's two
 * sizes, just written by two stores, could be merged by the compiler into one wider load that the
 * CPU cannot forward from those stores (a stall of ~5% of a short verification).
 */
struct EvalOutcome {
  int error;
  std::uint32_t op_count;
  std::uint32_t stack_n;
  std::uint32_t alt_n;
};

/**
 * The interpreter for BASE and WITNESS_V0 scripts (op limit); only through eval_script. `then`
 * (or null): a script run next on the same stack if `script` succeeds.
 */
EvalOutcome eval_legacy(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                        const bsml_checker* checker, int sigversion, ExecData& exec_data, const std::uint8_t* then,
                        std::size_t then_size);
/**
 * Where a run of part of a legacy script starts and stops (eval_legacy_span): the instructions at
 * offsets [from, to) of the script (instruction boundaries; `to` may be the script's size), run as
 * if those before `from` had run, counting `op_count` opcodes and leaving Core's ConditionStack
 * `cond_size` deep with its first false value at `first_false` (-1: none). The `last` span ends
 * the script (the unbalanced-conditional check); another stops without it and writes its
 * conditions back (the op count comes back in the outcome), ready for the next span.
 */
struct Span {
  std::size_t from;
  std::size_t to;
  std::uint32_t op_count;
  std::int64_t cond_size;
  std::int64_t first_false;
  bool last;
};

/**
 * eval_legacy for one span of the script (BASE / WITNESS_V0; `size` at most BSML_MAX_SCRIPT_SIZE):
 * the area's main stack (at most BSML_MAX_STACK_SIZE items) is the stack the instructions before
 * it left, its altstack is empty; OP_CODESEPARATOR positions and the scriptCode handed to the
 * checker are the whole script's, as in a run of all of it. For bsml_evaluate_large, which runs a
 * script's first instruction apart from the rest.
 */
EvalOutcome eval_legacy_span(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                             const bsml_checker* checker, int sigversion, ExecData& exec_data, Span& span);

/** The interpreter for tapscript; only through eval_script. */
EvalOutcome eval_tapscript(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                           const bsml_checker* checker, ExecData& exec_data);

/**
 * Evaluates `script` on area `a` (its main stack is the initial stack; its altstack is reset).
 * `checker` may be null (every check fails). Inline, so that a caller with a known sigversion
 * calls its interpreter directly.
 *
 * With `then` (BASE and WITNESS_V0 only; `then_size` at most BSML_MAX_SCRIPT_SIZE): if `script`
 * succeeds, `then` runs next on the stack it left, as a second call would run it (a new altstack,
 * exec_data's code separator reset), in the same run of the interpreter; the outcome is the last
 * script's.
 */
inline EvalOutcome eval_script(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                               const bsml_checker* checker, int sigversion, ExecData& exec_data,
                               const std::uint8_t* then = nullptr, std::size_t then_size = 0) {
  a.alt = 0;
  // Callers load at most BSML_MAX_STACK_SIZE items (larger stacks are declined before this).
  if (a.n > BSML_MAX_STACK_SIZE) return EvalOutcome{BSML_ERR_UNKNOWN_ERROR, 0, std::uint32_t(a.n), 0};
  if (sigversion == BSML_SIGVERSION_BASE || sigversion == BSML_SIGVERSION_WITNESS_V0) {
    if (size > BSML_MAX_SCRIPT_SIZE) return EvalOutcome{BSML_ERR_SCRIPT_SIZE, 0, std::uint32_t(a.n), 0};
    return eval_legacy(ctx, a, script, size, flags, checker, sigversion, exec_data, then, then_size);
  }
  return eval_tapscript(ctx, a, script, size, flags, checker, exec_data);
}

}  // namespace bsml

#endif  // BSML_INTERPRETER_H
