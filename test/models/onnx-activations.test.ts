import { describe, expect, it } from 'vitest';
import { importOnnxGraph } from '../../src/models/onnx.js';
import { buildModel, floatTensor, importError, node } from './onnx-build.js';

const W = floatTensor('W', [2, 3], [1, -1, 0.5, 2, 0, -3]);
const b = floatTensor('b', [2], [0.25, -0.5]);
const gemm = node('Gemm', ['x', 'W', 'b'], ['h'], { transB: 1 }, 'fc1');
const layers = (bytes: Uint8Array) => importOnnxGraph(bytes, 't.onnx').layers.slice(1);

describe('ONNX Clip', () => {
  it('opset < 11: bounds from the min/max attributes; absent or ±FLT_MAX is unbounded', () => {
    const clip = (attrs: Record<string, { f: number }>) => layers(buildModel({ opset: 9, inputDims: ['N', 3], nodes: [gemm, node('Clip', ['h'], ['y'], attrs)], initializers: [W, b] }));
    expect(clip({ min: { f: 0 }, max: { f: 6 } })).toEqual([{ type: 'clip', min: 0, max: 6 }]);
    expect(clip({ max: { f: 1 } })).toEqual([{ type: 'clip', max: 1 }]);
    expect(clip({ min: { f: -3.4028234663852886e38 }, max: { f: 0.1 } })).toEqual([{ type: 'clip', max: Math.fround(0.1) }]);
    expect(importError(buildModel({ opset: 9, inputDims: ['N', 3], nodes: [gemm, node('Clip', ['h'], ['y'], { min: { f: 2 }, max: { f: 1 } }, 'c')], initializers: [W, b] })).message).toContain(
      'Clip "c" (min 2 is above max 1)',
    );
  });

  it('opset >= 11: bounds from constant inputs (initializer or Constant node); an empty name is absent', () => {
    const lo = floatTensor('lo', [], [-1]);
    const hi = floatTensor('hi', [], [1]);
    const clip = (inputs: string[], extra: object[] = [], nodes: ReturnType<typeof node>[] = []) =>
      layers(buildModel({ opset: 13, inputDims: ['N', 3], nodes: [gemm, ...nodes, node('Clip', inputs, ['y'])], initializers: [W, b, ...extra] }));
    expect(clip(['h', 'lo', 'hi'], [lo, hi])).toEqual([{ type: 'clip', min: -1, max: 1 }]);
    expect(clip(['h', '', 'hi'], [hi])).toEqual([{ type: 'clip', max: 1 }]);
    expect(clip(['h', 'lo'], [lo])).toEqual([{ type: 'clip', min: -1 }]);
    expect(clip(['h'])).toEqual([{ type: 'clip' }]);
    const bytes = buildModel({ opset: 13, inputDims: ['N', 3], nodes: [gemm, node('Clip', ['h', 'zero', 'six'], ['y'])], initializers: [W, b, floatTensor('zero', [], [0]), floatTensor('six', [1], [6])] });
    expect(layers(bytes)).toEqual([{ type: 'clip', min: 0, max: 6 }]);
    const notConst = importError(buildModel({ opset: 13, inputDims: ['N', 3], nodes: [gemm, node('Clip', ['h', 'm', 'hi'], ['y'], {}, 'c')], initializers: [W, b, hi], extraInputs: ['m'] }));
    expect(notConst.code).toBe('ONNX_UNSUPPORTED');
    const vec = importError(buildModel({ opset: 13, inputDims: ['N', 3], nodes: [gemm, node('Clip', ['h', 'v'], ['y'], {}, 'c')], initializers: [W, b, floatTensor('v', [2], [0, 1])] }));
    expect(vec.message).toContain('Clip "c" (min "v" has shape [2]; expected a scalar)');
  });
});

describe('ONNX LeakyRelu', () => {
  it('alpha from its attribute, default 0.01 (as float32); a negative slope is refused', () => {
    const leaky = (attrs: Record<string, { f: number }>) => layers(buildModel({ inputDims: ['N', 3], nodes: [gemm, node('LeakyRelu', ['h'], ['y'], attrs, 'l')], initializers: [W, b] }));
    expect(leaky({ alpha: { f: 0.1 } })).toEqual([{ type: 'leakyRelu', alpha: Math.fround(0.1) }]);
    expect(leaky({})).toEqual([{ type: 'leakyRelu', alpha: Math.fround(0.01) }]);
    const e = importError(buildModel({ inputDims: ['N', 3], nodes: [gemm, node('LeakyRelu', ['h'], ['y'], { alpha: { f: -0.2 } }, 'l')], initializers: [W, b] }));
    expect(e.message).toMatch(/LeakyRelu "l" \(alpha -0\.2\d* is negative/);
  });

  it('a NaN or infinite alpha is refused at the node, saying what it is (NaN is not "negative")', () => {
    for (const [f, what] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
      const e = importError(buildModel({ inputDims: ['N', 3], nodes: [gemm, node('LeakyRelu', ['h'], ['y'], { alpha: { f } }, 'l')], initializers: [W, b] }));
      expect(e.code).toBe('ONNX_UNSUPPORTED');
      expect(e.message).toBe(`t.onnx: 1 unsupported node: LeakyRelu "l" (alpha is ${what})`);
    }
  });
});

describe('ONNX Sigmoid', () => {
  it('stays refused, saying why', () => {
    const e = importError(buildModel({ inputDims: ['N', 3], nodes: [gemm, node('Sigmoid', ['h'], ['y'], {}, 's')], initializers: [W, b] }));
    expect(e.code).toBe('ONNX_UNSUPPORTED');
    expect(e.nodes[0]!.reason).toMatch(/sigmoid needs exp\(\)/);
  });
});
