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
    // A size too large for exact integers is named at the shape, not at the first weight row.
    expect(bad({ input: { shape: [1e308, 10], range: [0, 1] } })).toThrow('model input.shape: the input size (the product of the dimensions) is Infinity, beyond 2^53');
    expect(bad({ input: { shape: [2 ** 30, 2 ** 30], range: [0, 1] } })).toThrow(`model input.shape: the input size (the product of the dimensions) is ${2 ** 60}, beyond 2^53`);
    expect(() => parseModel('{')).toThrow(ModelError);
  });
  // Text from the file is echoed as JSON with every control character escaped: JSON.stringify left
  // DEL and C1 (U+0080..U+009F, e.g. U+009B, a terminal's one-byte CSI) as they are.
  it('escapes control characters (C0, DEL, C1) of the values it echoes', () => {
    const message = (patch: object) => {
      try {
        validateModel({ ...ok, ...patch });
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected a ModelError');
    };
    expect(message({ format: 'x\u007f\u009b31m' })).toBe('model format: expected "bsml-model", got "x\\u007f\\u009b31m"');
    expect(message({ format: ['a\u0085', { 'k\u0080': 1 }] })).toBe('model format: expected "bsml-model", got ["a\\u0085",{"k\\u0080":1}]');
    expect(message({ version: '1\u001b[2J\u009f' })).toBe('model version: unsupported version "1\\u001b[2J\\u009f" (expected 1)');
    expect(message({ layers: [{ type: 'conv\u009b2J' }] })).toMatch(/^model layers\[0\]\.type: unknown layer type "conv\\u009b2J" \(expected/);
    expect(message({ input: { shape: ['\u007f'], range: [0, 1] } })).toBe('model input.shape[0]: expected a positive integer, got "\\u007f"');
    // Other values are shown as before.
    expect(message({ format: 2 })).toBe('model format: expected "bsml-model", got 2');
    expect(message({ layers: [{}] })).toMatch(/^model layers\[0\]\.type: unknown layer type undefined \(expected/);
  });
  it('checks shapes across layers', () => {
    const m = { ...ok, layers: [{ type: 'dense', weights: [[1, 2], [3, 4], [5, 6]], bias: [0, 0, 0] }, { type: 'relu' }, { type: 'dense', weights: [[1, 2]], bias: [0] }] };
    expect(() => validateModel(m)).toThrow(/layers\[2\]\.weights\[0\]: expected 3 weights/);
  });
});
