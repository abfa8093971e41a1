/**
 * PyTorch's shape-computing flatten idioms (`x.view(x.size(0), -1)` and friends): real exports in
 * test/fixtures/models/view (scripts/make-view-fixtures.py), and mutations of them that must be refused.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { onnx as P } from 'onnx-proto';
import { readDataset } from '../../src/models/csv.js';
import { argmax, forward } from '../../src/models/forward.js';
import { decodeOnnx, encodeOnnx, importOnnx, importOnnxGraph, OnnxImportError } from '../../src/models/onnx.js';
import { buildModel, byteEdits, expectTypedErrorOrFiniteModel, floatTensor, importError, int64Tensor, node } from './onnx-build.js';

const DIR = 'test/fixtures/models/view/';
interface Entry {
  file: string;
  idiom: string;
  flattens: 'input' | 'hidden layer';
  input_shape: number[];
  opset: number;
  batch: string;
  import: 'flatten' | 'refused';
}
const manifest = JSON.parse(readFileSync(DIR + 'manifest.json', 'utf8')) as { float_accuracy: number; models: Entry[] };
const bytes = (f: string) => readFileSync(DIR + f);
const reference = importOnnxGraph(bytes('flatten.dyn.op13.onnx'), 'flatten.dyn.op13.onnx');
const ops = (f: string) => (decodeOnnx(bytes(f)).graph!.node ?? []).map((n) => n.opType);

const refused = (b: Uint8Array): OnnxImportError => importError(b, 'm.onnx');

/** Decodes a fixture, lets `edit` change it, re-encodes. */
function mutate(f: string, edit: (g: P.IGraphProto, byName: (n: string) => P.INodeProto) => void): Uint8Array {
  const m = decodeOnnx(bytes(f));
  const g = m.graph!;
  const byName = (n: string) => {
    const found = (g.node ?? []).find((x) => x.name === n);
    if (!found) throw new Error(`no node ${n} in ${f}`);
    return found;
  };
  edit(g, byName);
  return encodeOnnx(m);
}
/** Sets a Constant node's value to an int64 vector (or scalar when `scalar`). */
function setConst(n: P.INodeProto, values: number[], scalar = false): void {
  n.attribute![0]!.t = { dims: scalar ? [] : [values.length], dataType: 7, int64Data: values };
}

describe('PyTorch flatten idioms (real exports)', () => {
  it('the fixtures exercise the shape computations (Shape/Gather/Slice/Squeeze/Unsqueeze/Concat/Mul)', () => {
    expect(ops('view-size0.dyn.op13.onnx')).toEqual(expect.arrayContaining(['Shape', 'Gather', 'Unsqueeze', 'Concat', 'Reshape']));
    expect(ops('view-size0.dyn.op11.onnx')).toContain('Shape');
    expect(ops('view-size-neg3.dyn.op13.onnx')).toEqual(expect.arrayContaining(['Slice', 'Squeeze', 'Unsqueeze']));
    expect(ops('view-size-product.dyn.op13.onnx')).toContain('Mul');
    expect(ops('view-size0.mid.dyn.op13.onnx')).toContain('Shape');
    expect(ops('flatten.dyn.op13.onnx')).toContain('Flatten');
    expect(manifest.models.filter((m) => m.import === 'flatten').length).toBeGreaterThanOrEqual(14);
  });

  for (const e of manifest.models.filter((m) => m.import === 'refused')) {
    it(`${e.file} (${e.idiom}, opset ${e.opset}): the tracer made the batch size a constant; refused with a hint`, () => {
      const err = refused(bytes(e.file));
      expect(err.nodes).toEqual([
        {
          opType: 'Reshape',
          name: '/Reshape',
          reason:
            'Reshape to [1, -1] does not keep the batch dimension first (the batch axis is dynamic but the size 1 is a constant: PyTorch traces len(x) and int(x.size(0)) as constants; write x.size(0) or -1)',
        },
      ]);
    });
  }

  for (const e of manifest.models.filter((m) => m.import === 'flatten')) {
    it(`${e.file} (${e.idiom}, opset ${e.opset}, ${e.batch} batch) imports to the nn.Flatten layers and PyTorch's logits`, () => {
      const m = importOnnx(bytes(e.file), { inputRange: [0, 16], source: e.file });
      expect(m.layers).toEqual(reference.layers);
      expect(m.input.shape).toEqual(e.flattens === 'input' ? [8, 8] : [64]);
      const ds = readDataset(DIR + 'logits.csv', 64);
      let maxErr = 0;
      ds.inputs.forEach((x, r) => {
        const out = forward(m, x);
        const ref = ds.logits![r]!;
        out.forEach((v, k) => (maxErr = Math.max(maxErr, Math.abs(v - ref[k]!))));
        expect(argmax(out)).toBe(argmax(ref));
      });
      console.log(`${e.file}: ${ds.inputs.length} rows, max |logit - PyTorch| = ${maxErr.toExponential(2)}`);
      // float32 rounding only (logits up to ~20 in magnitude); a wrong flatten order is off by far more.
      expect(maxErr).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe('shape computations that are not a flatten are refused', () => {
  const F = 'view-size0.dyn.op13.onnx';

  it('Gather of a feature dimension instead of the batch', () => {
    const e = refused(mutate(F, (_, n) => setConst(n('/Constant'), [1], true)));
    expect(e.code).toBe('ONNX_UNSUPPORTED');
    expect(e.nodes).toEqual([{ opType: 'Reshape', name: '/Reshape', reason: 'Reshape to [8, -1] does not keep the batch dimension first' }]);
  });

  it('Gather index out of range, and negative indices counted from the end', () => {
    expect(refused(mutate(F, (_, n) => setConst(n('/Constant'), [3], true))).nodes).toEqual([
      { opType: 'Gather', name: '/Gather', reason: 'index 3 is out of range for a vector of 3' },
    ]);
    // Index -3 of [batch, 8, 8] is the batch: still a flatten.
    expect(importOnnxGraph(mutate(F, (_, n) => setConst(n('/Constant'), [-3], true))).layers).toEqual(reference.layers);
    expect(refused(mutate(F, (_, n) => setConst(n('/Constant'), [-1], true))).nodes[0]!.reason).toBe('Reshape to [8, -1] does not keep the batch dimension first');
  });

  it('Concat in the other order puts the batch size second', () => {
    const e = refused(mutate(F, (_, n) => n('/Concat').input!.reverse()));
    expect(e.nodes).toEqual([{ opType: 'Reshape', name: '/Reshape', reason: 'Reshape to [-1, batch] puts the batch size at position 1, not as the batch dimension' }]);
  });

  it('Reshape to [batch, 2, -1] is not a flatten: the dense layer after it refuses a 3-D activation', () => {
    const e = refused(mutate(F, (_, n) => setConst(n('/Constant_1'), [2, -1])));
    expect(e.nodes).toEqual([{ opType: 'Gemm', name: '/fc1/Gemm', reason: 'Gemm needs a 2-D activation [batch, features]' }]);
    expect(refused(mutate(F, (_, n) => setConst(n('/Constant_1'), [32]))).nodes[0]).toMatchObject({ opType: 'Reshape', reason: 'cannot reshape [8, 8] per sample to [32]' });
  });

  it('a product with the batch size, an axes attribute at opset 13, a Cast to float, a float input', () => {
    const mul = refused(mutate('view-size-product.dyn.op13.onnx', (_, n) => (n('/Mul').input![0] = '/Gather_output_0')));
    expect(mul.nodes).toEqual([{ opType: 'Mul', name: '/Mul', reason: 'multiplies the batch size; only products of known dimensions are folded' }]);
    const axes = refused(
      mutate(F, (_, n) => {
        const u = n('/Unsqueeze');
        u.input = [u.input![0]!];
        u.attribute = [{ name: 'axes', type: 7, ints: [0] }];
      }),
    );
    expect(axes.nodes[0]).toMatchObject({ opType: 'Unsqueeze', name: '/Unsqueeze', reason: expect.stringContaining('axes attribute is not part of opset 13') });
    const cast = refused(
      mutate(F, (g, n) => {
        n('/Concat').input![0] = 'cast_out';
        g.node!.push({ opType: 'Cast', name: 'to_float', input: ['/Unsqueeze_output_0'], output: ['cast_out'], attribute: [{ name: 'to', type: 2, i: 1 }] });
      }),
    );
    expect(cast.nodes).toEqual([{ opType: 'Cast', name: 'to_float', reason: 'Cast to type 1 is not folded (only int64 and int32)' }]);
    const float = refused(mutate(F, (_, n) => (n('/Concat').input![1] = 'fc1.bias')));
    expect(float.nodes).toEqual([{ opType: 'Concat', name: '/Concat', reason: 'input "fc1.bias" is a float tensor, not an int64 shape' }]);
  });

  it('Slice picking a feature dimension, and a Shape no Reshape uses', () => {
    // x.size(-2) instead of x.size(-3): Slice [-2:-1] of [batch, 8, 8].
    const slice = refused(
      mutate('view-size-neg3.dyn.op13.onnx', (_, n) => {
        setConst(n('/Constant_1'), [-2]);
        setConst(n('/Constant_2'), [-1]);
      }),
    );
    expect(slice.nodes[0]).toMatchObject({ opType: 'Reshape', reason: 'Reshape to [8, -1] does not keep the batch dimension first' });
    // An empty slice [-2:-2] cannot be squeezed to a scalar.
    const empty = refused(mutate('view-size-neg3.dyn.op13.onnx', (_, n) => setConst(n('/Constant_1'), [-2])));
    expect(empty.nodes).toEqual([{ opType: 'Squeeze', name: '/Squeeze', reason: 'axis 0 has size 0, not 1' }]);
    const stray = refused(
      mutate('flatten.dyn.op13.onnx', (g) => {
        g.node!.push({ opType: 'Shape', name: 'unused_shape', input: ['input'], output: ['s'] });
      }),
    );
    expect(stray.nodes).toEqual([{ opType: 'Shape', name: 'unused_shape', reason: 'computes a shape that no Reshape on the path uses' }]);
  });

  it('a shape op on the activations themselves', () => {
    const e = refused(
      mutate('flatten.dyn.op13.onnx', (g, n) => {
        n('/fc1/Gemm').input![0] = 'sq';
        g.node!.push({ opType: 'Squeeze', name: 'sq_act', input: ['/Flatten_output_0'], output: ['sq'] });
      }),
    );
    expect(e.nodes[0]).toMatchObject({ opType: 'Squeeze', name: 'sq_act', reason: expect.stringContaining('only in int shape computations') });
  });

  it('ConstantOfShape fills an int vector (int64_data or raw_data); a float fill is refused', () => {
    const withFill = (t: P.ITensorProto) =>
      mutate(F, (g, n) => {
        const c = n('/Constant_1');
        c.opType = 'ConstantOfShape';
        c.input = ['one'];
        c.attribute = [{ name: 'value', type: 4, t }];
        g.initializer!.push({ name: 'one', dims: [1], dataType: 7, int64Data: [1] });
      });
    expect(importOnnxGraph(withFill({ dims: [1], dataType: 7, int64Data: [-1] })).layers).toEqual(reference.layers);
    expect(importOnnxGraph(withFill({ dims: [1], dataType: 7, rawData: new Uint8Array(8).fill(0xff) })).layers).toEqual(reference.layers);
    expect(importOnnxGraph(withFill({ dims: [1], dataType: 7, int64Data: [64] })).layers).toEqual(reference.layers);
    expect(refused(withFill({ dims: [1], dataType: 7, int64Data: [2] })).nodes[0]).toMatchObject({ opType: 'Reshape', reason: 'cannot reshape [8, 8] per sample to [2]' });
    expect(refused(withFill({ dims: [1], dataType: 7, rawData: new Uint8Array(3) })).nodes[0]!.reason).toBe('the value tensor holds 3 bytes of raw data');
    expect(refused(withFill({ dims: [2], dataType: 7, int64Data: [-1, -1] })).nodes[0]!.reason).toBe('the value tensor has dims [2]; expected one element');
    expect(refused(withFill({ dims: [1], dataType: 1, floatData: [-1] })).nodes).toEqual([{ opType: 'ConstantOfShape', name: '/Constant_1', reason: 'fills with a float value, not an int shape' }]);
  });

  it('a fixed batch size folds to a number and must match', () => {
    const fixed = (b: number, idx: number) =>
      mutate(F, (g, n) => {
        g.input![0]!.type!.tensorType!.shape!.dim![0] = { dimValue: b };
        setConst(n('/Constant'), [idx], true);
      });
    expect(importOnnxGraph(fixed(4, 0)).layers).toEqual(reference.layers);
    expect(refused(fixed(4, 2)).nodes[0]!.reason).toBe('Reshape to [8, -1] does not keep the batch dimension first');
  });
});

describe('never a wrong import', () => {
  /** What ONNX Reshape makes of [N, 8, 8] with `target` (batch symbol resolved to N), or null when it fails. */
  function reshaped(target: number[], n: number): number[] | null {
    const input = [n, 8, 8];
    const dims = target.map((d, i) => (d === 0 ? input[i]! : d));
    if (dims.filter((d) => d === -1).length > 1 || dims.some((d) => d < -1)) return null;
    const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const total = n * 64;
    if (dims.includes(-1)) return known > 0 && total % known === 0 ? dims.map((d) => (d === -1 ? total / known : d)) : null;
    return known === total ? dims : null;
  }

  it('x.view(x.size(I), C) / x.view(C, x.size(I)) with any index, constant, order and batch axis: imported exactly when ONNX gives [N, 64] for every batch size N', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 4 }),
        fc.constantFrom(-1, 0, 1, 2, 8, 32, 64, 65, -2),
        fc.boolean(),
        fc.constantFrom(0, 1, 2, 8, 64),
        fc.constantFrom(0, -1),
        (idx, c, gatherFirst, fixedBatch, axis) => {
          const b = mutate('view-size0.dyn.op13.onnx', (g, n) => {
            if (fixedBatch) g.input![0]!.type!.tensorType!.shape!.dim![0] = { dimValue: fixedBatch };
            setConst(n('/Constant'), [idx], true);
            setConst(n('Constant_3'), [axis]);
            setConst(n('/Constant_1'), [c]);
            if (!gatherFirst) n('/Concat').input!.reverse();
          });
          // The model's own answer: the Gather must pick a dimension, then the Reshape must flatten for every batch size.
          const sizes = fixedBatch ? [fixedBatch] : [1, 2, 3, 8, 64, 100];
          const ok =
            idx >= -3 &&
            idx <= 2 &&
            sizes.every((n) => {
              const picked = [n, 8, 8][(idx + 3) % 3]!;
              const out = reshaped(gatherFirst ? [picked, c] : [c, picked], n);
              return out !== null && out.length === 2 && out[0] === n && out[1] === 64;
            });
          let layers;
          try {
            layers = importOnnxGraph(b, 'm.onnx').layers;
          } catch (e) {
            expect(e).toBeInstanceOf(OnnxImportError);
            expect(ok, `refused a flatten: ${(e as Error).message}`).toBe(false);
            return;
          }
          expect(ok, 'imported a Reshape that is not a flatten').toBe(true);
          expect(layers).toEqual(reference.layers);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('corrupted bytes of a shape-computing export give a typed error or a model with finite weights, never a crash', () => {
    const base = bytes('view-size-neg3.dyn.op13.onnx');
    // Edits land in the graph's nodes (the first ~1 kB: Shape/Slice/Squeeze/Unsqueeze/Concat, constants) or anywhere.
    const nodesEnd = Math.min(base.length, 1200);
    fc.assert(
      fc.property(byteEdits(base, 4, fc.tuple(fc.boolean(), fc.nat(base.length - 1)).map(([inNodes, i]) => (inNodes ? i % nodesEnd : i))), (b) =>
        expectTypedErrorOrFiniteModel(b),
      ),
      { numRuns: 1000 },
    );
  });
});

describe('folding semantics (small graphs)', () => {
  const W = floatTensor('W', [1, 6], [1, 2, 3, 4, 5, 6]);
  const gemm = node('Gemm', ['f', 'W'], ['y'], { transB: 1 }, 'fc');
  const layers = [{ type: 'dense', weights: [[1, 2, 3, 4, 5, 6]], bias: [0] }];
  const graph = (opset: number, nodes: ReturnType<typeof node>[], inits: object[] = []) =>
    buildModel({ opset, inputDims: ['N', 2, 3], nodes: [...nodes, node('Reshape', ['x', 't'], ['f'], {}, 'rs'), gemm], initializers: [W, ...inits] });

  it('opset 9 Slice attributes, negative steps, Squeeze without axes, Cast, Identity and Shape start (opset 15)', () => {
    // Shape [N,2,3] reversed by Slice(step -1) = [3,2,N]; take its last entry (the batch) with Slice(-1..) then Squeeze.
    const rev = [node('Shape', ['x'], ['s']), node('Slice', ['s', 'st', 'en', 'ax', 'sp'], ['r']), node('Slice', ['r', 'm1', 'big', 'ax'], ['b1']), node('Squeeze', ['b1'], ['b'])];
    const tail = [node('Unsqueeze', ['b', 'ax'], ['b1v']), node('Cast', ['b1v'], ['b64'], { to: 7 }), node('Identity', ['b64'], ['bi']), node('Concat', ['bi', 'minus1'], ['t'], { axis: 0 })];
    const inits = [int64Tensor('st', [-1]), int64Tensor('en', [-9007199254740991]), int64Tensor('ax', [0]), int64Tensor('sp', [-1]), int64Tensor('m1', [-1]), int64Tensor('big', [2 ** 62]), int64Tensor('minus1', [-1])];
    expect(importOnnxGraph(graph(13, [...rev, ...tail], inits)).layers).toEqual(layers);
    // Opset 9: Slice and Unsqueeze with attributes; Slice [0:1] of the shape is the batch.
    const op9 = [node('Shape', ['x'], ['s']), node('Slice', ['s'], ['b1'], { starts: { ints: [0] }, ends: { ints: [1] } }), node('Concat', ['b1', 'minus1'], ['t'], { axis: 0 })];
    expect(importOnnxGraph(graph(9, op9, [int64Tensor('minus1', [-1])])).layers).toEqual(layers);
    // Opset 15 Shape start/end: Shape(x, start=1) = [2, 3], whose product 6 with a leading -1 is a flatten.
    const op15 = [node('Shape', ['x'], ['s'], { start: 1 }), node('Gather', ['s', 'i0'], ['s2']), node('Gather', ['s', 'i1'], ['s3']), node('Mul', ['s2', 's3'], ['p']), node('Concat', ['minus1', 'p'], ['t'], { axis: 0 })];
    expect(importOnnxGraph(graph(15, op15, [int64Tensor('minus1', [-1]), int64Tensor('i0', [0]), int64Tensor('i1', [1])])).layers).toEqual(layers);
    expect(refused(graph(14, op15, [int64Tensor('minus1', [-1]), int64Tensor('i0', [0]), int64Tensor('i1', [1])])).nodes[0]!.reason).toMatch(/start\/end attributes need opset 15/);
  });

  it('Squeeze of a dimension that is not 1, and an op that is not folded', () => {
    const sq = [node('Shape', ['x'], ['s']), node('Squeeze', ['s', 'ax'], ['q'], {}, 'sq'), node('Concat', ['q', 'minus1'], ['t'], { axis: 0 })];
    expect(refused(graph(13, sq, [int64Tensor('ax', [0]), int64Tensor('minus1', [-1])])).nodes).toEqual([{ opType: 'Squeeze', name: 'sq', reason: 'axis 0 has size 3, not 1' }]);
    const add = [node('Shape', ['x'], ['s']), node('Add', ['s', 's'], ['t'], {}, 'plus')];
    expect(refused(graph(13, add)).nodes[0]).toMatchObject({ opType: 'Add', name: 'plus', reason: expect.stringContaining('not a shape computation the importer folds') });
  });
});
