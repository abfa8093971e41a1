/** fast-check arbitraries of small random float models for compiler property tests. */
import fc from 'fast-check';
import type { Layer, Model } from '../../../src/models/model.js';

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
