/** Counting the native core's `verifyScript` calls in a test (to see which engine ran). */
import type { NativeEngine } from '../../src/engine/native.js';

/**
 * Runs `f` with `native.verifyScript` wrapped to count its calls and the calls it declined
 * (returned undefined: the caller then used the TypeScript engine); restores it afterwards.
 */
export function countVerifyScriptCalls<T>(native: NativeEngine, f: (counts: { calls: number; declined: number }) => T): T {
  const verify = native.verifyScript;
  const counts = { calls: 0, declined: 0 };
  native.verifyScript = (...a) => {
    counts.calls++;
    const r = verify.apply(native, a);
    if (r === undefined) counts.declined++;
    return r;
  };
  try {
    const out = f(counts);
    if (out instanceof Promise) return out.finally(() => (native.verifyScript = verify)) as T;
    native.verifyScript = verify;
    return out;
  } catch (e) {
    native.verifyScript = verify;
    throw e;
  }
}
