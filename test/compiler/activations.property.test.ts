import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { RangeProofError } from '../../src/compiler/errors.js';
import { buildWitness } from '../../src/compiler/witness.js';
import { decodeScriptNum, encodeScriptNum } from '../../src/script/scriptnum.js';
import type { Model } from '../../src/models/model.js';
import { activationModel } from './helpers/models.js';
import { forEachCheckedOperand, runCompiled as run } from './helpers/trace.js';

const schemes = fc.constantFrom('int8', 'int4', 'ternary', 'pow2', 'int8-col' as const);
const rescales = fc.constantFrom('hint', 'pure' as const);
const fracBits = fc.oneof(fc.constant('auto' as const), fc.integer({ min: 0, max: 4 }));
const grid = fc.array(fc.nat(), { minLength: 5, maxLength: 5 });

/**
 * compileModel, or undefined when the range proof refuses the model (a typed error, e.g. a tiny
 * weight under int8 scaled past 2^31 by a leaky shift): random models may be out of range; each
 * property counts these and requires them to stay rare.
 */
function compileOrRefused(...args: Parameters<typeof compileModel>): ReturnType<typeof compileModel> | undefined {
  try {
    return compileModel(...args);
  } catch (e) {
    if (e instanceof RangeProofError) return undefined;
    throw e;
  }
}

/** An input row on the model's grid of quarters (its range is [lo/4, hi/4]). */
function gridRow(model: Model, picks: readonly number[]): number[] {
  const [lo, hi] = model.input.range as [number, number];
  const steps = Math.round((hi - lo) * 4);
  return Array.from({ length: model.input.shape[0]! }, (_, i) => lo + (picks[i]! % (steps + 1)) / 4);
}

describe('relu, clip and leakyRelu: compiled scripts equal the integer reference', () => {
  it('for random models with 0-2 activations after every dense layer, values at clip bounds, negative and one-sided leaky inputs included', () => {
    let atBound = 0;
    let clipped = 0;
    let negativeLeaky = 0;
    let hinted = 0;
    // Leaky neurons the range proof puts on one side of 0 (the script then computes one product).
    let oneSided = 0;
    let refused = 0;
    fc.assert(
      fc.property(activationModel, schemes, rescales, fracBits, fc.array(grid, { minLength: 1, maxLength: 3 }), (model, weights, rescale, fb, rows) => {
        const c = compileOrRefused(model, { weights, rescale, fracBits: fb, output: 'leave' });
        if (!c) return void refused++;
        const layout = c.program.witness.map((w) => w.item);
        if (layout.some((it) => it.kind === 'leaky-hint')) hinted++;
        c.intModel.layers.forEach((l, k) => {
          if (l.leaky) oneSided += c.proof.layers[k]!.filter((b) => (b.z[0] >= 0 || b.z[1] <= 0) && b.z[0] !== b.z[1]).length;
        });
        for (const picks of rows) {
          const w = buildWitness(layout, c.intModel, gridRow(model, picks));
          const r = run(c, w.items);
          expect(r.stack.map((b) => decodeScriptNum(b, true, 5))).toEqual(w.reference.logits);
          expect(r.altstack.length).toBe(0);
          c.intModel.layers.forEach((l, k) => {
            const t = w.reference.layers[k]!;
            const pre = t.y ?? t.z;
            if (l.leaky) negativeLeaky += t.z.filter((v) => v < 0).length;
            if (!l.clip) return;
            const [lo, hi] = l.clip;
            atBound += pre.filter((v) => v === lo || v === hi).length;
            clipped += pre.filter((v) => (lo !== null && v < lo) || (hi !== null && v > hi)).length;
          });
        }
      }),
      { numRuns: 200 },
    );
    expect(atBound).toBeGreaterThan(8);
    expect(clipped).toBeGreaterThan(50);
    expect(negativeLeaky).toBeGreaterThan(20);
    expect(hinted).toBeGreaterThan(0); // one run of 200 gave only 2 (2 was the former floor)
    expect(oneSided).toBeGreaterThan(4); // random models: one run of 200 gave only 18
    expect(refused).toBeLessThan(10);
  });
});

describe('range proof of the activations', () => {
  it("every numeric operand the script produces lies in its interval and within its neuron's proven peak", () => {
    let checked = 0;
    let refused = 0;
    fc.assert(
      fc.property(activationModel, schemes, rescales, fracBits, grid, (model, weights, rescale, fb, picks) => {
        const c = compileOrRefused(model, { weights, rescale, fracBits: fb, output: 'assert-output', recordChecks: true });
        if (!c) return void refused++;
        const w = buildWitness(c.program.witness.map((x) => x.item), c.intModel, gridRow(model, picks));
        const r = run(c, w.items, true);
        expect(r.error).toBe('OK');
        const peakAt = (pos: number) => {
          // The innermost entry: an input's range check inside a neuron's code is the input's, not the neuron's.
          const s = c.code.sourceMap.filter((m) => m.start <= pos && pos < m.end).at(-1)?.source;
          if (s?.what === 'neuron' && s.neuron !== undefined) return c.proof.layers[s.layer]![s.neuron]!.peak;
          return c.proof.peak + 1; // shared values, range checks of unread inputs, the output's argmax
        };
        checked += forEachCheckedOperand(c, w.items, r.trace!, (v, [lo, hi], pos) => {
          const peak = peakAt(pos);
          expect(v >= lo && v <= hi, `operand ${v} outside [${lo}, ${hi}] at ${pos}`).toBe(true);
          expect(Math.abs(v), `operand ${v} at ${pos} beyond the peak ${peak}`).toBeLessThanOrEqual(peak);
        });
      }),
      { numRuns: 100 },
    );
    expect(checked).toBeGreaterThan(1000);
    expect(refused).toBeLessThan(5);
  });
});

describe('the script rejects a wrong LeakyRelu hint', () => {
  it('any leaky hint moved by one fails the script', () => {
    let tried = 0;
    let refused = 0;
    fc.assert(
      fc.property(activationModel, fc.integer({ min: 0, max: 4 }), grid, fc.nat(), fc.boolean(), (model, fb, picks, pick, up) => {
        const c = compileOrRefused(model, { weights: 'int8', rescale: 'hint', fracBits: fb });
        if (!c) return void refused++;
        const layout = c.program.witness.map((w) => w.item);
        const at = layout.map((it, i) => (it.kind === 'leaky-hint' ? i : -1)).filter((i) => i >= 0);
        if (at.length === 0) return;
        const honest = buildWitness(layout, c.intModel, gridRow(model, picks));
        expect(run(c, honest.items).error).toBe('OK');
        const items = honest.items.slice();
        const i = at[pick % at.length]!;
        items[i] = encodeScriptNum(decodeScriptNum(items[i]!, true) + (up ? 1 : -1));
        expect(run(c, items).success).toBe(false);
        tried++;
      }),
      { numRuns: 250 },
    );
    expect(tried).toBeGreaterThan(15);
    expect(refused).toBeLessThan(12);
  });
});
