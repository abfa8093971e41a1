/**
 * Range proof: sound interval analysis of an IntModel over every input in the declared range.
 * For each neuron it bounds the accumulator, the rescaled value, the output, and `peak`: a bound
 * on the magnitude of every number the neuron's emitted code can produce (partial sums of signed
 * digits as they are accumulated, doubled partial sums, the hint check, bit decomposition
 * constants), found by interval arithmetic over that very code, instruction by instruction, for
 * every per-neuron strategy codegen may choose (codegen's neuronPeak). Every bound must stay
 * within the dialect's operand limit (±(2^31-1) for 4-byte script numbers), otherwise compilation
 * stops here naming the layer and neuron.
 */
import { neuronPeak, neuronPeakKey } from './codegen.js';
import { nafMagnitude } from './csd.js';
import { RangeProofError } from './errors.js';
import type { IntModel } from './intmodel.js';
import { neuronOp, type NeuronOp, type RescaleMode } from './program.js';
import { clampInt, floorShift, leakyInt } from './reference.js';

/** A closed integer interval `[lo, hi]`. */
export type Interval = [number, number];

/** Bounds of one neuron. */
export interface NeuronBounds {
  acc: Interval;
  /** `floor(acc / 2^shift)` (the hint's range in hint mode). */
  z: Interval;
  /** The LeakyRelu's value (layers with one; the second hint's range in hint mode). */
  y?: Interval;
  /** The LeakyRelu's product before its floor: `max(z · 2^bits, num · z)`. */
  m?: Interval;
  out: Interval;
  /** Bound on |any number the neuron's code pushes, feeds to a numeric opcode or produces| (input range checks aside). */
  peak: number;
}

/** The proof: bounds of every value, and the limit they were checked against. */
export interface RangeProof {
  limit: number;
  input: Interval[];
  layers: NeuronBounds[][];
  /** Largest `peak` over all neurons (and inputs). */
  peak: number;
  /** The rescale mode the peaks were proven for (absent: the larger of both). */
  rescale?: RescaleMode;
}

/** 2^31 - 1: the largest magnitude of a 4-byte script number. */
export const INT32_LIMIT = 2 ** 31 - 1;

const fmt = (v: number) => (Number.isFinite(v) ? `${v} (~2^${Math.log2(Math.max(1, Math.abs(v))).toFixed(1)})` : 'more than 2^53 (beyond exact integers)');

/** Beyond 2^52 the per-instruction bound's arithmetic would no longer be exact: the closed form is used there. */
const EXACT = 2 ** 52;

/** Options of {@link proveRanges}: how it measures, never what it proves. */
export interface ProveOptions {
  /**
   * Per-instruction bounds measured so far, by {@link neuronPeakKey}: a neuron whose key is here is
   * not measured again, and every neuron measured is added. Share one map between the proofs of
   * one compile (each `--frac-bits auto` attempt).
   */
  peaks?: Map<string, number>;
  /**
   * Measure every neuron in turn with a full emitter, reusing nothing (no `peaks`) and deferring
   * nothing: the plain path, which tests compare the default one against.
   */
  reference?: boolean;
}

/**
 * Proves the ranges of an IntModel against `limit` for the code codegen emits with rescale mode
 * `rescale` (absent: for either mode); throws RangeProofError naming the neuron.
 *
 * Measuring a neuron's code (its per-instruction bound) is the costly part. A neuron whose closed
 * form (which bounds that measure) is within the limit cannot fail: it is measured only once
 * every neuron has passed, so a proof that fails (as `--frac-bits auto` attempts do until one
 * holds) measures only the neurons it has to. Errors and bounds are the same either way.
 */
export function proveRanges(im: IntModel, limit: number = INT32_LIMIT, rescale?: RescaleMode, options: ProveOptions = {}): RangeProof {
  const { reference = false } = options;
  const input = im.inputRange.map(([lo, hi]): Interval => [lo, hi]);
  input.forEach(([lo, hi], i) => {
    if (Math.max(Math.abs(lo), Math.abs(hi)) > limit) {
      throw new RangeProofError(
        `input ${i}: its quantized range [${lo}, ${hi}] exceeds the operand limit ${limit}; ` +
          (im.inputFrac > -40
            ? `use fewer input fractional bits (--frac-bits, now ${im.inputFrac})`
            : `no --frac-bits fits it (now ${im.inputFrac}; the option takes -40..40): narrow the model's input range (--input-range LO,HI)`),
        0,
        -1,
      );
    }
  });
  let a: Interval[] = input;
  // The value ids codegen gives the layer's inputs (see lower), and the proven interval of each value.
  let ins = input.map((_, i) => `x${i}`);
  const intervals: Record<string, Interval> = Object.fromEntries(input.map((iv, i) => [`x${i}`, iv]));
  let peakAll = Math.max(0, ...input.map(([lo, hi]) => Math.max(Math.abs(lo), Math.abs(hi))));
  const cache = reference ? undefined : options.peaks;
  // The per-instruction bound of a neuron's code in each mode (ops), from the cache or measured.
  const measure = (ops: readonly NeuronOp[]) => {
    let peak = 0;
    for (const op of ops) {
      const key = cache && neuronPeakKey(op, intervals);
      let p = key === undefined ? undefined : cache!.get(key);
      if (p === undefined) {
        p = neuronPeak(op, intervals, !reference);
        if (key !== undefined) cache!.set(key, p);
      }
      peak = Math.max(peak, p);
    }
    return peak;
  };
  // Neurons within the limit by their closed form, measured at the end: [bounds, their ops, closed form, layer, neuron].
  const deferred: [NeuronBounds, () => NeuronOp[], number, number, number][] = [];
  const layers: NeuronBounds[][] = im.layers.map((l, k) => {
    const mags = a.map(([lo, hi]) => Math.max(Math.abs(lo), Math.abs(hi)));
    const bounds = l.weights.map((row, o): NeuronBounds => {
      if (!Number.isSafeInteger(l.bias[o]!) || row.some((w) => !Number.isSafeInteger(w))) {
        throw new RangeProofError(`dense layer ${k} neuron ${o}: quantized weights or bias are not exact integers (scale too large); use fewer fractional bits (--frac-bits)`, k, o);
      }
      let lo = l.bias[o]!;
      let hi = lo;
      // Sum of |digit|·2^p·|input| over the weights' signed digits: bounds every partial sum of them.
      let digits = 0;
      row.forEach((w, i) => {
        if (w === 0) return;
        const [alo, ahi] = a[i]!;
        lo += Math.min(w * alo, w * ahi);
        hi += Math.max(w * alo, w * ahi);
        digits += nafMagnitude(w) * mags[i]!;
      });
      const z: Interval = [floorShift(lo, l.shift), floorShift(hi, l.shift)];
      const zAbs = Math.max(Math.abs(z[0]), Math.abs(z[1]));
      // A closed form over-approximating every intermediate (partial sums of signed digits, the
      // doubled ones, the hint term, the bit decomposition's offset): where even it is modest, the
      // per-instruction bound below is computed; where it is beyond exact integers, it is the bound.
      const closed = 2 * (digits + Math.abs(l.bias[o]!)) + (zAbs + 1) * 2 ** l.shift;
      // Every activation is monotone (LeakyRelu's slope is >= 0), so intervals map by their ends.
      let v = z;
      let leaky: { y: Interval; m: Interval } | undefined;
      let leakyPeak = 0;
      if (l.leaky) {
        const { num, bits, shift } = l.leaky;
        const m: Interval = [leakyInt(z[0], { num, bits, shift: 0 }), leakyInt(z[1], { num, bits, shift: 0 })];
        const y: Interval = [floorShift(m[0], shift), floorShift(m[1], shift)];
        const mAbs = Math.max(Math.abs(m[0]), Math.abs(m[1]));
        const yAbs = Math.max(Math.abs(y[0]), Math.abs(y[1]));
        // The partial sums of the products the script computes (codegen's emitLeaky): num·z only
        // where z can be negative, z·2^bits only where it can be positive. A slope too large for
        // exact integers (alpha near 1e16 or more) has no bound: refused below, unless z >= 0.
        const numMag = z[0] < 0 ? (Number.isSafeInteger(num) ? nafMagnitude(num) : Infinity) : 0;
        const product = zAbs * Math.max(numMag, z[1] > 0 ? 2 ** bits : 0);
        if (!(product <= limit)) {
          throw new RangeProofError(
            `dense layer ${k} neuron ${o}: its LeakyRelu (slope ${num}/2^${bits}) on values in [${z[0]}, ${z[1]}] computes products up to ${fmt(product)}, beyond the operand limit ±${limit}; ` +
              `use fewer fractional bits (--frac-bits, this layer's input has ${l.fracIn}) or a smaller slope`,
            k,
            o,
          );
        }
        // The floor's check `m - y·2^shift` (hint) or its offset `m + ceil(-m/2^shift)·2^shift` (pure bit decomposition).
        leakyPeak = Math.max(product, mAbs + (yAbs + 1) * 2 ** shift);
        leaky = { y, m };
        v = y;
      }
      const out: Interval = [clampInt(v[0], l), clampInt(v[1], l)];
      const b: NeuronBounds = leaky ? { acc: [lo, hi], z, y: leaky.y, m: leaky.m, out, peak: 0 } : { acc: [lo, hi], z, out, peak: 0 };
      let peak = Math.max(Math.abs(out[0]), Math.abs(out[1]));
      if (!(Math.max(closed, leakyPeak) < EXACT)) peak = Math.max(peak, closed, leakyPeak);
      else {
        intervals[`z${k}.${o}`] = z;
        if (leaky) intervals[`y${k}.${o}`] = leaky.y;
        // Both rescale modes emit the same code when nothing is rescaled.
        const modes = rescale ? [rescale] : l.shift === 0 && !l.leaky?.shift ? (['hint'] as const) : (['hint', 'pure'] as const);
        const layerIns = ins;
        const ops = () => modes.map((mode) => neuronOp(l, k, o, layerIns, mode, b, k === im.layers.length - 1));
        const bound = Math.max(peak, closed, leakyPeak);
        if (!reference && bound <= limit) deferred.push([b, ops, bound, k, o]);
        else peak = Math.max(peak, measure(ops()));
      }
      if (!(peak <= limit)) {
        const input = k === 0 ? 'the input' : "this layer's input";
        throw new RangeProofError(
          `dense layer ${k} neuron ${o}: intermediate values can reach ${fmt(peak)}, beyond the operand limit ±${limit}; ` +
            `${input} has ${l.fracIn} fractional bits: use fewer (--frac-bits) or a smaller weight scheme (--weights int4, ternary or pow2)`,
          k,
          o,
        );
      }
      peakAll = Math.max(peakAll, peak);
      b.peak = peak;
      return b;
    });
    a = bounds.map((b) => b.out);
    ins = bounds.map((b, o) => {
      intervals[`a${k}.${o}`] = b.out;
      return `a${k}.${o}`;
    });
    return bounds;
  });
  // Every neuron passed: measure the deferred ones (their closed form bounds what they measure).
  for (const [b, ops, bound, k, o] of deferred) {
    b.peak = Math.max(b.peak, measure(ops()));
    if (b.peak > bound) throw new Error(`internal: dense layer ${k} neuron ${o}: its code measures ${b.peak}, beyond its closed form ${bound}`);
    peakAll = Math.max(peakAll, b.peak);
  }
  return rescale ? { limit, input, layers, peak: peakAll, rescale } : { limit, input, layers, peak: peakAll };
}
