/**
 * Verifying a whole transaction as Bitcoin Core does: its transaction-level checks
 * (CheckTransaction, and CheckTxInputs on the spent amounts), then each input's scriptSig, witness
 * and spent output through VerifyScript with a TransactionSignatureChecker.
 */
import type { Transaction } from 'bitcoinjs-lib';
import type { ScriptErrorName } from '../vm/errors.js';
import { verifyScript, type EngineName } from '../engine/index.js';
import { TransactionSignatureChecker } from './checker.js';
import { STANDARD_FLAGS } from './policy.js';
import { PrecomputedTxData, type SpentOutput } from './sighash.js';
import { checkOutputValues, checkPrevoutCount, checkSpentAmounts, PrevoutError } from './prevout-error.js';
import { isCoinbase, txLevelReject, type TxReject } from './tx-check.js';

export { PrevoutError };

/** The verdict on one input. */
export interface InputVerdict {
  index: number;
  success: boolean;
  error: ScriptErrorName;
}

/** The verdict on a transaction. */
export interface TransactionVerdict {
  /** No transaction-level check failed and every input checked verifies. */
  valid: boolean;
  /** The transaction-level check that failed (Core's reject reason and what broke it), if one did. */
  reject?: TxReject;
  /** Each checked input's script verdict, in order; empty when `reject` is set (no script runs then, as in Core) and for a coinbase (whose scripts Core never runs). */
  inputs: InputVerdict[];
}

/** Options of {@link verifyTransaction} and {@link verifyInputs}. */
export interface VerifyTransactionOptions {
  /** Script verification flags (default: Core's standard flags). */
  flags?: number;
  /** The inputs whose scripts are checked (default: all). */
  inputs?: readonly number[];
  /** The script engine, as `verifyScript` picks it (default: `BSML_ENGINE`, else 'auto'). */
  engine?: EngineName;
}

/**
 * Verifies `tx` spending `prevouts` (one per input, in order) as Core's validation does. First the
 * transaction-level checks, with Core's reject reasons: CheckTransaction (`checkTransaction`:
 * inputs and outputs present, size, output amounts, duplicate and null outpoints, coinbase
 * scriptSig size) and the amount checks of CheckTxInputs (`checkTxInputs`: the spent amounts add up
 * to at most MAX_MONEY and at least the outputs). When one fails the verdict is `valid: false` with
 * `reject` set and no script runs (Core rejects the transaction before its scripts). Otherwise the
 * scripts of `options.inputs` (default all) are verified as {@link verifyInputs} does.
 * @throws {@link PrevoutError} for prevouts or input indexes that do not fit the transaction, and
 * for a spent amount no coin can hold (not a bigint in [0, MAX_MONEY]; the error's `item` names
 * it); ArgumentError for an output value that is not a 64-bit bigint; EngineError (`BAD_ENGINE`)
 * for an unknown or unavailable engine.
 */
export function verifyTransaction(tx: Transaction, prevouts: readonly SpentOutput[], options: VerifyTransactionOptions = {}): TransactionVerdict {
  const which = checkArguments(tx, prevouts, options.inputs);
  checkOutputValues(tx, 'verifyTransaction');
  // The arguments checkTransaction and checkTxInputs would check are checked above.
  const reject = txLevelReject(tx, prevouts);
  if (reject !== undefined) return { valid: false, reject, inputs: [] };
  // Core runs no script of a coinbase (CheckInputScripts returns at once): it spends no coin.
  if (isCoinbase(tx)) return { valid: true, inputs: [] };
  const inputs = runScripts(tx, prevouts, which, options);
  return { valid: inputs.every((v) => v.success), inputs };
}

/**
 * Verifies the scripts of inputs of `tx` spending `prevouts` (one per input, in order) and nothing
 * else (Core's CheckInputScripts, without the transaction-level checks of
 * {@link verifyTransaction}). `flags` default to Core's standard flags; `inputs` restricts which
 * inputs are checked (default all); `engine` picks the script engine as `verifyScript` does
 * (default: `BSML_ENGINE`, else 'auto'; 'native' runs the C++ core with the same
 * TransactionSignatureChecker called back for signatures and lock times).
 * @throws as {@link verifyTransaction} does.
 */
export function verifyInputs(tx: Transaction, prevouts: readonly SpentOutput[], options: VerifyTransactionOptions = {}): InputVerdict[] {
  return runScripts(tx, prevouts, checkArguments(tx, prevouts, options.inputs), options);
}

/** The caller's errors, before anything runs: the prevout count and amounts, the input indexes (returned). */
function checkArguments(tx: Transaction, prevouts: readonly SpentOutput[], inputs: readonly number[] | undefined): number[] {
  checkPrevoutCount(tx, prevouts);
  checkSpentAmounts(prevouts);
  const which = inputs ?? tx.ins.map((_, i) => i);
  for (const index of which) {
    if (!Number.isInteger(index) || index < 0 || index >= tx.ins.length) {
      throw new PrevoutError(`input ${index} does not exist (the transaction has ${tx.ins.length})`);
    }
  }
  return [...which];
}

function runScripts(tx: Transaction, prevouts: readonly SpentOutput[], which: readonly number[], options: VerifyTransactionOptions): InputVerdict[] {
  const flags = options.flags ?? STANDARD_FLAGS;
  const engine = options.engine;
  const data = new PrecomputedTxData(tx, prevouts);
  return which.map((index) => {
    const input = tx.ins[index]!;
    const checker = new TransactionSignatureChecker(tx, index, { precomputed: data, spentOutputs: prevouts });
    const r = verifyScript(input.script, prevouts[index]!.script, { flags, checker, witness: input.witness, engine });
    return { index, success: r.success, error: r.error };
  });
}
