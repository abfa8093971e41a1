/**
 * The integer reference: exact integer evaluation of an IntModel (docs/fixed-point.md). The
 * script must reproduce it bit for bit.
 */
import { argmax } from '../models/forward.js';
import { WitnessError } from './errors.js';
import { roundHalfUp, type IntModel } from './intmodel.js';

/** The values of one layer for one input. */
export interface LayerTrace {
  /** `bias + sum(w * in)`, exact. */
  acc: number[];
  /** `floor(acc / 2^shift)`: the hint the witness carries in hint mode. */
  z: number[];
  /** The layer's output: `relu ? max(0, z) : z`. */
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

/** Quantizes a float input row: `floor(x * 2^inputFrac + 1/2)` per value (no clamping). */
export function quantizeInput(im: IntModel, input: readonly number[]): number[] {
  if (input.length !== im.inputRange.length) throw new WitnessError(`expected ${im.inputRange.length} input values, got ${input.length}`);
  return input.map((x, i) => {
    if (!Number.isFinite(x)) throw new WitnessError(`input ${i}: not a finite number`);
    return roundHalfUp(x * 2 ** im.inputFrac);
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
    const out = l.relu ? z.map((v) => (v > 0 ? v : 0)) : z;
    layers.push({ acc, z, out });
    a = out;
  }
  const logits = layers[layers.length - 1]!.out;
  return { layers, logits, class: argmax(logits) };
}
