/**
 * Loading the native addon (build/Release/bsml_addon.node, built by cmake-js on install) and
 * adapting it to the engine contract. The addon only translates; the C++ core answers. A method
 * returns undefined to decline, and the caller then falls back to the TypeScript engine: for a
 * step trace and option values the addon does not take (non-integer validation weights,
 * non-Uint8Array items). More than 1000 initial stack or witness items run natively (the core's
 * bsml_evaluate_large and bsml_verify_script, Core's answer). Taproot script-path spends run natively;
 * their commitment check (secp256k1) is src/vm/taproot.ts's, called back from C++.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { baseChecker, type SignatureChecker } from '../vm/checker.js';
import { SCRIPT_ERRORS } from '../vm/errors.js';
import { verifyTaprootCommitment } from '../vm/taproot.js';
import type { EvalResult, EvaluateOptions, VerifyOptions } from '../vm/verify.js';
import { evaluateManyNative, verifyManyNative, type NativeManyAddon } from './native-many.js';

// Runs one case through the many-case entry point (inputs beyond PACKED_MAX bytes); undefined when
// the core declines it.
function packedOne(run: (fallback: () => EvalResult) => EvalResult | undefined): EvalResult | undefined {
  let declined = false;
  const r = run(() => {
    declined = true;
    return undefined as unknown as EvalResult;
  });
  return declined ? undefined : r;
}

/** What the native addon offers; a method returns undefined to decline (the caller falls back). */
export interface NativeEngine {
  /**
   * `checked`: the caller has checked that every stack item is a Uint8Array over an attached buffer
   * (the engine API's argument checks), so items the script never reads are not looked at again.
   */
  evaluate(script: Uint8Array, stack: readonly Uint8Array[], options: EvaluateOptions, checked?: boolean): EvalResult | undefined;
  /** `checked`: as for evaluate, for the witness items. */
  verifyScript(scriptSig: Uint8Array, scriptPubKey: Uint8Array, options: VerifyOptions, checked?: boolean): EvalResult | undefined;
}

/** A raw result of the addon: the error is Core's error code (index in SCRIPT_ERRORS). */
export interface NativeRawResult {
  success: boolean;
  error: number;
  stack: Uint8Array[];
  altstack: Uint8Array[];
  opCount: number;
}

/**
 * A packed result of the addon: the byte count written into the `out` buffer passed in, or a new
 * buffer when `out` was missing or too small (see readNativeResult); from evaluatePacked, also a
 * negative number -k: nothing ran, call again with the bytes of the top k stack items at least.
 */
export type NativePackedResult = number | Uint8Array;

/**
 * The binding itself (native/addon/addon.cpp). Every function validates its arguments and throws
 * TypeError / RangeError; `evaluate` and `verifyScript` return undefined when the core declines.
 */
export interface NativeAddon {
  /** sigVersion: 0 base, 1 witness_v0, 3 tapscript. */
  evaluate(
    script: Uint8Array,
    stack: readonly Uint8Array[],
    sigVersion: number,
    flags: number,
    validationWeight?: number | null,
    checker?: SignatureChecker | null,
    out?: Uint8Array | null,
    /** true: an item that is exactly one of the inputs comes back as a reference to it (see readNativeResult). */
    refs?: boolean,
  ): NativePackedResult | undefined;
  verifyScript(
    scriptSig: Uint8Array,
    scriptPubKey: Uint8Array,
    witness: readonly Uint8Array[],
    flags: number,
    checker?: SignatureChecker | null,
    out?: Uint8Array | null,
    /** BIP341 commitment check for taproot script-path spends; without it those are declined. */
    taprootCommitment?: ((control: Uint8Array, program: Uint8Array, tapleafHash: Uint8Array) => boolean) | null,
    refs?: boolean,
  ): NativePackedResult | undefined;
  /**
   * verifyScript with its inputs packed into `io` (see packVerify), which also receives the result
   * (as verifyScript returns it). A missing checker / taprootCommitment is as null.
   */
  verifyPacked(
    io: Uint8Array,
    checker?: SignatureChecker | null,
    taprootCommitment?: ((control: Uint8Array, program: Uint8Array, tapleafHash: Uint8Array) => boolean) | null,
  ): NativePackedResult | undefined;
  /**
   * evaluate with its inputs packed into `io` (see packEvaluate), which also receives the result
   * (as evaluate returns it), or -k when the script may read one of the bottom items whose bytes
   * were left out (nothing ran): the top k stack items' bytes are needed. A missing checker is as null.
   */
  evaluatePacked(io: Uint8Array, checker?: SignatureChecker | null): NativePackedResult | undefined;
  /**
   * How many items at the top of the initial stack an evaluation of `script` may read, copy, move
   * or pop (the core's bsml_stack_reach); Infinity when the script does not bound it. Missing from
   * addons built before it.
   */
  stackReach?(script: Uint8Array, sigVersion: number, flags: number): number;
  sha256(data: Uint8Array): Uint8Array;
  ripemd160(data: Uint8Array): Uint8Array;
  sha1(data: Uint8Array): Uint8Array;
  /** Bytes of one evaluation context (the core's whole working memory). */
  contextSize(): number;
}

const SIGVERSION_CODE: Record<string, number> = { base: 0, witness_v0: 1, tapscript: 3 };

/** Where the addon is looked for: BSML_NATIVE_ADDON, else build/Release under the package root. */
export function nativeAddonPath(): string {
  return process.env.BSML_NATIVE_ADDON || fileURLToPath(new URL('../../build/Release/bsml_addon.node', import.meta.url));
}

// The functions of NativeAddon: a loaded module without all of them is not the addon.
const ADDON_FUNCTIONS = ['evaluate', 'verifyScript', 'verifyPacked', 'evaluatePacked', 'sha256', 'ripemd160', 'sha1', 'contextSize'] as const satisfies readonly (keyof NativeAddon)[];

let loadError = 'the addon is not built';
let addon: NativeAddon | null | undefined;
let engine: NativeEngine | undefined;

/**
 * The raw binding, or undefined when it cannot be loaded (see nativeLoadError): the file is
 * missing, fails to load, or is not the addon (a module without NativeAddon's functions, such as
 * a .json file, which require() reads as data).
 */
export function loadNativeAddon(): NativeAddon | undefined {
  if (addon !== undefined) return addon ?? undefined;
  const path = nativeAddonPath();
  if (!existsSync(path)) {
    loadError = `the addon is not built (no ${path}; run 'npm run build:native')`;
    addon = null;
    return undefined;
  }
  let loaded: unknown;
  try {
    loaded = createRequire(import.meta.url)(path);
  } catch (e) {
    loadError = `the addon at ${path} failed to load: ${(e as Error).message.split('\n')[0]}`;
    addon = null;
    return undefined;
  }
  // require() also loads .json and .js files: accept only what has the addon's functions.
  const missing = ADDON_FUNCTIONS.filter((f) => typeof (loaded as Record<string, unknown> | null | undefined)?.[f] !== 'function');
  if (missing.length) {
    loadError = `the file at ${path} is not the bsml addon (no ${missing.join(', ')} function${missing.length > 1 ? 's' : ''}; run 'npm run build:native')`;
    addon = null;
    return undefined;
  }
  addon = loaded as NativeAddon;
  return addon;
}

// The output buffer the addon writes results into (no allocation on the native side). Nested
// evaluations (a checker calling the engine) are safe: each result is decoded before the outer
// call writes its own.
let out = new Uint8Array(1 << 16);
let out32 = new Uint32Array(out.buffer);
let out64 = new Float64Array(out.buffer);

// Copies one result item out of the shared buffer. Small items go into a fresh on-heap array (V8
// keeps typed arrays of up to 64 bytes on its heap: far cheaper than `slice`, which allocates a new
// ArrayBuffer); larger ones are sliced.
export function copyItem(bytes: Uint8Array, at: number, len: number): Uint8Array {
  if (len > 64) return bytes.slice(at, at + len);
  const u = new Uint8Array(len);
  for (let j = 0; j < len; j++) u[j] = bytes[at + j]!;
  return u;
}

/** Copies `src` into `dst` at `at` (a loop for short items: cheaper than TypedArray#set's call); returns the end. */
export function put(dst: Uint8Array, src: Uint8Array, at: number): number {
  const n = src.length;
  if (n > 32) dst.set(src, at);
  else for (let j = 0; j < n; j++) dst[at + j] = src[j]!;
  return at + n;
}

// The core's limit on the items a context holds (BSML_MAX_STACK_SIZE): larger initial stacks and
// witnesses are packed whole (bsml_evaluate_large and bsml_verify_script read any of them).
const MAX_STACK_ITEMS = 1000;

// Largest shared buffer the packed single-call path grows to; bigger inputs take the many-case path.
const PACKED_MAX = 1 << 24;

/**
 * Packs verifyScript's inputs for the addon's verifyPacked into the shared buffer (growing it when
 * needed): uint32 words [flags, refs = 1, n = 2 + witness items, bare, n item lengths], then the
 * items' bytes (scriptSig, scriptPubKey, witness) except those of the `bare` bottom witness items:
 * only the top `top` witness items' bytes are packed (the addon refuses to run a spend that may
 * read deeper; see verifyPacked in addon.cpp). With `checked`, the witness items are known to be
 * Uint8Arrays (the engine API's argument checks). Returns the buffer, or undefined when an input is
 * not a Uint8Array (the caller declines) or the inputs exceed PACKED_MAX bytes.
 */
function packVerify(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: readonly Uint8Array[],
  flags: number,
  top: number,
  checked: boolean,
): Uint8Array | undefined {
  const nw = witness.length;
  const bare = nw > top ? nw - top : 0;
  const head = 4 * (6 + nw);
  if (head > out.length) {
    if (head > PACKED_MAX) return undefined;
    grow(head);
  }
  // One pass: check each item (unless the caller did), write its length, count the bytes to pack.
  let words = out32;
  let bytes = scriptSig.length + scriptPubKey.length;
  for (let k = 0; k < nw; k++) {
    const w = witness[k];
    if (!checked && !isBytes(w)) return undefined;
    const len = w!.length;
    words[6 + k] = len;
    if (k >= bare) bytes += len;
  }
  if (head + bytes > out.length) {
    if (head + bytes > PACKED_MAX) return undefined;
    grow(head + bytes);
    words = out32;
    for (let k = 0; k < nw; k++) words[6 + k] = witness[k]!.length;
  }
  const io = out;
  words[0] = flags;
  words[1] = 1;
  words[2] = 2 + nw;
  words[3] = bare;
  words[4] = scriptSig.length;
  words[5] = scriptPubKey.length;
  let at = put(io, scriptSig, head);
  at = put(io, scriptPubKey, at);
  for (let k = bare; k < nw; k++) at = put(io, witness[k]!, at);
  return io;
}

// Makes the shared buffer (and its views) at least `bytes` long (a power of two).
function grow(bytes: number): void {
  out = new Uint8Array(2 ** Math.ceil(Math.log2(bytes)));
  out32 = new Uint32Array(out.buffer);
  out64 = new Float64Array(out.buffer);
}

/**
 * Packs evaluate's inputs for the addon's evaluatePacked into the shared buffer (growing it when
 * needed): the validation weight as a float64 (bytes 0-7), uint32 words [sigVersion, flags, refs = 1,
 * hasWeight, n = 1 + stack items, bare, bareLengths, n item lengths], then the items' bytes (script,
 * stack) except those of the `bare` bottom stack items: only the top `top` stack items' bytes are
 * packed (the addon refuses to run when the script may read deeper; see evaluatePacked in
 * addon.cpp). With `checked` (the caller checked every item is a Uint8Array) and sigVersion base,
 * the bare items are not read at all (bareLengths = 0: nothing reads their lengths either). Returns
 * the buffer, or undefined when a stack item it reads is not a Uint8Array (the caller declines) or
 * the packed inputs exceed PACKED_MAX bytes.
 */
function packEvaluate(
  script: Uint8Array,
  stack: readonly Uint8Array[],
  sv: number,
  flags: number,
  weight: number | undefined,
  top: number,
  checked: boolean,
): Uint8Array | undefined {
  const ns = stack.length;
  const bare = ns > top ? ns - top : 0;
  const from = checked && sv === 0 ? bare : 0;
  const head = 8 + 4 * (8 + ns);
  if (head > out.length) {
    if (head > PACKED_MAX) return undefined;
    grow(head);
  }
  // One pass: check each item read, write its length, count the bytes to pack.
  let words = out32;
  let bytes = script.length;
  for (let k = from; k < ns; k++) {
    const item = stack[k];
    if (!isBytes(item)) return undefined;
    const len = item.length;
    words[10 + k] = len;
    if (k >= bare) bytes += len;
  }
  if (head + bytes > out.length) {
    if (head + bytes > PACKED_MAX) return undefined;
    grow(head + bytes);
    words = out32;
    for (let k = from; k < ns; k++) words[10 + k] = stack[k]!.length;
  }
  const io = out;
  out64[0] = weight ?? 0;
  words[2] = sv;
  words[3] = flags;
  words[4] = 1;
  words[5] = weight === undefined ? 0 : 1;
  words[6] = 1 + ns;
  words[7] = bare;
  words[8] = from === 0 ? 1 : 0;
  words[9] = script.length;
  let at = put(io, script, head);
  for (let k = bare; k < ns; k++) at = put(io, stack[k]!, at);
  return io;
}

// Stacks of at most this many items are packed whole. Above it, evaluate packs the bytes of the top
// items only: as many as the script reaches (the addon's stackReach, asked once per script object,
// sigVersion and flags); when the script may read deeper (its bytes changed since), the addon
// answers with how many it needs and the call is packed again (nothing has run then).
const LAZY_MIN = 16;
let reachScript: Uint8Array | undefined;
let reachSv = -1;
let reachFlags = -1;
let reachTop = LAZY_MIN;
// The same for verifyScript, per scriptPubKey object and flags.
let verifySpk: Uint8Array | undefined;
let verifyFlags = -1;
let verifyTop = LAZY_MIN;

// True when the scriptPubKey is a witness v1 32-byte program (a taproot output): only those spends
// can need the commitment callback (without it the core declines them, and the reference answers).
const isTaprootOutput = (spk: Uint8Array): boolean => spk.length === 34 && spk[0] === 0x51 && spk[1] === 0x20;

/** An item word with this bit set is a reference to input (word & ~NATIVE_REF), not a length. */
export const NATIVE_REF = 0x80000000;
/** An item word at or above this is the same bytes as item (word - NATIVE_SAME) of the result (stack then altstack). */
export const NATIVE_SAME = 0xc0000000;

/**
 * Decodes a packed result: native-endian uint32 words [success, error, opCount, stackSize,
 * altstackSize, prefix, prefixFirst, item words...] then the item bytes. The first `prefix` stack
 * items are inputs prefixFirst, prefixFirst + 1, ... (a stack passed through; no item words). An
 * item word is the item's length (its bytes are copied out), or, when the call asked for `refs`
 * (and `input` is given): NATIVE_REF | k when the item is exactly input k (evaluate: 0 the script,
 * 1.. the stack; verifyScript: 0 scriptSig, 1 scriptPubKey, 2.. the witness), for which `input(k)`
 * is returned, the caller's own Uint8Array, as the TypeScript engine returns the items it was given;
 * NATIVE_SAME + j when the item has the same bytes as item j of the result (j counts the stack,
 * then the altstack), for which item j's Uint8Array is returned again, as the TypeScript engine
 * returns one Uint8Array for DUPed items. `list` and `offset`, when given, say the same as `input`
 * for a run of inputs: input k is list[k + offset] (the prefix is sliced from it at once).
 */
export function readNativeResult(
  packed: NativePackedResult,
  buffer: Uint8Array = out,
  input?: (k: number) => Uint8Array,
  list?: readonly Uint8Array[],
  offset = 0,
): NativeRawResult {
  const bytes = typeof packed === 'number' ? buffer : packed;
  const words = typeof packed === 'number' && buffer === out ? out32 : new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  const ns = words[3]!;
  const na = words[4]!;
  const prefix = words[5]!;
  const stack = prefixItems(prefix, words[6]!, input, list, offset, ns);
  const altstack: Uint8Array[] = new Array(na);
  const rest = ns - prefix;
  const at = readItems(words, 7, bytes, 4 * (7 + rest + na), input, stack, prefix, rest);
  readItems(words, 7 + rest, bytes, at, input, altstack, 0, na, stack);
  return { success: words[0] === 1, error: words[1]!, stack, altstack, opCount: words[2]! };
}

/**
 * A new Array for a result stack of `size` items whose first `prefix` are the inputs first,
 * first + 1, ... (see readNativeResult), filled with those; the others are set by readItems.
 */
export function prefixItems(
  prefix: number,
  first: number,
  input: ((k: number) => Uint8Array) | undefined,
  list: readonly Uint8Array[] | undefined,
  offset: number,
  size: number,
): Uint8Array[] {
  if (prefix === 0) return new Array(size);
  // A run passed through whole: one slice of the caller's array.
  if (list && prefix === size) return list.slice(first + offset, first + offset + prefix);
  const items: Uint8Array[] = new Array(size);
  if (list) for (let k = 0; k < prefix; k++) items[k] = list[first + offset + k]!;
  else for (let k = 0; k < prefix; k++) items[k] = input!(first + k);
  return items;
}

/**
 * Sets into[from .. from + count) to the items whose words start at words[w] (one per item: a byte
 * length, or, when `input` is given, NATIVE_REF | k for input k or NATIVE_SAME + j for item j of
 * the result, which counts the items of `before` (the stack, when `into` is the altstack) first,
 * then those of `into`), copying item bytes from `bytes` starting at offset `at`; returns the
 * offset after the last copied item.
 */
export function readItems(
  words: Uint32Array,
  w: number,
  bytes: Uint8Array,
  at: number,
  input: ((k: number) => Uint8Array) | undefined,
  into: Uint8Array[],
  from: number,
  count: number,
  before?: Uint8Array[],
): number {
  for (let k = 0; k < count; k++) {
    const len = words[w + k]!;
    if (len >= NATIVE_REF && input) {
      if (len >= NATIVE_SAME) {
        const j = len - NATIVE_SAME;
        const nb = before ? before.length : 0;
        into[from + k] = j < nb ? before![j]! : into[j - nb]!;
      } else {
        into[from + k] = input(len - NATIVE_REF);
      }
      continue;
    }
    into[from + k] = copyItem(bytes, at, len);
    at += len;
  }
  return at;
}

function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array;
}

// Flags as the TypeScript engine reads them (`flags & BIT` works on ToInt32), or undefined.
function flagBits(flags: unknown): number | undefined {
  if (flags === undefined) return 0;
  return typeof flags === 'number' ? flags >>> 0 : undefined;
}

function checkerArg(checker: SignatureChecker | undefined): SignatureChecker | null {
  return checker === undefined || checker === baseChecker ? null : checker;
}

// Unpacks a result the addon wrote into `io` (the buffer the call was given: a nested call may have
// replaced the shared one meanwhile); a result that did not fit makes the shared buffer grow (up to 16 MiB).
function unpack(
  r: NativePackedResult | undefined,
  input: (k: number) => Uint8Array,
  io: Uint8Array,
  list: readonly Uint8Array[],
  offset: number,
): EvalResult | undefined {
  if (r === undefined) return undefined;
  const raw = readNativeResult(r, io, input, list, offset);
  if (typeof r !== 'number' && r.length > out.length && r.length <= 1 << 24) grow(r.length);
  const error = SCRIPT_ERRORS[raw.error] ?? 'UNKNOWN_ERROR';
  // The TypeScript engine's keys (no `trace`: a traced run is declined and runs there).
  return { success: raw.success, error, stack: raw.stack, altstack: raw.altstack, opCount: raw.opCount };
}

// The addon rejects what it cannot take (e.g. a Uint8Array over a detached buffer, which the
// TypeScript engine reads as empty) with TypeError / RangeError: decline then, so the answer
// stays the reference's.
function declines(e: unknown): undefined {
  if (e instanceof TypeError || e instanceof RangeError) return undefined;
  throw e;
}

/** The native engine, or undefined when its addon cannot be loaded. */
export function loadNative(): NativeEngine | undefined {
  if (engine) return engine;
  const a = loadNativeAddon();
  if (!a) return undefined;
  const m = a as NativeAddon & Partial<NativeManyAddon>;
  const many = m.evaluateMany && m.verifyMany ? (m as NativeAddon & NativeManyAddon) : undefined;
  engine = {
    evaluate(script, stack, options, checked = false) {
      if (options.trace) return undefined;
      const sv = SIGVERSION_CODE[options.sigVersion ?? 'base'];
      const flags = flagBits(options.flags);
      const weight = options.validationWeight;
      if (sv === undefined || flags === undefined || !isBytes(script) || !Array.isArray(stack)) return undefined;
      if (weight !== undefined && !Number.isSafeInteger(weight)) return undefined;
      const ns = stack.length;
      let top = ns;
      if (ns > LAZY_MIN && ns <= MAX_STACK_ITEMS) {
        if (script !== reachScript || sv !== reachSv || flags !== reachFlags) {
          // A new script: how deep it reaches (one crossing; the core checks it again on every call).
          reachScript = script;
          reachSv = sv;
          reachFlags = flags;
          reachTop = LAZY_MIN;
          try {
            if (a.stackReach) reachTop = Math.min(a.stackReach(script, sv, flags), MAX_STACK_ITEMS);
          } catch (e) {
            return declines(e);
          }
        }
        top = reachTop;
      }
      let io = packEvaluate(script, stack, sv, flags, weight, top, checked);
      if (io === undefined) {
        if (!stack.every(isBytes) || !many) return undefined;
        const o = { sigVersion: sv, flags, weight: weight ?? null, checker: options.checker, verdicts: false };
        return packedOne((fallback) => evaluateManyNative(many, script, [stack], o, fallback)[0] as EvalResult);
      }
      const checker = checkerArg(options.checker);
      // A checker may replace the caller's items during the call: results take them from a copy.
      const items = checker ? stack.slice() : stack;
      let r: NativePackedResult | undefined;
      try {
        r = checker ? a.evaluatePacked(io, checker) : a.evaluatePacked(io);
        if (typeof r === 'number' && r < 0) {
          // The script may read deeper than the items packed (nothing ran): pack as many as it needs.
          reachScript = script;
          reachSv = sv;
          reachFlags = flags;
          reachTop = -r;
          io = packEvaluate(script, stack, sv, flags, weight, -r, checked);
          if (io === undefined) return undefined;
          r = checker ? a.evaluatePacked(io, checker) : a.evaluatePacked(io);
          if (typeof r === 'number' && r < 0) return undefined;
        }
      } catch (e) {
        return declines(e);
      }
      return unpack(r, (k) => (k === 0 ? script : items[k - 1]!), io, items, -1);
    },
    verifyScript(scriptSig, scriptPubKey, options, checked = false) {
      const flags = flagBits(options.flags);
      const witness = options.witness ?? [];
      if (flags === undefined || !isBytes(scriptSig) || !isBytes(scriptPubKey) || !Array.isArray(witness)) return undefined;
      const nw = witness.length;
      // Above LAZY_MIN witness items, the bytes of the top ones only (as many as the last spend of
      // this scriptPubKey object needed, else LAZY_MIN); the addon asks for more when the spend may
      // read deeper. Over MAX_STACK_ITEMS, all of them.
      const top =
        nw > MAX_STACK_ITEMS ? nw : nw > LAZY_MIN && scriptPubKey === verifySpk && flags === verifyFlags ? verifyTop : nw > LAZY_MIN ? LAZY_MIN : nw;
      let io = packVerify(scriptSig, scriptPubKey, witness, flags, top, checked);
      if (io === undefined) {
        if (!witness.every(isBytes) || !many) return undefined;
        const c = { scriptSig, scriptPubKey, witness, flags, checker: options.checker };
        return packedOne((fallback) => verifyManyNative(many, [c], false, fallback)[0] as EvalResult);
      }
      const checker = checkerArg(options.checker);
      // A checker may replace the caller's witness items during the call: results take them from a copy.
      const items = checker ? witness.slice() : witness;
      // Only the arguments needed: each one the addon reads is a Node-API call.
      const taproot = isTaprootOutput(scriptPubKey);
      let r: NativePackedResult | undefined;
      try {
        r = checker ? a.verifyPacked(io, checker, verifyTaprootCommitment) : taproot ? a.verifyPacked(io, null, verifyTaprootCommitment) : a.verifyPacked(io);
        if (typeof r === 'number' && r < 0) {
          // The spend may read the left-out items (nothing ran): pack as many as it may read.
          verifySpk = scriptPubKey;
          verifyFlags = flags;
          verifyTop = -r;
          io = packVerify(scriptSig, scriptPubKey, witness, flags, -r, checked);
          if (io === undefined) return undefined;
          r = checker ? a.verifyPacked(io, checker, verifyTaprootCommitment) : taproot ? a.verifyPacked(io, null, verifyTaprootCommitment) : a.verifyPacked(io);
          if (typeof r === 'number' && r < 0) return undefined;
        }
      } catch (e) {
        return declines(e);
      }
      return unpack(r, (k) => (k === 0 ? scriptSig : k === 1 ? scriptPubKey : items[k - 2]!), io, items, -2);
    },
  };
  return engine;
}

/** Why the addon did not load. */
export function nativeLoadError(): string {
  return loadError;
}
