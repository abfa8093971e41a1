/**
 * Constant folding of the integer shape computations PyTorch's exporter writes for
 * `x.view(x.size(0), -1)` and similar idioms: Shape → Gather/Slice → Squeeze/Unsqueeze → Concat
 * (with Cast, Mul, ConstantOfShape, Identity and Constant/initializer inputs) feeding a Reshape.
 *
 * Values are small int tensors whose entries are known integers or {@link BATCH}, the symbolic
 * batch size of a model with a dynamic batch axis. Every other dimension is known from the graph
 * input's shape, so such a computation folds to a target shape the importer can check exactly.
 * Each operator follows the ONNX specification for the opsets the importer accepts (9 to 21):
 * attribute vs input forms of `axes`/`starts`/`ends`, negative indices and axes, Slice clamping.
 * Anything outside what is folded here is refused with the node and the reason.
 */
import type { onnx as P } from 'onnx-proto';
import { printable, quote } from '../io/quote.js';

/** The symbolic batch size (a dynamic first dimension of the graph input). */
export const BATCH: unique symbol = Symbol('batch');
/** One entry of a folded int tensor: a known integer or the symbolic batch size. */
export type Dim = number | typeof BATCH;

/** A folded int64/int32 tensor. */
export interface IntTensor {
  dims: number[];
  /** Row-major values. */
  data: Dim[];
  /** ONNX TensorProto data type: INT64 (7) or INT32 (6). */
  dataType: number;
}

export const INT32 = 6;
export const INT64 = 7;

/** A constant input as the importer reads it (initializer, Constant, or Identity of one). */
export interface ConstantTensor {
  dims: number[];
  data: number[];
  dataType: number;
}

/** What the folder needs from the graph walker. */
export interface FoldContext {
  /** The ai.onnx opset of the model. */
  opset: number;
  /** The node that produces a value, if any. */
  producer(name: string): P.INodeProto | undefined;
  /** A constant (initializer, Constant node, Identity of a constant), or undefined. */
  constant(name: string): ConstantTensor | undefined;
  /** The full shape of an activation the walk has reached (batch as {@link BATCH} when dynamic), or undefined. */
  activationShape(name: string): Dim[] | undefined;
  /** Marks a node as used (folded). */
  visit(node: P.INodeProto): void;
  /** Reports a node that cannot be folded; never returns. */
  refuse(node: P.INodeProto, reason: string): never;
}

/** Formats folded values for messages, the batch size as `batch`. */
export const showDims = (d: Dim[]): string => `[${d.map((x) => (x === BATCH ? 'batch' : String(x))).join(', ')}]`;

const toNum = (v: number | { toNumber(): number } | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());

function attr(node: P.INodeProto, name: string): P.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

/** Folds int shape computations on demand, memoized by value name. */
export class ShapeFolder {
  private readonly memo = new Map<string, IntTensor>();
  private readonly active = new Set<string>();

  constructor(private readonly ctx: FoldContext) {}

  /**
   * Folds the value `name`, read as an input of `user` (blamed when `name` is neither a constant
   * nor produced by a foldable node).
   */
  fold(name: string, user: P.INodeProto): IntTensor {
    const memo = this.memo.get(name);
    if (memo) return memo;
    const c = this.ctx.constant(name);
    if (c) {
      if (c.dataType !== INT64 && c.dataType !== INT32) this.ctx.refuse(user, `input ${quote(name)} is a float tensor, not an int64 shape`);
      return this.keep(name, { dims: c.dims, data: c.data, dataType: c.dataType });
    }
    const n = name ? this.ctx.producer(name) : undefined;
    if (!n) this.ctx.refuse(user, `input ${name ? quote(name) : '"(missing)"'} is neither a constant nor computed from known shapes`);
    if (this.active.has(name)) this.ctx.refuse(n, `${quote(name)} depends on itself`);
    this.active.add(name);
    const t = this.op(n);
    this.active.delete(name);
    if (t.data.length !== t.dims.reduce((a, b) => a * b, 1)) this.ctx.refuse(n, `folds to ${t.data.length} values for dims [${t.dims}]`);
    this.ctx.visit(n);
    return this.keep(name, t);
  }

  private keep(name: string, t: IntTensor): IntTensor {
    this.memo.set(name, t);
    return t;
  }

  private input(n: P.INodeProto, i: number): IntTensor {
    return this.fold(n.input?.[i] ?? '', n);
  }

  /** The values of input `i`, which must not involve the batch size (axes, starts, ends, a ConstantOfShape shape). */
  private known(n: P.INodeProto, i: number, what: string): number[] {
    const t = this.input(n, i);
    if (t.dims.length > 1) this.ctx.refuse(n, `${what} has rank ${t.dims.length}; expected a scalar or a vector`);
    return t.data.map((d) => (d === BATCH ? this.ctx.refuse(n, `${what} depends on the batch size`) : d));
  }

  /** Axes from the `axes` attribute (before opset 13) or the optional second input (from 13). */
  private axes(n: P.INodeProto): number[] | undefined {
    if (this.ctx.opset < 13) {
      const a = attr(n, 'axes');
      return a ? (a.ints ?? []).map(toNum) : undefined;
    }
    if (attr(n, 'axes')) this.ctx.refuse(n, `the axes attribute is not part of opset ${this.ctx.opset} (axes are an input from opset 13)`);
    return n.input?.[1] ? this.known(n, 1, 'axes') : undefined;
  }

  private normAxis(n: P.INodeProto, axis: number, rank: number): number {
    const a = axis < 0 ? axis + rank : axis;
    if (!Number.isInteger(a) || a < 0 || a >= rank) this.ctx.refuse(n, `axis ${axis} is out of range for rank ${rank}`);
    return a;
  }

  private vector(n: P.INodeProto, t: IntTensor, what: string): Dim[] {
    if (t.dims.length !== 1) this.ctx.refuse(n, `${what} has rank ${t.dims.length}; only int vectors are folded`);
    return t.data;
  }

  private op(n: P.INodeProto): IntTensor {
    const opset = this.ctx.opset;
    switch (n.opType) {
      case 'Identity':
        return this.input(n, 0);
      case 'Shape': {
        const v = n.input?.[0] ?? '';
        const c = this.ctx.constant(v);
        const shape = c ? c.dims : this.ctx.activationShape(v);
        if (!shape) this.ctx.refuse(n, `the shape of ${quote(v)} is not known at this point of the graph`);
        // Opset 15 adds start/end: a slice of the dimensions, negative values counted from the end, clamped.
        const r = shape.length;
        const clamp = (x: number) => Math.min(Math.max(x < 0 ? x + r : x, 0), r);
        const s = attr(n, 'start') ? clamp(toNum(attr(n, 'start')!.i)) : 0;
        const e = attr(n, 'end') ? clamp(toNum(attr(n, 'end')!.i)) : r;
        if ((attr(n, 'start') || attr(n, 'end')) && opset < 15) this.ctx.refuse(n, `start/end attributes need opset 15 (the model has ${opset})`);
        const data = shape.slice(s, Math.max(s, e));
        return { dims: [data.length], data, dataType: INT64 };
      }
      case 'Gather': {
        const data = this.input(n, 0);
        const values = this.vector(n, data, 'the gathered tensor');
        const axis = attr(n, 'axis') ? toNum(attr(n, 'axis')!.i) : 0;
        this.normAxis(n, axis, 1);
        const idx = this.input(n, 1);
        const picked = idx.data.map((d) => {
          if (d === BATCH) this.ctx.refuse(n, 'the index depends on the batch size');
          const i = d < 0 ? d + values.length : d;
          if (!(i >= 0 && i < values.length)) this.ctx.refuse(n, `index ${d} is out of range for a vector of ${values.length}`);
          return values[i]!;
        });
        return { dims: idx.dims, data: picked, dataType: data.dataType };
      }
      case 'Unsqueeze': {
        const t = this.input(n, 0);
        const axes = this.axes(n);
        if (!axes) this.ctx.refuse(n, 'Unsqueeze needs axes');
        const rank = t.dims.length + axes.length;
        const norm = axes.map((a) => this.normAxis(n, a, rank));
        if (new Set(norm).size !== norm.length) this.ctx.refuse(n, `axes [${axes}] repeat an axis`);
        const rest = [...t.dims];
        const dims = Array.from({ length: rank }, (_, i) => (norm.includes(i) ? 1 : rest.shift()!));
        return { ...t, dims };
      }
      case 'Squeeze': {
        const t = this.input(n, 0);
        const axes = this.axes(n);
        if (!axes) return { ...t, dims: t.dims.filter((d) => d !== 1) };
        const norm = axes.map((a) => this.normAxis(n, a, t.dims.length));
        for (const a of norm) if (t.dims[a] !== 1) this.ctx.refuse(n, `axis ${a} has size ${t.dims[a]}, not 1`);
        return { ...t, dims: t.dims.filter((_, i) => !norm.includes(i)) };
      }
      case 'Concat': {
        const a = attr(n, 'axis');
        if (!a) this.ctx.refuse(n, 'Concat needs an axis attribute');
        const parts = (n.input ?? []).map((_, i) => this.input(n, i));
        if (parts.length === 0) this.ctx.refuse(n, 'Concat has no inputs');
        this.normAxis(n, toNum(a.i), 1);
        const dataType = parts[0]!.dataType;
        if (parts.some((p) => p.dataType !== dataType)) this.ctx.refuse(n, 'the inputs have different int types');
        const data = parts.flatMap((p, i) => this.vector(n, p, `input ${i}`));
        return { dims: [data.length], data, dataType };
      }
      case 'Cast': {
        const t = this.input(n, 0);
        const to = attr(n, 'to') ? toNum(attr(n, 'to')!.i) : NaN;
        if (to !== INT64 && to !== INT32) this.ctx.refuse(n, `Cast to type ${to} is not folded (only int64 and int32)`);
        if (to === INT32 && t.data.some((d) => d !== BATCH && (d < -(2 ** 31) || d >= 2 ** 31))) this.ctx.refuse(n, 'a value does not fit int32');
        return { ...t, dataType: to };
      }
      case 'Slice':
        return this.slice(n);
      case 'Mul': {
        const [a, b] = [this.input(n, 0), this.input(n, 1)];
        if (a.dataType !== b.dataType) this.ctx.refuse(n, 'the operands have different int types');
        if (a.dims.length > 1 || b.dims.length > 1) this.ctx.refuse(n, 'only scalars and vectors are folded');
        if ([...a.data, ...b.data].includes(BATCH)) this.ctx.refuse(n, 'multiplies the batch size; only products of known dimensions are folded');
        const [la, lb] = [a.data.length, b.data.length];
        if (la !== lb && la !== 1 && lb !== 1) this.ctx.refuse(n, `operands of ${la} and ${lb} values do not broadcast`);
        const len = Math.max(la, lb);
        const data = Array.from({ length: len }, (_, i) => (a.data[la === 1 ? 0 : i] as number) * (b.data[lb === 1 ? 0 : i] as number));
        if (data.some((d) => !Number.isSafeInteger(d))) this.ctx.refuse(n, 'a product is too large to be a dimension');
        const dims = a.dims.length === 1 || b.dims.length === 1 ? [len] : [];
        return { dims, data, dataType: a.dataType };
      }
      case 'ConstantOfShape': {
        if (this.input(n, 0).dims.length !== 1) this.ctx.refuse(n, 'the shape input is not a vector');
        const shape = this.known(n, 0, 'the shape');
        const v = attr(n, 'value')?.t;
        const type = v ? (v.dataType ?? 0) : 1;
        if (type !== INT64 && type !== INT32) this.ctx.refuse(n, 'fills with a float value, not an int shape');
        let fill = 0;
        if (v) {
          const raw = v.rawData && v.rawData.length ? v.rawData : null;
          const count = (v.dims ?? []).reduce((a: number, d) => a * toNum(d), 1);
          if (count !== 1) this.ctx.refuse(n, `the value tensor has dims [${(v.dims ?? []).map(toNum)}]; expected one element`);
          if (raw && raw.length !== (type === INT64 ? 8 : 4)) this.ctx.refuse(n, `the value tensor holds ${raw.length} bytes of raw data`);
          if (raw) {
            const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
            fill = type === INT64 ? Number(dv.getBigInt64(0, true)) : dv.getInt32(0, true);
          } else fill = toNum((type === INT64 ? v.int64Data : v.int32Data)?.[0]);
        }
        if (shape.some((d) => !(d >= 0)) || shape.reduce((a, b) => a * b, 1) > 1024) this.ctx.refuse(n, `shape [${shape}] is not a small int vector shape`);
        const len = shape.reduce((a, b) => a * b, 1);
        return { dims: shape, data: new Array<number>(len).fill(fill), dataType: type };
      }
      default:
        this.ctx.refuse(n, `${printable(n.opType ?? '')} is not a shape computation the importer folds (Shape, Gather, Slice, Squeeze, Unsqueeze, Concat, Cast, Mul, ConstantOfShape, Identity, constants)`);
    }
  }

  /** Slice of a vector: attributes before opset 10, inputs (starts, ends, axes, steps) from 10. */
  private slice(n: P.INodeProto): IntTensor {
    const t = this.input(n, 0);
    const values = this.vector(n, t, 'the sliced tensor');
    let starts: number[];
    let ends: number[];
    let axes: number[] | undefined;
    let steps: number[] | undefined;
    if (this.ctx.opset < 10) {
      const ints = (k: string) => (attr(n, k) ? (attr(n, k)!.ints ?? []).map(toNum) : undefined);
      starts = ints('starts') ?? this.ctx.refuse(n, 'Slice needs starts');
      ends = ints('ends') ?? this.ctx.refuse(n, 'Slice needs ends');
      axes = ints('axes');
    } else {
      starts = this.known(n, 1, 'starts');
      ends = this.known(n, 2, 'ends');
      axes = n.input?.[3] ? this.known(n, 3, 'axes') : undefined;
      steps = n.input?.[4] ? this.known(n, 4, 'steps') : undefined;
    }
    axes ??= starts.map((_, i) => i);
    steps ??= starts.map(() => 1);
    if (starts.length !== 1 || ends.length !== 1 || axes.length !== 1 || steps.length !== 1) {
      this.ctx.refuse(n, `starts/ends/axes/steps must each hold one value for a vector (got ${starts.length}/${ends.length}/${axes.length}/${steps.length})`);
    }
    this.normAxis(n, axes[0]!, 1);
    const dim = values.length;
    const step = steps[0]!;
    if (step === 0) this.ctx.refuse(n, 'step 0');
    const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);
    const rel = (x: number) => (x < 0 ? x + dim : x);
    const data: Dim[] = [];
    if (step > 0) {
      const s = clamp(rel(starts[0]!), 0, dim);
      const e = clamp(rel(ends[0]!), 0, dim);
      for (let i = s; i < e; i += step) data.push(values[i]!);
    } else {
      const s = clamp(rel(starts[0]!), 0, dim - 1);
      const e = clamp(rel(ends[0]!), -1, dim - 1);
      for (let i = s; i > e; i += step) data.push(values[i]!);
    }
    return { dims: [data.length], data, dataType: t.dataType };
  }
}
