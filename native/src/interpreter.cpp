// Bitcoin Core's EvalScript for sigversions BASE, WITNESS_V0 and TAPSCRIPT, ported from bsml's
// TypeScript reference (src/vm/interpreter.ts): every error raised where Core raises it, stacks
// mutated exactly as Core mutates them.
#include "interpreter.h"

#include <cstring>

#include "hashes.h"
#include "script.h"
#include "scriptnum.h"
#include "sigencoding.h"
#include "tables.h"

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
// computed (kNumber) is minimally encoded by construction, so only its length is checked;
// every other item is decoded from its bytes.
inline bool item_num(const Item& it, bool require_minimal, std::size_t max_size, std::int64_t& out) {
  if (it.kind == kNumber) {
    // The encoding fits max_size bytes iff |v| < 2^(8*max_size-1).
    const std::uint64_t limit = (std::uint64_t(1) << (8 * max_size - 1)) - 1;
    const std::uint64_t v = it.u.w[1];
    if (v + limit > 2 * limit) return false;
    out = std::int64_t(v);
    return true;
  }
  return decode_num(it.data(), it.len, require_minimal, max_size, out);
}

// A script number as an item: a kNumber when its magnitude is below 2^55 (every value a script
// can produce); otherwise (never reached by consensus arithmetic) its encoded bytes.
inline void set_num(Item& it, std::int64_t v) {
  constexpr std::uint64_t kLimit = (std::uint64_t(1) << 55) - 1;
  if (std::uint64_t(v) + kLimit <= 2 * kLimit) {  // |v| < 2^55
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

// Per-opcode facts the loop head needs, derived from the generated tables: counted by Core's
// nOpCount (above OP_16), checked before execution (disabled, OP_CODESEPARATOR), and the
// conditionals that run even in an unexecuted branch (OP_IF .. OP_ENDIF); every other opcode is
// skipped there (kSkip).
constexpr std::uint8_t kCounted = 1, kChecked = 2, kConditional = 4, kSkip = 8;
struct OpInfo {
  std::uint8_t bits[256];
};
constexpr OpInfo make_op_info() {
  OpInfo t{};
  for (int op = 0; op < 256; ++op) {
    std::uint8_t b = 0;
    if (op > BSML_OP_16) b |= kCounted;
    if (tables::kOpcodeDisabled[op] || op == BSML_OP_CODESEPARATOR) b |= kChecked;
    if (op >= BSML_OP_IF && op <= BSML_OP_ENDIF) b |= kConditional;
    else b |= kSkip;  // not run inside an unexecuted branch
    t.bits[op] = b;
  }
  return t;
}
constexpr OpInfo kOpInfo = make_op_info();

inline bool same_bytes(const Item& a, const Item& b) {
  return a.size() == b.size() && (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size()) == 0);
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

EvalOutcome eval_script(bsml_context& ctx, Area& a, const std::uint8_t* script, std::size_t size, std::uint32_t flags,
                        const bsml_checker* checker, int sigversion, ExecData& ed) {
  Item* const st = a.items;
  // The sizes live in locals (byte stores into items could otherwise alias them) and are written
  // back to the area on every exit.
  std::size_t n = a.n;
  std::size_t alt = 0;
  a.alt = 0;
  std::uint32_t op_count = 0;
  const bool legacy = sigversion == BSML_SIGVERSION_BASE || sigversion == BSML_SIGVERSION_WITNESS_V0;
  if (legacy && size > BSML_MAX_SCRIPT_SIZE) return EvalOutcome{BSML_ERR_SCRIPT_SIZE, 0};
  // Core limits nOpCount in legacy scripts only; tapscript counts without a limit.
  const std::uint32_t op_limit = legacy ? BSML_MAX_OPS_PER_SCRIPT : 0xffffffffu;
  const bool require_minimal = (flags & BSML_FLAG_MINIMALDATA) != 0;
  std::size_t pc = 0;
  std::size_t begin_code_hash = 0;
  std::uint32_t opcode_pos = 0;
  // Core's ConditionStack: its size and the position of its first false value (-1: none).
  std::int64_t cond_size = 0;
  std::int64_t first_false = -1;
  // The loop head's slow-path mask: kChecked, plus kSkip while first_false >= 0.
  std::uint8_t slow = kChecked;
  ed.code_separator_pos = 0xffffffffu;

#define FAIL(e)                        \
  do {                                 \
    a.n = n;                           \
    a.alt = alt;                       \
    return EvalOutcome{(e), op_count}; \
  } while (0)
#define NEED(k) \
  if (n < (k)) FAIL(BSML_ERR_INVALID_STACK_OPERATION)
#define PUSH(item)                                                    \
  do {                                                                \
    const Item pushed_ = (item);                                      \
    if (n + alt >= kAreaCapacity) FAIL(BSML_ERR_UNKNOWN_ERROR);     \
    st[n++] = pushed_;                                                \
  } while (0)
#define PUSH_NUM(v)                                               \
  do {                                                            \
    const std::int64_t value_ = (v);                              \
    if (n + alt >= kAreaCapacity) FAIL(BSML_ERR_UNKNOWN_ERROR);   \
    set_num(st[n++], value_);                                     \
  } while (0)
#define NUM(item, out)                                                                      \
  do {                                                                                      \
    if (!item_num((item), require_minimal, kDefaultMaxNumSize, (out))) FAIL(BSML_ERR_SCRIPTNUM);  \
  } while (0)

  for (; pc < size; ++opcode_pos) {
    const std::uint8_t opcode = script[pc];
    if (opcode <= BSML_OP_PUSHDATA4) {
      // A push: Core's checks in Core's order (decoding, element size, minimal push, stack size).
      Instruction ins;
      if (!read_instruction(script, size, pc, ins)) FAIL(BSML_ERR_BAD_OPCODE);
      pc = ins.end;
      if (ins.size > BSML_MAX_SCRIPT_ELEMENT_SIZE) FAIL(BSML_ERR_PUSH_SIZE);
      if (first_false < 0) {
        if (require_minimal && !is_minimal_push(ins.data, ins.size, opcode)) FAIL(BSML_ERR_MINIMALDATA);
        PUSH(view_item(ins.data, ins.size));
      }
      if (n + alt > BSML_MAX_STACK_SIZE) FAIL(BSML_ERR_STACK_SIZE);
      continue;
    }
    ++pc;
    const std::uint8_t info = kOpInfo.bits[opcode];
    op_count += info & kCounted;
    if (op_count > op_limit) FAIL(BSML_ERR_OP_COUNT);
    // One test on the common path: `slow` holds kChecked, plus kSkip inside an unexecuted branch.
    if (info & slow) {
      if (info & kChecked) {
        if (tables::kOpcodeDisabled[opcode]) FAIL(BSML_ERR_DISABLED_OPCODE);
        if (opcode == BSML_OP_CODESEPARATOR && sigversion == BSML_SIGVERSION_BASE && (flags & BSML_FLAG_CONST_SCRIPTCODE)) {
          FAIL(BSML_ERR_OP_CODESEPARATOR);
        }
      }
      if ((info & kSkip) && first_false >= 0) {
        if (n + alt > BSML_MAX_STACK_SIZE) FAIL(BSML_ERR_STACK_SIZE);
        continue;
      }
    }
    const bool exec = first_false < 0;
    {
      switch (opcode) {
        case BSML_OP_1NEGATE: case BSML_OP_1: case BSML_OP_2: case BSML_OP_3: case BSML_OP_4: case BSML_OP_5:
        case BSML_OP_6: case BSML_OP_7: case BSML_OP_8: case BSML_OP_9: case BSML_OP_10: case BSML_OP_11:
        case BSML_OP_12: case BSML_OP_13: case BSML_OP_14: case BSML_OP_15: case BSML_OP_16:
          // A small number: always a kNumber (no range check needed).
          if (n + alt >= kAreaCapacity) FAIL(BSML_ERR_UNKNOWN_ERROR);
          st[n].kind = kNumber;
          st[n].u.w[1] = std::uint64_t(std::int64_t(opcode) - (BSML_OP_1 - 1));
          ++n;
          break;

        case BSML_OP_NOP:
          break;

        case BSML_OP_CHECKLOCKTIMEVERIFY:
        case BSML_OP_CHECKSEQUENCEVERIFY: {
          const bool cltv = opcode == BSML_OP_CHECKLOCKTIMEVERIFY;
          if (!(flags & (cltv ? BSML_FLAG_CHECKLOCKTIMEVERIFY : BSML_FLAG_CHECKSEQUENCEVERIFY))) break;
          NEED(1);
          std::int64_t v;
          if (!item_num(st[n - 1], require_minimal, kLocktimeMaxNumSize, v)) FAIL(BSML_ERR_SCRIPTNUM);
          if (v < 0) FAIL(BSML_ERR_NEGATIVE_LOCKTIME);
          if (!cltv && (v & std::int64_t(BSML_SEQUENCE_LOCKTIME_DISABLE_FLAG))) break;
          const int r = checker ? call_lock(cltv ? checker->check_locktime : checker->check_sequence, checker->user, v) : 0;
          if (r == BSML_CHECK_ABORT) FAIL(BSML_ERR_UNKNOWN_ERROR);
          if (!r) FAIL(BSML_ERR_UNSATISFIED_LOCKTIME);
          break;
        }

        case BSML_OP_NOP1: case BSML_OP_NOP4: case BSML_OP_NOP5: case BSML_OP_NOP6: case BSML_OP_NOP7:
        case BSML_OP_NOP8: case BSML_OP_NOP9: case BSML_OP_NOP10:
          if (flags & BSML_FLAG_DISCOURAGE_UPGRADABLE_NOPS) FAIL(BSML_ERR_DISCOURAGE_UPGRADABLE_NOPS);
          break;

        case BSML_OP_IF:
        case BSML_OP_NOTIF: {
          bool value = false;
          if (exec) {
            NEED(1);
            const Item& t = st[n - 1];
            const std::uint8_t* d = t.data();
            if (sigversion == BSML_SIGVERSION_TAPSCRIPT) {
              if (t.size() > 1 || (t.size() == 1 && d[0] != 1)) FAIL(BSML_ERR_TAPSCRIPT_MINIMALIF);
            }
            if (sigversion == BSML_SIGVERSION_WITNESS_V0 && (flags & BSML_FLAG_MINIMALIF)) {
              if (t.size() > 1) FAIL(BSML_ERR_MINIMALIF);
              if (t.size() == 1 && d[0] != 1) FAIL(BSML_ERR_MINIMALIF);
            }
            value = cast_to_bool(d, t.size());
            if (opcode == BSML_OP_NOTIF) value = !value;
            --n;
          }
          if (first_false < 0 && !value) first_false = cond_size;
          ++cond_size;
          slow = first_false < 0 ? kChecked : std::uint8_t(kChecked | kSkip);
          break;
        }

        case BSML_OP_ELSE:
          if (cond_size == 0) FAIL(BSML_ERR_UNBALANCED_CONDITIONAL);
          if (first_false < 0) first_false = cond_size - 1;
          else if (first_false == cond_size - 1) first_false = -1;
          slow = first_false < 0 ? kChecked : std::uint8_t(kChecked | kSkip);
          break;

        case BSML_OP_ENDIF:
          if (cond_size == 0) FAIL(BSML_ERR_UNBALANCED_CONDITIONAL);
          --cond_size;
          if (first_false == cond_size) first_false = -1;
          slow = first_false < 0 ? kChecked : std::uint8_t(kChecked | kSkip);
          break;

        case BSML_OP_VERIFY:
          NEED(1);
          if (!cast_to_bool(st[n - 1].data(), st[n - 1].size())) FAIL(BSML_ERR_VERIFY);
          --n;
          break;

        case BSML_OP_RETURN:
          FAIL(BSML_ERR_OP_RETURN);

        case BSML_OP_TOALTSTACK:
          NEED(1);
          st[kTop - alt] = st[n - 1];
          ++alt;
          --n;
          break;

        case BSML_OP_FROMALTSTACK:
          if (alt < 1) FAIL(BSML_ERR_INVALID_ALTSTACK_OPERATION);
          --alt;
          st[n++] = st[kTop - alt];
          break;

        case BSML_OP_2DROP:
          NEED(2);
          n -= 2;
          break;

        case BSML_OP_2DUP: {
          NEED(2);
          const Item x = st[n - 2];
          const Item y = st[n - 1];
          PUSH(x);
          PUSH(y);
          break;
        }

        case BSML_OP_3DUP: {
          NEED(3);
          const Item x = st[n - 3];
          const Item y = st[n - 2];
          const Item z = st[n - 1];
          PUSH(x);
          PUSH(y);
          PUSH(z);
          break;
        }

        case BSML_OP_2OVER: {
          NEED(4);
          const Item x = st[n - 4];
          const Item y = st[n - 3];
          PUSH(x);
          PUSH(y);
          break;
        }

        case BSML_OP_2ROT: {
          NEED(6);
          const Item x = st[n - 6];
          const Item y = st[n - 5];
          std::memmove(st + n - 6, st + n - 4, 4 * sizeof(Item));
          st[n - 2] = x;
          st[n - 1] = y;
          break;
        }

        case BSML_OP_2SWAP: {
          NEED(4);
          const Item x = st[n - 4];
          const Item y = st[n - 3];
          st[n - 4] = st[n - 2];
          st[n - 3] = st[n - 1];
          st[n - 2] = x;
          st[n - 1] = y;
          break;
        }

        case BSML_OP_IFDUP: {
          NEED(1);
          const Item v = st[n - 1];
          if (cast_to_bool(v.data(), v.size())) PUSH(v);
          break;
        }

        case BSML_OP_DEPTH:
          PUSH_NUM(std::int64_t(n));
          break;

        case BSML_OP_DROP:
          NEED(1);
          --n;
          break;

        case BSML_OP_DUP: {
          NEED(1);
          const Item v = st[n - 1];
          PUSH(v);
          break;
        }

        case BSML_OP_NIP:
          NEED(2);
          st[n - 2] = st[n - 1];
          --n;
          break;

        case BSML_OP_OVER: {
          NEED(2);
          const Item v = st[n - 2];
          PUSH(v);
          break;
        }

        case BSML_OP_PICK:
        case BSML_OP_ROLL: {
          NEED(2);
          std::int64_t k;
          NUM(st[n - 1], k);
          k = clamp_int32(k);
          --n;
          if (k < 0 || std::size_t(k) >= n) FAIL(BSML_ERR_INVALID_STACK_OPERATION);
          const std::size_t idx = n - std::size_t(k) - 1;
          const Item v = st[idx];
          if (opcode == BSML_OP_ROLL) {
            std::memmove(st + idx, st + idx + 1, std::size_t(k) * sizeof(Item));
            --n;
          }
          PUSH(v);
          break;
        }

        case BSML_OP_ROT: {
          NEED(3);
          const Item x = st[n - 3];
          st[n - 3] = st[n - 2];
          st[n - 2] = st[n - 1];
          st[n - 1] = x;
          break;
        }

        case BSML_OP_SWAP: {
          NEED(2);
          const Item x = st[n - 2];
          st[n - 2] = st[n - 1];
          st[n - 1] = x;
          break;
        }

        case BSML_OP_TUCK: {
          NEED(2);
          if (n + alt >= kAreaCapacity) FAIL(BSML_ERR_UNKNOWN_ERROR);
          const Item v = st[n - 1];
          st[n] = st[n - 1];
          st[n - 1] = st[n - 2];
          st[n - 2] = v;
          ++n;
          break;
        }

        case BSML_OP_SIZE:
          NEED(1);
          PUSH_NUM(std::int64_t(st[n - 1].size()));
          break;

        case BSML_OP_EQUAL:
        case BSML_OP_EQUALVERIFY: {
          NEED(2);
          const bool equal = same_bytes(st[n - 2], st[n - 1]);
          --n;
          set_bool(st[n - 1], equal);
          if (opcode == BSML_OP_EQUALVERIFY) {
            if (!equal) FAIL(BSML_ERR_EQUALVERIFY);
            --n;
          }
          break;
        }

        // Numeric opcodes, one case each (a shared body would dispatch a second time).
#define UNARY(OPC, EXPR)      \
  case OPC: {                 \
    NEED(1);                  \
    std::int64_t bn;          \
    NUM(st[n - 1], bn);       \
    set_num(st[n - 1], EXPR); \
    break;                    \
  }
        UNARY(BSML_OP_1ADD, bn + 1)
        UNARY(BSML_OP_1SUB, bn - 1)
        UNARY(BSML_OP_NEGATE, -bn)
        UNARY(BSML_OP_ABS, bn < 0 ? -bn : bn)
        UNARY(BSML_OP_NOT, bn == 0 ? 1 : 0)
        UNARY(BSML_OP_0NOTEQUAL, bn != 0 ? 1 : 0)
#undef UNARY

#define BINARY(OPC, EXPR)     \
  case OPC: {                 \
    NEED(2);                  \
    std::int64_t x, y;        \
    NUM(st[n - 2], x);        \
    NUM(st[n - 1], y);        \
    --n;                      \
    set_num(st[n - 1], EXPR); \
    break;                    \
  }
        BINARY(BSML_OP_ADD, x + y)
        BINARY(BSML_OP_SUB, x - y)
        BINARY(BSML_OP_BOOLAND, x != 0 && y != 0)
        BINARY(BSML_OP_BOOLOR, x != 0 || y != 0)
        BINARY(BSML_OP_NUMEQUAL, x == y)
        BINARY(BSML_OP_NUMNOTEQUAL, x != y)
        BINARY(BSML_OP_LESSTHAN, x < y)
        BINARY(BSML_OP_GREATERTHAN, x > y)
        BINARY(BSML_OP_LESSTHANOREQUAL, x <= y)
        BINARY(BSML_OP_GREATERTHANOREQUAL, x >= y)
        BINARY(BSML_OP_MIN, x < y ? x : y)
        BINARY(BSML_OP_MAX, x > y ? x : y)
#undef BINARY

        case BSML_OP_NUMEQUALVERIFY: {
          NEED(2);
          std::int64_t x, y;
          NUM(st[n - 2], x);
          NUM(st[n - 1], y);
          --n;
          set_num(st[n - 1], x == y);
          if (x != y) FAIL(BSML_ERR_NUMEQUALVERIFY);
          --n;
          break;
        }

        case BSML_OP_WITHIN: {
          NEED(3);
          std::int64_t x, lo, hi;
          NUM(st[n - 3], x);
          NUM(st[n - 2], lo);
          NUM(st[n - 1], hi);
          n -= 2;
          set_bool(st[n - 1], lo <= x && x < hi);
          break;
        }

        case BSML_OP_RIPEMD160: case BSML_OP_SHA1: case BSML_OP_SHA256: case BSML_OP_HASH160:
        case BSML_OP_HASH256: {
          NEED(1);
          const Item& v = st[n - 1];
          Item h;
          h.kind = kInlineBytes;
          std::uint8_t tmp[32];
          if (opcode == BSML_OP_RIPEMD160) {
            ripemd160(v.data(), v.size(), h.u.buf);
            h.len = 20;
          } else if (opcode == BSML_OP_SHA1) {
            sha1(v.data(), v.size(), h.u.buf);
            h.len = 20;
          } else if (opcode == BSML_OP_SHA256) {
            sha256(v.data(), v.size(), h.u.buf);
            h.len = 32;
          } else if (opcode == BSML_OP_HASH160) {
            sha256(v.data(), v.size(), tmp);
            ripemd160(tmp, 32, h.u.buf);
            h.len = 20;
          } else {
            sha256(v.data(), v.size(), tmp);
            sha256(tmp, 32, h.u.buf);
            h.len = 32;
          }
          st[n - 1] = h;
          break;
        }

        case BSML_OP_CODESEPARATOR:
          begin_code_hash = pc;
          ed.code_separator_pos = opcode_pos;
          break;

        case BSML_OP_CHECKSIG:
        case BSML_OP_CHECKSIGVERIFY:
        case BSML_OP_CHECKSIGADD: {
          const bool add = opcode == BSML_OP_CHECKSIGADD;
          if (add && legacy) FAIL(BSML_ERR_BAD_OPCODE);
          NEED(add ? 3u : 2u);
          const Item& sig = st[n - (add ? 3 : 2)];
          const Item& pk = st[n - 1];
          std::int64_t add_n = 0;
          if (add) NUM(st[n - 2], add_n);
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
            n -= 2;
            set_num(st[n - 1], add_n + (ok ? 1 : 0));
          } else {
            --n;
            set_bool(st[n - 1], ok);
            if (opcode == BSML_OP_CHECKSIGVERIFY) {
              if (!ok) FAIL(BSML_ERR_CHECKSIGVERIFY);
              --n;
            }
          }
          break;
        }

        case BSML_OP_CHECKMULTISIG:
        case BSML_OP_CHECKMULTISIGVERIFY: {
          if (sigversion == BSML_SIGVERSION_TAPSCRIPT) FAIL(BSML_ERR_TAPSCRIPT_CHECKMULTISIG);
          std::size_t i = 1;
          NEED(i);
          std::int64_t keys;
          NUM(st[n - i], keys);
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
          NUM(st[n - i], sigs);
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
              const Item& sig = st[n - isig - std::size_t(k)];
              std::uint8_t head[5];
              const std::size_t hn = push_header(sig.size(), head);
              const std::size_t found = find_and_delete(ctx.script_code, &code_n, head, hn, sig.data(), sig.size());
              if (found > 0 && (flags & BSML_FLAG_CONST_SCRIPTCODE)) FAIL(BSML_ERR_SIG_FINDANDDELETE);
            }
          }

          bool success = true;
          while (success && sigs > 0) {
            const Item& sig = st[n - isig];
            const Item& pk = st[n - ikey];
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
            if (!success && (flags & BSML_FLAG_NULLFAIL) && !ikey2 && st[n - 1].size()) FAIL(BSML_ERR_SIG_NULLFAIL);
            if (ikey2 > 0) --ikey2;
            --n;
          }
          NEED(1);
          if ((flags & BSML_FLAG_NULLDUMMY) && st[n - 1].size()) FAIL(BSML_ERR_SIG_NULLDUMMY);
          set_bool(st[n - 1], success);
          if (opcode == BSML_OP_CHECKMULTISIGVERIFY) {
            if (!success) FAIL(BSML_ERR_CHECKMULTISIGVERIFY);
            --n;
          }
          break;
        }

        default:
          FAIL(BSML_ERR_BAD_OPCODE);
      }
    }

    if (n + alt > BSML_MAX_STACK_SIZE) FAIL(BSML_ERR_STACK_SIZE);
  }

  if (cond_size != 0) FAIL(BSML_ERR_UNBALANCED_CONDITIONAL);
  FAIL(BSML_ERR_OK);
#undef FAIL
#undef NEED
#undef PUSH
#undef PUSH_NUM
#undef NUM
}

}  // namespace bsml
