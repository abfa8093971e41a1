/* bsml_evaluate_large on initial stacks of more than 1,000 items, and bsml_verify_script on witnesses
   of more than 1,000 items, against the TypeScript reference: each case of
   test/fixtures/large_stacks.native.txt (scripts/gen-native-large.mjs) gives Core's verdict, op
   count, stack sizes and the SHA-256 of both final stacks. Also: bsml_evaluate declines
   those stacks, a checker sees the whole script as scriptCode, bad arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsml/bsml.h"
#include "check.h"

#define MAX_LINE (1 << 16)
#define MAX_ITEMS 2000

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Hex (or "-": empty) into out; returns the byte count. */
static size_t from_hex(const char *hex, uint8_t *out) {
  size_t n = 0;
  if (strcmp(hex, "-") == 0) return 0;
  for (; hex[0] && hex[1]; hex += 2) out[n++] = (uint8_t)(hex_digit(hex[0]) * 16 + hex_digit(hex[1]));
  return n;
}

/* As scripts/gen-native-large.mjs bottomItem: every 7th item empty, else the two bytes of i. */
static bsml_bytes bottom_item(size_t i, uint8_t *bytes) {
  bsml_bytes b;
  bytes[0] = (uint8_t)(i & 0xff);
  bytes[1] = (uint8_t)(i >> 8);
  b.data = bytes;
  b.size = i % 7 == 3 ? 0 : 2;
  return b;
}

/* SHA-256 of the last result's stack (alt = 0) or altstack as serializeItems writes it, in hex. */
static void result_hash(const bsml_context *ctx, size_t count, int alt, uint8_t *buf, char hex[65]) {
  size_t at = 0, i;
  uint8_t h[32];
  for (i = 0; i < count; ++i) {
    const bsml_bytes b = alt ? bsml_result_altstack_item(ctx, i) : bsml_result_stack_item(ctx, i);
    buf[at] = (uint8_t)b.size;
    buf[at + 1] = (uint8_t)(b.size >> 8);
    buf[at + 2] = (uint8_t)(b.size >> 16);
    buf[at + 3] = (uint8_t)(b.size >> 24);
    if (b.size) memcpy(buf + at + 4, b.data, b.size);
    at += 4 + b.size;
  }
  bsml_sha256(buf, at, h);
  for (i = 0; i < 32; ++i) sprintf(hex + 2 * i, "%02x", h[i]);
}

static int ecdsa_calls = 0;
static uint8_t ecdsa_code[64];
static size_t ecdsa_code_n = 0;
static int valid_ecdsa(void *user, bsml_bytes sig, bsml_bytes pk, bsml_bytes code, int sv) {
  (void)user; (void)sig; (void)pk; (void)sv;
  ++ecdsa_calls;
  ecdsa_code_n = code.size < sizeof ecdsa_code ? code.size : sizeof ecdsa_code;
  memcpy(ecdsa_code, code.data, ecdsa_code_n);
  return 1;
}

/* Taproot commitments: the fixture's spends commit to their leaves (the TypeScript reference checked them). */
static int commits(void *user, bsml_bytes control, bsml_bytes program, const uint8_t *tapleaf_hash) {
  (void)user; (void)control; (void)program; (void)tapleaf_hash;
  return 1;
}

int main(int argc, char **argv) {
  static char line[MAX_LINE];
  static uint8_t bottoms[MAX_ITEMS][2];
  static uint8_t tops[MAX_ITEMS * 4 + 1024];
  static uint8_t script_bytes[MAX_LINE / 2], spk_bytes[MAX_LINE / 2];
  static bsml_bytes stack[MAX_ITEMS];
  static uint8_t buf[MAX_ITEMS * 600];
  static _Alignas(16) unsigned char memory[1 << 17];
  bsml_context *ctx = bsml_context_init(memory, sizeof memory);
  FILE *f;
  int cases = 0, spends = 0;
  bsml_result r;
  CHECK(ctx != NULL);
  if (argc < 2 || !(f = fopen(argv[1], "r"))) {
    printf("usage: bsml-large-test large_stacks.native.txt\n");
    return 1;
  }
  while (fgets(line, sizeof line, f)) {
    int sv, success, op_count;
    unsigned flags;
    size_t n, stack_size, alt_size, n_top = 0, i, at = 0;
    static char top[MAX_LINE], script_hex[MAX_LINE], spk_hex[MAX_LINE], error[64], stack_hash[65], alt_hash[65];
    char got[65];
    bsml_bytes script;
    char *p;
    /* A spend (W): bsml_verify_script on the witness, with Core's base checker but for taproot commitments. */
    const int spend = line[0] == 'W';
    if (line[0] == '#') continue;
    if (spend ? sscanf(line, "W %x %zu %s %s %s %d %63s %d %zu %zu %64s %64s", &flags, &n, top, script_hex, spk_hex, &success, error,
                       &op_count, &stack_size, &alt_size, stack_hash, alt_hash) != 12
              : sscanf(line, "%d %x %zu %s %s %d %63s %d %zu %zu %64s %64s", &sv, &flags, &n, top, script_hex, &success, error, &op_count,
                       &stack_size, &alt_size, stack_hash, alt_hash) != 12) {
      printf("FAIL: bad line %d\n", cases + spends + 1);
      ++failures;
      break;
    }
    if (spend) ++spends;
    else ++cases;
    /* The top items (counted first, then put in place), then the bottom ones below them. */
    if (strcmp(top, "-") != 0) {
      for (p = top; p; p = strchr(p + 1, ',')) ++n_top;
      for (i = 0, p = strtok(top, ","); p; p = strtok(NULL, ","), ++i) {
        const size_t k = strcmp(p, "0x") == 0 ? 0 : from_hex(p, tops + at);
        stack[n - n_top + i].data = tops + at;
        stack[n - n_top + i].size = k;
        at += k;
      }
    }
    for (i = 0; i < n - n_top; ++i) stack[i] = bottom_item(i, bottoms[i]);
    script.data = script_bytes;
    script.size = from_hex(script_hex, script_bytes);
    if (spend) {
      bsml_bytes spk;
      bsml_checker checker;
      memset(&checker, 0, sizeof checker);
      checker.check_taproot_commitment = commits;
      spk.data = spk_bytes;
      spk.size = from_hex(spk_hex, spk_bytes);
      if (bsml_verify_script(ctx, script, spk, stack, n, flags, &checker, &r) != BSML_DONE) {
        printf("FAIL spend %d: not verified\n", spends);
        ++failures;
        continue;
      }
    } else {
      CHECK(bsml_evaluate(ctx, script, stack, n, sv, flags, NULL, NULL, &r) == BSML_DECLINED);
      if (bsml_evaluate_large(ctx, script, stack, n, sv, flags, NULL, NULL, &r) != BSML_DONE) {
        printf("FAIL line %d: not evaluated\n", cases);
        ++failures;
        continue;
      }
    }
    {
      const int ok = r.success == success && strcmp(bsml_error_name(r.error), error) == 0 && (int)r.op_count == op_count &&
                     r.stack_size == stack_size && r.altstack_size == alt_size;
      result_hash(ctx, r.stack_size, 0, buf, got);
      if (!ok || strcmp(got, stack_hash) != 0) {
        printf("FAIL %s %d (sigversion %d, flags %x, %zu items, script(Sig) %.40s): got %d %s opCount %u stack %zu alt %zu %s; want %d %s %d %zu %zu %s\n",
               spend ? "spend" : "case", spend ? spends : cases, spend ? -1 : sv, flags, n, script_hex, r.success, bsml_error_name(r.error), r.op_count, r.stack_size, r.altstack_size, got,
               success, error, op_count, stack_size, alt_size, stack_hash);
        ++failures;
        continue;
      }
      result_hash(ctx, r.altstack_size, 1, buf, got);
      CHECK(strcmp(got, alt_hash) == 0);
      CHECK(bsml_result_left_out(ctx) == 0);
    }
  }
  fclose(f);
  CHECK(cases > 900);
  CHECK(spends > 1000);

  { /* CHECKSIGVERIFY DROP first on 1,002 items: the checker sees the whole script as scriptCode
       (Core's: no OP_CODESEPARATOR ran), once; 999 items are left, the top one true. */
    const uint8_t s[] = {0xad, 0x75, 0x51, 0x75};
    const uint8_t sig[] = {0x30, 0x01}, key[] = {0x02};
    bsml_bytes script;
    bsml_checker checker;
    size_t i;
    memset(&checker, 0, sizeof checker);
    checker.check_ecdsa = valid_ecdsa;
    script.data = s;
    script.size = sizeof s;
    for (i = 0; i < 1000; ++i) stack[i] = bottom_item(i + 1, bottoms[i]);
    stack[1000].data = sig;
    stack[1000].size = sizeof sig;
    stack[1001].data = key;
    stack[1001].size = sizeof key;
    for (i = 0; i < 2; ++i) {
      const int sv = i ? BSML_SIGVERSION_WITNESS_V0 : BSML_SIGVERSION_BASE;
      ecdsa_calls = 0;
      CHECK(bsml_evaluate_large(ctx, script, stack, 1002, sv, 0, NULL, &checker, &r) == BSML_DONE);
      CHECK(r.success == (sv == BSML_SIGVERSION_BASE) && r.op_count == 3 && r.stack_size == 999);
      CHECK(sv == BSML_SIGVERSION_BASE || r.error == BSML_ERR_CLEANSTACK);
      CHECK(ecdsa_calls == 1 && ecdsa_code_n == sizeof s && memcmp(ecdsa_code, s, sizeof s) == 0);
      CHECK(bsml_result_stack_item(ctx, 998).size == 2 && bsml_result_stack_item(ctx, 998).data == bottoms[998]);
    }
  }
  { /* PICK of the bottom item of 1,044: Core's stack of 1,044 (STACK_SIZE), the picked item on top
       (the caller's own), every other item in place; items past the end are {NULL, 0}. */
    const uint8_t s[] = {0x79};
    uint8_t depth[2] = {0x12, 0x04}; /* 1042 */
    bsml_bytes script;
    size_t i;
    script.data = s;
    script.size = 1;
    for (i = 0; i < 1043; ++i) stack[i] = bottom_item(i, bottoms[i]);
    stack[1043].data = depth;
    stack[1043].size = 2;
    CHECK(bsml_evaluate_large(ctx, script, stack, 1044, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_DONE);
    CHECK(r.error == BSML_ERR_STACK_SIZE && r.stack_size == 1044 && r.op_count == 1);
    CHECK(bsml_result_stack_item(ctx, 1043).data == stack[0].data);
    for (i = 0; i < 1043; ++i) CHECK(bsml_result_stack_item(ctx, i).data == stack[i].data);
    CHECK(bsml_result_stack_item(ctx, 1044).data == NULL);
    /* ROLL: the same item moves to the top; the others close up over it. */
    {
      const uint8_t roll[] = {0x7a};
      script.data = roll;
      CHECK(bsml_evaluate_large(ctx, script, stack, 1044, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_DONE);
      CHECK(r.error == BSML_ERR_STACK_SIZE && r.stack_size == 1043);
      CHECK(bsml_result_stack_item(ctx, 1042).data == stack[0].data);
      for (i = 0; i < 1042; ++i) CHECK(bsml_result_stack_item(ctx, i).data == stack[i + 1].data);
    }
  }
  { /* Arguments: a NULL stack or a NULL item with bytes is a bad argument; an item of 2^32
       bytes is declined; at most 1,000 items is bsml_evaluate. */
    bsml_bytes script = {NULL, 0};
    size_t i;
    for (i = 0; i < 1001; ++i) stack[i] = bottom_item(i, bottoms[i]);
    CHECK(bsml_evaluate_large(ctx, script, NULL, 1001, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_BAD_ARGUMENT);
    CHECK(bsml_evaluate_large(ctx, script, stack, 1001, 2, 0, NULL, NULL, &r) == BSML_BAD_ARGUMENT);
    CHECK(bsml_evaluate_large(NULL, script, stack, 1001, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_BAD_ARGUMENT);
    /* A refused call writes nothing: the last result (an empty script on 1,001 items) stays. */
    CHECK(bsml_evaluate_large(ctx, script, stack, 1001, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_DONE);
    CHECK(r.stack_size == 1001 && r.error == BSML_ERR_OK && bsml_result_stack_item(ctx, 1000).data == bottoms[1000]);
    stack[500].data = NULL;
    stack[500].size = 1;
    r.stack_size = 7;
    CHECK(bsml_evaluate_large(ctx, script, stack, 1001, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_BAD_ARGUMENT);
    CHECK(r.stack_size == 7 && bsml_result_stack_item(ctx, 1000).data == bottoms[1000]);
    if (sizeof(size_t) > 4) {
      stack[500].data = bottoms[0];
      stack[500].size = (size_t)0xffffffffu + 1;
      CHECK(bsml_evaluate_large(ctx, script, stack, 1001, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_DECLINED);
    }
    stack[500] = bottom_item(500, bottoms[500]);
    CHECK(bsml_evaluate_large(ctx, script, stack, 1000, BSML_SIGVERSION_BASE, 0, NULL, NULL, &r) == BSML_DONE);
    CHECK(r.stack_size == 1000 && r.error == BSML_ERR_OK && bsml_result_stack_item(ctx, 999).data == bottoms[999]);
  }
  printf("%d large-stack cases, %d large-witness spends\n", cases, spends);
  return failures ? 1 : 0;
}
