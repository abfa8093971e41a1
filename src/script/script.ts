/**
 * Script bytes <-> instructions, with Bitcoin Core's `GetScriptOp` rules, and the script-shape
 * predicates consensus uses (push-only, P2SH, witness programs).
 */
import { OP } from './opcodes.js';

/** One decoded instruction. `data` is set for push opcodes (0x00..0x4e). */
export interface Instruction {
  /** The opcode byte. */
  opcode: number;
  /** The pushed bytes, for push opcodes. */
  data?: Uint8Array;
  /** Offset of the opcode byte. */
  pos: number;
  /** Offset just after the instruction. */
  end: number;
}

/** A push whose length runs past the end of the script (Core's GetOp returns false). */
export interface TruncatedInstruction {
  opcode: number;
  truncated: true;
  pos: number;
}

/**
 * Reads the instruction at `pc`. Returns a TruncatedInstruction when a push (or its length
 * field) runs past the end of the script. `pc` must be < script.length.
 */
export function readInstruction(script: Uint8Array, pc: number): Instruction | TruncatedInstruction {
  const end = script.length;
  const opcode = script[pc]!;
  let p = pc + 1;
  if (opcode > OP.OP_PUSHDATA4) return { opcode, pos: pc, end: p };
  let size: number;
  if (opcode < OP.OP_PUSHDATA1) {
    size = opcode;
  } else if (opcode === OP.OP_PUSHDATA1) {
    if (end - p < 1) return { opcode, truncated: true, pos: pc };
    size = script[p]!;
    p += 1;
  } else if (opcode === OP.OP_PUSHDATA2) {
    if (end - p < 2) return { opcode, truncated: true, pos: pc };
    size = script[p]! | (script[p + 1]! << 8);
    p += 2;
  } else {
    if (end - p < 4) return { opcode, truncated: true, pos: pc };
    size = (script[p]! | (script[p + 1]! << 8) | (script[p + 2]! << 16)) + script[p + 3]! * 0x1000000;
    p += 4;
  }
  if (end - p < size) return { opcode, truncated: true, pos: pc };
  return { opcode, data: script.subarray(p, p + size), pos: pc, end: p + size };
}

/** True when `ins` is a truncated push. */
export function isTruncated(ins: Instruction | TruncatedInstruction): ins is TruncatedInstruction {
  return (ins as TruncatedInstruction).truncated === true;
}

/** Decodes a whole script; a truncated push, if any, is the last element. */
export function decodeScript(script: Uint8Array): (Instruction | TruncatedInstruction)[] {
  const out: (Instruction | TruncatedInstruction)[] = [];
  let pc = 0;
  while (pc < script.length) {
    const ins = readInstruction(script, pc);
    out.push(ins);
    if (isTruncated(ins)) break;
    pc = ins.end;
  }
  return out;
}

/** The minimal push of `data` (OP_0, OP_1NEGATE, OP_1..OP_16, direct push or PUSHDATA1/2/4). */
export function pushData(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n === 0) return Uint8Array.of(OP.OP_0);
  if (n === 1 && data[0]! >= 1 && data[0]! <= 16) return Uint8Array.of(OP.OP_1 + data[0]! - 1);
  if (n === 1 && data[0] === 0x81) return Uint8Array.of(OP.OP_1NEGATE);
  return pushDataBytes(data);
}

/**
 * The shortest length-prefixed push of `data` (direct push below 76 bytes, else PUSHDATA1/2/4),
 * never an OP_n: what Core's `CScript << valtype` emits.
 */
export function pushDataBytes(data: Uint8Array): Uint8Array {
  const n = data.length;
  let head: number[];
  if (n < OP.OP_PUSHDATA1) head = [n];
  else if (n <= 0xff) head = [OP.OP_PUSHDATA1, n];
  else if (n <= 0xffff) head = [OP.OP_PUSHDATA2, n & 0xff, n >> 8];
  else head = [OP.OP_PUSHDATA4, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  const out = new Uint8Array(head.length + n);
  out.set(head, 0);
  out.set(data, head.length);
  return out;
}

/** Core's `CheckMinimalPush`: is `opcode` the smallest way to push `data`? */
export function isMinimalPush(data: Uint8Array, opcode: number): boolean {
  const n = data.length;
  if (n === 0) return opcode === OP.OP_0;
  if (n === 1 && data[0]! >= 1 && data[0]! <= 16) return false;
  if (n === 1 && data[0] === 0x81) return false;
  if (n <= 75) return opcode === n;
  if (n <= 255) return opcode === OP.OP_PUSHDATA1;
  if (n <= 65535) return opcode === OP.OP_PUSHDATA2;
  return true;
}

/** Core's `IsPushOnly`: every instruction decodes and is at most OP_16 (OP_RESERVED included). */
export function isPushOnly(script: Uint8Array): boolean {
  let pc = 0;
  while (pc < script.length) {
    const ins = readInstruction(script, pc);
    if (isTruncated(ins)) return false;
    if (ins.opcode > OP.OP_16) return false;
    pc = ins.end;
  }
  return true;
}

/** Core's `IsPayToScriptHash`: exactly `OP_HASH160 <20 bytes> OP_EQUAL`. */
export function isP2SH(script: Uint8Array): boolean {
  return script.length === 23 && script[0] === OP.OP_HASH160 && script[1] === 0x14 && script[22] === OP.OP_EQUAL;
}

/** Core's `IsWitnessProgram`: `<OP_0|OP_1..OP_16> <push of 2..40 bytes>`, 4 to 42 bytes in all. */
export function witnessProgram(script: Uint8Array): { version: number; program: Uint8Array } | undefined {
  const n = script.length;
  if (n < 4 || n > 42) return undefined;
  const v = script[0]!;
  if (v !== OP.OP_0 && (v < OP.OP_1 || v > OP.OP_16)) return undefined;
  if (script[1]! + 2 !== n) return undefined;
  return { version: v === OP.OP_0 ? 0 : v - OP.OP_1 + 1, program: script.subarray(2) };
}

/** Core's `IsPayToAnchor` for a decoded witness program (version 1, program 0x4e73). */
export function isPayToAnchor(version: number, program: Uint8Array): boolean {
  return version === 1 && program.length === 2 && program[0] === 0x4e && program[1] === 0x73;
}
