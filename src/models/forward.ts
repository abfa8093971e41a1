/**
 * The float forward pass of a {@link Model}, computed in float32 (every product and sum rounded
 * with `Math.fround`), to check imports against the logits of the framework that trained the model.
 */
import type { ActivationLayer, Model } from './model.js';

const f32 = Math.fround;

/**
 * Runs one input (flattened row-major) through the model in float32 and returns the logits.
 * A dense layer accumulates `w[o][i] * x[i]` in input order, then adds the bias, as a BLAS sgemm
 * with `C = bias` does (`C = A·B + C`); results can differ from PyTorch's blocked kernels in the
 * last bits of float32.
 * @throws {RangeError} when the input size does not match the model.
 */
export function forward(model: Model, input: readonly number[]): number[] {
  let x = input.map(f32);
  const size = model.input.shape.reduce((a, b) => a * b, 1);
  if (x.length !== size) throw new RangeError(`the model takes ${size} inputs, got ${x.length}`);
  for (const layer of model.layers) {
    if (layer.type !== 'dense') {
      x = x.map((v) => activate(layer, v));
      continue;
    }
    x = layer.weights.map((row, o) => {
      let acc = 0;
      for (let i = 0; i < row.length; i++) acc = f32(acc + f32(row[i]! * x[i]!));
      return f32(acc + layer.bias[o]!);
    });
  }
  return x;
}

/**
 * One activation in float32: relu `max(0, x)`; clip `min(max(x, min), max)` with the bounds
 * rounded to float32; leakyRelu `x >= 0 ? x : alpha * x` (the product rounded to float32).
 */
export function activate(layer: ActivationLayer, v: number): number {
  switch (layer.type) {
    case 'relu':
      return v > 0 ? v : 0;
    case 'clip': {
      let r = v;
      if (layer.min !== undefined && r < f32(layer.min)) r = f32(layer.min);
      if (layer.max !== undefined && r > f32(layer.max)) r = f32(layer.max);
      return r;
    }
    case 'leakyRelu':
      return v >= 0 ? v : f32(f32(layer.alpha) * v);
  }
}

/** The index of the largest value; ties go to the lowest index. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** The class the float model gives an input: the argmax of {@link forward}. */
export function classify(model: Model, input: readonly number[]): number {
  return argmax(forward(model, input));
}
