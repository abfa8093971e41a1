/**
 * A step debugger over the reference interpreter's trace: the script is run once with a trace,
 * then the session moves a cursor over the recorded steps (forward, back, to a breakpoint), so
 * stepping back is exact and free.
 */
import { toHex } from '../script/bytes.js';
import { coreOpName } from '../script/opcodes.js';
import { decodeScript, isTruncated } from '../script/script.js';
import { decodeScriptNum } from '../script/scriptnum.js';
import type { TraceStep } from '../vm/interpreter.js';
import { evaluate, type EvalResult, type EvaluateOptions } from '../vm/verify.js';

/** One instruction of the script being debugged. */
export interface ScriptOp {
  /** Position in the instruction list (what breakpoints name). */
  index: number;
  /** Byte offset in the script. */
  pos: number;
  opcode: number;
  /** Pushed data, for pushes. */
  data?: Uint8Array;
  /** Core-style text: OP name, or 0x-hex for pushed data. */
  text: string;
  /** A truncated push at the end of the script. */
  truncated?: boolean;
}

/** A label for a range of opcodes (e.g. which layer/neuron of a compiled model they compute). */
export interface SourceRange {
  /** First and last instruction index covered (inclusive). */
  from: number;
  to: number;
  label: string;
}

/** A debugger state: after `cursor` steps of the trace. */
export interface DebugView {
  cursor: number;
  total: number;
  /** The instruction about to run (undefined at the end). */
  next?: ScriptOp;
  /** The instruction that just ran (undefined at the start). */
  last?: ScriptOp;
  /** Whether `last` executed (false inside a non-taken branch). */
  lastExecuted?: boolean;
  stack: Uint8Array[];
  altstack: Uint8Array[];
  /** Set at the end of the trace: the evaluation's outcome. */
  finished?: { success: boolean; error: string };
  label?: string;
}

function opText(opcode: number, data: Uint8Array | undefined): string {
  if (data !== undefined && opcode <= 0x4e) return data.length === 0 ? '0' : `0x${toHex(data)}`;
  return coreOpName(opcode);
}

/** The instructions of a script, as the debugger lists them. */
export function decodeOps(script: Uint8Array): ScriptOp[] {
  return decodeScript(script).map((ins, index) =>
    isTruncated(ins)
      ? { index, pos: ins.pos, opcode: ins.opcode, text: `${coreOpName(ins.opcode)} (truncated push)`, truncated: true }
      : { index, pos: ins.pos, opcode: ins.opcode, data: ins.data, text: opText(ins.opcode, ins.data) },
  );
}

/** A debug session over one script and initial stack. */
export class DebugSession {
  readonly ops: ScriptOp[];
  readonly steps: readonly TraceStep[];
  readonly result: EvalResult;
  readonly initialStack: readonly Uint8Array[];
  readonly breakpoints = new Set<number>();
  private byPos = new Map<number, number>();
  private cursorValue = 0;

  constructor(
    readonly script: Uint8Array,
    stack: readonly Uint8Array[],
    options: Omit<EvaluateOptions, 'trace'> = {},
    readonly sourceMap: readonly SourceRange[] = [],
  ) {
    this.ops = decodeOps(script);
    for (const op of this.ops) this.byPos.set(op.pos, op.index);
    this.initialStack = stack.slice();
    this.result = evaluate(script, stack, { ...options, trace: true });
    this.steps = this.result.trace ?? [];
  }

  /** Number of recorded steps. */
  get total(): number {
    return this.steps.length;
  }
  /** Steps taken so far (0 = before the first instruction). */
  get cursor(): number {
    return this.cursorValue;
  }

  /** The instruction index of a byte position. */
  opAt(pos: number): ScriptOp | undefined {
    const i = this.byPos.get(pos);
    return i === undefined ? undefined : this.ops[i];
  }

  /** The instruction that step `k` (0-based) ran. */
  stepOp(k: number): ScriptOp | undefined {
    const s = this.steps[k];
    return s ? this.opAt(s.pos) : undefined;
  }

  /**
   * The instruction after the cursor: the next recorded step, or at the end of a failed run the
   * instruction evaluation stopped at (the one after the last recorded step), if any.
   */
  nextOp(): ScriptOp | undefined {
    if (this.cursorValue < this.total) return this.stepOp(this.cursorValue);
    if (this.result.success) return undefined;
    const lastPos = this.total > 0 ? this.steps[this.total - 1]!.pos : -1;
    return this.ops.find((op) => op.pos > lastPos);
  }

  /** The view at the cursor. */
  view(): DebugView {
    const c = this.cursorValue;
    const prev = c > 0 ? this.steps[c - 1] : undefined;
    const next = this.nextOp();
    const v: DebugView = {
      cursor: c,
      total: this.total,
      next,
      last: c > 0 ? this.stepOp(c - 1) : undefined,
      lastExecuted: prev?.executed,
      stack: prev ? prev.stack : this.initialStack.slice(),
      altstack: prev ? prev.altstack : [],
      label: this.labelOf(next ?? (c > 0 ? this.stepOp(c - 1) : undefined)),
    };
    if (c === this.total) v.finished = { success: this.result.success, error: this.result.error };
    return v;
  }

  private labelOf(op: ScriptOp | undefined): string | undefined {
    if (!op) return undefined;
    return this.sourceMap.find((r) => op.index >= r.from && op.index <= r.to)?.label;
  }

  /** Moves the cursor to step `k` (clamped). */
  goto(k: number): DebugView {
    this.cursorValue = Math.max(0, Math.min(this.total, k));
    return this.view();
  }
  /** Runs `n` more steps. */
  step(n = 1): DebugView {
    return this.goto(this.cursorValue + n);
  }
  /** Undoes `n` steps. */
  back(n = 1): DebugView {
    return this.goto(this.cursorValue - n);
  }
  /** Runs until the next instruction is at a breakpoint (after at least one step), or to the end. */
  continue(): DebugView {
    for (let k = this.cursorValue + 1; k < this.total; k++) {
      const op = this.stepOp(k);
      if (op && this.breakpoints.has(op.index)) return this.goto(k);
    }
    return this.goto(this.total);
  }
}

/** A stack item as hex, with its script-number value when it is a minimally encoded number (≤ 8 bytes). */
export function describeItem(item: Uint8Array): string {
  if (item.length === 0) return "'' (0)";
  let num: number | undefined;
  if (item.length <= 8) {
    try {
      num = decodeScriptNum(item, true, 8);
    } catch {
      num = undefined;
    }
  }
  return num === undefined ? toHex(item) : `${toHex(item)} (${num})`;
}
