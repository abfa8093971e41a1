/**
 * Taproot and tapscript rules as Bitcoin Core decides them (interpreter.cpp: VerifyWitnessProgram,
 * EvalChecksigTapscript, SignatureHashSchnorr), on both engines: the key path (empty witness, annex,
 * signature sizes and hash types), the control block size rules, the leaf version mask and unknown
 * leaf versions, the validation weight, OP_CODESEPARATOR positions, the witness v1 programs that are
 * not taproot, and Core's five TAPSCRIPT script_tests.json vectors.
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { payments, Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { TransactionSignatureChecker } from '../../src/bitcoin/checker.js';
import { PrecomputedTxData, taprootSighash } from '../../src/bitcoin/sighash.js';
import { ensureEccLib } from '../../src/bitcoin/ecc.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { loadNative } from '../../src/engine/native.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { concatBytes, fromHex, toHex } from '../../src/script/bytes.js';
import { pushDataBytes } from '../../src/script/script.js';
import type { SignatureChecker } from '../../src/vm/checker.js';
import { FLAGS } from '../../src/vm/flags.js';
import { newExecData } from '../../src/vm/interpreter.js';
import { TAPROOT_LEAF_TAPSCRIPT } from '../../src/vm/limits.js';
import { compactSize, merkleRootFromControl, tapleafHash, taggedHash, tweakPublicKey } from '../../src/vm/taproot.js';
import { CORE_VECTOR_INTERNAL_KEY, NUMS_INTERNAL_KEY, parseVectors, runVector } from '../../src/vm/vectors.js';
import { evaluate, verifyScript, type EvalResult, type EvaluateOptions, type VerifyOptions } from '../../src/vm/verify.js';
import { tapscriptLeafTx } from '../helpers/tapscript-spend.js';

const native = loadNative();
const EMPTY = new Uint8Array(0);
const TAPROOT = FLAGS.P2SH | FLAGS.WITNESS | FLAGS.TAPROOT;

/** Runs one spend on the TypeScript engine and, when the addon is built, on the native one (which must not decline). */
function verify(scriptSig: Uint8Array, scriptPubKey: Uint8Array, options: VerifyOptions): EvalResult {
  const ts = verifyScript(scriptSig, scriptPubKey, options);
  if (native) {
    const n = native.verifyScript(scriptSig, scriptPubKey, options);
    expect(n, 'the native engine declined').toBeDefined();
    expect({ success: n!.success, error: n!.error }).toEqual({ success: ts.success, error: ts.error });
  }
  return ts;
}
const verdict = (r: EvalResult) => ({ success: r.success, error: r.error });

const bigOf = (b: Uint8Array) => BigInt('0x' + (Buffer.from(b).toString('hex') || '0'));
const bytes32 = (n: bigint) => fromHex(n.toString(16).padStart(64, '0'));

/** A key-path-only output for `priv`, a one-input transaction spending it, and its key-path signer. */
function keyPathSpend() {
  const priv = fromHex('b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef');
  const internal = schnorr.getPublicKey(priv);
  const out = buildTaprootOutput({ internalKey: internal });
  const N = secp256k1.Point.CURVE().n;
  const d = bigOf(priv);
  const even = secp256k1.Point.BASE.multiply(d).toAffine().y % 2n === 0n ? d : N - d;
  const tweaked = bytes32((even + bigOf(taggedHash('TapTweak', internal))) % N);
  const prevouts = [{ script: out.scriptPubKey, value: 10_000n }];
  const tx = new Transaction();
  tx.version = 2;
  tx.addInput(new Uint8Array(32).fill(9), 1, 0xfffffffe);
  tx.addOutput(out.scriptPubKey, 9_000n);
  const sign = (hashType: number, annex?: Uint8Array) => {
    const annexHash = annex ? sha256(concatBytes(compactSize(annex.length), annex)) : undefined;
    const h = taprootSighash(new PrecomputedTxData(tx, prevouts), 0, hashType, 'taproot', { ...newExecData(), annexHash })!;
    const sig = schnorr.sign(h, tweaked, new Uint8Array(32));
    return hashType === 0 ? sig : concatBytes(sig, Uint8Array.of(hashType));
  };
  const checker: SignatureChecker = new TransactionSignatureChecker(tx, 0, { spentOutputs: prevouts });
  const run = (witness: Uint8Array[], flags = TAPROOT) => verdict(verify(EMPTY, out.scriptPubKey, { flags, checker, witness }));
  return { sign, run, spk: out.scriptPubKey, checker };
}

/** A script-path spend of `script` (leaf version `leafVersion`) under NUMS with a Merkle path of `path`. */
function scriptPath(script: Uint8Array, options: { leafVersion?: number; path?: Uint8Array[]; flipParity?: boolean } = {}) {
  const leafVersion = options.leafVersion ?? TAPROOT_LEAF_TAPSCRIPT;
  const path = options.path ?? [];
  const partial = concatBytes(Uint8Array.of(leafVersion), NUMS_INTERNAL_KEY, ...path);
  const root = merkleRootFromControl(partial, tapleafHash(leafVersion, script));
  const tweaked = tweakPublicKey(NUMS_INTERNAL_KEY, root)!;
  const control = partial.slice();
  control[0] = leafVersion | (tweaked.parity ^ (options.flipParity ? 1 : 0));
  return { spk: concatBytes(Uint8Array.of(0x51, 0x20), tweaked.outputKey), control };
}
const run = (spk: Uint8Array, witness: Uint8Array[], flags = TAPROOT) => verdict(verify(EMPTY, spk, { flags, witness }));

describe('taproot key path', () => {
  const k = keyPathSpend();

  it('fails an empty witness with WITNESS_PROGRAM_WITNESS_EMPTY, and accepts anything without the TAPROOT flag', () => {
    expect(k.run([])).toEqual({ success: false, error: 'WITNESS_PROGRAM_WITNESS_EMPTY' });
    expect(k.run([], FLAGS.P2SH | FLAGS.WITNESS)).toEqual({ success: true, error: 'OK' });
    expect(k.run([Uint8Array.of(1)], FLAGS.P2SH | FLAGS.WITNESS | FLAGS.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM)).toEqual({ success: true, error: 'OK' });
  });

  it('checks signature size and hash type: an empty signature is SCHNORR_SIG_SIZE, 65 bytes with 0x00 SCHNORR_SIG_HASHTYPE', () => {
    expect(k.run([EMPTY])).toEqual({ success: false, error: 'SCHNORR_SIG_SIZE' });
    expect(k.run([k.sign(0).subarray(0, 63)])).toEqual({ success: false, error: 'SCHNORR_SIG_SIZE' });
    expect(k.run([concatBytes(k.sign(0), Uint8Array.of(0))])).toEqual({ success: false, error: 'SCHNORR_SIG_HASHTYPE' });
    expect(k.run([concatBytes(k.sign(0), Uint8Array.of(1, 1))])).toEqual({ success: false, error: 'SCHNORR_SIG_SIZE' });
    // SIGHASH_SINGLE with input 0 and one output is fine; 0x04 and 0x84 are undefined.
    expect(k.run([k.sign(3)])).toEqual({ success: true, error: 'OK' });
    expect(k.run([concatBytes(k.sign(0), Uint8Array.of(0x04))])).toEqual({ success: false, error: 'SCHNORR_SIG_HASHTYPE' });
    expect(k.run([concatBytes(k.sign(0), Uint8Array.of(0x84))])).toEqual({ success: false, error: 'SCHNORR_SIG_HASHTYPE' });
  });

  it('drops an annex (last of two or more items, first byte 0x50) and commits to it', () => {
    const annex = fromHex('50c0ffee');
    expect(k.run([k.sign(0, annex), annex])).toEqual({ success: true, error: 'OK' });
    expect(k.run([k.sign(0), annex])).toEqual({ success: false, error: 'SCHNORR_SIG' });
    // The annex hash covers its CompactSize length: 3- and 5-byte lengths (any size: it is never a stack item).
    for (const n of [300, 70_000]) {
      const big = new Uint8Array(n).fill(0xa5);
      big[0] = 0x50;
      expect(k.run([k.sign(0, big), big]), `annex of ${n} bytes`).toEqual({ success: true, error: 'OK' });
    }
    // A bare 0x50 is an annex too; two annex-looking items: only the last is dropped.
    expect(k.run([k.sign(1, Uint8Array.of(0x50)), Uint8Array.of(0x50)])).toEqual({ success: true, error: 'OK' });
    expect(k.run([annex, annex])).toEqual({ success: false, error: 'SCHNORR_SIG_SIZE' });
    // One item is never an annex: it is the signature.
    const sig50 = k.sign(0);
    sig50[0] = 0x50;
    expect(k.run([sig50])).toEqual({ success: false, error: 'SCHNORR_SIG' });
    // An empty last item is not an annex: two items are a script path with an empty control block.
    expect(k.run([k.sign(0), EMPTY])).toEqual({ success: false, error: 'TAPROOT_WRONG_CONTROL_SIZE' });
  });
});

describe('taproot script path', () => {
  const leaf = parseCoreAsm('1');

  it('accepts control blocks of 33 + 32k bytes for k up to 128 (a real depth-128 path) and rejects every other size', () => {
    const path = Array.from({ length: 128 }, (_, i) => sha256(Uint8Array.of(i)));
    const deep = scriptPath(leaf, { path });
    expect(deep.control.length).toBe(33 + 32 * 128);
    expect(run(deep.spk, [leaf, deep.control])).toEqual({ success: true, error: 'OK' });
    const tooDeep = scriptPath(leaf, { path: [...path, sha256(Uint8Array.of(200))] });
    expect(run(tooDeep.spk, [leaf, tooDeep.control])).toEqual({ success: false, error: 'TAPROOT_WRONG_CONTROL_SIZE' });
    const { spk, control } = scriptPath(leaf);
    for (const n of [0, 1, 32, 34, 64, 66, 33 + 32 * 128 + 1]) {
      const c = concatBytes(control, new Uint8Array(Math.max(0, n - 33))).subarray(0, n);
      expect(run(spk, [leaf, c]), `control block of ${n} bytes`).toEqual({ success: false, error: 'TAPROOT_WRONG_CONTROL_SIZE' });
    }
    // Size is checked before the commitment: a wrong 65-byte control block is a mismatch.
    expect(run(spk, [leaf, concatBytes(control, new Uint8Array(32))])).toEqual({ success: false, error: 'WITNESS_PROGRAM_MISMATCH' });
  });

  it('takes the leaf version from the control byte masked with 0xfe, its low bit being the output key parity', () => {
    const { spk, control } = scriptPath(leaf, { flipParity: true });
    expect(run(spk, [leaf, control])).toEqual({ success: false, error: 'WITNESS_PROGRAM_MISMATCH' });
    // The same tree under leaf version 0xc2 is another commitment.
    const ok = scriptPath(leaf);
    const c2 = ok.control.slice();
    c2[0] = (c2[0]! & 1) | 0xc2;
    expect(run(ok.spk, [leaf, c2])).toEqual({ success: false, error: 'WITNESS_PROGRAM_MISMATCH' });
  });

  it('lets an unknown leaf version succeed without running its script, unless DISCOURAGE_UPGRADABLE_TAPROOT_VERSION', () => {
    const failing = Uint8Array.of(0x6a, 0x4d, 0xff); // RETURN, then a truncated push
    for (const v of [0xc2, 0x52, 0x00, 0xfe]) {
      const { spk, control } = scriptPath(failing, { leafVersion: v });
      expect(run(spk, [new Uint8Array(600), failing, control]), `leaf 0x${v.toString(16)}`).toEqual({ success: true, error: 'OK' });
      expect(run(spk, [failing, control], TAPROOT | FLAGS.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION)).toEqual({
        success: false,
        error: 'DISCOURAGE_UPGRADABLE_TAPROOT_VERSION',
      });
    }
    // Leaf version 0x50 cannot be spent: its control block, last in the witness, is an annex.
    const { spk, control } = scriptPath(failing, { leafVersion: 0x50 });
    expect(run(spk, [EMPTY, failing, control])).toEqual({ success: false, error: 'TAPROOT_WRONG_CONTROL_SIZE' });
  });

  it('drops an annex before taking the script and control block, and counts it in the validation weight budget', () => {
    // n checks of a 1-byte signature against a 33-byte (upgradable) key cost 50n; the script is 37n + 1 bytes.
    const check = concatBytes(pushDataBytes(Uint8Array.of(1)), pushDataBytes(new Uint8Array(33).fill(2)), parseCoreAsm('CHECKSIGVERIFY'));
    const checks = (n: number) => concatBytes(...Array.from({ length: n }, () => check), parseCoreAsm('1'));
    // Six: witness [script, control] = 1 + (1 + 223) + (1 + 33) = 259 bytes, budget 309 >= 300.
    const six = scriptPath(checks(6));
    expect(run(six.spk, [checks(6), six.control])).toEqual({ success: true, error: 'OK' });
    // Seven: 1 + (3 + 260) + 34 = 298 bytes, budget 348 < 350.
    const seven = scriptPath(checks(7));
    expect(run(seven.spk, [checks(7), seven.control])).toEqual({ success: false, error: 'TAPSCRIPT_VALIDATION_WEIGHT' });
    // A one-byte annex (0x50) adds 2 bytes to the witness: exactly 350, the last check leaves 0.
    expect(run(seven.spk, [checks(7), seven.control, Uint8Array.of(0x50)])).toEqual({ success: true, error: 'OK' });
  });
});

describe('tapscript signature opcodes (EvalChecksigTapscript)', () => {
  /** One tapscript on both engines: [TypeScript error, native error]. */
  const tap = (script: Uint8Array, stack: Uint8Array[], validationWeight: number, flags = 0) => {
    const o: EvaluateOptions = { sigVersion: 'tapscript', validationWeight, flags };
    const ts = evaluate(script, stack, o);
    if (!native) return ts.error;
    const n = native.evaluate(script, stack, o);
    expect(n, 'the native engine declined').toBeDefined();
    expect(n!.error).toBe(ts.error);
    return ts.error;
  };
  const CHECKSIG = Uint8Array.of(0xac);
  const CHECKSIGADD = Uint8Array.of(0xba);
  const sig1 = Uint8Array.of(1);

  it('charge the validation weight first: before the empty-key, upgradable-key and signature checks', () => {
    expect(tap(CHECKSIG, [sig1, EMPTY], 0)).toBe('TAPSCRIPT_VALIDATION_WEIGHT');
    expect(tap(CHECKSIG, [sig1, EMPTY], 50)).toBe('TAPSCRIPT_EMPTY_PUBKEY');
    expect(tap(CHECKSIG, [sig1, new Uint8Array(33)], 49, FLAGS.DISCOURAGE_UPGRADABLE_PUBKEYTYPE)).toBe('TAPSCRIPT_VALIDATION_WEIGHT');
    expect(tap(CHECKSIG, [new Uint8Array(64), new Uint8Array(32).fill(3)], 49)).toBe('TAPSCRIPT_VALIDATION_WEIGHT');
    // With the budget, the base checker fails the signature without naming an error (Core: UNKNOWN_ERROR).
    expect(tap(CHECKSIG, [new Uint8Array(64), new Uint8Array(32).fill(3)], 50)).toBe('UNKNOWN_ERROR');
  });

  it('CHECKSIGADD reads its number before charging, and may push a 5-byte result', () => {
    expect(tap(CHECKSIGADD, [sig1, new Uint8Array(5).fill(1), new Uint8Array(33)], 0)).toBe('SCRIPTNUM');
    const max = concatBytes(CHECKSIGADD, pushDataBytes(fromHex('0000008000')), parseCoreAsm('EQUAL'));
    expect(tap(max, [sig1, fromHex('ffffff7f'), new Uint8Array(33)], 50)).toBe('OK');
  });

  it('sign the position of the last executed OP_CODESEPARATOR, counting every opcode before it, executed or not', () => {
    // Opcode positions: IF 0, CODESEPARATOR 1, ELSE 2, CODESEPARATOR 3, ENDIF 4.
    const { leaf, out, prevouts, tx, sign } = tapscriptLeafTx('IF CODESEPARATOR ELSE CODESEPARATOR ENDIF');
    const checker = new TransactionSignatureChecker(tx, 0, { spentOutputs: prevouts });
    const spend = (sig: Uint8Array, branch: Uint8Array) =>
      verdict(verify(EMPTY, out.scriptPubKey, { flags: TAPROOT, checker, witness: [sig, branch, leaf, out.leaves[0]!.controlBlock] }));
    expect(spend(sign(1), Uint8Array.of(1))).toEqual({ success: true, error: 'OK' });
    expect(spend(sign(3), EMPTY)).toEqual({ success: true, error: 'OK' });
    expect(spend(sign(1), EMPTY)).toEqual({ success: false, error: 'SCHNORR_SIG' });
    expect(spend(sign(3), Uint8Array.of(1))).toEqual({ success: false, error: 'SCHNORR_SIG' });
  });
});

describe('witness v1 programs that are not taproot', () => {
  const inner = scriptPath(parseCoreAsm('0')); // a leaf that would fail if it ran
  const p2sh = (redeem: Uint8Array) => concatBytes(Uint8Array.of(0xa9, 0x14), sha256ToHash160(redeem), Uint8Array.of(0x87));

  it('P2SH-wrapped 32-byte v1 is an unknown witness program: its witness is not read', () => {
    const sig = pushDataBytes(inner.spk);
    const wrapped = p2sh(inner.spk);
    expect(verdict(verify(sig, wrapped, { flags: TAPROOT, witness: [parseCoreAsm('0'), inner.control] }))).toEqual({ success: true, error: 'OK' });
    expect(verdict(verify(sig, wrapped, { flags: TAPROOT, witness: [] }))).toEqual({ success: true, error: 'OK' });
    expect(verdict(verify(sig, wrapped, { flags: TAPROOT | FLAGS.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM, witness: [] }))).toEqual({
      success: false,
      error: 'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM',
    });
  });

  it('other v1 sizes are unknown programs; pay-to-anchor is not discouraged unless P2SH-wrapped', () => {
    const v1of20 = concatBytes(Uint8Array.of(0x51, 20), new Uint8Array(20).fill(1));
    expect(run(v1of20, [Uint8Array.of(1)])).toEqual({ success: true, error: 'OK' });
    expect(run(v1of20, [], TAPROOT | FLAGS.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM)).toEqual({ success: false, error: 'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM' });
    const anchor = fromHex('51024e73');
    expect(run(anchor, [], TAPROOT | FLAGS.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM)).toEqual({ success: true, error: 'OK' });
    const sig = pushDataBytes(anchor);
    expect(verdict(verify(sig, p2sh(anchor), { flags: TAPROOT | FLAGS.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM, witness: [] }))).toEqual({
      success: false,
      error: 'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM',
    });
  });
});

function sha256ToHash160(b: Uint8Array): Uint8Array {
  return ripemd160(sha256(b));
}

describe("Core's TAPSCRIPT script_tests.json vectors (#SCRIPT#, #CONTROLBLOCK#, #TAPROOTOUTPUT#)", () => {
  // The five taproot entries of Bitcoin Core's src/test/data/script_tests.json (not in the public fixture).
  const entries = [
    [['1ffe1234567890', '00', '#SCRIPT# HASH256 DUP SHA1 DROP DUP DROP TOALTSTACK HASH256 DUP DROP TOALTSTACK FROMALTSTACK', '#CONTROLBLOCK#', 0.00000001], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'OK'],
    [['abcdef', '#SCRIPT# 1 IF SHA256 ENDIF SIZE SWAP DROP 32 EQUAL', '#CONTROLBLOCK#', 0.00000001], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'OK'],
    [['abcdef', '#SCRIPT# 0 IF SHA256 ENDIF SIZE SWAP DROP 32 EQUAL', '#CONTROLBLOCK#', 0.00000001], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'EVAL_FALSE'],
    [['aa', 'bb', 'cc', '#SCRIPT# EQUAL IF DROP DROP ENDIF', '#CONTROLBLOCK#', 0.00000001], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'OK'],
    [['aa', '#SCRIPT# 0 CHECKSIG', '#CONTROLBLOCK#', 0.00000001], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'TAPSCRIPT_EMPTY_PUBKEY'],
  ];

  // As a file's text: a number amount is read from its digits (JSON.stringify writes the shortest).
  const run = (json: unknown[]) =>
    parseVectors(JSON.stringify(json)).map((c) => runVector(c, (v, checker) => verify(v.scriptSig, v.scriptPubKey, { flags: v.flags, checker, witness: v.witness })));

  it('pass on both engines', () => {
    for (const outcome of run(entries)) expect(outcome.status, `entry ${outcome.case.index}: got ${outcome.got}`).toBe('pass');
  });

  // script_tests.cpp builds the tree with TaprootBuilder, finalized with key0's x-only key (the
  // secret 1): bitcoinjs-lib's p2tr with that internal key is an independent account of it.
  it("fill the placeholders with Core's tree: internal key key0, leaf the item before #CONTROLBLOCK#", () => {
    ensureEccLib();
    for (const c of parseVectors(JSON.stringify(entries))) {
      const leaf = c.witness[c.witness.length - 2]!;
      const p2tr = payments.p2tr({ internalPubkey: CORE_VECTOR_INTERNAL_KEY, scriptTree: { output: leaf }, redeem: { output: leaf } });
      expect(toHex(c.scriptPubKey), `entry ${c.index}`).toBe(toHex(p2tr.output!));
      expect(toHex(c.witness[c.witness.length - 1]!), `entry ${c.index}`).toBe(toHex(p2tr.witness![p2tr.witness!.length - 1]!));
    }
  });

  it('a tapscript signature made over the transactions Core builds verifies', () => {
    // Core's BuildCreditingTransaction / BuildSpendingTransaction, spelled out with bitcoinjs-lib,
    // and the BIP341/342 hash from bitcoinjs-lib: nothing of bsml's but the ASM parser.
    ensureEccLib();
    const priv = fromHex('6b973d88838f27366ed61c9ad6367663045cb456e28335c109e30717ae0c6baa');
    const leaf = parseCoreAsm(`0x20 0x${toHex(schnorr.getPublicKey(priv))} CHECKSIG`);
    const p2tr = payments.p2tr({ internalPubkey: CORE_VECTOR_INTERNAL_KEY, scriptTree: { output: leaf } });
    const credit = new Transaction();
    credit.version = 1;
    credit.addInput(new Uint8Array(32), 0xffffffff, 0xffffffff, Uint8Array.of(0, 0));
    credit.addOutput(p2tr.output!, 1n);
    const spend = new Transaction();
    spend.version = 1;
    spend.addInput(credit.getHash(), 0, 0xffffffff);
    spend.addOutput(new Uint8Array(0), 1n);
    const leafHash = tapleafHash(TAPROOT_LEAF_TAPSCRIPT, leaf);
    const hash = spend.hashForWitnessV1(0, [p2tr.output!], [1n], Transaction.SIGHASH_DEFAULT, leafHash);
    const sig = toHex(schnorr.sign(hash, priv, new Uint8Array(32)));
    const entry = (s: string) => [[s, `#SCRIPT# 0x20 0x${toHex(schnorr.getPublicKey(priv))} CHECKSIG`, '#CONTROLBLOCK#', 0.00000001], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT'];
    const bad = toHex(schnorr.sign(sha256(hash), priv, new Uint8Array(32)));
    const outcomes = run([[...entry(sig), 'OK'], [...entry(bad), 'SCHNORR_SIG'], [...entry(sig + '04'), 'SCHNORR_SIG_HASHTYPE']]);
    for (const o of outcomes) expect(o.status, `entry ${o.case.index}: got ${o.got}`).toBe('pass');
  });

  it('take the leaf from the item before #CONTROLBLOCK#, written as hex or as #SCRIPT#', () => {
    const outcomes = run([
      // The leaf is the hex item 51 (OP_1): Core spends it.
      [['51', '#CONTROLBLOCK#', 0.00000001], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'OK'],
      // The leaf is 00 (OP_0), not the #SCRIPT# item before it: the commitment holds, OP_0 leaves two items.
      [['#SCRIPT# 1', '00', '#CONTROLBLOCK#', 0.00000001], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'CLEANSTACK'],
    ]);
    for (const o of outcomes) expect(o.status, `entry ${o.case.index}: got ${o.got}`).toBe('pass');
  });

  it('refuse placeholders Core cannot build, naming the entry', () => {
    expect(() => parseVectors([[['#CONTROLBLOCK#', '0'], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'OK']])).toThrow(
      'test vector entry 0: witness item 0: #CONTROLBLOCK# needs the leaf script as the witness item before it',
    );
    expect(() => parseVectors([[['#SCRIPT# 1', '0'], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'OK']])).toThrow(
      'test vector entry 0: #TAPROOTOUTPUT# needs a #CONTROLBLOCK# witness item',
    );
    expect(() => parseVectors([[['51', '#CONTROLBLOCK#', '#CONTROLBLOCK#', '0'], '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'OK']])).toThrow(
      'test vector entry 0: witness item 2: a second #CONTROLBLOCK#',
    );
  });
});
