/**
 * Many evaluations in one call: `evaluateMany` and `verifyScriptMany`. Result i is what the
 * single call (`evaluate` / `verifyScript` of the engine API) returns for case i, whatever the
 * engine; the native engine crosses into the addon once per chunk of cases instead of once per
 * case (a single call's fixed cost is comparable to a short script's whole evaluation). With
 * `stacks: false` each result is only the verdict `{ success, error, opCount }`, which skips
 * copying stacks out.
 *
 * For one script over many numeric stacks, `evaluateBatch` (SIMD lanes) is faster still; these
 * take any scripts, checkers and flags.
 */
import type { SignatureChecker } from '../vm/checker.js';
import { evaluate as evaluateTs, verifyScript as verifyTs, type EvalResult, type EvaluateOptions } from '../vm/verify.js';
import { checkEvaluateManyArgs, checkVerifyManyArgs } from './arguments.js';
import { parseEngineName, selectEngine, type EngineName } from './index.js';
import { loadNative, loadNativeAddon, type NativeAddon } from './native.js';
import { evaluateManyNative, verifyManyNative, type NativeManyAddon, type Verdict, type VerifyInput } from './native-many.js';

export type { Verdict } from './native-many.js';

/** Options of `evaluateMany`: the `evaluate` options for every case, the engine, and `stacks`. */
export interface EvaluateManyOptions extends EvaluateOptions {
  engine?: EngineName;
  /** false: return only `{ success, error, opCount }` per case (default true: full results). */
  stacks?: boolean;
}

/** One `verifyScript` case. `flags` and `checker` override those of the options. */
export interface VerifyCase {
  scriptSig: Uint8Array;
  scriptPubKey: Uint8Array;
  witness?: readonly Uint8Array[];
  flags?: number;
  checker?: SignatureChecker;
}

/** Options of `verifyScriptMany`: defaults for every case, the engine, and `stacks`. */
export interface VerifyManyOptions {
  /** SCRIPT_VERIFY_* bits of cases without their own `flags` (default none). */
  flags?: number;
  /** Checker of cases without their own `checker` (default Core's base checker). */
  checker?: SignatureChecker;
  engine?: EngineName;
  /** false: return only `{ success, error, opCount }` per case (default true: full results). */
  stacks?: boolean;
}

const SIGVERSION_CODE: Record<string, number> = { base: 0, witness_v0: 1, tapscript: 3 };

function nativeMany(engine: EngineName | undefined): (NativeAddon & NativeManyAddon) | undefined {
  const e = selectEngine(engine === undefined ? undefined : parseEngineName(engine as string));
  if (e.name !== 'native') return undefined;
  const a = loadNativeAddon() as (NativeAddon & Partial<NativeManyAddon>) | undefined;
  return a?.evaluateMany && a.verifyMany ? (a as NativeAddon & NativeManyAddon) : undefined;
}

const verdictOf = (r: EvalResult): Verdict => ({ success: r.success, error: r.error, opCount: r.opCount });

/**
 * `evaluate` over many initial stacks: result i equals `evaluate(script_i, stacks[i], options)`
 * with the same engine choice (`script_i` is `scripts` itself, or `scripts[i]` when it is an
 * Array). Checkers are called in the same order as by that loop. A checker that replaces items of
 * the caller's arrays mid-call does not change the results of cases already read: each result holds
 * the items its evaluation used (the native engine reads a chunk of cases, up to 16,384, before
 * running its first case; the TypeScript engine reads each case when it runs it).
 * @throws {@link ArgumentError} (`BAD_ARGUMENT`) for arguments of the wrong type, before any case runs;
 * {@link EngineError} (`BAD_ENGINE`) for an unknown or unavailable engine.
 */
export function evaluateMany(
  scripts: Uint8Array | readonly Uint8Array[],
  stacks: readonly (readonly Uint8Array[])[],
  options?: EvaluateManyOptions & { stacks?: true },
): EvalResult[];
export function evaluateMany(scripts: Uint8Array | readonly Uint8Array[], stacks: readonly (readonly Uint8Array[])[], options: EvaluateManyOptions): (EvalResult | Verdict)[];
export function evaluateMany(
  scripts: Uint8Array | readonly Uint8Array[],
  stacks: readonly (readonly Uint8Array[])[],
  options: EvaluateManyOptions = {},
): (EvalResult | Verdict)[] {
  checkEvaluateManyArgs(scripts, stacks, options);
  const { engine, stacks: keepStacks, ...single } = options;
  const verdicts = keepStacks === false;
  const scriptOf = (i: number): Uint8Array => (Array.isArray(scripts) ? (scripts[i] as Uint8Array) : (scripts as Uint8Array));
  const reference = (i: number): EvalResult | Verdict => {
    const r = evaluateTs(scriptOf(i), stacks[i]!, single);
    return verdicts ? verdictOf(r) : r;
  };
  const a = nativeMany(engine);
  if (a && !single.trace) {
    const o = {
      sigVersion: SIGVERSION_CODE[single.sigVersion ?? 'base']!,
      flags: (single.flags ?? 0) >>> 0,
      weight: single.validationWeight ?? null,
      checker: single.checker,
      verdicts,
    };
    return evaluateManyNative(a, scripts, stacks, o, reference);
  }
  const out: (EvalResult | Verdict)[] = new Array(stacks.length);
  for (let i = 0; i < stacks.length; i++) out[i] = reference(i);
  return out;
}

/**
 * Core's VerifyScript over many cases: result i equals `verifyScript(c.scriptSig, c.scriptPubKey,
 * { flags: c.flags ?? options.flags, witness: c.witness, checker: c.checker ?? options.checker })`
 * with the same engine choice. Checkers are called in the same order as by that loop, and an
 * exception a checker lets escape (taproot key path) propagates as it would from that loop. Cases
 * are read as {@link evaluateMany} reads them: results hold the items their evaluation used.
 * @throws {@link ArgumentError} / {@link EngineError} as {@link evaluateMany} does.
 */
export function verifyScriptMany(cases: readonly VerifyCase[], options?: VerifyManyOptions & { stacks?: true }): EvalResult[];
export function verifyScriptMany(cases: readonly VerifyCase[], options: VerifyManyOptions): (EvalResult | Verdict)[];
export function verifyScriptMany(cases: readonly VerifyCase[], options: VerifyManyOptions = {}): (EvalResult | Verdict)[] {
  checkVerifyManyArgs(cases, options);
  const verdicts = options.stacks === false;
  const inputs: VerifyInput[] = new Array(cases.length);
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    inputs[i] = {
      scriptSig: c.scriptSig,
      scriptPubKey: c.scriptPubKey,
      witness: c.witness ?? [],
      flags: c.flags ?? options.flags ?? 0,
      checker: c.checker ?? options.checker,
    };
  }
  const reference = (i: number): EvalResult | Verdict => {
    const c = inputs[i]!;
    const r = verifyTs(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness, checker: c.checker });
    return verdicts ? verdictOf(r) : r;
  };
  const a = nativeMany(options.engine);
  if (a) {
    // Cases with many witness items go through the single call, which packs only the items the
    // spend may read (see verifyManyNative); the arguments were checked above.
    const one = loadNative();
    const single = one
      ? (i: number): EvalResult | Verdict | undefined => {
          const c = inputs[i]!;
          const r = one.verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness, checker: c.checker }, true);
          return r && verdicts ? verdictOf(r) : r;
        }
      : undefined;
    return verifyManyNative(a, inputs, verdicts, reference, single);
  }
  const out: (EvalResult | Verdict)[] = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = reference(i);
  return out;
}
