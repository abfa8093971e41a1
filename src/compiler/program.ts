/**
 * The dialect-independent fixed-point Program: named integer values, the witness layout, and a
 * list of operations, each tagged with its source (layer, neuron). Lowering builds it from an
 * IntModel and its range proof; codegen turns it into script for one dialect.
 */
import { CompileOptionsError } from './errors.js';
import { nafWeight } from './csd.js';
import type { IntLayer, IntLeaky, IntModel } from './intmodel.js';
import type { Interval, NeuronBounds, RangeProof } from './range.js';

/**
 * A value name: `x3` (input 3), `z1.5` (hint of layer 1 neuron 5), `y1.5` (its LeakyRelu hint),
 * `a1.5` (its output), `claim`.
 */
export type ValueId = string;

/**
 * Where script code comes from (a source-map entry's `source`): `check-input` is the range check
 * of witness input `neuron` (layer -1); `neuron` computes neuron `neuron` of dense layer `layer`;
 * `shared` computes the digit pairs dense layer `layer` shares across its neurons (no `neuron`);
 * `layer-end` closes dense layer `layer` (drops dead values, brings its outputs back from the
 * altstack; no `neuron`); `output` is the output check (layer -1).
 */
export interface SourceRef {
  /** 0-based dense layer (-1: the inputs / output section). */
  layer: number;
  /** The neuron (`neuron`) or the input index (`check-input`); absent for the other kinds. */
  neuron?: number;
  what: 'check-input' | 'neuron' | 'shared' | 'layer-end' | 'output';
}

/** One witness item (the stack given to the script), bottom first. */
export type WitnessItem =
  | { kind: 'claim' }
  | { kind: 'input'; index: number }
  | { kind: 'hint'; layer: number; neuron: number }
  /** `floor(m / 2^leaky.shift)` of a LeakyRelu neuron (see IntLeaky). */
  | { kind: 'leaky-hint'; layer: number; neuron: number };

/** How rescales (floor division by 2^s) are computed. */
export type RescaleMode = 'hint' | 'pure';

/** What the script does with the logits. */
export type OutputMode = { kind: 'assert-output' } | { kind: 'assert-class'; cls: number } | { kind: 'leave' };

/** Checks that a witness input lies in `[lo, hi]` (fails the script otherwise). */
export interface CheckInputOp {
  op: 'check-input';
  value: ValueId;
  lo: number;
  hi: number;
  source: SourceRef;
}

/**
 * One neuron: `acc = bias + sum(weight * value)`, `z = floor(acc / 2^shift)` (verified against the
 * witness hint `hint` in hint mode, computed in pure mode), then the LeakyRelu `y` (its floor
 * verified against `leakyHint` or computed), then relu and clip: `out`.
 */
export interface NeuronOp {
  op: 'neuron';
  layer: number;
  neuron: number;
  out: ValueId;
  /** Nonzero terms only. */
  terms: { value: ValueId; weight: number }[];
  bias: number;
  shift: number;
  rescale: 'none' | 'hint' | 'pure';
  hint?: ValueId;
  leaky?: IntLeaky;
  /** How the LeakyRelu's floor is computed ('none': its shift is 0). */
  leakyRescale?: 'none' | 'hint' | 'pure';
  leakyHint?: ValueId;
  relu: boolean;
  clip?: [number | null, number | null];
  /** Whether this is the last layer (its outputs are the logits). */
  last: boolean;
  bounds: NeuronBounds;
  source: SourceRef;
}

/** The outputs: verify the claimed class, a fixed class, or leave the logits. */
export interface OutputOp {
  op: 'output';
  mode: OutputMode;
  logits: ValueId[];
  claim?: ValueId;
  source: SourceRef;
}

export type ProgramOp = CheckInputOp | NeuronOp | OutputOp;

/** The Program. */
export interface Program {
  /** Witness items, bottom first, with the value id each one defines. */
  witness: { item: WitnessItem; id: ValueId }[];
  /** Proven interval of every named value (for witness values: the honest range). */
  intervals: Record<ValueId, Interval>;
  ops: ProgramOp[];
  /** Number of uses of each named value by the ops (codegen consumes values on their last use). */
  uses: Record<ValueId, number>;
  /** Output size. */
  outputs: number;
  rescale: RescaleMode;
  mode: OutputMode;
}

/** Parses an output mode string: `assert-output`, `assert-class:K`, `leave`. */
export function parseOutputMode(s: string, classes: number): OutputMode {
  if (s === 'assert-output') return { kind: 'assert-output' };
  if (s === 'leave') return { kind: 'leave' };
  const m = /^assert-class:(\d+)$/.exec(s);
  if (m) {
    const cls = Number(m[1]);
    if (cls >= classes) throw new CompileOptionsError(`--output ${s}: the model has ${classes} classes (0..${classes - 1})`);
    return { kind: 'assert-class', cls };
  }
  throw new CompileOptionsError(`unknown output mode ${JSON.stringify(s)} (expected assert-output, assert-class:K or leave)`);
}

/** Output mode as its CLI string. */
export function outputModeName(m: OutputMode): string {
  return m.kind === 'assert-class' ? `assert-class:${m.cls}` : m.kind;
}

/**
 * The op of neuron `o` of layer `k` (`l`), reading the values `ins`, with its proven `bounds`: the
 * one place that decides which terms, hints and rescales a neuron has (lower, and the range proof's
 * per-instruction bound).
 */
export function neuronOp(l: IntLayer, k: number, o: number, ins: readonly ValueId[], rescale: RescaleMode, bounds: NeuronBounds, last: boolean): NeuronOp {
  const terms = l.weights[o]!.flatMap((w, i) => (w === 0 ? [] : [{ value: ins[i]!, weight: w }]));
  const r: NeuronOp['rescale'] = l.shift === 0 ? 'none' : rescale;
  const op: NeuronOp = {
    op: 'neuron', layer: k, neuron: o, out: `a${k}.${o}`, terms, bias: l.bias[o]!, shift: l.shift, rescale: r, relu: l.relu,
    last, bounds, source: { layer: k, neuron: o, what: 'neuron' },
  };
  if (r === 'hint') op.hint = `z${k}.${o}`;
  if (l.clip) op.clip = l.clip;
  if (l.leaky) {
    op.leaky = l.leaky;
    op.leakyRescale = l.leaky.shift === 0 ? 'none' : rescale;
    if (op.leakyRescale === 'hint') op.leakyHint = `y${k}.${o}`;
  }
  return op;
}

/**
 * Lowers an IntModel with its range proof to a Program. Witness layout (bottom first): the claim
 * (assert-output only), the hints of the last layer down to the first (neuron 0 nearest the top
 * within a layer; a LeakyRelu neuron's second hint `y` right below its `z`), then the inputs, the
 * most read nearest the top (see below). A proof made for the other rescale mode is refused (its
 * peaks bound other code).
 */
export function lower(im: IntModel, proof: RangeProof, rescale: RescaleMode, mode: OutputMode): Program {
  if (proof.rescale && proof.rescale !== rescale) {
    throw new CompileOptionsError(`lower: the range proof bounds the code of --rescale ${proof.rescale}, not ${rescale}; prove the ranges for ${rescale} (proveRanges(im, limit, '${rescale}'))`);
  }
  const witness: Program['witness'] = [];
  const intervals: Record<ValueId, Interval> = {};
  const uses: Record<ValueId, number> = {};
  const use = (id: ValueId) => (uses[id] = (uses[id] ?? 0) + 1);
  const L = im.layers.length;
  const hinted = (k: number) => rescale === 'hint' && im.layers[k]!.shift > 0;
  const leakyHinted = (k: number) => rescale === 'hint' && (im.layers[k]!.leaky?.shift ?? 0) > 0;
  if (mode.kind === 'assert-output') {
    witness.push({ item: { kind: 'claim' }, id: 'claim' });
    intervals.claim = [0, im.layers[L - 1]!.weights.length - 1];
  }
  for (let k = L - 1; k >= 0; k--) {
    const n = im.layers[k]!.weights.length;
    for (let o = n - 1; o >= 0; o--) {
      if (leakyHinted(k)) {
        const id = `y${k}.${o}`;
        witness.push({ item: { kind: 'leaky-hint', layer: k, neuron: o }, id });
        intervals[id] = proof.layers[k]![o]!.y!;
      }
      if (!hinted(k)) continue;
      const id = `z${k}.${o}`;
      witness.push({ item: { kind: 'hint', layer: k, neuron: o }, id });
      intervals[id] = proof.layers[k]![o]!.z;
    }
  }
  // Inputs read most often (nonzero signed digits of their first-layer weights) go nearest the
  // top, where fetching them is cheapest (depth <= 16: a one-byte push); ties keep input order.
  const digitUses = im.inputRange.map((_, i) => im.layers[0]!.weights.reduce((s, row) => s + nafWeight(row[i]!), 0));
  const order = im.inputRange.map((_, i) => i).sort((a, b) => digitUses[a]! - digitUses[b]! || a - b);
  for (const i of order) {
    const r = im.inputRange[i]!;
    witness.push({ item: { kind: 'input', index: i }, id: `x${i}` });
    intervals[`x${i}`] = [r[0], r[1]];
  }
  const ops: ProgramOp[] = [];
  im.inputRange.forEach((r, i) => {
    ops.push({ op: 'check-input', value: `x${i}`, lo: r[0], hi: r[1], source: { layer: -1, neuron: i, what: 'check-input' } });
    use(`x${i}`);
  });
  let ins: ValueId[] = im.inputRange.map((_, i) => `x${i}`);
  im.layers.forEach((l, k) => {
    const outs: ValueId[] = [];
    l.weights.forEach((_, o) => {
      const op = neuronOp(l, k, o, ins, rescale, proof.layers[k]![o]!, k === L - 1);
      for (const t of op.terms) use(t.value);
      if (op.hint) use(op.hint);
      if (op.leakyHint) use(op.leakyHint);
      const out = op.out;
      intervals[out] = proof.layers[k]![o]!.out;
      ops.push(op);
      outs.push(out);
    });
    ins = outs;
  });
  const out: OutputOp = { op: 'output', mode, logits: ins, source: { layer: -1, what: 'output' } };
  ins.forEach(use);
  if (mode.kind === 'assert-output') {
    out.claim = 'claim';
    use('claim');
  }
  ops.push(out);
  return { witness, intervals, ops, uses, outputs: ins.length, rescale, mode };
}
