import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { naf, nafMagnitude } from '../../src/compiler/csd.js';
import { RangeProofError, StackLimitError } from '../../src/compiler/errors.js';
import { quantizeWeights } from '../../src/compiler/quantize.js';
import { floorShift } from '../../src/compiler/reference.js';
import { planSharing } from '../../src/compiler/sharing.js';
import type { Model } from '../../src/models/model.js';
import { buildWitness } from '../../src/compiler/witness.js';
import { evaluate } from '../../src/engine/index.js';

describe('canonical signed digits', () => {
  it('naf(n) sums to n, has digits in {-1,0,1} and no two adjacent nonzero digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (n) => {
        const d = naf(n);
        expect(d.reduce((s, x, p) => s + x * 2 ** p, 0)).toBe(n);
        d.forEach((x, p) => {
          expect([-1, 0, 1]).toContain(x);
          if (p > 0) expect(x !== 0 && d[p - 1] !== 0).toBe(false);
        });
        expect(nafMagnitude(n)).toBeGreaterThanOrEqual(Math.abs(n));
      }),
    );
  });
});

describe('weight schemes', () => {
  const matrix = fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 });
  it('produce integers in each scheme’s set', () => {
    fc.assert(
      fc.property(matrix, (w) => {
        const values = (s: Parameters<typeof quantizeWeights>[1]) => quantizeWeights(w, s).weights.flat();
        for (const v of values('int8')) expect(Number.isInteger(v) && Math.abs(v) <= 127).toBe(true);
        for (const v of values('int4')) expect(Number.isInteger(v) && Math.abs(v) <= 7).toBe(true);
        for (const v of values('ternary')) expect([-1, 0, 1]).toContain(v);
        for (const v of values('pow2')) expect(v === 0 || [1, 2, 4, 8, 16, 32, 64, 128].includes(Math.abs(v))).toBe(true);
      }),
    );
  });
});

describe('integer reference', () => {
  it('floorShift is floor division (toward -infinity)', () => {
    expect(floorShift(-1, 3)).toBe(-1);
    expect(floorShift(-8, 3)).toBe(-1);
    expect(floorShift(-9, 3)).toBe(-2);
    expect(floorShift(15, 3)).toBe(1);
    expect(floorShift(-5, 0)).toBe(-5);
  });
});

const dense = (o: number, i: number, w = 1): Model['layers'][number] => ({ type: 'dense', weights: Array.from({ length: o }, () => Array(i).fill(w)), bias: Array(o).fill(0) });
const model = (inputs: number, layers: Model['layers'], range: [number, number] = [0, 1]): Model => ({ format: 'bsml-model', version: 1, input: { shape: [inputs], range }, layers });

describe('failures are clear', () => {
  it('a range proof failure names the layer and neuron and what to change', () => {
    const m = model(4, [dense(3, 4), { type: 'relu' }, dense(2, 3)], [0, 1000]);
    let err: unknown;
    try {
      compileModel(m, { fracBits: 20 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RangeProofError);
    expect((err as Error).message).toMatch(/dense layer 0 neuron 0: intermediate values can reach .* beyond the operand limit ±2147483647; use fewer fractional bits/);
    // auto fractional bits find a setting that passes
    expect(() => compileModel(m)).not.toThrow();
  });

  it('a model whose witness cannot fit in 1000 stack items fails with STACK_LIMIT', () => {
    const m = model(1001, [dense(1, 1001, 0.5)]);
    expect(() => compileModel(m)).toThrow(StackLimitError);
    expect(() => compileModel(m)).toThrow(/1000-item stack limit/);
  });

  it('a model whose live values exceed the limit fails with STACK_LIMIT, one that fits compiles', () => {
    expect(() => compileModel(model(999, [dense(1, 999, 0.5)]), { output: 'leave' })).toThrow(/more than 1000 stack items/);
    const c = compileModel(model(990, [dense(2, 990, 0.5)]));
    expect(c.report.peakStackItems).toBeGreaterThan(990);
    expect(c.report.peakStackItems).toBeLessThanOrEqual(1000);
    const w = buildWitness(c.program.witness.map((x) => x.item), c.intModel, Array(990).fill(0.5));
    expect(evaluate(c.code.script, w.items, { ...c.dialect.evaluation, engine: 'ts' }).error).toBe('OK');
  });
});

describe('sharing across neurons', () => {
  it('rewritten digits compute the same sums, with shared values a + rel*b', () => {
    const digit = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), plane: fc.integer({ min: 0, max: 3 }), sign: fc.constantFrom(-1, 1) });
    const uniq = (ds: { id: string; plane: number; sign: number }[]) => ds.filter((d, i) => ds.findIndex((x) => x.id === d.id && x.plane === d.plane) === i);
    fc.assert(
      fc.property(fc.array(fc.array(digit, { maxLength: 12 }).map(uniq), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 5, maxLength: 5 }), (neurons, vals) => {
        const value = new Map(['a', 'b', 'c', 'd', 'e'].map((id, i) => [id, vals[i]!]));
        const plan = planSharing(neurons, 's', 10);
        for (const p of plan.pairs) value.set(p.id, value.get(p.a)! + p.rel * value.get(p.b)!);
        const sum = (ds: readonly { id: string; plane: number; sign: number }[]) => ds.reduce((s, d) => s + d.sign * 2 ** d.plane * value.get(d.id)!, 0);
        neurons.forEach((ds, n) => expect(sum(plan.digits[n]!)).toBe(sum(ds)));
      }),
    );
  });
});
