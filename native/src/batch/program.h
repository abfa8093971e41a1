// The lane program: a script compiled for lockstep evaluation over many lanes.
//
// Stack shuffles (DUP, SWAP, PICK n, ROLL n, TOALTSTACK, ...) are resolved at compile time: the
// compiler keeps a symbolic stack of values and emits instructions only for what computes. Each
// instruction reads and writes registers: columns of int64 lane values (an item is always the
// minimal encoding of its value). Masks are registers holding -1 (lane active) or 0. Consensus
// checks that can differ per lane set a lane's "bad" bit; bad lanes are re-run by a scalar engine.
#ifndef BSML_BATCH_PROGRAM_H
#define BSML_BATCH_PROGRAM_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bsml {
namespace batch {

/** Kernel instruction kinds. `b` may be an immediate (Ins::imm_b). */
enum class K : uint8_t {
  Const,     // d = imm
  Add,       // d = a + b
  Sub,       // d = a - b
  Neg,       // d = -a
  Abs,       // d = |a|
  Not,       // d = (a == 0)
  NotZero,   // d = (a != 0)
  BoolAnd,   // d = (a != 0 && b != 0)
  BoolOr,    // d = (a != 0 || b != 0)
  Eq,        // d = (a == b)
  Ne,        // d = (a != b)
  Lt,        // d = (a < b)
  Gt,        // d = (a > b)
  Le,        // d = (a <= b)
  Ge,        // d = (a >= b)
  Min,       // d = min(a, b)
  Max,       // d = max(a, b)
  Within,    // d = (b <= a && a < c)
  Select,    // d = m ? a : b            (m = mask register)
  MaskTrue,  // d = m & (a != 0)         (mask)
  MaskFalse, // d = m & (a == 0)         (mask)
  CheckNum,  // bad |= m & (|a| > 2^31-1)  (operand wider than 4 bytes: SCRIPTNUM)
  CheckTrue, // bad |= m & (a == 0)        (VERIFY-family failure)
  CheckBit,  // bad |= m & (a != 0 && a != 1)  (MINIMALIF argument other than empty / 0x01)
  Flag,      // bad |= m                   (a static failure of every active lane)
};

/** One kernel instruction. Register numbers index columns of the chunk's register file. */
struct Ins {
  K kind;
  bool imm_b;      // b is the immediate `imm`
  uint16_t d, a, b, c, m;
  int64_t imm;
};

/** A final stack slot: a register or a compile-time constant. */
struct OutSlot {
  bool is_const;
  uint16_t reg;
  int64_t value;
};

/** A compiled script. */
struct Program {
  /** Empty when the vector path runs this script; else why it was declined. */
  std::string declined;
  int sigversion = 0;
  uint32_t flags = 0;
  size_t input_depth = 0;
  /** Registers the initial stack is loaded into (bottom first). */
  std::vector<uint16_t> inputs;
  std::vector<Ins> code;
  /** Register count of the register file. */
  size_t registers = 0;
  /** The root mask register (all lanes active). */
  uint16_t root = 0;
  std::vector<OutSlot> stack;
  std::vector<OutSlot> altstack;
  uint32_t op_count = 0;
};

/** Compiles a script (see bsml_batch_compile). Never throws except std::bad_alloc. */
Program compile(const uint8_t* script, size_t size, int sigversion, uint32_t flags, size_t depth);

}  // namespace batch
}  // namespace bsml

#endif
