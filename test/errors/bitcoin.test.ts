/**
 * docs/errors.md "Transactions": a spent-outputs list that is not one per input is a caller bug
 * (Core asserts on it in PrecomputedTransactionData::Init), not a script failure: a typed error
 * naming the list, its length and the input count, thrown before any engine runs. No list (or an
 * empty one, Core's "not given") is still missing data: Schnorr checks fail SCHNORR_SIG_HASHTYPE.
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { TransactionSignatureChecker } from '../../src/bitcoin/checker.js';
import { STANDARD_FLAGS } from '../../src/bitcoin/policy.js';
import { PrecomputedTxData, taprootSighash } from '../../src/bitcoin/sighash.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { PrevoutError } from '../../src/bitcoin/verifytx.js';
import { BsmlError } from '../../src/errors.js';
import { verifyScript, type EngineName } from '../../src/engine/index.js';
import { loadNativeAddon } from '../../src/engine/native.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { fromHex, toHex } from '../../src/script/bytes.js';
import { newExecData } from '../../src/vm/interpreter.js';
import { thrown } from '../helpers/errors.js';

const engines: EngineName[] = loadNativeAddon() ? ['ts', 'native'] : ['ts'];

/** A one-input transaction spending a tapscript leaf `<key> CHECKSIG` with a valid signature. */
function tapscriptSpend() {
  const priv = fromHex('6b973d88838f27366ed61c9ad6367663045cb456e28335c109e30717ae0c6baa');
  const leaf = parseCoreAsm(`0x20 0x${toHex(schnorr.getPublicKey(priv))} CHECKSIG`);
  const out = buildTaprootOutput({ tree: { script: leaf } });
  const prevouts = [{ script: out.scriptPubKey, value: 5000n }];
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(new Uint8Array(32).fill(7), 0, 0xfffffffd);
  tx.addOutput(out.scriptPubKey, 1000n);
  const h = taprootSighash(new PrecomputedTxData(tx, prevouts), 0, 0, 'tapscript', { ...newExecData(), tapleafHash: out.leaves[0]!.leafHash })!;
  tx.setWitness(0, [schnorr.sign(h, priv, new Uint8Array(32)), leaf, out.leaves[0]!.controlBlock]);
  return { tx, spk: out.scriptPubKey, prevouts };
}

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
