/*
 * bsml native engine: the C API.
 *
 * A Bitcoin Script interpreter exact to Bitcoin Core (and to bsml's TypeScript reference
 * interpreter): EvalScript for the base, witness v0 and tapscript sigversions, and VerifyScript
 * with P2SH, witness v0 and taproot programs (the BIP341 commitment check through a callback).
 *
 * Plain C; no C++ types or exceptions cross this header. Memory: everything an evaluation needs
 * lives in one context (bsml_context_size() bytes: 90,520 on 64-bit targets; see
 * README "Native engine"), created once and reused. No heap allocation, OS call or global
 * mutable state happens while a script runs; any number of contexts may run in parallel, one
 * evaluation at a time per context.
 *
 * Stack items handed in (script, stack, witness) are read in place and must stay valid and
 * unchanged until the call returns. Results (bsml_result_*_item) point into those inputs, into
 * the context or (an empty item handed in as {NULL, 0}) at a static empty byte, and stay valid
 * until the next evaluation on the context. Reading an item may write into the context (a
 * computed number is encoded when its bytes are read): read one context's results from one
 * thread at a time.
 */
#ifndef BSML_H
#define BSML_H

#include <stddef.h>
#include <stdint.h>

#include "bsml_export.h"

#include "bsml_codes.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One byte string (not owned). */
typedef struct bsml_bytes {
  const uint8_t *data;
  size_t size;
} bsml_bytes;

/** Rules a script runs under (Core's SigVersion). */
typedef enum bsml_sigversion {
  BSML_SIGVERSION_BASE = 0,
  BSML_SIGVERSION_WITNESS_V0 = 1,
  BSML_SIGVERSION_TAPROOT = 2,
  BSML_SIGVERSION_TAPSCRIPT = 3
} bsml_sigversion;

/**
 * What an evaluation call did. A refused call (BSML_DECLINED, BSML_BAD_ARGUMENT) writes nothing:
 * the bsml_result handed in and the context's last result (bsml_result_stack_item,
 * bsml_result_altstack_item, bsml_result_left_out) stay as they were.
 */
typedef enum bsml_status {
  /** The script was evaluated; read the bsml_result. */
  BSML_DONE = 0,
  /**
   * The engine declines this input (it gave no answer; evaluate with another engine). Happens
   * for: an initial stack of more than BSML_MAX_STACK_SIZE items (but in bsml_evaluate_large), a
   * stack or witness with an item of 2^32 bytes or more, witness v1 (taproot) outputs under
   * BSML_FLAG_TAPROOT when the checker has no check_taproot_commitment, and the *_top calls' own
   * cases (see them).
   */
  BSML_DECLINED = 1,
  /** A null pointer where one is required, a bad sigversion, or a context not from bsml_context_init. */
  BSML_BAD_ARGUMENT = 2
} bsml_status;

/** Core's ScriptExecutionData, as handed to the Schnorr callback. */
typedef struct bsml_exec_data {
  /** Opcode position of the last executed OP_CODESEPARATOR, 0xffffffff if none. */
  uint32_t code_separator_pos;
  /** Remaining tapscript validation weight (BIP342). */
  int64_t validation_weight_left;
  /** Tapleaf hash (32 bytes) of the executed script, or NULL (bsml_evaluate has none). */
  const uint8_t *tapleaf_hash;
  /** SHA256 of the annex (32 bytes), or NULL. */
  const uint8_t *annex_hash;
} bsml_exec_data;

/** Return values of the checker callbacks besides 0/1 and error codes. */
#define BSML_CHECK_VALID (-1)   /* Schnorr: the signature is valid */
#define BSML_CHECK_INVALID (-2) /* Schnorr: invalid, no error named (Core's base checker) */
#define BSML_CHECK_ABORT (-3)   /* any callback: the checker itself failed; the script fails with UNKNOWN_ERROR */

/**
 * The questions a script asks about its transaction (Core's BaseSignatureChecker). A NULL
 * function (or a NULL checker) answers as Core's base checker: every check fails.
 */
typedef struct bsml_checker {
  /** Passed back to every callback. */
  void *user;
  /**
   * ECDSA check (base / witness v0). `script_code` already has the signature removed (base).
   * Returns 1 valid, 0 invalid, BSML_CHECK_ABORT.
   */
  int (*check_ecdsa)(void *user, bsml_bytes sig, bsml_bytes pubkey, bsml_bytes script_code, int sigversion);
  /**
   * BIP340 check (tapscript). Returns BSML_CHECK_VALID, BSML_CHECK_INVALID (the script fails with
   * UNKNOWN_ERROR, as in Core), a bsml_error code (>= 0) to fail with, or BSML_CHECK_ABORT.
   */
  int (*check_schnorr)(void *user, bsml_bytes sig, bsml_bytes pubkey, int sigversion, const bsml_exec_data *exec_data);
  /** CHECKLOCKTIMEVERIFY's comparison. Returns 1 satisfied, 0 not, BSML_CHECK_ABORT. */
  int (*check_locktime)(void *user, int64_t lock_time);
  /** CHECKSEQUENCEVERIFY's comparison. Returns 1 satisfied, 0 not, BSML_CHECK_ABORT. */
  int (*check_sequence)(void *user, int64_t sequence);
  /**
   * BIP341 commitment check of a taproot script-path spend (Core's VerifyTaprootCommitment): does
   * the 32-byte `program` (x-only output key) commit, through `control` (33 + 32k bytes: leaf
   * version and parity, internal key, Merkle path), to the 32-byte `tapleaf_hash`? Returns 1 yes,
   * 0 no, BSML_CHECK_ABORT. It needs secp256k1 point arithmetic, which the core does not have:
   * when this is NULL (or the checker is NULL), bsml_verify_script declines taproot spends.
   */
  int (*check_taproot_commitment)(void *user, bsml_bytes control, bsml_bytes program, const uint8_t *tapleaf_hash);
} bsml_checker;

/** The outcome of a BSML_DONE evaluation. Items are read with bsml_result_*_item. */
typedef struct bsml_result {
  /** 1 when the script (or spend) is valid. */
  int success;
  /** bsml_error code; BSML_ERR_OK on success. */
  int error;
  /** Core's nOpCount of the (last) evaluated script. */
  uint32_t op_count;
  /** Items on the main stack when evaluation stopped. */
  size_t stack_size;
  /** Items on the altstack when evaluation stopped. */
  size_t altstack_size;
} bsml_result;

/** An evaluation context (opaque). */
typedef struct bsml_context bsml_context;

/** Bytes a context needs. */
BSML_API size_t bsml_context_size(void);
/** Alignment a context's memory needs. */
BSML_API size_t bsml_context_align(void);
/**
 * Makes a context in caller-provided memory (`size` >= bsml_context_size(), aligned to
 * bsml_context_align()). Returns NULL when the memory is too small or misaligned. Nothing to free.
 */
BSML_API bsml_context *bsml_context_init(void *memory, size_t size);
/** Convenience: a context on the heap (malloc), or NULL. Free with bsml_context_free. */
BSML_API bsml_context *bsml_context_new(void);
/** Frees a context from bsml_context_new (NULL is fine). */
BSML_API void bsml_context_free(bsml_context *ctx);

/**
 * Runs one script on an initial stack (bottom first), like the TypeScript `evaluate`:
 * - BSML_SIGVERSION_BASE: EvalScript; success when no error and the top item is true (and, with
 *   BSML_FLAG_CLEANSTACK, exactly one item is left).
 * - BSML_SIGVERSION_WITNESS_V0 / BSML_SIGVERSION_TAPSCRIPT: Core's ExecuteWitnessScript (tapscript
 *   OP_SUCCESSx pre-scan, initial stack limits, evaluation, clean stack and truth). The tapscript
 *   validation-weight budget is `*validation_weight` when not NULL, else that of a script-path
 *   spend of this script and stack with a 33-byte control block and no annex.
 * `checker` may be NULL (Core's base checker). `stack` may be NULL when `stack_size` is 0.
 */
BSML_API bsml_status bsml_evaluate(bsml_context *ctx, bsml_bytes script, const bsml_bytes *stack, size_t stack_size,
                          int sigversion, uint32_t flags, const int64_t *validation_weight,
                          const bsml_checker *checker, bsml_result *out);

/**
 * bsml_evaluate on a stack of `bare + top_size` items whose bottom `bare` items are left out: the
 * caller gives the top `top_size` items (`top`, bottom first) and, for the witness sigversions
 * (whose size checks and tapscript budget read every item's size), the sizes of the left-out ones
 * (`bare_sizes`, bottom first; not read, and may be NULL, under BSML_SIGVERSION_BASE, where the
 * script reads nothing of an item it cannot reach). Runs only when the script cannot reach them:
 * returns BSML_DECLINED when bare > 0 and bsml_stack_reach(script, sigversion, flags) > top_size
 * (and when the stack has more than BSML_MAX_STACK_SIZE items, or a left-out item is over
 * BSML_MAX_SCRIPT_ELEMENT_SIZE bytes: such an item fails the script before it runs, so pass it
 * whole); with bare = 0 it is bsml_evaluate. The result is bsml_evaluate's on the whole stack;
 * its bottom `bare` stack items are the left-out ones, in place (bsml_result_stack_item gives their
 * size under the witness sigversions, 0 under base, and zero bytes).
 */
BSML_API bsml_status bsml_evaluate_top(bsml_context *ctx, bsml_bytes script, const bsml_bytes *top, size_t top_size, size_t bare,
                              const uint32_t *bare_sizes, int sigversion, uint32_t flags, const int64_t *validation_weight,
                              const bsml_checker *checker, bsml_result *out);

/**
 * bsml_evaluate on an initial stack of any size, as Bitcoin Core runs it: with at most
 * BSML_MAX_STACK_SIZE items it is bsml_evaluate; with more, which a context cannot hold, the answer
 * is still Core's (success, error, stacks, op count). Core checks the stack size before a tapscript
 * runs (after its OP_SUCCESSx pre-scan: STACK_SIZE, or that pre-scan's result) and after each
 * instruction (stack + altstack) in base and witness v0 scripts: their first instruction runs on
 * the whole stack (DEPTH counts every item, PICK and ROLL reach any of them), and the rest of the
 * script runs only when it leaves at most BSML_MAX_STACK_SIZE items (2DROP, ROLL, IF, ...
 * CHECKMULTISIG(VERIFY) on at most 1,043 items); otherwise it ends there (STACK_SIZE, or the first
 * instruction's error). An empty script runs no instruction (the final checks only). No memory
 * but the context's is used.
 *
 * The `stack` array itself (not only the items' bytes) must stay valid and unchanged until the
 * results are read: the bottom items of a result with more than BSML_MAX_STACK_SIZE items are read
 * from it (bsml_result_stack_item), until the next evaluation on the context. Declines as
 * bsml_evaluate does for an item of 2^32 bytes or more (never for the item count); `stack` may be
 * NULL when `stack_size` is 0. `validation_weight` is read as by bsml_evaluate (a tapscript with
 * more than BSML_MAX_STACK_SIZE items runs no opcode).
 */
BSML_API bsml_status bsml_evaluate_large(bsml_context *ctx, bsml_bytes script, const bsml_bytes *stack, size_t stack_size,
                                int sigversion, uint32_t flags, const int64_t *validation_weight,
                                const bsml_checker *checker, bsml_result *out);

/**
 * Core's VerifyScript: scriptSig, then scriptPubKey, P2SH, witness v0 programs (P2WSH, P2WPKH, also
 * P2SH-wrapped), taproot (key path through check_schnorr; script path with the annex, control
 * block, tapleaf hash, commitment through check_taproot_commitment, and tapscript execution with
 * the witness's validation-weight budget), unknown witness versions, CLEANSTACK and
 * WITNESS_UNEXPECTED. Declines taproot spends (witness v1, 32-byte program, under
 * BSML_FLAG_TAPROOT) when the checker has no check_taproot_commitment.
 *
 * A witness of more than BSML_MAX_STACK_SIZE items, which a context cannot hold, is answered as
 * Core does too: the checks before a witness script runs read only its top items (P2WPKH fails
 * with WITNESS_PROGRAM_MISMATCH, a taproot spend takes the script path); a P2WSH script then runs
 * on the items left as bsml_evaluate_large runs it (witness v0), a tapscript on more than
 * BSML_MAX_STACK_SIZE items stops after its OP_SUCCESSx pre-scan (STACK_SIZE). As for
 * bsml_evaluate_large, the `witness` array itself must then stay valid and unchanged until the
 * result is read: a result's stack of more items reads its bottom ones from it.
 */
BSML_API bsml_status bsml_verify_script(bsml_context *ctx, bsml_bytes script_sig, bsml_bytes script_pubkey,
                               const bsml_bytes *witness, size_t witness_size, uint32_t flags,
                               const bsml_checker *checker, bsml_result *out);

/**
 * How many items at the top of its initial stack an evaluation of `script` (bsml_evaluate with
 * this sigversion and these flags, any checker and stack) may read, copy, move or pop, found from
 * the script alone; SIZE_MAX when that is not bounded by the script (PICK / ROLL whose depth is
 * not pushed just before, CHECKMULTISIG outside tapscript, unbalanced or deeply nested IFs). The
 * items below stay in place unread: their bytes do not change the result (their lengths may: the
 * witness size checks and the tapscript budget read them). 0 when every path pushes what it uses
 * (the final truth test included).
 */
BSML_API size_t bsml_stack_reach(bsml_bytes script, int sigversion, uint32_t flags);

/**
 * How many of its top witness items a spend of `script_pubkey` with a witness of `witness_size`
 * items may read, found before anything runs from the scriptPubKey and the top `top_size` witness
 * items given (`top`, bottom first; the script of a P2WSH or taproot script path is among them):
 * 0 when the witness is not read (no witness program nor P2SH, another witness version), the
 * script and the items it reaches (bsml_stack_reach) for P2WSH and the taproot script path, else
 * SIZE_MAX (P2SH, P2WPKH, the taproot key path, a script not among `top`, an unbounded reach).
 * bsml_verify_script_top runs exactly when this is at most its `top_size`.
 */
BSML_API size_t bsml_witness_reach(bsml_bytes script_pubkey, const bsml_bytes *top, size_t top_size, size_t witness_size, uint32_t flags);

/**
 * bsml_verify_script with the witness's bottom `bare` items left out, as for bsml_evaluate_top: the
 * caller gives the top `top_size` witness items (`top`, bottom first) and the sizes of all the
 * left-out ones (`bare_sizes`, bottom first). Runs only when the spend cannot read them, decided
 * before anything runs (so no checker is called when it declines): no witness program nor P2SH in
 * the scriptPubKey, a P2WSH or taproot script-path spend whose script (among the top items) cannot
 * reach below the top items it leaves (bsml_stack_reach), or another witness version; returns
 * BSML_DECLINED otherwise (P2SH, P2WPKH, the taproot key path, a deeper script, a left-out item
 * over BSML_MAX_SCRIPT_ELEMENT_SIZE bytes), and as bsml_verify_script does. The result is bsml_verify_script's on the whole witness; left-out items
 * in it are in place, with zero bytes (bsml_result_stack_item).
 */
BSML_API bsml_status bsml_verify_script_top(bsml_context *ctx, bsml_bytes script_sig, bsml_bytes script_pubkey, const bsml_bytes *top,
                                   size_t top_size, size_t bare, const uint32_t *bare_sizes, uint32_t flags,
                                   const bsml_checker *checker, bsml_result *out);

/**
 * Item `index` (0 = bottom) of the last result's main stack. Its data pointer is never NULL, an
 * empty item's included (one handed in as {NULL, 0} points at a static empty byte): {NULL, 0}
 * means there is no such item (index out of range, or no evaluation yet).
 */
BSML_API bsml_bytes bsml_result_stack_item(const bsml_context *ctx, size_t index);
/**
 * How many bottom items of the last result's main stack are left-out items (bsml_evaluate_top,
 * bsml_verify_script_top): all of them when that stack is the one they were loaded into (they stay
 * in place), else 0 (e.g. a spend that failed before its witness script ran).
 */
BSML_API size_t bsml_result_left_out(const bsml_context *ctx);
/** Item `index` (0 = bottom) of the last result's altstack; as bsml_result_stack_item (never a NULL pointer; {NULL, 0}: no such item). */
BSML_API bsml_bytes bsml_result_altstack_item(const bsml_context *ctx, size_t index);

/** Core's name of an error code without the SCRIPT_ERR_ prefix ("EVAL_FALSE"); "UNKNOWN" when out of range. */
BSML_API const char *bsml_error_name(int code);
/** Core's name of an opcode byte ("OP_ADD"; "OP_UNKNOWN" for unnamed bytes). */
BSML_API const char *bsml_opcode_name(uint8_t opcode);

/* The hashes of `size` bytes at `data` into `out`. A NULL `data` is read as no bytes, whatever
 * `size` says: the digest of the empty string (these functions have no status to refuse with). */
/** SHA-256 of `size` bytes. */
BSML_API void bsml_sha256(const uint8_t *data, size_t size, uint8_t out[32]);
/** RIPEMD-160 of `size` bytes. */
BSML_API void bsml_ripemd160(const uint8_t *data, size_t size, uint8_t out[20]);
/** SHA-1 of `size` bytes. */
BSML_API void bsml_sha1(const uint8_t *data, size_t size, uint8_t out[20]);

#ifdef __cplusplus
}
#endif

#endif /* BSML_H */
