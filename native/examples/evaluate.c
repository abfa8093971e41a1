/* Evaluates a tapscript with the C API: no Node, no heap (the context lives in static memory). */
#include <stdio.h>

#include "bsml/bsml.h"

/* Room for one context, aligned for it (bsml_context_size() and bsml_context_align() say how much). */
static _Alignas(16) unsigned char context_memory[96 * 1024];

int main(void) {
  bsml_context *ctx;
  bsml_result r;
  size_t i, j;
  /* x DUP DUP ADD ADD 15 NUMEQUAL: is 3x equal to 15? */
  static const uint8_t script[] = {BSML_OP_DUP, BSML_OP_DUP, BSML_OP_ADD, BSML_OP_ADD, BSML_OP_15, BSML_OP_NUMEQUAL};
  static const uint8_t x[] = {5};
  const bsml_bytes stack[] = {{x, sizeof x}};
  const bsml_bytes code = {script, sizeof script};

  if (bsml_context_align() > 16 || bsml_context_size() > sizeof context_memory) return 2;
  ctx = bsml_context_init(context_memory, sizeof context_memory);
  if (!ctx) return 2;
  /* NULL validation weight: a script-path spend's budget; NULL checker: Core's base checker. */
  if (bsml_evaluate(ctx, code, stack, 1, BSML_SIGVERSION_TAPSCRIPT, BSML_FLAG_MINIMALDATA, NULL, NULL, &r) != BSML_DONE) return 2;
  printf("success %d, error %s, stack [", r.success, bsml_error_name(r.error));
  for (i = 0; i < r.stack_size; ++i) {
    const bsml_bytes item = bsml_result_stack_item(ctx, i);
    printf(i ? " " : "");
    for (j = 0; j < item.size; ++j) printf("%02x", item.data[j]);
  }
  printf("]\n");
  return r.success ? 0 : 1;
}
