/**
 * Codegen for stack-machine dialects without OP_MUL (btc-tapscript): turns a Program into script
 * bytes. Constant multiplications become signed-digit shift-and-add; per neuron two strategies
 * are emitted and the smaller kept:
 * - `horner`: bit-plane Horner over the neuron's CSD digits (double the accumulator once per plane,
 *   add/subtract each input whose weight has a digit in that plane);
 * - `per-weight`: each product `w*x` built separately from its CSD digits, then summed.
 * Hint-mode rescales inject `-z*2^s` as one more term (z: the witness hint), so the accumulator
 * ends as `acc - bias - z*2^s` and one WITHIN checks `0 <= acc - z*2^s < 2^s`.
 */
import { OP } from '../script/opcodes.js';
import { naf } from './csd.js';
import { planSharing, type Digit } from './sharing.js';
import { BTC_TAPSCRIPT, type Dialect } from './dialect.js';
import { CompileOptionsError, RangeProofError, StackLimitError } from './errors.js';
import { Emitter, hull, type OperandCheck, type Slot } from './emitter.js';
import type { CheckInputOp, NeuronOp, OutputOp, Program, SourceRef } from './program.js';
import type { Interval } from './range.js';

/** A neuron multiplication strategy ('shared': Horner over digits shared across the layer). */
export type Strategy = 'horner' | 'per-weight' | 'shared';

/**
 * Which strategies codegen may use: 'best' (default) tries horner and per-weight per neuron and
 * sharing per layer, keeping the smallest; 'shared' forces sharing wherever a pair occurs twice.
 */
export type StrategyChoice = Strategy | 'best';

/** One source-map entry: script bytes `[start, end)` come from `source`. */
export interface SourceMapEntry {
  start: number;
  end: number;
  source: SourceRef;
}

/** Codegen output. */
export interface CodegenResult {
  script: Uint8Array;
  sourceMap: SourceMapEntry[];
  /** Operand intervals of every numeric opcode (per-instruction range proof); only with `recordChecks`. */
  checks: OperandCheck[];
  /** Peak stack + altstack items, initial witness included. */
  peakStackItems: number;
  /** How many neurons used each strategy. */
  strategies: Record<Strategy, number>;
}

interface Term {
  id: string;
  w: number;
  /** Run right after the value is fetched (the hint's copy to the altstack). */
  hook?: (e: Emitter) => void;
}

/** The nonzero signed digits of a neuron's terms. */
function termDigits(terms: readonly Term[]): (Digit & { hook?: Term['hook'] })[] {
  const out: (Digit & { hook?: Term['hook'] })[] = [];
  for (const t of terms) naf(t.w).forEach((d, p) => d !== 0 && out.push({ id: t.id, plane: p, sign: d, hook: t.hook }));
  return out;
}

function horner(e: Emitter, terms: Term[]): void {
  // A value is fetched once per nonzero digit of its weight: count those uses.
  for (const t of terms) {
    const extra = naf(t.w).filter((d) => d !== 0).length - 1;
    if (extra > 0) e.uses.set(t.id, (e.uses.get(t.id) ?? 0) + extra);
  }
  hornerDigits(e, termDigits(terms));
}

/** Bit-plane Horner over explicit digits (uses must already count one fetch per digit). */
function hornerDigits(e: Emitter, digits: readonly (Digit & { hook?: Term['hook'] })[]): void {
  const planes = new Map<number, { t: { id: string; hook?: Term['hook'] }; sign: number }[]>();
  for (const d of digits) {
    if (!planes.has(d.plane)) planes.set(d.plane, []);
    planes.get(d.plane)!.push({ t: d, sign: d.sign });
  }
  if (planes.size === 0) return e.push(0);
  const top = Math.max(...planes.keys());
  let started = false;
  for (let p = top; p >= 0; p--) {
    if (started) {
      e.dup();
      e.arith(OP.OP_ADD);
    }
    const list = planes.get(p) ?? [];
    if (!started) {
      const i = list.findIndex((x) => x.sign > 0);
      if (i > 0) list.unshift(...list.splice(i, 1));
    }
    for (const { t, sign } of list) {
      e.fetch(t.id);
      t.hook?.(e);
      if (!started) {
        if (sign < 0) e.arith(OP.OP_NEGATE);
        started = true;
      } else e.arith(sign > 0 ? OP.OP_ADD : OP.OP_SUB);
    }
  }
}

/** Multiplies the top item by a constant `c >= 1` with its signed digits (doublings and adds). */
function mulConst(e: Emitter, c: number): void {
  const d = naf(c);
  const top = d.length - 1;
  const nonzero = d.filter((x) => x !== 0).length;
  if (nonzero === 1) {
    for (let p = 0; p < top; p++) {
      e.dup();
      e.arith(OP.OP_ADD);
    }
    return;
  }
  e.dup();
  for (let p = top - 1; p >= 0; p--) {
    e.dup();
    e.arith(OP.OP_ADD);
    if (d[p] !== 0) {
      e.over();
      e.arith(d[p]! > 0 ? OP.OP_ADD : OP.OP_SUB);
    }
  }
  e.nip();
}

/**
 * Whether per-weight code for `op` is sure to be no smaller than `bytes` (then codegen keeps the
 * code it has, and need not emit per-weight to know): its multiplications and sums alone take
 * that many bytes (each fetch past the first counted as one byte, the first fetch, hooks and
 * input checks as none). Only where emitting it could not fail either: its numbers are within the
 * range proof's peak, itself within the operand limit, and the stack has room to spare.
 */
function perWeightCannotWin(e: Emitter, op: NeuronOp, bytes: number): boolean {
  if (!(op.bounds.peak <= e.dialect.maxOperand) || e.main.length + e.alt.length + 16 > e.dialect.maxStackItems) return false;
  const weights = op.terms.map((t) => t.weight);
  if (op.rescale === 'hint') weights.push(-(2 ** op.shift));
  if (weights.length === 0) return 1 >= bytes;
  // perWeight takes a positive weight first where there is one; a negative first one is negated.
  let least = weights.some((w) => w > 0) ? 0 : 1;
  for (const w of weights) {
    const d = naf(Math.abs(w));
    const top = d.length - 1;
    const nonzero = d.filter((x) => x !== 0).length;
    // mulConst: doublings only (DUP ADD per plane), or DUP, per plane DUP ADD, per lower digit OVER ADD|SUB, then NIP.
    least += nonzero === 1 ? 2 * top : 2 + 2 * top + 2 * (nonzero - 1);
  }
  // Every term past the first: its fetch (PICK / ROLL of depth >= 1: at least one byte) and its ADD or SUB.
  least += 2 * (weights.length - 1);
  return least >= bytes;
}

function perWeight(e: Emitter, terms: Term[]): void {
  let started = false;
  const ordered = [...terms].sort((a, b) => (b.w > 0 ? 1 : 0) - (a.w > 0 ? 1 : 0));
  for (const t of ordered) {
    e.fetch(t.id);
    t.hook?.(e);
    mulConst(e, Math.abs(t.w));
    if (!started) {
      if (t.w < 0) e.arith(OP.OP_NEGATE);
      started = true;
    } else e.arith(t.w > 0 ? OP.OP_ADD : OP.OP_SUB);
  }
  if (!started) e.push(0);
}

/** floor(v / 2^s) of the top item in script, by bit decomposition (no hint). */
function bitDecompose(e: Emitter, s: number): void {
  let [lo, hi] = e.top().iv;
  let off = 0;
  if (lo < 0) {
    off = Math.ceil(-lo / 2 ** s);
    e.push(off * 2 ** s);
    e.arith(OP.OP_ADD);
    [lo, hi] = e.top().iv;
  }
  if (hi < 2 ** s) {
    e.drop();
    e.push(-off);
    return;
  }
  const kt = Math.floor(Math.log2(hi));
  e.push(0);
  e.swap(); // [q rem]
  let remHi = hi;
  let qHi = 0;
  for (let k = kt; k >= s; k--) {
    e.dup();
    e.push(2 ** k);
    e.arith(OP.OP_GREATERTHANOREQUAL);
    e.raw(OP.OP_IF);
    e.main.pop();
    e.push(2 ** k);
    e.arith(OP.OP_SUB);
    e.swap();
    e.push(2 ** (k - s));
    e.arith(OP.OP_ADD);
    e.swap();
    e.raw(OP.OP_ENDIF);
    remHi = Math.min(remHi, 2 ** k - 1);
    qHi += 2 ** (k - s);
    e.main[e.main.length - 1] = { id: '', iv: [0, remHi] };
    e.main[e.main.length - 2] = { id: '', iv: [0, qHi] };
  }
  e.drop();
  if (off) {
    e.push(off);
    e.arith(OP.OP_SUB);
  }
}

/**
 * The clamps on the top item: `0 MAX` for relu and the clip bounds, each only where it cuts the
 * item's proven interval (a relu on an item proven non-negative changes nothing).
 */
function emitClamp(e: Emitter, relu: boolean, clip: NeuronOp['clip']): void {
  if (relu && e.top().iv[0] < 0) {
    e.push(0);
    e.arith(OP.OP_MAX);
  }
  if (!clip) return;
  const [lo, hi] = clip;
  if (lo !== null && lo > e.top().iv[0]) {
    e.push(lo);
    e.arith(OP.OP_MAX);
  }
  if (hi !== null && hi < e.top().iv[1]) {
    e.push(hi);
    e.arith(OP.OP_MIN);
  }
}

/** Replaces the top item's interval by a proven (tighter) one: the value is exactly that neuron value. */
function narrow(e: Emitter, iv: [number, number]): void {
  e.main[e.main.length - 1] = { id: '', iv };
}

/**
 * LeakyRelu of the top item z: `m = MAX(num·z, z·2^bits)` (MIN for a slope above 1), then its
 * floor by 2^shift: checked against the witness hint (which is then the value, sent to the
 * altstack clamped when `keep`) or computed by bit decomposition. Returns true when the hint
 * check consumed everything (the output is already on the altstack).
 */
function emitLeaky(e: Emitter, op: NeuronOp, keep: boolean): boolean {
  const { num, bits, shift } = op.leaky!;
  narrow(e, op.bounds.z);
  // Whatever the slope, m is z·2^bits for z >= 0 and num·z for z <= 0: where the range proof puts
  // z on one side of 0, only that product is computed.
  const [zlo, zhi] = op.bounds.z;
  if (zlo >= 0) mulConst(e, 2 ** bits);
  else if (zhi <= 0) {
    if (num === 0) {
      e.drop();
      e.push(0);
    } else mulConst(e, num);
  } else {
    e.dup();
    if (num === 0) {
      e.drop();
      e.push(0);
    } else mulConst(e, num);
    e.swap();
    mulConst(e, 2 ** bits);
    e.arith(num <= 2 ** bits ? OP.OP_MAX : OP.OP_MIN);
  }
  narrow(e, op.bounds.m!);
  if (shift > 0 && op.leakyRescale === 'hint') {
    e.fetch(op.leakyHint!);
    if (keep) {
      e.dup();
      emitClamp(e, op.relu, op.clip);
      e.toAlt(op.out);
    }
    mulConst(e, 2 ** shift);
    e.arith(OP.OP_SUB);
    e.push(0);
    e.push(2 ** shift);
    e.arith(OP.OP_WITHIN);
    e.verify();
    return true;
  }
  if (shift > 0) bitDecompose(e, shift);
  narrow(e, op.bounds.y!);
  return false;
}

function emitNeuron(e: Emitter, op: NeuronOp, strategy: Strategy, shared?: Digit[]): void {
  const terms: Term[] = shared ? [] : op.terms.map((t) => ({ id: t.value, w: t.weight }));
  const keep = (e.uses.get(op.out) ?? 0) > 0;
  // The LeakyRelu runs when its output is used or its hint must be checked (and consumed).
  const leaky = !!op.leaky && (keep || op.leakyRescale === 'hint');
  if (op.rescale === 'hint') {
    terms.push({
      id: op.hint!,
      w: -(2 ** op.shift),
      hook: (em) => {
        if (op.leaky) {
          // z waits on the altstack until the hint check is done.
          if (leaky) {
            em.dup();
            em.toAlt();
          }
          return;
        }
        if (!keep) return;
        em.dup();
        emitClamp(em, op.relu, op.clip);
        em.toAlt(op.out);
      },
    });
  }
  if (shared) hornerDigits(e, [...shared, ...termDigits(terms)]);
  else (strategy === 'horner' ? horner : perWeight)(e, terms);
  if (op.rescale === 'hint') {
    e.push(-op.bias);
    e.push(2 ** op.shift - op.bias);
    e.arith(OP.OP_WITHIN);
    e.verify();
    if (!leaky) return;
    e.fromAlt();
  } else {
    if (op.bias !== 0) {
      e.push(op.bias);
      e.arith(OP.OP_ADD);
    }
    if (op.relu && !op.leaky && e.top().iv[0] < 0) {
      // Before the rescale: max(0, floor(v / 2^s)) = floor(max(0, v) / 2^s), and the decomposition is cheaper.
      e.push(0);
      e.arith(OP.OP_MAX);
    }
    if (op.rescale === 'pure') bitDecompose(e, op.shift);
    if (op.leaky && !leaky) {
      e.drop();
      return;
    }
  }
  if (op.leaky) {
    if (emitLeaky(e, op, keep)) return;
    emitClamp(e, op.relu, op.clip);
  } else {
    // The proven value before the clip (relu already applied): lets the clip skip bounds it cannot reach.
    if (op.clip) narrow(e, op.relu ? [Math.max(0, op.bounds.z[0]), Math.max(0, op.bounds.z[1])] : op.bounds.z);
    emitClamp(e, false, op.clip);
  }
  // The value is exactly the neuron's output: narrow the (looser) interval-arithmetic bound to
  // the range proof's, so that looseness does not compound from layer to layer.
  narrow(e, op.bounds.out);
  if (keep) e.toAlt(op.out);
  else e.drop();
}

/** A dialect for measuring emitted code: no operand or stack limit, every opcode allowed. */
const MEASURE: Dialect = { ...BTC_TAPSCRIPT, name: 'measurement', maxOperand: Infinity, maxStackItems: Infinity, opcodes: new Set(Array.from({ length: 256 }, (_, i) => i)) };

/**
 * The range proof's per-instruction bound of one neuron: the largest magnitude of any number its
 * emitted code pushes, feeds to a numeric opcode or produces, over every per-neuron strategy
 * (horner, per-weight), by interval arithmetic on the code itself, exactly as codegen emits it.
 * `intervals` holds the proven interval of each of its terms' values and of its hints (`op.bounds`
 * the neuron's own value bounds). The neuron's output is taken as used (the longer code).
 * `measure` (default): a measuring emitter (no bytes, no stack search: the same numbers, faster);
 * false: a full emitter (the reference the fast one is tested against).
 */
export function neuronPeak(op: NeuronOp, intervals: Readonly<Record<string, Interval>>, measure = true): number {
  const ids = [...new Set([...op.terms.map((t) => t.value), ...(op.hint ? [op.hint] : []), ...(op.leakyHint ? [op.leakyHint] : [])])];
  const uses = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const t of op.terms) uses.set(t.value, uses.get(t.value)! + 1);
  if (op.hint) uses.set(op.hint, uses.get(op.hint)! + 1);
  if (op.leakyHint) uses.set(op.leakyHint, uses.get(op.leakyHint)! + 1);
  uses.set(op.out, 1);
  const e = new Emitter(MEASURE, ids.map((id) => ({ id, iv: intervals[id]! })), uses, measure);
  const snap = e.snapshot();
  let peak = 0;
  for (const s of ['horner', 'per-weight'] as const) {
    e.seen = 0;
    emitNeuron(e, op, s);
    peak = Math.max(peak, e.seen);
    e.restore(snap);
  }
  return peak;
}

/**
 * What {@link neuronPeak} depends on, as a string: two ops with the same key have the same peak
 * (for a cache of measured peaks). Every field emitNeuron reads, and the intervals of the values
 * and hints it fetches; not the neuron's place or its output's name.
 */
export function neuronPeakKey(op: NeuronOp, intervals: Readonly<Record<string, Interval>>): string {
  const iv = (id: string | undefined) => (id === undefined ? null : intervals[id]!);
  const { z, m, y, out } = op.bounds;
  return JSON.stringify([
    op.bias, op.shift, op.rescale, iv(op.hint), op.leaky ?? null, op.leakyRescale ?? null, iv(op.leakyHint), op.relu, op.clip ?? null, z, m ?? null, y ?? null, out,
    op.terms.map((t) => [t.value, t.weight, iv(t.value)]),
  ]);
}

/**
 * Emits one layer with digit pairs shared across its neurons (see sharing.ts): the shared values
 * first (kept on the main stack), then each neuron by Horner over its rewritten digits. Returns
 * false when nothing is worth sharing, or when the shared code would hold a number beyond what the
 * range proof measured of the per-neuron code (its neuron's peak; for the shared values, the
 * layer's largest): the caller then restores its snapshot and emits the layer per neuron.
 */
function emitSharedLayer(e: Emitter, order: readonly NeuronOp[], k: number, mapped: (s: SourceRef, f: () => void) => void, minCount = 3): boolean {
  const digits = order.map((op) => termDigits(op.terms.map((t) => ({ id: t.value, w: t.weight }))));
  const budget = Math.min(128, e.dialect.maxStackItems - (e.main.length + e.alt.length) - order.length - 16);
  if (budget <= 0) return false;
  const plan = planSharing(digits, `s${k}.`, budget, undefined, minCount);
  if (plan.pairs.length === 0) return false;
  // One fetch per digit: recount the uses of every value this layer reads.
  const reads = new Map<string, number>();
  const read = (id: string) => reads.set(id, (reads.get(id) ?? 0) + 1);
  for (const p of plan.pairs) {
    read(p.a);
    read(p.b);
  }
  for (const list of plan.digits) for (const d of list) read(d.id);
  for (const op of order) for (const t of op.terms) e.uses.set(t.value, 0);
  for (const [id, n] of reads) e.uses.set(id, n);
  e.where = { layer: k, neuron: -1, text: `the shared values of dense layer ${k}` };
  e.seen = 0;
  mapped({ layer: k, what: 'shared' }, () => {
    for (const p of plan.pairs) {
      e.fetch(p.a);
      e.fetch(p.b);
      e.arith(p.rel > 0 ? OP.OP_ADD : OP.OP_SUB);
      e.name(p.id);
    }
  });
  let within = e.seen <= Math.max(...order.map((op) => op.bounds.peak));
  order.forEach((op, n) => {
    e.where = { layer: k, neuron: op.neuron, text: `dense layer ${k} neuron ${op.neuron}` };
    e.seen = 0;
    mapped(op.source, () => emitNeuron(e, op, 'shared', plan.digits[n]));
    within &&= e.seen <= op.bounds.peak;
  });
  return within;
}

function emitOutput(e: Emitter, op: OutputOp): void {
  const n = op.logits.length;
  if (op.mode.kind === 'leave') {
    for (let j = 0; j < n; j++) e.fromAlt();
    return;
  }
  // argmax, ties to the lowest index: [best_index best_value], scanning o_0 .. o_(n-1).
  e.fromAlt();
  e.push(0);
  e.swap();
  for (let j = 1; j < n; j++) {
    e.fromAlt();
    const [bi, bv, o] = e.main.slice(-3) as [Slot, Slot, Slot];
    e.dup2();
    e.arith(OP.OP_LESSTHAN);
    e.raw(OP.OP_IF);
    e.main.pop();
    e.nip();
    e.nip();
    e.push(j);
    e.swap();
    e.raw(OP.OP_ELSE);
    e.main.length -= 2;
    e.main.push(bi, bv, o);
    e.drop();
    e.raw(OP.OP_ENDIF);
    e.main.length -= 2;
    e.main.push({ id: '', iv: [0, j] }, { id: '', iv: hull(bv.iv, o.iv) });
  }
  e.drop();
  if (op.mode.kind === 'assert-class') e.push(op.mode.cls);
  else e.fetch(op.claim!);
  e.arith(OP.OP_NUMEQUAL);
}

/**
 * Generates the script of a Program for a shift-add dialect. `plain`: emit every candidate
 * strategy, even one sure to lose (tests: the script must be the same).
 */
export function codegen(program: Program, dialect: Dialect, choice: StrategyChoice = 'best', recordChecks = false, plain = false): CodegenResult {
  if (dialect.rules.multiply !== 'shift-add' || dialect.rules.rescalePure !== 'bit-decompose') {
    throw new CompileOptionsError(`codegen for ${dialect.name}: rules ${JSON.stringify(dialect.rules)} are not implemented`);
  }
  const w = program.witness.length;
  if (w > dialect.maxStackItems) {
    throw new StackLimitError(
      `the witness alone has ${w} items (inputs, hints, claim), beyond the ${dialect.maxStackItems}-item stack limit of ${dialect.name}; use --rescale pure (no hints) or a smaller model`,
    );
  }
  const e = new Emitter(
    dialect,
    program.witness.map(({ id }) => ({ id, iv: program.intervals[id]! })),
    new Map(Object.entries(program.uses)),
  );
  e.recordChecks = recordChecks;
  const sourceMap: SourceMapEntry[] = [];
  const strategies: Record<Strategy, number> = { horner: 0, 'per-weight': 0, shared: 0 };
  const mapped = (source: SourceRef, f: () => void) => {
    const start = e.pos;
    f();
    sourceMap.push({ start, end: e.pos, source });
  };
  const neurons = program.ops.filter((o): o is NeuronOp => o.op === 'neuron');
  const layerCount = neurons.length ? neurons[neurons.length - 1]!.layer + 1 : 0;
  // Input range checks ride on each input's first fetch (see Emitter.pendingChecks); the check's
  // own use is dropped from the count. Inputs the first layer never reads are checked after it.
  const checks = program.ops.filter((o): o is CheckInputOp => o.op === 'check-input');
  for (const op of checks) {
    e.pendingChecks.set(op.value, [op.lo, op.hi]);
    e.uses.set(op.value, (e.uses.get(op.value) ?? 0) - 1);
  }
  const leftoverChecks = () => {
    for (const op of checks) {
      if (!e.pendingChecks.has(op.value)) continue;
      e.where = { layer: -1, neuron: op.source.neuron ?? -1, text: `the range check of ${op.value}` };
      mapped(op.source, () => {
        e.fetch(op.value);
        e.drop();
      });
    }
  };
  for (let k = 0; k < layerCount; k++) {
    const layer = neurons.filter((n) => n.layer === k);
    const last = k === layerCount - 1;
    // The last layer runs in reverse so that its outputs come back from the altstack in order.
    const order = last ? [...layer].reverse() : layer;
    const perNeuron = () => {
      for (const op of order) {
        e.where = { layer: k, neuron: op.neuron, text: `dense layer ${k} neuron ${op.neuron}` };
        mapped(op.source, () => {
          const candidates = (['horner', 'per-weight'] as const).filter((s) => choice === 'best' || choice === 'shared' || choice === s);
          let best = candidates[0]!;
          if (candidates.length === 1) emitNeuron(e, op, best);
          else {
            const snap = e.snapshot();
            let kept: ReturnType<Emitter['since']> | undefined;
            for (const s of candidates) {
              if (s === 'per-weight' && kept && !plain && perWeightCannotWin(e, op, kept.bytes.length)) continue;
              emitNeuron(e, op, s);
              if (!kept || e.pos - snap.bytes < kept.bytes.length) [best, kept] = [s, e.since(snap)];
              e.restore(snap);
            }
            e.replay(kept!);
          }
          strategies[best]++;
        });
      }
    };
    if (choice === 'shared') {
      // Forced sharing (tests): share any pair that occurs twice.
      const snap = e.snapshot();
      const mapLen = sourceMap.length;
      let sharedOk = false;
      try {
        sharedOk = emitSharedLayer(e, order, k, mapped, 2);
      } catch (err) {
        if (!(err instanceof RangeProofError)) throw err;
      }
      if (sharedOk) strategies.shared += order.length;
      else {
        e.restore(snap);
        sourceMap.length = mapLen;
        perNeuron();
      }
    } else if (choice !== 'best') perNeuron();
    else {
      // Try the whole layer with digit pairs shared across neurons too; keep the smaller.
      const snap = e.snapshot();
      const mapLen = sourceMap.length;
      const counts = { ...strategies };
      perNeuron();
      const plain = { run: e.since(snap), map: sourceMap.slice(mapLen), counts: { ...strategies } };
      e.restore(snap);
      sourceMap.length = mapLen;
      Object.assign(strategies, counts);
      let sharedOk = false;
      try {
        sharedOk = emitSharedLayer(e, order, k, mapped);
      } catch (err) {
        // Too many shared values for the stack, or a number beyond the operand limit: per neuron then.
        if (!(err instanceof StackLimitError || err instanceof RangeProofError)) throw err;
      }
      if (sharedOk && e.pos - snap.bytes < plain.run.bytes.length) strategies.shared += order.length;
      else {
        e.restore(snap);
        sourceMap.length = mapLen;
        e.replay(plain.run);
        sourceMap.push(...plain.map);
        Object.assign(strategies, plain.counts);
      }
    }
    if (k === 0) leftoverChecks();
    e.where = { layer: k, neuron: -1, text: `the end of dense layer ${k}` };
    mapped({ layer: k, what: 'layer-end' }, () => {
      e.dropDead();
      if (!last) for (let i = 0; i < layer.length; i++) if (e.alt.length) e.fromAlt();
    });
  }
  const out = program.ops.find((o): o is OutputOp => o.op === 'output')!;
  e.where = { layer: -1, neuron: -1, text: 'the output check' };
  mapped(out.source, () => emitOutput(e, out));
  // The input range checks, emitted inside whatever first fetched each input: their own entries
  // (narrower than the enclosing section's, so a debugger shows the check).
  const checkSource = new Map(checks.map((op) => [op.value, op.source]));
  for (const c of e.inputChecks) sourceMap.push({ start: c.start, end: c.end, source: checkSource.get(c.id)! });
  sourceMap.sort((a, b) => a.start - b.start || b.end - a.end);
  return { script: Uint8Array.from(e.bytes), sourceMap, checks: e.checks, peakStackItems: e.peakItems, strategies };
}
