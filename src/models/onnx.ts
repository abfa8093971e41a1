/**
 * ONNX import: the multilayer perceptrons that PyTorch's and Keras/TF's exporters write, read into
 * the float {@link Model} (format v1). Decoding is done by `onnx-proto` (protobufjs code generated
 * from the official onnx.proto3); this module walks the graph from its input to its output and turns
 * each supported node into layers.
 *
 * Supported (ai.onnx opset 9 to 21): Gemm (alpha, beta, transA, transB; weights as either operand),
 * MatMul followed by an optional bias Add (either operand order), Relu, Clip (bounds as attributes
 * before opset 11, as constant inputs from 11; ReLU6 and Hardtanh export as Clip), LeakyRelu
 * (alpha >= 0), Flatten, Reshape and
 * Identity where they only reshape, Constant and Identity feeding parameters, BatchNormalization
 * in inference form (folded into the dense layer before or after it), and a trailing
 * Softmax/LogSoftmax, which is dropped because it leaves the argmax unchanged. A Reshape's target
 * shape may be computed from the input's shape (PyTorch's `x.view(x.size(0), -1)`): Shape, Gather,
 * Slice, Squeeze, Unsqueeze, Concat, Cast, Mul and ConstantOfShape on int vectors are folded
 * (./onnx-shape.ts) and the folded target is checked like a constant one.
 */
import onnxProto from 'onnx-proto';
import type { onnx as P } from 'onnx-proto';
import type { DenseLayer, InputRange, Layer, Model } from './model.js';
import { BsmlError } from '../errors.js';
import { BATCH, INT64, ShapeFolder, showDims, type Dim } from './onnx-shape.js';
import { printable, quote } from '../io/quote.js';

const { ModelProto, TensorProto, AttributeProto } = onnxProto.onnx;

/** Stable codes of {@link OnnxImportError}. */
export type OnnxErrorCode =
  /** The bytes are not a (complete) ONNX protobuf message. */
  | 'ONNX_DECODE'
  /** The model is malformed: missing graph/input/initializer, wrong data type or shape. */
  | 'ONNX_INVALID'
  /** The model uses operators, opsets or graph shapes the importer does not support. */
  | 'ONNX_UNSUPPORTED';

/** One node the importer cannot turn into layers, and why. */
export interface UnsupportedNode {
  opType: string;
  /** The node's name (`(unnamed #i)` when the exporter gave none). */
  name: string;
  reason: string;
}

/** Why an ONNX model cannot be imported. `nodes` lists every unsupported node (code `ONNX_UNSUPPORTED`). */
export class OnnxImportError extends BsmlError {
  override readonly name = 'OnnxImportError';
  constructor(
    readonly code: OnnxErrorCode,
    message: string,
    readonly nodes: UnsupportedNode[] = [],
  ) {
    super(message);
  }
}

/** The supported opset range of the default (ai.onnx) domain. */
export const ONNX_OPSETS = { min: 9, max: 21 } as const;

/** Operators folded only inside int shape computations (the target shape of a Reshape). */
const SHAPE_OPS = new Set(['Shape', 'Gather', 'Slice', 'Squeeze', 'Unsqueeze', 'Concat', 'Cast', 'Mul', 'ConstantOfShape']);
const SUPPORTED_OPS = new Set(['Gemm', 'MatMul', 'Add', 'BatchNormalization', 'Relu', 'Clip', 'LeakyRelu', 'Flatten', 'Reshape', 'Identity', 'Constant', 'Softmax', 'LogSoftmax', ...SHAPE_OPS]);

/**
 * Why some well-known operators are refused, beyond "not supported": the compiled script computes
 * exactly in fixed point with additions, comparisons and shifts, so only piecewise-linear
 * activations with a few pieces can be computed (and proven in range) exactly.
 */
const REFUSED_BECAUSE: Readonly<Record<string, string>> = {
  Sigmoid: 'not supported: sigmoid needs exp(), which fixed-point script arithmetic cannot compute exactly; use Relu, Clip (ReLU6, Hardtanh) or LeakyRelu',
  Tanh: 'not supported: tanh needs exp(), which fixed-point script arithmetic cannot compute exactly; Hardtanh (Clip -1..1) can be',
  HardSigmoid: 'not supported: write it as a Linear then Hardtanh/Clip',
  Softplus: 'not supported: softplus needs exp() and log(), which fixed-point script arithmetic cannot compute exactly',
  Elu: 'not supported: elu needs exp(), which fixed-point script arithmetic cannot compute exactly; LeakyRelu can be',
  Selu: 'not supported: selu needs exp(), which fixed-point script arithmetic cannot compute exactly; LeakyRelu can be',
  Gelu: 'not supported: gelu needs erf() or tanh(), which fixed-point script arithmetic cannot compute exactly',
};

/** An imported graph before an input range is attached. */
export interface OnnxGraph {
  name?: string;
  /** Input shape without the batch dimension; its row-major size is the number of inputs. */
  inputShape: number[];
  layers: Layer[];
  /** The trailing Softmax/LogSoftmax op that was dropped, if any. */
  droppedOutputOp?: 'Softmax' | 'LogSoftmax';
}

/** Options of {@link importOnnx}. */
export interface OnnxImportOptions {
  /** The declared range of every input value (ONNX files carry none). */
  inputRange: InputRange;
  /** Model name; defaults to the graph's name. */
  name?: string;
  /** File name or label used in error messages. */
  source?: string;
}

/**
 * Decodes ONNX protobuf bytes.
 * @throws {@link OnnxImportError} `ONNX_DECODE` when the bytes are truncated or not a ModelProto.
 */
export function decodeOnnx(bytes: Uint8Array, source = '<onnx>'): P.ModelProto {
  let m: P.ModelProto;
  try {
    // Decode a plain Uint8Array view: protobufjs reads a Node Buffer with another reader, which
    // lets some corrupt files through as partial models; the same bytes then fail differently.
    m = ModelProto.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new OnnxImportError('ONNX_DECODE', `${source}: not a valid ONNX protobuf (${(e as Error).message}); is the file truncated or not an .onnx model?`);
  }
  if (!m.graph) throw new OnnxImportError('ONNX_DECODE', `${source}: no graph in the ONNX model; is it an .onnx model file?`);
  return m;
}

/**
 * Imports an ONNX MLP as a float model.
 * @throws {@link OnnxImportError} on undecodable bytes, malformed graphs and unsupported nodes
 *   (one error listing every unsupported node).
 */
export function importOnnx(bytes: Uint8Array, options: OnnxImportOptions): Model {
  const g = importOnnxGraph(bytes, options.source);
  const name = options.name ?? g.name;
  return {
    format: 'bsml-model',
    version: 1,
    ...(name ? { name } : {}),
    input: { shape: g.inputShape, range: options.inputRange },
    layers: g.layers,
  };
}

/** Imports the layers and input shape of an ONNX MLP (see {@link importOnnx}). */
export function importOnnxGraph(bytes: Uint8Array, source = '<onnx>'): OnnxGraph {
  return new GraphWalker(decodeOnnx(bytes, source), source).run();
}

// ---------------------------------------------------------------------------------------------
// Values flowing through the graph

/** A parameter: a constant float or int tensor (initializer or Constant node). */
interface Param {
  kind: 'param';
  dims: number[];
  /** float32 values (FLOAT tensors) or integers (INT64/INT32 tensors), row-major. */
  data: number[];
  dataType: number;
}

/**
 * An activation: `features` are its non-batch dimensions (row-major order is the model's order);
 * `batch` is the index of the batch dimension in the full shape (0: `[N, ...features]`, 1: `[F, N]`),
 * or null for a rank-1 vector without a batch dimension.
 */
interface Act {
  kind: 'act';
  features: number[];
  batch: 0 | 1 | null;
  /** The batch dimension's fixed size when the exporter gave one. */
  batchSize?: number;
  /** Set on the output of a MatMul/Gemm: the dense layer an Add may fold a bias into. */
  dense?: DenseLayer;
  /**
   * An elementwise map `x -> scale·x + shift` per feature (row-major over `features`) not yet
   * written as a layer: a BatchNormalization with no dense layer right before it. The next dense
   * layer takes it on its inputs; a Relu or the graph output writes it as a diagonal dense layer.
   */
  affine?: Affine;
}

interface Affine {
  scale: number[];
  shift: number[];
}

type Value = Param | Act;

const prod = (a: number[]) => a.reduce((x, y) => x * y, 1);
const toNum = (v: number | { toNumber(): number } | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());
const f32 = Math.fround;

/** Reads a tensor's values (float32 or int64/int32) from raw_data or the typed repeated fields. */
function tensorData(t: P.ITensorProto, where: string): Param {
  const dims = (t.dims ?? []).map(toNum);
  const n = prod(dims);
  const dataType = t.dataType ?? 0;
  if (t.dataLocation === TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0) {
    throw new OnnxImportError('ONNX_UNSUPPORTED', `${where}: tensor data stored in an external file is not supported`);
  }
  const raw = t.rawData && t.rawData.length ? t.rawData : null;
  let data: number[];
  if (dataType === TensorProto.DataType.FLOAT) {
    if (raw) {
      if (raw.length !== 4 * n) throw new OnnxImportError('ONNX_INVALID', `${where}: raw_data holds ${raw.length} bytes, dims [${dims}] need ${4 * n}`);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      data = Array.from({ length: n }, (_, i) => dv.getFloat32(4 * i, true));
    } else data = (t.floatData ?? []).map(f32);
  } else if (dataType === TensorProto.DataType.INT64 || dataType === TensorProto.DataType.INT32) {
    const w = dataType === TensorProto.DataType.INT64 ? 8 : 4;
    if (raw) {
      if (raw.length !== w * n) throw new OnnxImportError('ONNX_INVALID', `${where}: raw_data holds ${raw.length} bytes, dims [${dims}] need ${w * n}`);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      data = Array.from({ length: n }, (_, i) => (w === 8 ? Number(dv.getBigInt64(8 * i, true)) : dv.getInt32(4 * i, true)));
    } else data = (dataType === TensorProto.DataType.INT64 ? (t.int64Data ?? []) : (t.int32Data ?? [])).map(toNum);
  } else {
    const typeName = TensorProto.DataType[dataType] ?? String(dataType);
    throw new OnnxImportError('ONNX_UNSUPPORTED', `${where}: data type ${typeName} is not supported (float32 weights, int64 shapes)`);
  }
  if (data.length !== n) throw new OnnxImportError('ONNX_INVALID', `${where}: ${data.length} values, dims [${dims}] need ${n}`);
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new OnnxImportError('ONNX_INVALID', `${where}: value ${bad} is ${data[bad]}`);
  return { kind: 'param', dims, data, dataType };
}

function attr(node: P.INodeProto, name: string): P.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}
function intAttr(node: P.INodeProto, name: string, dflt: number): number {
  const a = attr(node, name);
  return a ? toNum(a.i) : dflt;
}
function floatAttr(node: P.INodeProto, name: string, dflt: number): number {
  const a = attr(node, name);
  return a ? (a.f ?? 0) : dflt;
}

/** Thrown inside the walk for a node used in a way the importer cannot turn into layers. */
class NodeProblem extends Error {}

class GraphWalker {
  private readonly g: P.IGraphProto;
  private readonly opset: number;
  private readonly initializers = new Map<string, P.ITensorProto>();
  private readonly producer = new Map<string, P.INodeProto>();
  private readonly consumers = new Map<string, P.INodeProto[]>();
  private readonly params = new Map<string, Param>();
  private readonly visited = new Set<P.INodeProto>();
  private readonly nodeNames = new Map<P.INodeProto, string>();
  private readonly layers: Layer[] = [];
  /** The activations the walk has reached, by value name (for Shape nodes). */
  private readonly acts = new Map<string, Act>();
  private readonly folder: ShapeFolder;

  constructor(
    model: P.ModelProto,
    private readonly source: string,
  ) {
    this.g = model.graph!;
    const defaultOpsets = (model.opsetImport ?? []).filter((o) => !o.domain || o.domain === 'ai.onnx');
    this.opset = defaultOpsets.length ? toNum(defaultOpsets[0]!.version) : NaN;
    if (!(this.opset >= ONNX_OPSETS.min && this.opset <= ONNX_OPSETS.max)) {
      const got = Number.isNaN(this.opset) ? 'no ai.onnx opset' : `opset ${this.opset}`;
      throw new OnnxImportError('ONNX_UNSUPPORTED', `${source}: ${got}; supported: ai.onnx opset ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max}`);
    }
    for (const t of this.g.initializer ?? []) this.initializers.set(t.name ?? '', t);
    (this.g.node ?? []).forEach((n, i) => {
      this.nodeNames.set(n, n.name || `(unnamed #${i})`);
      for (const o of n.output ?? []) if (o) this.producer.set(o, n);
      for (const v of new Set(n.input ?? [])) if (v) this.consumers.set(v, [...(this.consumers.get(v) ?? []), n]);
    });
    this.folder = new ShapeFolder({
      opset: this.opset,
      producer: (name) => this.producer.get(name),
      constant: (name) => this.param(name),
      activationShape: (name) => {
        const a = this.acts.get(name);
        if (!a) return undefined;
        const b: Dim = a.batchSize ?? BATCH;
        return a.batch === 0 ? [b, ...a.features] : a.batch === 1 ? [...a.features, b] : [...a.features];
      },
      visit: (n) => this.visited.add(n),
      refuse: (n, reason) => this.unsupported([{ opType: n.opType ?? '', name: this.nodeName(n), reason }]),
    });
  }

  private nodeName(n: P.INodeProto): string {
    return this.nodeNames.get(n)!;
  }

  private fail(code: OnnxErrorCode, message: string): never {
    throw new OnnxImportError(code, `${this.source}: ${message}`);
  }

  private unsupported(nodes: UnsupportedNode[]): never {
    const list = nodes.map((n) => `${printable(n.opType)} ${quote(n.name)} (${n.reason})`).join('; ');
    throw new OnnxImportError('ONNX_UNSUPPORTED', `${this.source}: ${nodes.length} unsupported node${nodes.length > 1 ? 's' : ''}: ${list}`, nodes);
  }

  run(): OnnxGraph {
    // 1. Every node must be an operator we know, in the default domain.
    const unknown: UnsupportedNode[] = [];
    for (const n of this.g.node ?? []) {
      if (n.domain && n.domain !== 'ai.onnx') unknown.push({ opType: `${n.domain}.${n.opType}`, name: this.nodeName(n), reason: 'operator domain not supported' });
      else if (!SUPPORTED_OPS.has(n.opType ?? '')) unknown.push({ opType: n.opType ?? '', name: this.nodeName(n), reason: REFUSED_BECAUSE[n.opType ?? ''] ?? 'operator not supported' });
    }
    if (unknown.length) this.unsupported(unknown);

    // 2. Walk the chain of activations from the input to the output.
    const inputs = (this.g.input ?? []).filter((v) => !this.initializers.has(v.name ?? ''));
    if (inputs.length !== 1) this.fail('ONNX_UNSUPPORTED', `the graph has ${inputs.length} inputs (besides initializers); an MLP has exactly one`);
    const outputs = this.g.output ?? [];
    if (outputs.length !== 1) this.fail('ONNX_UNSUPPORTED', `the graph has ${outputs.length} outputs; an MLP has exactly one`);
    const outName = outputs[0]!.name ?? '';
    let name = inputs[0]!.name ?? '';
    let act = this.inputAct(inputs[0]!);
    const inputShape = act.features;
    let dropped: OnnxGraph['droppedOutputOp'];
    while (name !== outName) {
      this.acts.set(name, act);
      // Shape nodes read only the activation's shape; they are folded where a Reshape uses them.
      const users = (this.consumers.get(name) ?? []).filter((n) => n.opType !== 'Shape');
      if (users.length === 0) this.fail('ONNX_INVALID', `value ${quote(name)} is not used by any node and is not the graph output ${quote(outName)}`);
      if (users.length > 1) {
        this.unsupported(users.map((n) => ({ opType: n.opType ?? '', name: this.nodeName(n), reason: `the graph branches: ${quote(name)} feeds ${users.length} nodes` })));
      }
      const node = users[0]!;
      this.visited.add(node);
      if (dropped) this.unsupported([{ opType: node.opType ?? '', name: this.nodeName(node), reason: `follows the ${dropped}, which must be the last operation` }]);
      try {
        if ((node.opType === 'Softmax' || node.opType === 'LogSoftmax') && !this.isOutputTail(node)) {
          throw new NodeProblem('only a trailing Softmax/LogSoftmax is supported');
        }
        act = this.apply(node, name, act);
      } catch (e) {
        if (e instanceof NodeProblem) this.unsupported([{ opType: node.opType ?? '', name: this.nodeName(node), reason: e.message }]);
        throw e;
      }
      if (node.opType === 'Softmax' || node.opType === 'LogSoftmax') dropped = node.opType;
      name = node.output?.[0] ?? '';
    }
    if ((this.consumers.get(outName) ?? []).length) {
      this.unsupported((this.consumers.get(outName) ?? []).map((n) => ({ opType: n.opType ?? '', name: this.nodeName(n), reason: 'uses the graph output' })));
    }
    if (act.batch !== null && act.features.length !== 1) this.fail('ONNX_UNSUPPORTED', `the output ${quote(outName)} has shape [${act.features}] per sample; expected a vector of logits`);
    act = this.writeAffine(act);

    // 3. Nothing may be left over (nodes not on the input -> output path).
    const stray = (this.g.node ?? []).filter((n) => !this.visited.has(n));
    if (stray.length) {
      this.unsupported(
        stray.map((n) => ({
          opType: n.opType ?? '',
          name: this.nodeName(n),
          reason: SHAPE_OPS.has(n.opType ?? '') ? 'computes a shape that no Reshape on the path uses' : 'not on the path from the input to the output',
        })),
      );
    }
    if (!this.layers.some((l) => l.type === 'dense')) this.fail('ONNX_UNSUPPORTED', 'the graph has no Gemm or MatMul layer');
    this.layers.forEach((l, i) => {
      if (l.type === 'dense' && ![...l.weights.flat(), ...l.bias].every(Number.isFinite)) this.fail('ONNX_INVALID', `layer ${i}: alpha/beta scaling overflows float32`);
    });

    return { ...(this.g.name ? { name: this.g.name } : {}), inputShape, layers: this.layers, ...(dropped ? { droppedOutputOp: dropped } : {}) };
  }

  /** True when everything after `node` up to the graph output is Identity. */
  private isOutputTail(node: P.INodeProto): boolean {
    const outName = this.g.output?.[0]?.name ?? '';
    let v = node.output?.[0] ?? '';
    for (;;) {
      if (v === outName) return true;
      const users = this.consumers.get(v) ?? [];
      if (users.length !== 1 || users[0]!.opType !== 'Identity') return false;
      v = users[0]!.output?.[0] ?? '';
    }
  }

  private inputAct(v: P.IValueInfoProto): Act {
    const where = `input ${quote(v.name ?? '')}`;
    const tt = v.type?.tensorType;
    if (!tt) this.fail('ONNX_UNSUPPORTED', `${where} is not a tensor`);
    if (tt.elemType !== TensorProto.DataType.FLOAT) {
      this.fail('ONNX_UNSUPPORTED', `${where} has element type ${TensorProto.DataType[tt.elemType ?? 0] ?? tt.elemType}; only float32 inputs are supported`);
    }
    const dims = tt.shape?.dim;
    if (!dims || dims.length === 0) this.fail('ONNX_INVALID', `${where} has no shape; the importer needs the number of features`);
    const size = (d: P.TensorShapeProto.IDimension, i: number): number => {
      const n = d.dimValue != null ? toNum(d.dimValue) : 0;
      if (!(n > 0)) this.fail('ONNX_INVALID', `${where}: dimension ${i} is ${d.dimParam ? `symbolic (${quote(d.dimParam)})` : 'unknown'}; only the first (batch) dimension may be`);
      return n;
    };
    if (dims.length === 1) return { kind: 'act', features: [size(dims[0]!, 0)], batch: null };
    const batchSize = dims[0]!.dimValue != null && toNum(dims[0]!.dimValue) > 0 ? toNum(dims[0]!.dimValue) : undefined;
    return { kind: 'act', features: dims.slice(1).map((d, i) => size(d, i + 1)), batch: 0, ...(batchSize ? { batchSize } : {}) };
  }

  /** Resolves a node input to a parameter (initializer, Constant, or Identity of one), or undefined. */
  private param(name: string): Param | undefined {
    if (!name) return undefined;
    const cached = this.params.get(name);
    if (cached) return cached;
    let p: Param | undefined;
    const init = this.initializers.get(name);
    const n = this.producer.get(name);
    if (init) p = tensorData(init, `${this.source}: initializer ${quote(name)}`);
    else if (n?.opType === 'Constant') {
      this.visited.add(n);
      p = this.constant(n);
    } else if (n?.opType === 'Identity') {
      p = this.param(n.input?.[0] ?? '');
      if (p) this.visited.add(n);
    }
    if (p) this.params.set(name, p);
    return p;
  }

  private constant(n: P.INodeProto): Param {
    const where = `${this.source}: Constant ${quote(this.nodeName(n))}`;
    const a = n.attribute?.[0];
    if ((n.attribute ?? []).length !== 1 || !a) throw new OnnxImportError('ONNX_INVALID', `${where}: expected exactly one value attribute`);
    switch (a.name) {
      case 'value':
        return tensorData(a.t ?? {}, where);
      case 'value_float':
        return { kind: 'param', dims: [], data: [f32(a.f ?? 0)], dataType: TensorProto.DataType.FLOAT };
      case 'value_floats':
        return { kind: 'param', dims: [(a.floats ?? []).length], data: (a.floats ?? []).map(f32), dataType: TensorProto.DataType.FLOAT };
      case 'value_int':
        return { kind: 'param', dims: [], data: [toNum(a.i)], dataType: TensorProto.DataType.INT64 };
      case 'value_ints':
        return { kind: 'param', dims: [(a.ints ?? []).length], data: (a.ints ?? []).map(toNum), dataType: TensorProto.DataType.INT64 };
      default:
        this.unsupported([{ opType: 'Constant', name: this.nodeName(n), reason: `attribute ${printable(a.name ?? '')} not supported` }]);
    }
  }

  /** Splits a node's two operands into the activation `x` (named `actName`) and a parameter. */
  private operands(node: P.INodeProto, actName: string): { p: Param; actFirst: boolean } {
    const [a, b] = [node.input?.[0] ?? '', node.input?.[1] ?? ''];
    if (a === actName && b === actName) throw new NodeProblem('both operands are the activation');
    const actFirst = a === actName;
    const other = actFirst ? b : a;
    const p = this.param(other);
    if (!p) throw new NodeProblem(`operand ${quote(other)} is not a constant: only activation-by-weights products and bias additions are supported`);
    if (p.dataType !== TensorProto.DataType.FLOAT) throw new NodeProblem(`operand ${quote(other)} is not float32`);
    return { p, actFirst };
  }

  private apply(node: P.INodeProto, actName: string, act: Act): Act {
    const { kind, features, batch } = act;
    const pass = (a: Act): Act => {
      const { dense: _dense, ...rest } = a;
      return rest;
    };
    switch (node.opType) {
      case 'Identity':
        return act;
      case 'Relu': {
        const a = this.writeAffine(act);
        this.layers.push({ type: 'relu' });
        return pass(a);
      }
      case 'Clip': {
        if ((node.input?.[0] ?? '') !== actName) throw new NodeProblem('the activation must be the first input (the bounds are constants)');
        const layer = this.clip(node);
        const a = this.writeAffine(act);
        this.layers.push(layer);
        return pass(a);
      }
      case 'LeakyRelu': {
        const alpha = f32(floatAttr(node, 'alpha', 0.01));
        if (!Number.isFinite(alpha)) throw new NodeProblem(`alpha is ${alpha}`);
        if (!(alpha >= 0)) throw new NodeProblem(`alpha ${alpha} is negative; only slopes >= 0 are supported (a negative slope is not monotone)`);
        const a = this.writeAffine(act);
        this.layers.push({ type: 'leakyRelu', alpha });
        return pass(a);
      }
      case 'Gemm':
        return this.takeAffine(act, this.gemm(node, actName, act));
      case 'MatMul':
        return this.takeAffine(act, this.matmul(node, actName, act));
      case 'BatchNormalization':
        return this.batchNorm(node, act);
      case 'Add':
        return this.add(node, actName, act);
      case 'Flatten': {
        const rank = features.length + (batch === null ? 0 : 1);
        let axis = intAttr(node, 'axis', 1);
        if (axis < 0) axis += rank;
        if (batch === 0 && axis === 1) return { ...pass(act), features: [prod(features)] };
        if (batch === null && axis === 0) return { kind, features: [prod(features)], batch: 0, batchSize: 1 };
        throw new NodeProblem(`Flatten with axis ${intAttr(node, 'axis', 1)} mixes the batch dimension into the features`);
      }
      case 'Reshape':
        return this.reshape(node, act);
      case 'Softmax':
      case 'LogSoftmax':
        this.checkSoftmaxAxis(node, act);
        return this.writeAffine(act);
      default:
        if (SHAPE_OPS.has(node.opType ?? '')) throw new NodeProblem(`${node.opType} is supported only in int shape computations feeding a Reshape, not on the activations`);
        throw new NodeProblem('operator not supported');
    }
  }

  /**
   * Clip: before opset 11 the bounds are the attributes `min` and `max`; from opset 11 they are the
   * optional inputs 1 and 2 (an empty name: absent), which must be constant float32 scalars. An
   * absent bound, or one at ±FLT_MAX (the old attributes' defaults), is unbounded.
   */
  private clip(node: P.INodeProto): Layer {
    const FLT_MAX = 3.4028234663852886e38;
    const bound = (k: 1 | 2, what: 'min' | 'max'): number | undefined => {
      let v: number | undefined;
      if (this.opset < 11) {
        const a = attr(node, what);
        v = a ? f32(a.f ?? 0) : undefined;
      } else {
        const name = node.input?.[k] ?? '';
        if (!name) return undefined;
        const p = this.param(name);
        if (!p) throw new NodeProblem(`${what} ${quote(name)} is not a constant`);
        if (p.dataType !== TensorProto.DataType.FLOAT) throw new NodeProblem(`${what} ${quote(name)} is not float32`);
        if (p.data.length !== 1) throw new NodeProblem(`${what} ${quote(name)} has shape [${p.dims}]; expected a scalar`);
        v = p.data[0]!;
      }
      if (v === undefined || Math.abs(v) >= FLT_MAX) return undefined;
      if (!Number.isFinite(v)) throw new NodeProblem(`${what} is ${v}`);
      return v;
    };
    const min = bound(1, 'min');
    const max = bound(2, 'max');
    if (min !== undefined && max !== undefined && min > max) throw new NodeProblem(`min ${min} is above max ${max}`);
    return { type: 'clip', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }

  /**
   * BatchNormalization in inference form: per channel (axis 1 of [N, C, ...]) `y = s·x + t` with
   * `s = scale / sqrt(var + epsilon)` and `t = B - mean·s`, computed in float64. Right after a dense
   * layer it is folded into that layer's rows; otherwise it is held as a pending affine map (see
   * {@link Act.affine}), composed with one already pending.
   */
  private batchNorm(node: P.INodeProto, act: Act): Act {
    if (this.opset >= 14 && intAttr(node, 'training_mode', 0) !== 0) throw new NodeProblem('training_mode=1 normalizes with the batch statistics; only inference (running mean and variance) is supported');
    const graphOutputs = new Set((this.g.output ?? []).map((v) => v.name ?? ''));
    const stats = (node.output ?? []).slice(1).find((o) => o && ((this.consumers.get(o) ?? []).length > 0 || graphOutputs.has(o)));
    if (stats) throw new NodeProblem(`its output ${quote(stats)} (running statistics, training only) is used`);
    if (act.batch !== 0) throw new NodeProblem(act.batch === null ? 'the input has no batch dimension; BatchNormalization needs [N, C, ...]' : 'the activation is laid out [features, batch]; BatchNormalization needs [N, C, ...]');
    const C = act.features[0]!;
    const [scale, bias, mean, variance] = (['scale', 'B', 'mean', 'var'] as const).map((what, k) => {
      const name = node.input?.[k + 1] ?? '';
      const p = this.param(name);
      if (!p) throw new NodeProblem(`${what} ${quote(name)} is not a constant`);
      if (p.dataType !== TensorProto.DataType.FLOAT) throw new NodeProblem(`${what} ${quote(name)} is not float32`);
      if (p.dims.length !== 1 || p.dims[0] !== C) throw new NodeProblem(`${what} ${quote(name)} has shape [${p.dims}]; expected [${C}], one value per channel`);
      return p.data;
    }) as [number[], number[], number[], number[]];
    const epsilon = floatAttr(node, 'epsilon', 1e-5);
    const per = prod(act.features.slice(1));
    const s: number[] = [];
    const t: number[] = [];
    for (let c = 0; c < C; c++) {
      const d = variance[c]! + epsilon;
      if (!(d > 0)) throw new NodeProblem(`channel ${c}: var + epsilon = ${d} is not positive`);
      const sc = scale[c]! / Math.sqrt(d);
      const tc = bias[c]! - mean[c]! * sc;
      if (!Number.isFinite(sc) || !Number.isFinite(tc)) throw new NodeProblem(`channel ${c}: the normalization overflows`);
      for (let j = 0; j < per; j++) {
        s.push(sc);
        t.push(tc);
      }
    }
    const layer = act.dense;
    if (layer && !act.affine) {
      // y[o] = s[o]·(w[o]·x + b[o]) + t[o]: scale row o and its bias. A later Add still adds to the bias.
      layer.weights = layer.weights.map((row, o) => row.map((w) => f32(w * s[o]!)));
      layer.bias = layer.bias.map((b, o) => f32(b * s[o]! + t[o]!));
      this.checkFinite(layer, 'the folded BatchNormalization overflows float32');
      return act;
    }
    const prev = act.affine;
    // After a pending x -> s1·x + t1: s·(s1·x + t1) + t = (s·s1)·x + (s·t1 + t).
    const affine: Affine = prev ? { scale: s.map((si, i) => si * prev.scale[i]!), shift: t.map((ti, i) => s[i]! * prev.shift[i]! + ti) } : { scale: s, shift: t };
    const { dense: _d, ...rest } = act;
    return { ...rest, affine };
  }

  /** Folds the affine map pending on `before` (the input of a dense layer) into that layer, the one `after` holds. */
  private takeAffine(before: Act, after: Act): Act {
    const { affine: _pending, ...out } = after;
    const a = before.affine;
    const layer = after.dense;
    if (!a || !layer) return out;
    // w·(s∘x + t) + b = (w∘s)·x + (w·t + b), with the sum in float64.
    layer.bias = layer.bias.map((b, o) => f32(layer.weights[o]!.reduce((acc, w, i) => acc + w * a.shift[i]!, b)));
    layer.weights = layer.weights.map((row) => row.map((w, i) => f32(w * a.scale[i]!)));
    this.checkFinite(layer, 'the BatchNormalization folded into this layer overflows float32');
    return out;
  }

  /** Writes an affine map pending on `act` as a diagonal dense layer (before a Relu, or as the output). */
  private writeAffine(act: Act): Act {
    const a = act.affine;
    if (!a) return act;
    const n = a.scale.length;
    const weights = a.scale.map((s, o) => Array.from({ length: n }, (_, i) => (i === o ? f32(s) : 0)));
    const layer: DenseLayer = { type: 'dense', weights, bias: a.shift.map(f32) };
    this.checkFinite(layer, 'the BatchNormalization overflows float32');
    this.layers.push(layer);
    const { affine: _a, ...rest } = act;
    return rest;
  }

  private checkFinite(layer: DenseLayer, why: string): void {
    if (![...layer.weights.flat(), ...layer.bias].every(Number.isFinite)) throw new NodeProblem(why);
  }

  /** Softmax/LogSoftmax leave the argmax unchanged only when they normalize over each sample's logits. */
  private checkSoftmaxAxis(node: P.INodeProto, act: Act): void {
    const rank = act.features.length + (act.batch === null ? 0 : 1);
    const classAxis = act.batch === 0 ? 1 : 0;
    if (rank > 2 || act.features.length !== 1) throw new NodeProblem(`the logits have shape [${act.features}] per sample; expected a vector`);
    let axis = intAttr(node, 'axis', this.opset >= 13 ? -1 : 1);
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank) throw new NodeProblem(`axis ${intAttr(node, 'axis', 0)} is out of range for rank ${rank}`);
    // Opset < 13 normalizes over all dimensions from `axis` on (the input coerced to 2-D); from 13 over `axis` alone.
    const ok = this.opset >= 13 ? axis === classAxis : classAxis >= axis;
    if (!ok) throw new NodeProblem(`axis ${axis} normalizes across samples, which would change the argmax`);
  }

  private gemm(node: P.INodeProto, actName: string, act: Act): Act {
    const { p, actFirst } = this.operands(node, actName);
    const transA = intAttr(node, 'transA', 0);
    const transB = intAttr(node, 'transB', 0);
    const alpha = floatAttr(node, 'alpha', 1);
    const beta = floatAttr(node, 'beta', 1);
    if (act.batch === null || act.features.length !== 1) throw new NodeProblem('Gemm needs a 2-D activation [batch, features]');
    if (p.dims.length !== 2) throw new NodeProblem(`the weights have rank ${p.dims.length}; Gemm needs 2-D`);
    const K = act.features[0]!;
    const [r, c] = p.dims as [number, number];
    const at = (i: number, j: number) => p.data[i * c + j]!;
    let weights: number[][];
    let batch: 0 | 1;
    if (actFirst) {
      // Y[N, out] = A'[N, K] · B'[K, out]: A' must hold the batch first.
      if (act.batch !== (transA ? 1 : 0)) throw new NodeProblem(`transA=${transA} puts the batch dimension on the contracted axis`);
      const [k, out] = transB ? [c, r] : [r, c];
      if (k !== K) throw new NodeProblem(`weights ${p.dims.join('x')} (transB=${transB}) do not take ${K} inputs`);
      weights = Array.from({ length: out }, (_, o) => Array.from({ length: K }, (_, i) => (transB ? at(o, i) : at(i, o))));
      batch = 0;
    } else {
      // Y[out, N] = A'[out, K] · B'[K, N]: B' must hold the batch second.
      if (act.batch !== (transB ? 0 : 1)) throw new NodeProblem(`transB=${transB} puts the batch dimension on the contracted axis`);
      const [out, k] = transA ? [c, r] : [r, c];
      if (k !== K) throw new NodeProblem(`weights ${p.dims.join('x')} (transA=${transA}) do not take ${K} inputs`);
      weights = Array.from({ length: out }, (_, o) => Array.from({ length: K }, (_, i) => (transA ? at(i, o) : at(o, i))));
      batch = 1;
    }
    if (alpha !== 1) weights = weights.map((row) => row.map((w) => f32(alpha * w)));
    const out = weights.length;
    let bias = new Array<number>(out).fill(0);
    const cName = node.input?.[2];
    if (cName) {
      const C = this.param(cName);
      if (!C || C.dataType !== TensorProto.DataType.FLOAT) throw new NodeProblem(`bias ${quote(cName)} is not a float32 constant`);
      bias = broadcastBias(C, out, batch).map((b) => (beta === 1 ? b : f32(beta * b)));
    }
    const layer: DenseLayer = { type: 'dense', weights, bias };
    this.layers.push(layer);
    return { kind: 'act', features: [out], batch, ...(act.batchSize ? { batchSize: act.batchSize } : {}), dense: layer };
  }

  private matmul(node: P.INodeProto, actName: string, act: Act): Act {
    const { p, actFirst } = this.operands(node, actName);
    if (act.features.length !== 1) throw new NodeProblem(`MatMul over an activation of shape [${act.features}] per sample is not a dense layer (Flatten first)`);
    if (p.dims.length !== 2) throw new NodeProblem(`the weights have rank ${p.dims.length}; expected 2-D`);
    const K = act.features[0]!;
    const [r, c] = p.dims as [number, number];
    let weights: number[][];
    if (actFirst) {
      // x[N, K] · W[K, out] (or a rank-1 x[K]).
      if (act.batch === 1) throw new NodeProblem('MatMul contracts the batch dimension');
      if (r !== K) throw new NodeProblem(`weights ${r}x${c} do not take ${K} inputs`);
      weights = Array.from({ length: c }, (_, o) => Array.from({ length: K }, (_, i) => p.data[i * c + o]!));
    } else {
      // W[out, K] · x[K, N] (or a rank-1 x[K]).
      if (act.batch === 0) throw new NodeProblem('MatMul contracts the batch dimension');
      if (c !== K) throw new NodeProblem(`weights ${r}x${c} do not take ${K} inputs`);
      weights = Array.from({ length: r }, (_, o) => p.data.slice(o * c, o * c + c));
    }
    const layer: DenseLayer = { type: 'dense', weights, bias: new Array<number>(weights.length).fill(0) };
    this.layers.push(layer);
    const { dense: _d, ...rest } = act;
    return { ...rest, features: [weights.length], dense: layer };
  }

  private add(node: P.INodeProto, actName: string, act: Act): Act {
    const { p } = this.operands(node, actName);
    if (!act.dense) throw new NodeProblem('Add is supported only as the bias of the MatMul/Gemm right before it');
    const out = act.dense.bias.length;
    let b: number[];
    try {
      b = broadcastBias(p, out, act.batch);
    } catch (e) {
      throw new NodeProblem((e as Error).message);
    }
    act.dense.bias = act.dense.bias.map((x, i) => (x === 0 ? b[i]! : f32(x + b[i]!)));
    const { dense: _d, ...rest } = act;
    return rest;
  }

  private reshape(node: P.INodeProto, act: Act): Act {
    const shapeName = node.input?.[1] ?? '';
    const s = this.folder.fold(shapeName, node);
    if (s.dataType !== INT64 || s.dims.length !== 1) throw new NodeProblem(`the target shape ${quote(shapeName)} is not an int64 vector`);
    const allowzero = intAttr(node, 'allowzero', 0);
    if (allowzero && this.opset < 14) throw new NodeProblem(`allowzero needs opset 14 (the model has ${this.opset})`);
    const F = prod(act.features);
    const shown = showDims(s.data);
    const { dense: _d, ...rest } = act;
    if (act.batch === 1) throw new NodeProblem('Reshape of a [features, batch] activation is not supported');
    // The symbolic batch size may only stand first, for the batch dimension itself.
    const batchAt = s.data.indexOf(BATCH, 1);
    if (batchAt > 0 || (s.data[0] === BATCH && act.batch !== 0)) throw new NodeProblem(`Reshape to ${shown} puts the batch size at position ${Math.max(batchAt, 0)}, not as the batch dimension`);
    const firstIsBatchSize = s.data[0] === BATCH;
    const target = s.data.map((d) => (d === BATCH ? NaN : d));
    if (act.batch === null) {
      // A rank-1 vector: any shape of the same size, read as [F] or [1, ...features].
      const t = target.map((d) => (d === -1 ? NaN : d));
      const known = prod(t.filter((d) => !Number.isNaN(d)));
      const dims = t.map((d) => (Number.isNaN(d) ? F / known : d));
      if (prod(dims) !== F || dims.some((d) => !Number.isInteger(d) || d <= 0)) throw new NodeProblem(`cannot reshape ${F} values to ${shown}`);
      if (dims.length === 1) return rest;
      if (dims[0] === 1) return { kind: 'act', features: dims.slice(1), batch: 0, batchSize: 1 };
      throw new NodeProblem(`Reshape to ${shown} does not keep a leading batch dimension`);
    }
    // [N, ...features] -> [N, ...dims]: the first target entry must be the batch (0 = copy, -1 = inferred,
    // the symbolic batch size, or its fixed size).
    if (target.length < 2) throw new NodeProblem(`Reshape to ${shown} merges the batch dimension into the features`);
    const first = target[0]!;
    const restDims = target.slice(1).map((d, i) => {
      if (d === 0 && !allowzero) return act.features[i] ?? NaN;
      return d;
    });
    const firstIsBatch =
      firstIsBatchSize || (first === 0 && !allowzero) || (first === -1 && !restDims.includes(-1)) || (act.batchSize !== undefined && first === act.batchSize);
    if (!firstIsBatch) {
      // A constant first size with a dynamic batch axis: typically a size PyTorch's tracer baked in.
      const traced = act.batchSize === undefined && first > 0 && this.param(shapeName) !== undefined;
      const hint = traced ? ` (the batch axis is dynamic but the size ${first} is a constant: PyTorch traces len(x) and int(x.size(0)) as constants; write x.size(0) or -1)` : '';
      throw new NodeProblem(`Reshape to ${shown} does not keep the batch dimension first${hint}`);
    }
    let dims = restDims;
    if (dims.includes(-1)) {
      if (dims.filter((d) => d === -1).length > 1) throw new NodeProblem(`Reshape to ${shown} has several -1 entries`);
      const known = prod(dims.filter((d) => d !== -1));
      dims = dims.map((d) => (d === -1 ? F / known : d));
    }
    if (dims.some((d) => !Number.isInteger(d) || d <= 0) || prod(dims) !== F) throw new NodeProblem(`cannot reshape ${showDims(act.features)} per sample to ${showDims(s.data.slice(1))}`);
    return { ...rest, features: dims };
  }
}

/**
 * Broadcasts a bias tensor (numpy rules) onto an output of `out` features whose batch dimension is
 * at `batch`, returning one value per feature. The bias must be constant across the batch.
 */
function broadcastBias(p: Param, out: number, batch: 0 | 1 | null): number[] {
  const shape = batch === null ? [out] : batch === 0 ? [1, out] : [out, 1];
  const featureAxis = batch === 1 ? 0 : shape.length - 1;
  if (p.dims.length > shape.length) throw new NodeProblem(`bias of shape [${p.dims}] has more dimensions than the output`);
  const dims = [...new Array<number>(shape.length - p.dims.length).fill(1), ...p.dims];
  dims.forEach((d, i) => {
    if (d !== 1 && d !== shape[i]) throw new NodeProblem(`bias of shape [${p.dims}] does not broadcast to ${batch === 1 ? `[${out}, batch]` : `[batch, ${out}]`}`);
  });
  const perFeature = dims[featureAxis] === out && out !== 1;
  return Array.from({ length: out }, (_, o) => p.data[perFeature ? o : 0]!);
}

/** Encodes a ModelProto (used by tests and tools that build small graphs). */
export function encodeOnnx(model: P.IModelProto): Uint8Array {
  return ModelProto.encode(ModelProto.create(model)).finish();
}

export { AttributeProto as OnnxAttributeProto, TensorProto as OnnxTensorProto };
