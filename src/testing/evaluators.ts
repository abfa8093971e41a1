/** Ready-made evaluators: bsml's reference interpreter and the engines behind the engine API. */
import { evaluate as engineEvaluate, type EngineName } from '../engine/index.js';
import { evaluate as referenceEvaluate } from '../vm/verify.js';
import type { Evaluator } from './compare.js';

/** bsml's reference: the TypeScript interpreter (`evaluate` of the vm), with Core's base checker. */
export const referenceEvaluator: Evaluator = (script, stack, flags, sigVersion) => {
  const r = referenceEvaluate(script, stack, { flags, sigVersion });
  return { success: r.success, error: r.error, stack: r.stack, altstack: r.altstack, opCount: r.opCount };
};

/** An evaluator that runs one engine through the engine API (`evaluate` with `engine`). */
export function engineEvaluator(engine: Exclude<EngineName, 'auto'>): Evaluator {
  return (script, stack, flags, sigVersion) => {
    const r = engineEvaluate(script, stack, { flags, sigVersion, engine });
    return { success: r.success, error: r.error, stack: r.stack, altstack: r.altstack, opCount: r.opCount };
  };
}
