/**
 * compileModel's warnings: a layer whose weight scheme rounds more than the scheme's threshold of
 * its nonzero float weights to 0 is named (layer, fraction, counts), with int8-col suggested when
 * that keeps it under; inputs quantized to one value (or, when the range proof lowered the input
 * bits, to fewer than 16); a spend heavier than Core relays; --output leave with several outputs.
 * Nothing is said otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { WEIGHT_SCHEMES } from '../../src/compiler/intmodel.js';
import { mergeWeightWarnings, MIN_INPUT_LEVELS, warningLine, ZEROED_WEIGHTS_THRESHOLD, type CompileWarning, type ZeroedWeightsWarning } from '../../src/compiler/warnings.js';
import { spendTxWeight } from '../../src/compiler/cost.js';
import { MAX_STANDARD_TX_WEIGHT } from '../../src/bitcoin/policy.js';
import { buildScriptPathSpend } from '../../src/bitcoin/spend.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import { runSweep } from '../../src/demo/sweep.js';
import { loadModel } from '../../src/models/load.js';
import { featureRanges } from '../../src/models/validate.js';
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

/** The warnings, which must all be WEIGHTS_ZEROED. */
function onlyZeroed(ws: CompileWarning[]): ZeroedWeightsWarning[] {
  return ws.map((w) => {
    if (w.code !== 'WEIGHTS_ZEROED') throw new Error(`unexpected warning: ${w.message}`);
    return w;
  });
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
    const [w, ...more] = onlyZeroed(compileModel(twoLayers(first, second)).warnings);
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
    const w = onlyZeroed(compileModel(twoLayers(first, [[100], [0.1], [0.2]])).warnings);
    expect(w.map(({ layer, modelLayer, zeroed, nonzero, suggestion }) => ({ layer, modelLayer, zeroed, nonzero, suggestion }))).toEqual([
      { layer: 1, modelLayer: 2, zeroed: 2, nonzero: 3, suggestion: undefined },
    ]);
    expect('suggestion' in w[0]!).toBe(false);
    expect(onlyZeroed(compileModel(twoLayers(first, [[100], [0.1], [0.2]]), { weights: 'int8-col' }).warnings).map((x) => x.zeroed)).toEqual([2]);
  });

  it('ternary warns only above its own threshold (it zeroes small weights by design)', () => {
    expect(ZEROED_WEIGHTS_THRESHOLD.ternary).toBe(0.75);
    // Ternary keeps |w| > 0.7 · mean|w|: with one weight of 10 and n of 1, the mean is (10 + n) / (n + 1).
    const row = (n: number) => [10, ...new Array<number>(n).fill(1)];
    const zeroedTernary = (n: number) => onlyZeroed(compileModel(twoLayers([row(n), row(n)], [[1, 1]]), { weights: 'ternary' }).warnings);
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
        const zeroedWarnings = c.warnings.flatMap((w) => (w.code === 'WEIGHTS_ZEROED' ? [w] : []));
        expect(zeroedWarnings.map(({ layer, modelLayer, zeroed, nonzero }) => ({ layer, modelLayer, zeroed, nonzero }))).toEqual(expected);
        if (expected.length) warned++;
        // The inputs named collapsed are those whose declared range (lo < hi) quantized to one value.
        const declared = featureRanges(model);
        const collapsed = c.intModel.inputRange.flatMap(([lo, hi], i) => (lo === hi && declared[i]![0] < declared[i]![1] ? [i] : []));
        expect(c.warnings.flatMap((w) => (w.code === 'INPUT_COLLAPSED' ? w.inputs : []))).toEqual(collapsed);
      }),
      { numRuns: 200 },
    );
    expect(warned).toBeGreaterThan(10);
  });

  it('BatchNormalization folded into the Linear after it: int8 warns (and int8-col fixes it); the digits model has nothing to say', () => {
    const bn = loadModel('test/fixtures/models/bn/bn-input.op13.onnx', { inputRange: [0, 16] });
    const [w, ...more] = onlyZeroed(compileModel(bn).warnings);
    expect(more).toEqual([]);
    expect([w!.layer, w!.scheme, w!.suggestion]).toEqual([0, 'int8', 'int8-col']);
    expect(w!.fraction).toBeGreaterThan(0.8);
    expect(compileModel(bn, { weights: 'int8-col' }).warnings).toEqual([]);
    const digits = loadModel('test/fixtures/models/digits_mlp_64_32_10.onnx', { inputRange: [0, 16] });
    for (const weights of WEIGHT_SCHEMES) expect(compileModel(digits, { weights }).warnings, weights).toEqual([]);
  });
});

const DEST = 'bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5';
const dense = (weights: number[][], bias: number[]) => ({ type: 'dense' as const, weights, bias });
function oneLayer(range: [number, number], weights: number[][], bias: number[], more: Model['layers'] = []): Model {
  return { format: 'bsml-model', version: 1, input: { shape: [weights[0]!.length], range }, layers: [dense(weights, bias), ...more] };
}

describe('compile warnings: inputs quantized to too few values', () => {
  it('a 1e30 bias: the range proof lowers the input bits until every input range is one value (INPUT_COLLAPSED names them all)', () => {
    const c = compileModel(oneLayer([0, 1], [[1, 1], [1, -1]], [1e30, 0]));
    expect(c.intModel.inputRange).toEqual([[0, 0], [0, 0]]);
    expect(c.warnings).toEqual([
      {
        code: 'INPUT_COLLAPSED',
        fracBits: c.intModel.inputFrac,
        chosenFracBits: 8,
        inputs: [0, 1],
        inputCount: 2,
        levels: 1,
        message: `input fractional bits ${c.intModel.inputFrac} (lowered from 8 by the range proof) quantize the declared range of 2 of 2 inputs (0, 1) to a single value: the script's result cannot depend on them`,
      },
    ]);
  });

  it('a 1e-12 weight with a 1.5e9 bias: -40 input bits, one input collapsed', () => {
    expect(compileModel(oneLayer([0, 1], [[1e-12]], [1.5e9])).warnings).toEqual([
      {
        code: 'INPUT_COLLAPSED',
        fracBits: -40,
        chosenFracBits: 8,
        inputs: [0],
        inputCount: 1,
        levels: 1,
        message: "input fractional bits -40 (lowered from 8 by the range proof) quantize the declared range of 1 of 1 input (0) to a single value: the script's result cannot depend on it",
      },
    ]);
  });

  it('a LeakyRelu of slope 1e300: -1 input bits leave [-1, 1] two values (INPUT_COARSE); fewer than 16 values warn only when the range proof lowered the bits', () => {
    const leaky = oneLayer([-1, 1], [[1]], [0], [{ type: 'leakyRelu', alpha: 1e300 }]);
    const c = compileModel(leaky);
    expect(c.options.fracBits).toEqual([-1]);
    expect(c.warnings).toEqual([
      {
        code: 'INPUT_COARSE',
        fracBits: -1,
        chosenFracBits: 8,
        inputs: [0],
        inputCount: 1,
        levels: 2,
        message: `input fractional bits -1 (lowered from 8 by the range proof) leave the declared range of 1 of 1 input (0) fewer than ${MIN_INPUT_LEVELS} quantized values (as few as 2)`,
      },
    ]);
    // Chosen, not lowered: --frac-bits 0 on [-1, 1] (three values) is the user's call.
    expect(compileModel(oneLayer([-1, 1], [[1]], [0]), { fracBits: 0 }).warnings).toEqual([]);
  });

  it('fixed fractional bits that collapse a range warn too (without chosenFracBits); inputs declared constant are never named; 0 bits on [0, 255] are fine', () => {
    const model: Model = { format: 'bsml-model', version: 1, input: { shape: [3], range: [[0, 1], [0, 0.2], [0.5, 0.5]] }, layers: [dense([[1, 1, 1]], [0])] };
    // At 2 bits [0, 0.2] is [0, 1] (0.8 rounds up): two values, chosen by the user: nothing to say.
    expect(compileModel(model, { fracBits: 2 }).warnings).toEqual([]);
    // At 1 bit: [0, 1] -> [0, 2]; [0, 0.2] -> [0, 0]: collapsed; [0.5, 0.5] is constant by declaration.
    expect(compileModel(model, { fracBits: 1 }).warnings).toEqual([{
      code: 'INPUT_COLLAPSED',
      fracBits: 1,
      inputs: [1],
      inputCount: 3,
      levels: 1,
      message: "input fractional bits 1 quantize the declared range of 1 of 3 inputs (1) to a single value: the script's result cannot depend on it",
    }]);
    expect(compileModel(oneLayer([0, 255], [[1, -1]], [0])).options.fracBits).toEqual([0]);
    expect(compileModel(oneLayer([0, 255], [[1, -1]], [0])).warnings).toEqual([]);
  });

  it('long lists name the first six inputs', () => {
    const c = compileModel(oneLayer([0, 1], [new Array<number>(9).fill(1)], [1e30]));
    expect(c.warnings.map((w) => w.message)).toEqual([
      `input fractional bits ${c.intModel.inputFrac} (lowered from 8 by the range proof) quantize the declared range of 9 of 9 inputs (0, 1, 2, 3, 4, 5 and 3 more) to a single value: the script's result cannot depend on them`,
    ]);
  });
});

describe('compile warnings: the spend', () => {
  // A random 784 -> 48 -> 10 int8 model (the reviewer's case): its script alone is ~110 kB.
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const random = (o: number, i: number) => Array.from({ length: o }, () => Array.from({ length: i }, rnd));
  const big: Model = {
    format: 'bsml-model',
    version: 1,
    input: { shape: [784], range: [0, 1] },
    layers: [dense(random(48, 784), new Array<number>(48).fill(0)), { type: 'relu' }, dense(random(10, 48), new Array<number>(10).fill(0))],
  };

  it('a spend heavier than MAX_STANDARD_TX_WEIGHT: NONSTANDARD_WEIGHT with the weight of the transaction bsml spend builds', () => {
    const c = compileModel(big);
    const weight = spendTxWeight(c.report.spend.witnessWeight);
    expect(weight).toBeGreaterThan(MAX_STANDARD_TX_WEIGHT);
    expect(c.warnings).toEqual([
      {
        code: 'NONSTANDARD_WEIGHT',
        weight,
        limit: MAX_STANDARD_TX_WEIGHT,
        message: `the worst-case script-path spend weighs ${weight} WU, above Bitcoin Core's MAX_STANDARD_TX_WEIGHT (400000 WU): nodes will not relay it, only a miner including it directly can confirm it`,
      },
    ]);
    // The report's worst case is the transaction bsml spend builds with the widest witness items.
    const widest = c.program.witness.map(({ id }) => {
      const [lo, hi] = c.program.intervals[id]!;
      return encodeScriptNum(encodeScriptNum(lo).length >= encodeScriptNum(hi).length ? lo : hi);
    });
    const tx = buildScriptPathSpend({ leafScript: c.code.script, witnessItems: widest, utxo: { txid: '11'.repeat(32), vout: 0, amount: 10_000_000n }, to: DEST, feeRate: 1 });
    expect(tx.weight).toBe(weight);
    expect(tx.warnings).toEqual([`the transaction weighs ${weight} WU, above Bitcoin Core's MAX_STANDARD_TX_WEIGHT (400000 WU): nodes will not relay it, only a miner including it directly can confirm it`]);
  });

  it('a sweep says NONSTANDARD_WEIGHT once per limit, for all its settings that exceed it, with the heaviest weight', async () => {
    const data = { source: 'rows', inputs: [new Array<number>(784).fill(0.5)], labels: [0] };
    const s = await runSweep(big, data, { grid: { weights: ['int8', 'int8-col', 'ternary'], fracBits: ['auto'], rescale: ['hint'] }, engine: 'ts' });
    const weights = s.points.map((p) => spendTxWeight(p.witnessWeight));
    const over = weights.filter((w) => w > MAX_STANDARD_TX_WEIGHT);
    expect([s.points.length, over.length]).toEqual([3, 2]); // ternary's script is much lighter
    const heaviest = Math.max(...over);
    expect(s.warnings).toEqual([
      {
        code: 'NONSTANDARD_WEIGHT',
        weight: heaviest,
        limit: MAX_STANDARD_TX_WEIGHT,
        settings: 2,
        message: `the worst-case script-path spends of 2 of 3 settings weigh up to ${heaviest} WU, above Bitcoin Core's MAX_STANDARD_TX_WEIGHT (400000 WU): nodes will not relay it, only a miner including it directly can confirm it`,
      },
    ]);
    const one = mergeWeightWarnings([{ code: 'NONSTANDARD_WEIGHT', weight: 5_000_000, limit: 4_000_000, message: '' }], 4);
    expect(one.map((w) => w.message)).toEqual(['the worst-case script-path spend of 1 of 4 settings weighs 5000000 WU, above MAX_BLOCK_WEIGHT (4000000 WU): no block can hold it']);
  });

  it('--output leave with several outputs: UNSPENDABLE_LEAVE; with one output, or asserting, nothing', () => {
    const two = oneLayer([0, 1], [[1, 1], [1, -1]], [0, 0]);
    expect(compileModel(two, { output: 'leave' }).warnings).toEqual([
      {
        code: 'UNSPENDABLE_LEAVE',
        outputs: 2,
        message: '--output leave leaves 2 values on the stack, and a tapscript spend must end with exactly one (true) item: no spend of this script is valid, and the spend figures price one that cannot confirm',
      },
    ]);
    expect(compileModel(two).warnings).toEqual([]);
    expect(compileModel(two, { output: 'assert-class:1' }).warnings).toEqual([]);
    expect(compileModel(oneLayer([0, 1], [[1, 1]], [0]), { output: 'leave' }).warnings).toEqual([]);
  });

  it('the shipped models in their documented configurations have nothing to say (every scheme; iris also at fixed bits)', () => {
    const digits = loadModel('test/fixtures/models/digits_mlp_64_32_10.onnx', { inputRange: [0, 16] });
    const iris = loadModel('test/fixtures/models/iris_mlp_4_8_3.onnx', { inputRange: [0, 8] });
    for (const weights of WEIGHT_SCHEMES) {
      for (const rescale of ['hint', 'pure'] as const) {
        expect(compileModel(digits, { weights, rescale }).warnings, `digits ${weights} ${rescale}`).toEqual([]);
        for (const fracBits of ['auto', 0, 2, 4] as const) expect(compileModel(iris, { weights, fracBits, rescale }).warnings, `iris ${weights} ${fracBits} ${rescale}`).toEqual([]);
      }
    }
  });
});
