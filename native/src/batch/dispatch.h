// Choosing a kernel: once per process by CPU feature detection, or forced by BSML_ISA / an option.
#ifndef BSML_BATCH_DISPATCH_H
#define BSML_BATCH_DISPATCH_H

#include "kernel.h"

namespace bsml {
namespace batch {

/** The ISA to run for `requested` (a bsml_isa), or -1 when it cannot run here. */
int resolve_isa(int requested);
/** The kernel of a resolved ISA. */
KernelFn kernel_for(int isa);
bool isa_available(int isa);

}  // namespace batch
}  // namespace bsml

#endif
