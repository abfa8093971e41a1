/** Spent outputs (prevouts) that do not fit their transaction: a caller's bug, not a script failure. */
import type { Transaction } from 'bitcoinjs-lib';
import { BsmlError } from '../errors.js';
import { ArgumentError } from '../engine/arguments.js';
import { int64Problem, moneyRangeProblem } from './amount.js';

/** One item of a prevout list that is refused: its index, the field, and the problem alone (no list name). */
export interface PrevoutItemProblem {
  index: number;
  field: 'value';
  problem: string;
}

/**
 * Prevouts that do not match the transaction (a list of another length, an input that does not
 * exist, an amount no coin can hold). When one item is at fault, `item` names it apart from the
 * message, so that a caller can word it in its own terms (the CLI: `--prevouts item 3: amount …`).
 */
export class PrevoutError extends BsmlError {
  readonly code = 'BAD_PREVOUTS';
  override readonly name = 'PrevoutError';
  constructor(
    message: string,
    readonly item?: PrevoutItemProblem,
  ) {
    super(message);
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Throws a {@link PrevoutError} when `spentOutputs` is a non-empty list whose length is not the
 * transaction's input count (Bitcoin Core asserts on this in PrecomputedTransactionData::Init), or
 * when an item's `value` is not a bigint that fits Core's `CAmount` (int64): signature hashes
 * serialize it as 64 bits, and a larger value would otherwise be hashed modulo 2^64.
 * No list, or an empty one, is "not given" as in Core: BIP341 hashing then has no data, which the
 * signature checks report as `SCHNORR_SIG_HASHTYPE`. `where` and `what` name the caller and the
 * argument in the message.
 */
export function checkSpentOutputs(
  tx: Transaction,
  spentOutputs: readonly { readonly value: unknown }[] | undefined,
  where: string,
  what: string,
): void {
  if (spentOutputs === undefined || spentOutputs.length === 0) return;
  if (spentOutputs.length !== tx.ins.length) {
    throw new PrevoutError(
      `${where}: ${what} has ${plural(spentOutputs.length, 'item', 'items')} but the transaction has ${plural(tx.ins.length, 'input', 'inputs')}; ` +
        'give one spent output per input, in input order (or none)',
    );
  }
  spentOutputs.forEach((o, i) => {
    const problem = int64Problem(o?.value);
    if (problem !== undefined) throw new PrevoutError(`${where}: ${what}[${i}].value ${problem}`, { index: i, field: 'value', problem });
  });
}

/**
 * Throws an {@link ArgumentError} when an output of `tx` has a value that is not a bigint fitting
 * Core's `CAmount` (int64; a transaction read from bytes always has one, a changed one may not):
 * signature hashes serialize it as 64 bits.
 */
export function checkOutputValues(tx: Transaction, where: string): void {
  tx.outs.forEach((o, i) => {
    const problem = int64Problem(o.value);
    if (problem !== undefined) throw new ArgumentError(`${where}: tx.outs[${i}].value ${problem}`);
  });
}

/** Throws a {@link PrevoutError} unless there is one prevout per input. */
export function checkPrevoutCount(tx: Transaction, prevouts: readonly unknown[]): void {
  if (prevouts.length !== tx.ins.length) {
    throw new PrevoutError(`the transaction has ${tx.ins.length} input(s) but ${prevouts.length} prevout(s) were given`);
  }
}

/**
 * Throws a {@link PrevoutError} naming the first spent amount that is not in Core's MoneyRange
 * (`prevouts[3].value …`; the error's `item` holds the index and the problem alone). No coin can
 * hold such an amount, so it is the caller's data that is wrong (Core's CheckTxInputs, reading the
 * coin, would reject the transaction with `bad-txns-inputvalues-outofrange`).
 */
export function checkSpentAmounts(prevouts: readonly { readonly value: unknown }[]): void {
  prevouts.forEach((p, i) => {
    const problem = moneyRangeProblem(p?.value);
    if (problem !== undefined) throw new PrevoutError(`prevouts[${i}].value ${problem}`, { index: i, field: 'value', problem });
  });
}
