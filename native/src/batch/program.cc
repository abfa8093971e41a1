// Script -> lane program. Walks the script once with a symbolic stack (values, not bytes); IF
// branches are compiled both, each under its lane mask, and merged with selects at ENDIF. Any
// construct whose outcome would not be the same static shape for every lane declines the script.
#include "program.h"

#include <algorithm>
#include <limits>
#include <unordered_set>

#include "../script.h"
#include "codes.h"
#include "numbers.h"

namespace bsml {
namespace batch {
namespace {

constexpr int64_t kMaxOperand = 0x7fffffff;  // a 4-byte script number's largest magnitude
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int kBase = 0, kWitnessV0 = 1, kTapscript = 3;

int64_t sat_add(int64_t a, int64_t b) {
  if (b > 0 && a > kMax - b) return kMax;
  if (b < 0 && a < kMin - b) return kMin;
  return a + b;
}
int64_t sat_neg(int64_t a) { return a == kMin ? kMax : -a; }
// Constant folding wraps like the kernels: a folded constant out of the 4-byte operand range has
// already failed its lanes (need_num), so its value is never read, but computing it must not be UB.
int64_t wrap_add(int64_t a, int64_t b) { return int64_t(uint64_t(a) + uint64_t(b)); }
int64_t wrap_neg(int64_t a) { return int64_t(uint64_t(0) - uint64_t(a)); }

/** Length of the minimal encoding of v. */
int64_t encoded_size(int64_t v) {
  uint64_t m = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
  int64_t n = 0;
  while (m) {
    n++;
    if (m < 0x80) break;
    m >>= 8;
    if (m == 0) n++;  // the top byte had its high bit set: one more byte for the sign
  }
  return n;
}

struct Val {
  bool is_const;
  bool materialized;
  int64_t c;
  int64_t lo, hi;  // the value's range on every lane that ends up not bad
};

struct Frame {
  uint32_t parent, then_mask, else_mask;
  std::vector<uint32_t> entry_st, entry_alt, then_st, then_alt;
  bool seen_else = false;
};

struct Declined {
  std::string why;
};

class Compiler {
 public:
  Compiler(Program& p) : p_(p) {}

  void run(const uint8_t* s, size_t n) {
    const bool legacy = p_.sigversion == kBase || p_.sigversion == kWitnessV0;
    if (p_.sigversion != kBase && p_.sigversion != kWitnessV0 && p_.sigversion != kTapscript)
      throw Declined{"unsupported sigversion"};
    if (legacy && n > BSML_MAX_SCRIPT_SIZE) throw Declined{"script larger than 10000 bytes"};
    if (p_.input_depth > BSML_MAX_STACK_SIZE) throw Declined{"initial stack above 1000 items"};
    if (p_.sigversion == kTapscript) {
      for (size_t pc = 0; pc < n;) {
        Instruction ins;
        if (!read_instruction(s, n, pc, ins)) throw Declined{"truncated push"};
        if (is_op_success(ins.opcode)) throw Declined{"tapscript with OP_SUCCESSx"};
        pc = ins.end;
      }
    }
    root_ = constant(-1, -1, 0);
    materialize(root_);
    mask_ = root_;
    for (size_t i = 0; i < p_.input_depth; i++) {
      uint32_t v = new_val(false, 0, kMin, kMax);
      vals_[v].materialized = true;
      input_vals_.push_back(v);
      st_.push_back(v);
    }
    const bool minimal = (p_.flags & BSML_FLAG_MINIMALDATA) != 0;
    for (size_t pc = 0; pc < n;) {
      Instruction ins;
      if (!read_instruction(s, n, pc, ins)) throw Declined{"truncated push"};
      const uint8_t op = ins.opcode;
      const uint8_t* data = ins.data;
      const size_t len = ins.size;
      where_ = pc;
      pc = ins.end;
      if (op <= BSML_OP_PUSHDATA4 && len > BSML_MAX_SCRIPT_ELEMENT_SIZE) decline("push above 520 bytes");
      // Core's nOpCount: counted (and limited) in BASE and WITNESS_V0 only; 0 in tapscript.
      if (op > BSML_OP_16 && legacy) {
        ++p_.op_count;
        if (p_.op_count > BSML_MAX_OPS_PER_SCRIPT) decline("more than 201 opcodes");
      }
      if (is_disabled(op)) decline("disabled opcode");
      if (op == BSML_OP_CODESEPARATOR && p_.sigversion == kBase && (p_.flags & BSML_FLAG_CONST_SCRIPTCODE))
        decline("OP_CODESEPARATOR under CONST_SCRIPTCODE");
      if (op <= BSML_OP_PUSHDATA4) {
        if (minimal && !is_minimal_push(data, len, op)) decline("non-minimal push");
        int64_t v;
        if (!decode_minimal(data, len, &v)) decline("push of a byte string that is not a minimal number");
        st_.push_back(constant(v, v, v));
      } else {
        step(op);
      }
      if (st_.size() + alt_.size() > BSML_MAX_STACK_SIZE) decline("stack above 1000 items");
    }
    if (!frames_.empty()) decline("unbalanced conditional");
    finish();
  }

 private:
  Program& p_;
  std::vector<Val> vals_;
  std::vector<uint32_t> st_, alt_, input_vals_;
  std::vector<Frame> frames_;
  std::unordered_set<uint64_t> checked_;
  uint32_t root_ = 0, mask_ = 0;
  size_t where_ = 0;

  [[noreturn]] void decline(const char* why) { throw Declined{std::string(why) + " at byte " + std::to_string(where_)}; }

  uint32_t new_val(bool is_const, int64_t c, int64_t lo, int64_t hi) {
    if (vals_.size() >= 0xfff0) decline("lane program too large");
    vals_.push_back(Val{is_const, false, c, lo, hi});
    return uint32_t(vals_.size() - 1);
  }
  uint32_t constant(int64_t c, int64_t lo, int64_t hi) { return new_val(true, c, lo, hi); }
  uint32_t number(int64_t c) { return constant(c, c, c); }

  uint16_t reg(uint32_t v) {
    materialize(v);
    return uint16_t(v);
  }
  void materialize(uint32_t v) {
    Val& x = vals_[v];
    if (x.materialized) return;
    x.materialized = true;
    p_.code.push_back(Ins{K::Const, false, uint16_t(v), 0, 0, 0, 0, x.c});
  }
  uint32_t emit(K kind, uint32_t a, uint32_t b, int64_t lo, int64_t hi, bool b_imm = false, int64_t imm = 0,
                uint32_t c = 0, uint32_t m = 0) {
    uint32_t d = new_val(false, 0, lo, hi);
    vals_[d].materialized = true;
    Ins ins{kind, b_imm, uint16_t(d), reg(a), 0, 0, 0, imm};
    if (!b_imm && (kind != K::Neg && kind != K::Abs && kind != K::Not && kind != K::NotZero && kind != K::MaskTrue &&
                   kind != K::MaskFalse))
      ins.b = reg(b);
    if (kind == K::Within) ins.c = reg(c);
    if (kind == K::Select || kind == K::MaskTrue || kind == K::MaskFalse) ins.m = reg(m);
    p_.code.push_back(ins);
    return d;
  }
  void check(K kind, uint32_t a) { p_.code.push_back(Ins{kind, false, 0, reg(a), 0, 0, reg(mask_), 0}); }
  /** Every active lane fails here. */
  void flag_active() {
    if (mask_ == root_) decline("the script fails for every lane");
    p_.code.push_back(Ins{K::Flag, false, 0, 0, 0, 0, reg(mask_), 0});
  }

  uint32_t pop() {
    if (st_.empty()) decline("stack underflow");
    uint32_t v = st_.back();
    st_.pop_back();
    return v;
  }
  uint32_t at(size_t depth_from_top) {  // 0 = top
    if (st_.size() <= depth_from_top) decline("stack underflow");
    return st_[st_.size() - 1 - depth_from_top];
  }
  void need(size_t n) {
    if (st_.size() < n) decline("stack underflow");
  }

  /** An operand of a numeric opcode: at most 4 bytes on every active lane, or that lane fails. */
  void need_num(uint32_t v) {
    Val& x = vals_[v];
    if (x.is_const) {
      if (x.c < -kMaxOperand || x.c > kMaxOperand) flag_active();
      return;
    }
    if (x.lo >= -kMaxOperand && x.hi <= kMaxOperand) return;
    uint64_t key = (uint64_t(v) << 32) | mask_;
    uint64_t root_key = (uint64_t(v) << 32) | root_;
    if (checked_.count(key) || checked_.count(root_key)) return;
    checked_.insert(key);
    check(K::CheckNum, v);
    if (mask_ == root_) {
      x.lo = std::max(x.lo, -kMaxOperand);
      x.hi = std::min(x.hi, kMaxOperand);
    }
  }
  /** A VERIFY-family condition: a lane where `v` is zero fails. */
  void need_true(uint32_t v) {
    const Val& x = vals_[v];
    if (x.is_const) {
      if (x.c == 0) flag_active();
      return;
    }
    if (x.lo > 0 || x.hi < 0) return;
    check(K::CheckTrue, v);
  }
  bool is_const(uint32_t v) const { return vals_[v].is_const; }
  int64_t cval(uint32_t v) const { return vals_[v].c; }

  uint32_t unary(uint8_t op, uint32_t a) {
    need_num(a);
    const Val x = vals_[a];
    if (x.is_const) {
      int64_t c = x.c;
      switch (op) {
        case BSML_OP_1ADD: return number(wrap_add(c, 1));
        case BSML_OP_1SUB: return number(wrap_add(c, -1));
        case BSML_OP_NEGATE: return number(wrap_neg(c));
        case BSML_OP_ABS: return number(c < 0 ? wrap_neg(c) : c);
        case BSML_OP_NOT: return number(c == 0);
        default: return number(c != 0);
      }
    }
    switch (op) {
      case BSML_OP_1ADD: return emit(K::Add, a, 0, sat_add(x.lo, 1), sat_add(x.hi, 1), true, 1);
      case BSML_OP_1SUB: return emit(K::Sub, a, 0, sat_add(x.lo, -1), sat_add(x.hi, -1), true, 1);
      case BSML_OP_NEGATE: return emit(K::Neg, a, 0, sat_neg(x.hi), sat_neg(x.lo));
      case BSML_OP_ABS: {
        int64_t lo = x.lo >= 0 ? x.lo : (x.hi <= 0 ? sat_neg(x.hi) : 0);
        int64_t hi = x.lo >= 0 ? x.hi : std::max(sat_neg(x.lo), x.hi);
        return emit(K::Abs, a, 0, lo, hi);
      }
      case BSML_OP_NOT: return emit(K::Not, a, 0, 0, 1);
      default: return emit(K::NotZero, a, 0, 0, 1);
    }
  }

  uint32_t binary(uint8_t op, uint32_t a, uint32_t b) {
    need_num(a);
    need_num(b);
    const Val x = vals_[a], y = vals_[b];
    if (x.is_const && y.is_const) {
      int64_t u = x.c, w = y.c, r;
      switch (op) {
        case BSML_OP_ADD: r = wrap_add(u, w); break;
        case BSML_OP_SUB: r = wrap_add(u, wrap_neg(w)); break;
        case BSML_OP_BOOLAND: r = u != 0 && w != 0; break;
        case BSML_OP_BOOLOR: r = u != 0 || w != 0; break;
        case BSML_OP_NUMEQUAL: case BSML_OP_NUMEQUALVERIFY: r = u == w; break;
        case BSML_OP_NUMNOTEQUAL: r = u != w; break;
        case BSML_OP_LESSTHAN: r = u < w; break;
        case BSML_OP_GREATERTHAN: r = u > w; break;
        case BSML_OP_LESSTHANOREQUAL: r = u <= w; break;
        case BSML_OP_GREATERTHANOREQUAL: r = u >= w; break;
        case BSML_OP_MIN: r = u < w ? u : w; break;
        default: r = u > w ? u : w; break;
      }
      return number(r);
    }
    K kind;
    int64_t lo = 0, hi = 1;
    bool commutes = true;
    switch (op) {
      case BSML_OP_ADD: kind = K::Add; lo = sat_add(x.lo, y.lo); hi = sat_add(x.hi, y.hi); break;
      case BSML_OP_SUB: kind = K::Sub; lo = sat_add(x.lo, sat_neg(y.hi)); hi = sat_add(x.hi, sat_neg(y.lo)); commutes = false; break;
      case BSML_OP_BOOLAND: kind = K::BoolAnd; break;
      case BSML_OP_BOOLOR: kind = K::BoolOr; break;
      case BSML_OP_NUMEQUAL: case BSML_OP_NUMEQUALVERIFY: kind = K::Eq; break;
      case BSML_OP_NUMNOTEQUAL: kind = K::Ne; break;
      case BSML_OP_LESSTHAN: kind = K::Lt; commutes = false; break;
      case BSML_OP_GREATERTHAN: kind = K::Gt; commutes = false; break;
      case BSML_OP_LESSTHANOREQUAL: kind = K::Le; commutes = false; break;
      case BSML_OP_GREATERTHANOREQUAL: kind = K::Ge; commutes = false; break;
      case BSML_OP_MIN: kind = K::Min; lo = std::min(x.lo, y.lo); hi = std::min(x.hi, y.hi); break;
      default: kind = K::Max; lo = std::max(x.lo, y.lo); hi = std::max(x.hi, y.hi); break;
    }
    if (y.is_const) return emit(kind, a, 0, lo, hi, true, y.c);
    if (x.is_const && commutes) return emit(kind, b, 0, lo, hi, true, x.c);
    return emit(kind, a, b, lo, hi);
  }

  void step(uint8_t op) {
    switch (op) {
      case BSML_OP_1NEGATE: st_.push_back(number(-1)); return;
      case BSML_OP_NOP: return;
      case BSML_OP_CHECKLOCKTIMEVERIFY:
        if (p_.flags & BSML_FLAG_CHECKLOCKTIMEVERIFY) decline("CHECKLOCKTIMEVERIFY");
        return;
      case BSML_OP_CHECKSEQUENCEVERIFY:
        if (p_.flags & BSML_FLAG_CHECKSEQUENCEVERIFY) decline("CHECKSEQUENCEVERIFY");
        return;
      case BSML_OP_IF: case BSML_OP_NOTIF: {
        uint32_t v = pop();
        const bool minimal_if =
            p_.sigversion == kTapscript || (p_.sigversion == kWitnessV0 && (p_.flags & BSML_FLAG_MINIMALIF));
        if (minimal_if) {
          const Val& x = vals_[v];
          if (x.is_const) {
            if (x.c != 0 && x.c != 1) flag_active();
          } else if (x.lo < 0 || x.hi > 1) {
            check(K::CheckBit, v);
          }
        }
        Frame f;
        f.parent = mask_;
        const bool notif = op == BSML_OP_NOTIF;
        f.then_mask = emit(notif ? K::MaskFalse : K::MaskTrue, v, 0, -1, 0, false, 0, 0, mask_);
        f.else_mask = emit(notif ? K::MaskTrue : K::MaskFalse, v, 0, -1, 0, false, 0, 0, mask_);
        f.entry_st = st_;
        f.entry_alt = alt_;
        mask_ = f.then_mask;
        frames_.push_back(std::move(f));
        return;
      }
      case BSML_OP_ELSE: {
        if (frames_.empty()) decline("unbalanced conditional");
        Frame& f = frames_.back();
        if (f.seen_else) decline("a second ELSE in one IF");
        f.seen_else = true;
        f.then_st = std::move(st_);
        f.then_alt = std::move(alt_);
        st_ = f.entry_st;
        alt_ = f.entry_alt;
        mask_ = f.else_mask;
        return;
      }
      case BSML_OP_ENDIF: {
        if (frames_.empty()) decline("unbalanced conditional");
        Frame f = std::move(frames_.back());
        frames_.pop_back();
        std::vector<uint32_t> then_st, then_alt, else_st, else_alt;
        if (f.seen_else) {
          then_st = std::move(f.then_st);
          then_alt = std::move(f.then_alt);
          else_st = std::move(st_);
          else_alt = std::move(alt_);
        } else {
          then_st = std::move(st_);
          then_alt = std::move(alt_);
          else_st = std::move(f.entry_st);
          else_alt = std::move(f.entry_alt);
        }
        if (then_st.size() != else_st.size() || then_alt.size() != else_alt.size())
          decline("IF branches leave different stack shapes");
        mask_ = f.parent;
        st_ = merge(then_st, else_st, f.then_mask);
        alt_ = merge(then_alt, else_alt, f.then_mask);
        return;
      }
      case BSML_OP_VERIFY: {
        uint32_t v = at(0);
        need_true(v);
        pop();
        return;
      }
      case BSML_OP_TOALTSTACK: alt_.push_back(pop()); return;
      case BSML_OP_FROMALTSTACK:
        if (alt_.empty()) decline("altstack underflow");
        st_.push_back(alt_.back());
        alt_.pop_back();
        return;
      case BSML_OP_2DROP: need(2); st_.resize(st_.size() - 2); return;
      case BSML_OP_2DUP: { need(2); uint32_t a = at(1), b = at(0); st_.push_back(a); st_.push_back(b); return; }
      case BSML_OP_3DUP: {
        need(3);
        uint32_t a = at(2), b = at(1), c = at(0);
        st_.push_back(a); st_.push_back(b); st_.push_back(c);
        return;
      }
      case BSML_OP_2OVER: { need(4); uint32_t a = at(3), b = at(2); st_.push_back(a); st_.push_back(b); return; }
      case BSML_OP_2ROT: {
        need(6);
        size_t n = st_.size();
        uint32_t a = st_[n - 6], b = st_[n - 5];
        st_.erase(st_.begin() + (n - 6), st_.begin() + (n - 4));
        st_.push_back(a);
        st_.push_back(b);
        return;
      }
      case BSML_OP_2SWAP: {
        need(4);
        size_t n = st_.size();
        std::swap(st_[n - 4], st_[n - 2]);
        std::swap(st_[n - 3], st_[n - 1]);
        return;
      }
      case BSML_OP_IFDUP: {
        uint32_t v = at(0);
        if (!is_const(v)) decline("IFDUP of a lane value (data-dependent stack shape)");
        if (cval(v) != 0) st_.push_back(v);
        return;
      }
      case BSML_OP_DEPTH: st_.push_back(number(int64_t(st_.size()))); return;
      case BSML_OP_DROP: pop(); return;
      case BSML_OP_DUP: st_.push_back(at(0)); return;
      case BSML_OP_NIP: { need(2); st_.erase(st_.end() - 2); return; }
      case BSML_OP_OVER: st_.push_back(at(1)); return;
      case BSML_OP_PICK: case BSML_OP_ROLL: {
        need(2);
        uint32_t nv = at(0);
        if (!is_const(nv)) decline("PICK/ROLL with a lane-dependent depth");
        int64_t c = cval(nv);
        if (c < -kMaxOperand || c > kMaxOperand) decline("PICK/ROLL depth is not a 4-byte number");
        pop();
        if (c < 0 || uint64_t(c) >= st_.size()) decline("PICK/ROLL beyond the stack");
        size_t idx = st_.size() - 1 - size_t(c);
        uint32_t v = st_[idx];
        if (op == BSML_OP_ROLL) st_.erase(st_.begin() + idx);
        st_.push_back(v);
        return;
      }
      case BSML_OP_ROT: {
        need(3);
        size_t n = st_.size();
        uint32_t a = st_[n - 3];
        st_.erase(st_.begin() + (n - 3));
        st_.push_back(a);
        return;
      }
      case BSML_OP_SWAP: { need(2); size_t n = st_.size(); std::swap(st_[n - 2], st_[n - 1]); return; }
      case BSML_OP_TUCK: { need(2); uint32_t t = at(0); st_.insert(st_.end() - 2, t); return; }
      case BSML_OP_SIZE: {
        uint32_t v = at(0);
        if (!is_const(v)) decline("SIZE of a lane value");
        st_.push_back(number(encoded_size(cval(v))));
        return;
      }
      case BSML_OP_EQUAL: case BSML_OP_EQUALVERIFY: {
        need(2);
        uint32_t b = pop(), a = pop();
        uint32_t r;
        if (a == b) r = number(1);
        else if (is_const(a) && is_const(b)) r = number(cval(a) == cval(b));
        else if (is_const(b)) r = emit(K::Eq, a, 0, 0, 1, true, cval(b));
        else if (is_const(a)) r = emit(K::Eq, b, 0, 0, 1, true, cval(a));
        else r = emit(K::Eq, a, b, 0, 1);
        if (op == BSML_OP_EQUALVERIFY) need_true(r);
        else st_.push_back(r);
        return;
      }
      case BSML_OP_1ADD: case BSML_OP_1SUB: case BSML_OP_NEGATE: case BSML_OP_ABS: case BSML_OP_NOT:
      case BSML_OP_0NOTEQUAL: {
        uint32_t a = at(0);
        uint32_t r = unary(op, a);
        pop();
        st_.push_back(r);
        return;
      }
      case BSML_OP_ADD: case BSML_OP_SUB: case BSML_OP_BOOLAND: case BSML_OP_BOOLOR: case BSML_OP_NUMEQUAL:
      case BSML_OP_NUMEQUALVERIFY: case BSML_OP_NUMNOTEQUAL: case BSML_OP_LESSTHAN: case BSML_OP_GREATERTHAN:
      case BSML_OP_LESSTHANOREQUAL: case BSML_OP_GREATERTHANOREQUAL: case BSML_OP_MIN: case BSML_OP_MAX: {
        need(2);
        uint32_t a = at(1), b = at(0);
        uint32_t r = binary(op, a, b);
        pop();
        pop();
        if (op == BSML_OP_NUMEQUALVERIFY) need_true(r);
        else st_.push_back(r);
        return;
      }
      case BSML_OP_WITHIN: {
        need(3);
        uint32_t x = at(2), lo = at(1), hi = at(0);
        need_num(x);
        need_num(lo);
        need_num(hi);
        uint32_t r;
        if (is_const(x) && is_const(lo) && is_const(hi)) r = number(cval(lo) <= cval(x) && cval(x) < cval(hi));
        else r = emit(K::Within, x, lo, 0, 1, false, 0, hi);
        st_.resize(st_.size() - 3);
        st_.push_back(r);
        return;
      }
      case BSML_OP_NOP1: case BSML_OP_NOP4: case 0xb4: case 0xb5: case 0xb6: case 0xb7: case 0xb8: case BSML_OP_NOP10:
        if (p_.flags & BSML_FLAG_DISCOURAGE_UPGRADABLE_NOPS) decline("upgradable NOP under DISCOURAGE_UPGRADABLE_NOPS");
        return;
      case BSML_OP_CODESEPARATOR: return;  // only matters to signature hashing
      default:
        if (op >= BSML_OP_1 && op <= BSML_OP_16) {
          st_.push_back(number(op - BSML_OP_1 + 1));
          return;
        }
        decline("opcode outside the vector subset");
    }
  }

  std::vector<uint32_t> merge(const std::vector<uint32_t>& t, const std::vector<uint32_t>& e, uint32_t then_mask) {
    std::vector<uint32_t> out(t.size());
    for (size_t i = 0; i < t.size(); i++) {
      uint32_t a = t[i], b = e[i];
      if (a == b || (is_const(a) && is_const(b) && cval(a) == cval(b))) {
        out[i] = a;
        continue;
      }
      int64_t lo = std::min(vals_[a].lo, vals_[b].lo), hi = std::max(vals_[a].hi, vals_[b].hi);
      out[i] = emit(K::Select, a, b, lo, hi, false, 0, 0, then_mask);
    }
    return out;
  }

  /** Dead-code elimination, then register allocation by linear scan. */
  void finish() {
    const size_t nv = vals_.size();
    std::vector<char> live(nv, 0);
    auto out_slot = [&](uint32_t v) {
      OutSlot s{vals_[v].is_const, 0, vals_[v].c};
      if (!s.is_const) live[v] = 1;
      return std::make_pair(s, v);
    };
    std::vector<std::pair<OutSlot, uint32_t>> outs;
    for (uint32_t v : st_) outs.push_back(out_slot(v));
    for (uint32_t v : alt_) outs.push_back(out_slot(v));
    std::vector<Ins> code;
    std::vector<char> keep(p_.code.size(), 0);
    auto reads = [](const Ins& in, uint16_t* r) {
      int n = 0;
      switch (in.kind) {
        case K::Const: break;
        case K::Neg: case K::Abs: case K::Not: case K::NotZero: r[n++] = in.a; break;
        case K::MaskTrue: case K::MaskFalse: r[n++] = in.a; r[n++] = in.m; break;
        case K::CheckNum: case K::CheckTrue: case K::CheckBit: r[n++] = in.a; r[n++] = in.m; break;
        case K::Flag: r[n++] = in.m; break;
        case K::Select: r[n++] = in.a; r[n++] = in.b; r[n++] = in.m; break;
        case K::Within: r[n++] = in.a; r[n++] = in.b; r[n++] = in.c; break;
        default: r[n++] = in.a; if (!in.imm_b) r[n++] = in.b; break;
      }
      return n;
    };
    auto has_effect = [](K k) { return k == K::CheckNum || k == K::CheckTrue || k == K::CheckBit || k == K::Flag; };
    for (size_t i = p_.code.size(); i-- > 0;) {
      const Ins& in = p_.code[i];
      if (!has_effect(in.kind) && !live[in.d]) continue;
      keep[i] = 1;
      uint16_t r[4];
      int n = reads(in, r);
      for (int j = 0; j < n; j++) live[r[j]] = 1;
    }
    for (size_t i = 0; i < p_.code.size(); i++)
      if (keep[i]) code.push_back(p_.code[i]);
    // Last use of each value (outputs live to the end).
    const size_t END = code.size() + 1;
    std::vector<size_t> last(nv, 0);
    for (size_t i = 0; i < code.size(); i++) {
      uint16_t r[4];
      int n = reads(code[i], r);
      for (int j = 0; j < n; j++) last[r[j]] = i;
    }
    for (auto& o : outs)
      if (!o.first.is_const) last[o.second] = END;
    std::vector<int> phys(nv, -1);
    std::vector<uint16_t> free_regs;
    size_t count = 0;
    auto alloc = [&]() -> uint16_t {
      if (!free_regs.empty()) {
        uint16_t r = free_regs.back();
        free_regs.pop_back();
        return r;
      }
      return uint16_t(count++);
    };
    p_.inputs.assign(input_vals_.size(), 0xffff);
    for (size_t i = 0; i < input_vals_.size(); i++) {
      uint32_t v = input_vals_[i];
      if (!live[v]) continue;
      phys[v] = alloc();
      p_.inputs[i] = uint16_t(phys[v]);
    }
    for (size_t i = 0; i < code.size(); i++) {
      Ins& in = code[i];
      uint16_t r[4];
      int n = reads(in, r);
      // Free operands whose last use is here (the destination may reuse one: kernels read first).
      for (int j = 0; j < n; j++) {
        if (last[r[j]] == i && phys[r[j]] >= 0) {
          bool dup = false;
          for (int k = 0; k < j; k++) dup |= r[k] == r[j];
          if (!dup) free_regs.push_back(uint16_t(phys[r[j]]));
        }
      }
      auto map = [&](uint16_t& x) { x = uint16_t(phys[x]); };
      switch (in.kind) {
        case K::Const: break;
        case K::Neg: case K::Abs: case K::Not: case K::NotZero: map(in.a); break;
        case K::MaskTrue: case K::MaskFalse: case K::CheckNum: case K::CheckTrue: case K::CheckBit:
          map(in.a); map(in.m); break;
        case K::Flag: map(in.m); break;
        case K::Select: map(in.a); map(in.b); map(in.m); break;
        case K::Within: map(in.a); map(in.b); map(in.c); break;
        default: map(in.a); if (!in.imm_b) map(in.b); break;
      }
      if (!has_effect(in.kind)) {
        uint16_t d = alloc();
        phys[in.d] = d;
        in.d = d;
      }
    }
    p_.code = std::move(code);
    p_.registers = std::max<size_t>(count, 1);
    p_.root = uint16_t(phys[root_] >= 0 ? phys[root_] : 0);
    p_.stack.clear();
    p_.altstack.clear();
    for (size_t i = 0; i < outs.size(); i++) {
      OutSlot s = outs[i].first;
      if (!s.is_const) s.reg = uint16_t(phys[outs[i].second]);
      (i < st_.size() ? p_.stack : p_.altstack).push_back(s);
    }
  }
};

}  // namespace

Program compile(const uint8_t* script, size_t size, int sigversion, uint32_t flags, size_t depth) {
  Program p;
  p.sigversion = sigversion;
  p.flags = flags;
  p.input_depth = depth;
  Compiler c(p);
  try {
    c.run(script, size);
  } catch (const Declined& d) {
    Program q;
    q.sigversion = sigversion;
    q.flags = flags;
    q.input_depth = depth;
    q.declined = d.why.empty() ? "declined" : d.why;
    return q;
  }
  return p;
}

}  // namespace batch
}  // namespace bsml
