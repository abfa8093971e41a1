/** Running a compiled script on the TypeScript engine, and reading its range checks off the trace. */
import type { Compiled } from '../../../src/compiler/compile.js';
import { evaluate } from '../../../src/engine/index.js';
import { decodeScriptNum } from '../../../src/script/scriptnum.js';

/** The compiled script on the witness `items`, on the TypeScript engine (with a trace if asked). */
export function runCompiled(c: Compiled, items: Uint8Array[], trace = false) {
  return evaluate(c.code.script, items, { ...c.dialect.evaluation, engine: 'ts', trace });
}

/** A traced step of `evaluate` (what forEachCheckedOperand reads). */
type Step = { pos: number; executed: boolean; stack: Uint8Array[] };

/**
 * Calls `visit` with every operand of every executed range check recorded in `c.code.checks`
 * (compiled with `recordChecks`), as the script held it just before the check: its value (read as
 * a 4-byte script number), the proven interval and the check's position. `trace` is the script's
 * run on `items` (runCompiled with a trace). Returns how many checks ran.
 */
export function forEachCheckedOperand(
  c: Compiled,
  items: Uint8Array[],
  trace: readonly Step[],
  visit: (value: number, range: readonly [number, number], pos: number) => void,
): number {
  const byPos = new Map(c.code.checks.map((k) => [k.pos, k]));
  let checked = 0;
  let before = items;
  for (const step of trace) {
    const k = byPos.get(step.pos);
    if (k && step.executed) {
      before.slice(before.length - k.operands.length).forEach((b, i) => visit(decodeScriptNum(b, true, 4), k.operands[i]!, step.pos));
      checked++;
    }
    before = step.stack;
  }
  return checked;
}
