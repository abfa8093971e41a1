/**
 * The native engine against the TypeScript reference where signature checks succeed: the other
 * differential tests use checkers that fail every ECDSA check, so the paths after a valid
 * signature (CHECKMULTISIG's matching loop, CHECKSIGVERIFY passing, NULLFAIL after partial
 * success) and the scriptCode handed to the checker (OP_CODESEPARATOR, FindAndDelete in BASE,
 * none in witness v0) are compared here. The checker accepts a signature by a function of
 * (signature, key, scriptCode, sigversion), so a different scriptCode changes the verdict, and
 * it logs every call: both engines must make the same calls in the same order.
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { toHex } from '../../src/script/bytes.js';
import { pushData } from '../../src/script/script.js';
import { baseChecker, type SignatureChecker } from '../../src/vm/checker.js';
import { ALL_FLAGS, FLAGS } from '../../src/vm/flags.js';
import { evaluate, verifyScript } from '../../src/vm/verify.js';

const native = loadNative();

/** Accepts by a hash of its inputs (about half the time); logs each call. */
function hashingChecker(): SignatureChecker & { log: string[] } {
  const log: string[] = [];
  return {
    ...baseChecker,
    log,
    checkEcdsaSignature: (sig, pk, code, sv) => {
      const entry = `${toHex(sig)}|${toHex(pk)}|${toHex(code)}|${sv}`;
      log.push(entry);
      return (sha256(new TextEncoder().encode(entry))[0]! & 1) === 0;
    },
  };
}

const der = (r: number, s: number, t: number) => Uint8Array.of(0x30, 6, 2, 1, r, 2, 1, s, t);
const sigs = [new Uint8Array(0), der(1, 1, 1), der(2, 3, 0x81), der(4, 5, 0x04), Uint8Array.of(7), new Uint8Array(75).fill(9)];
const keys = [
  Uint8Array.of(2, ...new Uint8Array(32).fill(1)),
  Uint8Array.of(3, ...new Uint8Array(32).fill(2)),
  Uint8Array.of(4, ...new Uint8Array(64).fill(3)),
  Uint8Array.of(6, ...new Uint8Array(64).fill(4)),
  Uint8Array.of(5),
];
const op = (...b: number[]) => Uint8Array.of(...b);
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...sigs).map((s) => pushData(s)) },
  { weight: 4, arbitrary: fc.constantFrom(...keys).map((k) => pushData(k)) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }).map((n) => op(n === 0 ? 0x00 : 0x50 + n)) },
  // CHECKSIG, CHECKSIGVERIFY, CHECKMULTISIG, CHECKMULTISIGVERIFY, CODESEPARATOR
  { weight: 4, arbitrary: fc.constantFrom(op(0xac), op(0xad), op(0xae), op(0xaf), op(0xab)) },
  // IF, NOTIF, ELSE, ENDIF, DROP, DUP, SWAP, NOT, 2DUP, OVER
  { weight: 3, arbitrary: fc.constantFrom(op(0x63), op(0x64), op(0x67), op(0x68), op(0x75), op(0x76), op(0x7c), op(0x91), op(0x6e), op(0x78)) },
);
const cat = (ps: Uint8Array[]) => Uint8Array.from(ps.flatMap((p) => [...p]));
const sigPush = fc.constantFrom(...sigs).map((x) => pushData(x));
const keyPush = fc.constantFrom(...keys).map((x) => pushData(x));
const small = (n: number) => op(n === 0 ? 0x00 : 0x50 + n);
// Whole signature checks: <sig> <key> CHECKSIG(VERIFY), and m-of-n CHECKMULTISIG(VERIFY) with a dummy.
const checksig = fc.tuple(sigPush, keyPush, fc.constantFrom(0xac, 0xad)).map(([a, b, o]) => cat([a, b, op(o)]));
const multisig = fc
  .tuple(fc.constantFrom(op(0x00), op(0x51)), fc.array(sigPush, { maxLength: 3 }), fc.array(keyPush, { maxLength: 3 }), fc.constantFrom(0xae, 0xaf))
  .map(([dummy, ss, ks, o]) => cat([dummy, ...ss, small(ss.length), ...ks, small(ks.length), op(o)]));
const script = fc
  .array(fc.oneof({ weight: 2, arbitrary: checksig }, { weight: 2, arbitrary: multisig }, { weight: 5, arbitrary: piece }), { maxLength: 12 })
  .map(cat);
const stackItem = fc.constantFrom(...sigs, ...keys, new Uint8Array(0), op(1), op(2));
const sigFlags = FLAGS.STRICTENC | FLAGS.DERSIG | FLAGS.LOW_S | FLAGS.NULLFAIL | FLAGS.NULLDUMMY | FLAGS.CONST_SCRIPTCODE | FLAGS.WITNESS_PUBKEYTYPE | FLAGS.MINIMALDATA;
const flags = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: ALL_FLAGS }).map((f) => f & sigFlags), fc.integer({ min: 0, max: ALL_FLAGS }));

describe.skipIf(!native)('native engine = TypeScript engine when signature checks pass', () => {
  it('evaluate (base and witness v0): same result and the same checker calls', () => {
    fc.assert(
      fc.property(script, fc.array(stackItem, { maxLength: 6 }), fc.constantFrom('base' as const, 'witness_v0' as const), flags, (s, stack, sigVersion, f) => {
        const a = hashingChecker();
        const b = hashingChecker();
        const n = native!.evaluate(s, stack, { sigVersion, flags: f, checker: a });
        expect(n).toBeDefined();
        expect(n).toEqual(evaluate(s, stack, { sigVersion, flags: f, checker: b }));
        expect(a.log).toEqual(b.log);
      }),
      { numRuns: 1500 },
    );
  });

  it('verifyScript (bare, P2SH, P2WSH, P2SH-P2WSH): same result and the same checker calls', () => {
    const p2sh = (r: Uint8Array) => Uint8Array.of(0xa9, 0x14, ...ripemd160(sha256(r)), 0x87);
    const p2wsh = (w: Uint8Array) => Uint8Array.of(0x00, 0x20, ...sha256(w));
    const pushes = (xs: Uint8Array[]) => Uint8Array.from(xs.flatMap((x) => [...pushData(x)]));
    fc.assert(
      fc.property(script, fc.array(stackItem, { maxLength: 5 }), fc.integer({ min: 0, max: 3 }), flags, (inner, items, shape, f0) => {
        const f = f0 & FLAGS.WITNESS ? f0 | FLAGS.P2SH : f0;
        let sig = new Uint8Array(0);
        let spk = inner;
        let witness: Uint8Array[] = [];
        if (shape === 0) sig = pushes(items);
        else if (shape === 1) [sig, spk] = [pushes([...items, inner]), p2sh(inner)];
        else if (shape === 2) [spk, witness] = [p2wsh(inner), [...items, inner]];
        else [sig, spk, witness] = [pushes([p2wsh(inner)]), p2sh(p2wsh(inner)), [...items, inner]];
        const a = hashingChecker();
        const b = hashingChecker();
        const n = native!.verifyScript(sig, spk, { flags: f, witness, checker: a });
        expect(n).toBeDefined();
        expect(n).toEqual(verifyScript(sig, spk, { flags: f, witness, checker: b }));
        expect(a.log).toEqual(b.log);
      }),
      { numRuns: 1500 },
    );
  });
});
