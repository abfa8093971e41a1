/**
 * The integer reference: exact integer evaluation of an IntModel (docs/fixed-point.md). The
 * script must reproduce it bit for bit.
 */
import { argmax } from '../models/forward.js';
import { WitnessError } from './errors.js';
import { roundHalfUp, type IntLayer, type IntLeaky, type IntModel } from './intmodel.js';

/** The values of one layer for one input. */
export interface LayerTrace {
  /** `bias + sum(w * in)`, exact. */
  acc: number[];
  /** `floor(acc / 2^shift)`: the hint the witness carries in hint mode. */
  z: number[];
  /** The LeakyRelu's values (layers with one): the second hint in hint mode when it rescales. */
  y?: number[];
  /** The layer's output: relu and clip applied to `y` (or `z`). */
  out: number[];
}

/** Result of the integer reference on one input. */
export interface ReferenceResult {
  layers: LayerTrace[];
  /** The last layer's outputs. */
  logits: number[];
  /** argmax of the logits, ties to the lowest index. */
  class: number;
}

/** Floor division by 2^s (s >= 0) of an exact integer. */
export function floorShift(v: number, s: number): number {
  return s === 0 ? v : Math.floor(v / 2 ** s);
}

/**
 * LeakyRelu of a rescaled value: `floor(max(z · 2^bits, num · z) / 2^shift)` (MIN when the slope
 * is above 1). Both products are exact integers; the floor rounds toward minus infinity.
 */
export function leakyInt(z: number, l: IntLeaky): number {
  const a = z * 2 ** l.bits;
  const b = l.num * z;
  return floorShift(l.num <= 2 ** l.bits ? Math.max(a, b) : Math.min(a, b), l.shift);
}

/** The layer's clamps on one value: `max(0, v)` with relu, then `min(max(v, lo), hi)` with clip. */
export function clampInt(v: number, l: Pick<IntLayer, 'relu' | 'clip'>): number {
  let r = l.relu && v < 0 ? 0 : v;
  if (l.clip) {
    const [lo, hi] = l.clip;
    if (lo !== null && r < lo) r = lo;
    if (hi !== null && r > hi) r = hi;
  }
  return r;
}

/** Quantizes a float input row: `floor(x * 2^inputFrac + 1/2)` per value (no clamping; a result beyond 2^53 is refused). */
export function quantizeInput(im: IntModel, input: readonly number[]): number[] {
  if (input.length !== im.inputRange.length) throw new WitnessError(`expected ${im.inputRange.length} input values, got ${input.length}`);
  return input.map((x, i) => {
    if (!Number.isFinite(x)) throw new WitnessError(`input ${i}: not a finite number`);
    const q = roundHalfUp(x * 2 ** im.inputFrac);
    // Beyond 2^53 the integer would not be exact (and 1e308 overflows to Infinity).
    if (!Number.isSafeInteger(q)) throw new WitnessError(`input ${i} = ${x} is too large to quantize (|x * 2^${im.inputFrac}| must be below 2^53)`);
    return q;
  });
}

/** Index of the first quantized input outside its accepted range, or -1. */
export function firstOutOfRange(im: IntModel, xq: readonly number[]): number {
  return xq.findIndex((v, i) => v < im.inputRange[i]![0] || v > im.inputRange[i]![1]);
}

/** Runs the integer reference on quantized inputs. */
export function runReference(im: IntModel, xq: readonly number[]): ReferenceResult {
  let a: readonly number[] = xq;
  const layers: LayerTrace[] = [];
  for (const l of im.layers) {
    const acc = l.weights.map((row, o) => {
      let s = l.bias[o]!;
      for (let i = 0; i < row.length; i++) if (row[i] !== 0) s += row[i]! * a[i]!;
      return s;
    });
    const z = acc.map((v) => floorShift(v, l.shift));
    const y = l.leaky ? z.map((v) => leakyInt(v, l.leaky!)) : undefined;
    const out = (y ?? z).map((v) => clampInt(v, l));
    layers.push(y ? { acc, z, y, out } : { acc, z, out });
    a = out;
  }
  const logits = layers[layers.length - 1]!.out;
  return { layers, logits, class: argmax(logits) };
}
