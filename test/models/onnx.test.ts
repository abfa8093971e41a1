import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../../src/models/csv.js';
import { argmax, forward } from '../../src/models/forward.js';
import type { DenseLayer, Model } from '../../src/models/model.js';
import { importOnnx, importOnnxGraph, OnnxImportError } from '../../src/models/onnx.js';
import { buildModel, byteEdits, expectTypedErrorOrFiniteModel, floatTensor, importError, int64Tensor, node } from './onnx-build.js';

const FIX = 'test/fixtures/models/';
const load = (f: string) => importOnnx(readFileSync(FIX + f), { inputRange: [0, 16], source: f });
const f32 = Math.fround;

describe('PyTorch-exported models', () => {
  for (const [file, csv] of [
    ['digits_mlp_64_32_10.onnx', 'digits_mlp_64_32_10.test.csv'],
    ['digits_mlp_64_32_10.matmul.onnx', 'digits_mlp_64_32_10.test.csv'],
    ['iris_mlp_4_8_3.onnx', 'iris_mlp_4_8_3.test.csv'],
  ] as const) {
    it(`${file} reproduces PyTorch's float32 logits and argmax on every test row`, () => {
      const m = load(file);
      const ds = readDataset(FIX + csv, m.input.shape[0]!);
      expect(ds.logits).toBeDefined();
      let maxErr = 0;
      let argmaxAgree = 0;
      ds.inputs.forEach((x, r) => {
        const out = forward(m, x);
        const ref = ds.logits![r]!;
        expect(out).toHaveLength(ref.length);
        out.forEach((v, k) => (maxErr = Math.max(maxErr, Math.abs(v - ref[k]!))));
        if (argmax(out) === argmax(ref)) argmaxAgree++;
      });
      console.log(`${file}: ${ds.inputs.length} rows, max |logit - PyTorch| = ${maxErr.toExponential(2)}`);
      // float32 rounding: measured 3.8e-6 (digits, |logits| up to ~25) and 4.8e-7 (iris); a wrong layout or bias is off by > 1e-2.
      expect(maxErr).toBeLessThanOrEqual(1e-5);
      expect(argmaxAgree).toBe(ds.inputs.length);
    });
  }

  it('the Gemm and the MatMul+Add digits files import to the same model', () => {
    const a = load('digits_mlp_64_32_10.onnx');
    const b = load('digits_mlp_64_32_10.matmul.onnx');
    expect(a.layers.map((l) => l.type)).toEqual(['dense', 'relu', 'dense']);
    expect(b.layers).toEqual(a.layers);
    expect(b.input).toEqual(a.input);
    expect(a.input.shape).toEqual([64]);
  });
});

/** Random small dense layer: float32 weights [out][in] and bias. */
const layerArb = fc
  .record({ nIn: fc.integer({ min: 1, max: 5 }), nOut: fc.integer({ min: 1, max: 4 }) })
  .chain(({ nIn, nOut }) =>
    fc.record({
      weights: fc.array(fc.array(fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), { minLength: nIn, maxLength: nIn }), { minLength: nOut, maxLength: nOut }),
      bias: fc.array(fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true }), { minLength: nOut, maxLength: nOut }),
    }),
  );
const T = (w: number[][]) => w[0]!.map((_, i) => w.map((row) => row[i]!));
const flat = (w: number[][]) => w.flat();
const dense = (m: Model, i = 0) => m.layers.filter((l): l is DenseLayer => l.type === 'dense')[i]!;
const graph = (bytes: Uint8Array) => importOnnxGraph(bytes, 't.onnx');

describe('Gemm and MatMul forms', () => {
  it('Gemm transB=1, Gemm transB=0 and MatMul+Add (both orders) give the same dense layer', () => {
    fc.assert(
      fc.property(layerArb, ({ weights: W, bias: b }) => {
        const [nOut, nIn] = [W.length, W[0]!.length];
        const inits = (w: number[][], dims: number[]) => [floatTensor('W', dims, flat(w)), floatTensor('b', [nOut], b)];
        const forms = [
          buildModel({ inputDims: ['N', nIn], nodes: [node('Gemm', ['x', 'W', 'b'], ['y'], { transB: 1 })], initializers: inits(W, [nOut, nIn]) }),
          buildModel({ inputDims: ['N', nIn], nodes: [node('Gemm', ['x', 'W', 'b'], ['y'])], initializers: inits(T(W), [nIn, nOut]) }),
          buildModel({ inputDims: ['N', nIn], nodes: [node('MatMul', ['x', 'W'], ['h']), node('Add', ['h', 'b'], ['y'])], initializers: inits(T(W), [nIn, nOut]) }),
          buildModel({ inputDims: ['N', nIn], nodes: [node('MatMul', ['x', 'W'], ['h']), node('Add', ['b', 'h'], ['y'])], initializers: inits(T(W), [nIn, nOut]) }),
          // Weights first: Y[out, N] = W · x^T, bias as a column.
          buildModel({
            inputDims: ['N', nIn],
            nodes: [node('Gemm', ['x', 'W', 'b'], ['y'], { transB: 1 })].map((n) => ({ ...n, inputs: ['W', 'x', 'bc'] })),
            initializers: [floatTensor('W', [nOut, nIn], flat(W)), floatTensor('bc', [nOut, 1], b)],
          }),
        ];
        for (const bytes of forms) {
          const g = graph(bytes);
          expect(g.inputShape).toEqual([nIn]);
          expect(g.layers).toEqual([{ type: 'dense', weights: W.map((r) => r.map(f32)), bias: b.map(f32) }]);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('folds alpha into the weights and beta into the bias', () => {
    const W = [[1, -2, 0.5], [3, 0.25, -1]];
    const b = [0.5, -3];
    const bytes = buildModel({
      inputDims: ['N', 3],
      nodes: [node('Gemm', ['x', 'W', 'b'], ['y'], { transB: 1, alpha: { f: 2 }, beta: { f: 0.5 } })],
      initializers: [floatTensor('W', [2, 3], flat(W)), floatTensor('b', [2], b)],
    });
    expect(graph(bytes).layers).toEqual([{ type: 'dense', weights: [[2, -4, 1], [6, 0.5, -2]], bias: [0.25, -1.5] }]);
  });

  it('handles transA on the weights and on a [features, batch] activation', () => {
    const W1 = [[1, 2], [3, 4], [5, 6]]; // 2 -> 3
    const W2 = [[1, -1, 2]]; // 3 -> 1
    // h[3, N] = Gemm(W1^T stored [2,3], x[N,2], transA=1, transB=1); y[N, 1] = Gemm(h, W2^T stored [3,1], transA=1).
    const bytes = buildModel({
      inputDims: ['N', 2],
      nodes: [
        { ...node('Gemm', [], ['h'], { transA: 1, transB: 1 }), inputs: ['W1t', 'x', 'b1'] },
        node('Relu', ['h'], ['r']),
        node('Gemm', ['r', 'W2t', 'b2'], ['y'], { transA: 1 }),
      ],
      initializers: [floatTensor('W1t', [2, 3], flat(T(W1))), floatTensor('b1', [3, 1], [1, 2, 3]), floatTensor('W2t', [3, 1], flat(T(W2))), floatTensor('b2', [1], [7])],
    });
    expect(graph(bytes).layers).toEqual([
      { type: 'dense', weights: W1, bias: [1, 2, 3] },
      { type: 'relu' },
      { type: 'dense', weights: W2, bias: [7] },
    ]);
  });

  it('imports a Gemm with no bias (opset 11+) and a MatMul with no Add', () => {
    const W = [[1, 2]];
    const g1 = graph(buildModel({ inputDims: ['N', 2], nodes: [node('Gemm', ['x', 'W'], ['y'], { transB: 1 })], initializers: [floatTensor('W', [1, 2], flat(W))] }));
    const g2 = graph(buildModel({ inputDims: [2], nodes: [node('MatMul', ['x', 'W'], ['y'])], initializers: [floatTensor('W', [2, 1], flat(T(W)))] }));
    expect(g1.layers).toEqual([{ type: 'dense', weights: W, bias: [0] }]);
    expect(g2.layers).toEqual(g1.layers);
  });

  it('reads float_data initializers like raw_data', () => {
    const build = (form: 'raw' | 'float_data') =>
      buildModel({ inputDims: ['N', 2], nodes: [node('Gemm', ['x', 'W', 'b'], ['y'], { transB: 1 })], initializers: [floatTensor('W', [1, 2], [0.1, -0.2], form), floatTensor('b', [1], [0.3], form)] });
    expect(graph(build('float_data')).layers).toEqual(graph(build('raw')).layers);
    expect(dense(importOnnx(build('raw'), { inputRange: [0, 1] })).weights).toEqual([[f32(0.1), f32(-0.2)]]);
  });
});

describe('reshapes and the output op', () => {
  const gemm = (inp: string, out: string) => node('Gemm', [inp, 'W', 'b'], [out], { transB: 1 });
  const inits = [floatTensor('W', [2, 6], [1, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1]), floatTensor('b', [2], [0, 1])];
  const expected = [{ type: 'dense', weights: [[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]], bias: [0, 1] }];

  it('Flatten, Reshape (initializer or Constant shape) and Identity only reshape', () => {
    const flatten = graph(buildModel({ inputDims: ['N', 2, 3], nodes: [node('Flatten', ['x'], ['f']), gemm('f', 'y')], initializers: inits }));
    expect(flatten.inputShape).toEqual([2, 3]);
    expect(flatten.layers).toEqual(expected);
    const reshape = graph(
      buildModel({ inputDims: ['N', 2, 3], nodes: [node('Reshape', ['x', 's'], ['f']), node('Identity', ['f'], ['g']), gemm('g', 'y')], initializers: [...inits, int64Tensor('s', [-1, 6])] }),
    );
    expect(reshape.layers).toEqual(expected);
    const constant = graph(
      buildModel({
        inputDims: [1, 6],
        nodes: [{ ...node('Constant', [], ['s']), attrs: { value_ints: { ints: [0, 6] } } }, node('Reshape', ['x', 's'], ['f']), gemm('f', 'y')],
        initializers: inits,
      }),
    );
    expect(constant.layers).toEqual(expected);
  });

  it('drops a trailing Softmax or LogSoftmax over the classes', () => {
    for (const [op, opset, attrs] of [['Softmax', 13, {}], ['LogSoftmax', 11, {}], ['Softmax', 9, { axis: 1 }], ['Softmax', 21, { axis: 1 }]] as const) {
      const g = graph(buildModel({ opset, inputDims: ['N', 6], nodes: [gemm('x', 'l'), node(op, ['l'], ['y'], attrs)], initializers: inits }));
      expect(g.layers).toEqual(expected);
      expect(g.droppedOutputOp).toBe(op);
    }
  });

  it('rejects a Softmax across samples or before other layers', () => {
    const e = importError(buildModel({ inputDims: ['N', 6], nodes: [gemm('x', 'l'), node('Softmax', ['l'], ['y'], { axis: 0 }, 'sm')], initializers: inits }));
    expect(e.code).toBe('ONNX_UNSUPPORTED');
    expect(e.nodes).toEqual([{ opType: 'Softmax', name: 'sm', reason: expect.stringContaining('across samples') }]);
    const e2 = importError(buildModel({ inputDims: ['N', 6], nodes: [node('Softmax', ['x'], ['s'], {}, 'early'), gemm('s', 'y')], initializers: inits }));
    expect(e2.nodes[0]).toMatchObject({ opType: 'Softmax', name: 'early' });
  });

  it('rejects reshapes that mix the batch into the features', () => {
    const e = importError(buildModel({ inputDims: ['N', 2, 3], nodes: [node('Flatten', ['x'], ['f'], { axis: 2 }, 'fl'), gemm('f', 'y')], initializers: inits }));
    expect(e.nodes).toEqual([{ opType: 'Flatten', name: 'fl', reason: expect.stringContaining('batch') }]);
    const e2 = importError(buildModel({ inputDims: ['N', 6], nodes: [node('Reshape', ['x', 's'], ['f'], {}, 'rs'), gemm('f', 'y')], initializers: [...inits, int64Tensor('s', [-1])] }));
    expect(e2.nodes[0]).toMatchObject({ opType: 'Reshape', name: 'rs' });
  });
});

describe('errors', () => {
  it('lists every unsupported node in one error', () => {
    const bytes = buildModel({
      inputDims: ['N', 6],
      nodes: [
        node('Gemm', ['x', 'W', 'b'], ['h'], { transB: 1 }, 'fc1'),
        node('Sigmoid', ['h'], ['s'], {}, 'act1'),
        node('Conv', ['s', 'W'], ['c'], {}, 'conv'),
        { ...node('Foo', ['c'], ['y'], {}, 'custom'), domain: 'com.example' },
      ],
      initializers: [floatTensor('W', [2, 6], new Array(12).fill(1)), floatTensor('b', [2], [0, 0])],
    });
    const e = importError(bytes);
    expect(e.code).toBe('ONNX_UNSUPPORTED');
    expect(e.nodes.map((n) => [n.opType, n.name])).toEqual([['Sigmoid', 'act1'], ['Conv', 'conv'], ['com.example.Foo', 'custom']]);
    expect(e.message).toContain('3 unsupported nodes');
    expect(e.message).toContain('Sigmoid "act1"');
  });

  // Names and op types come from the file: printed raw, an escape sequence in one could clear or
  // recolour the terminal, or a carriage return forge the start of the line.
  it('escapes control characters of names and op types in messages (JSON string style), keeping them raw in nodes', () => {
    const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
    const W = floatTensor('W', [2, 2], [1, 2, 3, 4]);
    const cases: [Uint8Array, string][] = [
      [buildModel({ inputDims: ['N', 2], nodes: [node('Op\u001b[2J', ['x'], ['y'], {}, 'n\u001b]0;x\u0007\r')] }), 'Op\\u001b[2J "n\\u001b]0;x\\u0007\\r" (operator not supported)'],
      [buildModel({ inputDims: ['N', 2], nodes: [node('MatMul', ['x', 'w\u009b1m'], ['y'], {}, 'mm')] }), 'MatMul "mm" (operand "w\\u009b1m" is not a constant'],
      [buildModel({ inputDims: ['N', 2], nodes: [node('Relu', ['x'], ['h\n\u007f'], {}, 'r'), node('Relu', ['h\n\u007f'], ['y'], {}, 'r1'), node('Relu', ['h\n\u007f'], ['z'], {}, 'r2')] }), 'the graph branches: "h\\n\\u007f" feeds 2 nodes'],
      [buildModel({ inputDims: ['N', 2], nodes: [node('MatMul', ['x', 'W\b'], ['y'], {}, 'mm')], initializers: [{ ...W, name: 'W\b', rawData: new Uint8Array(3) }] }), 'initializer "W\\b": raw_data holds 3 bytes'],
      [buildModel({ inputDims: ['N', 2], nodes: [node('Relu', ['x'], ['h'], {}, 'r')], output: 'y\u001b' }), 'value "h" is not used by any node and is not the graph output "y\\u001b"'],
      [buildModel({ inputDims: ['N', 2], nodes: [node('Reshape', ['x', 's\u001b'], ['y'], {}, 'rs')] }), 'Reshape "rs" (input "s\\u001b" is neither a constant'],
    ];
    for (const [bytes, shown] of cases) {
      const e = importError(bytes);
      expect(e.message, shown).toContain(shown);
      expect(CONTROL.test(e.message), e.message).toBe(false);
    }
    expect(importError(cases[0]![0]).nodes).toEqual([{ opType: 'Op\u001b[2J', name: 'n\u001b]0;x\u0007\r', reason: 'operator not supported' }]);
  });

  it('rejects products of two activations, Add after Relu, branches and stray nodes', () => {
    const W = floatTensor('W', [2, 2], [1, 2, 3, 4]);
    expect(importError(buildModel({ inputDims: ['N', 2], nodes: [node('MatMul', ['x', 'x'], ['y'], {}, 'mm')] })).nodes).toEqual([
      { opType: 'MatMul', name: 'mm', reason: 'both operands are the activation' },
    ]);
    expect(importError(buildModel({ inputDims: ['N', 2], nodes: [node('Relu', ['x'], ['r']), node('Add', ['r', 'W'], ['y'], {}, 'add')], initializers: [W] })).nodes[0]).toMatchObject({
      opType: 'Add',
      name: 'add',
    });
    const branch = importError(buildModel({ inputDims: ['N', 2], nodes: [node('Relu', ['x'], ['y'], {}, 'r1'), node('Relu', ['x'], ['z'], {}, 'r2')] }));
    expect(branch.nodes.map((n) => n.name)).toEqual(['r1', 'r2']);
    const stray = importError(buildModel({ inputDims: ['N', 2], nodes: [node('MatMul', ['x', 'W'], ['y']), node('Relu', ['W'], ['unused'], {}, 'dead')], initializers: [W] }));
    expect(stray.nodes).toEqual([{ opType: 'Relu', name: 'dead', reason: 'not on the path from the input to the output' }]);
  });

  it('rejects opsets outside 9..21, symbolic feature dims, bad tensor sizes and shape mismatches', () => {
    const mm = (extra: object = {}) => buildModel({ inputDims: ['N', 2], nodes: [node('MatMul', ['x', 'W'], ['y'])], initializers: [floatTensor('W', [2, 1], [1, 2])], ...extra });
    expect(importError(mm({ opset: 8 })).message).toMatch(/opset 8; supported: ai.onnx opset 9 to 21/);
    expect(importError(mm({ opset: 22 })).code).toBe('ONNX_UNSUPPORTED');
    expect(importError(mm({ inputDims: ['N', 'F'] })).code).toBe('ONNX_INVALID');
    expect(importError(mm({ initializers: [{ ...floatTensor('W', [2, 1], [1, 2]), dims: [2, 2] }] })).code).toBe('ONNX_INVALID');
    expect(importError(mm({ initializers: [floatTensor('W', [3, 1], [1, 2, 3])] })).nodes[0]!.reason).toMatch(/do not take 2 inputs/);
  });

  it('reports truncated and corrupt files as ONNX_DECODE', () => {
    const bytes = readFileSync(FIX + 'digits_mlp_64_32_10.onnx');
    for (const cut of [1, 100, bytes.length >> 1, bytes.length - 1]) {
      const e = importError(bytes.subarray(0, cut));
      expect(e.code, `cut at ${cut}`).toBe('ONNX_DECODE');
      expect(e.message).toMatch(/^t\.onnx: /);
    }
    expect(importError(new Uint8Array(0)).code).toBe('ONNX_DECODE');
    expect(importError(new TextEncoder().encode('{"format":"bsml-model"}')).code).toBe('ONNX_DECODE');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (junk) => {
        const e = importError(junk);
        expect(['ONNX_DECODE', 'ONNX_INVALID', 'ONNX_UNSUPPORTED']).toContain(e.code);
      }),
    );
  });

  it('corrupted bytes of a real model give a typed error or a model with finite weights, never a crash', () => {
    const base = readFileSync(FIX + 'iris_mlp_4_8_3.onnx');
    fc.assert(
      fc.property(byteEdits(base, 4), (b) => expectTypedErrorOrFiniteModel(b)),
      { numRuns: 1500 },
    );
  });

  it('rejects non-finite weights', () => {
    const e = importError(buildModel({ inputDims: ['N', 2], nodes: [node('MatMul', ['x', 'W'], ['y'])], initializers: [floatTensor('W', [2, 1], [1, NaN])] }));
    expect(e.code).toBe('ONNX_INVALID');
    expect(e.message).toMatch(/initializer "W": value 1 is NaN/);
  });
});
