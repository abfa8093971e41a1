/** Builds small ONNX graphs for tests, encoded with the same protobuf library the importer uses. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { encodeOnnx, importOnnxGraph, OnnxAttributeProto, OnnxImportError, OnnxTensorProto } from '../../src/models/onnx.js';

/** The OnnxImportError importing `bytes` (named `source` in messages) throws; fails the test when it imports. */
export function importError(bytes: Uint8Array, source = 't.onnx'): OnnxImportError {
  try {
    importOnnxGraph(bytes, source);
  } catch (e) {
    expect(e).toBeInstanceOf(OnnxImportError);
    return e as OnnxImportError;
  }
  throw new Error('expected an OnnxImportError');
}

/**
 * Imports possibly corrupted model bytes: the import must either throw OnnxImportError or give
 * dense layers whose weights and biases are all finite (never another exception, never a crash).
 */
export function expectTypedErrorOrFiniteModel(bytes: Uint8Array): void {
  let g;
  try {
    g = importOnnxGraph(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(OnnxImportError);
    return;
  }
  for (const l of g.layers) if (l.type === 'dense') expect([...l.weights.flat(), ...l.bias].every(Number.isFinite)).toBe(true);
}

/**
 * Copies of `base` with 1 to `maxEdits` bytes overwritten, each at a position drawn from `position`
 * (default: anywhere), for the corrupted-file properties.
 */
export function byteEdits(base: Uint8Array, maxEdits: number, position: fc.Arbitrary<number> = fc.nat(base.length - 1)): fc.Arbitrary<Uint8Array> {
  return fc.array(fc.tuple(position, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: maxEdits }).map((edits) => {
    const b = Uint8Array.from(base);
    for (const [at, v] of edits) b[at] = v;
    return b;
  });
}

type Attr = number | { f: number } | { ints: number[] };
export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attrs?: Record<string, Attr>;
}

/** A float32 initializer (raw little-endian bytes by default, or float_data). */
export function floatTensor(name: string, dims: number[], values: number[], form: 'raw' | 'float_data' = 'raw') {
  if (form === 'float_data') return { name, dims, dataType: OnnxTensorProto.DataType.FLOAT, floatData: values };
  const raw = new Uint8Array(4 * values.length);
  const dv = new DataView(raw.buffer);
  values.forEach((v, i) => dv.setFloat32(4 * i, v, true));
  return { name, dims, dataType: OnnxTensorProto.DataType.FLOAT, rawData: raw };
}

/** An int64 initializer (for Reshape shapes). */
export function int64Tensor(name: string, values: number[]) {
  return { name, dims: [values.length], dataType: OnnxTensorProto.DataType.INT64, int64Data: values };
}

function attribute(name: string, a: Attr) {
  const T = OnnxAttributeProto.AttributeType;
  if (typeof a === 'number') return { name, type: T.INT, i: a };
  if ('f' in a) return { name, type: T.FLOAT, f: a.f };
  return { name, type: T.INTS, ints: a.ints };
}

export function node(op: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}, name?: string): NodeSpec {
  return { op, inputs, outputs, attrs, name: name ?? `${op}_${outputs[0]}` };
}

/** Encodes a one-input, one-output graph: input "x" of shape `inputDims` (string = symbolic), output "y". */
export function buildModel(opts: {
  nodes: NodeSpec[];
  initializers?: object[];
  inputDims: (number | string)[];
  output?: string;
  opset?: number;
  extraInputs?: string[];
}): Uint8Array {
  const dim = (d: number | string) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d });
  const vi = (name: string, dims: (number | string)[]) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map(dim) } } } });
  return encodeOnnx({
    irVersion: 8,
    producerName: 'bsml-test',
    opsetImport: [{ domain: '', version: opts.opset ?? 13 }],
    graph: {
      name: 'test',
      node: opts.nodes.map((n) => ({
        opType: n.op,
        input: n.inputs,
        output: n.outputs,
        name: n.name,
        domain: n.domain ?? '',
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      initializer: opts.initializers ?? [],
      input: [vi('x', opts.inputDims), ...(opts.extraInputs ?? []).map((n) => vi(n, ['N', 1]))],
      output: [vi(opts.output ?? 'y', ['N'])],
    },
  });
}
