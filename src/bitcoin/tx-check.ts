/**
 * Bitcoin Core's transaction-level checks, made before any script runs: CheckTransaction
 * (consensus/tx_check.cpp: structure, sizes, output amounts, duplicate and null outpoints; no
 * context needed) and the amount checks of Consensus::CheckTxInputs (consensus/tx_verify.cpp) that
 * need only the spent amounts. A transaction that fails one is rejected whatever its scripts say;
 * the verdict carries Core's reject reason (`bad-txns-vout-negative`, …).
 */
import type { Transaction } from 'bitcoinjs-lib';
import { MAX_MONEY } from './amount.js';
import { checkOutputValues, checkPrevoutCount, checkSpentAmounts } from './prevout-error.js';
import type { SpentOutput } from './sighash.js';
import { toHex } from '../script/bytes.js';

/** Core's `WITNESS_SCALE_FACTOR` (consensus/consensus.h): weight units per non-witness byte. */
export const WITNESS_SCALE_FACTOR = 4;

/** Core's `MAX_BLOCK_WEIGHT` (consensus/consensus.h); CheckTransaction refuses a transaction whose non-witness bytes alone weigh more. */
export const MAX_BLOCK_WEIGHT = 4_000_000;

/** Core's reject reasons for the transaction-level checks bsml makes. */
export type TxRejectReason =
  | 'bad-txns-vin-empty'
  | 'bad-txns-vout-empty'
  | 'bad-txns-oversize'
  | 'bad-txns-vout-negative'
  | 'bad-txns-vout-toolarge'
  | 'bad-txns-txouttotal-toolarge'
  | 'bad-txns-inputs-duplicate'
  | 'bad-cb-length'
  | 'bad-txns-prevout-null'
  | 'bad-txns-inputvalues-outofrange'
  | 'bad-txns-in-belowout';

/** A failed transaction-level check: Core's reject reason, and what in the transaction broke it. */
export interface TxReject {
  reason: TxRejectReason;
  /** The offending part and its value (`output 1 is -1 sat`); no reason prefix. */
  message: string;
}

const reject = (reason: TxRejectReason, message: string): TxReject => ({ reason, message });

/** Core's `COutPoint::IsNull`: the all-zero hash with index 0xffffffff (what a coinbase spends). */
function isNullOutpoint(input: Transaction['ins'][number]): boolean {
  return input.index >>> 0 === 0xffffffff && input.hash.every((b) => b === 0);
}

/** Core's `CTransaction::IsCoinBase`: one input, spending the null outpoint. */
export function isCoinbase(tx: Transaction): boolean {
  return tx.ins.length === 1 && isNullOutpoint(tx.ins[0]!);
}

/** An outpoint as people write it: the txid (hash reversed) and the output index. */
const outpointText = (input: Transaction['ins'][number]) => `${toHex(Uint8Array.from(input.hash).reverse())}:${input.index >>> 0}`;

/**
 * Core's CheckTransaction, in its order: inputs and outputs present; the size without witness
 * data × {@link WITNESS_SCALE_FACTOR} at most {@link MAX_BLOCK_WEIGHT}; each output amount in
 * [0, MAX_MONEY] and so their running total; no outpoint spent twice; a coinbase's scriptSig 2 to
 * 100 bytes; no null outpoint in a transaction that is not a coinbase. Returns the first rule
 * broken, or undefined when all hold.
 * @throws ArgumentError (`BAD_ARGUMENT`) for an output value that is not a bigint fitting Core's
 * 64-bit `CAmount` (a transaction read from bytes always has one).
 */
export function checkTransaction(tx: Transaction): TxReject | undefined {
  checkOutputValues(tx, 'checkTransaction');
  return transactionRules(tx);
}

/**
 * {@link checkTransaction} then {@link checkTxInputs}, for a caller that has checked their
 * arguments already (the output values, one prevout per input, each amount in MoneyRange:
 * verifyTransaction), so nothing is checked twice. Returns the first rule broken, or undefined.
 */
export function txLevelReject(tx: Transaction, prevouts: readonly SpentOutput[]): TxReject | undefined {
  return transactionRules(tx) ?? txInputsRules(tx, prevouts);
}

/** {@link checkTransaction}'s rules, on output values known to be 64-bit bigints. */
function transactionRules(tx: Transaction): TxReject | undefined {
  if (tx.ins.length === 0) return reject('bad-txns-vin-empty', 'the transaction has no inputs');
  if (tx.outs.length === 0) return reject('bad-txns-vout-empty', 'the transaction has no outputs');
  const size = tx.byteLength(false);
  if (size * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
    return reject(
      'bad-txns-oversize',
      `${size} bytes without witness data weigh ${size * WITNESS_SCALE_FACTOR}, above MAX_BLOCK_WEIGHT (${MAX_BLOCK_WEIGHT})`,
    );
  }
  let total = 0n;
  for (const [i, out] of tx.outs.entries()) {
    if (out.value < 0n) return reject('bad-txns-vout-negative', `output ${i} is ${out.value} sat`);
    if (out.value > MAX_MONEY) return reject('bad-txns-vout-toolarge', `output ${i} is ${out.value} sat, above MAX_MONEY (${MAX_MONEY} sat)`);
    total += out.value;
    if (total > MAX_MONEY) {
      return reject('bad-txns-txouttotal-toolarge', `outputs 0 to ${i} add up to ${total} sat, above MAX_MONEY (${MAX_MONEY} sat)`);
    }
  }
  if (isCoinbase(tx)) {
    const n = tx.ins[0]!.script.length;
    if (n < 2 || n > 100) return reject('bad-cb-length', `the coinbase's scriptSig is ${n} bytes (2 to 100 allowed)`);
    return undefined;
  }
  const first = new Map<string, number>();
  for (const [i, input] of tx.ins.entries()) {
    const key = outpointText(input);
    const j = first.get(key);
    if (j !== undefined) return reject('bad-txns-inputs-duplicate', `inputs ${j} and ${i} both spend ${key}`);
    first.set(key, i);
  }
  const nul = tx.ins.findIndex(isNullOutpoint);
  if (nul >= 0) return reject('bad-txns-prevout-null', `input ${nul} spends the null outpoint, and the transaction is not a coinbase`);
  return undefined;
}

/**
 * The amount checks of Core's Consensus::CheckTxInputs, to run after {@link checkTransaction} as
 * Core does: the spent amounts (one per input, each in MoneyRange: checkSpentAmounts)
 * must add up to at most MAX_MONEY (`bad-txns-inputvalues-outofrange`) and to at least the outputs
 * (`bad-txns-in-belowout`). Core's last check, the fee in MoneyRange, cannot fail once these hold.
 * A coinbase spends no coin and Core does not run CheckTxInputs on it: undefined.
 * @throws PrevoutError for a prevout list of another length than the inputs, or an amount
 * outside MoneyRange; ArgumentError for an output value that is not a 64-bit bigint.
 */
export function checkTxInputs(tx: Transaction, prevouts: readonly SpentOutput[]): TxReject | undefined {
  checkOutputValues(tx, 'checkTxInputs');
  checkPrevoutCount(tx, prevouts);
  checkSpentAmounts(prevouts);
  return txInputsRules(tx, prevouts);
}

/** {@link checkTxInputs}' rules, on checked output values and prevouts (one per input, each in MoneyRange). */
function txInputsRules(tx: Transaction, prevouts: readonly SpentOutput[]): TxReject | undefined {
  if (isCoinbase(tx)) return undefined;
  let valueIn = 0n;
  for (const [i, p] of prevouts.entries()) {
    valueIn += p.value;
    if (valueIn > MAX_MONEY) {
      return reject('bad-txns-inputvalues-outofrange', `the amounts spent by inputs 0 to ${i} add up to ${valueIn} sat, above MAX_MONEY (${MAX_MONEY} sat)`);
    }
  }
  const valueOut = tx.outs.reduce((sum, o) => sum + o.value, 0n);
  if (valueIn < valueOut) return reject('bad-txns-in-belowout', `the inputs spend ${valueIn} sat, less than the outputs' ${valueOut} sat`);
  return undefined;
}
