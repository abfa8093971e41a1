/**
 * The bad input files of docs/errors.md, written into a fresh directory: each one is wrong in one
 * way only (a valid file elsewhere), so the error must name that one thing.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildModel, floatTensor, int64Tensor, node } from '../models/onnx-build.js';

const IRIS = readFileSync('test/fixtures/models/iris_mlp_4_8_3.onnx');

/** A one-Gemm model 3 -> 2 with the given weights (row-major [2][3]) and input width. */
function gemm(weights: number[], opts: { inputWidth?: number; weightDims?: number[]; op?: string } = {}): Uint8Array {
  return buildModel({
    inputDims: ['N', opts.inputWidth ?? 3],
    nodes: [node(opts.op ?? 'Gemm', ['x', 'W', 'b'], ['y'], opts.op ? {} : { transB: 1 })],
    initializers: [floatTensor('W', opts.weightDims ?? [2, 3], weights), floatTensor('b', [2], [0.5, -0.5])],
  });
}

const W = [1, 2, 3, 4, 5, 6];

/** A JSON model (format v1) with dense layers of the given weights (zero biases) and input width. */
function model(layers: unknown[][], inputs = 2): string {
  return JSON.stringify({
    format: 'bsml-model',
    version: 1,
    input: { shape: [inputs], range: [0, 1] },
    layers: layers.map((w) => ({ type: 'dense', weights: w, bias: w.map(() => 0) })),
  });
}

/** File name -> contents. */
export const ERROR_FIXTURES: Record<string, string | Uint8Array> = {
  'truncated.onnx': IRIS.subarray(0, Math.floor(IRIS.length / 2)),
  'corrupt.onnx': Uint8Array.from({ length: 256 }, (_, i) => (i * 197 + 13) & 0xff),
  'empty.onnx': new Uint8Array(0),
  'unsupported-op.onnx': buildModel({
    inputDims: ['N', 3],
    nodes: [node('Gemm', ['x', 'W', 'b'], ['h'], { transB: 1 }), node('Sigmoid', ['h'], ['y'], {}, 'act1')],
    initializers: [floatTensor('W', [2, 3], W), floatTensor('b', [2], [0, 0])],
  }),
  'nan-weight.onnx': gemm([1, 2, NaN, 4, 5, 6]),
  'inf-weight.onnx': gemm([1, 2, 3, 4, Infinity, 6]),
  'wrong-shape.onnx': gemm(W, { inputWidth: 4 }),
  'short-weights.onnx': gemm([1, 2, 3, 4, 5], { weightDims: [2, 3] }),
  // x.view(x.size(1), -1) on a [N, 2, 3] input: the computed target shape [2, -1] drops the batch dimension.
  'view-not-flatten.onnx': buildModel({
    inputDims: ['N', 2, 3],
    nodes: [
      node('Shape', ['x'], ['s']),
      node('Gather', ['s', 'i'], ['d'], { axis: 0 }),
      node('Unsqueeze', ['d', 'ax'], ['dv']),
      node('Concat', ['dv', 'm1'], ['t'], { axis: 0 }),
      node('Reshape', ['x', 't'], ['f'], {}, 'view'),
      node('Gemm', ['f', 'W', 'b'], ['y'], { transB: 1 }),
    ],
    initializers: [floatTensor('W', [2, 6], [...W, ...W]), floatTensor('b', [2], [0, 0]), { ...int64Tensor('i', [1]), dims: [] }, int64Tensor('ax', [0]), int64Tensor('m1', [-1])],
  }),
  'no-layers.onnx': buildModel({ inputDims: ['N', 3], nodes: [node('Identity', ['x'], ['y'])] }),
  'good.onnx': gemm(W),
  'good.csv': 'a,b,c,label\n1,2,3,0\n4,5,6,1\n',
  'unlabeled.csv': 'a,b,c\n1,2,3\n',
  'bad-value.csv': 'a,b,c,label\n1,2,3,0\n4,five,6,1\n',
  'wrong-count.csv': 'a,b,c,label\n1,2,3,0\n4,5,1\n',
  'empty.csv': '',
  'narrow.csv': 'a,b\n1,2\n',
  'bad-label.csv': 'a,b,c,label\n1,2,3,0.5\n',
  'big-label.csv': 'a,b,c,label\n1,2,3,0\n4,5,6,2\n',
  'no-header.csv': '1,2,3,0\n4,5,6,1\n',
  'unquoted.csv': 'a,b,c,label\n1,"2,3,0\n',
  'not-json.json': '[{"a": 1,,]',
  'model-syntax.json': '{"format":"bsml-model"',
  'model-shape.json': model([[[1, 2], [3, 4]]], 3),
  'model-type.json': model([[[1, 'NaN'], [3, 4]]]),
  'model-inf.json': model([[[1, 2], [3, 4]]]).replace('[1,2]', '[1,1e999]'),
  'model-no-layers.json': JSON.stringify({ format: 'bsml-model', version: 1, input: { shape: [2], range: [0, 1] }, layers: [] }),
  'model-empty-layer.json': model([[]]),
  'not-vectors.json': '{"a": 1}',
  // Core's format with a witness amount (BTC) below zero.
  'bad-amount.json': '[["a comment"], [[-1], "", "1", "P2SH", "OK"]]',
  // More digits than a double holds: read as written, as Core does (JSON.parse made it 21000000).
  'long-amount.json': '[[["", 20999999.999999999], "", "1", "P2SH", "OK"]]',
  // An OUT_DIR holding only a leaf script (OP_ADD OP_5 OP_EQUAL), for the spend rows.
  'leaf/script.hex': '935587\n',
};

/** Writes every fixture into a new temporary directory and returns its path. */
export function writeErrorFixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bsml-errors-'));
  for (const [name, data] of Object.entries(ERROR_FIXTURES)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}
