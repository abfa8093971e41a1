/*
 * A refused call (BSML_DECLINED or BSML_BAD_ARGUMENT) changes nothing the caller can see: not the
 * bsml_result it was handed, not the context's last result (its stack and altstack items, sizes,
 * left-out count). Each refusal below follows one evaluation whose result is snapshotted first.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bsml/bsml.h"
#include "check.h"


#define MAX_ITEMS 8
#define MAX_BYTES 16

/* What a caller can read of the context's last result. */
typedef struct snapshot {
  size_t stack_n, alt_n, left_out;
  size_t sizes[MAX_ITEMS], alt_sizes[MAX_ITEMS];
  uint8_t bytes[MAX_ITEMS][MAX_BYTES], alt_bytes[MAX_ITEMS][MAX_BYTES];
} snapshot;

static void copy_item(bsml_bytes b, size_t *size, uint8_t *bytes) {
  *size = b.size;
  memset(bytes, 0xee, MAX_BYTES);
  if (b.data) memcpy(bytes, b.data, b.size < MAX_BYTES ? b.size : MAX_BYTES);
}

static void snap(const bsml_context *ctx, snapshot *s) {
  size_t i;
  memset(s, 0, sizeof *s);
  /* Counted by probing: an index past the end gives {NULL, 0}. */
  while (s->stack_n < MAX_ITEMS + 1 && bsml_result_stack_item(ctx, s->stack_n).data) ++s->stack_n;
  while (s->alt_n < MAX_ITEMS + 1 && bsml_result_altstack_item(ctx, s->alt_n).data) ++s->alt_n;
  for (i = 0; i < s->stack_n && i < MAX_ITEMS; ++i) copy_item(bsml_result_stack_item(ctx, i), &s->sizes[i], s->bytes[i]);
  for (i = 0; i < s->alt_n && i < MAX_ITEMS; ++i) copy_item(bsml_result_altstack_item(ctx, i), &s->alt_sizes[i], s->alt_bytes[i]);
  s->left_out = bsml_result_left_out(ctx);
}

/*
 * Runs one refused call on a fresh last result (fresh(round): each refusal is checked alone): it
 * must return `want`, and leave `r` and the context's result as they were.
 */
#define REFUSED(want, call)                                                                 \
  do {                                                                                      \
    snapshot before_, after_;                                                               \
    bsml_result kept_;                                                                      \
    bsml_status got_;                                                                       \
    fresh(ctx, round, &r);                                                                  \
    snap(ctx, &before_);                                                                    \
    kept_ = r;                                                                              \
    got_ = (call);                                                                          \
    snap(ctx, &after_);                                                                     \
    if (got_ != (want)) {                                                                   \
      printf("FAIL %s:%d: status %d, want %d: %s\n", __FILE__, __LINE__, (int)got_, (int)(want), #call); \
      ++failures;                                                                           \
    } else if (memcmp(&kept_, &r, sizeof r) != 0) {                                         \
      printf("FAIL %s:%d: the bsml_result changed: %s\n", __FILE__, __LINE__, #call);       \
      ++failures;                                                                           \
    } else if (memcmp(&before_, &after_, sizeof before_) != 0) {                            \
      printf("FAIL %s:%d: the context's last result changed: %s\n", __FILE__, __LINE__, #call); \
      ++failures;                                                                           \
    }                                                                                       \
  } while (0)

static const uint8_t item_bytes[4][3] = {{0xa1}, {0xb2, 0xb3}, {0xc4, 0xc5, 0xc6}, {0xd7}};
static bsml_bytes top[4];
/* The base script the results come from: TOALTSTACK DROP 1 (reach 2). */
static const uint8_t base_s[] = {BSML_OP_TOALTSTACK, BSML_OP_DROP, BSML_OP_1};

/*
 * A last result to keep: round 0, an evaluate_top one (two left-out items); round 1, a whole-stack
 * one. `r` is then filled as a caller's bsml_result a refused call must not write.
 */
static void fresh(bsml_context *ctx, int round, bsml_result *r) {
  static const uint32_t bare_sizes[2] = {5, 7};
  const bsml_bytes base = {base_s, sizeof base_s};
  if (round == 0) {
    CHECK(bsml_evaluate_top(ctx, base, top, 3, 2, bare_sizes, BSML_SIGVERSION_BASE, 0, NULL, NULL, r) == BSML_DONE);
    CHECK(r->success == 1 && r->stack_size == 4 && r->altstack_size == 1 && bsml_result_left_out(ctx) == 2);
  } else {
    CHECK(bsml_evaluate(ctx, base, top, 4, BSML_SIGVERSION_BASE, 0, NULL, NULL, r) == BSML_DONE);
    CHECK(r->success == 1 && r->stack_size == 3 && r->altstack_size == 1 && bsml_result_left_out(ctx) == 0);
  }
  memset(r, 0x5a, sizeof *r);
}

int main(void) {
  static _Alignas(16) unsigned char memory[1 << 17];
  static bsml_bytes many[BSML_MAX_STACK_SIZE + 1];
  /* A script reaching 3 items below (3 PICK), and one reaching none (1). */
  static const uint8_t deep_s[] = {BSML_OP_3, BSML_OP_PICK};
  static const uint8_t one_s[] = {BSML_OP_1};
  const bsml_bytes deep = {deep_s, sizeof deep_s}, one = {one_s, sizeof one_s};
  const bsml_bytes empty = {NULL, 0};
  const uint32_t bare_sizes[2] = {5, 7}, other_sizes[3] = {1, 2, 3}, over_sizes[1] = {BSML_MAX_SCRIPT_ELEMENT_SIZE + 1};
  bsml_context *ctx = bsml_context_init(memory, sizeof memory);
  bsml_result r;
  size_t i;
  int round;
  CHECK(ctx != NULL);
  if (!ctx) return 1;
  for (i = 0; i < 4; ++i) {
    top[i].data = item_bytes[i];
    top[i].size = i + 1 < 3 ? i + 1 : 3;
  }

  for (round = 0; round < 2; ++round) {
    /* bsml_evaluate_top */
    REFUSED(BSML_BAD_ARGUMENT, bsml_evaluate_top(NULL, one, top, 3, 0, NULL, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r));
    REFUSED(BSML_BAD_ARGUMENT, bsml_evaluate_top(ctx, one, top, 3, 0, NULL, BSML_SIGVERSION_TAPROOT, 0, NULL, NULL, &r));
    REFUSED(BSML_BAD_ARGUMENT, bsml_evaluate_top(ctx, one, top, 3, 2, NULL, BSML_SIGVERSION_WITNESS_V0, 0, NULL, NULL, &r));
    REFUSED(BSML_DECLINED, bsml_evaluate_top(ctx, deep, top, 3, 1, NULL, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r));
    REFUSED(BSML_DECLINED, bsml_evaluate_top(ctx, one, top, 1, 1, over_sizes, BSML_SIGVERSION_WITNESS_V0, 0, NULL, NULL, &r));
    REFUSED(BSML_DECLINED, bsml_evaluate_top(ctx, one, many, BSML_MAX_STACK_SIZE, 1, NULL, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r));
    /* bsml_evaluate */
    REFUSED(BSML_BAD_ARGUMENT, bsml_evaluate(ctx, one, top, 3, 9, 0, NULL, NULL, &r));
    REFUSED(BSML_DECLINED, bsml_evaluate(ctx, one, many, BSML_MAX_STACK_SIZE + 1, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r));
#if SIZE_MAX > 0xffffffffu
    { /* An item of 2^32 bytes or more is declined (it is never read): after the items below it. */
      bsml_bytes huge[4];
      memcpy(huge, top, sizeof huge);
      huge[3].size = (size_t)1 << 32;
      REFUSED(BSML_DECLINED, bsml_evaluate_top(ctx, one, huge, 4, 3, other_sizes, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r));
      REFUSED(BSML_DECLINED, bsml_evaluate_top(ctx, one, huge, 4, 3, other_sizes, BSML_SIGVERSION_WITNESS_V0, 0, NULL, NULL, &r));
      REFUSED(BSML_DECLINED, bsml_evaluate(ctx, one, huge, 4, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r));
      REFUSED(BSML_DECLINED, bsml_verify_script(ctx, empty, one, huge, 4, 0, NULL, &r));
      REFUSED(BSML_DECLINED, bsml_verify_script_top(ctx, empty, one, huge, 4, 3, other_sizes, 0, NULL, &r));
    }
#endif
    { /* bsml_verify_script(_top): a taproot spend with no commitment callback, P2WPKH with items left out */
      uint8_t taproot[34], p2wpkh[22];
      const bsml_bytes tr = {taproot, sizeof taproot}, wpkh = {p2wpkh, sizeof p2wpkh};
      const uint32_t flags = BSML_FLAG_P2SH | BSML_FLAG_WITNESS | BSML_FLAG_TAPROOT;
      taproot[0] = BSML_OP_1;
      taproot[1] = 32;
      memset(taproot + 2, 0x42, 32);
      p2wpkh[0] = BSML_OP_0;
      p2wpkh[1] = 20;
      memset(p2wpkh + 2, 0x24, 20);
      REFUSED(BSML_BAD_ARGUMENT, bsml_verify_script(ctx, empty, tr, NULL, 2, flags, NULL, &r));
      REFUSED(BSML_DECLINED, bsml_verify_script(ctx, empty, tr, top, 2, flags, NULL, &r));
      /* More than 1,000 witness items: a taproot spend still needs the callback, a NULL item is bad,
         an item of 2^32 bytes or more is declined (after the items below it). */
      REFUSED(BSML_DECLINED, bsml_verify_script(ctx, empty, tr, many, BSML_MAX_STACK_SIZE + 1, flags, NULL, &r));
      many[BSML_MAX_STACK_SIZE].size = 1;
      REFUSED(BSML_BAD_ARGUMENT, bsml_verify_script(ctx, empty, one, many, BSML_MAX_STACK_SIZE + 1, flags, NULL, &r));
#if SIZE_MAX > 0xffffffffu
      many[BSML_MAX_STACK_SIZE].data = item_bytes[0];
      many[BSML_MAX_STACK_SIZE].size = (size_t)1 << 32;
      REFUSED(BSML_DECLINED, bsml_verify_script(ctx, empty, one, many, BSML_MAX_STACK_SIZE + 1, flags, NULL, &r));
      many[BSML_MAX_STACK_SIZE].data = NULL;
#endif
      many[BSML_MAX_STACK_SIZE].size = 0;
      REFUSED(BSML_BAD_ARGUMENT, bsml_verify_script_top(ctx, empty, wpkh, top, 1, 1, NULL, flags, NULL, &r));
      REFUSED(BSML_DECLINED, bsml_verify_script_top(ctx, empty, tr, top, 2, 3, other_sizes, flags, NULL, &r));
      REFUSED(BSML_DECLINED, bsml_verify_script_top(ctx, empty, wpkh, top, 1, 1, bare_sizes, flags, NULL, &r));
      REFUSED(BSML_DECLINED, bsml_verify_script_top(ctx, empty, wpkh, top, 1, 1, over_sizes, flags, NULL, &r));
    }
  }
  printf("decline: %d failures\n", failures);
  return failures ? 1 : 0;
}
