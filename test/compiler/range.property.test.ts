/**
 * Soundness of the range proof's per-instruction bound (range.ts, codegen's neuronPeak): on
 * models built to press on it and on inputs at the corners of their declared ranges, every number
 * the script holds stays within the proof's bounds, and no operand ever exceeds a script number.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel, type Compiled } from '../../src/compiler/compile.js';
import { CompileOptionsError, RangeProofError } from '../../src/compiler/errors.js';
import type { IntModel } from '../../src/compiler/intmodel.js';
import { lower } from '../../src/compiler/program.js';
import { quantize } from '../../src/compiler/quantize.js';
import { INT32_LIMIT, proveRanges } from '../../src/compiler/range.js';
import { buildWitness } from '../../src/compiler/witness.js';
import { evaluate } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import { OP } from '../../src/script/opcodes.js';
import { decodeScriptNum } from '../../src/script/scriptnum.js';
import type { Model } from '../../src/models/model.js';
import { adversarialModel } from './helpers/models.js';
import { forEachCheckedOperand, runCompiled as run } from './helpers/trace.js';

const schemes = fc.constantFrom('int8', 'int4', 'ternary', 'pow2', 'int8-col' as const);
const rescales = fc.constantFrom('hint', 'pure' as const);
// Mostly auto: it lowers the bits until the proof just holds, so the bounds sit near the limit.
const fracBits = fc.oneof({ arbitrary: fc.constant('auto' as const), weight: 3 }, { arbitrary: fc.integer({ min: -4, max: 8 }), weight: 1 });
// Codegen's choice ('best') and each strategy forced ('shared': digit pairs shared wherever one occurs twice).
const strategies = fc.constantFrom('best', 'horner', 'per-weight', 'shared' as const);
const native = loadNative();

/** Every corner of the quantized input range (as float rows that quantize to it exactly), then `extra` rows inside it. */
function corners(im: IntModel, extra: readonly (readonly number[])[]): number[][] {
  const n = im.inputRange.length;
  const f = 2 ** -im.inputFrac;
  const rows: number[][] = [];
  for (let m = 0; m < 2 ** n; m++) rows.push(im.inputRange.map(([lo, hi], i) => ((m >> i) & 1 ? hi : lo) * f));
  for (const t of extra) rows.push(im.inputRange.map(([lo, hi], i) => Math.round(lo + (hi - lo) * t[i % t.length]!) * f));
  return rows;
}

/**
 * Runs `c` traced on `input`, asserts it succeeds (no script number ever too large) and checks
 * every number it holds: each numeric opcode's operands lie in their proven interval and within
 * the peak of the neuron whose code holds them (the innermost source-map entry: an input's range
 * check is the input's), and every item of both stacks after every step (save a PICK or ROLL
 * depth, about to be consumed) lies within the global peak (+1: a range check's `hi + 1`).
 * Returns the largest operand magnitude seen.
 */
function traceWithinProof(c: Compiled, input: readonly number[]): number {
  const w = buildWitness(c.program.witness.map((x) => x.item), c.intModel, input);
  const r = run(c, w.items, true);
  expect(r.error).toBe('OK');
  // Each check is a plain comparison and calls expect only where it fails (with its message): an
  // expect per operand and per stack item per step took most of this test's time.
  const peaks = new Map<number, number>();
  const peakAt = (pos: number) => {
    let peak = peaks.get(pos);
    if (peak === undefined) {
      const s = c.code.sourceMap.filter((m) => m.start <= pos && pos < m.end).at(-1)?.source;
      peak = s?.what === 'neuron' && s.neuron !== undefined ? c.proof.layers[s.layer]![s.neuron]!.peak : c.proof.peak + 1;
      peaks.set(pos, peak);
    }
    return peak;
  };
  let largest = 0;
  forEachCheckedOperand(c, w.items, r.trace!, (v, [lo, hi], pos) => {
    if (!(v >= lo && v <= hi)) expect.fail(`operand ${v} outside [${lo}, ${hi}] at ${pos}`);
    if (!(Math.abs(v) <= peakAt(pos))) expect.fail(`operand ${v} at ${pos} beyond its peak ${peakAt(pos)}`);
    largest = Math.max(largest, Math.abs(v));
  });
  const trace = r.trace!;
  trace.forEach((step, i) => {
    const next = trace[i + 1];
    const depthNext = next?.executed && (next.opcode === OP.OP_PICK || next.opcode === OP.OP_ROLL);
    const items = [...(depthNext ? step.stack.slice(0, -1) : step.stack), ...step.altstack];
    for (const b of items) {
      const v = decodeScriptNum(b, false, 8);
      if (!(Math.abs(v) <= c.proof.peak + 1)) expect.fail(`stack item ${v} after ${step.pos} beyond the proof's peak ${c.proof.peak}`);
    }
  });
  return largest;
}

describe('range proof: the per-instruction bound holds on the script', () => {
  it('for models pressing on it (weights at scheme maxima, biases to 3e9, relu/clip/leakyRelu), every scheme, hint and pure, every strategy, at every corner of the input range and random points', () => {
    let compiled = 0;
    let refused = 0;
    let runs = 0;
    let nearLimit = 0;
    fc.assert(
      fc.property(adversarialModel, schemes, rescales, fracBits, strategies, fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), { maxLength: 2 }), (model, weights, rescale, fb, strategy, extra) => {
        let c: Compiled;
        try {
          c = compileModel(model, { weights, rescale, fracBits: fb, strategy, recordChecks: true });
        } catch (e) {
          if (e instanceof RangeProofError) return void refused++;
          throw e;
        }
        compiled++;
        if (c.proof.peak > INT32_LIMIT / 4) nearLimit++;
        for (const row of corners(c.intModel, extra)) {
          traceWithinProof(c, row);
          runs++;
        }
      }),
      { numRuns: 150 },
    );
    expect(compiled).toBeGreaterThan(100);
    expect(nearLimit).toBeGreaterThan(30);
    expect(runs).toBeGreaterThan(500);
  });
});

describe('a model the closed-form bound refused', () => {
  // Layer 0 neuron 0's bias 1e5 is 1e5 · 2^14 = 1638400000 at --frac-bits 8 (inputs 8 bits, weights
  // 6): the former closed form bounded its code by 2·(digits + |bias|) + (|z| + 1)·2^6, beyond 2^31;
  // the code itself holds at most 1638465536 (the bias and the 2^16 its two inputs add).
  const model: Model = {
    format: 'bsml-model', version: 1, input: { shape: [2], range: [-1, 1] },
    layers: [
      { type: 'dense', weights: [[1, -1], [0.5, 0.75]], bias: [1e5, -1e5 / 3] },
      { type: 'relu' },
      { type: 'dense', weights: [[1, -0.5], [-1, 1]], bias: [0.25, -0.25] },
    ],
  };

  it.each(['hint', 'pure'] as const)('compiles at --frac-bits 8 (rescale %s) and equals the integer reference on both engines at every corner, its largest operand within its peak', (rescale) => {
    const c = compileModel(model, { fracBits: 8, rescale, output: 'leave' });
    const peak = c.proof.layers[0]![0]!.peak;
    expect(peak).toBeLessThanOrEqual(INT32_LIMIT);
    expect(peak).toBeGreaterThanOrEqual(1638400000);
    // The same script with the output check, traced.
    const checked = compileModel(model, { fracBits: 8, rescale, recordChecks: true });
    let largest = 0;
    for (const row of corners(c.intModel, [])) {
      const w = buildWitness(c.program.witness.map((x) => x.item), c.intModel, row);
      const r = run(c, w.items);
      expect(r.error).toBe('CLEANSTACK'); // two logits left: nothing failed before the end
      expect(r.stack.map((b) => decodeScriptNum(b, true, 5))).toEqual(w.reference.logits);
      if (native) expect(evaluate(c.code.script, w.items, { ...c.dialect.evaluation, engine: 'native' })).toEqual(r);
      largest = Math.max(largest, traceWithinProof(checked, row));
    }
    // The bound is tight here: the script reaches the bias itself.
    expect(largest).toBeGreaterThanOrEqual(1638400000);
  });
});

describe('a proof is for one rescale mode', () => {
  // The 1.5e9 bias of a tiny weight at --frac-bits -40 (no rescale): the code holds the bias, 1.5e9;
  // the former closed form said 3·1.5e9 + 1 and refused it.
  const bias: Model = { format: 'bsml-model', version: 1, input: { shape: [1], range: [0, 1] }, layers: [{ type: 'dense', weights: [[1e-12]], bias: [1.5e9] }] };
  // One hidden rescale (--frac-bits 2): hint and pure code differ.
  const rescaled: Model = {
    format: 'bsml-model', version: 1, input: { shape: [2], range: [-3, 3] },
    layers: [{ type: 'dense', weights: [[1.5, -0.75], [-1, 1]], bias: [-100, 50] }, { type: 'dense', weights: [[1, -1]], bias: [0] }],
  };

  it('peaks at exactly what the code holds where nothing is rescaled', () => {
    const proof = proveRanges(quantize(bias, 'int8', [-40]));
    expect(proof.peak).toBe(1500000000);
  });

  it("records its mode, bounds each mode's own code (absent: the larger), and lower refuses a proof for the other mode", () => {
    const im = quantize(rescaled, 'int8', [2, 2]);
    expect(im.layers[0]!.shift).toBeGreaterThan(0);
    const hint = proveRanges(im, INT32_LIMIT, 'hint');
    const pure = proveRanges(im, INT32_LIMIT, 'pure');
    const either = proveRanges(im);
    expect([hint.rescale, pure.rescale, either.rescale]).toEqual(['hint', 'pure', undefined]);
    expect(hint.layers[0]!.map((b) => b.peak)).not.toEqual(pure.layers[0]!.map((b) => b.peak));
    expect(either.layers[0]!.map((b) => b.peak)).toEqual(hint.layers[0]!.map((b, o) => Math.max(b.peak, pure.layers[0]![o]!.peak)));
    expect(() => lower(im, hint, 'pure', { kind: 'assert-output' })).toThrow(CompileOptionsError);
    expect(() => lower(im, hint, 'pure', { kind: 'assert-output' })).toThrow("lower: the range proof bounds the code of --rescale hint, not pure; prove the ranges for pure (proveRanges(im, limit, 'pure'))");
    expect(lower(im, either, 'pure', { kind: 'assert-output' }).rescale).toBe('pure');
    expect(lower(im, pure, 'pure', { kind: 'assert-output' }).rescale).toBe('pure');
  });
});
