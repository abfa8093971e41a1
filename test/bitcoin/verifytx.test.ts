/**
 * verifyTransaction's `engine` option: the native core, with the same TransactionSignatureChecker
 * called back, gives the TypeScript engine's verdicts (BIP143's signed examples, and the same
 * transactions with a wrong prevout amount).
 */
import { readFileSync } from 'node:fs';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { verifyTransaction } from '../../src/bitcoin/verifytx.js';
import { EngineError, selectEngine, type EngineName } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import { fromHex } from '../../src/script/bytes.js';
import { countVerifyScriptCalls } from '../helpers/native-calls.js';

const B143 = JSON.parse(readFileSync(new URL('../fixtures/bip143_examples.json', import.meta.url), 'utf8'));
const prevoutsOf = (ex: any, extra = 0n) => ex.prevouts.map((p: any) => ({ script: fromHex(p.scriptPubKey), value: BigInt(p.amountSats) + extra }));

function signedTx(ex: any): Transaction {
  if (ex.signedTx) return Transaction.fromHex(ex.signedTx);
  const tx = Transaction.fromHex(ex.unsignedTx);
  tx.setInputScript(0, fromHex(ex.scriptSigInput0));
  tx.setWitness(1, [...ex.witnessInput1.map(fromHex), fromHex(ex.witnessScript)]);
  return tx;
}

describe('verifyTransaction engine option', () => {
  it('rejects an unknown engine with EngineError', () => {
    const ex = B143.examples[0];
    expect(() => verifyTransaction(signedTx(ex), prevoutsOf(ex), { engine: 'gpu' as EngineName })).toThrow(EngineError);
  });

  it.skipIf(!loadNative())('without `engine`, the engine is chosen as verifyScript chooses it (BSML_ENGINE, else auto)', () => {
    countVerifyScriptCalls(loadNative()!, (counts) => {
      const ex = B143.examples[0];
      const verdicts = verifyTransaction(signedTx(ex), prevoutsOf(ex));
      expect(verdicts).toEqual(verifyTransaction(signedTx(ex), prevoutsOf(ex), { engine: 'ts' }));
      expect(counts.calls).toBe(selectEngine().name === 'native' ? verdicts.inputs.length : 0);
      if (!process.env.BSML_ENGINE) expect(counts.calls).toBeGreaterThan(0); // auto, with the addon built
    });
  });

  it.skipIf(!loadNative())('native gives the TypeScript verdicts, without declining, on BIP143 examples and with a wrong amount', () => {
    countVerifyScriptCalls(loadNative()!, (counts) => {
      let failures = 0;
      for (const ex of B143.examples) {
        for (const extra of [0n, 1n]) {
          const ts = verifyTransaction(signedTx(ex), prevoutsOf(ex, extra), { engine: 'ts' });
          const nat = verifyTransaction(signedTx(ex), prevoutsOf(ex, extra), { engine: 'native' });
          expect(nat, `${ex.name} amount+${extra}`).toEqual(ts);
          failures += ts.inputs.filter((v) => !v.success).length;
        }
      }
      expect(failures).toBeGreaterThan(0); // the wrong amounts did break segwit signatures
      expect(counts.calls).toBeGreaterThan(0);
      expect(counts.declined).toBe(0);
    });
  });
});
