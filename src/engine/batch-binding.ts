/**
 * The batch engine's side of the native addon (native/addon/batch.cc): argument shapes, and the
 * translation of its raw results into per-lane EvalResults for lanes the scalar native engine ran.
 */
import { SCRIPT_ERRORS } from '../vm/errors.js';
import type { EvalResult } from '../vm/verify.js';
import { loadNativeAddon, nativeLoadError } from './native.js';

/** Flattened initial stacks handed to the addon. */
export interface RawBatchInput {
  kind: 'i32' | 'i64' | 'bytes';
  lanes: number;
  /** Dense: columns; bytes: the depth the program is compiled for. */
  width: number;
  /** Dense: the matrix's bytes; bytes: every item back to back. */
  bytes: Uint8Array;
  /** Bytes: offsets of items in `bytes` (items + 1 entries). */
  itemStart?: Float64Array;
  /** Bytes: first item of each lane (lanes + 1 entries). */
  laneStart?: Float64Array;
}

/** Arguments of one batch run. */
export interface RawBatchArgs {
  script: Uint8Array;
  sigversion: number;
  flags: number;
  input: RawBatchInput;
  isa: string;
  threads: number;
  chunkLanes: number;
  /** Evaluate declined lanes with the scalar native engine (inside the worker threads). */
  nativeFallback: boolean;
}

/** Results of one batch run. status: 0 vector path, 1 not evaluated (caller must), 2 scalar native. */
export interface RawBatch {
  status: Uint8Array;
  error: Uint8Array;
  /** lanes x (stackDepth + altDepth) numbers of the vector lanes. */
  values: BigInt64Array;
  stackDepth: number;
  altDepth: number;
  opCount: number;
  isa: 'avx512' | 'avx2' | 'neon' | 'scalar';
  declined?: string;
  programLength: number;
  /** Results of the lanes the scalar native engine evaluated (status 2). */
  scalar: Map<number, EvalResult>;
}

/** What the addon exports for the batch engine (see native/addon/batch.cc). */
interface AddonBatch {
  batchRun(args: RawBatchArgs, done: (err: Error | null, out?: AddonOut) => void, progress?: (done: number, total: number) => void): void;
  batchRunSync(args: RawBatchArgs): AddonOut;
  batchIsas(): { available: RawBatch['isa'][]; best: RawBatch['isa'] };
}

interface AddonOut {
  status: Uint8Array;
  error: Uint8Array;
  values: ArrayBuffer;
  stackDepth: number;
  altDepth: number;
  opCount: number;
  isa: RawBatch['isa'];
  declined: string | null;
  programLength: number;
  /** Scalar-native lanes: lane index, success, error code, opCount, stack items, altstack items. */
  scalarLanes: Uint32Array;
  scalarOpCount: Uint32Array;
  scalarError: Uint8Array;
  scalarStacks: Uint8Array[][];
  scalarAltstacks: Uint8Array[][];
}

/** The batch engine, from the native addon. */
export interface BatchBinding {
  run(args: RawBatchArgs, progress?: (done: number, total: number) => void): Promise<RawBatch>;
  runSync(args: RawBatchArgs): RawBatch;
  /** ISAs this machine and build can run, and the one 'auto' picks. */
  isas(): { available: RawBatch['isa'][]; best: RawBatch['isa'] };
}

function convert(o: AddonOut): RawBatch {
  const scalar = new Map<number, EvalResult>();
  for (let k = 0; k < o.scalarLanes.length; k++) {
    const error = SCRIPT_ERRORS[o.scalarError[k]!]!;
    scalar.set(o.scalarLanes[k]!, {
      success: error === 'OK',
      error,
      stack: o.scalarStacks[k]!,
      altstack: o.scalarAltstacks[k]!,
      opCount: o.scalarOpCount[k]!,
    });
  }
  return {
    status: o.status,
    error: o.error,
    values: new BigInt64Array(o.values),
    stackDepth: o.stackDepth,
    altDepth: o.altDepth,
    opCount: o.opCount,
    isa: o.isa,
    declined: o.declined ?? undefined,
    programLength: o.programLength,
    scalar,
  };
}

let cached: BatchBinding | undefined;
let tried = false;
let loadError = 'the addon is not built';

/** The batch engine of the native addon, or undefined when the addon is not built or lacks it. */
export function loadBatchBinding(): BatchBinding | undefined {
  if (tried) return cached;
  tried = true;
  const addon = loadNativeAddon() as Partial<AddonBatch> | undefined;
  if (!addon) {
    loadError = nativeLoadError();
    return undefined;
  }
  if (typeof addon.batchRun !== 'function' || typeof addon.batchRunSync !== 'function') {
    loadError = 'the addon has no batch engine (rebuild it: npm run build:native)';
    return undefined;
  }
  const a = addon as AddonBatch;
  cached = {
    run: (args, progress) =>
      new Promise<RawBatch>((resolve, reject) => {
        a.batchRun(args, (err, out) => (err ? reject(err) : resolve(convert(out!))), progress);
      }),
    runSync: (args) => convert(a.batchRunSync(args)),
    isas: () => a.batchIsas(),
  };
  return cached;
}

/** Why the batch engine did not load. */
export function batchLoadError(): string {
  return loadError;
}
