/**
 * Quantization: float model -> IntModel with power-of-two scales (docs/fixed-point.md).
 * Weights per scheme (int8, int4, ternary, pow2); activations with one fractional-bit count per
 * tensor (the input, then each hidden layer's output).
 */
import type { DenseLayer, Model } from '../models/model.js';
import { featureRanges } from '../models/validate.js';
import { CompileOptionsError } from './errors.js';
import { roundHalfUp, type IntLayer, type IntModel, type WeightScheme } from './intmodel.js';

const log2 = Math.log2;

/**
 * One dense layer and the activations after it, in the one form the compiler computes: an
 * optional LeakyRelu first, then a clamp (every relu and clip after it folded into one).
 */
export interface Block {
  dense: DenseLayer;
  /** LeakyRelu slope (> 0), applied first; undefined for none. */
  leaky?: number;
  /** `[lo, hi]` of the clamp applied after the LeakyRelu (±Infinity: unbounded; relu is `[0, Infinity]`). */
  clamp: [number, number];
  /** Index of the dense layer in `model.layers`. */
  modelLayer: number;
}

/** A block's activations applied to one float value (in double precision). */
export function blockActivate(b: Block, v: number): number {
  const y = b.leaky !== undefined && v < 0 ? b.leaky * v : v;
  return Math.min(Math.max(y, b.clamp[0]), b.clamp[1]);
}

/**
 * Groups a model's layers into blocks: each dense layer with the activations after it, in any
 * order. Clamps compose (relu then clip(-1, 1) is clip(0, 1)); a LeakyRelu with alpha 0 is a relu;
 * a LeakyRelu f after a clamp moves before it (`f(clamp(x, lo, hi)) = clamp(f(x), f(lo), f(hi))`,
 * f is monotone) and two LeakyRelus compose (slopes multiply). Throws CompileOptionsError on an
 * activation before the first dense layer.
 */
export function blocks(model: Model): Block[] {
  const out: Block[] = [];
  model.layers.forEach((l, i) => {
    if (l.type === 'dense') {
      out.push({ dense: l, clamp: [-Infinity, Infinity], modelLayer: i });
      return;
    }
    const b = out[out.length - 1];
    if (!b) throw new CompileOptionsError(`model layers[${i}]: a ${l.type} before the first dense layer is not supported`);
    const clampBy = (a: number, c: number) => {
      b.clamp = [Math.min(Math.max(b.clamp[0], a), c), Math.min(Math.max(b.clamp[1], a), c)];
    };
    if (l.type === 'relu' || (l.type === 'leakyRelu' && l.alpha === 0)) clampBy(0, Infinity);
    else if (l.type === 'clip') clampBy(l.min ?? -Infinity, l.max ?? Infinity);
    else if (b.clamp[0] >= 0) return; // nothing negative reaches it
    else {
      // A monotone f through a clamp: f(clamp(x, lo, hi)) = clamp(f(x), f(lo), f(hi)).
      const f = (v: number) => (v < 0 ? l.alpha * v : v);
      b.leaky = (b.leaky ?? 1) * l.alpha;
      b.clamp = [f(b.clamp[0]), f(b.clamp[1])];
    }
  });
  return out;
}

/** Significant bits of a quantized LeakyRelu slope: its numerator is at most 2^7 - 1. */
export const LEAKY_NUM_BITS = 7;

/**
 * Most fractional bits of a quantized LeakyRelu slope: the script computes `z · 2^bits`, so each
 * bit costs range. Slopes below 2^-13 round to 0 (a relu); 0.001 is 4/2^12 (2.3% off).
 */
export const LEAKY_MAX_BITS = 12;

/**
 * A LeakyRelu slope as `num / 2^bits`: `bits = floor(log2(127 / alpha))` (clamped to
 * 0..LEAKY_MAX_BITS), `num = round-half-up(alpha · 2^bits)`, then common factors of two removed
 * (0.5 is 1/2, 0.1 is 51/2^9, 0.01 is 41/2^12).
 */
export function quantizeSlope(alpha: number): { num: number; bits: number } {
  if (!(alpha > 0)) return { num: 0, bits: 0 };
  let bits = Math.max(0, Math.min(LEAKY_MAX_BITS, Math.floor(log2((2 ** LEAKY_NUM_BITS - 1) / alpha))));
  let num = roundHalfUp(alpha * 2 ** bits);
  while (bits > 0 && num % 2 === 0) {
    num /= 2;
    bits--;
  }
  return { num, bits };
}

/** Quantized weights of one layer. */
export interface QuantWeights {
  weights: number[][];
  /** Fractional bits: real weight = w * 2^-frac. */
  frac: number;
  /**
   * The common factor between the quantized and the float weights (ternary: 2^-frac / mean kept
   * magnitude; 1 otherwise). A ReLU network is positively homogeneous, so the quantizer folds it
   * into the biases of this and later layers instead of losing it.
   */
  gain: number;
}

/**
 * How many more fractional bits `int8-col` may give a column than its layer's largest column gets
 * (the integer weights stay below 127 · 2^8).
 */
export const INT8_COL_SPREAD = 8;

/** Quantizes one weight matrix with a scheme (per-layer power-of-two scale). */
export function quantizeWeights(w: number[][], scheme: WeightScheme): QuantWeights {
  const flat = w.flat();
  const maxAbs = flat.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  // Magnitudes below 2^-40 quantize to zero in every scheme (scales are clamped to 2^±40).
  if (maxAbs < 2 ** -40) return { weights: w.map((r) => r.map(() => 0)), frac: 0, gain: 1 };
  const clampFrac = (f: number) => Math.max(-40, Math.min(40, f));
  switch (scheme) {
    case 'int8':
    case 'int4': {
      const q = scheme === 'int8' ? 127 : 7;
      const frac = clampFrac(Math.floor(log2(q / maxAbs)));
      return { frac, gain: 1, weights: w.map((r) => r.map((v) => Math.max(-q, Math.min(q, roundHalfUp(v * 2 ** frac))))) };
    }
    case 'int8-col': {
      // int8 mantissas with a power-of-two scale per input column: column j is rounded at its own
      // fractional bits f_j = floor(log2(127 / max_i |w_ij|)), capped at the layer's
      // fw = min(max_j f_j, min_j f_j + INT8_COL_SPREAD), and written at fw as m · 2^(fw - f_j).
      const cols = w[0]!.map((_, j) => w.reduce((m, r) => Math.max(m, Math.abs(r[j]!)), 0));
      const colFrac = cols.map((c) => (c < 2 ** -40 ? null : clampFrac(Math.floor(log2(127 / c)))));
      const fracs = colFrac.filter((f): f is number => f !== null);
      const frac = Math.min(Math.max(...fracs), Math.min(...fracs) + INT8_COL_SPREAD);
      const weights = w.map((r) =>
        r.map((v, j) => {
          const fj = colFrac[j];
          if (fj === null || fj === undefined) return 0;
          const f = Math.min(fj, frac);
          return Math.max(-127, Math.min(127, roundHalfUp(v * 2 ** f))) * 2 ** (frac - f);
        }),
      );
      return { frac, gain: 1, weights };
    }
    case 'ternary': {
      // Ternary weight networks: threshold 0.7 * mean|w|, scale α = mean of the kept magnitudes,
      // rounded to a power of two; the rest of α is folded into the biases (gain).
      const mean = flat.reduce((s, v) => s + Math.abs(v), 0) / flat.length;
      const delta = 0.7 * mean;
      const kept = flat.filter((v) => Math.abs(v) > delta);
      const alpha = kept.reduce((s, v) => s + Math.abs(v), 0) / kept.length;
      const frac = clampFrac(-Math.round(log2(alpha)));
      return { frac, gain: 2 ** -frac / alpha, weights: w.map((r) => r.map((v) => (Math.abs(v) > delta ? Math.sign(v) : 0))) };
    }
    case 'pow2': {
      // Magnitudes rounded in the log domain to 2^k, k in 0..7; below 2^-1/2 -> 0.
      const frac = clampFrac(7 - Math.round(log2(maxAbs)));
      return {
        frac,
        gain: 1,
        weights: w.map((r) =>
          r.map((v) => {
            const m = Math.abs(v) * 2 ** frac;
            if (m === 0) return 0;
            const k = Math.round(log2(m));
            if (k < 0) return 0;
            return Math.sign(v) * 2 ** Math.min(7, k);
          }),
        ),
      };
    }
  }
}

/** Activation magnitude budget (bits) used by automatic fractional bits: inputs, hidden values. */
export const AUTO_INPUT_BITS = 8;
export const AUTO_HIDDEN_BITS = 10;

/**
 * Largest |value| of each activation tensor (input, then the output of every dense block but the
 * last): from data rows when given (observed maxima), otherwise by interval propagation of the
 * declared input range through the float model (a sound but loose bound).
 */
export function activationMaxima(model: Model, data?: readonly (readonly number[])[]): number[] {
  const bs = blocks(model);
  const out: number[] = [];
  if (data && data.length > 0) {
    const maxima = new Array<number>(bs.length).fill(0);
    for (const row of data) {
      let a: number[] = row.slice();
      bs.forEach((b, k) => {
        maxima[k] = Math.max(maxima[k]!, ...a.map(Math.abs));
        a = b.dense.weights.map((r, o) => blockActivate(b, r.reduce((s, w, i) => s + w * a[i]!, b.dense.bias[o]!)));
      });
    }
    return maxima;
  }
  let lo = featureRanges(model).map((r) => r[0]);
  let hi = featureRanges(model).map((r) => r[1]);
  for (const b of bs) {
    out.push(Math.max(...lo.map(Math.abs), ...hi.map(Math.abs)));
    const nlo: number[] = [];
    const nhi: number[] = [];
    b.dense.weights.forEach((r, o) => {
      let l = b.dense.bias[o]!;
      let h = l;
      r.forEach((w, i) => {
        l += Math.min(w * lo[i]!, w * hi[i]!);
        h += Math.max(w * lo[i]!, w * hi[i]!);
      });
      // The activations are monotone: the bounds map through them.
      nlo.push(blockActivate(b, l));
      nhi.push(blockActivate(b, h));
    });
    lo = nlo;
    hi = nhi;
  }
  return out;
}

/** Automatic fractional bits of each activation tensor from its largest magnitude. */
export function autoFracBits(maxima: readonly number[]): number[] {
  return maxima.map((m, k) => {
    const budget = k === 0 ? AUTO_INPUT_BITS : AUTO_HIDDEN_BITS;
    return Math.max(-40, Math.min(40, m > 0 ? budget - Math.ceil(log2(m)) : budget));
  });
}

/**
 * Quantizes a float model: `fracBits[k]` is the fractional-bit count of activation tensor k (0 =
 * the input, k = output of dense block k-1), or null to keep the accumulator's scale (no rescale).
 * A layer never rescales upwards: its output keeps at most the accumulator's fractional bits. The
 * last block's output always keeps the accumulator's scale (the class is an argmax, which scaling
 * does not change). Ternary gains are folded into the biases (see QuantWeights.gain), so every
 * layer computes a positive multiple of the float network's values.
 */
export function quantize(model: Model, scheme: WeightScheme, fracBits: readonly (number | null)[]): IntModel {
  const bs = blocks(model);
  if (fracBits.length !== bs.length) throw new CompileOptionsError(`expected ${bs.length} fractional-bit counts (input + hidden layers), got ${fracBits.length}`);
  if (fracBits[0] === null) throw new CompileOptionsError('the input needs a fractional-bit count');
  fracBits.forEach((f, k) => {
    if (f !== null && (!Number.isInteger(f) || Math.abs(f) > 100)) throw new CompileOptionsError(`fractional bits of tensor ${k}: expected an integer in -100..100, got ${f}`);
  });
  const f0 = fracBits[0] as number;
  let gain = 1;
  const inputRange = featureRanges(model).map(([lo, hi]): [number, number] => [roundHalfUp(lo * 2 ** f0), roundHalfUp(hi * 2 ** f0)]);
  let fracIn = f0;
  const layers: IntLayer[] = bs.map((b, k) => {
    const qw = quantizeWeights(b.dense.weights, scheme);
    const accFrac = fracIn + qw.frac;
    const last = k === bs.length - 1;
    const next = last ? null : fracBits[k + 1]!;
    let slope = b.leaky === undefined ? undefined : quantizeSlope(b.leaky);
    let clamp = b.clamp;
    if (slope && slope.num === 2 ** slope.bits) slope = undefined; // slope 1: the identity
    if (slope && slope.num === 0) {
      // A slope below 2^-13 rounds to 0: a relu, then the clamp.
      slope = undefined;
      clamp = [Math.min(Math.max(0, clamp[0]), clamp[1]), clamp[1]];
    }
    // Bits to drop to reach `next`: first by the dense rescale (down to `next`), the rest (the
    // slope's own bits, when `next` lies above the accumulator's scale) after the LeakyRelu.
    const extra = slope?.bits ?? 0;
    const drop = next === null ? 0 : Math.max(0, accFrac + extra - next);
    const shift = Math.min(drop, next === null ? 0 : Math.max(0, accFrac - next));
    const fracOut = accFrac - shift + extra - (drop - shift);
    gain *= qw.gain;
    const layer: IntLayer = {
      weights: qw.weights,
      bias: b.dense.bias.map((v) => roundHalfUp(v * gain * 2 ** accFrac)),
      fracIn,
      weightFrac: qw.frac,
      shift,
      fracOut,
      relu: clamp[0] === 0 && clamp[1] === Infinity,
    };
    if (slope) layer.leaky = { ...slope, shift: drop - shift };
    if (!layer.relu && (clamp[0] > -Infinity || clamp[1] < Infinity)) {
      // The bounds at the output's scale (times the folded gain), rounded half up like every constant.
      const at = (v: number) => (Number.isFinite(v) ? roundHalfUp(v * gain * 2 ** fracOut) : null);
      layer.clip = [at(clamp[0]), at(clamp[1])];
    }
    fracIn = layer.fracOut;
    return layer;
  });
  return { scheme, inputFrac: f0, inputRange, layers };
}
