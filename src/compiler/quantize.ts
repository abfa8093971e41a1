/**
 * Quantization: float model -> IntModel with power-of-two scales (docs/fixed-point.md).
 * Weights per scheme (int8, int4, ternary, pow2); activations with one fractional-bit count per
 * tensor (the input, then each hidden layer's output).
 */
import type { DenseLayer, Model } from '../models/model.js';
import { featureRanges } from '../models/validate.js';
import { CompileOptionsError } from './errors.js';
import { roundHalfUp, type IntLayer, type IntModel, type WeightScheme } from './intmodel.js';

/** One dense layer and whether a ReLU follows it. */
export interface Block {
  dense: DenseLayer;
  relu: boolean;
  /** Index of the dense layer in `model.layers`. */
  modelLayer: number;
}

/** Groups a model's layers into dense(+relu) blocks. Throws on a ReLU before the first dense layer. */
export function blocks(model: Model): Block[] {
  const out: Block[] = [];
  model.layers.forEach((l, i) => {
    if (l.type === 'dense') out.push({ dense: l, relu: false, modelLayer: i });
    else if (out.length === 0) throw new CompileOptionsError(`model layers[${i}]: a relu before the first dense layer is not supported`);
    else out[out.length - 1]!.relu = true;
  });
  return out;
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

const log2 = Math.log2;

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
        a = b.dense.weights.map((r, o) => r.reduce((s, w, i) => s + w * a[i]!, b.dense.bias[o]!));
        if (b.relu) a = a.map((v) => Math.max(0, v));
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
      nlo.push(b.relu ? Math.max(0, l) : l);
      nhi.push(b.relu ? Math.max(0, h) : h);
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
    const shift = next === null ? 0 : Math.max(0, accFrac - next);
    gain *= qw.gain;
    const layer: IntLayer = {
      weights: qw.weights,
      bias: b.dense.bias.map((v) => roundHalfUp(v * gain * 2 ** accFrac)),
      fracIn,
      weightFrac: qw.frac,
      shift,
      fracOut: accFrac - shift,
      relu: b.relu,
    };
    fracIn = layer.fracOut;
    return layer;
  });
  return { scheme, inputFrac: f0, inputRange, layers };
}
