/** Ready-made evaluators: bsml's reference interpreter and the engines behind the engine API. */
import { evaluate as engineEvaluate, verifyScript as engineVerifyScript, type EngineName } from '../engine/index.js';
import { evaluate as referenceEvaluate, verifyScript as referenceVerifyScript } from '../vm/verify.js';
import type { EvalResult } from '../vm/verify.js';
import type { Evaluator, EvaluatorResult, SpendEvaluator } from './compare.js';

// What the comparison reads of a result (no trace or other extra keys).
const outcome = (r: EvalResult): EvaluatorResult => ({ success: r.success, error: r.error, stack: r.stack, altstack: r.altstack, opCount: r.opCount });

/** bsml's reference: the TypeScript interpreter (`evaluate` of the vm), with Core's base checker. */
export const referenceEvaluator: Evaluator = (script, stack, flags, sigVersion) => {
  const r = referenceEvaluate(script, stack, { flags, sigVersion });
  return outcome(r);
};

/** An evaluator that runs one engine through the engine API (`evaluate` with `engine`). */
export function engineEvaluator(engine: Exclude<EngineName, 'auto'>): Evaluator {
  return (script, stack, flags, sigVersion) => {
    const r = engineEvaluate(script, stack, { flags, sigVersion, engine });
    return outcome(r);
  };
}

/** bsml's reference for spends: the TypeScript `verifyScript` of the vm, with Core's base checker. */
export const referenceSpendEvaluator: SpendEvaluator = (scriptSig, scriptPubKey, witness, flags) => {
  const r = referenceVerifyScript(scriptSig, scriptPubKey, { flags, witness });
  return outcome(r);
};

/** A spend evaluator that runs one engine through the engine API (`verifyScript` with `engine`, base checker). */
export function engineSpendEvaluator(engine: Exclude<EngineName, 'auto'>): SpendEvaluator {
  return (scriptSig, scriptPubKey, witness, flags) => {
    const r = engineVerifyScript(scriptSig, scriptPubKey, { flags, witness, engine });
    return outcome(r);
  };
}
