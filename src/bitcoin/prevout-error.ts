/** Spent outputs (prevouts) that do not fit their transaction: a caller's bug, not a script failure. */
import type { Transaction } from 'bitcoinjs-lib';
import { BsmlError } from '../errors.js';

/** Prevouts that do not match the transaction (a list of another length, an input that does not exist). */
export class PrevoutError extends BsmlError {
  readonly code = 'BAD_PREVOUTS';
  override readonly name = 'PrevoutError';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Throws a {@link PrevoutError} when `spentOutputs` is a non-empty list whose length is not the
 * transaction's input count (Bitcoin Core asserts on this in PrecomputedTransactionData::Init).
 * No list, or an empty one, is "not given" as in Core: BIP341 hashing then has no data, which the
 * signature checks report as `SCHNORR_SIG_HASHTYPE`. `where` and `what` name the caller and the
 * argument in the message.
 */
export function checkSpentOutputs(tx: Transaction, spentOutputs: readonly unknown[] | undefined, where: string, what: string): void {
  if (spentOutputs === undefined || spentOutputs.length === 0 || spentOutputs.length === tx.ins.length) return;
  throw new PrevoutError(
    `${where}: ${what} has ${plural(spentOutputs.length, 'item', 'items')} but the transaction has ${plural(tx.ins.length, 'input', 'inputs')}; ` +
      'give one spent output per input, in input order (or none)',
  );
}
