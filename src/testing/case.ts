/**
 * One fuzz case (a script, an initial stack, flags and a sigversion) and how it is printed in a
 * counterexample: ASM, hex, flag names.
 */
import { toAsm } from '../script/asm.js';
import { fromHex, toHex } from '../script/bytes.js';
import { formatStackList } from '../script/stack-list.js';
import { flagNames } from '../vm/flags.js';
import { counted } from '../io/text.js';

/** The sigversions a fuzz case runs under (those `evaluate` accepts). */
export type FuzzSigVersion = 'base' | 'witness_v0' | 'tapscript';

/** Every sigversion a fuzz case may use. */
export const FUZZ_SIGVERSIONS: readonly FuzzSigVersion[] = ['base', 'witness_v0', 'tapscript'];

/** One generated case: evaluate `script` on `stack` (bottom first) under `flags` and `sigVersion`. */
export interface EvalCase {
  script: Uint8Array;
  stack: Uint8Array[];
  /** SCRIPT_VERIFY_* bits (see `FLAGS`). */
  flags: number;
  sigVersion: FuzzSigVersion;
}

/** A flag set as `NAME,NAME (0x…)`, or `NONE (0x0)`. */
export function formatFlags(flags: number): string {
  const names = flagNames(flags);
  return `${names.length ? names.join(',') : 'NONE'} (0x${flags.toString(16)})`;
}

/**
 * A stack as hex items, bottom first; runs of 4 or more equal items are written `<hex> ×N` so that
 * stacks near the 1000-item limit stay readable. An empty item is written `""`.
 */
export function formatStack(stack: readonly Uint8Array[]): string {
  const out: string[] = [];
  for (let i = 0; i < stack.length; ) {
    const hex = toHex(stack[i]!);
    let j = i + 1;
    while (j < stack.length && toHex(stack[j]!) === hex) j++;
    const shown = hex === '' ? '""' : hex.length > 80 ? `${hex.slice(0, 16)}…(${hex.length / 2} bytes)` : hex;
    if (j - i >= 4) out.push(`${shown} ×${j - i}`);
    else for (let k = i; k < j; k++) out.push(shown);
    i = j;
  }
  return `[${out.join(' ')}]`;
}

/** Shortens long ASM or hex (over `max` characters) in the middle, keeping both ends. */
export function clip(s: string, max = 600): string {
  return s.length <= max ? s : `${s.slice(0, max / 2)} … (${s.length} chars) … ${s.slice(-max / 2)}`;
}

/** The lines that describe a case in a counterexample report. */
export function formatCase(c: EvalCase): string[] {
  return [
    `script (ASM):  ${clip(toAsm(c.script)) || '(empty)'}`,
    `script (hex):  ${clip(toHex(c.script)) || '(empty)'}  (${counted(c.script.length, 'byte')})`,
    `stack:         ${formatStack(c.stack)}  (${counted(c.stack.length, 'item')}, bottom first)`,
    `flags:         ${formatFlags(c.flags)}`,
    `sigversion:    ${c.sigVersion}`,
  ];
}

/**
 * A string that is equal for two cases exactly when the cases are equal (to drop repeats). The
 * stack is written as a stack list (formatStackList), so no items and one empty item differ.
 */
export function caseKey(c: EvalCase): string {
  return `${toHex(c.script)}|${formatStackList(c.stack)}|${c.flags}|${c.sigVersion}`;
}

/** An evaluate case in JSON (see {@link caseToJson}). */
export interface EvalCaseJson {
  script: string;
  asm?: string;
  stack: string[];
  flags?: string[];
  flagBits: number;
  sigVersion: FuzzSigVersion;
}

/** A JSON-friendly copy of a case (hex strings). */
export function caseToJson(c: EvalCase): EvalCaseJson & { asm: string; flags: string[] } {
  return { script: toHex(c.script), asm: toAsm(c.script), stack: c.stack.map(toHex), flags: flagNames(c.flags), flagBits: c.flags, sigVersion: c.sigVersion };
}

/** The case a {@link caseToJson} copy describes (hex strings back to bytes; `flagBits` as the flags). */
export function caseFromJson(j: { script: string; stack: readonly string[]; flagBits: number; sigVersion: FuzzSigVersion }): EvalCase {
  if (!FUZZ_SIGVERSIONS.includes(j.sigVersion)) throw new RangeError(`unknown sigversion ${JSON.stringify(j.sigVersion)} in a case`);
  if (!Number.isInteger(j.flagBits) || j.flagBits < 0) throw new RangeError(`flagBits must be a non-negative integer (got ${j.flagBits})`);
  return { script: fromHex(j.script), stack: j.stack.map((h) => fromHex(h)), flags: j.flagBits, sigVersion: j.sigVersion };
}
