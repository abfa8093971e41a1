/** fast-check arbitraries of small random float models for compiler property tests. */
import fc from 'fast-check';
import type { ActivationLayer, Layer, Model } from '../../../src/models/model.js';

// Weights spread over [-2, 2] in steps of 1e-3 (fc.double favours tiny values, which would make
// most random models nearly empty).
const weight = fc.integer({ min: -2000, max: 2000 }).map((w) => w / 1000);
const width = fc.double({ min: 0, max: 6, noNaN: true }).map((w) => (w < 1e-3 ? 0 : w));

/** A random MLP: 1-6 inputs, 0-2 hidden layers of 1-5 neurons (ReLU or not), 1-4 outputs. */
export const smallModel: fc.Arbitrary<Model> = fc
  .record({
    inputs: fc.integer({ min: 1, max: 6 }),
    hidden: fc.array(fc.record({ size: fc.integer({ min: 1, max: 5 }), relu: fc.boolean() }), { minLength: 0, maxLength: 2 }),
    outputs: fc.integer({ min: 1, max: 4 }),
    seedWeights: fc.array(weight, { minLength: 200, maxLength: 200 }),
    ranges: fc.array(fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), width), { minLength: 6, maxLength: 6 }),
    perFeature: fc.boolean(),
  })
  .map(({ inputs, hidden, outputs, seedWeights, ranges, perFeature }) => {
    let k = 0;
    const next = () => seedWeights[k++ % seedWeights.length]! * (k % 7 === 0 ? 0 : 1);
    const layers: Layer[] = [];
    let size = inputs;
    for (const h of [...hidden, { size: outputs, relu: false }]) {
      layers.push({
        type: 'dense',
        weights: Array.from({ length: h.size }, () => Array.from({ length: size }, next)),
        bias: Array.from({ length: h.size }, () => next() / 2),
      });
      if (h.relu) layers.push({ type: 'relu' });
      size = h.size;
    }
    const r = ranges.slice(0, inputs).map(([lo, w]): [number, number] => [lo, lo + w]);
    const model: Model = { format: 'bsml-model', version: 1, input: { shape: [inputs], range: perFeature ? r : r[0]! }, layers };
    return model;
  });

/** A random input row inside a model's declared range (fractions in [0,1] mapped onto each range). */
export function inputInRange(model: Model, fractions: readonly number[]): number[] {
  const n = model.input.shape.reduce((a, b) => a * b, 1);
  const r = model.input.range;
  return Array.from({ length: n }, (_, i) => {
    const [lo, hi] = (typeof r[0] === 'number' ? r : r[i]) as [number, number];
    return lo + (hi - lo) * fractions[i % fractions.length]!;
  });
}

/** A bound on a grid of quarters (so that values land exactly on it), or absent. */
const bound = fc.option(fc.integer({ min: -12, max: 12 }).map((q) => q / 4), { nil: undefined });

/** One activation layer: relu, clip (either bound may be absent), or leakyRelu. */
export const activation: fc.Arbitrary<ActivationLayer> = fc.oneof(
  { arbitrary: fc.constant<ActivationLayer>({ type: 'relu' }), weight: 1 },
  { arbitrary: fc.tuple(bound, bound).map(([a, b]): ActivationLayer => {
    const l: ActivationLayer = { type: 'clip' };
    if (a !== undefined && b !== undefined && a > b) [a, b] = [b, a];
    if (a !== undefined) l.min = a;
    if (b !== undefined) l.max = b;
    return l;
  }), weight: 2 },
  {
    arbitrary: fc.oneof(fc.constantFrom(0, 0.01, 0.1, 0.2, 0.25, 0.5, 1, 1.5, 3), fc.double({ min: 0, max: 2, noNaN: true })).map((alpha): ActivationLayer => ({ type: 'leakyRelu', alpha })),
    weight: 2,
  },
);

/**
 * A random MLP like {@link smallModel} with 1-2 activations (relu, clip, leakyRelu) after every
 * hidden dense layer and 0-2 after the last, and inputs on a grid of quarters.
 */
export const activationModel: fc.Arbitrary<Model> = fc
  .record({
    inputs: fc.integer({ min: 1, max: 5 }),
    hidden: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 2 }),
    /** Activations after each dense layer (the last one's may be dropped: 0-2 there). */
    lastBare: fc.boolean(),
    outputs: fc.integer({ min: 1, max: 3 }),
    acts: fc.array(fc.array(activation, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 3 }),
    seedWeights: fc.array(weight, { minLength: 100, maxLength: 100 }),
    lo: fc.integer({ min: -12, max: 4 }),
    width: fc.integer({ min: 0, max: 16 }),
  })
  .map(({ inputs, hidden, lastBare, outputs, acts, seedWeights, lo, width }) => {
    let k = 0;
    const next = () => seedWeights[k++ % seedWeights.length]! * (k % 7 === 0 ? 0 : 1);
    const layers: Layer[] = [];
    let size = inputs;
    [...hidden, outputs].forEach((n, j) => {
      layers.push({
        type: 'dense',
        weights: Array.from({ length: n }, () => Array.from({ length: size }, next)),
        bias: Array.from({ length: n }, () => next() / 2),
      });
      if (!(lastBare && j === hidden.length)) layers.push(...acts[j]!);
      size = n;
    });
    return { format: 'bsml-model', version: 1, input: { shape: [inputs], range: [lo / 4, (lo + width) / 4] }, layers } satisfies Model;
  });

/**
 * A random MLP built to press on the range proof: weights often at the largest magnitude of their
 * layer (what every scheme maps to its largest mantissa), biases from 10 to 3e9 (near the operand limit
 * at any useful fractional bits), 0-2 activations (relu, clip, leakyRelu) after every dense layer.
 */
export const adversarialModel: fc.Arbitrary<Model> = fc
  .record({
    inputs: fc.integer({ min: 1, max: 4 }),
    hidden: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 1 }),
    outputs: fc.integer({ min: 1, max: 3 }),
    acts: fc.array(fc.array(activation, { minLength: 0, maxLength: 2 }), { minLength: 2, maxLength: 2 }),
    weights: fc.array(fc.oneof(fc.constantFrom(2, -2, 1.999, -1.999, 1, -1, 0.75, -0.5), weight), { minLength: 40, maxLength: 40 }),
    biases: fc.array(fc.tuple(fc.boolean(), fc.double({ min: 1, max: 9.5, noNaN: true })), { minLength: 10, maxLength: 10 }),
    lo: fc.integer({ min: -32, max: 16 }),
    width: fc.integer({ min: 0, max: 64 }),
  })
  .map(({ inputs, hidden, outputs, acts, weights, biases, lo, width }) => {
    let k = 0;
    let b = 0;
    const layers: Layer[] = [];
    let size = inputs;
    [...hidden, outputs].forEach((n, j) => {
      layers.push({
        type: 'dense',
        weights: Array.from({ length: n }, () => Array.from({ length: size }, () => weights[k++ % weights.length]!)),
        bias: Array.from({ length: n }, () => {
          const [neg, e] = biases[b++ % biases.length]!;
          return (neg ? -1 : 1) * 10 ** e;
        }),
      });
      layers.push(...acts[j]!);
      size = n;
    });
    return { format: 'bsml-model', version: 1, input: { shape: [inputs], range: [lo / 4, (lo + width) / 4] }, layers } satisfies Model;
  });
