// The interpreter's span instantiation (eval_legacy_span, for bsml_evaluate_large), in a
// translation unit of its own: see interpreter_impl.h.
#include "interpreter_impl.h"

namespace bsml {

EvalOutcome eval_legacy_span(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                             const bsml_checker* checker, int sigversion, ExecData& ed, Span& span) {
  return eval_impl<true, true>(ctx, a, script, size, flags, checker, sigversion, ed, &span, 0);
}

}  // namespace bsml
