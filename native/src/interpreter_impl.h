// Bitcoin Core's EvalScript for sigversions BASE, WITNESS_V0 and TAPSCRIPT, ported from bsml's
// TypeScript reference (src/vm/interpreter.ts): every error raised where Core raises it, stacks
// mutated exactly as Core mutates them.
//
// The interpreter template (eval_impl) and its helpers, included by interpreter.cpp (the two
// instantiations every evaluation runs: legacy and tapscript) and interpreter_span.cpp (the span
// instantiation bsml_evaluate_large runs). Separate translation units keep the compiler's inlining
// and layout choices for the hot instantiations what they are without the span one beside them.
#ifndef BSML_INTERPRETER_IMPL_H
#define BSML_INTERPRETER_IMPL_H

#include "interpreter.h"

#include <cstring>
#include <type_traits>

#include "hashes.h"
#include "prescan.h"
#include "script.h"
#include "scriptnum.h"
#include "sigencoding.h"
#include "tables.h"
#include "unaligned.h"

namespace bsml {
namespace {

constexpr std::size_t kTop = kAreaCapacity - 1;

inline Item view_item(const std::uint8_t* p, std::size_t n) {
  Item it;
  it.len = std::uint32_t(n);
  it.kind = kView;
  it.u.ptr = p;
  return it;
}

inline void set_bool(Item& it, bool v) {
  it.kind = kNumber;
  it.u.w[1] = v ? 1 : 0;
}

// Decodes an item as a script number (Core's CScriptNum constructor). A number the interpreter
// computed (kNumber) is minimally encoded and at most 4 bytes long by construction, so it is read
// as is (max_size is 4 or 5); every other item is decoded from its bytes.
inline bool item_num(const Item& it, bool require_minimal, std::size_t max_size, std::int64_t& out) {
  if (it.kind == kNumber) {
    out = std::int64_t(it.u.w[1]);
    return true;
  }
  return decode_num(it.data(), it.len, require_minimal, max_size, out);
}

// A script number as an item: a kNumber when its encoding fits 4 bytes (|v| <= 2^31 - 1);
// otherwise (a result that no arithmetic opcode may read back) its encoded bytes.
inline void set_num(Item& it, std::int64_t v) {
  constexpr std::uint64_t kMax = 0x7fffffff;
  if (std::uint64_t(v) + kMax <= 2 * kMax) {
    it.kind = kNumber;
    it.u.w[1] = std::uint64_t(v);
    return;
  }
  it.kind = kInlineBytes;
  std::uint8_t b[9];
  const std::size_t n = encode_num(v, b);
  it.len = std::uint32_t(n);
  std::memcpy(it.u.buf, b, n);
}

// Threaded dispatch: every opcode maps to one handler (a label); each handler ends by jumping
// straight to the next opcode's handler (GNU C labels as values: one indirect jump per opcode,
// no loop head). Other compilers, or -DBSML_SWITCH_DISPATCH, get the same handlers as the cases
// of a switch. Two maps: one while executing, one inside an unexecuted IF branch, where only the
// conditionals run and every other opcode is only counted and checked (disabled opcodes,
// OP_CODESEPARATOR under CONST_SCRIPTCODE, push decoding and size), as in Core's EvalScript.
#if (defined(__GNUC__) || defined(__clang__)) && !defined(BSML_SWITCH_DISPATCH)
#define BSML_THREADED 1
#else
#define BSML_THREADED 0
#endif

// X(name, arg) for every handler (arg is passed through).
#define BSML_HANDLERS(X, arg)                                                                                 \
  X(PUSH, arg) X(PUSH_SKIP, arg) X(SKIP, arg) X(SKIP_COUNTED, arg) X(CODESEP_SKIP, arg) X(DISABLED, arg)      \
  X(BAD, arg) X(SMALLNUM, arg) X(NOP, arg) X(LOCKTIME, arg) X(UPNOP, arg) X(IF, arg) X(ELSE, arg)             \
  X(ENDIF, arg) X(VERIFY, arg) X(RETURN, arg) X(TOALT, arg) X(FROMALT, arg) X(DROP2, arg) X(DUP2, arg)        \
  X(DUP3, arg) X(OVER2, arg) X(ROT2, arg) X(SWAP2, arg) X(IFDUP, arg) X(DEPTH, arg) X(DROP, arg) X(DUP, arg)  \
  X(NIP, arg) X(OVER, arg) X(PICK, arg) X(ROT, arg) X(SWAP, arg) X(TUCK, arg) X(SIZE, arg) X(EQUAL, arg)      \
  X(ADD1, arg) X(SUB1, arg) X(NEGATE, arg) X(ABS, arg) X(NOT, arg) X(NOTEQUAL0, arg) X(ADD, arg) X(SUB, arg)  \
  X(BOOLAND, arg) X(BOOLOR, arg) X(NUMEQUAL, arg) X(NUMEQUALVERIFY, arg) X(NUMNOTEQUAL, arg) X(LT, arg)       \
  X(GT, arg) X(LE, arg) X(GE, arg) X(MIN, arg) X(MAX, arg) X(WITHIN, arg) X(HASH, arg) X(CODESEP, arg)        \
  X(CHECKSIG, arg) X(CHECKMULTISIG, arg)

enum Handler : std::uint8_t {
#define BSML_ENUM(h, arg) H_##h,
  BSML_HANDLERS(BSML_ENUM, )
#undef BSML_ENUM
  kHandlerCount
};

struct OpMap {
  std::uint8_t h[256];
};

// The handler of `op` while executing.
constexpr Handler exec_handler(int op) {
  if (op <= BSML_OP_PUSHDATA4) return H_PUSH;
  if (op == BSML_OP_1NEGATE || (op >= BSML_OP_1 && op <= BSML_OP_16)) return H_SMALLNUM;
  if (tables::kOpcodeDisabled[op]) return H_DISABLED;
  switch (op) {
    case BSML_OP_NOP: return H_NOP;
    case BSML_OP_CHECKLOCKTIMEVERIFY: case BSML_OP_CHECKSEQUENCEVERIFY: return H_LOCKTIME;
    case BSML_OP_NOP1: case BSML_OP_NOP4: case BSML_OP_NOP5: case BSML_OP_NOP6: case BSML_OP_NOP7:
    case BSML_OP_NOP8: case BSML_OP_NOP9: case BSML_OP_NOP10: return H_UPNOP;
    case BSML_OP_IF: case BSML_OP_NOTIF: return H_IF;
    case BSML_OP_ELSE: return H_ELSE;
    case BSML_OP_ENDIF: return H_ENDIF;
    case BSML_OP_VERIFY: return H_VERIFY;
    case BSML_OP_RETURN: return H_RETURN;
    case BSML_OP_TOALTSTACK: return H_TOALT;
    case BSML_OP_FROMALTSTACK: return H_FROMALT;
    case BSML_OP_2DROP: return H_DROP2;
    case BSML_OP_2DUP: return H_DUP2;
    case BSML_OP_3DUP: return H_DUP3;
    case BSML_OP_2OVER: return H_OVER2;
    case BSML_OP_2ROT: return H_ROT2;
    case BSML_OP_2SWAP: return H_SWAP2;
    case BSML_OP_IFDUP: return H_IFDUP;
    case BSML_OP_DEPTH: return H_DEPTH;
    case BSML_OP_DROP: return H_DROP;
    case BSML_OP_DUP: return H_DUP;
    case BSML_OP_NIP: return H_NIP;
    case BSML_OP_OVER: return H_OVER;
    case BSML_OP_PICK: case BSML_OP_ROLL: return H_PICK;
    case BSML_OP_ROT: return H_ROT;
    case BSML_OP_SWAP: return H_SWAP;
    case BSML_OP_TUCK: return H_TUCK;
    case BSML_OP_SIZE: return H_SIZE;
    case BSML_OP_EQUAL: case BSML_OP_EQUALVERIFY: return H_EQUAL;
    case BSML_OP_1ADD: return H_ADD1;
    case BSML_OP_1SUB: return H_SUB1;
    case BSML_OP_NEGATE: return H_NEGATE;
    case BSML_OP_ABS: return H_ABS;
    case BSML_OP_NOT: return H_NOT;
    case BSML_OP_0NOTEQUAL: return H_NOTEQUAL0;
    case BSML_OP_ADD: return H_ADD;
    case BSML_OP_SUB: return H_SUB;
    case BSML_OP_BOOLAND: return H_BOOLAND;
    case BSML_OP_BOOLOR: return H_BOOLOR;
    case BSML_OP_NUMEQUAL: return H_NUMEQUAL;
    case BSML_OP_NUMEQUALVERIFY: return H_NUMEQUALVERIFY;
    case BSML_OP_NUMNOTEQUAL: return H_NUMNOTEQUAL;
    case BSML_OP_LESSTHAN: return H_LT;
    case BSML_OP_GREATERTHAN: return H_GT;
    case BSML_OP_LESSTHANOREQUAL: return H_LE;
    case BSML_OP_GREATERTHANOREQUAL: return H_GE;
    case BSML_OP_MIN: return H_MIN;
    case BSML_OP_MAX: return H_MAX;
    case BSML_OP_WITHIN: return H_WITHIN;
    case BSML_OP_RIPEMD160: case BSML_OP_SHA1: case BSML_OP_SHA256: case BSML_OP_HASH160: case BSML_OP_HASH256:
      return H_HASH;
    case BSML_OP_CODESEPARATOR: return H_CODESEP;
    case BSML_OP_CHECKSIG: case BSML_OP_CHECKSIGVERIFY: case BSML_OP_CHECKSIGADD: return H_CHECKSIG;
    case BSML_OP_CHECKMULTISIG: case BSML_OP_CHECKMULTISIGVERIFY: return H_CHECKMULTISIG;
    default: return H_BAD;  // OP_RESERVED, OP_VER, OP_VERIF, OP_VERNOTIF, OP_RESERVED1/2, 0xbb and up
  }
}

// The handler of `op` inside an unexecuted branch (Core runs only OP_IF .. OP_ENDIF there).
constexpr Handler skip_handler(int op) {
  if (op <= BSML_OP_PUSHDATA4) return H_PUSH_SKIP;
  if (op <= BSML_OP_16) return H_SKIP;  // not counted
  if (tables::kOpcodeDisabled[op]) return H_DISABLED;
  if (op == BSML_OP_CODESEPARATOR) return H_CODESEP_SKIP;
  if (op >= BSML_OP_IF && op <= BSML_OP_ENDIF) return exec_handler(op);  // OP_VERIF/OP_VERNOTIF: H_BAD
  return H_SKIP_COUNTED;
}

constexpr OpMap make_map(bool exec) {
  OpMap m{};
  for (int op = 0; op < 256; ++op) m.h[op] = exec ? exec_handler(op) : skip_handler(op);
  return m;
}
constexpr OpMap kExecMap = make_map(true);
constexpr OpMap kSkipMap = make_map(false);

// skip_run (prescan.h) takes runs of exactly the skip map's H_SKIP and H_SKIP_COUNTED opcodes, and
// counts exactly the latter.
constexpr bool skip_run_agrees() {
  for (int op = 0; op < 256; ++op) {
    const bool passes = kSkipMap.h[op] == H_SKIP || kSkipMap.h[op] == H_SKIP_COUNTED;
    if (passes != skip_passes(op) || (passes && (kSkipMap.h[op] == H_SKIP_COUNTED) != (op > BSML_OP_16))) return false;
  }
  return true;
}
static_assert(skip_run_agrees(), "skip_run's set differs from the interpreter's skip map");

/** a[0..n) == b[0..n). Items of at most 32 bytes (hashes, numbers, keys' hashes: what EQUAL
 *  mostly sees) are compared with a few overlapping word loads instead of a call to memcmp. */
inline bool equal_bytes(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  if (n > 32) return std::memcmp(a, b, n) == 0;
  if (n >= 16) {
    return ((load_u64(a) ^ load_u64(b)) | (load_u64(a + 8) ^ load_u64(b + 8)) |
            (load_u64(a + n - 16) ^ load_u64(b + n - 16)) | (load_u64(a + n - 8) ^ load_u64(b + n - 8))) == 0;
  }
  if (n >= 8) return ((load_u64(a) ^ load_u64(b)) | (load_u64(a + n - 8) ^ load_u64(b + n - 8))) == 0;
  if (n >= 4) return ((load_u32(a) ^ load_u32(b)) | (load_u32(a + n - 4) ^ load_u32(b + n - 4))) == 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

inline bool same_bytes(const Item& a, const Item& b) {
  const std::size_t n = a.size();
  return n == b.size() && equal_bytes(a.data(), b.data(), n);
}

inline bsml_bytes bytes_of(const Item& it) { return bsml_bytes{it.data(), it.size()}; }

// Checker calls: a null checker or callback answers as Core's base checker.
int call_ecdsa(const bsml_checker* c, const Item& sig, const Item& pk, const std::uint8_t* code, std::size_t code_n,
               int sigversion) {
  if (!c || !c->check_ecdsa) return 0;
  const int r = c->check_ecdsa(c->user, bytes_of(sig), bytes_of(pk), bsml_bytes{code, code_n}, sigversion);
  if (r == BSML_CHECK_ABORT) return r;
  return r != 0 ? 1 : 0;
}

int call_schnorr(const bsml_checker* c, const Item& sig, const Item& pk, int sigversion, const ExecData& ed) {
  if (!c || !c->check_schnorr) return BSML_CHECK_INVALID;
  bsml_exec_data d{ed.code_separator_pos, ed.validation_weight_left, ed.tapleaf_hash, ed.annex_hash};
  const int r = c->check_schnorr(c->user, bytes_of(sig), bytes_of(pk), sigversion, &d);
  if (r == BSML_CHECK_VALID || r == BSML_CHECK_INVALID || r == BSML_CHECK_ABORT) return r;
  if (r < 0 || r >= BSML_ERR_COUNT) return BSML_ERR_UNKNOWN_ERROR;
  return r;
}

int call_lock(int (*f)(void*, std::int64_t), void* user, std::int64_t v) {
  if (!f) return 0;
  const int r = f(user, v);
  if (r == BSML_CHECK_ABORT) return r;
  return r != 0 ? 1 : 0;
}

}  // namespace

namespace {

// One instantiation per limit regime: legacy scripts (BASE, WITNESS_V0) count opcodes and limit
// the count; tapscript does neither (Core's nOpCount stays 0 there).
// `kSpan` (legacy only): run the instructions in [span->from, span->to) only, from span's state
// (eval_legacy_span), with the Span in `then`'s place (a separate instantiation, with no more
// arguments than the others: they read nothing of it).
template <bool kLegacy, bool kSpan = false>
// `then`/`then_size`: a second script to run on the same stack after `script` succeeds (verify's
// scriptSig then scriptPubKey; the caller checked its size), or null.
EvalOutcome eval_impl(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                      const bsml_checker* checker, int sigversion, ExecData& ed,
                      std::conditional_t<kSpan, Span*, const std::uint8_t*> then, std::size_t then_size) {
  Span* span = nullptr;
  if constexpr (kSpan) span = then;
  // Every handler keeps stack + altstack <= BSML_MAX_STACK_SIZE on exit (only handlers that grow
  // the stack check it; an opcode adds at most 3 items, so the area never overflows).
  static_assert(kAreaCapacity >= BSML_MAX_STACK_SIZE + 3, "an opcode pushes at most 3 items past the limit");
  Item* const st = a.items;
  // The sizes live in locals (byte stores into items could otherwise alias them) and are written
  // back to the area on every exit.
  // The main stack grows up from st[0]; sp points just past its top item.
  Item* sp = st + a.n;
  std::size_t alt = 0;  // eval_script (interpreter.h) has checked the sizes and emptied the altstack
  std::uint32_t op_count = 0;
  constexpr bool legacy = kLegacy;
  // The highest sp allowed with the current altstack (Core's limit on both stacks together).
  const Item* max_sp = st + BSML_MAX_STACK_SIZE;
  const bool require_minimal = (flags & BSML_FLAG_MINIMALDATA) != 0;
  // Whether OP_CODESEPARATOR fails (CONST_SCRIPTCODE, BASE scripts): computed where one runs, not
  // on entry (most scripts have none).
#define CODESEP_FORBIDDEN() (sigversion == BSML_SIGVERSION_BASE && (flags & BSML_FLAG_CONST_SCRIPTCODE))
  // The next opcode to read, and the script's end.
  const std::uint8_t* ip = script;
  const std::uint8_t* end = script + size;
  unsigned opcode = 0;  // the current opcode (a byte)
  std::size_t begin_code_hash = 0;
  // OP_CODESEPARATOR's position (instructions before it) is counted only when one runs: the
  // instructions in [pos_pc, here) are added to pos_count then.
  std::size_t pos_pc = 0;
  std::uint32_t pos_count = 0;
  // Core's ConditionStack: its size and the position of its first false value (-1: none).
  std::int64_t cond_size = 0;
  std::int64_t first_false = -1;
  ed.code_separator_pos = 0xffffffffu;
  if (kSpan) {
    ip = script + span->from;
    end = script + span->to;
    op_count = span->op_count;
    cond_size = span->cond_size;
    first_false = span->first_false;
  }

#define FAIL(e)                                                                   \
  do {                                                                            \
    a.n = std::size_t(sp - st);                                                   \
    a.alt = alt;                                                                  \
    return EvalOutcome{(e), op_count, std::uint32_t(sp - st), std::uint32_t(alt)}; \
  } while (0)
#define NEED(k) \
  if (sp < st + (k)) FAIL(BSML_ERR_INVALID_STACK_OPERATION)
// Core's nOpCount (opcodes above OP_16): counted and limited in legacy scripts only (0 in tapscript).
#define COUNT() \
  if (kLegacy && ++op_count > BSML_MAX_OPS_PER_SCRIPT) FAIL(BSML_ERR_OP_COUNT)
// After a handler that grew the stack: Core's stack size check.
#define GREW() \
  if (sp > max_sp) FAIL(BSML_ERR_STACK_SIZE)
#define NUM(item, out)                                                                           \
  do {                                                    \
    if (!item_num((item), require_minimal, kDefaultMaxNumSize, (out))) FAIL(BSML_ERR_SCRIPTNUM); \
  } while (0)
#if BSML_THREADED
  // One table of handler addresses per map, indexed by opcode (built at compile time: each entry
  // selects the label of its map's handler).
#define BSML_SELECT_ONE(h, x) (x) == H_##h ? &&h_##h:
#define BSML_SELECT(x) (BSML_HANDLERS(BSML_SELECT_ONE, x) nullptr)
#define BSML_OP4(X, b) X(b) X(b + 1) X(b + 2) X(b + 3)
#define BSML_OP16(X, b) BSML_OP4(X, b) BSML_OP4(X, b + 4) BSML_OP4(X, b + 8) BSML_OP4(X, b + 12)
#define BSML_OP64(X, b) BSML_OP16(X, b) BSML_OP16(X, b + 16) BSML_OP16(X, b + 32) BSML_OP16(X, b + 48)
#define BSML_OP256(X) BSML_OP64(X, 0) BSML_OP64(X, 64) BSML_OP64(X, 128) BSML_OP64(X, 192)
#define BSML_EXEC_ENTRY(op) BSML_SELECT(kExecMap.h[op]),
#define BSML_SKIP_ENTRY(op) BSML_SELECT(kSkipMap.h[op]),
  static const void* const kExecTable[256] = {BSML_OP256(BSML_EXEC_ENTRY)};
  static const void* const kSkipTable[256] = {BSML_OP256(BSML_SKIP_ENTRY)};
#undef BSML_SELECT_ONE
#undef BSML_SELECT
#undef BSML_OP4
#undef BSML_OP16
#undef BSML_OP64
#undef BSML_OP256
#undef BSML_EXEC_ENTRY
#undef BSML_SKIP_ENTRY
  // Which table the next opcode is dispatched through: only the conditionals run in both maps,
  // and they pick it (NEXT_COND); skip-map handlers use NEXT_SKIP; every other handler runs only
  // while executing and uses NEXT (a constant table: no table pointer to keep or reload).
#define SET_MAP()
#define HANDLER(h) h_##h:
#define DISPATCH(tbl)                                     \
  do {                                                    \
    if (ip >= end) goto finished;                         \
    opcode = *ip++;                                       \
    goto*(tbl)[opcode];                                   \
  } while (0)
#define NEXT() DISPATCH(kExecTable)
#define NEXT_SKIP() DISPATCH(kSkipTable)
#define NEXT_COND() DISPATCH(first_false < 0 ? kExecTable : kSkipTable)
  if (kSpan) NEXT_COND();  // a span may begin inside an unexecuted branch
  NEXT();
  {
#else
  const std::uint8_t* map = kSpan && first_false >= 0 ? kSkipMap.h : kExecMap.h;
#define SET_MAP() map = first_false < 0 ? kExecMap.h : kSkipMap.h
#define HANDLER(h) case H_##h:
#define NEXT() goto dispatch
#define NEXT_SKIP() goto dispatch
#define NEXT_COND() goto dispatch
dispatch:
  if (ip >= end) goto finished;
  opcode = *ip++;
  switch (map[opcode]) {
#endif

    HANDLER(PUSH) {
      // Core's checks in Core's order: decoding, element size, minimal push, stack size.
      const std::uint8_t* data;
      std::size_t len;
      if (!read_push(ip, end, opcode, data, len)) FAIL(BSML_ERR_BAD_OPCODE);
      if (len > BSML_MAX_SCRIPT_ELEMENT_SIZE) FAIL(BSML_ERR_PUSH_SIZE);
      if (require_minimal && !is_minimal_push(data, len, opcode)) FAIL(BSML_ERR_MINIMALDATA);
      *sp++ = view_item(data, len);
      GREW();
      NEXT();
    }

    HANDLER(PUSH_SKIP) {
      const std::uint8_t* data;
      std::size_t len;
      if (!read_push(ip, end, opcode, data, len)) FAIL(BSML_ERR_BAD_OPCODE);
      if (len > BSML_MAX_SCRIPT_ELEMENT_SIZE) FAIL(BSML_ERR_PUSH_SIZE);
      NEXT_SKIP();
    }

    // Inside an unexecuted branch, a run of opcodes that are only stepped over or counted is
    // taken in one loop here rather than one dispatch each (same counts, same OP_COUNT failure):
    // its first bytes one at a time, the rest sixteen at a time (skip_run, prescan.cpp).
#define SKIP_RUN()                                                                    \
  for (int k_ = 0; ip < end; ++k_) {                                                  \
    if (k_ == 4) {                                                                    \
      std::uint32_t c_ = 0;                                                           \
      ip += skip_run(ip, std::size_t(end - ip), c_);                                  \
      if (kLegacy) op_count += c_;                                                    \
      /* One at a time, the count fails at its first value past the limit. */       \
      if (kLegacy && op_count > BSML_MAX_OPS_PER_SCRIPT) {                            \
        op_count = BSML_MAX_OPS_PER_SCRIPT + 1;                                       \
        FAIL(BSML_ERR_OP_COUNT);                                                      \
      }                                                                               \
      break;                                                                          \
    }                                                                                 \
    const std::uint8_t h_ = kSkipMap.h[*ip];                                          \
    if (h_ == H_SKIP_COUNTED) {                                                       \
      ++ip;                                                                           \
      COUNT();                                                                        \
    } else if (h_ == H_SKIP) {                                                        \
      ++ip;                                                                           \
    } else {                                                                          \
      break;                                                                          \
    }                                                                                 \
  }
    HANDLER(SKIP) {
      SKIP_RUN();
      NEXT_SKIP();
    }

    HANDLER(SKIP_COUNTED) {
      COUNT();
      SKIP_RUN();
      NEXT_SKIP();
    }
#undef SKIP_RUN

    HANDLER(CODESEP_SKIP) {
      COUNT();
      if (CODESEP_FORBIDDEN()) FAIL(BSML_ERR_OP_CODESEPARATOR);
      NEXT_SKIP();
    }

    HANDLER(DISABLED) {
      COUNT();
      FAIL(BSML_ERR_DISABLED_OPCODE);
    }

    HANDLER(BAD) {
      if (opcode > BSML_OP_16) COUNT();
      FAIL(BSML_ERR_BAD_OPCODE);
    }

    HANDLER(SMALLNUM) {
      // OP_1NEGATE, OP_1 .. OP_16: always a kNumber (no range check needed).
      sp[0].kind = kNumber;
      sp[0].u.w[1] = std::uint64_t(std::int64_t(opcode) - (BSML_OP_1 - 1));
      ++sp;
      GREW();
      NEXT();
    }

    HANDLER(NOP) {
      COUNT();
      NEXT();
    }

    HANDLER(LOCKTIME) {
      COUNT();
      const bool cltv = opcode == BSML_OP_CHECKLOCKTIMEVERIFY;
      if (flags & (cltv ? BSML_FLAG_CHECKLOCKTIMEVERIFY : BSML_FLAG_CHECKSEQUENCEVERIFY)) {
        NEED(1);
        std::int64_t v;
        if (!item_num(sp[-1], require_minimal, kLocktimeMaxNumSize, v)) FAIL(BSML_ERR_SCRIPTNUM);
        if (v < 0) FAIL(BSML_ERR_NEGATIVE_LOCKTIME);
        if (cltv || !(v & std::int64_t(BSML_SEQUENCE_LOCKTIME_DISABLE_FLAG))) {
          const int r = checker ? call_lock(cltv ? checker->check_locktime : checker->check_sequence, checker->user, v) : 0;
          if (r == BSML_CHECK_ABORT) FAIL(BSML_ERR_UNKNOWN_ERROR);
          if (!r) FAIL(BSML_ERR_UNSATISFIED_LOCKTIME);
        }
      }
      NEXT();
    }

    HANDLER(UPNOP) {
      COUNT();
      if (flags & BSML_FLAG_DISCOURAGE_UPGRADABLE_NOPS) FAIL(BSML_ERR_DISCOURAGE_UPGRADABLE_NOPS);
      NEXT();
    }

    HANDLER(IF) {
      COUNT();
      bool value = false;
      if (first_false < 0) {
        NEED(1);
        const Item& t = sp[-1];
        const std::uint8_t* d = t.data();
        const std::size_t tn = t.size();
        if (sigversion == BSML_SIGVERSION_TAPSCRIPT) {
          if (tn > 1 || (tn == 1 && d[0] != 1)) FAIL(BSML_ERR_TAPSCRIPT_MINIMALIF);
        }
        if (sigversion == BSML_SIGVERSION_WITNESS_V0 && (flags & BSML_FLAG_MINIMALIF)) {
          if (tn > 1) FAIL(BSML_ERR_MINIMALIF);
          if (tn == 1 && d[0] != 1) FAIL(BSML_ERR_MINIMALIF);
        }
        value = cast_to_bool(d, tn);
        if (opcode == BSML_OP_NOTIF) value = !value;
        --sp;
        if (!value) first_false = cond_size;
      }
      ++cond_size;
      SET_MAP();
      NEXT_COND();
    }

    HANDLER(ELSE) {
      COUNT();
      if (cond_size == 0) FAIL(BSML_ERR_UNBALANCED_CONDITIONAL);
      if (first_false < 0) first_false = cond_size - 1;
      else if (first_false == cond_size - 1) first_false = -1;
      SET_MAP();
      NEXT_COND();
    }

    HANDLER(ENDIF) {
      COUNT();
      if (cond_size == 0) FAIL(BSML_ERR_UNBALANCED_CONDITIONAL);
      --cond_size;
      if (first_false == cond_size) first_false = -1;
      SET_MAP();
      NEXT_COND();
    }

    HANDLER(VERIFY) {
      COUNT();
      NEED(1);
      if (!sp[-1].truthy()) FAIL(BSML_ERR_VERIFY);
      --sp;
      NEXT();
    }

    HANDLER(RETURN) {
      COUNT();
      FAIL(BSML_ERR_OP_RETURN);
    }

    HANDLER(TOALT) {
      COUNT();
      NEED(1);
      st[kTop - alt] = sp[-1];
      ++alt;
      --max_sp;
      --sp;
      NEXT();
    }

    HANDLER(FROMALT) {
      COUNT();
      if (alt < 1) FAIL(BSML_ERR_INVALID_ALTSTACK_OPERATION);
      --alt;
      ++max_sp;
      *sp++ = st[kTop - alt];
      NEXT();
    }

    HANDLER(DROP2) {
      COUNT();
      NEED(2);
      sp -= 2;
      NEXT();
    }

    HANDLER(DUP2) {
      COUNT();
      NEED(2);
      sp[0] = sp[-2];
      sp[1] = sp[-1];
      sp += 2;
      GREW();
      NEXT();
    }

    HANDLER(DUP3) {
      COUNT();
      NEED(3);
      sp[0] = sp[-3];
      sp[1] = sp[-2];
      sp[2] = sp[-1];
      sp += 3;
      GREW();
      NEXT();
    }

    HANDLER(OVER2) {
      COUNT();
      NEED(4);
      sp[0] = sp[-4];
      sp[1] = sp[-3];
      sp += 2;
      GREW();
      NEXT();
    }

    HANDLER(ROT2) {
      COUNT();
      NEED(6);
      const Item x = sp[-6];
      const Item y = sp[-5];
      std::memmove(sp - 6, sp - 4, 4 * sizeof(Item));
      sp[-2] = x;
      sp[-1] = y;
      NEXT();
    }

    HANDLER(SWAP2) {
      COUNT();
      NEED(4);
      const Item x = sp[-4];
      const Item y = sp[-3];
      sp[-4] = sp[-2];
      sp[-3] = sp[-1];
      sp[-2] = x;
      sp[-1] = y;
      NEXT();
    }

    HANDLER(IFDUP) {
      COUNT();
      NEED(1);
      if (sp[-1].truthy()) {
        sp[0] = sp[-1];
        ++sp;
        GREW();
      }
      NEXT();
    }

    HANDLER(DEPTH) {
      COUNT();
      set_num(sp[0], std::int64_t(sp - st));
      ++sp;
      GREW();
      NEXT();
    }

    HANDLER(DROP) {
      COUNT();
      NEED(1);
      --sp;
      NEXT();
    }

    HANDLER(DUP) {
      COUNT();
      NEED(1);
      sp[0] = sp[-1];
      ++sp;
      GREW();
      NEXT();
    }

    HANDLER(NIP) {
      COUNT();
      NEED(2);
      sp[-2] = sp[-1];
      --sp;
      NEXT();
    }

    HANDLER(OVER) {
      COUNT();
      NEED(2);
      sp[0] = sp[-2];
      ++sp;
      GREW();
      NEXT();
    }

    HANDLER(PICK) {
      COUNT();
      NEED(2);
      std::int64_t k;
      NUM(sp[-1], k);
      k = clamp_int32(k);
      --sp;
      if (k < 0 || std::size_t(k) >= std::size_t(sp - st)) FAIL(BSML_ERR_INVALID_STACK_OPERATION);
      Item* const at = sp - std::size_t(k) - 1;
      const Item v = *at;
      if (opcode == BSML_OP_ROLL) {
        std::memmove(at, at + 1, std::size_t(k) * sizeof(Item));
        --sp;
      }
      *sp++ = v;
      NEXT();
    }

    HANDLER(ROT) {
      COUNT();
      NEED(3);
      const Item x = sp[-3];
      sp[-3] = sp[-2];
      sp[-2] = sp[-1];
      sp[-1] = x;
      NEXT();
    }

    HANDLER(SWAP) {
      COUNT();
      NEED(2);
      const Item x = sp[-2];
      sp[-2] = sp[-1];
      sp[-1] = x;
      NEXT();
    }

    HANDLER(TUCK) {
      COUNT();
      NEED(2);
      const Item v = sp[-1];
      sp[0] = sp[-1];
      sp[-1] = sp[-2];
      sp[-2] = v;
      ++sp;
      GREW();
      NEXT();
    }

    HANDLER(SIZE) {
      COUNT();
      NEED(1);
      set_num(sp[0], std::int64_t(sp[-1].size()));
      ++sp;
      GREW();
      NEXT();
    }

    HANDLER(EQUAL) {
      COUNT();
      NEED(2);
      const bool equal = same_bytes(sp[-2], sp[-1]);
      --sp;
      set_bool(sp[-1], equal);
      if (opcode == BSML_OP_EQUALVERIFY) {
        if (!equal) FAIL(BSML_ERR_EQUALVERIFY);
        --sp;
      }
      NEXT();
    }

    // Numeric opcodes, one handler each.
#define UNARY(H, EXPR)        \
  HANDLER(H) {                                            \
    COUNT();                                              \
    NEED(1);                                              \
    std::int64_t bn;                                      \
    NUM(sp[-1], bn);                                      \
    set_num(sp[-1], EXPR);                                \
    NEXT();                                               \
  }
    UNARY(ADD1, bn + 1)
    UNARY(SUB1, bn - 1)
    UNARY(NEGATE, -bn)
    UNARY(ABS, bn < 0 ? -bn : bn)
    UNARY(NOT, bn == 0 ? 1 : 0)
    UNARY(NOTEQUAL0, bn != 0 ? 1 : 0)
#undef UNARY

// Two computed numbers (the common case) are read with one kind test.
static_assert((kView & kNumber) == 0 && (kInlineBytes & kNumber) == 0, "kNumber's bit is its own");
#define BINARY(H, EXPR)                                   \
  HANDLER(H) {                                            \
    COUNT();                                              \
    NEED(2);                                              \
    std::int64_t x, y;                                    \
    if ((sp[-2].kind & sp[-1].kind) == kNumber) {         \
      x = std::int64_t(sp[-2].u.w[1]);                    \
      y = std::int64_t(sp[-1].u.w[1]);                    \
    } else {                                              \
      NUM(sp[-2], x);                                     \
      NUM(sp[-1], y);                                     \
    }                                                     \
    --sp;                                                 \
    set_num(sp[-1], EXPR);                                \
    NEXT();                                               \
  }
    BINARY(ADD, x + y)
    BINARY(SUB, x - y)
    BINARY(BOOLAND, x != 0 && y != 0)
    BINARY(BOOLOR, x != 0 || y != 0)
    BINARY(NUMEQUAL, x == y)
    BINARY(NUMNOTEQUAL, x != y)
    BINARY(LT, x < y)
    BINARY(GT, x > y)
    BINARY(LE, x <= y)
    BINARY(GE, x >= y)
    BINARY(MIN, x < y ? x : y)
    BINARY(MAX, x > y ? x : y)
#undef BINARY

    HANDLER(NUMEQUALVERIFY) {
      COUNT();
      NEED(2);
      std::int64_t x, y;
      NUM(sp[-2], x);
      NUM(sp[-1], y);
      --sp;
      set_num(sp[-1], x == y);
      if (x != y) FAIL(BSML_ERR_NUMEQUALVERIFY);
      --sp;
      NEXT();
    }

    HANDLER(WITHIN) {
      COUNT();
      NEED(3);
      std::int64_t x, lo, hi;
      NUM(sp[-3], x);
      NUM(sp[-2], lo);
      NUM(sp[-1], hi);
      sp -= 2;
      set_bool(sp[-1], lo <= x && x < hi);
      NEXT();
    }

    HANDLER(HASH) {
      COUNT();
      NEED(1);
      // The digest goes straight into the item's own bytes: the hashes read all of their input
      // before they write (hashes.h), so the input may be those same bytes (an inline item or a
      // number's encoding). Building the result beside the stack and copying it in made the next
      // opcode's loads wait on stores they could not be forwarded from.
      Item& t = sp[-1];
      const std::uint8_t* in = t.data();
      const std::size_t in_size = t.size();
      t.len = std::uint32_t(hash_opcode(opcode, in, in_size, t.u.buf));
      t.kind = kInlineBytes;
      NEXT();
    }

    HANDLER(CODESEP) {
      COUNT();
      if (CODESEP_FORBIDDEN()) FAIL(BSML_ERR_OP_CODESEPARATOR);
      // Its position: the instructions before it (every one of them decoded already).
      const std::size_t here = std::size_t(ip - script) - 1;
      while (pos_pc < here) {
        Instruction ins;
        if (!read_instruction(script, size, pos_pc, ins)) FAIL(BSML_ERR_UNKNOWN_ERROR);  // decoded before: unreachable
        pos_pc = ins.end;
        ++pos_count;
      }
      begin_code_hash = std::size_t(ip - script);
      ed.code_separator_pos = pos_count;
      NEXT();
    }

    HANDLER(CHECKSIG) {
      COUNT();
      const bool add = opcode == BSML_OP_CHECKSIGADD;
      if (add && legacy) FAIL(BSML_ERR_BAD_OPCODE);
      NEED(add ? 3u : 2u);
      const Item& sig = *(sp - (add ? 3 : 2));
      const Item& pk = sp[-1];
      std::int64_t add_n = 0;
      if (add) NUM(sp[-2], add_n);
      bool ok;
      if (legacy) {
        // Core's EvalChecksigPreTapscript.
        const std::uint8_t* code = script + begin_code_hash;
        std::size_t code_n = size - begin_code_hash;
        if (sigversion == BSML_SIGVERSION_BASE) {
          std::memcpy(ctx.script_code, code, code_n);
          std::uint8_t head[5];
          const std::size_t hn = push_header(sig.size(), head);
          const std::size_t found = find_and_delete(ctx.script_code, &code_n, head, hn, sig.data(), sig.size());
          if (found > 0 && (flags & BSML_FLAG_CONST_SCRIPTCODE)) FAIL(BSML_ERR_SIG_FINDANDDELETE);
          code = ctx.script_code;
        }
        int e = check_signature_encoding(sig.data(), sig.size(), flags);
        if (e == BSML_ERR_OK) e = check_pubkey_encoding(pk.data(), pk.size(), flags, sigversion);
        if (e != BSML_ERR_OK) FAIL(e);
        const int r = call_ecdsa(checker, sig, pk, code, code_n, sigversion);
        if (r == BSML_CHECK_ABORT) FAIL(BSML_ERR_UNKNOWN_ERROR);
        ok = r == 1;
        if (!ok && (flags & BSML_FLAG_NULLFAIL) && sig.size()) FAIL(BSML_ERR_SIG_NULLFAIL);
      } else {
        // Core's EvalChecksigTapscript (BIP342).
        ok = sig.size() != 0;
        if (ok) {
          ed.validation_weight_left -= BSML_VALIDATION_WEIGHT_PER_SIGOP_PASSED;
          if (ed.validation_weight_left < 0) FAIL(BSML_ERR_TAPSCRIPT_VALIDATION_WEIGHT);
        }
        if (pk.size() == 0) FAIL(BSML_ERR_TAPSCRIPT_EMPTY_PUBKEY);
        if (pk.size() == 32) {
          if (ok) {
            const int r = call_schnorr(checker, sig, pk, sigversion, ed);
            if (r != BSML_CHECK_VALID) FAIL(r == BSML_CHECK_INVALID || r == BSML_CHECK_ABORT ? BSML_ERR_UNKNOWN_ERROR : r);
          }
        } else if (flags & BSML_FLAG_DISCOURAGE_UPGRADABLE_PUBKEYTYPE) {
          FAIL(BSML_ERR_DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
        }
      }
      if (add) {
        sp -= 2;
        set_num(sp[-1], add_n + (ok ? 1 : 0));
      } else {
        --sp;
        set_bool(sp[-1], ok);
        if (opcode == BSML_OP_CHECKSIGVERIFY) {
          if (!ok) FAIL(BSML_ERR_CHECKSIGVERIFY);
          --sp;
        }
      }
      NEXT();
    }

    HANDLER(CHECKMULTISIG) {
      COUNT();
      if (sigversion == BSML_SIGVERSION_TAPSCRIPT) FAIL(BSML_ERR_TAPSCRIPT_CHECKMULTISIG);
      std::size_t i = 1;
      NEED(i);
      std::int64_t keys;
      NUM(*(sp - i), keys);
      keys = clamp_int32(keys);
      if (keys < 0 || keys > BSML_MAX_PUBKEYS_PER_MULTISIG) FAIL(BSML_ERR_PUBKEY_COUNT);
      op_count += std::uint32_t(keys);
      if (op_count > BSML_MAX_OPS_PER_SCRIPT) FAIL(BSML_ERR_OP_COUNT);
      std::size_t ikey = ++i;
      // Position of the last non-signature item (top = 1), for NULLFAIL's clean-up check.
      std::size_t ikey2 = std::size_t(keys) + 2;
      i += std::size_t(keys);
      NEED(i);
      std::int64_t sigs;
      NUM(*(sp - i), sigs);
      sigs = clamp_int32(sigs);
      if (sigs < 0 || sigs > keys) FAIL(BSML_ERR_SIG_COUNT);
      std::size_t isig = ++i;
      i += std::size_t(sigs);
      NEED(i);

      const std::uint8_t* code = script + begin_code_hash;
      std::size_t code_n = size - begin_code_hash;
      if (sigversion == BSML_SIGVERSION_BASE) {
        std::memcpy(ctx.script_code, code, code_n);
        code = ctx.script_code;
        for (std::int64_t k = 0; k < sigs; ++k) {
          const Item& sig = *(sp - (isig + std::size_t(k)));
          std::uint8_t head[5];
          const std::size_t hn = push_header(sig.size(), head);
          const std::size_t found = find_and_delete(ctx.script_code, &code_n, head, hn, sig.data(), sig.size());
          if (found > 0 && (flags & BSML_FLAG_CONST_SCRIPTCODE)) FAIL(BSML_ERR_SIG_FINDANDDELETE);
        }
      }

      bool success = true;
      while (success && sigs > 0) {
        const Item& sig = *(sp - isig);
        const Item& pk = *(sp - ikey);
        int e = check_signature_encoding(sig.data(), sig.size(), flags);
        if (e == BSML_ERR_OK) e = check_pubkey_encoding(pk.data(), pk.size(), flags, sigversion);
        if (e != BSML_ERR_OK) FAIL(e);
        const int r = call_ecdsa(checker, sig, pk, code, code_n, sigversion);
        if (r == BSML_CHECK_ABORT) FAIL(BSML_ERR_UNKNOWN_ERROR);
        if (r == 1) {
          ++isig;
          --sigs;
        }
        ++ikey;
        --keys;
        if (sigs > keys) success = false;
      }

      while (i-- > 1) {
        if (!success && (flags & BSML_FLAG_NULLFAIL) && !ikey2 && sp[-1].size()) FAIL(BSML_ERR_SIG_NULLFAIL);
        if (ikey2 > 0) --ikey2;
        --sp;
      }
      NEED(1);
      if ((flags & BSML_FLAG_NULLDUMMY) && sp[-1].size()) FAIL(BSML_ERR_SIG_NULLDUMMY);
      set_bool(sp[-1], success);
      if (opcode == BSML_OP_CHECKMULTISIGVERIFY) {
        if (!success) FAIL(BSML_ERR_CHECKMULTISIGVERIFY);
        --sp;
      }
      NEXT();
    }

#if BSML_THREADED
  }
#else
    default:
      FAIL(BSML_ERR_UNKNOWN_ERROR);
  }
#endif

finished:
  if (kSpan && !span->last) {
    // A span before the script's last: its conditions carry over to the next span.
    span->cond_size = cond_size;
    span->first_false = first_false;
    FAIL(BSML_ERR_OK);
  }
  if (cond_size != 0) FAIL(BSML_ERR_UNBALANCED_CONDITIONAL);
  if constexpr (!kSpan) {
  if (then) {
    // The second script starts as a new EvalScript would, on the stack the first one left: an
    // empty altstack, no conditions, no counts, no code separator (first_false is already -1).
    script = then;
    size = then_size;
    then = nullptr;
    ip = script;
    end = script + size;
    alt = 0;
    max_sp = st + BSML_MAX_STACK_SIZE;
    op_count = 0;
    begin_code_hash = 0;
    pos_pc = 0;
    pos_count = 0;
    ed.code_separator_pos = 0xffffffffu;
    NEXT();
  }
  }
  FAIL(BSML_ERR_OK);
#undef FAIL
#undef NEED
#undef COUNT
#undef GREW
#undef NUM
#undef CODESEP_FORBIDDEN
#undef SET_MAP
#undef HANDLER
#undef NEXT
#undef NEXT_SKIP
#undef NEXT_COND
#ifdef DISPATCH
#undef DISPATCH
#endif
}

}  // namespace

}  // namespace bsml

#endif  // BSML_INTERPRETER_IMPL_H
