/**
 * verifyTransaction makes Bitcoin Core's transaction-level checks before any script: CheckTransaction
 * (consensus/tx_check.cpp) and the amount checks of CheckTxInputs (consensus/tx_verify.cpp), each
 * failure a verdict with Core's reject reason and no script run. Every rule is broken on BIP341's
 * fully signed transaction (9 inputs, 2 outputs, 0.84 BTC fee), changed; the change on its own side
 * of the rule's bound is not rejected.
 */
import { readFileSync } from 'node:fs';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { MAX_MONEY } from '../../src/bitcoin/amount.js';
import { checkTransaction, MAX_BLOCK_WEIGHT, type TxRejectReason } from '../../src/bitcoin/tx-check.js';
import { verifyTransaction, type TransactionVerdict } from '../../src/bitcoin/verifytx.js';
import { fromHex } from '../../src/script/bytes.js';
import { loadNative } from '../../src/engine/native.js';
import { countVerifyScriptCalls } from '../helpers/native-calls.js';

const B341 = JSON.parse(readFileSync(new URL('../fixtures/bip341_wallet_vectors.json', import.meta.url), 'utf8'));
const kps = B341.keyPathSpending[0];
const signed = () => Transaction.fromHex(kps.auxiliary.fullySignedTx);
const prevouts = (amount: (value: bigint, i: number) => bigint = (v) => v) =>
  kps.given.utxosSpent.map((u: { scriptPubKey: string; amountSats: number }, i: number) => ({
    script: fromHex(u.scriptPubKey),
    value: amount(BigInt(u.amountSats), i),
  }));
const NULL_HASH = new Uint8Array(32);
const ENGINES = loadNative() ? (['ts', 'native'] as const) : (['ts'] as const);

/** The verdict on `tx` (changed from the signed one) with the fixture's prevouts, one per input left. */
function verdict(tx: Transaction, amounts?: (value: bigint, i: number) => bigint): TransactionVerdict {
  return verifyTransaction(tx, prevouts(amounts).slice(0, tx.ins.length));
}

/** The signed transaction cut to its first two inputs, outputs zeroed (the two spend enough). */
function twoInputs(): Transaction {
  const tx = signed();
  tx.ins.splice(2);
  for (const o of tx.outs) o.value = 0n;
  return tx;
}

function expectReject(v: TransactionVerdict, reason: TxRejectReason, message: string): void {
  expect(v).toEqual({ valid: false, reject: { reason, message }, inputs: [] });
}

/** Not rejected at the transaction level: the scripts ran (every input has a verdict). */
function expectScriptsRan(v: TransactionVerdict, inputs: number): void {
  expect(v.reject).toBeUndefined();
  expect(v.inputs).toHaveLength(inputs);
}

describe('CheckTransaction', () => {
  it('the signed transaction passes, and every input verifies', () => {
    expect(checkTransaction(signed())).toBeUndefined();
    const v = verdict(signed());
    expect(v.valid).toBe(true);
    expect(v.inputs.map((i) => i.error)).toEqual(Array(9).fill('OK'));
  });

  it('bad-txns-vin-empty, bad-txns-vout-empty', () => {
    const noIns = signed();
    noIns.ins.length = 0;
    expectReject(verdict(noIns), 'bad-txns-vin-empty', 'the transaction has no inputs');
    const noOuts = signed();
    noOuts.outs.length = 0;
    expectReject(verdict(noOuts), 'bad-txns-vout-empty', 'the transaction has no outputs');
  });

  it('bad-txns-oversize: the size without witness data × 4 above MAX_BLOCK_WEIGHT (the witness does not count)', () => {
    /** The signed transaction with one more output whose script makes it `size` bytes without witnesses. */
    const ofSize = (size: number) => {
      const tx = signed();
      tx.addOutput(new Uint8Array(0), 0n);
      const base = tx.byteLength(false); // the empty script's length is 1 byte; a large one's 5 (0xfe + 32 bits)
      tx.outs[2]!.script = new Uint8Array(size - base - 4);
      expect(tx.byteLength(false)).toBe(size);
      return tx;
    };
    expect(MAX_BLOCK_WEIGHT / 4).toBe(1_000_000);
    expectReject(verdict(ofSize(1_000_001)), 'bad-txns-oversize', '1000001 bytes without witness data weigh 4000004, above MAX_BLOCK_WEIGHT (4000000)');
    expectScriptsRan(verdict(ofSize(1_000_000)), 9);
    // 2000 more bytes of witness: the serialized size is above 1,000,000, the weight checked is not.
    const witnessHeavy = ofSize(1_000_000);
    witnessHeavy.setWitness(0, [...witnessHeavy.ins[0]!.witness, new Uint8Array(2000)]);
    expect(witnessHeavy.byteLength()).toBeGreaterThan(1_002_000);
    expectScriptsRan(verdict(witnessHeavy), 9);
  });

  it('bad-txns-vout-negative, bad-txns-vout-toolarge, bad-txns-txouttotal-toolarge', () => {
    const withOutputs = (a: bigint, b: bigint) => {
      const tx = signed();
      tx.outs[0]!.value = a;
      tx.outs[1]!.value = b;
      return tx;
    };
    expectReject(verdict(withOutputs(1000n, -1n)), 'bad-txns-vout-negative', 'output 1 is -1 sat');
    expectReject(verdict(withOutputs(MAX_MONEY + 1n, 0n)), 'bad-txns-vout-toolarge', 'output 0 is 2100000000000001 sat, above MAX_MONEY (2100000000000000 sat)');
    expectReject(
      verdict(withOutputs(MAX_MONEY, 1n)),
      'bad-txns-txouttotal-toolarge',
      'outputs 0 to 1 add up to 2100000000000001 sat, above MAX_MONEY (2100000000000000 sat)',
    );
    // Negative before too large: the first output breaking a rule, in order.
    expectReject(verdict(withOutputs(-5n, MAX_MONEY + 1n)), 'bad-txns-vout-negative', 'output 0 is -5 sat');
    // At the bounds: 0 and MAX_MONEY in total pass CheckTransaction (and then spend more than the inputs).
    expect(checkTransaction(withOutputs(0n, MAX_MONEY))).toBeUndefined();
    expect(verdict(withOutputs(0n, MAX_MONEY)).reject?.reason).toBe('bad-txns-in-belowout');
  });

  it('bad-txns-inputs-duplicate: two inputs spending one outpoint', () => {
    const tx = signed();
    tx.ins[4]!.hash = tx.ins[1]!.hash;
    tx.ins[4]!.index = tx.ins[1]!.index;
    const outpoint = `${Buffer.from(tx.ins[1]!.hash).reverse().toString('hex')}:0`;
    expectReject(verdict(tx), 'bad-txns-inputs-duplicate', `inputs 1 and 4 both spend ${outpoint}`);
    // The same with two inputs (Core's own branch for two).
    const two = twoInputs();
    two.ins[1]!.hash = two.ins[0]!.hash;
    expectScriptsRan(verdict(two), 2); // same hash, another index: not a duplicate
    two.ins[1]!.index = two.ins[0]!.index;
    expect(verdict(two).reject?.reason).toBe('bad-txns-inputs-duplicate');
  });

  it('bad-txns-prevout-null: the null outpoint in a transaction that is not a coinbase', () => {
    const tx = signed();
    tx.ins[2]!.hash = NULL_HASH;
    tx.ins[2]!.index = 0;
    expectScriptsRan(verdict(tx), 9); // the zero hash with index 0 is not the null outpoint
    tx.ins[2]!.index = 0xffffffff;
    expectReject(verdict(tx), 'bad-txns-prevout-null', 'input 2 spends the null outpoint, and the transaction is not a coinbase');
    const two = twoInputs();
    expectScriptsRan(verdict(two), 2);
    two.ins[1]!.hash = NULL_HASH;
    two.ins[1]!.index = 0xffffffff;
    expect(verdict(two).reject?.reason).toBe('bad-txns-prevout-null');
  });

  it("bad-cb-length: a coinbase's scriptSig is 2 to 100 bytes; a coinbase spends no coin (no CheckTxInputs)", () => {
    const coinbase = (scriptSigBytes: number) => {
      const tx = signed();
      tx.ins.splice(1);
      tx.ins[0]!.hash = NULL_HASH;
      tx.ins[0]!.index = 0xffffffff;
      tx.ins[0]!.witness = [];
      tx.ins[0]!.script = new Uint8Array(scriptSigBytes);
      return tx;
    };
    for (const n of [0, 1, 101]) {
      expectReject(verdict(coinbase(n)), 'bad-cb-length', `the coinbase's scriptSig is ${n} bytes (2 to 100 allowed)`);
    }
    // 0 sat "spent" for 44.1 BTC out: not bad-txns-in-belowout, Core does not run CheckTxInputs on a
    // coinbase; nor its scripts (CheckInputScripts returns at once), so even a prevout script that
    // could only fail (OP_RETURN) leaves it valid.
    for (const n of [2, 100]) {
      const v = verdict(coinbase(n), () => 0n);
      expect(v).toEqual({ valid: true, inputs: [] });
    }
    const tx = coinbase(2);
    expect(verifyTransaction(tx, [{ script: Uint8Array.of(0x6a), value: 0n }])).toEqual({ valid: true, inputs: [] });
  });
});

describe("CheckTxInputs' amount checks", () => {
  it('bad-txns-in-belowout: the inputs spend less than the outputs; a zero fee is allowed', () => {
    const fee = 4_494_000_000n - 4_410_000_000n;
    expectReject(
      verdict(signed(), (v, i) => (i === 0 ? v - fee - 1n : v)),
      'bad-txns-in-belowout',
      "the inputs spend 4409999999 sat, less than the outputs' 4410000000 sat",
    );
    // A zero fee passes (the changed amount then breaks every signature, which commit to it).
    const zeroFee = verdict(signed(), (v, i) => (i === 0 ? v - fee : v));
    expectScriptsRan(zeroFee, 9);
    expect(zeroFee.inputs.some((v) => !v.success)).toBe(true);
  });

  it('bad-txns-inputvalues-outofrange: amounts each in MoneyRange adding up to more', () => {
    expectReject(
      verdict(signed(), (v, i) => (i === 3 ? MAX_MONEY : v)),
      'bad-txns-inputvalues-outofrange',
      'the amounts spent by inputs 0 to 3 add up to 2100001176000000 sat, above MAX_MONEY (2100000000000000 sat)',
    );
    const upTo = 420_000_000n + 462_000_000n + 294_000_000n;
    const atMax = verdict(signed(), (v, i) => (i === 3 ? MAX_MONEY - upTo : i > 3 ? 0n : v));
    expectScriptsRan(atMax, 9); // MAX_MONEY in total is in range
  });
});

describe('a transaction-level failure runs no script', () => {
  it.each(ENGINES)('engine %s: scripts run only when the transaction-level checks pass', (engine) => {
    const tx = signed();
    tx.outs[1]!.value = -1n;
    const run = () => verifyTransaction(tx, prevouts(), { engine, inputs: [3] });
    if (engine === 'native') {
      countVerifyScriptCalls(loadNative()!, (counts) => {
        expect(run().inputs).toEqual([]);
        expect(counts.calls).toBe(0);
        expect(verifyTransaction(signed(), prevouts(), { engine, inputs: [3] }).inputs).toHaveLength(1);
        expect(counts.calls).toBe(1);
      });
    } else expect(run()).toEqual({ valid: false, reject: { reason: 'bad-txns-vout-negative', message: 'output 1 is -1 sat' }, inputs: [] });
  });

  it("the caller's errors come first: a bad input index or amount is thrown, not hidden by a reject", () => {
    const tx = signed();
    tx.outs.length = 0;
    expect(() => verifyTransaction(tx, prevouts(), { inputs: [9] })).toThrow('input 9 does not exist (the transaction has 9)');
    expect(() => verifyTransaction(tx, prevouts((v, i) => (i === 2 ? -1n : v)))).toThrow(/^prevouts\[2\]\.value -1 sat is out of range/);
  });
});
