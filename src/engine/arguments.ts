/**
 * Checks of the arguments the public engine API (`evaluate`, `verifyScript`) is handed from
 * JavaScript, where types are not enforced: anything else than what the signature says is
 * refused with an {@link ArgumentError} naming the argument, instead of being read as something
 * it is not (a string as a script, a bogus sigVersion as 'base', a detached buffer as empty bytes).
 */
import { BsmlError } from '../errors.js';
import { quote } from '../io/quote.js';

/** A JavaScript value of the wrong type or range passed to the API. */
export class ArgumentError extends BsmlError {
  readonly code = 'BAD_ARGUMENT';
  override readonly name = 'ArgumentError';
}

const SIGVERSIONS: readonly string[] = ['base', 'witness_v0', 'tapscript'];

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an Array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  if (typeof v === 'string') return `the string ${quote(v, 40)}`;
  return `${typeof v} ${String(v)}`;
}

// %TypedArray%.prototype.at as the engine ships it, taken at load: like every TypedArray method it
// throws a TypeError on a view over a detached buffer, and a later patch of Uint8Array.prototype
// cannot change what it answers.
const typedArrayAt = Object.getPrototypeOf(Uint8Array.prototype).at as (this: Uint8Array, index: number) => unknown;

/** True when `u` views an ArrayBuffer that was transferred or detached (it reads as empty). */
export function isDetached(u: Uint8Array): boolean {
  // A detached view has length 0; anything longer is attached. `length`, not `byteLength` /
  // `byteOffset` / `buffer`: V8 (Node 20) inlines the first and calls a builtin for the others, and
  // reading `.buffer` of a small array makes it move its bytes off the heap.
  if (u.length !== 0) return false;
  // An empty view: `at` reads nothing from it, and throws only when its buffer is detached (no
  // allocation, unlike constructing a view over the buffer; Node 20 has no ArrayBuffer#detached).
  try {
    typedArrayAt.call(u, 0);
    return false;
  } catch {
    return true;
  }
}

function checkBytes(v: unknown, what: string): void {
  if (!(v instanceof Uint8Array)) throw new ArgumentError(`${what} must be a Uint8Array, got ${describe(v)}`);
  if (isDetached(v)) throw new ArgumentError(`${what} is a Uint8Array over a detached ArrayBuffer`);
}

// The name of a checked list in messages: `what`, or `what[index]field` for a list inside a list.
const listName = (what: string, index: number, field: string): string => (index < 0 ? what : `${what}[${index}]${field}`);

/**
 * Checks an Array of Uint8Array named `what` (or `what[index]field`, see listName): the name is
 * built only when something is bad (no closure or string per list on the good path).
 */
function checkList(v: unknown, what: string, index = -1, field = ''): void {
  if (!Array.isArray(v)) throw new ArgumentError(`${listName(what, index, field)} must be an Array of Uint8Array, got ${describe(v)}`);
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    // Holes are skipped, as Array.prototype.forEach does.
    if (!(item instanceof Uint8Array) || isDetached(item)) {
      if (item === undefined && !(i in v)) continue;
      checkBytes(item, `${listName(what, index, field)}[${i}]`);
    }
  }
}

function checkCommon(o: Record<string, unknown>, fn: string, where = 'options'): void {
  const f = o.flags;
  if (f !== undefined && !(typeof f === 'number' && Number.isInteger(f) && f >= 0 && f <= 0xffffffff)) {
    throw new ArgumentError(`${fn}: ${where}.flags must be an integer in [0, 2^32) (FLAGS bits), got ${describe(f)}`);
  }
  const c = o.checker;
  if (c !== undefined && (c === null || typeof c !== 'object')) throw new ArgumentError(`${fn}: ${where}.checker must be a SignatureChecker object, got ${describe(c)}`);
}

function checkOptions(options: unknown, fn: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new ArgumentError(`${fn}: options must be an object, got ${describe(options)}`);
  return options as Record<string, unknown>;
}

/** Throws {@link ArgumentError} unless the arguments of `evaluate` have their documented types. */
export function checkEvaluateArgs(script: unknown, stack: unknown, options: unknown): void {
  checkBytes(script, 'evaluate: script');
  checkList(stack, 'evaluate: stack');
  const o = checkOptions(options, 'evaluate');
  if (o.sigVersion !== undefined && !SIGVERSIONS.includes(o.sigVersion as string)) {
    throw new ArgumentError(`evaluate: options.sigVersion must be 'base', 'witness_v0' or 'tapscript', got ${describe(o.sigVersion)}`);
  }
  checkCommon(o, 'evaluate');
  const w = o.validationWeight;
  if (w !== undefined && !Number.isSafeInteger(w)) throw new ArgumentError(`evaluate: options.validationWeight must be a safe integer, got ${describe(w)}`);
  if (o.trace !== undefined && typeof o.trace !== 'boolean') throw new ArgumentError(`evaluate: options.trace must be a boolean, got ${describe(o.trace)}`);
}

/** Throws {@link ArgumentError} unless the arguments of `verifyScript` have their documented types. */
export function checkVerifyArgs(scriptSig: unknown, scriptPubKey: unknown, options: unknown): void {
  checkBytes(scriptSig, 'verifyScript: scriptSig');
  checkBytes(scriptPubKey, 'verifyScript: scriptPubKey');
  const o = checkOptions(options, 'verifyScript');
  if (o.witness !== undefined) checkList(o.witness, 'verifyScript: options.witness');
  checkCommon(o, 'verifyScript');
}

/** Throws {@link ArgumentError} unless the arguments of `evaluateMany` have their documented types. */
export function checkEvaluateManyArgs(scripts: unknown, stacks: unknown, options: unknown): void {
  const fn = 'evaluateMany';
  if (!Array.isArray(stacks)) throw new ArgumentError(`${fn}: stacks must be an Array of stacks (Arrays of Uint8Array), got ${describe(stacks)}`);
  if (Array.isArray(scripts)) {
    if (scripts.length !== stacks.length) throw new ArgumentError(`${fn}: scripts has ${scripts.length} entries but stacks has ${stacks.length}`);
    for (let i = 0; i < scripts.length; i++) {
      const s: unknown = scripts[i];
      if (!(s instanceof Uint8Array) || isDetached(s)) checkBytes(s, `${fn}: scripts[${i}]`);
    }
  } else {
    checkBytes(scripts, `${fn}: script`);
  }
  for (let i = 0; i < stacks.length; i++) checkList(stacks[i], `${fn}: stacks`, i);
  const o = checkOptions(options, fn);
  if (o.sigVersion !== undefined && !SIGVERSIONS.includes(o.sigVersion as string)) {
    throw new ArgumentError(`${fn}: options.sigVersion must be 'base', 'witness_v0' or 'tapscript', got ${describe(o.sigVersion)}`);
  }
  checkCommon(o, fn);
  const w = o.validationWeight;
  if (w !== undefined && !Number.isSafeInteger(w)) throw new ArgumentError(`${fn}: options.validationWeight must be a safe integer, got ${describe(w)}`);
  if (o.trace !== undefined && typeof o.trace !== 'boolean') throw new ArgumentError(`${fn}: options.trace must be a boolean, got ${describe(o.trace)}`);
  if (o.stacks !== undefined && typeof o.stacks !== 'boolean') throw new ArgumentError(`${fn}: options.stacks must be a boolean, got ${describe(o.stacks)}`);
}

/** Throws {@link ArgumentError} unless the arguments of `verifyScriptMany` have their documented types. */
export function checkVerifyManyArgs(cases: unknown, options: unknown): void {
  const fn = 'verifyScriptMany';
  if (!Array.isArray(cases)) throw new ArgumentError(`${fn}: cases must be an Array of { scriptSig, scriptPubKey, witness?, flags?, checker? }, got ${describe(cases)}`);
  for (let i = 0; i < cases.length; i++) {
    const c: unknown = cases[i];
    if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new ArgumentError(`${fn}: cases[${i}] must be an object, got ${describe(c)}`);
    const k = c as Record<string, unknown>;
    const sig = k.scriptSig;
    const spk = k.scriptPubKey;
    if (!(sig instanceof Uint8Array) || isDetached(sig)) checkBytes(sig, `${fn}: cases[${i}].scriptSig`);
    if (!(spk instanceof Uint8Array) || isDetached(spk)) checkBytes(spk, `${fn}: cases[${i}].scriptPubKey`);
    if (k.witness !== undefined) checkList(k.witness, `${fn}: cases`, i, '.witness');
    const f = k.flags;
    const ck = k.checker;
    if ((f !== undefined && !(typeof f === 'number' && Number.isInteger(f) && f >= 0 && f <= 0xffffffff)) || (ck !== undefined && (ck === null || typeof ck !== 'object'))) {
      checkCommon(k, fn, `cases[${i}]`);
    }
  }
  const o = checkOptions(options, fn);
  checkCommon(o, fn);
  if (o.stacks !== undefined && typeof o.stacks !== 'boolean') throw new ArgumentError(`${fn}: options.stacks must be a boolean, got ${describe(o.stacks)}`);
}
