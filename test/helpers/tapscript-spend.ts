/** A signed one-input transaction for tests that need a real tapscript spend. */
import { schnorr } from '@noble/curves/secp256k1.js';
import { Transaction } from 'bitcoinjs-lib';
import { PrecomputedTxData, taprootSighash } from '../../src/bitcoin/sighash.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { fromHex, toHex } from '../../src/script/bytes.js';
import { newExecData } from '../../src/vm/interpreter.js';

/** A one-input transaction spending a tapscript leaf `<key> CHECKSIG` with a valid signature. */
export function tapscriptSpend() {
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
