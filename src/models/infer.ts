/** Float inference of a format-v1 model (the "float" column of `bsml eval`). */
import type { Model } from './model.js';

/** Runs the float model on one input vector; returns the last layer's logits. */
export function forward(model: Model, input: readonly number[]): number[] {
  let a = input.slice();
  for (const l of model.layers) {
    if (l.type === 'relu') a = a.map((v) => (v > 0 ? v : 0));
    else a = l.weights.map((row, o) => row.reduce((s, w, i) => s + w * a[i]!, l.bias[o]!));
  }
  return a;
}

/** Index of the largest value; ties go to the lowest index. */
export function argmax(values: readonly (number | bigint)[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
