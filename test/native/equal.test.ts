/**
 * OP_EQUAL / OP_EQUALVERIFY on byte strings that differ in exactly one bit, at every position of
 * every length up to 40 bytes (and 64, 520): the native core compares items of at most 32 bytes
 * with overlapping word loads, so a byte missed by one of those loads would answer "equal" for
 * strings that are not. Random scripts rarely build such near-equal pairs; this test does. Items
 * come in as the script's pushes (views), as the caller's stack (views into the input), and as
 * computed results (a hash, a number), so every kind of item is compared.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { pushData } from '../../src/script/script.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import { evaluate, type EvalResult } from '../../src/vm/verify.js';

const native = loadNative();
const OP_EQUAL = 0x87;
const OP_EQUALVERIFY = 0x88;
const OP_SHA256 = 0xa8;
const OP_0 = 0x00;
const OP_ADD = 0x93;

/** The native engine's result; these scripts are all within its limits, so a decline fails the test. */
function nativeEval(script: Uint8Array, stack: Uint8Array[]): EvalResult {
  const r = native!.evaluate(script, stack, {});
  if (r === undefined) throw new Error('the native engine declined the script');
  return r;
}

const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const TRUE = [Uint8Array.of(1)];
const FALSE = [new Uint8Array(0)];

/** Deterministic bytes (no zero bytes, so that flipping a bit never makes two strings equal). */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = 1 + ((x >>> 16) % 255);
  }
  return out;
}

const LENGTHS = [...Array.from({ length: 41 }, (_, n) => n), 64, 520];

describe.skipIf(!native)('native OP_EQUAL = TypeScript on near-equal byte strings', () => {
  it('pushed items and stack items: equal, and one bit flipped at every position', () => {
    let cases = 0;
    for (const n of LENGTHS) {
      const a = bytes(n, n);
      const variants: Uint8Array[] = [a.slice()];
      for (let i = 0; i < n; i++) {
        for (const bit of [0, 7]) {
          const b = a.slice();
          b[i] ^= 1 << bit;
          variants.push(b);
        }
      }
      for (const b of variants) {
        const same = a.every((v, i) => v === b[i]);
        const fromScript = cat(pushData(a), pushData(b), Uint8Array.of(OP_EQUAL));
        const fromStack = Uint8Array.of(OP_EQUAL);
        const verify = cat(pushData(a), pushData(b), Uint8Array.of(OP_EQUALVERIFY, 0x51));
        for (const [script, stack] of [
          [fromScript, []],
          [fromStack, [a, b]],
          [verify, []],
        ] as const) {
          const want = evaluate(script, [...stack], {});
          const got = nativeEval(script, [...stack]);
          expect(got).toEqual(want);
          if (script !== verify) expect(got.stack).toEqual(same ? TRUE : FALSE);
          else expect(got.error).toBe(same ? 'OK' : 'EQUALVERIFY');
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(3000);
  });

  it('computed items (a SHA-256 digest, a number) against pushes that differ in one bit', () => {
    const msg = Uint8Array.of(1, 2, 3);
    const digest = sha256(msg);
    for (let i = -1; i < 32; i++) {
      const other = digest.slice();
      if (i >= 0) other[i] ^= 0x10;
      const script = cat(pushData(msg), Uint8Array.of(OP_SHA256), pushData(other), Uint8Array.of(OP_EQUAL));
      const got = nativeEval(script, []);
      expect(got).toEqual(evaluate(script, [], {}));
      expect(got.stack).toEqual(i < 0 ? TRUE : FALSE);
    }
    // A number computed by ADD (stored as a value until its bytes are read) against its encoding
    // with one bit flipped; 5-byte results are stored as bytes.
    for (const v of [1, 255, 256, 65_535, 2 ** 23, 2 ** 31 - 1, -(2 ** 31 - 1), 2 ** 32 - 2]) {
      const half = Math.floor(v / 2);
      const enc = encodeScriptNum(v);
      for (let i = -1; i < enc.length; i++) {
        const other = enc.slice();
        if (i >= 0) other[i] ^= 0x02;
        const add = v > 2 ** 31 - 1 ? cat(pushData(encodeScriptNum(half)), pushData(encodeScriptNum(v - half)), Uint8Array.of(OP_ADD)) : cat(pushData(enc), Uint8Array.of(OP_0, OP_ADD));
        const script = cat(add, pushData(other), Uint8Array.of(OP_EQUAL));
        const got = nativeEval(script, []);
        expect(got).toEqual(evaluate(script, [], {}));
        expect(got.stack).toEqual(i < 0 ? TRUE : FALSE);
      }
    }
  });
});
