/**
 * compileModel's warnings: a layer whose weight scheme rounds more than the scheme's threshold of
 * its nonzero float weights to 0 is named (layer, fraction, counts), with int8-col suggested when
 * that keeps it under; nothing is said otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { WEIGHT_SCHEMES } from '../../src/compiler/intmodel.js';
import { warningLine, ZEROED_WEIGHTS_THRESHOLD } from '../../src/compiler/warnings.js';
import { loadModel } from '../../src/models/load.js';
import type { Model } from '../../src/models/model.js';
import { smallModel } from './helpers/models.js';

/** inputs → relu hidden layer `first` → output layer `second`. */
function twoLayers(first: number[][], second: number[][]): Model {
  return {
    format: 'bsml-model',
    version: 1,
    input: { shape: [first[0]!.length], range: [0, 1] },
    layers: [
      { type: 'dense', weights: first, bias: first.map(() => 0) },
      { type: 'relu' },
      { type: 'dense', weights: second, bias: second.map(() => 0) },
    ],
  };
}

describe('compile warnings: weights rounded to 0', () => {
  // int8 on a row whose largest weight is 100: the scale is 2^0, so |w| < 0.5 rounds to 0.
  const second = [
    [1, -1],
    [0.5, 1],
  ];

  it('more than half of the nonzero weights zeroed: one warning naming the layer, counts and fraction; zeros in the float weights do not count', () => {
    const first = [
      [100, 0.2, 0.2, 0, 0.3],
      [1, 0, 2, 0, 0],
    ];
    // Nonzero: 4 + 2 = 6; zeroed: 0.2, 0.2, 0.3 = 3 of 6 = 50% (not above): no warning.
    expect(compileModel(twoLayers(first, second)).warnings).toEqual([]);
    first[1]![0] = 0.4; // 4 of 6
    const [w, ...more] = compileModel(twoLayers(first, second)).warnings;
    expect(more).toEqual([]);
    expect(w).toEqual({
      code: 'WEIGHTS_ZEROED',
      layer: 0,
      modelLayer: 0,
      scheme: 'int8',
      nonzero: 6,
      zeroed: 4,
      fraction: 4 / 6,
      suggestion: 'int8-col',
      message: "weights int8 rounds 67% of dense layer 0's nonzero weights to 0 (4 of 6; model layer 0)",
    });
    expect(warningLine(w!)).toBe(`${w!.message}; try --weights int8-col (a scale per input column)`);
    expect(warningLine(w!, false)).toBe(w!.message);
    // int8-col gives each column its own scale: nothing is lost, nothing to say.
    expect(compileModel(twoLayers(first, second), { weights: 'int8-col' }).warnings).toEqual([]);
  });

  it('names the second dense layer by its index and its place in model.layers; no suggestion when int8-col would not help', () => {
    // One column, so int8-col has the same single scale as int8: it zeroes the same weights.
    const first = [[1], [1]];
    const w = compileModel(twoLayers(first, [[100], [0.1], [0.2]])).warnings;
    expect(w.map(({ layer, modelLayer, zeroed, nonzero, suggestion }) => ({ layer, modelLayer, zeroed, nonzero, suggestion }))).toEqual([
      { layer: 1, modelLayer: 2, zeroed: 2, nonzero: 3, suggestion: undefined },
    ]);
    expect('suggestion' in w[0]!).toBe(false);
    expect(compileModel(twoLayers(first, [[100], [0.1], [0.2]]), { weights: 'int8-col' }).warnings.map((x) => x.zeroed)).toEqual([2]);
  });

  it('ternary warns only above its own threshold (it zeroes small weights by design)', () => {
    expect(ZEROED_WEIGHTS_THRESHOLD.ternary).toBe(0.75);
    // Ternary keeps |w| > 0.7 · mean|w|: with one weight of 10 and n of 1, the mean is (10 + n) / (n + 1).
    const row = (n: number) => [10, ...new Array<number>(n).fill(1)];
    const zeroedTernary = (n: number) => compileModel(twoLayers([row(n), row(n)], [[1, 1]]), { weights: 'ternary' }).warnings;
    // n = 2: mean 4, threshold 2.8: the 1s (4 of 6 weights, 67%) go: under 75%, no warning.
    expect(zeroedTernary(2)).toEqual([]);
    // n = 6: mean 16/7, threshold 1.6: 12 of 14 (86%) go.
    expect(zeroedTernary(6).map((w) => [w.layer, w.zeroed, w.nonzero])).toEqual([[0, 12, 14]]);
  });

  // Random models, half of them with the first layer's input columns scaled by 2^0..2^-12 (as a
  // folded normalization does), so that many of them warn.
  const models = fc.tuple(smallModel, fc.boolean(), fc.array(fc.integer({ min: -12, max: 0 }), { minLength: 6, maxLength: 6 })).map(([m, spread, e]) => {
    if (!spread) return m;
    const layers = m.layers.map((l, i) => (i === 0 && l.type === 'dense' ? { ...l, weights: l.weights.map((r) => r.map((v, j) => v * 2 ** e[j]!)) } : l));
    return { ...m, layers };
  });

  it('the warnings recount exactly what quantization did, on random models and every scheme', () => {
    let warned = 0;
    fc.assert(
      fc.property(models, fc.constantFrom(...WEIGHT_SCHEMES), (model, weights) => {
        let c;
        try {
          c = compileModel(model, { weights });
        } catch {
          return; // a model that does not compile has no warnings to check
        }
        const dense = model.layers.map((l, i) => ({ l, i })).filter((x) => x.l.type === 'dense');
        const expected = dense.flatMap(({ l, i }, k) => {
          if (l.type !== 'dense') return [];
          const q = c.intModel.layers[k]!.weights;
          let nonzero = 0;
          let zeroed = 0;
          l.weights.forEach((r, o) => r.forEach((v, j) => v !== 0 && (nonzero++, q[o]![j] === 0 && zeroed++)));
          return nonzero && zeroed / nonzero > ZEROED_WEIGHTS_THRESHOLD[weights] ? [{ layer: k, modelLayer: i, zeroed, nonzero }] : [];
        });
        expect(c.warnings.map(({ layer, modelLayer, zeroed, nonzero }) => ({ layer, modelLayer, zeroed, nonzero }))).toEqual(expected);
        if (expected.length) warned++;
      }),
      { numRuns: 200 },
    );
    expect(warned).toBeGreaterThan(10);
  });

  it('BatchNormalization folded into the Linear after it: int8 warns (and int8-col fixes it); the digits model has nothing to say', () => {
    const bn = loadModel('test/fixtures/models/bn/bn-input.op13.onnx', { inputRange: [0, 16] });
    const [w, ...more] = compileModel(bn).warnings;
    expect(more).toEqual([]);
    expect([w!.layer, w!.scheme, w!.suggestion]).toEqual([0, 'int8', 'int8-col']);
    expect(w!.fraction).toBeGreaterThan(0.8);
    expect(compileModel(bn, { weights: 'int8-col' }).warnings).toEqual([]);
    const digits = loadModel('test/fixtures/models/digits_mlp_64_32_10.onnx', { inputRange: [0, 16] });
    for (const weights of WEIGHT_SCHEMES) expect(compileModel(digits, { weights }).warnings, weights).toEqual([]);
  });
});
