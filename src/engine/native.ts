/**
 * Loading the native addon. Until the native engine lands, nothing loads and every caller falls
 * back to the TypeScript engine.
 */
import type { EvalResult, EvaluateOptions, VerifyOptions } from '../vm/verify.js';

/** What the native addon offers; a method returns undefined to decline (the caller falls back). */
export interface NativeEngine {
  evaluate(script: Uint8Array, stack: readonly Uint8Array[], options: EvaluateOptions): EvalResult | undefined;
  verifyScript(scriptSig: Uint8Array, scriptPubKey: Uint8Array, options: VerifyOptions): EvalResult | undefined;
}

let loadError = 'the addon is not built';

/** The native engine, or undefined when its addon cannot be loaded. */
export function loadNative(): NativeEngine | undefined {
  return undefined;
}

/** Why the addon did not load. */
export function nativeLoadError(): string {
  return loadError;
}
