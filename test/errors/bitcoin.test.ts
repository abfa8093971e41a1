/**
 * docs/errors.md "Transactions": a spent-outputs list that is not one per input is a caller bug
 * (Core asserts on it in PrecomputedTransactionData::Init), not a script failure: a typed error
 * naming the list, its length and the input count, thrown before any engine runs. No list (or an
 * empty one, Core's "not given") is still missing data: Schnorr checks fail SCHNORR_SIG_HASHTYPE.
 */
import { readFileSync } from 'node:fs';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { MAX_MONEY } from '../../src/bitcoin/amount.js';
import { ByteWriter } from '../../src/bitcoin/serialize.js';
import { fromHex, toHex } from '../../src/script/bytes.js';
import { TransactionSignatureChecker } from '../../src/bitcoin/checker.js';
import { STANDARD_FLAGS } from '../../src/bitcoin/policy.js';
import { PrecomputedTxData } from '../../src/bitcoin/sighash.js';
import { PrevoutError, verifyTransaction } from '../../src/bitcoin/verifytx.js';
import { checkTransaction, checkTxInputs } from '../../src/bitcoin/tx-check.js';
import { BsmlError } from '../../src/errors.js';
import { ArgumentError } from '../../src/engine/arguments.js';
import { verifyScript, type EngineName } from '../../src/engine/index.js';
import { loadNativeAddon } from '../../src/engine/native.js';
import { tapscriptSpend } from '../helpers/tapscript-spend.js';
import { thrown } from '../helpers/errors.js';

const engines: EngineName[] = loadNativeAddon() ? ['ts', 'native'] : ['ts'];

function badPrevouts(f: () => unknown, message: string): void {
  const e = thrown(f);
  expect(e).toBeInstanceOf(PrevoutError);
  expect(e).toBeInstanceOf(BsmlError);
  expect(e.code).toBe('BAD_PREVOUTS');
  expect(e.message).toBe(message);
}

describe.each(engines)('engine %s', (engine) => {
  const { tx, spk, prevouts } = tapscriptSpend();
  const verify = (checker: () => TransactionSignatureChecker) => () =>
    verifyScript(tx.ins[0]!.script, spk, { flags: STANDARD_FLAGS, checker: checker(), witness: tx.ins[0]!.witness, engine });

  it('lib-spent-outputs', () => {
    const two = [...prevouts, ...prevouts];
    badPrevouts(
      verify(() => new TransactionSignatureChecker(tx, 0, { spentOutputs: two })),
      'TransactionSignatureChecker (input 0): options.spentOutputs has 2 items but the transaction has 1 input; give one spent output per input, in input order (or none)',
    );
    badPrevouts(
      verify(() => new TransactionSignatureChecker(tx, 0, { spentOutputs: two, precomputed: new PrecomputedTxData(tx) })),
      'TransactionSignatureChecker (input 0): options.spentOutputs has 2 items but the transaction has 1 input; give one spent output per input, in input order (or none)',
    );
    badPrevouts(
      verify(() => new TransactionSignatureChecker(tx, 0, { precomputed: new PrecomputedTxData(tx, two) })),
      'PrecomputedTxData: spentOutputs has 2 items but the transaction has 1 input; give one spent output per input, in input order (or none)',
    );
    // The same spend with the right list passes on this engine; without one (or with an empty
    // one) its Schnorr check has no BIP341 hash: Core's SCHNORR_SIG_HASHTYPE.
    expect(verify(() => new TransactionSignatureChecker(tx, 0, { spentOutputs: prevouts }))().error).toBe('OK');
    for (const checker of [() => new TransactionSignatureChecker(tx, 0), () => new TransactionSignatureChecker(tx, 0, { spentOutputs: [] })]) {
      const r = verify(checker)();
      expect({ success: r.success, error: r.error }).toEqual({ success: false, error: 'SCHNORR_SIG_HASHTYPE' });
    }
  });
});

// Core asserts that a checker's input exists (every signature hash and lock time check reads it):
// an index that is not one is refused when the checker is made, before any engine runs.
it('lib-input-index', () => {
  const { tx } = tapscriptSpend();
  const cases: [unknown, string][] = [
    [1, 'TransactionSignatureChecker: nIn 1 is not an input index (the transaction has 1 input: 0)'],
    [-1, 'TransactionSignatureChecker: nIn -1 is not an input index (the transaction has 1 input: 0)'],
    [0.5, 'TransactionSignatureChecker: nIn 0.5 is not an input index (the transaction has 1 input: 0)'],
    [NaN, 'TransactionSignatureChecker: nIn NaN is not an input index (the transaction has 1 input: 0)'],
    ['0', 'TransactionSignatureChecker: nIn string 0 is not an input index (the transaction has 1 input: 0)'],
  ];
  for (const [nIn, message] of cases) {
    const e = thrown(() => new TransactionSignatureChecker(tx, nIn as number));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe(message);
  }
  const three = tx.clone();
  three.addInput(new Uint8Array(32), 1);
  three.addInput(new Uint8Array(32), 2);
  expect(thrown(() => new TransactionSignatureChecker(three, 3)).message).toBe(
    'TransactionSignatureChecker: nIn 3 is not an input index (the transaction has 3 inputs: 0..2)',
  );
  expect(new TransactionSignatureChecker(three, 2).nIn).toBe(2);
});

// Amounts are Core's CAmount (int64) and signature hashes serialize them as 64 bits: a value that
// does not fit is refused when the checker (or the precomputed data) is made, never hashed modulo
// 2^64 (which let a spent amount 2^64 sat above the signed one verify as valid).
it('lib-amount-int64', () => {
  const B341 = JSON.parse(readFileSync(new URL('../fixtures/bip341_wallet_vectors.json', import.meta.url), 'utf8'));
  const kps = B341.keyPathSpending[0];
  const tx = Transaction.fromHex(kps.auxiliary.fullySignedTx);
  const spent = (extra: bigint) =>
    kps.given.utxosSpent.map((u: { scriptPubKey: string; amountSats: number }, i: number) => ({
      script: fromHex(u.scriptPubKey),
      value: BigInt(u.amountSats) + (i === 3 ? extra : 0n),
    }));
  const input3 = tx.ins[3]!;
  const run = (checker: TransactionSignatureChecker) =>
    verifyScript(input3.script, spent(0n)[3].script, { flags: STANDARD_FLAGS, checker, witness: input3.witness, engine: 'ts' });
  expect(run(new TransactionSignatureChecker(tx, 3, { spentOutputs: spent(0n) })).error).toBe('OK');
  expect(run(new TransactionSignatureChecker(tx, 3, { spentOutputs: spent(1n) })).error).toBe('SCHNORR_SIG');
  const wrapped = spent(1n << 64n);
  badPrevouts(
    () => new TransactionSignatureChecker(tx, 3, { spentOutputs: wrapped }),
    "TransactionSignatureChecker (input 3): options.spentOutputs[3].value 18446744074213551616 sat does not fit a 64-bit amount (-9223372036854775808..9223372036854775807, Core's CAmount)",
  );
  badPrevouts(
    () => new PrecomputedTxData(tx, wrapped),
    "PrecomputedTxData: spentOutputs[3].value 18446744074213551616 sat does not fit a 64-bit amount (-9223372036854775808..9223372036854775807, Core's CAmount)",
  );
  // The item is named apart from the message too (a caller can word it in its own terms).
  expect((thrown(() => new PrecomputedTxData(tx, wrapped)) as PrevoutError).item).toEqual({
    index: 3,
    field: 'value',
    problem: "18446744074213551616 sat does not fit a 64-bit amount (-9223372036854775808..9223372036854775807, Core's CAmount)",
  });
  const asNumber = spent(0n).map((o: { script: Uint8Array; value: bigint }, i: number) => (i === 1 ? { ...o, value: 462000000 } : o));
  badPrevouts(() => new PrecomputedTxData(tx, asNumber), 'PrecomputedTxData: spentOutputs[1].value number 462000000 is not an amount (a bigint number of satoshis)');
  // The 64-bit range itself is Core's: its ends are taken (a negative amount is Core's missing data).
  const ends = spent(0n).map((o: { script: Uint8Array; value: bigint }, i: number) => ({ ...o, value: i === 0 ? (1n << 63n) - 1n : i === 1 ? -(1n << 63n) : o.value }));
  expect(new TransactionSignatureChecker(tx, 3, { spentOutputs: ends }).data.spentAmountsSha()).toHaveLength(32);

  for (const [amount, message] of [
    [1n << 63n, "TransactionSignatureChecker (input 3): options.amount 9223372036854775808 sat does not fit a 64-bit amount (-9223372036854775808..9223372036854775807, Core's CAmount)"],
    [-(1n << 63n) - 1n, "TransactionSignatureChecker (input 3): options.amount -9223372036854775809 sat does not fit a 64-bit amount (-9223372036854775808..9223372036854775807, Core's CAmount)"],
    [5, 'TransactionSignatureChecker (input 3): options.amount number 5 is not an amount (a bigint number of satoshis)'],
  ] as const) {
    const e = thrown(() => new TransactionSignatureChecker(tx, 3, { amount: amount as bigint }));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe(message);
  }
  // An output value changed after parsing: refused, not serialized modulo 2^64.
  const changed = tx.clone();
  changed.outs[1]!.value = changed.outs[1]!.value + (1n << 64n);
  for (const [f, where] of [
    [() => new TransactionSignatureChecker(changed, 0), 'TransactionSignatureChecker (input 0)'],
    [() => new PrecomputedTxData(changed), 'PrecomputedTxData'],
    [() => verifyTransaction(changed, spent(0n)), 'verifyTransaction'],
    [() => checkTransaction(changed), 'checkTransaction'],
    [() => checkTxInputs(changed, spent(0n)), 'checkTxInputs'],
  ] as const) {
    const e = thrown(f);
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toMatch(new RegExp(`^${where.replace(/[()]/g, '\\$&')}: tx\\.outs\\[1\\]\\.value \\d+ sat does not fit a 64-bit amount`));
  }
  expect(() => new ByteWriter().i64(1n << 63n)).toThrow(RangeError);
  expect(toHex(new ByteWriter().i64(-1n).bytes())).toBe('ffffffffffffffff');
});

// verifyTransaction checks a transaction as Core's validation does, whose CheckTxInputs refuses
// spent amounts outside MoneyRange (bad-txns-inputvalues-outofrange) before any script runs. No
// coin can hold such an amount: the caller's data is wrong, a PrevoutError whose `item` names the
// prevout apart from the message (the CLI words it as `--prevouts item i`). Amounts in range that
// add up to more are the transaction's fault: a verdict with Core's reject reason
// (test/bitcoin/tx-check.test.ts).
it('lib-amount-range', () => {
  const { tx, prevouts } = tapscriptSpend();
  const at = (value: unknown) => [{ ...prevouts[0]!, value: value as bigint }];
  expect(verifyTransaction(tx, at(MAX_MONEY)).inputs[0]!.index).toBe(0);
  const range = "sat is out of range (0..2100000000000000 sat: at most 21000000 BTC, Core's MoneyRange)";
  badPrevouts(() => verifyTransaction(tx, at(MAX_MONEY + 1n)), `prevouts[0].value 2100000000000001 ${range}`);
  badPrevouts(() => verifyTransaction(tx, at(-1n)), `prevouts[0].value -1 ${range}`);
  badPrevouts(() => verifyTransaction(tx, at('5000')), 'prevouts[0].value the string "5000" is not an amount (a bigint number of satoshis)');
  badPrevouts(() => verifyTransaction(tx, at('5\u009b2J' + '0'.repeat(50))), `prevouts[0].value the string "5\\u009b2J${'0'.repeat(36)}…" is not an amount (a bigint number of satoshis)`);
  const two = tx.clone();
  two.addInput(new Uint8Array(32), 1);
  const e = thrown(() => verifyTransaction(two, [...at(1n), ...at(-1n)]));
  expect(e).toBeInstanceOf(PrevoutError);
  expect((e as PrevoutError).item).toEqual({ index: 1, field: 'value', problem: `-1 ${range}` });
});
