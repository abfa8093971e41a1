import { readFileSync } from 'node:fs';
import * as ecc from '@bitcoinerlab/secp256k1';
import { initEccLib, payments, Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { TransactionSignatureChecker } from '../../src/bitcoin/checker.js';
import { PrecomputedTxData, taprootSighash } from '../../src/bitcoin/sighash.js';
import { verifySchnorr } from '../../src/bitcoin/schnorr.js';
import { buildTaprootOutput, type TapTree } from '../../src/bitcoin/taproot.js';
import { fromHex, toHex } from '../../src/script/bytes.js';
import { FLAGS } from '../../src/vm/flags.js';
import { verifyScript } from '../../src/vm/verify.js';

const V = JSON.parse(readFileSync(new URL('../fixtures/bip341_wallet_vectors.json', import.meta.url), 'utf8'));

type JsonTree = { script: string; leafVersion: number } | [JsonTree, JsonTree];
const toTree = (t: JsonTree): TapTree =>
  Array.isArray(t) ? [toTree(t[0]), toTree(t[1])] : { script: fromHex(t.script), leafVersion: t.leafVersion };

const STANDARD = Object.values(FLAGS).reduce((a, b) => a | b, 0) & ~FLAGS.CONST_SCRIPTCODE;

describe('BIP341 wallet vectors: scriptPubKey', () => {
  it.each((V.scriptPubKey as unknown[]).map((c, i): [number, unknown] => [i, c]))('case %i', (_i, c: any) => {
    const out = buildTaprootOutput({
      internalKey: fromHex(c.given.internalPubkey),
      tree: c.given.scriptTree ? toTree(c.given.scriptTree) : undefined,
    });
    expect(toHex(out.tweak)).toBe(c.intermediary.tweak);
    expect(toHex(out.outputKey)).toBe(c.intermediary.tweakedPubkey);
    expect(out.merkleRoot ? toHex(out.merkleRoot) : null).toBe(c.intermediary.merkleRoot);
    expect(toHex(out.scriptPubKey)).toBe(c.expected.scriptPubKey);
    expect(out.address).toBe(c.expected.bip350Address);
    if (c.intermediary.leafHashes) expect(out.leaves.map((l) => toHex(l.leafHash))).toEqual(c.intermediary.leafHashes);
    if (c.expected.scriptPathControlBlocks) {
      expect(out.leaves.map((l) => toHex(l.controlBlock))).toEqual(c.expected.scriptPathControlBlocks);
    }
  });

  it('matches bitcoinjs-lib payments.p2tr for the same trees and keys', () => {
    initEccLib(ecc);
    for (const c of V.scriptPubKey) {
      if (!c.given.scriptTree) continue;
      const toJs = (t: JsonTree): any => (Array.isArray(t) ? [toJs(t[0]), toJs(t[1])] : { output: fromHex(t.script), version: t.leafVersion });
      const p = payments.p2tr({ internalPubkey: fromHex(c.given.internalPubkey), scriptTree: toJs(c.given.scriptTree) });
      const ours = buildTaprootOutput({ internalKey: fromHex(c.given.internalPubkey), tree: toTree(c.given.scriptTree) });
      expect(ours.address).toBe(p.address);
      expect(toHex(ours.scriptPubKey)).toBe(toHex(p.output!));
    }
  });
});

describe('BIP341 wallet vectors: key-path spending', () => {
  const kps = V.keyPathSpending[0];
  const tx = Transaction.fromHex(kps.given.rawUnsignedTx);
  const spent = kps.given.utxosSpent.map((u: any) => ({ script: fromHex(u.scriptPubKey), value: BigInt(u.amountSats) }));
  const data = new PrecomputedTxData(tx, spent);

  it('computes the transaction-level hashes', () => {
    expect(toHex(data.prevoutsSha())).toBe(kps.intermediary.hashPrevouts);
    expect(toHex(data.spentAmountsSha())).toBe(kps.intermediary.hashAmounts);
    expect(toHex(data.spentScriptsSha())).toBe(kps.intermediary.hashScriptPubkeys);
    expect(toHex(data.sequencesSha())).toBe(kps.intermediary.hashSequences);
    expect(toHex(data.outputsSha())).toBe(kps.intermediary.hashOutputs);
  });

  it.each((kps.inputSpending as { given: { txinIndex: number } }[]).map((s): [number, unknown] => [s.given.txinIndex, s]))('input %i: sighash and signature', (_i, s: any) => {
    const nIn = s.given.txinIndex;
    const hash = taprootSighash(data, nIn, s.given.hashType, 'taproot', { codeSeparatorPos: 0xffffffff });
    expect(toHex(hash!)).toBe(s.intermediary.sigHash);
    const sig = fromHex(s.expected.witness[0]);
    const pubkey = spent[nIn].script.subarray(2);
    expect(verifySchnorr(sig.subarray(0, 64), hash!, pubkey)).toBe(true);
    const wrong = hash!.slice();
    wrong[0] ^= 1;
    expect(verifySchnorr(sig.subarray(0, 64), wrong, pubkey)).toBe(false);
  });

  it('verifies every input of the fully signed transaction (Schnorr, legacy and BIP143 ECDSA)', () => {
    const signed = Transaction.fromHex(kps.auxiliary.fullySignedTx);
    const pre = new PrecomputedTxData(signed, spent);
    for (let i = 0; i < signed.ins.length; i++) {
      const checker = new TransactionSignatureChecker(signed, i, { spentOutputs: spent, precomputed: pre });
      const r = verifyScript(signed.ins[i]!.script, spent[i].script, { flags: STANDARD, checker, witness: signed.ins[i]!.witness });
      expect(r.error, `input ${i}`).toBe('OK');
    }
  });

  it('rejects each input when its signature is altered', () => {
    const signed = Transaction.fromHex(kps.auxiliary.fullySignedTx);
    for (let i = 0; i < signed.ins.length; i++) {
      const bad = Transaction.fromHex(kps.auxiliary.fullySignedTx);
      const input = bad.ins[i]!;
      if (input.witness.length > 0) {
        const w = input.witness.map((x) => x.slice());
        w[0]![10] ^= 1;
        bad.setWitness(i, w);
      } else {
        const s = input.script.slice();
        s[10] ^= 1;
        bad.setInputScript(i, s);
      }
      const checker = new TransactionSignatureChecker(bad, i, { spentOutputs: spent });
      const r = verifyScript(bad.ins[i]!.script, spent[i].script, { flags: STANDARD, checker, witness: bad.ins[i]!.witness });
      expect(r.success, `input ${i}`).toBe(false);
      expect(['SCHNORR_SIG', 'EVAL_FALSE', 'SIG_NULLFAIL'], `input ${i}: ${r.error}`).toContain(r.error);
    }
    expect(signed.ins.length).toBe(9);
  });
});
