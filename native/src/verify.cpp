// Core's VerifyScript, VerifyWitnessProgram and ExecuteWitnessScript, and `evaluate` (one script
// on an initial stack), ported from bsml's TypeScript reference (src/vm/verify.ts), plus the C API.
// Compiled twice: as itself (the C API), and by verify_large.cpp with BSML_VERIFY_LARGE
// (bsml_verify_script's path for witnesses of more than BSML_MAX_STACK_SIZE items, from the same
// helpers and verify_impl), so that the code every verification runs and its layout stay as they
// were: the new code's calls change nothing the compiler inlines here, and its size moves no hot
// function (see BSML_LARGE there).
#include <cstdlib>
#include <cstring>
#include <new>

#include "bsml/bsml.h"
#include "context.h"
#include "hashes.h"
#include "interpreter.h"
#include "prescan.h"
#include "script.h"
#include "scriptnum.h"
#include "tables.h"

namespace bsml {
namespace {

constexpr std::size_t kTaprootControlNodeSize = 32;
constexpr std::size_t kTaprootControlMaxSize = BSML_TAPROOT_CONTROL_BASE_SIZE + kTaprootControlNodeSize * 128;
constexpr std::uint8_t kTaprootLeafMask = 0xfe;
constexpr std::uint8_t kTaprootLeafTapscript = 0xc0;

// A result: error, the area/count of the stack, the area/count of the altstack, the op count.
struct Outcome {
  int error;
  Area* stack_area;
  std::size_t stack_n;
  Area* alt_area;
  std::size_t alt_n;
  std::uint32_t op_count;
  // A failure that names no error (a taproot key-path signature the checker rejects without one).
  bool failed_without_error = false;
  bool ok() const { return error == BSML_ERR_OK && !failed_without_error; }
};

// Loads `count` items as the stack of `a`; false (and `a` untouched: it may hold the last result)
// for more than BSML_MAX_STACK_SIZE items or an item of 2^32 bytes or more.
bool load_stack(Area& a, const bsml_bytes* items, std::size_t count) {
  if (count > BSML_MAX_STACK_SIZE) return false;
  for (std::size_t i = 0; i < count; ++i) {
    if (items[i].size > 0xffffffffu) return false;
  }
  for (std::size_t i = 0; i < count; ++i) {
    a.items[i].len = std::uint32_t(items[i].size);
    a.items[i].kind = kView;
    a.items[i].u.ptr = items[i].data;
  }
  a.n = count;
  a.alt = 0;
  return true;
}

std::size_t compact_size_len(std::uint64_t n) { return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffffu ? 5 : 9; }

// Bitcoin's CompactSize encoding of n; returns its length.
std::size_t compact_size(std::uint64_t n, std::uint8_t out[9]) {
  const std::size_t len = compact_size_len(n);
  if (len == 1) {
    out[0] = std::uint8_t(n);
    return 1;
  }
  out[0] = len == 3 ? 0xfd : len == 5 ? 0xfe : 0xff;
  for (std::size_t i = 1; i < len; ++i) out[i] = std::uint8_t(n >> (8 * (i - 1)));
  return len;
}


// BIP341 tapleaf hash: TaggedHash("TapLeaf", leaf_version || CompactSize(len) || script).
void tapleaf_hash(std::uint8_t leaf_version, const std::uint8_t* script, std::size_t size, std::uint8_t out[32]) {
  static const char kTag[] = "TapLeaf";
  std::uint8_t tag[32];
  sha256(reinterpret_cast<const std::uint8_t*>(kTag), sizeof kTag - 1, tag);
  std::uint8_t cs[9];
  const std::size_t cn = compact_size(size, cs);
  Sha256 h;
  h.write(tag, 32).write(tag, 32).write(&leaf_version, 1).write(cs, cn).write(script, size).finish(out);
}

// Core's OP_SUCCESSx pre-scan of a tapscript: -1 when the script runs on, else the error it ends
// with (BSML_ERR_OK for an OP_SUCCESSx without DISCOURAGE_OP_SUCCESS).
BSML_ALWAYS_INLINE int tapscript_prescan(const std::uint8_t* script, std::size_t size, std::uint32_t flags) {
  std::size_t pc = 0;
  Instruction ins;
  while (pc < size) {
    // The common case: one-byte opcodes that are not OP_SUCCESSx, stepped over many at a time.
    pc += plain_run(script + pc, size - pc);
    if (pc >= size) break;
    if (!read_instruction(script, size, pc, ins)) return BSML_ERR_BAD_OPCODE;
    if (tables::kOpSuccess[ins.opcode]) return (flags & BSML_FLAG_DISCOURAGE_OP_SUCCESS) ? BSML_ERR_DISCOURAGE_OP_SUCCESS : BSML_ERR_OK;
    pc = ins.end;
  }
  return -1;
}

// Core's ExecuteWitnessScript on area `a` (its stack already loaded).
Outcome execute_witness_script(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size,
                               std::uint32_t flags, int sigversion, const bsml_checker* checker, ExecData& ed) {
  Outcome o{BSML_ERR_OK, &a, 0, &a, 0, 0};
  a.alt = 0;
  if (sigversion == BSML_SIGVERSION_TAPSCRIPT) {
    const int pre = tapscript_prescan(script, size, flags);
    if (pre >= 0) {
      o.error = pre;
      o.stack_n = a.n;
      return o;
    }
    if (a.n > BSML_MAX_STACK_SIZE) {
      o.error = BSML_ERR_STACK_SIZE;
      o.stack_n = a.n;
      return o;
    }
  }
  for (std::size_t i = 0; i < a.n; ++i) {
    if (a.items[i].size() > BSML_MAX_SCRIPT_ELEMENT_SIZE) {
      o.error = BSML_ERR_PUSH_SIZE;
      o.stack_n = a.n;
      return o;
    }
  }
  const EvalOutcome r = eval_script(ctx, a, script, size, flags, checker, sigversion, ed);
  o.op_count = r.op_count;
  o.alt_n = r.alt_n;
  o.stack_n = r.stack_n;
  if (r.error != BSML_ERR_OK) o.error = r.error;
  else if (a.n != 1) o.error = BSML_ERR_CLEANSTACK;
  else if (!a.items[0].truthy()) o.error = BSML_ERR_EVAL_FALSE;
  return o;
}

// What a left-out item (bsml_evaluate_top, bsml_verify_script_top) points at: no item the script
// runs on is read from here (the script cannot reach them), and no read could pass its end (base
// items are empty here; the witness sigversions stop on an item over 520 bytes before a script runs).
const std::uint8_t kLeftOut[BSML_MAX_SCRIPT_ELEMENT_SIZE + 1] = {};

// A witness whose bottom `bare` items may be left out (only their sizes given).
struct WitnessView {
  const bsml_bytes* top;
  std::size_t top_n;
  std::size_t bare;
  const std::uint32_t* bare_sizes;
  std::size_t count() const { return bare + top_n; }
  // Loads the witness as the stack of `a` (sizes were checked by the caller).
  void load(Area& a) const {
    for (std::size_t i = 0; i < bare; ++i) {
      a.items[i].len = bare_sizes[i];
      a.items[i].kind = kView;
      a.items[i].u.ptr = kLeftOut;
    }
    for (std::size_t i = 0; i < top_n; ++i) {
      Item& it = a.items[bare + i];
      it.len = std::uint32_t(top[i].size);
      it.kind = kView;
      it.u.ptr = top[i].data;
    }
    a.n = bare + top_n;
    a.alt = 0;
  }
  // Serialized size (the tapscript budget).
  std::int64_t serialized_size() const {
    std::uint64_t w = compact_size_len(count());
    for (std::size_t i = 0; i < bare; ++i) w += compact_size_len(bare_sizes[i]) + bare_sizes[i];
    for (std::size_t i = 0; i < top_n; ++i) w += compact_size_len(top[i].size) + top[i].size;
    return std::int64_t(w);
  }
};

#ifndef BSML_VERIFY_LARGE
// Core's VerifyWitnessProgram (taproot spends are declined before reaching here). Runs in area `a`.
Outcome verify_witness_program(bsml_context& ctx, Area& a, const WitnessView& witness, int version,
                               const std::uint8_t* program, std::size_t program_n, std::uint32_t flags,
                               const bsml_checker* checker, bool p2sh_wrapped) {
  witness.load(a);
  Outcome plain{BSML_ERR_OK, &a, a.n, &a, 0, 0};
  if (version == 0) {
    ExecData ed{0xffffffffu, 0, nullptr, nullptr};
    if (program_n == BSML_WITNESS_V0_SCRIPTHASH_SIZE) {
      if (a.n == 0) {
        plain.error = BSML_ERR_WITNESS_PROGRAM_WITNESS_EMPTY;
        return plain;
      }
      const Item script = a.items[--a.n];  // a view of a witness item
      std::uint8_t h[32];
      sha256(script.data(), script.size(), h);
      if (std::memcmp(h, program, 32) != 0) {
        plain.error = BSML_ERR_WITNESS_PROGRAM_MISMATCH;
        plain.stack_n = a.n;
        return plain;
      }
      return execute_witness_script(ctx, a, script.data(), script.size(), flags, BSML_SIGVERSION_WITNESS_V0, checker, ed);
    }
    if (program_n == BSML_WITNESS_V0_KEYHASH_SIZE) {
      if (a.n != 2) {
        plain.error = BSML_ERR_WITNESS_PROGRAM_MISMATCH;
        return plain;
      }
      std::uint8_t* s = ctx.p2wpkh;
      s[0] = BSML_OP_DUP;
      s[1] = BSML_OP_HASH160;
      s[2] = 20;
      std::memcpy(s + 3, program, 20);
      s[23] = BSML_OP_EQUALVERIFY;
      s[24] = BSML_OP_CHECKSIG;
      return execute_witness_script(ctx, a, s, 25, flags, BSML_SIGVERSION_WITNESS_V0, checker, ed);
    }
    plain.error = BSML_ERR_WITNESS_PROGRAM_WRONG_LENGTH;
    return plain;
  }
  if (version == 1 && program_n == BSML_WITNESS_V1_TAPROOT_SIZE && !p2sh_wrapped) {
    if (!(flags & BSML_FLAG_TAPROOT)) return plain;
    if (a.n == 0) {
      plain.error = BSML_ERR_WITNESS_PROGRAM_WITNESS_EMPTY;
      return plain;
    }
    ExecData ed{0xffffffffu, 0, nullptr, nullptr};
    const Item& last = a.items[a.n - 1];
    if (a.n >= 2 && last.size() > 0 && last.data()[0] == BSML_ANNEX_TAG) {
      std::uint8_t cs[9];
      const std::size_t cn = compact_size(last.size(), cs);
      Sha256().write(cs, cn).write(last.data(), last.size()).finish(ctx.annex_hash);
      ed.annex_hash = ctx.annex_hash;
      --a.n;
      plain.stack_n = a.n;
    }
    if (a.n == 1) {
      // Key path: the checker verifies the BIP340 signature against the output key.
      const Item sig = a.items[0];
      bsml_exec_data d{ed.code_separator_pos, ed.validation_weight_left, ed.tapleaf_hash, ed.annex_hash};
      int r = BSML_CHECK_INVALID;
      if (checker && checker->check_schnorr) {
        r = checker->check_schnorr(checker->user, bsml_bytes{sig.data(), sig.size()}, bsml_bytes{program, program_n},
                                   BSML_SIGVERSION_TAPROOT, &d);
      }
      if (r == BSML_CHECK_VALID) return plain;
      if (r == BSML_CHECK_INVALID || r == BSML_CHECK_ABORT || r < 0 || r >= BSML_ERR_COUNT) {
        // Core's base checker fails without naming an error; VerifyScript's last error is OK then.
        plain.error = r == BSML_CHECK_INVALID ? BSML_ERR_OK : BSML_ERR_UNKNOWN_ERROR;
        plain.failed_without_error = r == BSML_CHECK_INVALID;
        return plain;
      }
      plain.error = r;
      plain.failed_without_error = r == BSML_ERR_OK;
      return plain;
    }
    const Item control = a.items[--a.n];
    const Item script = a.items[--a.n];
    plain.stack_n = a.n;
    const std::size_t cs = control.size();
    if (cs < BSML_TAPROOT_CONTROL_BASE_SIZE || cs > kTaprootControlMaxSize ||
        (cs - BSML_TAPROOT_CONTROL_BASE_SIZE) % kTaprootControlNodeSize != 0) {
      plain.error = BSML_ERR_TAPROOT_WRONG_CONTROL_SIZE;
      return plain;
    }
    const std::uint8_t leaf_version = control.data()[0] & kTaprootLeafMask;
    tapleaf_hash(leaf_version, script.data(), script.size(), ctx.tapleaf_hash);
    ed.tapleaf_hash = ctx.tapleaf_hash;
    const int c = checker->check_taproot_commitment(checker->user, bsml_bytes{control.data(), control.size()},
                                                     bsml_bytes{program, program_n}, ctx.tapleaf_hash);
    if (c == BSML_CHECK_ABORT) {
      plain.error = BSML_ERR_UNKNOWN_ERROR;
      return plain;
    }
    if (c == 0) {
      plain.error = BSML_ERR_WITNESS_PROGRAM_MISMATCH;
      return plain;
    }
    if (leaf_version == kTaprootLeafTapscript) {
      ed.validation_weight_left = witness.serialized_size() + BSML_VALIDATION_WEIGHT_OFFSET;
      return execute_witness_script(ctx, a, script.data(), script.size(), flags, BSML_SIGVERSION_TAPSCRIPT, checker, ed);
    }
    if (flags & BSML_FLAG_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) plain.error = BSML_ERR_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION;
    return plain;
  }
  const bool anchor = version == 1 && program_n == 2 && program[0] == 0x4e && program[1] == 0x73;
  if (!p2sh_wrapped && anchor) return plain;
  if (flags & BSML_FLAG_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) plain.error = BSML_ERR_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM;
  return plain;
}
#endif  // !BSML_VERIFY_LARGE

void publish(bsml_context& ctx, const Outcome& o, bsml_result* out) {
  ctx.result = ResultView{o.stack_area, o.stack_n, o.alt_area, o.alt_n};
  out->success = o.ok();
  out->error = o.error;
  out->op_count = o.op_count;
  out->stack_size = o.stack_n;
  out->altstack_size = o.alt_n;
}

#ifndef BSML_VERIFY_LARGE
bool valid_ctx(const bsml_context* ctx) { return ctx && ctx->magic == kContextMagic; }
#endif

// Publishes `last` (stack, altstack, op count) with error `e` as a failed verdict.
bsml_status verdict(bsml_context& ctx, Outcome last, int e, bsml_result* out) {
  last.error = e;
  publish(ctx, last, out);
  out->success = 0;
  return BSML_DONE;
}

bool top_true(const Area& a) { return a.n > 0 && a.items[a.n - 1].truthy(); }

const std::uint8_t kEmpty[1] = {0};
inline const std::uint8_t* ptr_or_empty(const bsml_bytes& b) { return b.data ? b.data : kEmpty; }

// A result item as bsml_result_*_item gives it: never a NULL pointer ({NULL, 0} means "no such
// item"), so an empty item the caller handed in as {NULL, 0} points at kEmpty.
inline bsml_bytes result_item(const Item& it) {
  const std::uint8_t* d = it.data();
  return bsml_bytes{d ? d : kEmpty, it.size()};
}


// bsml_evaluate once area 0 holds the initial stack (`stack_size` items; `item_bytes`: the sum of
// compact_size_len(size) + size over them, for the default tapscript budget).
BSML_ALWAYS_INLINE bsml_status evaluate_loaded(bsml_context* ctx, bsml_bytes script, size_t stack_size, std::uint64_t item_bytes,
                                               int sigversion, uint32_t flags, const int64_t* validation_weight,
                                               const bsml_checker* checker, bsml_result* out) {
  Area& a = ctx->area[0];
  const std::uint8_t* s = ptr_or_empty(script);
  if (sigversion == BSML_SIGVERSION_BASE) {
    ExecData ed{0xffffffffu, 0, nullptr, nullptr};
    const EvalOutcome r = eval_script(*ctx, a, s, script.size, flags, checker, sigversion, ed);
    Outcome o{r.error, &a, r.stack_n, &a, r.alt_n, r.op_count};
    if (o.error == BSML_ERR_OK) {
      if (!top_true(a)) o.error = BSML_ERR_EVAL_FALSE;
      else if ((flags & BSML_FLAG_CLEANSTACK) && a.n != 1) o.error = BSML_ERR_CLEANSTACK;
    }
    publish(*ctx, o, out);
    return BSML_DONE;
  }
  std::int64_t budget;
  if (validation_weight) {
    budget = *validation_weight;
  } else {
    // Witness serialized size of [...stack, script, 33-byte control block], plus the offset.
    std::uint64_t w = compact_size_len(stack_size + 2) + item_bytes;
    w += compact_size_len(script.size) + script.size;
    w += compact_size_len(BSML_TAPROOT_CONTROL_BASE_SIZE) + BSML_TAPROOT_CONTROL_BASE_SIZE;
    budget = std::int64_t(w) + BSML_VALIDATION_WEIGHT_OFFSET;
  }
  ExecData ed{0xffffffffu, budget, nullptr, nullptr};
  const Outcome o = execute_witness_script(*ctx, a, s, script.size, flags, sigversion, checker, ed);
  publish(*ctx, o, out);
  return BSML_DONE;
}

#ifndef BSML_VERIFY_LARGE
bool valid_sigversion(int sv) {
  return sv == BSML_SIGVERSION_BASE || sv == BSML_SIGVERSION_WITNESS_V0 || sv == BSML_SIGVERSION_TAPSCRIPT;
}
#endif

}  // namespace

// bsml_verify_script on a witness of more than BSML_MAX_STACK_SIZE items (verify_large.cpp).
bsml_status verify_script_large(bsml_context* ctx, bsml_bytes script_sig, bsml_bytes script_pubkey, const bsml_bytes* witness,
                                size_t witness_size, uint32_t flags, const bsml_checker* checker, bsml_result* out);

}  // namespace bsml

// bsml_evaluate_large under a hidden name (an alias, defined with it): verify_large.cpp calls it
// with no PLT entry, which in a shared library would move every hot function by 16 bytes.
#if defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
extern "C" __attribute__((visibility("hidden"), cold)) bsml_status bsml_evaluate_large_direct(
    bsml_context* ctx, bsml_bytes script, const bsml_bytes* stack, size_t stack_size, int sigversion, uint32_t flags,
    const int64_t* validation_weight, const bsml_checker* checker, bsml_result* out);
#define BSML_EVALUATE_LARGE bsml_evaluate_large_direct
#else
#define BSML_EVALUATE_LARGE bsml_evaluate_large
#endif
#if defined(__GNUC__) || defined(__clang__)
#define BSML_NO_TAIL_CALL() __asm__ volatile("")
#else
#define BSML_NO_TAIL_CALL() ((void)0)
#endif

using namespace bsml;

extern "C" {

#ifndef BSML_VERIFY_LARGE
size_t bsml_context_size(void) { return sizeof(bsml_context); }
size_t bsml_context_align(void) { return alignof(bsml_context); }

bsml_context* bsml_context_init(void* memory, size_t size) {
  if (!memory || size < sizeof(bsml_context)) return nullptr;
  if (reinterpret_cast<std::uintptr_t>(memory) % alignof(bsml_context) != 0) return nullptr;
  bsml_context* ctx = new (memory) bsml_context;
  ctx->magic = kContextMagic;
  ctx->area[0].n = ctx->area[0].alt = 0;
  ctx->area[1].n = ctx->area[1].alt = 0;
  ctx->result = ResultView{&ctx->area[0], 0, &ctx->area[0], 0};
  ctx->left_out = 0;
  ctx->below.items = nullptr;
  ctx->below.n = ctx->below.gap = 0;
  // Reads (on first use in the process) whether the CPU has SHA extensions, so that no script run
  // is the one to do it.
  (void)hash_extensions_in_use();
  return ctx;
}

bsml_context* bsml_context_new(void) {
  void* mem = std::malloc(sizeof(bsml_context));
  if (!mem) return nullptr;
  return bsml_context_init(mem, sizeof(bsml_context));
}

void bsml_context_free(bsml_context* ctx) {
  if (!ctx) return;
  ctx->magic = 0;
  std::free(ctx);
}

bsml_status bsml_evaluate(bsml_context* ctx, bsml_bytes script, const bsml_bytes* stack, size_t stack_size,
                          int sigversion, uint32_t flags, const int64_t* validation_weight,
                          const bsml_checker* checker, bsml_result* out) {
  if (!valid_ctx(ctx) || !out || (!script.data && script.size) || (!stack && stack_size)) return BSML_BAD_ARGUMENT;
  if (!valid_sigversion(sigversion)) return BSML_BAD_ARGUMENT;
  for (size_t i = 0; i < stack_size && i <= BSML_MAX_STACK_SIZE; ++i) {
    if (!stack[i].data && stack[i].size) return BSML_BAD_ARGUMENT;
  }
  if (!load_stack(ctx->area[0], stack, stack_size)) return BSML_DECLINED;
  ctx->left_out = 0;
  std::uint64_t item_bytes = 0;
  if (sigversion != BSML_SIGVERSION_BASE && !validation_weight) {
    for (size_t i = 0; i < stack_size; ++i) item_bytes += compact_size_len(stack[i].size) + stack[i].size;
  }
  return evaluate_loaded(ctx, script, stack_size, item_bytes, sigversion, flags, validation_weight, checker, out);
}

bsml_status bsml_evaluate_top(bsml_context* ctx, bsml_bytes script, const bsml_bytes* top, size_t top_size, size_t bare,
                              const uint32_t* bare_sizes, int sigversion, uint32_t flags, const int64_t* validation_weight,
                              const bsml_checker* checker, bsml_result* out) {
  if (!valid_ctx(ctx) || !out || (!script.data && script.size) || (!top && top_size)) return BSML_BAD_ARGUMENT;
  if (!valid_sigversion(sigversion)) return BSML_BAD_ARGUMENT;
  const bool base = sigversion == BSML_SIGVERSION_BASE;
  if (bare && !base && !bare_sizes) return BSML_BAD_ARGUMENT;
  // Every refusal comes before the first write to the context (area 0 may hold the last result).
  bool declined = bare > BSML_MAX_STACK_SIZE || top_size > BSML_MAX_STACK_SIZE - bare;
  for (size_t i = 0; i < top_size && i <= BSML_MAX_STACK_SIZE; ++i) {
    if (!top[i].data && top[i].size) return BSML_BAD_ARGUMENT;
    if (top[i].size > 0xffffffffu) declined = true;
  }
  if (declined) return BSML_DECLINED;
  if (bare && bsml_stack_reach(script, sigversion, flags) > top_size) return BSML_DECLINED;
  // A left-out item is read as kLeftOut's bytes by bsml_result_stack_item: none may be longer. (A
  // witness item over 520 bytes fails the script before it runs: the caller can pass it whole.)
  for (size_t i = 0; !base && i < bare; ++i) {
    if (bare_sizes[i] > BSML_MAX_SCRIPT_ELEMENT_SIZE) return BSML_DECLINED;
  }
  Area& a = ctx->area[0];
  std::uint64_t item_bytes = 0;
  const bool sizes = !base && !validation_weight;
  for (size_t i = 0; i < bare; ++i) {
    const std::uint32_t n = base ? 0 : bare_sizes[i];
    a.items[i].len = n;
    a.items[i].kind = kView;
    a.items[i].u.ptr = kLeftOut;
    if (sizes) item_bytes += compact_size_len(n) + n;
  }
  for (size_t i = 0; i < top_size; ++i) {
    Item& it = a.items[bare + i];
    it.len = std::uint32_t(top[i].size);
    it.kind = kView;
    it.u.ptr = top[i].data;
    if (sizes) item_bytes += compact_size_len(top[i].size) + top[i].size;
  }
  a.n = bare + top_size;
  a.alt = 0;
  ctx->left_out = bare;
  return evaluate_loaded(ctx, script, bare + top_size, item_bytes, sigversion, flags, validation_weight, checker, out);
}

namespace {

// bsml_evaluate_large and its helpers are BSML_COLD: kept apart from the code every verification
// runs (the compiler places them in .text.unlikely), which this way stays laid out as before.
#if defined(__GNUC__) || defined(__clang__)
#define BSML_COLD __attribute__((cold))
#else
#define BSML_COLD
#endif

// Publishes a result of bsml_evaluate_large whose main stack is `below` (the caller's items [0, n
// + 1) without `gap`, or [0, n) when gap >= n) under area a's first `stack_n` items.
BSML_COLD bsml_status publish_below(bsml_context& ctx, int error, std::uint32_t op_count, const bsml_bytes* below, std::size_t n,
                          std::size_t gap, Area& a, std::size_t stack_n, std::size_t alt_n, bsml_result* out) {
  publish(ctx, Outcome{error, &a, n + stack_n, &a, alt_n, op_count}, out);
  ctx.left_out = kBelowResult;
  ctx.below.items = below;
  ctx.below.n = n;
  ctx.below.gap = gap;
  return BSML_DONE;
}

// Loads the stack items below[0, n + 1) without `gap` (as publish_below) then area `top`'s first
// `top_n` items as the stack of `a` (at most BSML_MAX_STACK_SIZE items in all).
BSML_COLD void load_joined(Area& a, const bsml_bytes* below, std::size_t n, std::size_t gap, const Area& top, std::size_t top_n) {
  for (std::size_t i = 0; i < n; ++i) {
    const bsml_bytes& b = below[i < gap ? i : i + 1];
    a.items[i].len = std::uint32_t(b.size);
    a.items[i].kind = kView;
    a.items[i].u.ptr = b.data;
  }
  std::memcpy(a.items + n, top.items, top_n * sizeof(Item));
  a.n = n + top_n;
  a.alt = 0;
}

// The rest of the script, from offset `from` on (as the first instruction left the op count and
// the conditions: `first`), on the stack that instruction left (below and top as for load_joined;
// at most BSML_MAX_STACK_SIZE items, no altstack), in area 1; then ExecuteWitnessScript's or
// bsml_evaluate's final checks.
BSML_COLD bsml_status evaluate_rest(bsml_context& ctx, const std::uint8_t* s, std::size_t size, std::uint32_t flags, const bsml_checker* checker,
                          int sigversion, ExecData& ed, const bsml_bytes* below, std::size_t n, std::size_t gap, const Area& top,
                          std::size_t top_n, std::size_t from, std::uint32_t op_count, const Span& first, bsml_result* out) {
  Area& b = ctx.area[1];
  load_joined(b, below, n, gap, top, top_n);
  Span span{from, size, op_count, first.cond_size, first.first_false, true};
  const EvalOutcome r = eval_legacy_span(ctx, b, s, size, flags, checker, sigversion, ed, span);
  Outcome o{r.error, &b, r.stack_n, &b, r.alt_n, r.op_count};
  if (o.error == BSML_ERR_OK) {
    if (sigversion == BSML_SIGVERSION_WITNESS_V0) {
      if (b.n != 1) o.error = BSML_ERR_CLEANSTACK;
      else if (!b.items[0].truthy()) o.error = BSML_ERR_EVAL_FALSE;
    } else if (!top_true(b)) {
      o.error = BSML_ERR_EVAL_FALSE;
    } else if ((flags & BSML_FLAG_CLEANSTACK) && b.n != 1) {
      o.error = BSML_ERR_CLEANSTACK;
    }
  }
  ctx.left_out = 0;
  publish(ctx, o, out);
  return BSML_DONE;
}

}  // namespace

BSML_COLD bsml_status bsml_evaluate_large(bsml_context* ctx, bsml_bytes script, const bsml_bytes* stack, size_t stack_size, int sigversion,
                                uint32_t flags, const int64_t* validation_weight, const bsml_checker* checker, bsml_result* out) {
  if (stack_size <= BSML_MAX_STACK_SIZE) {
    return bsml_evaluate(ctx, script, stack, stack_size, sigversion, flags, validation_weight, checker, out);
  }
  if (!valid_ctx(ctx) || !out || (!script.data && script.size) || !stack) return BSML_BAD_ARGUMENT;
  if (!valid_sigversion(sigversion)) return BSML_BAD_ARGUMENT;
  bool declined = false;
  for (size_t i = 0; i < stack_size; ++i) {
    if (!stack[i].data && stack[i].size) return BSML_BAD_ARGUMENT;
    if (stack[i].size > 0xffffffffu) declined = true;
  }
  if (declined) return BSML_DECLINED;
  // Core checks the stack size before a tapscript runs (after its OP_SUCCESSx pre-scan), and after
  // each instruction in EvalScript (stack + altstack), which runs more items as it runs fewer. So a
  // stack of n > BSML_MAX_STACK_SIZE items ends a tapscript before any opcode; otherwise the
  // script's first instruction runs on all n items, and the rest of the script runs only when
  // that leaves at most BSML_MAX_STACK_SIZE (only opcodes that pop do: n is at most 1,043).
  const std::size_t n = stack_size;
  const std::uint8_t* s = ptr_or_empty(script);
  const std::size_t size = script.size;
  Area& a = ctx->area[0];
  const auto unchanged = [&](int error) { return publish_below(*ctx, error, 0, stack, n, n, a, 0, 0, out); };
  if (sigversion == BSML_SIGVERSION_TAPSCRIPT) {
    const int pre = tapscript_prescan(s, size, flags);
    return unchanged(pre >= 0 ? pre : BSML_ERR_STACK_SIZE);
  }
  if (sigversion == BSML_SIGVERSION_WITNESS_V0) {
    for (size_t i = 0; i < n; ++i) {
      if (stack[i].size > BSML_MAX_SCRIPT_ELEMENT_SIZE) return unchanged(BSML_ERR_PUSH_SIZE);
    }
  }
  if (size > BSML_MAX_SCRIPT_SIZE) return unchanged(BSML_ERR_SCRIPT_SIZE);
  if (size == 0) {
    // No instruction, no stack size check: the final checks (more than one item is left).
    const bsml_bytes& t = stack[n - 1];
    if (sigversion == BSML_SIGVERSION_WITNESS_V0) return unchanged(BSML_ERR_CLEANSTACK);
    if (!cast_to_bool(ptr_or_empty(t), t.size)) return unchanged(BSML_ERR_EVAL_FALSE);
    return unchanged((flags & BSML_FLAG_CLEANSTACK) ? BSML_ERR_CLEANSTACK : BSML_ERR_OK);
  }
  // The first instruction on the top BSML_MAX_STACK_SIZE items (no opcode reads more than its top
  // 43 items or counts them, but DEPTH, PICK and ROLL, completed below), in the whole script (its
  // scriptCode, its op count). A push running past the script's end: the whole script (BAD_OPCODE).
  Instruction first{0, nullptr, 0, size};
  if (!read_instruction(s, size, 0, first)) first = Instruction{0, nullptr, 0, size};
  const std::size_t hidden = n - BSML_MAX_STACK_SIZE;
  load_stack(a, stack + hidden, BSML_MAX_STACK_SIZE);
  ExecData ed{0xffffffffu, 0, nullptr, nullptr};
  // Not the last span, even when the first instruction is the whole script: Core checks the stack
  // size after it, before the unbalanced-conditional check at the script's end.
  Span span{0, first.end, 0, 0, -1, false};
  const EvalOutcome r = eval_legacy_span(*ctx, a, s, size, flags, checker, sigversion, ed, span);
  std::size_t gap = hidden;  // none
  std::size_t below_n = hidden;
  const std::uint8_t op = first.opcode;
  if (op == BSML_OP_DEPTH && r.error == BSML_ERR_STACK_SIZE) {
    // It pushed the depth of the top items: Core's is n's (n + 1 items: STACK_SIZE).
    Item& d = a.items[r.stack_n - 1];
    d.kind = kInlineBytes;
    d.len = std::uint32_t(encode_num(std::int64_t(n), d.u.buf));
    return publish_below(*ctx, r.error, r.op_count, stack, hidden, gap, a, r.stack_n, r.alt_n, out);
  }
  if ((op == BSML_OP_PICK || op == BSML_OP_ROLL) && r.error == BSML_ERR_INVALID_STACK_OPERATION &&
      r.stack_n == BSML_MAX_STACK_SIZE - 1) {
    // It popped its depth, which reached below the top items: within n - 1 items, Core picks or
    // rolls from there.
    std::int64_t k = 0;
    const bsml_bytes& top = stack[n - 1];
    decode_num(ptr_or_empty(top), top.size, (flags & BSML_FLAG_MINIMALDATA) != 0, kDefaultMaxNumSize, k);
    k = clamp_int32(k);
    if (k < 0 || std::uint64_t(k) >= n - 1) return publish_below(*ctx, r.error, r.op_count, stack, hidden, gap, a, r.stack_n, r.alt_n, out);
    const std::size_t at = n - 2 - std::size_t(k);  // below the top items
    a.items[r.stack_n].len = std::uint32_t(stack[at].size);
    a.items[r.stack_n].kind = kView;
    a.items[r.stack_n].u.ptr = stack[at].data;
    if (op == BSML_OP_ROLL) {
      gap = at;
      --below_n;
    }
    if (below_n + r.stack_n + 1 > BSML_MAX_STACK_SIZE) {
      return publish_below(*ctx, BSML_ERR_STACK_SIZE, r.op_count, stack, below_n, gap, a, r.stack_n + 1, r.alt_n, out);
    }
    return evaluate_rest(*ctx, s, size, flags, checker, sigversion, ed, stack, below_n, gap, a, r.stack_n + 1, first.end, r.op_count, span, out);
  }
  if (r.error != BSML_ERR_OK) return publish_below(*ctx, r.error, r.op_count, stack, hidden, gap, a, r.stack_n, r.alt_n, out);
  if (hidden + r.stack_n + r.alt_n > BSML_MAX_STACK_SIZE) {
    return publish_below(*ctx, BSML_ERR_STACK_SIZE, r.op_count, stack, hidden, gap, a, r.stack_n, r.alt_n, out);
  }
  return evaluate_rest(*ctx, s, size, flags, checker, sigversion, ed, stack, hidden, gap, a, r.stack_n, first.end, r.op_count, span, out);
}

#if defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
extern "C" __attribute__((alias("bsml_evaluate_large"), cold)) bsml_status bsml_evaluate_large_direct(
    bsml_context* ctx, bsml_bytes script, const bsml_bytes* stack, size_t stack_size, int sigversion, uint32_t flags,
    const int64_t* validation_weight, const bsml_checker* checker, bsml_result* out);
#endif

#else
}  // extern "C"

namespace {

// The code of this translation unit's own (bsml::verify_script_large and its helpers) is
// BSML_LARGE: optimized for size as cold code, in a section of its own which the linker places
// with this translation unit's other code (linked last: after every hot function). Not in
// .text.unlikely, which comes before all the hot code: there its size would move every hot function.
#if defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
#define BSML_LARGE __attribute__((cold, section(".text.bsml_large")))
#elif defined(__GNUC__) || defined(__clang__)
#define BSML_LARGE __attribute__((cold))
#else
#define BSML_LARGE
#endif

// An outcome whose main stack is `below` (the caller's items [0, n + 1) without `gap`, or [0, n)
// when gap >= n) under area a's first `stack_n` items (context's kBelowResult: the caller's array
// is read until the next evaluation).
BSML_LARGE Outcome below_outcome(bsml_context& ctx, int error, std::uint32_t op_count, const bsml_bytes* below, std::size_t n,
                                std::size_t gap, Area& a, std::size_t stack_n, std::size_t alt_n) {
  ctx.left_out = kBelowResult;
  ctx.below.items = below;
  ctx.below.n = n;
  ctx.below.gap = gap;
  return Outcome{error, &a, n + stack_n, &a, alt_n, op_count};
}

// Core's VerifyWitnessProgram on a witness of more than BSML_MAX_STACK_SIZE items (`w.top`, all
// given), which a context cannot hold: the checks before a script runs read only the top items
// (P2WPKH takes exactly two, a taproot spend takes the script path). An outcome's stack of more
// items reads its bottom ones from the caller's witness array (below_outcome).
BSML_LARGE Outcome verify_witness_program_large(bsml_context& ctx, Area& a, const WitnessView& w, int version,
                                                const std::uint8_t* program, std::size_t program_n, std::uint32_t flags,
                                                const bsml_checker* checker, bool p2sh_wrapped) {
  const bsml_bytes* items = w.top;
  std::size_t k = w.top_n;  // the stack: items[0, k)
  const auto plain = [&](int error) { return below_outcome(ctx, error, 0, items, k, k, a, 0, 0); };
  // ExecuteWitnessScript on items[0, k): in area a when they fit. On more, a tapscript stops after
  // its OP_SUCCESSx pre-scan (STACK_SIZE), and a witness v0 script runs as bsml_evaluate_large
  // runs it, and fails: EvalScript's first instruction leaves at least 959 items, and its op limit
  // lets the rest remove at most 2 per opcode (2DROP; CHECKMULTISIG 20-of-20: 42 for 21), so more
  // than one is left (CLEANSTACK) if nothing fails first. (Its result is in both areas: the main
  // stack is not read after a failed witness.)
  const auto execute = [&](const bsml_bytes& script, int sigversion, ExecData& ed) -> Outcome {
    if (k <= BSML_MAX_STACK_SIZE) {
      load_stack(a, items, k);
      return execute_witness_script(ctx, a, ptr_or_empty(script), script.size, flags, sigversion, checker, ed);
    }
    if (sigversion == BSML_SIGVERSION_TAPSCRIPT) {
      const int pre = tapscript_prescan(ptr_or_empty(script), script.size, flags);
      return plain(pre >= 0 ? pre : BSML_ERR_STACK_SIZE);
    }
    bsml_result r;
    BSML_EVALUATE_LARGE(&ctx, script, items, k, BSML_SIGVERSION_WITNESS_V0, flags, nullptr, checker, &r);
    // The published result as an outcome (publish() writes the same view again).
    const ResultView& v = ctx.result;
    return Outcome{r.error, const_cast<Area*>(v.stack_area), v.stack_n, const_cast<Area*>(v.alt_area), v.alt_n, r.op_count};
  };
  ExecData ed{0xffffffffu, 0, nullptr, nullptr};
  if (version == 0) {
    if (program_n == BSML_WITNESS_V0_SCRIPTHASH_SIZE) {
      const bsml_bytes script = items[--k];
      std::uint8_t h[32];
      sha256(ptr_or_empty(script), script.size, h);
      if (std::memcmp(h, program, 32) != 0) return plain(BSML_ERR_WITNESS_PROGRAM_MISMATCH);
      return execute(script, BSML_SIGVERSION_WITNESS_V0, ed);
    }
    // P2WPKH takes exactly two items.
    return plain(program_n == BSML_WITNESS_V0_KEYHASH_SIZE ? BSML_ERR_WITNESS_PROGRAM_MISMATCH : BSML_ERR_WITNESS_PROGRAM_WRONG_LENGTH);
  }
  if (version == 1 && program_n == BSML_WITNESS_V1_TAPROOT_SIZE && !p2sh_wrapped) {
    if (!(flags & BSML_FLAG_TAPROOT)) return plain(BSML_ERR_OK);
    const bsml_bytes& last = items[k - 1];
    if (last.size > 0 && last.data[0] == BSML_ANNEX_TAG) {
      std::uint8_t cs[9];
      const std::size_t cn = compact_size(last.size, cs);
      Sha256().write(cs, cn).write(last.data, last.size).finish(ctx.annex_hash);
      ed.annex_hash = ctx.annex_hash;
      --k;
    }
    // At least 1,000 items are left: the script path (the key path takes one).
    const bsml_bytes control = items[--k];
    const bsml_bytes script = items[--k];
    const std::size_t cs = control.size;
    if (cs < BSML_TAPROOT_CONTROL_BASE_SIZE || cs > kTaprootControlMaxSize ||
        (cs - BSML_TAPROOT_CONTROL_BASE_SIZE) % kTaprootControlNodeSize != 0) {
      return plain(BSML_ERR_TAPROOT_WRONG_CONTROL_SIZE);
    }
    const std::uint8_t leaf_version = control.data[0] & kTaprootLeafMask;
    tapleaf_hash(leaf_version, ptr_or_empty(script), script.size, ctx.tapleaf_hash);
    ed.tapleaf_hash = ctx.tapleaf_hash;
    const int c = checker->check_taproot_commitment(checker->user, control, bsml_bytes{program, program_n}, ctx.tapleaf_hash);
    if (c == BSML_CHECK_ABORT) return plain(BSML_ERR_UNKNOWN_ERROR);
    if (c == 0) return plain(BSML_ERR_WITNESS_PROGRAM_MISMATCH);
    if (leaf_version == kTaprootLeafTapscript) {
      ed.validation_weight_left = w.serialized_size() + BSML_VALIDATION_WEIGHT_OFFSET;
      return execute(script, BSML_SIGVERSION_TAPSCRIPT, ed);
    }
    return plain((flags & BSML_FLAG_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) ? BSML_ERR_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION : BSML_ERR_OK);
  }
  const bool anchor = version == 1 && program_n == 2 && program[0] == 0x4e && program[1] == 0x73;
  if (!p2sh_wrapped && anchor) return plain(BSML_ERR_OK);
  return plain((flags & BSML_FLAG_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) ? BSML_ERR_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM : BSML_ERR_OK);
}

}  // namespace
#endif  // !BSML_VERIFY_LARGE

namespace {

// How many of the witness's top items a spend with this scriptPubKey may read, known before anything
// runs (SIZE_MAX: maybe all): none when the scriptPubKey is neither a witness program nor P2SH (the
// witness is never read) or another witness version; for a P2WSH, the witness script (the top item)
// and as many below it as it reaches (bsml_stack_reach); for a taproot script path likewise below
// the script and control block (and the annex); all for P2SH (the redeem script may be a witness
// program), P2WPKH and the taproot key path, and when the script is not among `w.top`.
std::size_t witness_needed(const WitnessView& w, bool spk_witness, bool spk_p2sh, int version, std::size_t program_n, std::uint32_t flags) {
  if (spk_p2sh) return SIZE_MAX;
  if (!spk_witness) return 0;
  const std::size_t n = w.count();
  const auto below = [](std::size_t reach, std::size_t above) { return reach == SIZE_MAX ? SIZE_MAX : reach + above; };
  if (version == 0) {
    if (program_n != BSML_WITNESS_V0_SCRIPTHASH_SIZE) return program_n == BSML_WITNESS_V0_KEYHASH_SIZE ? SIZE_MAX : 0;
    if (w.top_n < 1) return SIZE_MAX;
    return below(bsml_stack_reach(w.top[w.top_n - 1], BSML_SIGVERSION_WITNESS_V0, flags), 1);
  }
  if (version == 1 && program_n == BSML_WITNESS_V1_TAPROOT_SIZE) {
    if (!(flags & BSML_FLAG_TAPROOT)) return 0;
    if (w.top_n < 1) return SIZE_MAX;
    const bsml_bytes last = w.top[w.top_n - 1];
    const std::size_t annex = n >= 2 && last.size > 0 && last.data[0] == BSML_ANNEX_TAG ? 1 : 0;
    if (n - annex < 2 || w.top_n < 2 + annex) return SIZE_MAX;  // the key path reads the bottom item
    return below(bsml_stack_reach(w.top[w.top_n - 2 - annex], BSML_SIGVERSION_TAPSCRIPT, flags), 2 + annex);
  }
  return 0;  // other versions and programs: the witness is not read
}

// What verify_impl and bsml_witness_reach find out about a scriptPubKey before anything runs.
struct SpendKind {
  int version = 0;
  const std::uint8_t* program = nullptr;
  std::size_t program_n = 0;
  bool witness = false;
  bool p2sh = false;
  SpendKind(const std::uint8_t* spk, std::size_t spk_n, std::uint32_t flags) {
    witness = (flags & BSML_FLAG_WITNESS) && witness_program(spk, spk_n, version, program, program_n);
    p2sh = (flags & BSML_FLAG_P2SH) && is_p2sh(spk, spk_n);
  }
};

// bsml_verify_script once its arguments are checked. `bare`: the witness's bottom items left out
// (bsml_verify_script_top): then only spends that cannot read them run, decided before anything runs.
// In verify_large.cpp (BSML_VERIFY_LARGE) it serves witnesses of more than BSML_MAX_STACK_SIZE
// items only (bsml::verify_script_large; none left out): VerifyWitnessProgram is
// verify_witness_program_large there, and after a witness spend the result's stack is the main
// stack, never the witness's (kBelowResult is reset).
#ifdef BSML_VERIFY_LARGE
#define BSML_WITNESS_PROGRAM verify_witness_program_large
#define BSML_WITNESS_DONE(ctx) ((ctx)->left_out = 0)
#else
#define BSML_WITNESS_PROGRAM verify_witness_program
#define BSML_WITNESS_DONE(ctx) ((void)0)
#endif
BSML_ALWAYS_INLINE bsml_status verify_impl(bsml_context* ctx, bsml_bytes script_sig, bsml_bytes script_pubkey, const WitnessView& witness,
                        uint32_t flags, const bsml_checker* checker, bsml_result* out) {
  const std::size_t witness_size = witness.count();
  const std::uint8_t* sig = ptr_or_empty(script_sig);
  const std::uint8_t* spk = ptr_or_empty(script_pubkey);
  // What the scriptPubKey is, looked at once: a witness program (under WITNESS), a P2SH script (under P2SH).
  const SpendKind kind(spk, script_pubkey.size, flags);
  int version = kind.version;
  const std::uint8_t* program = kind.program;
  std::size_t program_n = kind.program_n;
  const bool spk_witness = kind.witness;
  if (spk_witness && (flags & BSML_FLAG_TAPROOT) && version == 1 && program_n == BSML_WITNESS_V1_TAPROOT_SIZE &&
      !(checker && checker->check_taproot_commitment)) {
    return BSML_DECLINED;
  }
  const bool spk_p2sh = kind.p2sh;
  if (witness.bare && witness_needed(witness, spk_witness, spk_p2sh, version, program_n, flags) > witness.top_n) return BSML_DECLINED;
  ctx->left_out = witness.bare;  // after the last refusal: a refused call leaves the last result as it was

  Area& A = ctx->area[0];
  Area& B = ctx->area[1];
  A.n = A.alt = 0;
  B.n = B.alt = 0;
  ExecData ed{0xffffffffu, 0, nullptr, nullptr};
  // `last`: the outcome of the last script run (its altstack and op count are reported with any
  // later verdict); the reported stack is `last.stack_area`'s first `last.stack_n` items.
  Outcome last{BSML_ERR_UNKNOWN_ERROR, &A, 0, &A, 0, 0};
  if ((flags & BSML_FLAG_SIGPUSHONLY) && !is_push_only(sig, script_sig.size)) return verdict(*ctx, last, BSML_ERR_SIG_PUSHONLY, out);

  EvalOutcome r;
  if (!spk_p2sh && script_pubkey.size <= BSML_MAX_SCRIPT_SIZE) {
    // Nothing happens between the two scripts here: one run of the interpreter (the outcome is
    // the scriptSig's if it fails, the scriptPubKey's otherwise, as with two runs).
    r = eval_script(*ctx, A, sig, script_sig.size, flags, checker, BSML_SIGVERSION_BASE, ed, spk, script_pubkey.size);
  } else {
    r = eval_script(*ctx, A, sig, script_sig.size, flags, checker, BSML_SIGVERSION_BASE, ed);
    if (r.error == BSML_ERR_OK) {
      // Core copies the stack under P2SH and reads the copy only for a P2SH scriptPubKey: copy only then.
      if (spk_p2sh) {
        std::memcpy(B.items, A.items, A.n * sizeof(Item));
        B.n = A.n;
      }
      ed = ExecData{0xffffffffu, 0, nullptr, nullptr};
      r = eval_script(*ctx, A, spk, script_pubkey.size, flags, checker, BSML_SIGVERSION_BASE, ed);
    }
  }
  last = Outcome{r.error, &A, r.stack_n, &A, r.alt_n, r.op_count};
  if (r.error != BSML_ERR_OK) return verdict(*ctx, last, r.error, out);
  if (!top_true(A)) return verdict(*ctx, last, BSML_ERR_EVAL_FALSE, out);

  bool had_witness = false;
  if (spk_witness) {
    had_witness = true;
    if (script_sig.size != 0) return verdict(*ctx, last, BSML_ERR_WITNESS_MALLEATED, out);
    // The main stack (A) is kept; the witness runs in B (P2SH cannot follow: not a P2SH script).
    const Outcome w = BSML_WITNESS_PROGRAM(*ctx, B, witness, version, program, program_n, flags, checker, false);
    if (!w.ok()) {
      publish(*ctx, w, out);
      return BSML_DONE;
    }
    BSML_WITNESS_DONE(ctx);
    // Core reports the main stack cut to at most one item after a witness spend.
    last = Outcome{w.error, &A, A.n < 1 ? A.n : 1, w.alt_area, w.alt_n, w.op_count};
  }

  Item redeem;  // kept alive while the redeem script runs (it may be an inline item)
  if (spk_p2sh) {
    if (!is_push_only(sig, script_sig.size)) return verdict(*ctx, last, BSML_ERR_SIG_PUSHONLY, out);
    redeem = B.items[--B.n];  // B is not empty: the P2SH scriptPubKey succeeded on the same items
    ed = ExecData{0xffffffffu, 0, nullptr, nullptr};
    r = eval_script(*ctx, B, redeem.data(), redeem.size(), flags, checker, BSML_SIGVERSION_BASE, ed);
    last = Outcome{r.error, &B, r.stack_n, &B, r.alt_n, r.op_count};
    if (r.error != BSML_ERR_OK) return verdict(*ctx, last, r.error, out);
    if (!top_true(B)) return verdict(*ctx, last, BSML_ERR_EVAL_FALSE, out);
    if ((flags & BSML_FLAG_WITNESS) && witness_program(redeem.data(), redeem.size(), version, program, program_n)) {
      had_witness = true;
      std::uint8_t head[5];
      const std::size_t hn = push_header(redeem.size(), head);
      if (script_sig.size != hn + redeem.size() || std::memcmp(sig, head, hn) != 0 ||
          std::memcmp(sig + hn, redeem.data(), redeem.size()) != 0) {
        return verdict(*ctx, last, BSML_ERR_WITNESS_MALLEATED_P2SH, out);
      }
      const Outcome w = BSML_WITNESS_PROGRAM(*ctx, A, witness, version, program, program_n, flags, checker, true);
      if (!w.ok()) {
        publish(*ctx, w, out);
        return BSML_DONE;
      }
      BSML_WITNESS_DONE(ctx);
      last = Outcome{w.error, &B, B.n < 1 ? B.n : 1, w.alt_area, w.alt_n, w.op_count};
    }
  }

  if ((flags & BSML_FLAG_CLEANSTACK) && last.stack_n != 1) return verdict(*ctx, last, BSML_ERR_CLEANSTACK, out);
  if ((flags & BSML_FLAG_WITNESS) && !had_witness && witness_size != 0) return verdict(*ctx, last, BSML_ERR_WITNESS_UNEXPECTED, out);
  last.error = BSML_ERR_OK;
  publish(*ctx, last, out);
  return BSML_DONE;
}

}  // namespace

#ifdef BSML_VERIFY_LARGE
BSML_LARGE bsml_status bsml::verify_script_large(bsml_context* ctx, bsml_bytes script_sig, bsml_bytes script_pubkey, const bsml_bytes* witness,
                                                 size_t witness_size, uint32_t flags, const bsml_checker* checker, bsml_result* out) {
  // The witness items as bsml_verify_script checks them, over every item.
  bool declined = false;
  for (size_t i = 0; i < witness_size; ++i) {
    if (!witness[i].data && witness[i].size) return BSML_BAD_ARGUMENT;
    if (witness[i].size > 0xffffffffu) declined = true;
  }
  if (declined) return BSML_DECLINED;
  return verify_impl(ctx, script_sig, script_pubkey, WitnessView{witness, witness_size, 0, nullptr}, flags, checker, out);
}
#else
bsml_status bsml_verify_script(bsml_context* ctx, bsml_bytes script_sig, bsml_bytes script_pubkey,
                               const bsml_bytes* witness, size_t witness_size, uint32_t flags,
                               const bsml_checker* checker, bsml_result* out) {
  if (!valid_ctx(ctx) || !out || (!script_sig.data && script_sig.size) || (!script_pubkey.data && script_pubkey.size) ||
      (!witness && witness_size)) {
    return BSML_BAD_ARGUMENT;
  }
  // One pass over the witness: null items are bad arguments (over the first 1001 items), an item
  // of 2^32 bytes or more is declined; more than 1000 items take their own path.
  bool declined = witness_size > BSML_MAX_STACK_SIZE;
  for (size_t i = 0, m = declined ? BSML_MAX_STACK_SIZE + 1 : witness_size; i < m; ++i) {
    if (!witness[i].data && witness[i].size) return BSML_BAD_ARGUMENT;
    if (witness[i].size > 0xffffffffu) declined = true;
  }
  if (declined) {
    if (witness_size <= BSML_MAX_STACK_SIZE) return BSML_DECLINED;
    const bsml_status st = verify_script_large(ctx, script_sig, script_pubkey, witness, witness_size, flags, checker, out);
    // Not a tail call: one would keep this function's arguments on the stack in registers from its
    // start, which changes the code every verification runs (3-7% slower on Core's vectors).
    BSML_NO_TAIL_CALL();
    return st;
  }
  return verify_impl(ctx, script_sig, script_pubkey, WitnessView{witness, witness_size, 0, nullptr}, flags, checker, out);
}

size_t bsml_witness_reach(bsml_bytes script_pubkey, const bsml_bytes* top, size_t top_size, size_t witness_size, uint32_t flags) {
  if ((!script_pubkey.data && script_pubkey.size) || (!top && top_size) || top_size > witness_size) return SIZE_MAX;
  for (size_t i = 0; i < top_size; ++i) {
    if (!top[i].data && top[i].size) return SIZE_MAX;
  }
  const SpendKind kind(ptr_or_empty(script_pubkey), script_pubkey.size, flags);
  const WitnessView w{top, top_size, witness_size - top_size, nullptr};
  return witness_needed(w, kind.witness, kind.p2sh, kind.version, kind.program_n, flags);
}

bsml_status bsml_verify_script_top(bsml_context* ctx, bsml_bytes script_sig, bsml_bytes script_pubkey, const bsml_bytes* top,
                                   size_t top_size, size_t bare, const uint32_t* bare_sizes, uint32_t flags,
                                   const bsml_checker* checker, bsml_result* out) {
  if (!valid_ctx(ctx) || !out || (!script_sig.data && script_sig.size) || (!script_pubkey.data && script_pubkey.size) ||
      (!top && top_size) || (bare && !bare_sizes)) {
    return BSML_BAD_ARGUMENT;
  }
  bool declined = bare > BSML_MAX_STACK_SIZE || top_size > BSML_MAX_STACK_SIZE - bare;
  for (size_t i = 0, m = declined ? 0 : top_size; i < m; ++i) {
    if (!top[i].data && top[i].size) return BSML_BAD_ARGUMENT;
    if (top[i].size > 0xffffffffu) declined = true;
  }
  // A left-out item reads as kLeftOut's bytes (bsml_result_stack_item): none may be longer. (A
  // witness item over 520 bytes fails a witness script before it runs: pass it whole.)
  for (size_t i = 0; !declined && i < bare; ++i) declined = bare_sizes[i] > BSML_MAX_SCRIPT_ELEMENT_SIZE;
  if (declined) return BSML_DECLINED;
  return verify_impl(ctx, script_sig, script_pubkey, WitnessView{top, top_size, bare, bare_sizes}, flags, checker, out);
}

bsml_bytes bsml_result_stack_item(const bsml_context* ctx, size_t index) {
  if (!valid_ctx(ctx) || index >= ctx->result.stack_n) return bsml_bytes{nullptr, 0};
  if (ctx->left_out == kBelowResult) {
    // bsml_evaluate_large's caller's items, then the area's.
    if (index < ctx->below.n) {
      const bsml_bytes& b = ctx->below.items[index < ctx->below.gap ? index : index + 1];
      return bsml_bytes{ptr_or_empty(b), b.size};
    }
    index -= ctx->below.n;
  }
  return result_item(ctx->result.stack_area->items[index]);
}

size_t bsml_result_left_out(const bsml_context* ctx) {
  if (!valid_ctx(ctx) || ctx->left_out == 0 || ctx->left_out == kBelowResult || ctx->result.stack_n == 0) return 0;
  // The left-out items stay at the bottom of the stack they were loaded into (nothing reaches
  // them): when the result's bottom item is one, the result's stack is that one.
  const Item& bottom = ctx->result.stack_area->items[0];
  if (bottom.kind != kView || bottom.u.ptr != kLeftOut) return 0;
  return ctx->left_out < ctx->result.stack_n ? ctx->left_out : ctx->result.stack_n;
}

bsml_bytes bsml_result_altstack_item(const bsml_context* ctx, size_t index) {
  if (!valid_ctx(ctx) || index >= ctx->result.alt_n) return bsml_bytes{nullptr, 0};
  return result_item(ctx->result.alt_area->items[kAreaCapacity - 1 - index]);
}

const char* bsml_error_name(int code) {
  if (code < 0 || code >= tables::kErrorCount) return "UNKNOWN";
  return tables::kErrorName[code];
}

const char* bsml_opcode_name(uint8_t opcode) {
  const char* n = tables::kOpcodeName[opcode];
  return n ? n : "OP_UNKNOWN";
}

void bsml_sha256(const uint8_t* data, size_t size, uint8_t out[32]) { sha256(data ? data : kEmpty, data ? size : 0, out); }
void bsml_ripemd160(const uint8_t* data, size_t size, uint8_t out[20]) { ripemd160(data ? data : kEmpty, data ? size : 0, out); }
void bsml_sha1(const uint8_t* data, size_t size, uint8_t out[20]) { sha1(data ? data : kEmpty, data ? size : 0, out); }

}  // extern "C"
#endif  // BSML_VERIFY_LARGE
