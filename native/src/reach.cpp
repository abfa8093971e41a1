// bsml_stack_reach: how deep into its initial stack a script can reach, found from the script
// alone. Lets a binding leave out the bytes of initial items the evaluation never looks at (a
// large stack passed through untouched), and still hand back exactly what the script left.
//
// Every opcode touches (reads, copies, moves or pops) a fixed number of items at the top of the
// stack, except PICK / ROLL (a computed depth) and CHECKMULTISIG (computed counts). An initial item
// no opcode touches stays in its slot, unread, to the end. The walk follows the script's stack
// height relative to the initial top, taking the lowest height any path may have: both ways of
// every IF (and each run between ELSEs), and every opcode as if it ran (an opcode that fails or is
// skipped touches less, never more).
#include <cstdint>

#include "bsml/bsml.h"
#include "script.h"
#include "tables.h"

namespace bsml {
namespace {

// Items an opcode touches at the top and the lowest change of the stack height it makes; touch
// < 0: not bounded from the script alone. Opcodes that always fail when run (disabled, BAD,
// RETURN) or never touch the stack count as {0, 0}; pushes as {0, 1}.
struct Effect {
  std::int8_t touch;
  std::int8_t net;
};

constexpr Effect effect_of(int op) {
  if (op <= BSML_OP_16 && op != BSML_OP_RESERVED) return {0, 1};  // pushes, OP_1NEGATE, OP_1..OP_16
  switch (op) {
    case BSML_OP_CHECKLOCKTIMEVERIFY: case BSML_OP_CHECKSEQUENCEVERIFY: return {1, 0};
    case BSML_OP_IF: case BSML_OP_NOTIF: return {1, -1};  // walked by bsml_stack_reach itself
    case BSML_OP_VERIFY: return {1, -1};
    case BSML_OP_TOALTSTACK: return {1, -1};
    case BSML_OP_FROMALTSTACK: return {0, 1};
    case BSML_OP_2DROP: return {2, -2};
    case BSML_OP_2DUP: return {2, 2};
    case BSML_OP_3DUP: return {3, 3};
    case BSML_OP_2OVER: return {4, 2};
    case BSML_OP_2ROT: return {6, 0};
    case BSML_OP_2SWAP: return {4, 0};
    case BSML_OP_IFDUP: return {1, 0};  // 0 or +1: the lower
    case BSML_OP_DEPTH: return {0, 1};
    case BSML_OP_DROP: return {1, -1};
    case BSML_OP_DUP: return {1, 1};
    case BSML_OP_NIP: return {2, -1};
    case BSML_OP_OVER: return {2, 1};
    case BSML_OP_PICK: case BSML_OP_ROLL: return {-1, 0};  // walked by bsml_stack_reach itself
    case BSML_OP_ROT: return {3, 0};
    case BSML_OP_SWAP: return {2, 0};
    case BSML_OP_TUCK: return {2, 1};
    case BSML_OP_SIZE: return {1, 1};
    case BSML_OP_EQUAL: return {2, -1};
    case BSML_OP_EQUALVERIFY: return {2, -2};
    case BSML_OP_1ADD: case BSML_OP_1SUB: case BSML_OP_NEGATE: case BSML_OP_ABS: case BSML_OP_NOT:
    case BSML_OP_0NOTEQUAL: return {1, 0};
    case BSML_OP_ADD: case BSML_OP_SUB: case BSML_OP_BOOLAND: case BSML_OP_BOOLOR: case BSML_OP_NUMEQUAL:
    case BSML_OP_NUMNOTEQUAL: case BSML_OP_LESSTHAN: case BSML_OP_GREATERTHAN: case BSML_OP_LESSTHANOREQUAL:
    case BSML_OP_GREATERTHANOREQUAL: case BSML_OP_MIN: case BSML_OP_MAX: return {2, -1};
    case BSML_OP_NUMEQUALVERIFY: return {2, -2};
    case BSML_OP_WITHIN: return {3, -2};
    case BSML_OP_RIPEMD160: case BSML_OP_SHA1: case BSML_OP_SHA256: case BSML_OP_HASH160: case BSML_OP_HASH256:
      return {1, 0};
    case BSML_OP_CHECKSIG: return {2, -1};
    case BSML_OP_CHECKSIGVERIFY: return {2, -2};
    case BSML_OP_CHECKSIGADD: return {3, -2};
    case BSML_OP_CHECKMULTISIG: case BSML_OP_CHECKMULTISIGVERIFY: return {-1, 0};
    default: return {0, 0};  // NOPs, OP_CODESEPARATOR, ELSE / ENDIF (walked), and opcodes that fail when run
  }
}

struct EffectTable {
  Effect e[256];
};
constexpr EffectTable make_effects() {
  EffectTable t{};
  for (int op = 0; op < 256; ++op) t.e[op] = tables::kOpcodeDisabled[op] ? Effect{0, 0} : effect_of(op);
  return t;
}
constexpr EffectTable kEffects = make_effects();

// The number a push instruction leaves (what PICK / ROLL read right after it), when it fits 4 bytes.
bool pushed_number(const Instruction& ins, std::int64_t& v) {
  if (ins.opcode == BSML_OP_1NEGATE) return v = -1, true;
  if (ins.opcode >= BSML_OP_1 && ins.opcode <= BSML_OP_16) return v = ins.opcode - (BSML_OP_1 - 1), true;
  if (ins.opcode > BSML_OP_PUSHDATA4 || ins.size > 4) return false;
  // Little-endian magnitude with the sign in the top bit of the last byte (non-minimal allowed:
  // when MINIMALDATA rejects it the opcode fails, touching less).
  std::uint64_t m = 0;
  for (std::size_t i = 0; i < ins.size; ++i) m |= std::uint64_t(ins.data[i]) << (8 * i);
  if (ins.size && (ins.data[ins.size - 1] & 0x80)) {
    m &= ~(std::uint64_t(0x80) << (8 * (ins.size - 1)));
    v = -std::int64_t(m);
  } else {
    v = std::int64_t(m);
  }
  return true;
}

}  // namespace
}  // namespace bsml

extern "C" size_t bsml_stack_reach(bsml_bytes script, int sigversion, uint32_t flags) {
  using namespace bsml;
  (void)flags;  // every flag-dependent opcode is counted as touching what it may touch
  if (!script.data && script.size) return SIZE_MAX;
  constexpr std::int64_t kUnbounded = std::int64_t(1) << 40;
  constexpr std::size_t kMaxFrames = 64;
  // `low`: the lowest stack height (relative to the initial top) a path may have here; `reach`:
  // the most initial items touched so far.
  std::int64_t low = 0;
  std::int64_t reach = 0;
  // One frame per open IF: the lowest height of each way (0: the condition was true, 1: false) and
  // the way the current run between ELSEs belongs to (Core runs the runs of one way in turn).
  struct Frame {
    std::int64_t way[2];
    int on;
  };
  Frame frames[kMaxFrames];
  std::size_t depth = 0;
  const auto touch = [&](std::int64_t k) {
    if (k - low > reach) reach = k - low;
  };
  // The number the previous instruction pushed, if it was a push of one.
  bool have_number = false;
  std::int64_t number = 0;
  std::size_t pc = 0;
  Instruction ins;
  while (pc < script.size) {
    // A push that does not decode fails the script there, whether its branch runs or not.
    if (!read_instruction(script.data, script.size, pc, ins)) break;
    pc = ins.end;
    const int op = ins.opcode;
    const bool had_number = have_number;
    const std::int64_t previous = number;
    have_number = pushed_number(ins, number);
    if (op == BSML_OP_IF || op == BSML_OP_NOTIF) {
      if (depth == kMaxFrames) return SIZE_MAX;
      touch(1);
      low -= 1;
      frames[depth++] = Frame{{low, low}, 0};
    } else if (op == BSML_OP_ELSE || op == BSML_OP_ENDIF) {
      if (depth == 0) return SIZE_MAX;  // unbalanced: not worth following
      Frame& f = frames[depth - 1];
      f.way[f.on] = low;
      if (op == BSML_OP_ELSE) {
        f.on ^= 1;
        low = f.way[f.on];
      } else {
        low = f.way[0] < f.way[1] ? f.way[0] : f.way[1];
        --depth;
      }
    } else if (op == BSML_OP_PICK || op == BSML_OP_ROLL) {
      // The depth is the number pushed just before (the top item); otherwise it is computed.
      if (!had_number) return SIZE_MAX;
      // The number, then item n below it (a negative n fails once the number is read).
      touch(previous < 0 ? 1 : previous + 2);
      if (op == BSML_OP_ROLL) low -= 1;
    } else if ((op == BSML_OP_CHECKMULTISIG || op == BSML_OP_CHECKMULTISIGVERIFY) && sigversion == BSML_SIGVERSION_TAPSCRIPT) {
      // Fails in tapscript before touching the stack.
    } else {
      const Effect e = kEffects.e[op];
      if (e.touch < 0) return SIZE_MAX;
      touch(e.touch);
      low += e.net;
    }
    if (reach >= kUnbounded) return SIZE_MAX;
  }
  // After the script: the top item's truth (and, for witness scripts, the size of the stack).
  touch(1);
  return reach >= kUnbounded ? SIZE_MAX : size_t(reach);
}
