// Script bytes -> instructions (Core's GetScriptOp) and the script-shape predicates consensus uses.
#ifndef BSML_SCRIPT_H
#define BSML_SCRIPT_H

#include <cstddef>
#include <cstdint>

#include "bsml/bsml_codes.h"

namespace bsml {

/** One decoded instruction; `data`/`size` are set for pushes (opcode <= OP_PUSHDATA4). */
struct Instruction {
  std::uint8_t opcode;
  const std::uint8_t* data;
  std::size_t size;
  std::size_t end;  // offset just after the instruction
};

/**
 * Decodes a push (opcode <= OP_PUSHDATA4) whose opcode byte was read just before `ip` (Core's
 * GetScriptOp): sets its data and length and moves ip past them; false when the push runs past
 * `end`.
 */
inline bool read_push(const std::uint8_t*& ip, const std::uint8_t* end, unsigned opcode, const std::uint8_t*& data,
                      std::size_t& len) {
  const std::uint8_t* p = ip;
  std::size_t k;
  if (opcode < BSML_OP_PUSHDATA1) {
    k = opcode;
  } else if (opcode == BSML_OP_PUSHDATA1) {
    if (end - p < 1) return false;
    k = p[0];
    p += 1;
  } else if (opcode == BSML_OP_PUSHDATA2) {
    if (end - p < 2) return false;
    k = std::size_t(p[0]) | (std::size_t(p[1]) << 8);
    p += 2;
  } else {
    if (end - p < 4) return false;
    k = std::size_t(p[0]) | (std::size_t(p[1]) << 8) | (std::size_t(p[2]) << 16) | (std::size_t(p[3]) << 24);
    p += 4;
  }
  if (std::size_t(end - p) < k) return false;
  data = p;
  len = k;
  ip = p + k;
  return true;
}

/** Reads the instruction at `pc` (< size). Returns false for a push running past the end. */
inline bool read_instruction(const std::uint8_t* script, std::size_t size, std::size_t pc, Instruction& ins) {
  const std::uint8_t opcode = script[pc];
  ins.opcode = opcode;
  ins.data = nullptr;
  ins.size = 0;
  const std::uint8_t* ip = script + pc + 1;
  if (opcode <= BSML_OP_PUSHDATA4 && !read_push(ip, script + size, opcode, ins.data, ins.size)) return false;
  ins.end = std::size_t(ip - script);
  return true;
}

/** Core's CheckMinimalPush. */
inline bool is_minimal_push(const std::uint8_t* data, std::size_t n, std::uint8_t opcode) {
  if (n == 0) return opcode == BSML_OP_0;
  if (n == 1 && data[0] >= 1 && data[0] <= 16) return false;
  if (n == 1 && data[0] == 0x81) return false;
  if (n <= 75) return opcode == n;
  if (n <= 255) return opcode == BSML_OP_PUSHDATA1;
  if (n <= 65535) return opcode == BSML_OP_PUSHDATA2;
  return true;
}

/** Core's IsPushOnly. */
inline bool is_push_only(const std::uint8_t* script, std::size_t size) {
  std::size_t pc = 0;
  Instruction ins;
  while (pc < size) {
    if (!read_instruction(script, size, pc, ins)) return false;
    if (ins.opcode > BSML_OP_16) return false;
    pc = ins.end;
  }
  return true;
}

/** Core's IsPayToScriptHash. */
inline bool is_p2sh(const std::uint8_t* s, std::size_t n) {
  return n == 23 && s[0] == BSML_OP_HASH160 && s[1] == 0x14 && s[22] == BSML_OP_EQUAL;
}

/** Core's IsWitnessProgram: sets version and program (view) when it is one. */
inline bool witness_program(const std::uint8_t* s, std::size_t n, int& version, const std::uint8_t*& program,
                            std::size_t& program_size) {
  if (n < 4 || n > 42) return false;
  if (s[0] != BSML_OP_0 && (s[0] < BSML_OP_1 || s[0] > BSML_OP_16)) return false;
  if (std::size_t(s[1]) + 2 != n) return false;
  version = s[0] == BSML_OP_0 ? 0 : s[0] - BSML_OP_1 + 1;
  program = s + 2;
  program_size = n - 2;
  return true;
}

/** Length of the shortest length-prefixed push header of `n` bytes (what `CScript << bytes` emits). */
inline std::size_t push_header(std::size_t n, std::uint8_t head[5]) {
  if (n < BSML_OP_PUSHDATA1) {
    head[0] = std::uint8_t(n);
    return 1;
  }
  if (n <= 0xff) {
    head[0] = BSML_OP_PUSHDATA1;
    head[1] = std::uint8_t(n);
    return 2;
  }
  if (n <= 0xffff) {
    head[0] = BSML_OP_PUSHDATA2;
    head[1] = std::uint8_t(n);
    head[2] = std::uint8_t(n >> 8);
    return 3;
  }
  head[0] = BSML_OP_PUSHDATA4;
  head[1] = std::uint8_t(n);
  head[2] = std::uint8_t(n >> 8);
  head[3] = std::uint8_t(n >> 16);
  head[4] = std::uint8_t(n >> 24);
  return 5;
}

}  // namespace bsml

#endif  // BSML_SCRIPT_H
