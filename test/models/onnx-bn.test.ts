/**
 * BatchNormalization (inference form) in ONNX MLPs: real PyTorch exports in
 * test/fixtures/models/bn (scripts/make-bn-fixtures.py), a property test against a direct float64
 * evaluation of the ONNX graph, and the uses that must be refused.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { onnx as P } from 'onnx-proto';
import { readDataset } from '../../src/models/csv.js';
import { argmax, forward } from '../../src/models/forward.js';
import type { Model } from '../../src/models/model.js';
import { decodeOnnx, encodeOnnx, importOnnx, importOnnxGraph } from '../../src/models/onnx.js';
import { buildModel, byteEdits, expectTypedErrorOrFiniteModel, floatTensor, importError, node, type NodeSpec } from './onnx-build.js';

const DIR = 'test/fixtures/models/bn/';
interface Entry {
  file: string;
  layers: string;
  folded: string;
  opset: number;
  logits: string;
  float_accuracy: number;
}
const manifest = JSON.parse(readFileSync(DIR + 'manifest.json', 'utf8')) as { models: Entry[] };
const bytes = (f: string) => readFileSync(DIR + f);
const shapes = (m: Model) => m.layers.map((l) => (l.type === 'dense' ? `${l.weights.length}x${l.weights[0]!.length}` : 'relu'));

/** Decodes a fixture, lets `edit` change its graph and its BatchNormalization node, re-encodes. */
function mutate(f: string, edit: (g: P.IGraphProto, bn: P.INodeProto) => void): Uint8Array {
  const m = decodeOnnx(bytes(f));
  const g = m.graph!;
  edit(g, (g.node ?? []).find((n) => n.opType === 'BatchNormalization')!);
  return encodeOnnx(m);
}

describe('BatchNormalization in PyTorch exports (eval mode)', () => {
  it('the fixtures hold BatchNormalization nodes with trained statistics, at opsets 9, 13 and 15', () => {
    expect(manifest.models.length).toBe(18);
    for (const e of manifest.models) {
      const g = decodeOnnx(bytes(e.file)).graph!;
      const bn = (g.node ?? []).filter((n) => n.opType === 'BatchNormalization');
      expect(bn.length).toBe(1);
      const mean = (g.initializer ?? []).find((t) => t.name === bn[0]!.input![3]);
      expect(mean).toBeDefined();
    }
    expect(new Set(manifest.models.map((m) => m.opset))).toEqual(new Set([9, 13, 15]));
  });

  for (const e of manifest.models) {
    it(`${e.file} (${e.layers}; folded ${e.folded}) imports to PyTorch's logits`, () => {
      const m = importOnnx(bytes(e.file), { inputRange: [0, 16], source: e.file });
      // No layer of its own, except before a ReLU with no dense layer before it.
      if (e.file.startsWith('bn-relu.')) expect(shapes(m)).toEqual(['64x64', 'relu', '10x64']);
      else expect(shapes(m)).toEqual(['16x64', 'relu', '10x16']);
      const ds = readDataset(DIR + e.logits, 64);
      let maxErr = 0;
      let maxRef = 0;
      ds.inputs.forEach((x, r) => {
        const out = forward(m, x);
        const ref = ds.logits![r]!;
        out.forEach((v, k) => {
          maxErr = Math.max(maxErr, Math.abs(v - ref[k]!));
          maxRef = Math.max(maxRef, Math.abs(ref[k]!));
        });
        expect(argmax(out)).toBe(argmax(ref));
      });
      console.log(`${e.file}: ${ds.inputs.length} rows, max |logit - PyTorch| = ${maxErr.toExponential(2)} (logits up to ${maxRef.toFixed(1)})`);
      // float32 rounding only; leaving the normalization out, or folding it on the wrong side, is off by far more.
      expect(maxErr).toBeLessThanOrEqual(2e-5);
    });
  }

  it('the diagonal layer written before a ReLU has zeros off its diagonal', () => {
    const m = importOnnx(bytes('bn-relu.op13.onnx'), { inputRange: [0, 16] });
    const d = m.layers[0]!;
    if (d.type !== 'dense') throw new Error('expected a dense layer');
    d.weights.forEach((row, o) => row.forEach((w, i) => i !== o && expect(w).toBe(0)));
  });
});

describe('BatchNormalization uses that are refused', () => {
  const F = 'linear-bn-relu.op15.onnx';

  it('training_mode=1 (batch statistics)', () => {
    const e = importError(
      mutate(F, (_, bn) => {
        bn.attribute!.find((a) => a.name === 'training_mode')!.i = 1;
      }),
    );
    expect(e.nodes).toEqual([
      { opType: 'BatchNormalization', name: '/1/BatchNormalization', reason: 'training_mode=1 normalizes with the batch statistics; only inference (running mean and variance) is supported' },
    ]);
  });

  it('a running-statistics output that is used', () => {
    const e = importError(
      mutate('linear-bn-relu.op13.onnx', (g, bn) => {
        bn.output = [bn.output![0]!, 'running_mean_out'];
        g.node!.push({ opType: 'Identity', name: 'reads_stats', input: ['running_mean_out'], output: ['z'] });
      }),
    );
    expect(e.message).toMatch(/its output "running_mean_out" \(running statistics, training only\) is used/);
  });

  it('statistics that are not one constant per channel, and a variance that epsilon does not make positive', () => {
    const wrongShape = importError(
      mutate(F, (g, bn) => {
        const v = g.initializer!.find((t) => t.name === bn.input![4])!;
        v.dims = [4, 4];
      }),
    );
    expect(wrongShape.nodes[0]!.reason).toBe('var "1.running_var" has shape [4,4]; expected [16], one value per channel');
    const notConst = importError(mutate(F, (_, bn) => (bn.input![1] = '/0/Gemm_output_0')));
    expect(notConst.message).toMatch(/scale "\/0\/Gemm_output_0" is not a constant/);
    const negative = importError(
      mutate(F, (g, bn) => {
        const v = g.initializer!.find((t) => t.name === bn.input![4])!;
        const raw = new Uint8Array(v.rawData!);
        new DataView(raw.buffer).setFloat32(4 * 3, -1, true);
        v.rawData = raw;
      }),
    );
    expect(negative.nodes[0]!.reason).toMatch(/^channel 3: var \+ epsilon = -0\.99\d+ is not positive$/);
  });

  it('an input with no batch dimension', () => {
    const e = importError(
      buildModel({
        inputDims: [3],
        nodes: [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['h']), node('Gemm', ['h', 'W'], ['y'], { transB: 1 })],
        initializers: ['s', 'b', 'm', 'v'].map((n) => floatTensor(n, [3], [1, 1, 1])).concat(floatTensor('W', [2, 3], [1, 2, 3, 4, 5, 6])),
      }),
    );
    expect(e.nodes[0]).toMatchObject({ opType: 'BatchNormalization', reason: 'the input has no batch dimension; BatchNormalization needs [N, C, ...]' });
  });

  it('corrupted bytes of a BatchNormalization export give a typed error or a finite model', () => {
    const good = bytes('bn-input.op13.onnx');
    fc.assert(
      fc.property(byteEdits(good, 8), (b) => expectTypedErrorOrFiniteModel(b)),
      { numRuns: 300 },
    );
  });
});

describe('property: an imported graph with BatchNormalization computes what the ONNX graph computes', () => {
  type Op = { op: 'gemm'; out: number } | { op: 'bn'; eps: number } | { op: 'relu' };
  const f32 = Math.fround;
  const vals = (n: number, lo: number, hi: number) => fc.array(fc.double({ min: lo, max: hi, noNaN: true }).map(f32), { minLength: n, maxLength: n });

  // A chain of Gemm / BatchNormalization / Relu nodes (at least one Gemm) on [N, K] with random parameters.
  const chain = fc
    .tuple(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.oneof(fc.integer({ min: 1, max: 4 }).map((out): Op => ({ op: 'gemm', out })), fc.constantFrom<Op>({ op: 'bn', eps: 1e-5 }, { op: 'bn', eps: 0.5 }, { op: 'relu' })), {
        minLength: 1,
        maxLength: 6,
      }),
    )
    .filter(([, ops]) => ops.some((o) => o.op === 'gemm'))
    .chain(([k, ops]) => {
      const sizes = [k];
      for (const o of ops) sizes.push(o.op === 'gemm' ? o.out : sizes[sizes.length - 1]!);
      const params = ops.map((o, i) =>
        o.op === 'gemm'
          ? fc.tuple(vals(o.out * sizes[i]!, -2, 2), vals(o.out, -2, 2))
          : o.op === 'bn'
            ? fc.tuple(vals(sizes[i]!, -2, 2), vals(sizes[i]!, -2, 2), vals(sizes[i]!, -3, 3), vals(sizes[i]!, 0.01, 4))
            : fc.constant([]),
      );
      return fc.tuple(fc.constant(k), fc.constant(ops), fc.constant(sizes), fc.tuple(...params), vals(k, 0, 4));
    });

  it('forward of the import equals a float64 evaluation node by node (400 graphs)', () => {
    fc.assert(
      fc.property(chain, ([k, ops, sizes, params, input]) => {
        const nodes: NodeSpec[] = [];
        const inits: object[] = [];
        let x: number[] = input.map(Number);
        ops.forEach((o, i) => {
          const from = i === 0 ? 'x' : `h${i}`;
          const to = i === ops.length - 1 ? 'y' : `h${i + 1}`;
          const p = params[i] as number[][];
          if (o.op === 'gemm') {
            const [w, b] = p as [number[], number[]];
            nodes.push(node('Gemm', [from, `W${i}`, `B${i}`], [to], { transB: 1 }));
            inits.push(floatTensor(`W${i}`, [o.out, sizes[i]!], w), floatTensor(`B${i}`, [o.out], b));
            x = Array.from({ length: o.out }, (_, r) => b[r]! + x.reduce((acc, xi, c) => acc + w[r * sizes[i]! + c]! * xi, 0));
          } else if (o.op === 'bn') {
            const [s, b, m, v] = p as [number[], number[], number[], number[]];
            nodes.push(node('BatchNormalization', [from, `s${i}`, `b${i}`, `m${i}`, `v${i}`], [to], { epsilon: { f: o.eps } }));
            for (const [n, t] of [['s', s], ['b', b], ['m', m], ['v', v]] as const) inits.push(floatTensor(`${n}${i}`, [sizes[i]!], t));
            const eps = f32(o.eps);
            x = x.map((xi, c) => ((xi - m[c]!) / Math.sqrt(v[c]! + eps)) * s[c]! + b[c]!);
          } else {
            nodes.push(node('Relu', [from], [to]));
            x = x.map((xi) => Math.max(0, xi));
          }
        });
        const g = importOnnxGraph(buildModel({ inputDims: ['N', k], nodes, initializers: inits }));
        const model: Model = { format: 'bsml-model', version: 1, input: { shape: [k], range: [0, 4] }, layers: g.layers };
        const got = forward(model, input);
        const scale = 1 + Math.max(...x.map(Math.abs));
        expect(got.length).toBe(x.length);
        got.forEach((v, i) => expect(Math.abs(v - x[i]!)).toBeLessThanOrEqual(1e-3 * scale));
      }),
      { numRuns: 400 },
    );
  });
});
