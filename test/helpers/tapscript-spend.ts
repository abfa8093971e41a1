/** A signed one-input transaction for tests that need a real tapscript spend. */
import { schnorr } from '@noble/curves/secp256k1.js';
import { Transaction } from 'bitcoinjs-lib';
import { PrecomputedTxData, taprootSighash } from '../../src/bitcoin/sighash.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { fromHex, toHex } from '../../src/script/bytes.js';
import { newExecData } from '../../src/vm/interpreter.js';

/**
 * An unsigned one-input transaction spending a taproot output whose one leaf is `${prefix} <key>
 * CHECKSIG` (key: a fixed test key, `priv`); `sign(codeSeparatorPos)` signs its BIP341 hash.
 */
export function tapscriptLeafTx(prefix = '') {
  const priv = fromHex('6b973d88838f27366ed61c9ad6367663045cb456e28335c109e30717ae0c6baa');
  const leaf = parseCoreAsm(`${prefix} 0x20 0x${toHex(schnorr.getPublicKey(priv))} CHECKSIG`.trim());
  const out = buildTaprootOutput({ tree: { script: leaf } });
  const prevouts = [{ script: out.scriptPubKey, value: 5000n }];
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(new Uint8Array(32).fill(7), 0, 0xfffffffd);
  tx.addOutput(out.scriptPubKey, 1000n);
  const execData = (codeSeparatorPos: number) => ({ ...newExecData(), codeSeparatorPos, tapleafHash: out.leaves[0]!.leafHash });
  const sign = (codeSeparatorPos = 0xffffffff) =>
    schnorr.sign(taprootSighash(new PrecomputedTxData(tx, prevouts), 0, 0, 'tapscript', execData(codeSeparatorPos))!, priv, new Uint8Array(32));
  return { priv, leaf, out, prevouts, tx, sign };
}

/** A one-input transaction spending a tapscript leaf `<key> CHECKSIG` with a valid signature. */
export function tapscriptSpend() {
  const { leaf, out, prevouts, tx, sign } = tapscriptLeafTx();
  tx.setWitness(0, [sign(), leaf, out.leaves[0]!.controlBlock]);
  return { tx, spk: out.scriptPubKey, prevouts };
}
