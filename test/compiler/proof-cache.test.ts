/**
 * The compile's shortcuts that only save time: in the range proof (range.ts ProveOptions), the
 * measured bounds shared between the attempts of one compile (by codegen's neuronPeakKey), the
 * neurons whose closed form is within the limit measured only once every neuron has passed, and
 * the measuring emitter (no bytes, no stack search); in codegen, per-weight code sure to be larger
 * left unemitted. None may change a byte or a bound: each compile here is compared with the plain
 * path (`plain`: every neuron measured in turn with a full emitter, every candidate emitted).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, type CompileOptions, type Compiled } from '../../src/compiler/compile.js';
import { RangeProofError } from '../../src/compiler/errors.js';
import type { IntLayer, IntModel } from '../../src/compiler/intmodel.js';
import { quantize } from '../../src/compiler/quantize.js';
import { INT32_LIMIT, proveRanges, type RangeProof } from '../../src/compiler/range.js';
import { loadModel } from '../../src/models/load.js';
import type { Model } from '../../src/models/model.js';
import { parseModel } from '../../src/models/validate.js';
import { toHex } from '../../src/script/bytes.js';
import { activationModel, adversarialModel, smallModel } from './helpers/models.js';

const digits = parseModel(readFileSync(new URL('../fixtures/models/digits_mlp_64_32_10.model.json', import.meta.url), 'utf8'));
const iris = loadModel(new URL('../fixtures/models/iris_mlp_4_8_3.onnx', import.meta.url).pathname, { inputRange: [0, 8] });
const schemes = ['int8', 'int4', 'ternary', 'pow2', 'int8-col'] as const;

/** Compiles with and without the shortcuts; both must give the same script and proof (or the same error). */
function sameAsReference(model: Model, options: CompileOptions): Compiled | undefined {
  let fast: Compiled | Error;
  let plain: Compiled | Error;
  try {
    fast = compileModel(model, options);
  } catch (e) {
    fast = e as Error;
  }
  try {
    plain = compileModel(model, { ...options, plain: true });
  } catch (e) {
    plain = e as Error;
  }
  if (fast instanceof Error || plain instanceof Error) {
    expect(fast instanceof Error ? `${fast.name}: ${fast.message}` : 'compiled').toBe(plain instanceof Error ? `${plain.name}: ${plain.message}` : 'compiled');
    if (!(fast instanceof RangeProofError)) throw fast;
    return undefined;
  }
  expect(fast.options.fracBits).toEqual(plain.options.fracBits);
  expect(fast.proof).toEqual(plain.proof);
  expect(toHex(fast.code.script)).toBe(toHex(plain.code.script));
  return fast;
}

describe('the proof shortcuts change no byte and no bound', () => {
  it.each(schemes)('digits %s: hint and pure, auto and --frac-bits 4', (weights) => {
    for (const rescale of ['hint', 'pure'] as const) {
      // The proof does not depend on the strategy: horner keeps codegen quick (sharing is slow on digits).
      for (const fracBits of ['auto', 4] as const) expect(sameAsReference(digits, { weights, rescale, fracBits, strategy: 'horner' })).toBeDefined();
    }
  });

  it('digits int8 and iris at the defaults (codegen choosing its best)', () => {
    expect(sameAsReference(digits, {})).toBeDefined();
    for (const weights of schemes) for (const rescale of ['hint', 'pure'] as const) expect(sameAsReference(iris, { weights, rescale })).toBeDefined();
  });

  it('random models (small, with activations, pressing on the limit): every scheme, hint and pure, auto and fixed bits', () => {
    let compiled = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.oneof(smallModel, activationModel, adversarialModel),
        fc.constantFrom(...schemes),
        fc.constantFrom('hint', 'pure' as const),
        fc.oneof({ arbitrary: fc.constant('auto' as const), weight: 3 }, { arbitrary: fc.integer({ min: -4, max: 10 }), weight: 1 }),
        (model, weights, rescale, fracBits) => {
          if (sameAsReference(model, { weights, rescale, fracBits, output: 'leave' })) compiled++;
          else refused++;
        },
      ),
      { numRuns: 200 },
    );
    expect(compiled).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(0);
  });
});

/** A one-layer IntModel of one neuron (all bits 0: the proof reads only the integers). */
function neuron(inputRange: [number, number][], layer: Partial<IntLayer> & Pick<IntLayer, 'weights' | 'bias'>): IntModel {
  return { scheme: 'int8', inputFrac: 0, inputRange, layers: [{ fracIn: 0, weightFrac: 0, shift: 0, fracOut: 0, relu: false, ...layer }] };
}

describe('measured bounds are reused by what determines them', () => {
  // Pairs of neurons that differ in one thing that changes their code's bound, and have the same
  // value bounds (z, LeakyRelu m and y, out): a key without that thing would hand the second the
  // first's bound.
  const x01: [number, number][] = [[0, 1]];
  const pairs: [string, IntModel, IntModel, 'hint' | 'pure'][] = [
    ['the shift', neuron(x01, { weights: [[1]], bias: [0], shift: 2 }), neuron(x01, { weights: [[1]], bias: [0], shift: 3 }), 'hint'],
    ['the bias', neuron(x01, { weights: [[1]], bias: [0], shift: 2 }), neuron(x01, { weights: [[1]], bias: [1], shift: 2 }), 'hint'],
    ['a weight', neuron([[-1, 1]], { weights: [[5]], bias: [0], shift: 2 }), neuron([[-1, 1]], { weights: [[6]], bias: [0], shift: 2 }), 'hint'],
    ['an input interval', neuron([[0, 4]], { weights: [[1]], bias: [0], shift: 2 }), neuron([[0, 5]], { weights: [[1]], bias: [0], shift: 2 }), 'hint'],
    [
      'the LeakyRelu',
      neuron([[0, 0]], { weights: [[1]], bias: [0], leaky: { num: 1, bits: 2, shift: 1 } }),
      neuron([[0, 0]], { weights: [[1]], bias: [0], leaky: { num: 1, bits: 2, shift: 2 } }),
      'hint',
    ],
  ];
  const peaks = (p: RangeProof) => p.layers.map((l) => l.map((b) => b.peak));
  const values = (p: RangeProof) => p.layers.map((l) => l.map(({ z, m, y, out }) => ({ z, m, y, out })));

  it.each(pairs)('%s: the second neuron, proven after the first with the same cache, gets its own bound', (_, first, second, rescale) => {
    const expected = [first, second].map((im) => proveRanges(im, INT32_LIMIT, rescale, { reference: true }));
    expect(values(expected[1]!)).toEqual(values(expected[0]!));
    expect(peaks(expected[1]!)).not.toEqual(peaks(expected[0]!));
    const cache = new Map<string, number>();
    expect(proveRanges(first, INT32_LIMIT, rescale, { peaks: cache })).toEqual(expected[0]);
    expect(proveRanges(second, INT32_LIMIT, rescale, { peaks: cache })).toEqual(expected[1]);
    expect(proveRanges(first, INT32_LIMIT, rescale, { peaks: cache })).toEqual(expected[0]);
    expect(cache.size).toBe(2);
  });

  it('the rescale mode: hint and pure code of one neuron get their own bounds', () => {
    const im = neuron(x01, { weights: [[1]], bias: [0], shift: 2 });
    const cache = new Map<string, number>();
    for (const rescale of ['hint', 'pure', 'hint'] as const) expect(proveRanges(im, INT32_LIMIT, rescale, { peaks: cache })).toEqual(proveRanges(im, INT32_LIMIT, rescale, { reference: true }));
    expect(peaks(proveRanges(im, INT32_LIMIT, 'hint'))).not.toEqual(peaks(proveRanges(im, INT32_LIMIT, 'pure')));
  });

  it('a proof repeated with the same cache measures nothing new', () => {
    const im = quantize(digits, 'int8', [4, 6]);
    const cache = new Map<string, number>();
    const first = proveRanges(im, INT32_LIMIT, 'hint', { peaks: cache });
    expect(cache.size).toBe(42);
    expect(proveRanges(im, INT32_LIMIT, 'hint', { peaks: cache })).toEqual(first);
    expect(cache.size).toBe(42);
    expect(first).toEqual(proveRanges(im, INT32_LIMIT, 'hint', { reference: true }));
  });

  it('a failing proof measures only the neurons its closed form cannot pass (the first attempt of --frac-bits auto)', () => {
    // Full precision into layer 1 (no rescale in layer 0): layer 1's first neuron fails.
    const im = quantize(digits, 'int8-col', [4, null]);
    const cache = new Map<string, number>();
    const error = (options: Parameters<typeof proveRanges>[3]) => {
      try {
        proveRanges(im, INT32_LIMIT, 'hint', options);
      } catch (e) {
        return e as RangeProofError;
      }
      throw new Error('the proof held');
    };
    const e = error({ peaks: cache });
    expect(e).toBeInstanceOf(RangeProofError);
    expect([e.layer, e.neuron]).toEqual([1, 0]);
    expect(e.message).toBe(error({ reference: true }).message);
    // Layer 0's 32 neurons are within the limit by their closed form: none was measured.
    expect(cache.size).toBe(1);
  });
});
