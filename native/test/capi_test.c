/* The C API used from plain C (C11): contexts in caller memory, evaluation, results, hashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsml/bsml.h"
#include "check.h"


static int always_valid_schnorr(void *user, bsml_bytes sig, bsml_bytes pk, int sv, const bsml_exec_data *ed) {
  (void)sig; (void)pk; (void)sv; (void)ed;
  ++*(int *)user;
  return BSML_CHECK_VALID;
}

static int commit_answer(void *user, bsml_bytes control, bsml_bytes program, const uint8_t *leaf) {
  (void)control; (void)program; (void)leaf;
  return *(int *)user;
}

int main(void) {
  static _Alignas(16) unsigned char memory[1 << 17];
  bsml_context *ctx;
  bsml_result r;
  size_t need = bsml_context_size();
  CHECK(need <= sizeof memory);
  CHECK(bsml_context_init(memory, 16) == NULL);
  CHECK(bsml_context_init(memory + 1, sizeof memory - 1) == NULL);
  ctx = bsml_context_init(memory, sizeof memory);
  CHECK(ctx != NULL);
  printf("context size: %zu bytes\n", need);

  { /* 2 3 ADD 5 NUMEQUAL */
    const uint8_t s[] = {0x52, 0x53, 0x93, 0x55, 0x9c};
    bsml_bytes script = {s, sizeof s};
    CHECK(bsml_evaluate(ctx, script, NULL, 0, BSML_SIGVERSION_BASE, BSML_FLAG_MINIMALDATA, NULL, NULL, &r) == BSML_DONE);
    CHECK(r.success == 1 && r.error == BSML_ERR_OK && r.op_count == 2 && r.stack_size == 1 && r.altstack_size == 0);
    CHECK(bsml_result_stack_item(ctx, 0).size == 1 && bsml_result_stack_item(ctx, 0).data[0] == 1);
    CHECK(bsml_result_stack_item(ctx, 1).data == NULL);
  }
  { /* stack [07]; TOALTSTACK 0 -> EVAL_FALSE with 07 on the altstack */
    const uint8_t s[] = {0x6b, 0x00};
    const uint8_t seven = 7;
    bsml_bytes script = {s, sizeof s};
    bsml_bytes stack[1];
    stack[0].data = &seven;
    stack[0].size = 1;
    CHECK(bsml_evaluate(ctx, script, stack, 1, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_DONE);
    CHECK(r.success == 0 && r.error == BSML_ERR_EVAL_FALSE && r.altstack_size == 1 && r.stack_size == 1);
    CHECK(bsml_result_altstack_item(ctx, 0).data[0] == 7);
    CHECK(strcmp(bsml_error_name(r.error), "EVAL_FALSE") == 0);
  }
  { /* An empty item, however it was made, has a data pointer; {NULL, 0} is only "no such item".
       Stack [{NULL, 0}, {NULL, 0}, 01]; SWAP TOALTSTACK 0 1 1 SUB: the caller's empty items on both
       stacks, a pushed empty item (OP_0) and a computed one (1 - 1). */
    const uint8_t s[] = {0x7c, 0x6b, 0x00, 0x51, 0x51, 0x94};
    const uint8_t one = 1;
    bsml_bytes script = {s, sizeof s};
    bsml_bytes stack[3];
    size_t i;
    stack[0].data = NULL;
    stack[0].size = 0;
    stack[1].data = NULL;
    stack[1].size = 0;
    stack[2].data = &one;
    stack[2].size = 1;
    CHECK(bsml_evaluate(ctx, script, stack, 3, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_DONE);
    CHECK(r.success == 0 && r.error == BSML_ERR_EVAL_FALSE && r.stack_size == 4 && r.altstack_size == 1);
    for (i = 0; i < r.stack_size; ++i) CHECK(bsml_result_stack_item(ctx, i).data != NULL);
    CHECK(bsml_result_stack_item(ctx, 0).size == 0 && bsml_result_stack_item(ctx, 2).size == 0 &&
          bsml_result_stack_item(ctx, 3).size == 0);
    CHECK(bsml_result_stack_item(ctx, 1).size == 1 && bsml_result_stack_item(ctx, 1).data[0] == 1);
    CHECK(bsml_result_altstack_item(ctx, 0).data != NULL && bsml_result_altstack_item(ctx, 0).size == 0);
    CHECK(bsml_result_stack_item(ctx, 4).data == NULL && bsml_result_stack_item(ctx, 4).size == 0);
    CHECK(bsml_result_altstack_item(ctx, 1).data == NULL && bsml_result_altstack_item(ctx, 1).size == 0);
    CHECK(bsml_result_stack_item(ctx, (size_t)-1).data == NULL);
    /* The same through bsml_evaluate_top (the bottom item left out). */
    CHECK(bsml_evaluate_top(ctx, script, stack + 1, 2, 1, NULL, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_DONE);
    CHECK(r.stack_size == 4 && r.altstack_size == 1);
    for (i = 0; i < r.stack_size; ++i) CHECK(bsml_result_stack_item(ctx, i).data != NULL);
    CHECK(bsml_result_altstack_item(ctx, 0).data != NULL);
  }
  { /* tapscript: <sig> <32-byte key> CHECKSIG with a checker that accepts */
    uint8_t s[35];
    int calls = 0;
    const uint8_t sig[64] = {1};
    bsml_bytes script = {s, sizeof s};
    bsml_bytes stack[1];
    bsml_checker checker;
    memset(&checker, 0, sizeof checker);
    checker.user = &calls;
    checker.check_schnorr = always_valid_schnorr;
    s[0] = 0x20;
    memset(s + 1, 0x11, 32);
    s[33] = BSML_OP_CHECKSIG;
    s[34] = BSML_OP_NOP;
    stack[0].data = sig;
    stack[0].size = sizeof sig;
    CHECK(bsml_evaluate(ctx, script, stack, 1, BSML_SIGVERSION_TAPSCRIPT, 0, NULL, &checker, &r) == BSML_DONE);
    CHECK(r.success == 1 && calls == 1);
    CHECK(bsml_evaluate(ctx, script, stack, 1, BSML_SIGVERSION_TAPSCRIPT, 0, NULL, NULL, &r) == BSML_DONE);
    CHECK(r.success == 0 && r.error == BSML_ERR_UNKNOWN_ERROR);
  }
  { /* bad arguments and declines */
    bsml_bytes script = {NULL, 0};
    static bsml_bytes many[BSML_MAX_STACK_SIZE + 1];
    CHECK(bsml_evaluate(NULL, script, NULL, 0, 0, 0, NULL, NULL, &r) == BSML_BAD_ARGUMENT);
    CHECK(bsml_evaluate(ctx, script, NULL, 0, BSML_SIGVERSION_TAPROOT, 0, NULL, NULL, &r) == BSML_BAD_ARGUMENT);
    CHECK(bsml_evaluate(ctx, script, many, BSML_MAX_STACK_SIZE + 1, 0, 0, NULL, NULL, &r) == BSML_DECLINED);
  }
  { /* taproot script path: the commitment comes from the callback; without one the spend is declined */
    uint8_t spk[34];
    const uint8_t tapscript = 0x51;
    uint8_t control[33];
    bsml_bytes witness[2];
    bsml_bytes empty = {NULL, 0};
    bsml_bytes pubkey = {spk, sizeof spk};
    int answer = 1;
    bsml_checker checker;
    const uint32_t flags = BSML_FLAG_WITNESS | BSML_FLAG_TAPROOT;
    memset(&checker, 0, sizeof checker);
    spk[0] = BSML_OP_1;
    spk[1] = 32;
    memset(spk + 2, 0x42, 32);
    memset(control, 0x02, sizeof control);
    control[0] = 0xc0;
    witness[0].data = &tapscript;
    witness[0].size = 1;
    witness[1].data = control;
    witness[1].size = sizeof control;
    CHECK(bsml_verify_script(ctx, empty, pubkey, witness, 2, flags, NULL, &r) == BSML_DECLINED);
    checker.user = &answer;
    checker.check_taproot_commitment = commit_answer;
    CHECK(bsml_verify_script(ctx, empty, pubkey, witness, 2, flags, &checker, &r) == BSML_DONE);
    CHECK(r.success == 1 && r.error == BSML_ERR_OK && r.stack_size == 1);
    answer = 0;
    CHECK(bsml_verify_script(ctx, empty, pubkey, witness, 2, flags, &checker, &r) == BSML_DONE);
    CHECK(r.success == 0 && r.error == BSML_ERR_WITNESS_PROGRAM_MISMATCH);
  }
  { /* hashes of "abc" */
    uint8_t h[32];
    bsml_sha256((const uint8_t *)"abc", 3, h);
    CHECK(h[0] == 0xba && h[31] == 0xad);
    bsml_ripemd160((const uint8_t *)"abc", 3, h);
    CHECK(h[0] == 0x8e && h[19] == 0xfc);
    bsml_sha1((const uint8_t *)"abc", 3, h);
    CHECK(h[0] == 0xa9 && h[19] == 0x9d);
  }
  CHECK(strcmp(bsml_opcode_name(0x93), "OP_ADD") == 0);
  CHECK(strcmp(bsml_opcode_name(0xbb), "OP_UNKNOWN") == 0);
  printf("c_api: %d failures\n", failures);
  return failures ? 1 : 0;
}
