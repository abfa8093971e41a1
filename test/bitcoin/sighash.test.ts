import { readFileSync } from 'node:fs';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { TransactionSignatureChecker } from '../../src/bitcoin/checker.js';
import { parseDerLax, parsePubKey, verifyEcdsa } from '../../src/bitcoin/ecdsa.js';
import { ByteWriter } from '../../src/bitcoin/serialize.js';
import { legacySighash, PrecomputedTxData, segwitV0Sighash, serializeLegacyScriptCode, SIGHASH_ONE, taprootSighash } from '../../src/bitcoin/sighash.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { verifyInputs, verifyTransaction } from '../../src/bitcoin/verifytx.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { concatBytes, fromHex, toHex } from '../../src/script/bytes.js';
import { newExecData } from '../../src/vm/interpreter.js';

const B143 = JSON.parse(readFileSync(new URL('../fixtures/bip143_examples.json', import.meta.url), 'utf8'));
const N = secp256k1.Point.CURVE().n;
const prevoutsOf = (ex: any) => ex.prevouts.map((p: any) => ({ script: fromHex(p.scriptPubKey), value: BigInt(p.amountSats) }));
const hash256 = (b: Uint8Array) => sha256(sha256(b));
const hash160 = (b: Uint8Array) => ripemd160(sha256(b));

describe('BIP143 examples', () => {
  for (const ex of B143.examples) {
    it(`${ex.name}: intermediate hashes, sighash, signature`, () => {
      const tx = Transaction.fromHex(ex.unsignedTx);
      const data = new PrecomputedTxData(tx);
      for (const s of ex.sighashes) {
        if (s.hashPrevouts) expect(toHex(sha256(data.prevoutsSha()))).toBe(s.hashPrevouts);
        if (s.hashSequence && s.hashSequence !== '00'.repeat(32)) expect(toHex(sha256(data.sequencesSha()))).toBe(s.hashSequence);
        if (s.hashOutputs && s.hashOutputs !== '00'.repeat(32)) expect(toHex(sha256(data.outputsSha()))).toBe(s.hashOutputs);
        const amount = BigInt(ex.prevouts[s.input].amountSats);
        const h = segwitV0Sighash(data, s.input, fromHex(s.scriptCode), amount, s.hashType);
        expect(toHex(h)).toBe(s.sigHash);
        expect(verifyEcdsa(fromHex(s.signature), fromHex(s.pubkey), h)).toBe(true);
        expect(verifyEcdsa(fromHex(s.signature), fromHex(s.pubkey), hash256(h))).toBe(false);
      }
    });
  }

  it('the signed transactions verify input by input (legacy P2PK, P2WPKH, P2SH-P2WPKH, P2WSH with OP_CODESEPARATOR)', () => {
    for (const ex of B143.examples) {
      let tx: Transaction;
      if (ex.signedTx) tx = Transaction.fromHex(ex.signedTx);
      else {
        tx = Transaction.fromHex(ex.unsignedTx);
        tx.setInputScript(0, fromHex(ex.scriptSigInput0));
        tx.setWitness(1, [...ex.witnessInput1.map(fromHex), fromHex(ex.witnessScript)]);
      }
      const verdict = verifyTransaction(tx, prevoutsOf(ex));
      expect(verdict.reject, ex.name).toBeUndefined();
      expect(verdict.inputs.map((v) => v.error), ex.name).toEqual(tx.ins.map(() => 'OK'));
      // The amount is committed to: a wrong prevout amount breaks the segwit signature.
      const wrong = prevoutsOf(ex).map((p: any) => ({ ...p, value: p.value + 1n }));
      expect(verifyTransaction(tx, wrong).inputs.some((v) => !v.success), ex.name).toBe(true);
    }
  });
});

describe('a negative amount', () => {
  // Core's CheckECDSASignature: "witness sighashes need the amount", and a negative one is missing
  // data, which a checker that may not abort answers with a failed check. Legacy hashes ignore it.
  it('fails witness v0 ECDSA checks that pass with the right amount (given, or from the spent outputs)', () => {
    const ex = B143.examples[0]; // Native P2WPKH
    const tx = Transaction.fromHex(ex.signedTx);
    let checked = 0;
    for (const s of ex.sighashes) {
      const sig = concatBytes(fromHex(s.signature), Uint8Array.of(s.hashType));
      const amount = BigInt(ex.prevouts[s.input].amountSats);
      const check = (c: TransactionSignatureChecker) => c.checkEcdsaSignature(sig, fromHex(s.pubkey), fromHex(s.scriptCode), 'witness_v0');
      expect(check(new TransactionSignatureChecker(tx, s.input, { amount }))).toBe(true);
      expect(check(new TransactionSignatureChecker(tx, s.input, { amount: -1n }))).toBe(false);
      expect(check(new TransactionSignatureChecker(tx, s.input, { amount: -amount }))).toBe(false);
      const spent = prevoutsOf(ex).map((p: any, i: number) => (i === s.input ? { ...p, value: -1n } : p));
      expect(check(new TransactionSignatureChecker(tx, s.input, { spentOutputs: spent }))).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('fails even for a signature made over the negative amount', () => {
    // A signature over the BIP143 hash with amount -1 (int64 -1 serialized as Core would if it
    // hashed it): a checker that hashed the amount as given would accept it.
    const tx = Transaction.fromHex(B143.examples[0].signedTx);
    const priv = new Uint8Array(32).fill(7);
    const pubkey = secp256k1.getPublicKey(priv, true);
    const code = concatBytes(fromHex('76a914'), hash160(pubkey), fromHex('88ac'));
    for (const amount of [-1n, -50_000n]) {
      const h = segwitV0Sighash(new PrecomputedTxData(tx), 0, code, amount, 1);
      const sig = concatBytes(secp256k1.sign(h, priv, { prehash: false, format: 'der', lowS: true }), Uint8Array.of(1));
      expect(verifyEcdsa(sig.subarray(0, sig.length - 1), pubkey, h)).toBe(true);
      expect(new TransactionSignatureChecker(tx, 0, { amount }).checkEcdsaSignature(sig, pubkey, code, 'witness_v0')).toBe(false);
    }
  });
});

describe('legacy signature hashing quirks', () => {
  it('SIGHASH_SINGLE without a matching output hashes to ONE', () => {
    const ex = B143.examples[2];
    const tx = Transaction.fromHex(ex.unsignedTx); // two inputs, one output
    expect(legacySighash(tx, 1, fromHex('51'), 3)).toEqual(SIGHASH_ONE);
    expect(legacySighash(tx, 1, fromHex('51'), 0x83)).toEqual(SIGHASH_ONE);
    expect(legacySighash(tx, 0, fromHex('51'), 3)).not.toEqual(SIGHASH_ONE);
    expect(legacySighash(tx, 5, fromHex('51'), 1)).toEqual(SIGHASH_ONE);
  });

  it('removes OP_CODESEPARATORs, and stops where Core’s parser stops on a truncated push', () => {
    const ser = (hex: string) => {
      const w = new ByteWriter();
      serializeLegacyScriptCode(w, fromHex(hex));
      return toHex(w.bytes());
    };
    expect(ser('51ab52ab')).toBe('025152');
    expect(ser('01abab')).toBe('0201ab'); // 0xab inside a push is data
    expect(ser('ab4c')).toBe('014c');
    // Length counts 3 bytes but only the opcode and its length byte are written.
    expect(ser('ab4c0501')).toBe('034c05');
    expect(ser('')).toBe('00');
  });
});

describe('ECDSA with Core’s semantics', () => {
  const ex = B143.examples[0];
  const s0 = ex.sighashes[0];
  const tx = Transaction.fromHex(ex.unsignedTx);
  const hash = segwitV0Sighash(new PrecomputedTxData(tx), 1, fromHex(s0.scriptCode), 600000000n, 1);
  const der = fromHex(s0.signature);
  const pub = fromHex(s0.pubkey);
  const { r, s } = parseDerLax(der)!;
  const int = (v: bigint) => {
    let h = v.toString(16);
    if (h.length % 2) h = '0' + h;
    if (parseInt(h.slice(0, 2), 16) & 0x80) h = '00' + h;
    return fromHex(h);
  };
  const encode = (rb: Uint8Array, sb: Uint8Array, lenBytes?: Uint8Array) =>
    concatBytes(Uint8Array.of(0x30), lenBytes ?? Uint8Array.of(rb.length + sb.length + 4), Uint8Array.of(2, rb.length), rb, Uint8Array.of(2, sb.length), sb);

  it('accepts a high-S signature (normalized before verifying)', () => {
    expect(verifyEcdsa(encode(int(r), int(N - s)), pub, hash)).toBe(true);
  });

  it('parses lax DER: excess padding, long-form lengths, trailing garbage', () => {
    const padded = encode(concatBytes(Uint8Array.of(0, 0), int(r)), int(s));
    expect(verifyEcdsa(padded, pub, hash)).toBe(true);
    const longForm = concatBytes(Uint8Array.of(0x30, 0x82, 0x00, 0x44, 0x02, 0x81, int(r).length), int(r), Uint8Array.of(2, int(s).length), int(s));
    expect(parseDerLax(longForm)).toEqual({ r, s });
    expect(verifyEcdsa(concatBytes(der, Uint8Array.of(1, 2, 3)), pub, hash)).toBe(true);
    expect(parseDerLax(fromHex('3006020101020101'))).toEqual({ r: 1n, s: 1n });
    expect(parseDerLax(fromHex('31060201010201'))).toBeUndefined();
  });

  it('turns an R or S at or above the group order into an invalid (0, 0) signature', () => {
    expect(parseDerLax(encode(int(N), int(s)))).toEqual({ r: 0n, s: 0n });
    expect(parseDerLax(encode(int(r), concatBytes(Uint8Array.of(1), new Uint8Array(32))))).toEqual({ r: 0n, s: 0n });
    expect(verifyEcdsa(encode(int(r + N), int(s)), pub, hash)).toBe(false);
  });

  it('parses hybrid keys (0x06/0x07) only with the matching parity of y', () => {
    const full = secp256k1.Point.fromBytes(pub).toBytes(false);
    const odd = (full[64]! & 1) === 1;
    const good = full.slice();
    good[0] = odd ? 7 : 6;
    const bad = full.slice();
    bad[0] = odd ? 6 : 7;
    expect(parsePubKey(good)).toEqual(full);
    expect(parsePubKey(bad)).toBeUndefined();
    expect(verifyEcdsa(der, good, hash)).toBe(true);
    expect(verifyEcdsa(der, full.subarray(0, 33), hash)).toBe(false);
  });
});

describe('taproot signature hashing through the checker', () => {
  const priv = fromHex('6b973d88838f27366ed61c9ad6367663045cb456e28335c109e30717ae0c6baa');
  const xonly = schnorr.getPublicKey(priv);
  const leafScript = parseCoreAsm(`0x20 0x${toHex(xonly)} CODESEPARATOR CHECKSIG`);
  const out = buildTaprootOutput({ tree: { script: leafScript } });
  const mkTx = (outputs: number) => {
    const tx = new Transaction();
    tx.version = 2;
    tx.addInput(new Uint8Array(32).fill(7), 0, 0xfffffffd);
    for (let i = 0; i < outputs; i++) tx.addOutput(out.scriptPubKey, 1000n);
    return tx;
  };
  const prevouts = [{ script: out.scriptPubKey, value: 5000n }];
  const sign = (tx: Transaction, hashType: number, codeSeparatorPos: number, annex?: Uint8Array) => {
    const execData = { ...newExecData(), tapleafHash: out.leaves[0]!.leafHash, codeSeparatorPos, annexHash: annex ? sha256(concatBytes(Uint8Array.of(annex.length), annex)) : undefined };
    const h = taprootSighash(new PrecomputedTxData(tx, prevouts), 0, hashType, 'tapscript', execData)!;
    const sig = schnorr.sign(h, priv, new Uint8Array(32));
    return hashType === 0 ? sig : concatBytes(sig, Uint8Array.of(hashType));
  };
  const spendWith = (tx: Transaction, sig: Uint8Array, annex?: Uint8Array) => {
    tx.setWitness(0, [sig, leafScript, out.leaves[0]!.controlBlock, ...(annex ? [annex] : [])]);
    // The scripts alone: mkTx(0), without outputs, is refused by Core's CheckTransaction.
    return verifyInputs(tx, prevouts)[0]!.error;
  };

  it('commits to the position of the last executed OP_CODESEPARATOR', () => {
    const tx = mkTx(1);
    expect(spendWith(tx, sign(tx, 0, 1))).toBe('OK');
    expect(spendWith(tx, sign(tx, 0, 0xffffffff))).toBe('SCHNORR_SIG');
    expect(spendWith(tx, sign(tx, 0x83, 1))).toBe('OK');
  });

  it('commits to the annex', () => {
    const tx = mkTx(1);
    const annex = fromHex('50deadbeef');
    expect(spendWith(tx, sign(tx, 1, 1, annex), annex)).toBe('OK');
    expect(spendWith(tx, sign(tx, 1, 1), annex)).toBe('SCHNORR_SIG');
  });

  it('rejects undefined hash types, SIGHASH_SINGLE without an output, and bad sizes', () => {
    const tx = mkTx(0);
    const sig = sign(mkTx(1), 0, 1);
    expect(spendWith(tx, concatBytes(sig, Uint8Array.of(0x03)))).toBe('SCHNORR_SIG_HASHTYPE');
    expect(spendWith(tx, concatBytes(sig, Uint8Array.of(0x04)))).toBe('SCHNORR_SIG_HASHTYPE');
    expect(spendWith(tx, concatBytes(sig, Uint8Array.of(0x00)))).toBe('SCHNORR_SIG_HASHTYPE');
    expect(spendWith(tx, sig.subarray(0, 63))).toBe('SCHNORR_SIG_SIZE');
    const checker = new TransactionSignatureChecker(tx, 0, { spentOutputs: prevouts });
    expect(checker.checkSchnorrSignature(concatBytes(sig, Uint8Array.of(0x81)), xonly, 'tapscript', { ...newExecData(), tapleafHash: out.leaves[0]!.leafHash })).toBe('SCHNORR_SIG');
    // Without the spent outputs, BIP341 hashing cannot run: Core reports SCHNORR_SIG_HASHTYPE.
    expect(new TransactionSignatureChecker(tx, 0).checkSchnorrSignature(sig, xonly, 'tapscript', newExecData())).toBe('SCHNORR_SIG_HASHTYPE');
  });
});
