/**
 * One API over every engine. The TypeScript interpreter is the reference; the native engine (when
 * its addon is built) must answer identically and may only decline work, never differ.
 */
import { evaluate as evaluateTs, verifyScript as verifyTs, type EvalResult, type EvaluateOptions, type VerifyOptions } from '../vm/verify.js';
import { checkEvaluateArgs, checkVerifyArgs } from './arguments.js';
import { loadNative, nativeLoadError, type NativeEngine } from './native.js';
import { engineNotice } from './notice.js';
import { envEngineName } from './env.js';
import { BsmlError } from '../errors.js';

export { ArgumentError } from './arguments.js';

/** Engine names accepted by the API (`engine`), the CLI (`--engine`) and `BSML_ENGINE`. */
export type EngineName = 'auto' | 'ts' | 'native';

/** A bad or unavailable engine choice. */
export class EngineError extends BsmlError {
  readonly code = 'BAD_ENGINE';
  override readonly name = 'EngineError';
}

const ENGINE_NAMES: readonly string[] = ['auto', 'ts', 'native'];

/** Checks an engine name (from a flag, an option or the environment). */
export function parseEngineName(name: string, source = 'engine'): EngineName {
  if (!ENGINE_NAMES.includes(name)) throw new EngineError(`unknown ${source} ${JSON.stringify(name)} (expected auto, ts or native)`);
  return name as EngineName;
}

/**
 * Resolves a requested engine to the one that will run: explicit option, else `BSML_ENGINE` (read
 * once per process, at the first call without an explicit engine), else 'auto'. 'auto' picks
 * native when the addon loads and otherwise TypeScript, printing a one-line notice to stderr once
 * per process (see ./notice.ts); 'native' throws EngineError when the addon is unavailable.
 */
export function selectEngine(requested?: EngineName): { name: 'ts' } | { name: 'native'; native: NativeEngine } {
  const env = requested === undefined ? envEngineName() : '';
  const choice = requested ?? (env ? parseEngineName(env, 'BSML_ENGINE') : 'auto');
  if (choice === 'ts') return { name: 'ts' };
  const native = loadNative();
  if (native) return { name: 'native', native };
  if (choice === 'native') throw new EngineError(`the native engine is not available: ${nativeLoadError()}`);
  engineNotice(() => `bsml: native engine unavailable (${nativeLoadError()}); using the TypeScript engine`);
  return { name: 'ts' };
}

/** `evaluate` options plus the engine choice. */
export interface EngineEvaluateOptions extends EvaluateOptions {
  engine?: EngineName;
}

/**
 * Evaluates one script on an initial stack with the chosen engine (see vm `evaluate`).
 * @throws {@link ArgumentError} (`BAD_ARGUMENT`) for arguments of the wrong type (never for a script's content),
 * {@link EngineError} (`BAD_ENGINE`) for an unknown or unavailable engine.
 */
export function evaluate(script: Uint8Array, stack: readonly Uint8Array[], options: EngineEvaluateOptions = {}): EvalResult {
  checkEvaluateArgs(script, stack, options);
  const e = selectEngine(options.engine === undefined ? undefined : parseEngineName(options.engine as string));
  if (e.name === 'native') {
    // The arguments were checked just above (every stack item a Uint8Array).
    const r = e.native.evaluate(script, stack, options, true);
    if (r) return r;
  }
  return evaluateTs(script, stack, options);
}

/** `verifyScript` options plus the engine choice. */
export interface EngineVerifyOptions extends VerifyOptions {
  engine?: EngineName;
}

/**
 * Core's VerifyScript with the chosen engine.
 * @throws {@link ArgumentError} / {@link EngineError} as {@link evaluate} does.
 */
export function verifyScript(scriptSig: Uint8Array, scriptPubKey: Uint8Array, options: EngineVerifyOptions = {}): EvalResult {
  checkVerifyArgs(scriptSig, scriptPubKey, options);
  const e = selectEngine(options.engine === undefined ? undefined : parseEngineName(options.engine as string));
  if (e.name === 'native') {
    // The arguments were checked just above (every witness item a Uint8Array).
    const r = e.native.verifyScript(scriptSig, scriptPubKey, options, true);
    if (r) return r;
  }
  return verifyTs(scriptSig, scriptPubKey, options);
}

export {
  evaluateBatch,
  evaluateBatchSync,
  evaluateBatchStream,
  BatchResult,
  BatchInputError,
  type BatchOptions,
  type BatchStacks,
  type DenseStacks,
  type BatchStats,
  type BatchIsa,
  type StackMatrix,
} from './batch.js';

export { evaluateMany, verifyScriptMany, type EvaluateManyOptions, type VerifyManyOptions, type VerifyCase, type Verdict } from './many.js';
