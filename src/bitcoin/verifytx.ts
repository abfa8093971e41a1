/**
 * Verifying a whole transaction's inputs as Bitcoin Core does: each input's scriptSig, witness
 * and spent output through VerifyScript with a TransactionSignatureChecker.
 */
import type { Transaction } from 'bitcoinjs-lib';
import type { ScriptErrorName } from '../vm/errors.js';
import { verifyScript, type EngineName } from '../engine/index.js';
import { TransactionSignatureChecker } from './checker.js';
import { STANDARD_FLAGS } from './policy.js';
import { PrecomputedTxData, type SpentOutput } from './sighash.js';
import { PrevoutError } from './prevout-error.js';
import { MAX_MONEY, moneyRangeProblem } from './amount.js';

export { PrevoutError };

/** The verdict on one input. */
export interface InputVerdict {
  index: number;
  success: boolean;
  error: ScriptErrorName;
}

/**
 * Verifies inputs of `tx` spending `prevouts` (one per input, in order). `flags` default to
 * Core's standard flags; `inputs` restricts which inputs are checked (default all); `engine`
 * picks the script engine as `verifyScript` does (default: `BSML_ENGINE`, else 'auto'; 'native'
 * runs the C++ core with the same TransactionSignatureChecker called back for signatures and lock
 * times).
 * @throws {@link PrevoutError} for prevouts or input indexes that do not fit the transaction, and
 * for spent amounts Core's CheckTxInputs refuses before any script runs
 * (`bad-txns-inputvalues-outofrange`): a value that is not a bigint in [0, MAX_MONEY], or values
 * adding up to more than MAX_MONEY; EngineError (`BAD_ENGINE`) for an unknown or unavailable engine.
 */
export function verifyTransaction(
  tx: Transaction,
  prevouts: readonly SpentOutput[],
  options: { flags?: number; inputs?: readonly number[]; engine?: EngineName } = {},
): InputVerdict[] {
  if (prevouts.length !== tx.ins.length) {
    throw new PrevoutError(`the transaction has ${tx.ins.length} input(s) but ${prevouts.length} prevout(s) were given`);
  }
  checkSpentAmounts(prevouts);
  const flags = options.flags ?? STANDARD_FLAGS;
  const engine = options.engine;
  const data = new PrecomputedTxData(tx, prevouts);
  const which = options.inputs ?? tx.ins.map((_, i) => i);
  return which.map((index) => {
    if (!Number.isInteger(index) || index < 0 || index >= tx.ins.length) {
      throw new PrevoutError(`input ${index} does not exist (the transaction has ${tx.ins.length})`);
    }
    const input = tx.ins[index]!;
    const checker = new TransactionSignatureChecker(tx, index, { precomputed: data, spentOutputs: prevouts });
    const r = verifyScript(input.script, prevouts[index]!.script, { flags, checker, witness: input.witness, engine });
    return { index, success: r.success, error: r.error };
  });
}

/**
 * Core's CheckTxInputs on the spent amounts (consensus: `bad-txns-inputvalues-outofrange`): each
 * must be in MoneyRange, and so must their sum. Throws a PrevoutError naming the first that is not.
 */
function checkSpentAmounts(prevouts: readonly SpentOutput[]): void {
  let total = 0n;
  prevouts.forEach((p, i) => {
    const problem = moneyRangeProblem(p?.value);
    if (problem !== undefined) throw new PrevoutError(`prevouts[${i}].value ${problem}`);
    total += p.value;
  });
  if (total > MAX_MONEY) {
    throw new PrevoutError(
      `the spent amounts add up to ${total} sat, above MAX_MONEY (${MAX_MONEY} sat): Core refuses the transaction (bad-txns-inputvalues-outofrange)`,
    );
  }
}
