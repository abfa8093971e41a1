/**
 * A Schnorr check without the spent outputs (BIP341 hashing needs every input's amount and
 * scriptPubKey): Core's TransactionSignatureChecker with precomputed data that lacks them fails
 * SignatureHashSchnorr (MissingDataBehavior::FAIL) and CheckSchnorrSignature reports that as
 * SCRIPT_ERR_SCHNORR_SIG_HASHTYPE. So do we, for the taproot key path and tapscript CHECKSIG, on
 * every engine (native calls the same checker back).
 */
import { readFileSync } from 'node:fs';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { TransactionSignatureChecker } from '../../src/bitcoin/checker.js';
import { STANDARD_FLAGS } from '../../src/bitcoin/policy.js';
import { PrecomputedTxData } from '../../src/bitcoin/sighash.js';
import { verifyScript, type EngineName } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import { fromHex } from '../../src/script/bytes.js';
import { tapscriptSpend } from '../helpers/tapscript-spend.js';

const engines: EngineName[] = loadNative() ? ['ts', 'native'] : ['ts'];
const B341 = JSON.parse(readFileSync(new URL('../fixtures/bip341_wallet_vectors.json', import.meta.url), 'utf8'));
const kps = B341.keyPathSpending[0];
const spent = kps.given.utxosSpent.map((u: any) => ({ script: fromHex(u.scriptPubKey), value: BigInt(u.amountSats) }));
const signed = Transaction.fromHex(kps.auxiliary.fullySignedTx);
const isP2tr = (s: Uint8Array) => s.length === 34 && s[0] === 0x51 && s[1] === 0x20;

describe.each(engines)('engine %s: Schnorr checks without the spent outputs', (engine) => {
  const run = (tx: Transaction, i: number, checker: TransactionSignatureChecker) =>
    verifyScript(tx.ins[i]!.script, spent[i].script, { flags: STANDARD_FLAGS, checker, witness: tx.ins[i]!.witness, engine });

  it('taproot key path: SCHNORR_SIG_HASHTYPE without them, OK with them (BIP341 signed transaction)', () => {
    const keyPath = spent.map((o: any, i: number) => (isP2tr(o.script) ? i : -1)).filter((i: number) => i >= 0);
    expect(keyPath.length).toBeGreaterThan(3);
    for (const i of keyPath) {
      expect(run(signed, i, new TransactionSignatureChecker(signed, i, { spentOutputs: spent })).error, `input ${i}`).toBe('OK');
      for (const checker of [new TransactionSignatureChecker(signed, i), new TransactionSignatureChecker(signed, i, { precomputed: new PrecomputedTxData(signed) })]) {
        const r = run(signed, i, checker);
        expect({ success: r.success, error: r.error }, `input ${i}`).toEqual({ success: false, error: 'SCHNORR_SIG_HASHTYPE' });
      }
    }
  });

  it('legacy ECDSA inputs of the same transaction still pass without them (they do not need them)', () => {
    const legacy = spent.map((o: any, i: number) => (o.script[0] === 0x76 ? i : -1)).filter((i: number) => i >= 0);
    expect(legacy.length).toBeGreaterThan(0);
    for (const i of legacy) expect(run(signed, i, new TransactionSignatureChecker(signed, i)).error, `input ${i}`).toBe('OK');
  });

  it('tapscript CHECKSIG: SCHNORR_SIG_HASHTYPE without them, OK with them', () => {
    const { tx, spk, prevouts } = tapscriptSpend();
    const go = (checker: TransactionSignatureChecker) =>
      verifyScript(tx.ins[0]!.script, spk, { flags: STANDARD_FLAGS, checker, witness: tx.ins[0]!.witness, engine });
    expect(go(new TransactionSignatureChecker(tx, 0, { spentOutputs: prevouts })).error).toBe('OK');
    const r = go(new TransactionSignatureChecker(tx, 0));
    expect({ success: r.success, error: r.error }).toEqual({ success: false, error: 'SCHNORR_SIG_HASHTYPE' });
    // An empty list is none (Core's Init skips it); one of another length is a caller's bug
    // (Core asserts): a typed error before anything runs (test/errors/bitcoin.test.ts).
    expect(go(new TransactionSignatureChecker(tx, 0, { spentOutputs: [] })).error).toBe('SCHNORR_SIG_HASHTYPE');
    expect(() => go(new TransactionSignatureChecker(tx, 0, { spentOutputs: [...prevouts, ...prevouts] }))).toThrow(/BAD_PREVOUTS|has 2 items but the transaction has 1 input/);
  });
});
