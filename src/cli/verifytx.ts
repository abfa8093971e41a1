/** `bsml verify-tx RAW_TX_HEX --prevouts SCRIPT_HEX:AMOUNT,... [--engine auto|ts|native]`: checks a transaction as Core would. */
import { Transaction } from 'bitcoinjs-lib';
import { STANDARD_FLAGS } from '../bitcoin/policy.js';
import { isCoinbase } from '../bitcoin/tx-check.js';
import { transactionEncodingProblem } from '../bitcoin/serialize.js';
import { PrevoutError, verifyTransaction } from '../bitcoin/verifytx.js';
import { parseEngineName, selectEngine } from '../engine/index.js';
import { fromHex } from '../script/bytes.js';
import { flagNames, parseFlags } from '../vm/flags.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { VERIFY_TX_SPEC } from './spec/verifytx.js';

/** `SCRIPT_HEX:AMOUNT_SATS,...`, one per input; `''` is none (a transaction with no inputs, which Core rejects as bad-txns-vin-empty). */
function parsePrevouts(text: string) {
  if (text.trim() === '') return [];
  return text.split(',').map((item, i) => {
    const m = /^([0-9a-fA-F]*):(\d+)$/.exec(item.trim());
    if (!m || m[1]!.length % 2) throw new UsageError(`--prevouts item ${i}: expected SCRIPT_HEX:AMOUNT_SATS, got ${JSON.stringify(item)}`);
    return { script: fromHex(m[1]!), value: BigInt(m[2]!) };
  });
}

/** An amount the library refuses (no coin can hold it) is named as the item of --prevouts it came from. */
function inPrevoutsTerms<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PrevoutError && e.item?.field === 'value') throw new UsageError(`--prevouts item ${e.item.index}: amount ${e.item.problem}`);
    throw e;
  }
}

export async function verifyTxCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(VERIFY_TX_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected one RAW_TX_HEX argument');
  if (values.prevouts === undefined) throw new UsageError('--prevouts SCRIPT_HEX:AMOUNT,... is required (one per input, in order)');
  const raw = positionals[0]!.trim();
  let bytes: Uint8Array;
  try {
    bytes = fromHex(raw);
  } catch (e) {
    throw new UsageError(`RAW_TX_HEX: ${(e as Error).message}`);
  }
  // Core's reading rules first: bitcoinjs-lib also reads what Core refuses (non-canonical sizes).
  const problem = transactionEncodingProblem(bytes);
  if (problem) throw new UsageError(`RAW_TX_HEX is not a transaction: ${problem}`);
  let tx: Transaction;
  try {
    tx = Transaction.fromBuffer(bytes);
  } catch (e) {
    throw new UsageError(`RAW_TX_HEX is not a transaction: ${(e as Error).message}`);
  }
  const prevouts = parsePrevouts(values.prevouts);
  const flags = values.flags === undefined ? STANDARD_FLAGS : asUsage(() => parseFlags(values.flags!));
  let inputs: number[] | undefined;
  if (values.input !== undefined) {
    const n = /^\d+$/.test(values.input.trim()) ? Number(values.input) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--input must be an input index, got ${JSON.stringify(values.input)}`);
    inputs = [n];
  }
  const engine = asUsage(() => selectEngine(values.engine === undefined ? undefined : parseEngineName(values.engine!))).name;
  const verdict = asUsage(() => inPrevoutsTerms(() => verifyTransaction(tx, prevouts, { flags, inputs, engine })));
  const { valid, reject } = verdict;
  if (values.json) {
    const out = { txid: tx.getId(), valid, reject: reject ?? null, engine, flags: flagNames(flags), inputs: verdict.inputs };
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    if (reject) process.stdout.write(`transaction: INVALID (${reject.reason}: ${reject.message})\n`);
    else if (isCoinbase(tx)) process.stdout.write("coinbase: no script runs (Core never runs a coinbase's scripts)\n");
    for (const v of verdict.inputs) process.stdout.write(`input ${v.index}: ${v.success ? 'valid' : `INVALID (${v.error})`}\n`);
    process.stdout.write(`${valid ? 'valid' : 'invalid'}: ${tx.getId()}\n`);
  }
  return valid ? 0 : 1;
}
