import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { blocks, quantize, quantizeSlope } from '../../src/compiler/quantize.js';
import { clampInt, leakyInt, runReference } from '../../src/compiler/reference.js';
import { forward } from '../../src/models/forward.js';
import type { Layer, Model } from '../../src/models/model.js';
import { validateModel } from '../../src/models/validate.js';
import { OP } from '../../src/script/opcodes.js';
import { decodeScript } from '../../src/script/script.js';

const model = (acts: Layer[], range: [number, number] = [-4, 4]): Model => ({
  format: 'bsml-model',
  version: 1,
  input: { shape: [2], range },
  layers: [{ type: 'dense', weights: [[1, -1], [0.5, 2]], bias: [0, -1] }, ...acts, { type: 'dense', weights: [[1, 1]], bias: [0] }],
});

describe('clip and leakyRelu in the model format', () => {
  it('validates them, naming the layer and field of each error', () => {
    const v = (l: object) => () => validateModel({ ...model([]), layers: [model([]).layers[0], l] });
    expect(v({ type: 'clip', min: 0, max: 6 })().layers[1]).toEqual({ type: 'clip', min: 0, max: 6 });
    expect(v({ type: 'clip', max: 1 })().layers[1]).toEqual({ type: 'clip', max: 1 });
    expect(v({ type: 'clip', min: null, max: 1 })().layers[1]).toEqual({ type: 'clip', max: 1 });
    expect(v({ type: 'clip', min: 2, max: 1 })).toThrow(/model layers\[1\]\.min: min 2 is above max 1/);
    expect(v({ type: 'clip', min: 'a' })).toThrow(/layers\[1\]\.min: expected a number, got string/);
    expect(v({ type: 'leakyRelu', alpha: 0.1 })().layers[1]).toEqual({ type: 'leakyRelu', alpha: 0.1 });
    expect(v({ type: 'leakyRelu' })).toThrow(/layers\[1\]\.alpha: expected a number/);
    expect(v({ type: 'leakyRelu', alpha: -0.5 })).toThrow(/layers\[1\]\.alpha: negative slope -0.5 is not supported/);
    expect(v({ type: 'leakyRelu', alpha: Infinity })).toThrow(/layers\[1\]\.alpha: not finite/);
  });

  it('computes them in float32', () => {
    expect(forward(model([{ type: 'clip', min: 0, max: 6 }]), [4, -3])).toEqual([6 + 0]);
    // dense 0: [1*3 - 1*(-3), 0.5*3 + 2*-3 - 1] = [6, -5.5] -> leaky 0.1: [6, -0.55 in f32]
    expect(forward(model([{ type: 'leakyRelu', alpha: 0.1 }]), [3, -3])).toEqual([Math.fround(6 + Math.fround(Math.fround(0.1) * -5.5))]);
  });
});

describe('blocks: activations folded to leaky-then-clamp', () => {
  const b = (acts: Layer[]) => {
    const { leaky, clamp } = blocks(model(acts))[0]!;
    return { leaky, clamp };
  };
  it('composes clamps, moves a leaky before them, and treats alpha 0 as relu', () => {
    expect(b([{ type: 'relu' }, { type: 'clip', min: -1, max: 1 }])).toEqual({ leaky: undefined, clamp: [0, 1] });
    expect(b([{ type: 'clip', max: 6 }, { type: 'clip', min: 0 }])).toEqual({ leaky: undefined, clamp: [0, 6] });
    expect(b([{ type: 'clip', min: -2, max: 3 }, { type: 'leakyRelu', alpha: 0.5 }])).toEqual({ leaky: 0.5, clamp: [-1, 3] });
    expect(b([{ type: 'leakyRelu', alpha: 0.5 }, { type: 'leakyRelu', alpha: 0.5 }])).toEqual({ leaky: 0.25, clamp: [-Infinity, Infinity] });
    expect(b([{ type: 'leakyRelu', alpha: 0 }])).toEqual({ leaky: undefined, clamp: [0, Infinity] });
    expect(b([{ type: 'relu' }, { type: 'leakyRelu', alpha: 0.3 }])).toEqual({ leaky: undefined, clamp: [0, Infinity] });
  });
  it('agrees with the float forward pass on a grid', () => {
    const acts: Layer[] = [{ type: 'clip', min: -2, max: 3 }, { type: 'leakyRelu', alpha: 0.5 }, { type: 'clip', max: 2 }];
    const m = model(acts);
    const bl = blocks(m)[0]!;
    for (let x = -4; x <= 4; x += 0.5) {
      const direct = forward({ ...m, layers: [m.layers[0]!, ...acts, { type: 'dense', weights: [[1, 0]], bias: [0] }] }, [x, 0])[0]!;
      const folded = Math.min(Math.max(x < 0 ? bl.leaky! * x : x, bl.clamp[0]), bl.clamp[1]);
      expect(folded).toBe(direct);
    }
  });
});

describe('quantized activations', () => {
  it('slopes: num / 2^bits with at most 7 significant bits and 12 fractional bits', () => {
    expect(quantizeSlope(0.5)).toEqual({ num: 1, bits: 1 });
    expect(quantizeSlope(0.1)).toEqual({ num: 51, bits: 9 });
    expect(quantizeSlope(0.01)).toEqual({ num: 41, bits: 12 });
    expect(quantizeSlope(1.5)).toEqual({ num: 3, bits: 1 });
    expect(quantizeSlope(1e-5)).toEqual({ num: 0, bits: 0 });
  });
  it('ReLU6 bounds become integers at the output scale; a relu-only model keeps relu and no clip', () => {
    const q = quantize(model([{ type: 'clip', min: 0, max: 6 }]), 'int8', [4, 5]);
    expect(q.layers[0]!.clip).toEqual([0, 6 * 2 ** q.layers[0]!.fracOut]);
    expect(q.layers[0]!.relu).toBe(false);
    const r = quantize(model([{ type: 'relu' }]), 'int8', [4, 5]).layers[0]!;
    expect(r.relu).toBe(true);
    expect(r.clip).toBeUndefined();
    expect(r.leaky).toBeUndefined();
  });
  it('leaky: the dense rescale drops to the target scale, the leaky floor drops the slope bits', () => {
    const l = quantize(model([{ type: 'leakyRelu', alpha: 0.1 }]), 'int8', [4, 5]).layers[0]!;
    expect(l.leaky).toEqual({ num: 51, bits: 9, shift: 9 });
    expect(l.fracOut).toBe(5);
    expect(l.fracIn + l.weightFrac - l.shift).toBe(5);
    // The last layer keeps the slope's bits (no rescale needed before an argmax).
    const last = quantize({ ...model([]), layers: [...model([]).layers, { type: 'leakyRelu', alpha: 0.1 }] }, 'int8', [4, 5]).layers[1]!;
    expect(last.leaky).toEqual({ num: 51, bits: 9, shift: 0 });
  });
  it('integer semantics: floor toward minus infinity, MIN for slopes above 1, relu then clip', () => {
    expect(leakyInt(-3, { num: 51, bits: 9, shift: 9 })).toBe(Math.floor((-3 * 51) / 512)); // -1
    expect(leakyInt(-3, { num: 51, bits: 9, shift: 9 })).toBe(-1);
    expect(leakyInt(5, { num: 51, bits: 9, shift: 9 })).toBe(5);
    expect(leakyInt(-3, { num: 3, bits: 1, shift: 1 })).toBe(-5); // floor(-9 / 2)
    expect(leakyInt(3, { num: 3, bits: 1, shift: 0 })).toBe(6);
    expect(clampInt(-5, { relu: true, clip: [null, 3] })).toBe(0);
    expect(clampInt(9, { relu: false, clip: [-2, 3] })).toBe(3);
    expect(clampInt(-9, { relu: false, clip: [-2, null] })).toBe(-2);
  });
  it('a ReLU6 model compiles; the reference saturates at 6 and the script skips a bound no value can reach', () => {
    const m = model([{ type: 'clip', min: 0, max: 6 }], [-2, 2]);
    const c = compileModel(m, { fracBits: 4, output: 'leave' });
    const l = c.intModel.layers[0]!;
    const ref = runReference(c.intModel, [2 * 16, -2 * 16]);
    expect(ref.layers[0]!.out).toEqual([4 * 2 ** l.fracOut, 0]);
    // |x| <= 2 here: neuron 0 reaches at most 4, under 6: its MIN is not emitted; with a range
    // reaching past 6 the script is longer by the bound's push and MIN.
    const wide = compileModel(model([{ type: 'clip', min: 0, max: 6 }], [-8, 8]), { fracBits: 4, output: 'leave' });
    const mins = (s: Uint8Array) => decodeScript(s).filter((i) => i.opcode === OP.OP_MIN).length;
    expect(c.proof.layers[0]![0]!.z[1]).toBeLessThan(l.clip![1]!);
    expect(mins(c.code.script)).toBe(0);
    expect(wide.proof.layers[0]![0]!.z[1]).toBeGreaterThan(l.clip![1]!);
    expect(mins(wide.code.script)).toBe(2);
  });
});
