/**
 * Script-path spends of a single-leaf taproot output: a transaction whose one input spends the
 * output with [witness items..., leaf script, control block] and whose one output pays the rest
 * minus a fee computed from the transaction's real weight (bitcoinjs-lib builds and serializes).
 */
import { address as btcAddress, networks, type Network, Psbt, Transaction } from 'bitcoinjs-lib';
import { fromHex, toHex } from '../script/bytes.js';
import { ensureEccLib } from './ecc.js';
import { dustThreshold, scriptPathSpendProblems } from './policy.js';
import { ByteWriter } from './serialize.js';
import type { SpentOutput } from './sighash.js';
import { buildTaprootOutput, type TaprootOutput } from './taproot.js';
import { BsmlError } from '../errors.js';
import { DEFAULT_SPEND_LOCKTIME, DEFAULT_SPEND_SEQUENCE } from './spend-defaults.js';
import { moneyRangeProblem } from './amount.js';

/** A bad spend request (unknown address, fee above the amount, malformed outpoint...). */
export class SpendError extends BsmlError {
  readonly code = 'BAD_SPEND';
  override readonly name = 'SpendError';
}

/** The coin being spent. */
export interface Utxo {
  /** Transaction id, as displayed (big-endian hex). */
  txid: string;
  vout: number;
  /** Amount in satoshis: in Core's MoneyRange, 0 to MAX_MONEY (21 000 000 BTC). */
  amount: bigint;
}

/** What to spend and where to. */
export interface SpendRequest {
  /** The leaf script (the compiled model). */
  leafScript: Uint8Array;
  /** x-only internal key; default BIP341's NUMS point. */
  internalKey?: Uint8Array;
  /** Witness items the leaf script consumes, bottom first. */
  witnessItems: readonly Uint8Array[];
  utxo: Utxo;
  /** Destination address. */
  to: string;
  /** Fee rate in sat/vB (may be fractional). */
  feeRate: number;
  network?: Network;
  /** nSequence of the input; default {@link DEFAULT_SPEND_SEQUENCE} (0xfffffffd: RBF-signalling, lock time enabled). */
  sequence?: number;
  /** nLockTime of the transaction; default {@link DEFAULT_SPEND_LOCKTIME}. */
  lockTime?: number;
}

/** A built spend. */
export interface SpendResult {
  tx: Transaction;
  hex: string;
  txid: string;
  /** The output being spent (for verify-tx). */
  prevout: SpentOutput;
  output: TaprootOutput;
  fee: bigint;
  weight: number;
  vsize: number;
  /** Value of the single output. */
  sendAmount: bigint;
  /** A finalized PSBT (BIP174) carrying the same transaction and the spent output. */
  psbtBase64: string;
  /**
   * Why Bitcoin Core's nodes will not relay this transaction (or no block can hold it), one line
   * each (see {@link scriptPathSpendProblems}): its weight, an oversized witness item. Empty when
   * none; the transaction is built either way.
   */
  warnings: string[];
}

/**
 * Parses `TXID:VOUT:AMOUNT_SATS`. Throws a SpendError for anything else, a vout above 2^32 - 1, or
 * an amount outside Core's MoneyRange (0 to MAX_MONEY sat).
 */
export function parseUtxo(text: string): Utxo {
  const m = /^([0-9a-fA-F]{64}):(\d+):(\d+)$/.exec(text.trim());
  if (!m) throw new SpendError(`--utxo ${JSON.stringify(text)}: expected TXID:VOUT:AMOUNT_SATS (64 hex digits, integers)`);
  const vout = Number(m[2]);
  if (vout > 0xffffffff) throw new SpendError(`--utxo: vout ${m[2]} is out of range`);
  const amount = BigInt(m[3]!);
  const problem = moneyRangeProblem(amount);
  if (problem !== undefined) throw new SpendError(`--utxo: amount ${problem}`);
  return { txid: m[1]!.toLowerCase(), vout, amount };
}

/**
 * Builds the script-path spend; the fee is ceil(vsize × feeRate). Throws a SpendError, before
 * building anything, for a `utxo.amount` outside Core's MoneyRange (not a bigint in 0..MAX_MONEY),
 * a bad fee rate or address, a fee above the amount or an output below the dust threshold.
 */
export function buildScriptPathSpend(req: SpendRequest): SpendResult {
  const problem = moneyRangeProblem(req.utxo?.amount);
  if (problem !== undefined) throw new SpendError(`utxo.amount ${problem}`);
  ensureEccLib();
  const network = req.network ?? networks.bitcoin;
  if (!(req.feeRate >= 0) || !Number.isFinite(req.feeRate)) throw new SpendError(`fee rate must be a non-negative number, got ${req.feeRate}`);
  const output = buildTaprootOutput({ internalKey: req.internalKey, tree: { script: req.leafScript }, network });
  const leaf = output.leaves[0]!;
  let toScript: Uint8Array;
  try {
    toScript = btcAddress.toOutputScript(req.to, network);
  } catch (e) {
    throw new SpendError(`--to ${JSON.stringify(req.to)} is not a valid address for this network: ${(e as Error).message}`);
  }
  const tx = new Transaction();
  tx.version = 2;
  tx.locktime = req.lockTime ?? DEFAULT_SPEND_LOCKTIME;
  tx.addInput(fromHex(req.utxo.txid).reverse(), req.utxo.vout, req.sequence ?? DEFAULT_SPEND_SEQUENCE);
  tx.addOutput(toScript, 0n);
  tx.setWitness(0, [...req.witnessItems, req.leafScript, leaf.controlBlock]);
  // The output value does not change the size, so the weight is final now.
  const weight = tx.weight();
  const vsize = Math.ceil(weight / 4);
  // Compared as doubles first (amounts in MoneyRange are exact there): a huge rate (1e300) gives a
  // fee of hundreds of digits, or Infinity, which is named by its rate, not printed.
  const feeSats = Math.ceil(vsize * req.feeRate);
  if (feeSats > Number(req.utxo.amount)) {
    const fee = Number.isSafeInteger(feeSats) ? `${feeSats} sat: ` : '';
    const maxRate = Math.floor((Number(req.utxo.amount) / vsize) * 1000) / 1000;
    throw new SpendError(`the fee (${fee}${vsize} vB at ${req.feeRate} sat/vB) exceeds the amount (${req.utxo.amount} sat), which pays at most ${maxRate} sat/vB`);
  }
  const fee = BigInt(feeSats);
  const sendAmount = req.utxo.amount - fee;
  const dust = BigInt(dustThreshold(toScript));
  if (sendAmount < dust) throw new SpendError(`the output would be ${sendAmount} sat, below the dust threshold of ${dust} sat for that address`);
  tx.outs[0]!.value = sendAmount;
  const prevout = { script: output.scriptPubKey, value: req.utxo.amount };
  const psbt = new Psbt({ network });
  psbt.setVersion(tx.version);
  psbt.setLocktime(tx.locktime);
  psbt.addInput({ hash: req.utxo.txid, index: req.utxo.vout, sequence: tx.ins[0]!.sequence, witnessUtxo: prevout });
  psbt.addOutput({ script: toScript, value: sendAmount });
  psbt.updateInput(0, { finalScriptWitness: serializeWitness(tx.ins[0]!.witness) });
  const warnings = scriptPathSpendProblems(weight, req.witnessItems);
  return { tx, hex: tx.toHex(), txid: tx.getId(), prevout, output, fee, weight, vsize, sendAmount, psbtBase64: psbt.toBase64(), warnings };
}

function serializeWitness(items: Uint8Array[]): Uint8Array {
  const w = new ByteWriter().varint(items.length);
  for (const it of items) w.varbytes(it);
  return w.bytes();
}

/** Hex of every witness item of input 0 (for printing). */
export function witnessHex(tx: Transaction, input = 0): string[] {
  return tx.ins[input]!.witness.map(toHex);
}
