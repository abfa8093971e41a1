/**
 * A stack-machine emitter with a symbolic stack: it writes script bytes and, alongside, tracks
 * which named value sits where (main stack and altstack), the proven interval of every item, the
 * peak item count, and the intervals of the operands of every numeric opcode it emits (the range
 * proof's per-instruction form, checked against execution traces in the tests).
 */
import { OP } from '../script/opcodes.js';
import { pushInt } from '../script/asm.js';
import type { Dialect } from './dialect.js';
import { RangeProofError, StackLimitError } from './errors.js';
import type { Interval } from './range.js';

/** One symbolic stack item: a named value (`x3`, `a0.1`, ...) or a temporary (`''`). */
export interface Slot {
  id: string;
  iv: Interval;
  /** Cached index in the main stack (a hint: items only move down, so lookups probe downward). */
  at?: number;
}

/** The proven operand intervals of one numeric opcode at byte offset `pos`. */
export interface OperandCheck {
  pos: number;
  opcode: number;
  /** Operand intervals, deepest first (as the opcode pops them). */
  operands: Interval[];
}

/** Saved emitter state (see Emitter.snapshot). */
export interface Snapshot {
  bytes: number;
  checks: number;
  inputChecks: number;
  main: Slot[];
  alt: Slot[];
  uses: Map<string, number>;
  peak: number;
  pending: Map<string, Interval>;
  named: Map<string, Slot>;
}

/** The bytes `[start, end)` of the range check of witness value `id` (see Emitter.pendingChecks). */
export interface InputCheckSpan {
  id: string;
  start: number;
  end: number;
}

/** Where codegen currently is, for error messages. */
export interface Where {
  layer: number;
  neuron: number;
  text: string;
}

const hull = (a: Interval, b: Interval): Interval => [Math.min(a[0], b[0]), Math.max(a[1], b[1])];

/** Numeric opcodes with their arity and interval transfer function. */
const ARITH: Record<number, { n: number; f: (v: Interval[]) => Interval }> = {
  [OP.OP_ADD]: { n: 2, f: ([a, b]) => [a![0] + b![0], a![1] + b![1]] },
  [OP.OP_SUB]: { n: 2, f: ([a, b]) => [a![0] - b![1], a![1] - b![0]] },
  [OP.OP_NEGATE]: { n: 1, f: ([a]) => [-a![1], -a![0]] },
  [OP.OP_MAX]: { n: 2, f: ([a, b]) => [Math.max(a![0], b![0]), Math.max(a![1], b![1])] },
  [OP.OP_MIN]: { n: 2, f: ([a, b]) => [Math.min(a![0], b![0]), Math.min(a![1], b![1])] },
  [OP.OP_WITHIN]: { n: 3, f: () => [0, 1] },
  [OP.OP_LESSTHAN]: { n: 2, f: () => [0, 1] },
  [OP.OP_GREATERTHANOREQUAL]: { n: 2, f: () => [0, 1] },
  [OP.OP_NUMEQUAL]: { n: 2, f: () => [0, 1] },
};

/** The emitter. Alternatives are tried by snapshot / restore, keeping the smaller. */
export class Emitter {
  bytes: number[] = [];
  main: Slot[];
  alt: Slot[] = [];
  uses: Map<string, number>;
  checks: OperandCheck[] = [];
  /** Record every numeric opcode's operand intervals in `checks` (for tests; costs memory). */
  recordChecks = false;
  peakItems: number;
  where: Where = { layer: -1, neuron: -1, text: 'start' };
  /**
   * Range checks not emitted yet: a witness input is checked (`DUP lo hi+1 WITHIN VERIFY`, see checkRange) right
   * after its first fetch, which saves fetching it once more just for the check.
   */
  pendingChecks = new Map<string, Interval>();
  /** Where each input range check was emitted: bytes `[start, end)` check the witness value `id` (for the source map). */
  inputChecks: InputCheckSpan[] = [];
  /**
   * Largest magnitude of any number this emitter has pushed, fed to a numeric opcode or produced
   * by one (the proven intervals' ends; input range checks excluded). Reset it to measure a stretch.
   */
  seen = 0;
  /** The slot object of each named value (found on the stack by identity: fast). */
  private named = new Map<string, Slot>();

  /**
   * `measure`: the emitter only follows the numbers (intervals, `seen`, the items at the top of the
   * stack), for the range proof's per-instruction bound: it writes no bytes, and a fetch copies the
   * named value's slot to the top without finding its depth (a fetched value stays where it was,
   * below the code's own items, which is all the measured code reads).
   */
  constructor(
    readonly dialect: Dialect,
    main: Slot[],
    uses: Map<string, number>,
    readonly measure = false,
  ) {
    this.main = main.slice();
    for (const s of this.main) if (s.id) this.named.set(s.id, s);
    this.uses = new Map(uses);
    this.peakItems = main.length;
  }

  /** Captures the state, to try an alternative and roll it back. */
  snapshot(): Snapshot {
    return {
      bytes: this.bytes.length, checks: this.checks.length, inputChecks: this.inputChecks.length, main: this.main.slice(), alt: this.alt.slice(), uses: new Map(this.uses), peak: this.peakItems,
      pending: new Map(this.pendingChecks),
      named: new Map(this.named),
    };
  }

  /** The bytes and checks emitted since snapshot `s`, to re-apply with `replay`. */
  since(s: Snapshot): { snap: Snapshot; bytes: number[]; checks: OperandCheck[]; inputChecks: InputCheckSpan[] } {
    return { snap: this.snapshot(), bytes: this.bytes.slice(s.bytes), checks: this.checks.slice(s.checks), inputChecks: this.inputChecks.slice(s.inputChecks) };
  }

  /** Re-applies an alternative captured with `since` on top of the snapshot it was taken from. */
  replay(r: { snap: Snapshot; bytes: number[]; checks: OperandCheck[]; inputChecks: InputCheckSpan[] }): void {
    for (const b of r.bytes) this.bytes.push(b);
    for (const c of r.checks) this.checks.push(c);
    for (const c of r.inputChecks) this.inputChecks.push(c);
    this.main = r.snap.main;
    this.alt = r.snap.alt;
    this.uses = r.snap.uses;
    this.peakItems = r.snap.peak;
    this.pendingChecks = r.snap.pending;
    this.named = r.snap.named;
  }

  /** Restores a snapshot taken on this emitter (everything emitted since is discarded). */
  restore(s: Snapshot): void {
    this.bytes.length = s.bytes;
    this.checks.length = s.checks;
    this.inputChecks.length = s.inputChecks;
    this.main = s.main.slice();
    this.alt = s.alt.slice();
    this.uses = new Map(s.uses);
    this.peakItems = s.peak;
    this.pendingChecks = new Map(s.pending);
    this.named = new Map(s.named);
  }

  get pos(): number {
    return this.bytes.length;
  }

  private grew(): void {
    const n = this.main.length + this.alt.length;
    if (n > this.peakItems) {
      this.peakItems = n;
      if (n > this.dialect.maxStackItems) {
        throw new StackLimitError(
          `the script needs more than ${this.dialect.maxStackItems} stack items (${this.dialect.name} limit) at ${this.where.text}; use a smaller model (fewer inputs or neurons per layer)`,
        );
      }
    }
  }

  /** Emits a non-push opcode byte (must be allowed by the dialect). */
  raw(op: number): void {
    if (!this.dialect.opcodes.has(op)) throw new Error(`internal: codegen tried to emit opcode 0x${op.toString(16)}, not allowed in ${this.dialect.name}`);
    if (!this.measure) this.bytes.push(op);
  }

  private pushBytes(n: number): void {
    if (this.measure) return;
    for (const b of pushInt(n)) this.bytes.push(b);
  }

  /** Pushes a constant. */
  push(n: number): void {
    this.checkOperand(n, n);
    this.pushBytes(n);
    this.main.push({ id: '', iv: [n, n] });
    this.grew();
  }

  private checkOperand(lo: number, hi: number): void {
    this.saw([lo, hi]);
    const m = this.dialect.maxOperand;
    if (lo < -m || hi > m) {
      throw new RangeProofError(`internal range check failed at ${this.where.text}: an operand may lie in [${lo}, ${hi}], beyond ±${m}`, this.where.layer, this.where.neuron);
    }
  }

  private saw([lo, hi]: Interval): void {
    this.seen = Math.max(this.seen, -lo, hi);
  }

  /** Depth (0 = top) of the shallowest item named `id`, or -1. */
  depthOf(id: string): number {
    const s = this.named.get(id);
    if (!s) return -1;
    const m = this.main;
    let i = Math.min(s.at ?? m.length - 1, m.length - 1);
    const stop = Math.max(0, i - 8);
    while (i >= stop && m[i] !== s) i--;
    if (i < stop) i = m.lastIndexOf(s);
    if (i < 0) return -1;
    s.at = i;
    return m.length - 1 - i;
  }

  top(): Slot {
    return this.main[this.main.length - 1]!;
  }

  /** Copies the item at depth d to the top. */
  pick(d: number): void {
    const s = this.main[this.main.length - 1 - d]!;
    if (d === 0) this.raw(OP.OP_DUP);
    else if (d === 1) this.raw(OP.OP_OVER);
    else {
      this.pushBytes(d);
      this.main.push({ id: '', iv: [d, d] });
      this.grew();
      this.main.pop();
      this.raw(OP.OP_PICK);
    }
    this.main.push({ id: '', iv: s.iv });
    this.grew();
  }

  /** Moves the item at depth d to the top. */
  roll(d: number): void {
    if (d === 0) return;
    if (d === 1) this.raw(OP.OP_SWAP);
    else if (d === 2) this.raw(OP.OP_ROT);
    else {
      this.pushBytes(d);
      this.main.push({ id: '', iv: [d, d] });
      this.grew();
      this.main.pop();
      this.raw(OP.OP_ROLL);
    }
    const [s] = this.main.splice(this.main.length - 1 - d, 1);
    this.main.push({ id: '', iv: s!.iv });
  }

  /** Brings a named value to the top: a copy while it has later uses, the item itself on its last use. */
  fetch(id: string): void {
    if (this.measure) {
      const s = this.named.get(id);
      if (!s) throw new Error(`internal: value ${id} is not on the stack at ${this.where.text}`);
      this.uses.set(id, (this.uses.get(id) ?? 0) - 1);
      this.main.push({ id: '', iv: s.iv });
      this.grew();
      if (this.pendingChecks.has(id)) throw new Error(`internal: a measuring emitter has no input range checks (${id})`);
      return;
    }
    const d = this.depthOf(id);
    if (d < 0) throw new Error(`internal: value ${id} is not on the stack at ${this.where.text}`);
    const left = (this.uses.get(id) ?? 0) - 1;
    this.uses.set(id, left);
    if (left <= 0) this.roll(d);
    else this.pick(d);
    const range = this.pendingChecks.get(id);
    if (range) {
      this.pendingChecks.delete(id);
      const start = this.pos;
      const seen = this.seen;
      this.checkRange(range);
      this.seen = seen;
      this.inputChecks.push({ id, start, end: this.pos });
    }
  }

  /**
   * Fails the script unless the top item lies in `[lo, hi]` (the item stays). When `hi` is the
   * largest operand, `hi + 1` cannot be one: only `lo` is checked then (`DUP lo GREATERTHANOREQUAL
   * VERIFY`), since a numeric opcode rejects every item above `hi` anyway.
   */
  checkRange([lo, hi]: Interval): void {
    this.dup();
    this.push(lo);
    if (hi < this.dialect.maxOperand) {
      this.push(hi + 1);
      this.arith(OP.OP_WITHIN);
    } else this.arith(OP.OP_GREATERTHANOREQUAL);
    this.verify();
  }

  /** Emits a numeric opcode: records its operand intervals, checks them, replaces them by the result. */
  arith(op: number): void {
    const spec = ARITH[op];
    if (!spec) throw new Error(`internal: no interval rule for opcode 0x${op.toString(16)}`);
    const operands: Interval[] = [];
    for (let i = this.main.length - spec.n; i < this.main.length; i++) {
      const iv = this.main[i]!.iv;
      this.checkOperand(iv[0], iv[1]);
      operands.push(iv);
    }
    if (this.recordChecks) this.checks.push({ pos: this.pos, opcode: op, operands });
    this.raw(op);
    this.main.length -= spec.n;
    const result = spec.f(operands);
    this.saw(result);
    this.main.push({ id: '', iv: result });
  }

  dup(): void {
    this.raw(OP.OP_DUP);
    this.main.push({ ...this.top(), id: '' });
    this.grew();
  }

  over(): void {
    this.pick(1);
  }

  dup2(): void {
    this.raw(OP.OP_2DUP);
    const [a, b] = this.main.slice(-2);
    this.main.push({ id: '', iv: a!.iv }, { id: '', iv: b!.iv });
    this.grew();
  }

  swap(): void {
    this.roll(1);
  }

  nip(): void {
    this.raw(OP.OP_NIP);
    this.main.splice(this.main.length - 2, 1);
  }

  drop(): void {
    this.raw(OP.OP_DROP);
    this.main.pop();
  }

  drop2(): void {
    this.raw(OP.OP_2DROP);
    this.main.length -= 2;
  }

  /** OP_VERIFY on a 0/1 flag. */
  verify(): void {
    this.raw(OP.OP_VERIFY);
    this.main.pop();
  }

  toAlt(id?: string): void {
    this.raw(OP.OP_TOALTSTACK);
    const s = this.main.pop()!;
    const slot = { id: id ?? s.id, iv: s.iv };
    if (slot.id) this.named.set(slot.id, slot);
    this.alt.push(slot);
  }

  fromAlt(): void {
    this.raw(OP.OP_FROMALTSTACK);
    this.main.push(this.alt.pop()!);
  }

  /** Names the top item. */
  name(id: string, iv?: Interval): void {
    const t = this.top();
    const slot = { id, iv: iv ?? t.iv };
    this.named.set(id, slot);
    this.main[this.main.length - 1] = slot;
  }

  /** Removes every named item with no uses left from the main stack. */
  dropDead(keep: (id: string) => boolean = () => false): void {
    const dead = (s: Slot) => s.id !== '' && (this.uses.get(s.id) ?? 0) <= 0 && !keep(s.id);
    for (;;) {
      const n = this.main.length;
      if (n > 0 && dead(this.main[n - 1]!)) {
        if (n > 1 && dead(this.main[n - 2]!)) this.drop2();
        else this.drop();
        continue;
      }
      let d = -1;
      for (let i = 1; i < n; i++) if (dead(this.main[n - 1 - i]!)) { d = i; break; }
      if (d < 0) return;
      if (d === 1) this.nip();
      else {
        this.roll(d);
        this.drop();
      }
    }
  }
}

export { hull };
