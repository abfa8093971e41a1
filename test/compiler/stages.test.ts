import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { naf, nafMagnitude } from '../../src/compiler/csd.js';
import { RangeProofError, StackLimitError } from '../../src/compiler/errors.js';
import { INT8_COL_SPREAD, quantizeWeights } from '../../src/compiler/quantize.js';
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

  // Columns scaled by factors 2^-12 .. 2^12 (as a folded batch normalization scales them).
  const scaled = fc.tuple(matrix, fc.array(fc.integer({ min: -12, max: 12 }), { minLength: 3, maxLength: 3 })).map(([w, e]) => w.map((r) => r.map((v, j) => v * 2 ** e[j]!)));
  it('int8-col: an int8 mantissa times a power of two per column, each column within half a step of its own scale', () => {
    fc.assert(
      fc.property(scaled, (w) => {
        const q = quantizeWeights(w, 'int8-col');
        const cols = w[0]!.map((_, j) => Math.max(...w.map((r) => Math.abs(r[j]!))));
        const colFrac = cols.map((c) => (c < 2 ** -40 ? null : Math.max(-40, Math.min(40, Math.floor(Math.log2(127 / c))))));
        const fracs = colFrac.filter((f): f is number => f !== null);
        if (fracs.length === 0) {
          expect(q.weights.flat().every((v) => v === 0)).toBe(true);
          return;
        }
        expect(q.frac).toBe(Math.min(Math.max(...fracs), Math.min(...fracs) + INT8_COL_SPREAD));
        q.weights.forEach((r, i) =>
          r.forEach((v, j) => {
            const fj = colFrac[j];
            if (fj === null) {
              expect(v).toBe(0);
              return;
            }
            const f = Math.min(fj!, q.frac);
            const m = v / 2 ** (q.frac - f);
            expect(Number.isInteger(m) && Math.abs(m) <= 127).toBe(true);
            // The real weight m · 2^-f is within half a step 2^-f of w (the clamp at 127 never binds: |w| · 2^f <= 127).
            expect(Math.abs(m * 2 ** -f - w[i]![j]!)).toBeLessThanOrEqual(2 ** -f / 2 + 1e-12);
          }),
        );
      }),
    );
  });

  it('int8-col equals int8 when every column has the same scale, and keeps the small columns int8 rounds to 0', () => {
    const even = [
      [1.5, -0.9, 1.2],
      [0.7, 1.1, -1.4],
    ];
    expect(quantizeWeights(even, 'int8-col')).toEqual(quantizeWeights(even, 'int8'));
    const folded = [
      [190, 0.3, -0.2],
      [-150, 0.1, 0.25],
    ];
    expect(quantizeWeights(folded, 'int8').weights.map((r) => r.slice(1))).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const c = quantizeWeights(folded, 'int8-col');
    c.weights.forEach((r, i) => r.slice(1).forEach((v, j) => expect(Math.abs(v * 2 ** -c.frac - folded[i]![j + 1]!)).toBeLessThanOrEqual(2 ** -8)));
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
    expect((err as Error).message).toMatch(/dense layer 0 neuron 0: intermediate values can reach .* beyond the operand limit ±2147483647; the input has 20 fractional bits: use fewer \(--frac-bits\)/);
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
