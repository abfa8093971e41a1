/*
 * The batch C API (bsml/batch.h) from plain C (C11), as a caller may misuse it: null and misaligned
 * pointers, offsets that go backwards, an unsupported sigversion, zero lanes, huge chunk and
 * thread counts, and a system that grants fewer threads than asked for. Every misuse gets a
 * status code, never a crash; runs that succeed give the lanes' answers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsml/batch.h"
#include "bsml/bsml.h"
#include "check.h"

#if defined(__unix__) && !defined(BSML_TEST_NO_RLIMIT)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#define HAVE_RLIMIT_CHILD 1
#endif

enum { LANES = 4096 };

static int32_t data32[LANES];
static int64_t data64[LANES + 1];
static uint8_t status[LANES], error[LANES];
static int64_t values[LANES + 1];

/* DUP ADD 0 MAX under tapscript: one input, one output max(2x, 0). */
static const uint8_t script[] = {BSML_OP_DUP, BSML_OP_ADD, BSML_OP_0, BSML_OP_MAX};

static void clear_output(void) {
  memset(status, 9, sizeof status);
  memset(error, 99, sizeof error);
  memset(values, 0x55, sizeof values);
}

/* Every one of the first `lanes` lanes answered max(2x, 0) on the vector path. */
static int lanes_right(size_t lanes) {
  size_t l;
  for (l = 0; l < lanes; ++l) {
    const int64_t want = data32[l] > 0 ? 2 * (int64_t)data32[l] : 0;
    if (status[l] != BSML_LANE_DONE || values[l] != want) return 0;
    if (error[l] != (want ? BSML_ERR_OK : BSML_ERR_EVAL_FALSE)) return 0;
  }
  return 1;
}

static bsml_batch_input dense32(size_t lanes) {
  bsml_batch_input in;
  memset(&in, 0, sizeof in);
  in.kind = BSML_BATCH_DENSE_I32;
  in.lanes = lanes;
  in.cols = 1;
  in.i32 = data32;
  return in;
}

/* The static result arrays, and options for the portable kernel (which every CPU runs). */
static bsml_batch_output all_outputs(void) {
  bsml_batch_output out;
  out.status = status;
  out.error = error;
  out.values = values;
  return out;
}
static bsml_batch_options scalar_options(void) {
  bsml_batch_options o;
  memset(&o, 0, sizeof o);
  o.isa = BSML_ISA_SCALAR;
  return o;
}

static size_t last_done, last_total;
static int went_back; /* a progress call reported fewer lanes than an earlier one */
static void on_progress(void *user, size_t done, size_t total) {
  (void)user;
  if (done < last_done) went_back = 1;
  last_done = done;
  last_total = total;
}

#ifdef HAVE_RLIMIT_CHILD
/*
 * In a child process whose address space has room for only a few thread stacks, a run asking for
 * 255 threads: the threads the system refuses are done without (the run still answers every lane).
 * Before, the failed thread creation unwound past the started threads: std::terminate.
 */
static void fewer_threads_than_asked(const bsml_batch_program *p) {
  int wstatus = 0;
  const pid_t pid = fork();
  if (pid == 0) {
    struct rlimit rl;
    bsml_batch_input in = dense32(LANES);
    bsml_batch_output out = all_outputs();
    bsml_batch_options o = scalar_options();
    int rc;
    o.threads = 255;
    o.chunk_lanes = 16; /* 256 chunks: 255 threads wanted */
    rl.rlim_cur = rl.rlim_max = (rlim_t)96 << 20;
    if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(0); /* cannot limit: nothing to check */
    clear_output();
    rc = bsml_batch_run(p, &in, &out, &o);
    _exit(rc == BSML_BATCH_OK && lanes_right(LANES) ? 0 : 10 + rc);
  }
  CHECK(pid > 0);
  if (pid <= 0) return;
  CHECK(waitpid(pid, &wstatus, 0) == pid);
  CHECK(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
    printf("  the child %s %d\n", WIFEXITED(wstatus) ? "exited with" : "died of signal",
           WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus));
}
#endif

int main(void) {
  bsml_batch_program *p = bsml_batch_compile(script, sizeof script, BSML_SIGVERSION_TAPSCRIPT, 0, 1);
  bsml_batch_output out = all_outputs();
  bsml_batch_options o = scalar_options();
  size_t i;
  for (i = 0; i < LANES; ++i) data32[i] = (int32_t)i - 100;
  CHECK(p != NULL && bsml_batch_program_declined(p) == NULL && bsml_batch_program_stack_depth(p) == 1);
  if (!p) return 1;

  { /* a plain run, with defaults (NULL options) and with progress */
    bsml_batch_input in = dense32(LANES);
    clear_output();
    CHECK(bsml_batch_run(p, &in, &out, NULL) == BSML_BATCH_OK && lanes_right(LANES));
    o.progress = on_progress;
    clear_output();
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_OK && lanes_right(LANES));
    CHECK(last_done == LANES && last_total == LANES && !went_back);
    o.progress = NULL;
  }
  { /* zero lanes: nothing read, nothing written */
    bsml_batch_input in = dense32(0);
    in.i32 = NULL;
    clear_output();
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_OK && status[0] == 9);
    in.kind = BSML_BATCH_BYTES;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_OK && status[0] == 9);
  }
  { /* null pointers and a bad kind */
    bsml_batch_input in = dense32(LANES);
    bsml_batch_output bad = out;
    CHECK(bsml_batch_run(NULL, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    CHECK(bsml_batch_run(p, NULL, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    CHECK(bsml_batch_run(p, &in, NULL, &o) == BSML_BATCH_BAD_ARGUMENT);
    bad.status = NULL;
    CHECK(bsml_batch_run(p, &in, &bad, &o) == BSML_BATCH_BAD_ARGUMENT);
    bad = out;
    bad.error = NULL;
    CHECK(bsml_batch_run(p, &in, &bad, &o) == BSML_BATCH_BAD_ARGUMENT);
    in.i32 = NULL;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    in = dense32(LANES);
    in.kind = 7;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    /* values may be NULL: status and errors only */
    bad = out;
    bad.values = NULL;
    in = dense32(LANES);
    clear_output();
    CHECK(bsml_batch_run(p, &in, &bad, &o) == BSML_BATCH_OK && status[LANES - 1] == BSML_LANE_DONE);
  }
  { /* misaligned numbers, results or offsets */
    bsml_batch_input in = dense32(4);
    bsml_batch_output bad = out;
    static uint64_t offsets[8];
    in.i32 = (const int32_t *)(const void *)((const char *)data32 + 2);
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    in.kind = BSML_BATCH_DENSE_I64;
    in.i64 = (const int64_t *)(const void *)((const char *)data64 + 4);
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    in = dense32(4);
    bad.values = (int64_t *)(void *)((char *)values + 4);
    CHECK(bsml_batch_run(p, &in, &bad, &o) == BSML_BATCH_BAD_ARGUMENT);
    in.kind = BSML_BATCH_BYTES;
    in.lanes = 1;
    in.data = (const uint8_t *)"\x05";
    in.lane_start = (const uint64_t *)(const void *)((const char *)offsets + 4);
    in.item_start = offsets;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
  }
  { /* byte strings: data NULL while items hold bytes, offsets that go backwards */
    static const uint64_t lane_start[3] = {0, 1, 2};
    static const uint64_t item_start[3] = {0, 1, 2};
    static const uint64_t lanes_back[3] = {0, 2, 1};
    static const uint64_t items_back[3] = {0, 2, 1};
    static const uint64_t empty_items[3] = {0, 0, 0};
    bsml_batch_input in;
    memset(&in, 0, sizeof in);
    in.kind = BSML_BATCH_BYTES;
    in.lanes = 2;
    in.data = (const uint8_t *)"\x05\x81"; /* 5 and -1 */
    in.lane_start = lane_start;
    in.item_start = item_start;
    clear_output();
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_OK);
    CHECK(status[0] == BSML_LANE_DONE && values[0] == 10 && status[1] == BSML_LANE_DONE && values[1] == 0);
    in.data = NULL;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    in.item_start = empty_items; /* two lanes of one empty item: no byte to read */
    clear_output();
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_OK && status[0] == BSML_LANE_DONE && values[0] == 0);
    in.data = (const uint8_t *)"\x05\x81";
    in.item_start = items_back;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    in.item_start = item_start;
    in.lane_start = lanes_back;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
    in.lane_start = NULL;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
  }
  { /* a sigversion no engine runs (2 is taproot's key path; 99): a declined program, refused by the run */
    const int bad[2] = {BSML_SIGVERSION_TAPROOT, 99};
    bsml_batch_input in = dense32(4);
    for (i = 0; i < 2; ++i) {
      bsml_batch_program *q = bsml_batch_compile(script, sizeof script, bad[i], 0, 1);
      CHECK(q != NULL && bsml_batch_program_declined(q) != NULL);
      CHECK(bsml_batch_run(q, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
      o.scalar_fallback = 1;
      CHECK(bsml_batch_run(q, &in, &out, &o) == BSML_BATCH_BAD_ARGUMENT);
      o.scalar_fallback = 0;
      bsml_batch_program_free(q);
    }
  }
  { /* huge chunk sizes (the rounding to 16 used to overflow) and thread counts: the same answers */
    const size_t chunks[5] = {(size_t)-1, (size_t)-1 - 15, (size_t)1 << (sizeof(size_t) * 8 - 3), LANES + 1, 1};
    bsml_batch_input in = dense32(LANES);
    for (i = 0; i < 5; ++i) {
      o.chunk_lanes = chunks[i];
      clear_output();
      CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_OK && lanes_right(LANES));
    }
    o.chunk_lanes = 0;
    o.threads = 1u << 30; /* no more threads than chunks */
    in.lanes = 100;
    clear_output();
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_OK && lanes_right(100) && status[100] == 9);
    o.threads = 0;
  }
  { /* a cancel flag set before the run */
    static volatile int stop = 1;
    bsml_batch_input in = dense32(LANES);
    o.cancel = &stop;
    CHECK(bsml_batch_run(p, &in, &out, &o) == BSML_BATCH_CANCELLED);
    o.cancel = NULL;
  }
#ifdef HAVE_RLIMIT_CHILD
  fewer_threads_than_asked(p);
#endif
  bsml_batch_program_free(p);
  bsml_batch_program_free(NULL);
  printf("batch_c_api: %d failures\n", failures);
  return failures ? 1 : 0;
}
