/*
 * bsml batch engine: one script over many initial stacks ("lanes") at once.
 *
 * The script is compiled once into a lane program (stack shuffles resolved at compile time,
 * arithmetic on struct-of-arrays int64 lanes), then run over chunks of lanes with the best SIMD
 * kernel of the machine (AVX-512, AVX2, NEON or portable scalar), on several threads.
 *
 * The vector path only answers when its answer is certain to equal the scalar engines: any lane
 * that could leave the happy path (a 5-byte operand, a failed VERIFY, a non-minimal or non-number
 * initial item, an IF argument MINIMALIF rejects, ...) and every lane of a script outside the
 * vector subset is marked BSML_LANE_FALLBACK and must be evaluated by a scalar engine. So
 * correctness never depends on the fast path: it only declines.
 *
 * Plain C; no C++ types or exceptions cross this header.
 */
#ifndef BSML_BATCH_H
#define BSML_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "bsml_export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Kernel instruction sets. */
typedef enum bsml_isa {
  BSML_ISA_AUTO = 0, /* best available (or the BSML_ISA environment variable) */
  BSML_ISA_SCALAR = 1,
  BSML_ISA_AVX2 = 2,
  BSML_ISA_AVX512 = 3,
  BSML_ISA_NEON = 4
} bsml_isa;

/** Per-lane outcome of bsml_batch_run. */
typedef enum bsml_lane_status {
  /** The vector path answered: error code, stack and altstack are final. */
  BSML_LANE_DONE = 0,
  /** The vector path declined this lane: evaluate it with a scalar engine. */
  BSML_LANE_FALLBACK = 1,
  /** The vector path declined this lane and the scalar native engine evaluated it (scalar_fallback). */
  BSML_LANE_SCALAR = 2
} bsml_lane_status;

struct bsml_context;
struct bsml_result;

/** Return codes of the batch calls. */
typedef enum bsml_batch_status {
  BSML_BATCH_OK = 0,
  /* a null or misaligned pointer, offsets going backwards, a bad input kind, a program compiled for
     a sigversion other than 0, 1 or 3, scalar_fallback in a build without the core */
  BSML_BATCH_BAD_ARGUMENT = 1,
  BSML_BATCH_ISA_UNAVAILABLE = 2, /* a forced ISA this CPU (or build) cannot run */
  BSML_BATCH_NO_MEMORY = 3,
  BSML_BATCH_CANCELLED = 4
} bsml_batch_status;

/** A compiled lane program (opaque). */
typedef struct bsml_batch_program bsml_batch_program;

/**
 * Compiles `script` for lanes whose initial stack has `depth` items. `sigversion` is a
 * bsml_sigversion (0 base, 1 witness v0, 3 tapscript), `flags` SCRIPT_VERIFY_* bits. Always
 * returns a program (NULL only when out of memory, or when `script` is NULL with a non-zero
 * size); a script outside the vector subset gives a program that declines every lane (see
 * bsml_batch_program_declined). Another sigversion also gives a declined program
 * ("unsupported sigversion"), which bsml_batch_run refuses (BSML_BATCH_BAD_ARGUMENT).
 */
BSML_API bsml_batch_program *bsml_batch_compile(const uint8_t *script, size_t script_size, int sigversion, uint32_t flags,
                                       size_t depth);
/** Frees a program (NULL is fine). */
BSML_API void bsml_batch_program_free(bsml_batch_program *program);
/** NULL when the program runs on the vector path, else why the script was declined. */
BSML_API const char *bsml_batch_program_declined(const bsml_batch_program *program);
/** Final main-stack depth of every lane the vector path answers. */
BSML_API size_t bsml_batch_program_stack_depth(const bsml_batch_program *program);
/** Final altstack depth of every lane the vector path answers. */
BSML_API size_t bsml_batch_program_altstack_depth(const bsml_batch_program *program);
/** Core's nOpCount of every lane the vector path answers. */
BSML_API uint32_t bsml_batch_program_op_count(const bsml_batch_program *program);
/** Lane instructions the kernel runs per lane (after stack shuffles are compiled away). */
BSML_API size_t bsml_batch_program_length(const bsml_batch_program *program);
/** Initial stack depth the program was compiled for. */
BSML_API size_t bsml_batch_program_input_depth(const bsml_batch_program *program);

/** Input kinds. */
typedef enum bsml_batch_input_kind {
  /** lanes x cols int32 matrix, row-major, bottom of the stack first in each row. */
  BSML_BATCH_DENSE_I32 = 0,
  /** lanes x cols int64 matrix, row-major. */
  BSML_BATCH_DENSE_I64 = 1,
  /**
   * Byte strings: lane l holds items lane_start[l] .. lane_start[l+1]-1 (bottom first); item i is
   * data[item_start[i] .. item_start[i+1]-1]. lane_start has lanes+1 entries.
   */
  BSML_BATCH_BYTES = 2
} bsml_batch_input_kind;

/**
 * The initial stacks. Only the fields of `kind` are read, and none when `lanes` is 0. Pointers are
 * aligned to their element type; `lane_start` and `item_start` never decrease over the items the
 * lanes name, and `data` may be NULL only when those items are all empty. bsml_batch_run refuses
 * anything else (BSML_BATCH_BAD_ARGUMENT); it cannot check the arrays' lengths.
 */
typedef struct bsml_batch_input {
  int kind;
  size_t lanes;
  size_t cols;
  const int32_t *i32;
  const int64_t *i64;
  const uint8_t *data;
  const uint64_t *item_start;
  const uint64_t *lane_start;
} bsml_batch_input;

/**
 * Where results go (caller-allocated, `lanes` entries each; `values` holds lanes x
 * (stack_depth + altstack_depth) int64: the final stack bottom first, then the altstack bottom
 * first, as numbers; every item the vector path leaves is a minimally encoded number).
 * `values` may be NULL when the caller only needs status and errors; else it is aligned for int64.
 * `values` is written for BSML_LANE_DONE lanes only.
 */
typedef struct bsml_batch_output {
  uint8_t *status; /* bsml_lane_status */
  uint8_t *error;  /* bsml_error (valid when status is BSML_LANE_DONE) */
  int64_t *values;
} bsml_batch_output;

/** Run options; zero-initialise for defaults. */
typedef struct bsml_batch_options {
  /** bsml_isa; BSML_ISA_AUTO picks the best one (or BSML_ISA from the environment). */
  int isa;
  /**
   * Threads, the calling one included; 0 = hardware concurrency. Never more than there are chunks;
   * when the system grants fewer, the run goes on with those it got.
   */
  unsigned threads;
  /** Lanes per chunk (rounded up to a multiple of 16, at most the lanes rounded so); 0 = default (256). */
  size_t chunk_lanes;
  /** Called now and then, one call at a time, from one of the run's threads with lanes done so far; may be NULL. */
  void (*progress)(void *user, size_t done, size_t total);
  void *user;
  /** When non-NULL and set non-zero (from any thread), the run stops early with BSML_BATCH_CANCELLED. */
  const volatile int *cancel;
  /**
   * Non-zero: lanes the vector path declines are evaluated right away, in the worker threads, by
   * the scalar native engine (bsml_evaluate with Core's base checker and the default tapscript
   * budget) and get BSML_LANE_SCALAR. Needs a build with the native core (bsml_batch_has_scalar).
   * Each thread then uses one context from bsml_context_new (bsml_context_size() bytes).
   */
  int scalar_fallback;
  /**
   * Called once per BSML_LANE_SCALAR lane, from one of the run's threads; during the call `ctx` holds the
   * lane's result (read items with bsml_result_stack_item / bsml_result_altstack_item). Calls for
   * distinct lanes may run concurrently. May be NULL.
   */
  void (*on_scalar_lane)(void *user, size_t lane, const struct bsml_context *ctx, const struct bsml_result *result);
} bsml_batch_options;

/** 1 when this build links the scalar native engine (scalar_fallback works). */
BSML_API int bsml_batch_has_scalar(void);

/**
 * Runs a program over the input. Lanes whose depth differs from the program's fall back.
 * Returns a bsml_batch_status. BSML_BATCH_BAD_ARGUMENT and BSML_BATCH_ISA_UNAVAILABLE write
 * nothing; after BSML_BATCH_CANCELLED the lanes of the chunks begun are written and the others are
 * not; after BSML_BATCH_NO_MEMORY some lanes may be written.
 */
BSML_API int bsml_batch_run(const bsml_batch_program *program, const bsml_batch_input *input, bsml_batch_output *output,
                   const bsml_batch_options *options);

/** The ISA bsml_batch_run would use for `requested` (resolving AUTO and BSML_ISA), or -1 if unavailable. */
BSML_API int bsml_batch_resolve_isa(int requested);
/** 1 when this build and CPU can run `isa`. */
BSML_API int bsml_batch_isa_available(int isa);
/** "scalar", "avx2", "avx512", "neon", or "auto". */
BSML_API const char *bsml_batch_isa_name(int isa);
/** Lanes per SIMD vector of an ISA (1 for scalar). */
BSML_API unsigned bsml_batch_isa_width(int isa);

#ifdef __cplusplus
}
#endif

#endif /* BSML_BATCH_H */
