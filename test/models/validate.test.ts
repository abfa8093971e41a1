import { describe, expect, it } from 'vitest';
import { ModelError, parseModel, validateModel } from '../../src/models/validate.js';

const ok = { format: 'bsml-model', version: 1, input: { shape: [2], range: [0, 1] }, layers: [{ type: 'dense', weights: [[1, 2]], bias: [0] }] };
const bad = (patch: object) => () => validateModel({ ...ok, ...patch });

describe('model validation', () => {
  it('accepts a valid model and per-feature ranges', () => {
    expect(validateModel(ok).layers).toHaveLength(1);
    expect(validateModel({ ...ok, input: { shape: [2], range: [[0, 1], [-1, 1]] } }).input.range).toEqual([[0, 1], [-1, 1]]);
  });
  it('names the field of each error', () => {
    expect(bad({ format: 'x' })).toThrow(/model format: expected "bsml-model"/);
    expect(bad({ version: 2 })).toThrow(/version: unsupported version 2/);
    expect(bad({ layers: [] })).toThrow(/layers: expected a non-empty array/);
    expect(bad({ layers: [{ type: 'relu' }] })).toThrow(/at least one dense layer/);
    expect(bad({ layers: [{ type: 'conv' }] })).toThrow(/layers\[0\]\.type: unknown layer type "conv"/);
    expect(bad({ layers: [{ type: 'dense', weights: [[1, 2, 3]], bias: [0] }] })).toThrow(/layers\[0\]\.weights\[0\]: expected 2 weights/);
    expect(bad({ layers: [{ type: 'dense', weights: [[1, NaN]], bias: [0] }] })).toThrow(/layers\[0\]\.weights\[0\]\[1\]: not finite/);
    expect(bad({ layers: [{ type: 'dense', weights: [[1, 2]], bias: [0, 1] }] })).toThrow(/layers\[0\]\.bias: expected 1 entries/);
    expect(bad({ layers: [{ type: 'dense', weights: [], bias: [] }] })).toThrow(/layers\[0\]\.weights: expected a non-empty/);
    expect(bad({ input: { shape: [2], range: [1, 0] } })).toThrow(/input.range: lo 1 > hi 0/);
    expect(bad({ input: { shape: [2], range: [[0, 1]] } })).toThrow(/input.range: expected 2 per-input ranges/);
    expect(bad({ input: { shape: [0], range: [0, 1] } })).toThrow(/input.shape\[0\]: expected a positive integer/);
    expect(() => parseModel('{')).toThrow(ModelError);
  });
  it('checks shapes across layers', () => {
    const m = { ...ok, layers: [{ type: 'dense', weights: [[1, 2], [3, 4], [5, 6]], bias: [0, 0, 0] }, { type: 'relu' }, { type: 'dense', weights: [[1, 2]], bias: [0] }] };
    expect(() => validateModel(m)).toThrow(/layers\[2\]\.weights\[0\]: expected 3 weights/);
  });
});
