/**
 * Many evaluations through one crossing into the native addon (`evaluateMany` / `verifyMany` of
 * native/addon/addon.cpp). The inputs of a chunk of cases are packed into one byte buffer plus a
 * Uint32Array layout, the addon runs the cases in order on one context, and the packed results
 * come back in one buffer. A case the core declines (more than 1000 stack or witness items with
 * the bottom ones' bytes left out) or whose native run
 * throws a TypeError / RangeError is answered by `fallback` (the TypeScript reference) before the
 * native run resumes after it, so checkers are called in the same order as by a loop of single
 * calls.
 */
import { baseChecker, type SignatureChecker } from '../vm/checker.js';
import { SCRIPT_ERRORS, type ScriptErrorName } from '../vm/errors.js';
import { verifyTaprootCommitment } from '../vm/taproot.js';
import type { EvalResult } from '../vm/verify.js';
import { prefixItems, put, readItems, type NativeAddon } from './native.js';

/** What `evaluateMany` / `verifyScriptMany` return per case with `stacks: false`. */
export interface Verdict {
  success: boolean;
  error: ScriptErrorName;
  opCount: number;
}

/** The addon's many-case entry points (see native/addon/addon.cpp for the layout). */
export interface NativeManyAddon {
  evaluateMany(
    script: Uint8Array | null,
    data: Uint8Array,
    meta: Uint32Array,
    sigVersion: number,
    flags: number,
    validationWeight: number | null,
    checker: SignatureChecker | null,
    verdictsOnly: boolean,
    from?: number,
    metaPos?: number,
    dataPos?: number,
    /** Receives the packed results when large enough (their byte count is returned). */
    out?: Uint8Array | null,
    /**
     * With a shared script: each case's stack items below its top `top` have no bytes in `data`
     * (RangeError unless the script's stackReach is at most `top`).
     */
    top?: number | null,
  ): NativeManyResult | undefined;
  verifyMany(
    data: Uint8Array,
    meta: Uint32Array,
    checkers: SignatureChecker | readonly (SignatureChecker | null)[] | null,
    taprootCommitment: ((control: Uint8Array, program: Uint8Array, tapleafHash: Uint8Array) => boolean) | null,
    verdictsOnly: boolean,
    from?: number,
    metaPos?: number,
    dataPos?: number,
    /** As for evaluateMany (not used when the result carries `thrown`). */
    out?: Uint8Array | null,
  ): NativeManyResult | undefined;
}

/**
 * The packed results of a many-case call: their byte count when written into the `out` buffer
 * passed in, else a new Uint8Array (with `thrown` when a case's run threw: stop reason 2).
 */
export type NativeManyResult = number | (Uint8Array & { thrown?: unknown });

/** One verifyScript case, resolved (defaults applied). */
export interface VerifyInput {
  scriptSig: Uint8Array;
  scriptPubKey: Uint8Array;
  witness: readonly Uint8Array[];
  flags: number;
  checker: SignatureChecker | undefined;
}

// A chunk holds at most this many input bytes (positions are uint32 in the layout; it also bounds
// the memory of one crossing).
const CHUNK_BYTES = 1 << 24;
const CHUNK_CASES = 1 << 14;

interface Stop {
  done: number;
  /** 0 end of chunk, 1 the next case was declined, 2 its native run threw `thrown`. */
  reason: number;
  metaPos: number;
  dataPos: number;
}

// Decodes the addon's packed results into `results` (from index `at`); returns where it stopped.
// `input(i, k)`: input k of case i (evaluate: 0 the script, 1.. the stack; verify: 0 scriptSig,
// 1 scriptPubKey, 2.. the witness), returned for an item word NATIVE_REF | k; `list(i)` and
// `offset(i)`: input k of case i is also list(i)[k + offset(i)] for k >= the first stack input.
function decode(
  packed: Uint8Array,
  verdicts: boolean,
  results: (EvalResult | Verdict)[],
  at: number,
  input: (i: number, k: number) => Uint8Array,
  list: (i: number) => readonly Uint8Array[],
  offset: (i: number) => number,
): Stop {
  const head = new Uint32Array(packed.buffer, packed.byteOffset, 5);
  const done = head[0]!;
  const nWords = head[4]!;
  const words = new Uint32Array(packed.buffer, packed.byteOffset + 20, nWords);
  let w = 0;
  let b = 20 + 4 * nWords;
  for (let i = 0; i < done; i++) {
    const success = words[w] === 1;
    const error = SCRIPT_ERRORS[words[w + 1]!] ?? 'UNKNOWN_ERROR';
    const opCount = words[w + 2]!;
    w += 3;
    if (verdicts) {
      results[at + i] = { success, error, opCount };
      continue;
    }
    const ns = words[w]!;
    const na = words[w + 1]!;
    const prefix = words[w + 2]!;
    const first = words[w + 3]!;
    w += 4;
    const caseInput = (k: number) => input(at + i, k);
    const stack = prefixItems(prefix, first, caseInput, prefix ? list(at + i) : undefined, prefix ? offset(at + i) : 0, ns);
    const altstack: Uint8Array[] = new Array(na);
    const rest = ns - prefix;
    b = readItems(words, w, packed, b, caseInput, stack, prefix, rest);
    b = readItems(words, w + rest, packed, b, caseInput, altstack, 0, na, stack);
    w += rest + na;
    results[at + i] = { success, error, stack, altstack, opCount };
  }
  return { done, reason: head[1]!, metaPos: head[2]!, dataPos: head[3]! };
}

// The layout buffers of a chunk (case bytes and meta words). One pair is kept and reused across
// calls: allocating, zeroing and freeing two ArrayBuffers per call cost more than packing the
// public vectors' cases (malloc moving the heap top, page faults, the array buffer sweeper). A call
// made while the pair is in use (a checker calling back into the engine, while the outer call may
// still resume on its chunk) allocates its own, as do chunks larger than SCRATCH_MAX bytes (not kept).
const SCRATCH_MAX = 1 << 20;
let scratchData = new Uint8Array(1 << 12);
let scratchMeta = new Uint32Array(1 << 10);
let scratchBusy = false;

/** Takes the reused layout buffers; false when they are in use (see layout). */
function takeScratch(): boolean {
  if (scratchBusy) return false;
  scratchBusy = true;
  return true;
}
function releaseScratch(taken: boolean): void {
  if (taken) scratchBusy = false;
}

const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(n));

// Buffers of exactly `dataLen` bytes and `metaLen` words for a chunk: views of the reused pair
// when `scratch` (taken by this call), else new ones. Every byte and word is written by the caller.
function layout(scratch: boolean, dataLen: number, metaLen: number): { data: Uint8Array; meta: Uint32Array } {
  if (!scratch || dataLen > SCRATCH_MAX || 4 * metaLen > SCRATCH_MAX) return { data: new Uint8Array(dataLen), meta: new Uint32Array(metaLen) };
  if (dataLen > scratchData.length) scratchData = new Uint8Array(pow2(dataLen));
  if (metaLen > scratchMeta.length) scratchMeta = new Uint32Array(pow2(metaLen));
  return { data: new Uint8Array(scratchData.buffer, 0, dataLen), meta: new Uint32Array(scratchMeta.buffer, 0, metaLen) };
}

const checkerArg = (c: SignatureChecker | undefined): SignatureChecker | null => (c === undefined || c === baseChecker ? null : c);
// Bytes of the items of a list, from index `from` on (the bare bottom items have none packed).
const listBytes = (items: readonly Uint8Array[], from = 0): number => {
  let n = 0;
  for (let k = from; k < items.length; k++) n += items[k]!.length;
  return n;
};

// Stacks of at most this many items are packed whole (as by the single call, see native.ts).
const LAZY_MIN = 16;

/**
 * How many top items of each stack to pack for a shared script: the script's stack reach when some
 * stack is longer than that and than LAZY_MIN (the items below are never read: their bytes are left
 * out and they come back as the caller's own), else null (pack everything).
 */
function packedTop(a: NativeAddon, script: Uint8Array | null, stacks: readonly (readonly Uint8Array[])[], sigVersion: number, flags: number): number | null {
  if (!script || !a.stackReach) return null;
  let longest = 0;
  for (let i = 0; i < stacks.length; i++) if (stacks[i]!.length > longest) longest = stacks[i]!.length;
  if (longest <= LAZY_MIN) return null;
  let reach: number;
  try {
    reach = a.stackReach(script, sigVersion, flags);
  } catch (e) {
    if (isAddonError(e)) return null;
    throw e;
  }
  return reach < longest ? reach : null;
}
const isAddonError = (e: unknown): boolean => e instanceof TypeError || e instanceof RangeError;

// The inputs of a chunk's cases as packed: case c's k-th input is items[at[c] + k].
interface Held {
  items: Uint8Array[];
  at: Uint32Array;
  /** Items held so far. */
  n: number;
}
const newHeld = (cases: number, items: number): Held => ({ items: new Array(items), at: new Uint32Array(cases), n: 0 });
// Holds case c's inputs: `a` (and `b`), then the items of `list`.
function hold(h: Held, c: number, list: readonly Uint8Array[], a: Uint8Array, b?: Uint8Array): void {
  const items = h.items;
  let n = h.n;
  h.at[c] = n;
  items[n++] = a;
  if (b) items[n++] = b;
  for (let k = 0; k < list.length; k++) items[n++] = list[k]!;
  h.n = n;
}

// The buffer the addon writes packed results into (no ArrayBuffer per crossing). A checker may run
// a nested many call during a crossing, which writes its own results here first: each result is
// decoded as soon as its call returns, before any other JS runs, and from the buffer that call was
// given (a nested call may have replaced this one with a larger one). Grows up to OUT_MAX bytes.
const OUT_MAX = 1 << 22;
let out = new Uint8Array(1 << 14);

/**
 * Runs the packed cases [start, end) through the addon: `call(from, metaPos, dataPos, out)` crosses
 * once and runs cases from `from` on; a case the core stops at (declined, or whose run threw a
 * TypeError / RangeError, as the single call declines) is answered by `fallback` and the next
 * crossing resumes after it. An addon error makes `fallback` answer the rest of the chunk; any
 * other exception propagates.
 */
function runChunk(
  start: number,
  end: number,
  call: (from: number, metaPos: number, dataPos: number, out: Uint8Array) => NativeManyResult | undefined,
  verdicts: boolean,
  results: (EvalResult | Verdict)[],
  input: (i: number, k: number) => Uint8Array,
  list: (i: number) => readonly Uint8Array[],
  offset: (i: number) => number,
  fallback: (i: number) => EvalResult | Verdict,
): void {
  let from = 0;
  let metaPos = 1;
  let dataPos = 0;
  while (start + from < end) {
    const buffer = out;
    let r: NativeManyResult | undefined;
    try {
      r = call(from, metaPos, dataPos, buffer);
    } catch (e) {
      if (!isAddonError(e)) throw e;
      r = undefined;
    }
    if (r === undefined) {
      // Nothing native for the rest of this chunk (nesting too deep, or arguments it refused).
      for (let i = start + from; i < end; i++) results[i] = fallback(i);
      return;
    }
    const packed = typeof r === 'number' ? buffer : r;
    const stop = decode(packed, verdicts, results, start + from, input, list, offset);
    if (typeof r !== 'number' && r.length > out.length && r.length <= OUT_MAX) out = new Uint8Array(2 ** Math.ceil(Math.log2(r.length)));
    from += stop.done;
    if (stop.reason === 0) return;
    if (stop.reason === 2) {
      // The addon hands a run's exception back on a new Uint8Array (never through `out`).
      const thrown = (r as Uint8Array & { thrown?: unknown }).thrown;
      if (!isAddonError(thrown)) throw thrown;
    }
    results[start + from] = fallback(start + from);
    from += 1;
    metaPos = stop.metaPos;
    dataPos = stop.dataPos;
  }
}

/**
 * Runs `evaluate` over many cases natively. `scripts`: one script for every stack, or one per
 * stack. `fallback(i)` answers case i with the reference (declined cases).
 */
export function evaluateManyNative(
  a: NativeAddon & NativeManyAddon,
  scripts: Uint8Array | readonly Uint8Array[],
  stacks: readonly (readonly Uint8Array[])[],
  o: { sigVersion: number; flags: number; weight: number | null; checker: SignatureChecker | undefined; verdicts: boolean },
  fallback: (i: number) => EvalResult | Verdict,
): (EvalResult | Verdict)[] {
  const shared = !Array.isArray(scripts);
  const script = shared ? (scripts as Uint8Array) : null;
  const perCase = shared ? null : (scripts as readonly Uint8Array[]);
  const total = stacks.length;
  const results: (EvalResult | Verdict)[] = new Array(total);
  const checker = checkerArg(o.checker);
  const top = packedTop(a, script, stacks, o.sigVersion, o.flags);
  // The bare (unpacked) bottom items of a stack of n items; under sigversion base not even their
  // lengths are packed (the items were checked by the caller: evaluateMany's argument checks).
  const bareOf = (n: number): number => (top !== null && n > top ? n - top : 0);
  const unsized = top !== null && o.sigVersion === 0;
  const scratch = takeScratch();
  try {
    for (let start = 0; start < total; ) {
      // The chunk: cases [start, end), at most CHUNK_CASES and (past its first case) CHUNK_BYTES bytes.
      let end = start;
      let metaLen = 1;
      let dataLen = 0;
      let inputs = 0;
      while (end < total && end - start < CHUNK_CASES) {
        const st = stacks[end]!;
        const bytes = listBytes(st, bareOf(st.length)) + (perCase ? perCase[end]!.length : 0);
        if (dataLen + bytes > CHUNK_BYTES && end > start) break;
        dataLen += bytes;
        metaLen += 1 + (perCase ? 1 : 0) + st.length - (unsized ? bareOf(st.length) : 0);
        inputs += 1 + st.length;
        end++;
      }
      const { meta, data } = layout(scratch, dataLen, metaLen);
      // A checker is the caller's code running in the middle of a crossing: it may replace items in
      // the caller's arrays (stacks, script lists). A result item that is an input is then taken from
      // `held`, the inputs as they were packed (case i's from held.at[i - start]), so a result holds
      // the items its evaluation used. Without a checker no caller code runs and the caller's arrays
      // are read as they are; verdicts hold no items.
      const held = checker && !o.verdicts ? newHeld(end - start, inputs) : null;
      meta[0] = end - start;
      let m = 1;
      let d = 0;
      for (let i = start; i < end; i++) {
        const st = stacks[i]!;
        if (held) hold(held, i - start, st, perCase ? perCase[i]! : script!);
        meta[m++] = st.length;
        if (perCase) {
          const s = perCase[i]!;
          meta[m++] = s.length;
          d = put(data, s, d);
        }
        const bare = bareOf(st.length);
        if (!unsized) for (let k = 0; k < bare; k++) meta[m++] = st[k]!.length;
        for (let k = bare; k < st.length; k++) {
          const item = st[k]!;
          meta[m++] = item.length;
          d = put(data, item, d);
        }
      }
      const first = start;
      const input = held
        ? (i: number, k: number) => held.items[held.at[i - first]! + k]!
        : (i: number, k: number) => (k === 0 ? (perCase ? perCase[i]! : script!) : stacks[i]![k - 1]!);
      runChunk(
        start,
        end,
        (from, metaPos, dataPos, out) => a.evaluateMany(script, data, meta, o.sigVersion, o.flags, o.weight, checker, o.verdicts, from, metaPos, dataPos, out, top),
        o.verdicts,
        results,
        input,
        held ? () => held.items : (i) => stacks[i]!,
        held ? (i) => held.at[i - first]! : () => -1,
        fallback,
      );
      start = end;
    }
  } finally {
    releaseScratch(scratch);
  }
  return results;
}

/**
 * Runs `verifyScript` over many cases natively; `fallback(i)` answers case i with the reference.
 * With `single`, a case of more than LAZY_MIN witness items is answered by `single(i)` (the native
 * single call, which packs only the witness items the spend may read; undefined: declined, then
 * `fallback(i)`) between the chunks before and after it, so checkers still run in case order.
 */
export function verifyManyNative(
  a: NativeAddon & NativeManyAddon,
  cases: readonly VerifyInput[],
  verdicts: boolean,
  fallback: (i: number) => EvalResult | Verdict,
  single?: (i: number) => EvalResult | Verdict | undefined,
): (EvalResult | Verdict)[] {
  const total = cases.length;
  const results: (EvalResult | Verdict)[] = new Array(total);
  const lazy = (i: number): boolean => single !== undefined && cases[i]!.witness.length > LAZY_MIN;
  const scratch = takeScratch();
  try {
    for (let start = 0; start < total; ) {
      if (lazy(start)) {
        results[start] = single!(start) ?? fallback(start);
        start++;
        continue;
      }
      // The chunk: cases [start, end), at most CHUNK_CASES and (past its first case) CHUNK_BYTES
      // bytes, up to the next case for `single`.
      let end = start;
      let metaLen = 1;
      let dataLen = 0;
      let anyChecker = false;
      while (end < total && end - start < CHUNK_CASES && !lazy(end)) {
        const c = cases[end]!;
        const bytes = c.scriptSig.length + c.scriptPubKey.length + listBytes(c.witness);
        if (dataLen + bytes > CHUNK_BYTES && end > start) break;
        dataLen += bytes;
        metaLen += 4 + c.witness.length;
        if (checkerArg(c.checker)) anyChecker = true;
        end++;
      }
      const { meta, data } = layout(scratch, dataLen, metaLen);
      const checkers: (SignatureChecker | null)[] | null = anyChecker ? new Array(end - start) : null;
      // As in evaluateManyNative: the inputs as packed, when a checker may replace the caller's.
      const held = anyChecker && !verdicts ? newHeld(end - start, metaLen - 1 - 2 * (end - start)) : null;
      meta[0] = end - start;
      let m = 1;
      let d = 0;
      for (let i = start; i < end; i++) {
        const c = cases[i]!;
        const w = c.witness;
        meta[m] = c.flags;
        meta[m + 1] = w.length;
        meta[m + 2] = c.scriptSig.length;
        meta[m + 3] = c.scriptPubKey.length;
        m += 4;
        d = put(data, c.scriptSig, d);
        d = put(data, c.scriptPubKey, d);
        for (let k = 0; k < w.length; k++) {
          meta[m++] = w[k]!.length;
          d = put(data, w[k]!, d);
        }
        if (checkers) checkers[i - start] = checkerArg(c.checker);
        if (held) hold(held, i - start, w, c.scriptSig, c.scriptPubKey);
      }
      const first = start;
      const input = held
        ? (i: number, k: number) => held.items[held.at[i - first]! + k]!
        : (i: number, k: number) => {
            const c = cases[i]!;
            return k === 0 ? c.scriptSig : k === 1 ? c.scriptPubKey : c.witness[k - 2]!;
          };
      runChunk(
        start,
        end,
        (from, metaPos, dataPos, out) => a.verifyMany(data, meta, checkers, verifyTaprootCommitment, verdicts, from, metaPos, dataPos, out),
        verdicts,
        results,
        input,
        held ? () => held.items : (i) => cases[i]!.witness,
        held ? (i) => held.at[i - first]! : () => -2,
        fallback,
      );
      start = end;
    }
  } finally {
    releaseScratch(scratch);
  }
  return results;
}
