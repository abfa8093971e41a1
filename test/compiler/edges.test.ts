/**
 * Models at the edges of the range proof: declared ranges that reach the largest 4-byte script
 * number, LeakyRelu slopes too large for exact integers. Each must compile to a script equal to
 * the integer reference on both engines, or be refused with a RangeProofError naming the neuron.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { RangeProofError } from '../../src/compiler/errors.js';
import { roundHalfUp } from '../../src/compiler/intmodel.js';
import { buildWitness } from '../../src/compiler/witness.js';
import { evaluate } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import type { Layer, Model } from '../../src/models/model.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import { runCompiled } from './helpers/trace.js';

const native = loadNative();
const MAX = 2 ** 31 - 1;

function model(range: [number, number][], layers: Layer[]): Model {
  return { format: 'bsml-model', version: 1, input: { shape: [range.length], range }, layers };
}

/** Runs the script on `items` on the TypeScript engine (and the native one, which must agree). */
function run(c: ReturnType<typeof compileModel>, items: Uint8Array[]) {
  const r = runCompiled(c, items);
  if (native) expect(evaluate(c.code.script, items, { ...c.dialect.evaluation, engine: 'native' })).toEqual(r);
  return r;
}

describe('a declared input range reaching the largest script number', () => {
  // Input 0 is quantized to [lo, 2^31 - 1] at 8 fractional bits; the first layer does not read it
  // (its only weight rounds to 0), so the range proof holds and only its range check touches it.
  const m = model(
    [
      [-1, MAX / 256],
      [0, 1],
    ],
    [{ type: 'dense', weights: [[1e-9, 1], [0, -1]], bias: [0, 0.5] }],
  );

  it('compiles (the check cannot push 2^31 as WITHIN’s bound) and accepts exactly the range', () => {
    const c = compileModel(m, { fracBits: 8 });
    expect(c.intModel.inputRange[0]).toEqual([-256, MAX]);
    const layout = c.program.witness.map((w) => w.item);
    for (const x of [[MAX / 256, 1], [-1, 0], [0, 0.5]]) {
      const w = buildWitness(layout, c.intModel, x);
      expect(run(c, w.items).error).toBe('OK');
    }
    // Just outside: lo - 1 fails the check; 2^31 is not a 4-byte number at all.
    const at = layout.findIndex((it) => it.kind === 'input' && it.index === 0);
    const honest = buildWitness(layout, c.intModel, [0, 1]).items;
    for (const [v, error] of [[-257, 'VERIFY'], [2 ** 31, 'SCRIPTNUM']] as const) {
      const items = honest.slice();
      items[at] = encodeScriptNum(v);
      expect(run(c, items).error).toBe(error);
    }
  });
});

describe('LeakyRelu slopes too large for exact integers', () => {
  const leaky = (alpha: number, range: [number, number]) =>
    model([range], [{ type: 'dense', weights: [[1], [-0.5]], bias: [0, 0.5] }, { type: 'leakyRelu', alpha }, { type: 'dense', weights: [[1, 1]], bias: [0] }]);

  it('are refused with a RangeProofError naming the neuron when a negative value reaches them', () => {
    for (const alpha of [1e300, 2 ** 53, 1e9]) {
      let err: unknown;
      try {
        compileModel(leaky(alpha, [-1, 1]), { fracBits: 2 });
      } catch (e) {
        err = e;
      }
      expect(err, `alpha ${alpha}`).toBeInstanceOf(RangeProofError);
      expect((err as RangeProofError).message).toMatch(/^dense layer 0 neuron 0: its LeakyRelu \(slope \d+(e\+\d+)?\/2\^0\) on values in \[-\d+, \d+\] computes products up to .*, beyond the operand limit ±2147483647; use fewer fractional bits/);
      expect([(err as RangeProofError).layer, (err as RangeProofError).neuron]).toEqual([0, 0]);
    }
  });

  it('compile when the values they see are never negative (the script computes only z·2^bits there), equal to the reference', () => {
    for (const alpha of [1e300, 1e9]) {
      // On [0, 1] neither neuron goes negative (x and 0.5 - x/2).
      const c = compileModel(leaky(alpha, [0, 1]), { fracBits: 2, output: 'leave' });
      expect(c.intModel.layers[0]!.leaky!.num).toBe(alpha === 1e9 ? 1e9 : 1e300);
      const layout = c.program.witness.map((w) => w.item);
      for (const x of [0, 0.25, 0.5, 1]) {
        const w = buildWitness(layout, c.intModel, [x]);
        const r = run(c, w.items);
        expect(r.stack.map((b) => Buffer.from(b).toString('hex'))).toEqual(w.reference.logits.map((v) => Buffer.from(encodeScriptNum(v)).toString('hex')));
      }
    }
  });
});

describe('inputs at and just outside the declared range', () => {
  // [0.3, 0.7] at 8 fractional bits is 77..179 (0.30078125 to 0.69921875): the script checks the
  // quantized value, so x is accepted exactly when it rounds into 77..179.
  const c = compileModel(model([[0.3, 0.7]], [{ type: 'dense', weights: [[1], [-1]], bias: [0, 0] }]), { fracBits: 8 });
  const layout = c.program.witness.map((w) => w.item);

  it('accepts what rounds into the quantized range, on both engines, and the witness builder agrees', () => {
    expect(c.intModel.inputRange).toEqual([[77, 179]]);
    for (const x of [0.3, 0.7, 0.298828125, 0.701171875 - 2 ** -40]) expect(run(c, buildWitness(layout, c.intModel, [x]).items).error, `x = ${x}`).toBe('OK');
    for (const x of [0.298828125 - 2 ** -40, 0.701171875]) {
      const w = buildWitness(layout, c.intModel, [x], { allowOutOfRange: true });
      expect(w.outOfRange, `x = ${x}`).toBe(true);
      expect(run(c, w.items).error, `x = ${x}`).toBe('VERIFY');
    }
  });

  it('refuses the rest naming the quantized value and the interval the script accepts (not the quantized ends as "declared")', () => {
    expect(() => buildWitness(layout, c.intModel, [0.702])).toThrow(
      'input 0 = 0.702 is outside the declared range: it quantizes to 180 at 8 fractional bits, outside 77..179 (the script accepts 0.298828125 <= x < 0.701171875)',
    );
  });
});

describe('round half up', () => {
  it('is floor(x + 1/2) exactly, also where x + 0.5 rounds in doubles, and never -0', () => {
    const below = 0.5 - 2 ** -54; // 0.49999999999999994, the double just below 1/2
    expect(roundHalfUp(below)).toBe(0);
    expect(roundHalfUp(2 ** 52 + 1)).toBe(2 ** 52 + 1);
    expect(roundHalfUp(-(2 ** 52) - 1)).toBe(-(2 ** 52) - 1);
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 1.4999999999999998].map(roundHalfUp)).toEqual([1, 2, 3, 0, -1, -2, 1]);
    for (const x of [-0.5, -0.3, -0]) expect(Object.is(roundHalfUp(x), 0), `x = ${x}`).toBe(true);
  });

  it('quantizes an input the way the specification says (the script then agrees with it)', () => {
    const c = compileModel(model([[-2, 2]], [{ type: 'dense', weights: [[1], [-1]], bias: [0, 0] }]), { fracBits: 0, output: 'leave' });
    const w = buildWitness(c.program.witness.map((it) => it.item), c.intModel, [0.5 - 2 ** -54]);
    expect(w.inputs).toEqual([0]);
  });
});

describe('an input range no --frac-bits can hold', () => {
  const wide = model([[-1e300, 1e300]], [{ type: 'dense', weights: [[1]], bias: [0] }]);
  it('is refused with advice the options can follow: narrow the input range, not fewer fractional bits', () => {
    for (const fracBits of ['auto', -40] as const) {
      const e = (() => {
        try {
          compileModel(wide, { fracBits });
        } catch (err) {
          return err as Error;
        }
        throw new Error('compiled');
      })();
      expect(e, String(fracBits)).toBeInstanceOf(RangeProofError);
      expect(e.message).toContain('no --frac-bits fits it');
      expect(e.message).toContain('narrow the model\'s input range (--input-range LO,HI)');
      expect(e.message).not.toContain('use fewer input fractional bits');
    }
  });
  it('a range fewer fractional bits can hold still gets that advice', () => {
    expect(() => compileModel(model([[-1e6, 1e6]], [{ type: 'dense', weights: [[1]], bias: [0] }]), { fracBits: 20 })).toThrow(
      /use fewer input fractional bits \(--frac-bits, now 20\)/,
    );
  });
});
