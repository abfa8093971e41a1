/**
 * Script dialects as data: what a target can do (capabilities, limits, the opcodes codegen may
 * emit) and which lowering rule implements each Program operation. Codegen reads only this; a new
 * target (e.g. `bch-2023`, with OP_MUL/OP_DIV and 8-byte numbers) is a new entry plus the rules it
 * names, without touching quantization, the range proof or lowering.
 */
import { OP, isDisabledOpcode, isOpSuccess } from '../script/opcodes.js';
import { FLAGS } from '../vm/flags.js';
import { CompileOptionsError } from './errors.js';

/** How a dialect multiplies a value by a constant weight. */
export type MultiplyRule = 'shift-add' | 'native-mul';
/** How a dialect divides by 2^s with a witness hint / without one. */
export type RescaleHintRule = 'remainder-check';
export type RescalePureRule = 'bit-decompose' | 'native-div';

/** A target dialect. */
export interface Dialect {
  name: string;
  /** Maximum operand size of numeric opcodes, in bytes. */
  numBytes: number;
  /** Largest operand magnitude: 2^(8*numBytes-1) - 1. */
  maxOperand: number;
  /** Stack + altstack item limit (including the initial witness). */
  maxStackItems: number;
  /** Largest stack element, bytes. */
  maxElementSize: number;
  /** Opcodes codegen may emit in opcode position (besides pushes). */
  opcodes: ReadonlySet<number>;
  /** Lowering rules per Program operation. */
  rules: { multiply: MultiplyRule; rescaleHint: RescaleHintRule; rescalePure: RescalePureRule; relu: 'max' };
  /** How to evaluate the emitted script with the engine API. */
  evaluation: { sigVersion: 'tapscript'; flags: number };
  /** Byte layout used by the cost report: a script-path spend's control block for a one-leaf tree. */
  controlBlockBytes: number;
}

const TAPSCRIPT_OPS = [
  OP.OP_0, OP.OP_1NEGATE, OP.OP_1, OP.OP_2, OP.OP_3, OP.OP_4, OP.OP_5, OP.OP_6, OP.OP_7, OP.OP_8, OP.OP_9, OP.OP_10,
  OP.OP_11, OP.OP_12, OP.OP_13, OP.OP_14, OP.OP_15, OP.OP_16,
  OP.OP_IF, OP.OP_ELSE, OP.OP_ENDIF, OP.OP_VERIFY,
  OP.OP_TOALTSTACK, OP.OP_FROMALTSTACK, OP.OP_2DROP, OP.OP_2DUP, OP.OP_DROP, OP.OP_DUP, OP.OP_NIP, OP.OP_OVER,
  OP.OP_PICK, OP.OP_ROLL, OP.OP_ROT, OP.OP_SWAP, OP.OP_TUCK,
  OP.OP_1ADD, OP.OP_1SUB, OP.OP_NEGATE, OP.OP_ABS, OP.OP_NOT, OP.OP_ADD, OP.OP_SUB,
  OP.OP_NUMEQUAL, OP.OP_NUMEQUALVERIFY, OP.OP_LESSTHAN, OP.OP_GREATERTHAN, OP.OP_LESSTHANOREQUAL,
  OP.OP_GREATERTHANOREQUAL, OP.OP_MIN, OP.OP_MAX, OP.OP_WITHIN,
];

/** Bitcoin tapscript (BIP342): 4-byte numbers, no OP_MUL/shifts, 1000 stack items, 520-byte elements. */
export const BTC_TAPSCRIPT: Dialect = {
  name: 'btc-tapscript',
  numBytes: 4,
  maxOperand: 2 ** 31 - 1,
  maxStackItems: 1000,
  maxElementSize: 520,
  opcodes: new Set(TAPSCRIPT_OPS),
  rules: { multiply: 'shift-add', rescaleHint: 'remainder-check', rescalePure: 'bit-decompose', relu: 'max' },
  evaluation: { sigVersion: 'tapscript', flags: FLAGS.MINIMALDATA | FLAGS.MINIMALIF | FLAGS.DISCOURAGE_OP_SUCCESS | FLAGS.DISCOURAGE_UPGRADABLE_NOPS | FLAGS.NULLFAIL },
  controlBlockBytes: 33,
};

for (const op of BTC_TAPSCRIPT.opcodes) {
  if (isOpSuccess(op) || isDisabledOpcode(op)) throw new Error(`btc-tapscript opcode table lists a forbidden opcode 0x${op.toString(16)}`);
}

/** Known dialects by name. */
export const DIALECTS: Readonly<Record<string, Dialect>> = { 'btc-tapscript': BTC_TAPSCRIPT };

/** Looks a dialect up by name; CompileOptionsError for an unknown one. */
export function dialectByName(name: string): Dialect {
  const d = DIALECTS[name];
  if (!d) throw new CompileOptionsError(`unknown target ${JSON.stringify(name)} (known: ${Object.keys(DIALECTS).join(', ')})`);
  return d;
}
