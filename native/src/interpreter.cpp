// Bitcoin Core's EvalScript for sigversions BASE, WITNESS_V0 and TAPSCRIPT: the two instantiations
// of the interpreter (interpreter_impl.h) every evaluation runs.
#include "interpreter_impl.h"

namespace bsml {

EvalOutcome eval_legacy(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                        const bsml_checker* checker, int sigversion, ExecData& ed, const std::uint8_t* then, std::size_t then_size) {
  return eval_impl<true>(ctx, a, script, size, flags, checker, sigversion, ed, then, then_size);
}

EvalOutcome eval_tapscript(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                           const bsml_checker* checker, ExecData& ed) {
  return eval_impl<false>(ctx, a, script, size, flags, checker, BSML_SIGVERSION_TAPSCRIPT, ed, nullptr, 0);
}

}  // namespace bsml
