/*
 * The opcode, error, flag and limit facts the batch engine uses, from the generated header
 * (native/include/bsml/bsml_codes.h, made by scripts/gen-native-tables.mjs from the TypeScript
 * tables) and native/src/tables.h.
 *
 * TEMPORARY: until the native engine lands those generated headers, the fallback block below
 * names the few facts needed, with the same names and values. Remove it once they are on main.
 */
#ifndef BSML_BATCH_CODES_H
#define BSML_BATCH_CODES_H

#include <cstdint>

#if __has_include("bsml/bsml_codes.h") && __has_include("../tables.h")
#include "bsml/bsml_codes.h"
#include "../tables.h"
namespace bsml {
namespace batch {
inline bool is_op_success(uint8_t op) { return tables::kOpSuccess[op] != 0; }
inline bool is_disabled(uint8_t op) { return tables::kOpcodeDisabled[op] != 0; }
}  // namespace batch
}  // namespace bsml
#else
/* TEMPORARY fallback (to be replaced by the generated header; values from src/vm and src/script). */
enum {
  BSML_ERR_OK = 0, BSML_ERR_EVAL_FALSE = 2, BSML_ERR_CLEANSTACK = 30,
};
#define BSML_FLAG_MINIMALDATA 0x00000040u
#define BSML_FLAG_DISCOURAGE_UPGRADABLE_NOPS 0x00000080u
#define BSML_FLAG_CLEANSTACK 0x00000100u
#define BSML_FLAG_CHECKLOCKTIMEVERIFY 0x00000200u
#define BSML_FLAG_CHECKSEQUENCEVERIFY 0x00000400u
#define BSML_FLAG_MINIMALIF 0x00002000u
#define BSML_FLAG_CONST_SCRIPTCODE 0x00010000u
#define BSML_MAX_SCRIPT_ELEMENT_SIZE 520
#define BSML_MAX_OPS_PER_SCRIPT 201
#define BSML_MAX_SCRIPT_SIZE 10000
#define BSML_MAX_STACK_SIZE 1000
enum {
  BSML_OP_0 = 0x00, BSML_OP_PUSHDATA1 = 0x4c, BSML_OP_PUSHDATA2 = 0x4d, BSML_OP_PUSHDATA4 = 0x4e,
  BSML_OP_1NEGATE = 0x4f, BSML_OP_1 = 0x51, BSML_OP_16 = 0x60, BSML_OP_NOP = 0x61, BSML_OP_IF = 0x63,
  BSML_OP_NOTIF = 0x64, BSML_OP_ELSE = 0x67, BSML_OP_ENDIF = 0x68, BSML_OP_VERIFY = 0x69,
  BSML_OP_RETURN = 0x6a, BSML_OP_TOALTSTACK = 0x6b, BSML_OP_FROMALTSTACK = 0x6c, BSML_OP_2DROP = 0x6d,
  BSML_OP_2DUP = 0x6e, BSML_OP_3DUP = 0x6f, BSML_OP_2OVER = 0x70, BSML_OP_2ROT = 0x71,
  BSML_OP_2SWAP = 0x72, BSML_OP_IFDUP = 0x73, BSML_OP_DEPTH = 0x74, BSML_OP_DROP = 0x75,
  BSML_OP_DUP = 0x76, BSML_OP_NIP = 0x77, BSML_OP_OVER = 0x78, BSML_OP_PICK = 0x79, BSML_OP_ROLL = 0x7a,
  BSML_OP_ROT = 0x7b, BSML_OP_SWAP = 0x7c, BSML_OP_TUCK = 0x7d, BSML_OP_SIZE = 0x82,
  BSML_OP_EQUAL = 0x87, BSML_OP_EQUALVERIFY = 0x88, BSML_OP_1ADD = 0x8b, BSML_OP_1SUB = 0x8c,
  BSML_OP_NEGATE = 0x8f, BSML_OP_ABS = 0x90, BSML_OP_NOT = 0x91, BSML_OP_0NOTEQUAL = 0x92,
  BSML_OP_ADD = 0x93, BSML_OP_SUB = 0x94, BSML_OP_BOOLAND = 0x9a, BSML_OP_BOOLOR = 0x9b,
  BSML_OP_NUMEQUAL = 0x9c, BSML_OP_NUMEQUALVERIFY = 0x9d, BSML_OP_NUMNOTEQUAL = 0x9e,
  BSML_OP_LESSTHAN = 0x9f, BSML_OP_GREATERTHAN = 0xa0, BSML_OP_LESSTHANOREQUAL = 0xa1,
  BSML_OP_GREATERTHANOREQUAL = 0xa2, BSML_OP_MIN = 0xa3, BSML_OP_MAX = 0xa4, BSML_OP_WITHIN = 0xa5,
  BSML_OP_CODESEPARATOR = 0xab, BSML_OP_NOP1 = 0xb0, BSML_OP_CHECKLOCKTIMEVERIFY = 0xb1,
  BSML_OP_CHECKSEQUENCEVERIFY = 0xb2, BSML_OP_NOP4 = 0xb3, BSML_OP_NOP10 = 0xb9,
};
namespace bsml {
namespace batch {
inline bool is_op_success(uint8_t c) {
  return c == 80 || c == 98 || (c >= 126 && c <= 129) || (c >= 131 && c <= 134) || (c >= 137 && c <= 138) ||
         (c >= 141 && c <= 142) || (c >= 149 && c <= 153) || (c >= 187 && c <= 254);
}
inline bool is_disabled(uint8_t c) {
  return (c >= 0x7e && c <= 0x81) || (c >= 0x83 && c <= 0x86) || (c >= 0x8d && c <= 0x8e) || (c >= 0x95 && c <= 0x99);
}
}  // namespace batch
}  // namespace bsml
#endif

#endif
