/**
 * The integer model: what the quantizer produces and what the script computes exactly (see
 * docs/fixed-point.md). Every value is an integer `v` standing for the real `v * 2^-frac`.
 */

/** Weight quantization schemes. */
export type WeightScheme = 'int8' | 'int4' | 'ternary' | 'pow2' | 'int8-col';

/** The weight schemes, in the order reports list them. */
export const WEIGHT_SCHEMES: readonly WeightScheme[] = ['int8', 'int4', 'ternary', 'pow2', 'int8-col'];

/**
 * LeakyRelu in integers, after the rescale: `y = floor(max(z · 2^bits, num · z) / 2^shift)` (MIN
 * instead of MAX when `num > 2^bits`, a slope above 1). The slope is `num / 2^bits`; `0 <= shift <= bits`.
 */
export interface IntLeaky {
  num: number;
  bits: number;
  shift: number;
}

/** One dense layer and its activations in integers: rescale, LeakyRelu, ReLU, clip, in that order. */
export interface IntLayer {
  /** `[out][in]` integer weights; the real weight is `w * 2^-weightFrac`. */
  weights: number[][];
  /** `[out]` integer biases at the accumulator's scale (`fracIn + weightFrac` fractional bits). */
  bias: number[];
  /** Fractional bits of this layer's input values. */
  fracIn: number;
  /** Fractional bits of the weights. */
  weightFrac: number;
  /** Right shift of the rescale (>= 0): `z = floor(acc / 2^shift)`. 0 means no rescale. */
  shift: number;
  /** Fractional bits of the output: `fracIn + weightFrac - shift` (`+ leaky.bits - leaky.shift` with a LeakyRelu). */
  fracOut: number;
  /** LeakyRelu on the rescaled value (absent: none). */
  leaky?: IntLeaky;
  /** Apply max(0, ·) after the rescale (and LeakyRelu). */
  relu: boolean;
  /** Clamp last: `min(max(v, lo), hi)` at the output's scale; null = unbounded on that side. */
  clip?: [number | null, number | null];
}

/** A quantized model (the integer reference's input). */
export interface IntModel {
  scheme: WeightScheme;
  /** Fractional bits of the input values. */
  inputFrac: number;
  /** Accepted integer range `[lo, hi]` of each input (the declared float range, quantized). */
  inputRange: [number, number][];
  layers: IntLayer[];
}

/**
 * Round half up: `floor(x + 1/2)`, the rounding used everywhere in quantization. Computed as
 * `Math.round` (the nearest integer, halves toward +infinity: the same function), not as
 * `Math.floor(x + 0.5)`, whose addition rounds in doubles: 0.49999999999999994 + 0.5 is 1, and
 * 2^52 + 1 + 0.5 is 2^52 + 2. `+ 0` turns Math.round's -0 (for -0.5 <= x < 0) into 0.
 */
export function roundHalfUp(x: number): number {
  return Math.round(x) + 0;
}
