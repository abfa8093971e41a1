/**
 * `evaluateBatch`: one script over many initial stacks ("lanes"). With the native addon, the batch
 * engine compiles the script once into a lane program and runs it with SIMD kernels on worker
 * threads; lanes (or whole scripts) outside its vector path are evaluated by the scalar native
 * engine, and anything the native side declines by the TypeScript reference. Every lane's result
 * equals what `evaluate` returns for that lane alone (success, error, stack, altstack, opCount).
 */
import { encodeScriptNum } from '../script/scriptnum.js';
import { SCRIPT_ERRORS, scriptErrorCode, type ScriptErrorName } from '../vm/errors.js';
import { evaluate as evaluateTs, type EvalResult, type EvaluateOptions } from '../vm/verify.js';
import { loadBatchBinding, batchLoadError, type BatchBinding, type RawBatch, type RawBatchInput } from './batch-binding.js';
import { loadNative } from './native.js';
import { envEngineName } from './env.js';
import { BsmlError } from '../errors.js';

/** Kernel instruction sets (`isa` option, `BSML_ISA`). */
export type BatchIsa = 'auto' | 'avx512' | 'avx2' | 'neon' | 'scalar';

/** A dense batch: `lanes` rows of `width` numbers (row-major, bottom of the stack first). */
export interface DenseStacks {
  data: Int32Array | BigInt64Array;
  width: number;
}

/** Initial stacks: one array of items per lane, or a dense matrix of numbers. */
export type BatchStacks = readonly (readonly Uint8Array[])[] | DenseStacks;

/** Options of `evaluateBatch` (the `evaluate` options, minus trace, plus batch controls). */
export interface BatchOptions extends Omit<EvaluateOptions, 'trace'> {
  /**
   * 'auto' (default; or `BSML_ENGINE=ts`, read once per process, to force the reference): the
   * batch engine when the addon is available, else the TypeScript engine lane by lane. 'batch'
   * requires the addon.
   * 'ts' runs the TypeScript reference on every lane.
   */
  engine?: 'auto' | 'batch' | 'ts';
  /** Kernel ISA; default the best the CPU has (or `BSML_ISA`). */
  isa?: BatchIsa;
  /** Native worker threads; default: hardware concurrency. */
  threads?: number;
  /** Lanes per kernel chunk (default 256). */
  chunkLanes?: number;
  /** Called with (lanes done, total) while the batch runs (from the event loop). */
  onProgress?: (done: number, total: number) => void;
}

/** How a batch was evaluated. */
export interface BatchStats {
  /** 'batch' when the native batch engine ran, 'ts' when every lane ran on the TypeScript engine. */
  engine: 'batch' | 'ts';
  /** Kernel ISA used, when the batch engine ran. */
  isa?: Exclude<BatchIsa, 'auto'>;
  /** Lanes answered by the SIMD vector path. */
  vectorLanes: number;
  /** Lanes evaluated by the scalar native engine. */
  nativeLanes: number;
  /** Lanes evaluated by the TypeScript engine. */
  tsLanes: number;
  /** Why the script is outside the vector path, if it is. */
  declined?: string;
  /** Lane instructions per lane after compilation (stack shuffles compiled away). */
  programLength?: number;
}

/** A bad evaluateBatch argument. */
export class BatchInputError extends BsmlError {
  readonly code = 'BAD_BATCH_INPUT';
  override readonly name = 'BatchInputError';
}

/** Final stacks as a matrix of numbers: `present[i*width+j]` says whether item j of lane i exists and is a number. */
export interface StackMatrix {
  width: number;
  values: BigInt64Array;
  present: Uint8Array;
  /** Final main-stack depth per lane. */
  depth: Uint32Array;
}

/** Per-lane results of `evaluateBatch`. */
export class BatchResult {
  /** Number of lanes. */
  readonly lanes: number;
  /** 1 where the lane's script succeeded. */
  readonly success: Uint8Array;
  /** Core's error number per lane (index in SCRIPT_ERRORS). */
  readonly errorCodes: Uint8Array;
  readonly stats: BatchStats;
  /** @internal */
  constructor(
    lanes: number,
    stats: BatchStats,
    private readonly raw: RawBatch | undefined,
    private readonly scalar: (EvalResult | undefined)[],
  ) {
    this.lanes = lanes;
    this.stats = stats;
    this.success = new Uint8Array(lanes);
    this.errorCodes = new Uint8Array(lanes);
    for (let i = 0; i < lanes; i++) {
      const r = scalar[i];
      const code = r ? scriptErrorCode(r.error) : raw!.error[i]!;
      this.errorCodes[i] = code;
      this.success[i] = code === 0 ? 1 : 0;
    }
  }

  /** The error name of lane `i` ('OK' on success). */
  error(i: number): ScriptErrorName {
    return SCRIPT_ERRORS[this.errorCodes[i]!]!;
  }

  /** Lane `i`'s result, in the shape `evaluate` returns. */
  lane(i: number): EvalResult {
    if (!(i >= 0 && i < this.lanes)) throw new RangeError(`lane ${i} out of range (0..${this.lanes - 1})`);
    const s = this.scalar[i];
    if (s) return s;
    const raw = this.raw!;
    const w = raw.stackDepth + raw.altDepth;
    const item = (j: number) => encodeScriptNum(raw.values[i * w + j]!);
    const stack: Uint8Array[] = [];
    const altstack: Uint8Array[] = [];
    for (let j = 0; j < raw.stackDepth; j++) stack.push(item(j));
    for (let j = 0; j < raw.altDepth; j++) altstack.push(item(raw.stackDepth + j));
    const error = this.error(i);
    return { success: error === 'OK', error, stack, altstack, opCount: raw.opCount };
  }

  /** Every lane's result. */
  all(): EvalResult[] {
    const out: EvalResult[] = [];
    for (let i = 0; i < this.lanes; i++) out.push(this.lane(i));
    return out;
  }

  /** The final main stacks as a numeric matrix (items that are not minimal numbers of <= 8 bytes are absent). */
  stackMatrix(): StackMatrix {
    let width = 0;
    const depth = new Uint32Array(this.lanes);
    for (let i = 0; i < this.lanes; i++) {
      const s = this.scalar[i];
      depth[i] = s ? s.stack.length : this.raw!.stackDepth;
      if (depth[i]! > width) width = depth[i]!;
    }
    const values = new BigInt64Array(this.lanes * width);
    const present = new Uint8Array(this.lanes * width);
    for (let i = 0; i < this.lanes; i++) {
      const s = this.scalar[i];
      if (s) {
        s.stack.forEach((item, j) => {
          const v = decodeMinimal(item);
          if (v !== undefined) {
            values[i * width + j] = v;
            present[i * width + j] = 1;
          }
        });
      } else {
        const raw = this.raw!;
        const w = raw.stackDepth + raw.altDepth;
        for (let j = 0; j < raw.stackDepth; j++) {
          values[i * width + j] = raw.values[i * w + j]!;
          present[i * width + j] = 1;
        }
      }
    }
    return { width, values, present, depth };
  }
}

/** A minimally encoded script number of at most 8 bytes, or undefined. */
function decodeMinimal(b: Uint8Array): bigint | undefined {
  const n = b.length;
  if (n === 0) return 0n;
  if (n > 8) return undefined;
  if ((b[n - 1]! & 0x7f) === 0 && (n === 1 || (b[n - 2]! & 0x80) === 0)) return undefined;
  let mag = 0n;
  for (let i = n - 1; i >= 0; i--) mag = (mag << 8n) | BigInt(i === n - 1 ? b[i]! & 0x7f : b[i]!);
  return b[n - 1]! & 0x80 ? -mag : mag;
}

function isDense(s: BatchStacks): s is DenseStacks {
  return !Array.isArray(s);
}

/** Checks the arguments; returns the lane count. */
function checkInput(script: Uint8Array, stacks: BatchStacks, options: BatchOptions): number {
  if (!(script instanceof Uint8Array)) throw new BatchInputError('script must be a Uint8Array');
  if (options.sigVersion !== undefined && !['base', 'witness_v0', 'tapscript'].includes(options.sigVersion))
    throw new BatchInputError(`sigVersion must be base, witness_v0 or tapscript (got ${JSON.stringify(options.sigVersion)})`);
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1 && options.threads <= 1024))
    throw new BatchInputError(`threads must be an integer from 1 to 1024 (got ${options.threads})`);
  if (options.chunkLanes !== undefined && !(Number.isInteger(options.chunkLanes) && options.chunkLanes >= 1 && options.chunkLanes <= 1 << 20))
    throw new BatchInputError(`chunkLanes must be an integer from 1 to 1048576 (got ${options.chunkLanes})`);
  if (options.isa !== undefined && !['auto', 'avx512', 'avx2', 'neon', 'scalar'].includes(options.isa))
    throw new BatchInputError(`isa must be auto, avx512, avx2, neon or scalar (got ${JSON.stringify(options.isa)})`);
  if (isDense(stacks)) {
    const { data, width } = stacks;
    if (!(data instanceof Int32Array || data instanceof BigInt64Array))
      throw new BatchInputError('dense stacks: data must be an Int32Array or a BigInt64Array');
    if (!(Number.isInteger(width) && width >= 0)) throw new BatchInputError(`dense stacks: width must be a non-negative integer (got ${width})`);
    if (width === 0) {
      if (data.length !== 0) throw new BatchInputError('dense stacks: width 0 needs empty data');
      return 0;
    }
    if (data.length % width !== 0)
      throw new BatchInputError(`dense stacks: data length ${data.length} is not a multiple of width ${width}`);
    return data.length / width;
  }
  if (!Array.isArray(stacks)) throw new BatchInputError('stacks must be an array of stacks or a dense matrix');
  stacks.forEach((s, i) => {
    if (!Array.isArray(s)) throw new BatchInputError(`stacks[${i}] must be an array of Uint8Array`);
    s.forEach((item, j) => {
      if (!(item instanceof Uint8Array)) throw new BatchInputError(`stacks[${i}][${j}] must be a Uint8Array`);
    });
  });
  return stacks.length;
}

/** Lane `i`'s initial stack as byte strings. */
function laneStack(stacks: BatchStacks, i: number): Uint8Array[] {
  if (!isDense(stacks)) return stacks[i]!.slice();
  const { data, width } = stacks;
  const out: Uint8Array[] = [];
  for (let j = 0; j < width; j++) out.push(encodeScriptNum(data[i * width + j]!));
  return out;
}

/** Flattens the input for the binding (byte strings: one buffer plus offsets). */
function rawInput(stacks: BatchStacks, lanes: number): RawBatchInput {
  if (isDense(stacks)) {
    const { data, width } = stacks;
    return {
      kind: data instanceof Int32Array ? 'i32' : 'i64',
      lanes,
      width,
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  }
  let items = 0;
  let size = 0;
  for (const s of stacks) {
    items += s.length;
    for (const it of s) size += it.length;
  }
  const bytes = new Uint8Array(size);
  const itemStart = new Float64Array(items + 1);
  const laneStart = new Float64Array(lanes + 1);
  let k = 0;
  let off = 0;
  for (let i = 0; i < lanes; i++) {
    laneStart[i] = k;
    for (const it of stacks[i]!) {
      itemStart[k++] = off;
      bytes.set(it, off);
      off += it.length;
    }
  }
  laneStart[lanes] = k;
  itemStart[items] = off;
  // The most common depth: the program is compiled for it; other lanes fall back.
  const counts = new Map<number, number>();
  let width = 0;
  let best = -1;
  for (const s of stacks) {
    const c = (counts.get(s.length) ?? 0) + 1;
    counts.set(s.length, c);
    if (c > best) {
      best = c;
      width = s.length;
    }
  }
  return { kind: 'bytes', lanes, width, bytes, itemStart, laneStart };
}

const SIGVERSION = { base: 0, witness_v0: 1, tapscript: 3 } as const;
const STATUS_VECTOR = 0;
const STATUS_NATIVE = 2;

function chooseBinding(options: BatchOptions): BatchBinding | undefined {
  const engine = options.engine ?? (envEngineName() === 'ts' ? 'ts' : 'auto');
  if (engine === 'ts') return undefined;
  const b = loadBatchBinding();
  if (!b && engine === 'batch') throw new BatchInputError(`the batch engine is not available: ${batchLoadError()}`);
  return b;
}

/** Finishes lanes the native side left (status 1) with a scalar engine, lane by lane. */
function finish(script: Uint8Array, stacks: BatchStacks, lanes: number, options: BatchOptions, raw: RawBatch | undefined): BatchResult {
  const scalar: (EvalResult | undefined)[] = new Array(lanes);
  const evalOptions: EvaluateOptions = {
    sigVersion: options.sigVersion,
    flags: options.flags,
    checker: options.checker,
    validationWeight: options.validationWeight,
  };
  const native = raw && !options.checker && options.validationWeight === undefined ? loadNative() : undefined;
  let vectorLanes = 0;
  let nativeLanes = 0;
  let tsLanes = 0;
  for (let i = 0; i < lanes; i++) {
    const status = raw ? raw.status[i]! : 1;
    if (status === STATUS_VECTOR) {
      vectorLanes++;
      continue;
    }
    if (status === STATUS_NATIVE) {
      nativeLanes++;
      scalar[i] = raw!.scalar.get(i)!;
      continue;
    }
    const stack = laneStack(stacks, i);
    const viaNative = native?.evaluate(script, stack, evalOptions);
    if (viaNative) nativeLanes++;
    else tsLanes++;
    scalar[i] = viaNative ?? evaluateTs(script, stack, evalOptions);
  }
  const stats: BatchStats = raw
    ? // `declined` is absent, not undefined, when the script is on the vector path (as documented).
      { engine: 'batch', isa: raw.isa, vectorLanes, nativeLanes, tsLanes, ...(raw.declined !== undefined && { declined: raw.declined }), programLength: raw.programLength }
    : { engine: 'ts', vectorLanes: 0, nativeLanes: 0, tsLanes };
  return new BatchResult(lanes, stats, raw, scalar);
}

function bindingArgs(script: Uint8Array, input: RawBatchInput, options: BatchOptions) {
  return {
    script,
    sigversion: SIGVERSION[options.sigVersion ?? 'base'],
    flags: (options.flags ?? 0) >>> 0,
    input,
    isa: options.isa ?? 'auto',
    threads: options.threads ?? 0,
    chunkLanes: options.chunkLanes ?? 0,
    // The scalar native fallback inside the addon uses Core's base checker and the default budget.
    nativeFallback: !options.checker && options.validationWeight === undefined,
  };
}

/**
 * Evaluates `script` on every initial stack, synchronously (for small batches: it blocks the event
 * loop). Lane `i` of the result equals `evaluate(script, stacks[i], options)`.
 */
export function evaluateBatchSync(script: Uint8Array, stacks: BatchStacks, options: BatchOptions = {}): BatchResult {
  const lanes = checkInput(script, stacks, options);
  const binding = chooseBinding(options);
  const raw = binding ? binding.runSync(bindingArgs(script, rawInput(stacks, lanes), options)) : undefined;
  const r = finish(script, stacks, lanes, options, raw);
  options.onProgress?.(lanes, lanes);
  return r;
}

/**
 * Evaluates `script` on every initial stack. The native work runs on worker threads and the event
 * loop stays free; `onProgress` reports lanes done. Lane `i` of the result equals
 * `evaluate(script, stacks[i], options)`.
 */
export async function evaluateBatch(script: Uint8Array, stacks: BatchStacks, options: BatchOptions = {}): Promise<BatchResult> {
  const lanes = checkInput(script, stacks, options);
  const binding = chooseBinding(options);
  if (!binding) {
    // Lane by lane on the TypeScript engine, yielding to the event loop between slices.
    const scalar: EvalResult[] = new Array(lanes);
    const evalOptions: EvaluateOptions = { sigVersion: options.sigVersion, flags: options.flags, checker: options.checker, validationWeight: options.validationWeight };
    const slice = 1024;
    for (let lo = 0; lo < lanes; lo += slice) {
      const hi = Math.min(lanes, lo + slice);
      for (let i = lo; i < hi; i++) scalar[i] = evaluateTs(script, laneStack(stacks, i), evalOptions);
      options.onProgress?.(hi, lanes);
      if (hi < lanes) await new Promise<void>((r) => setImmediate(r));
    }
    return new BatchResult(lanes, { engine: 'ts', vectorLanes: 0, nativeLanes: 0, tsLanes: lanes }, undefined, scalar);
  }
  const raw = await binding.run(bindingArgs(script, rawInput(stacks, lanes), options), options.onProgress);
  const r = finish(script, stacks, lanes, options, raw);
  options.onProgress?.(lanes, lanes);
  return r;
}

/**
 * Streams a very large batch: evaluates each chunk of stacks as it comes and yields its result, so
 * memory stays bounded by one chunk (10 million lanes need not be in memory at once).
 */
export async function* evaluateBatchStream(
  script: Uint8Array,
  chunks: Iterable<BatchStacks> | AsyncIterable<BatchStacks>,
  options: BatchOptions = {},
): AsyncGenerator<BatchResult> {
  for await (const chunk of chunks) yield await evaluateBatch(script, chunk, options);
}
