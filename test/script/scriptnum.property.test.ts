/**
 * Script numbers (Core's CScriptNum) as properties: the encoding is checked against an independent
 * BigInt encoder written here and against bitcoinjs-lib's `script.number`, and the operand-size
 * limits against the interpreter (4 bytes for arithmetic, 5 for CLTV/CSV; results may be longer).
 */
import { script as bjs } from 'bitcoinjs-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/script/bytes.js';
import { pushDataBytes } from '../../src/script/script.js';
import { decodeScriptNum, encodeScriptNum, isMinimallyEncoded, ScriptNumError, scriptNumOrNaN } from '../../src/script/scriptnum.js';
import { FLAGS } from '../../src/vm/flags.js';
import { evaluate } from '../../src/vm/verify.js';

/** Sign-and-magnitude little-endian, minimal: the reference the implementation must match. */
function reference(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  const neg = n < 0n;
  let m = neg ? -n : n;
  const out: number[] = [];
  for (; m > 0n; m >>= 8n) out.push(Number(m & 0xffn));
  if (out[out.length - 1]! & 0x80) out.push(neg ? 0x80 : 0);
  else if (neg) out[out.length - 1]! |= 0x80;
  return Uint8Array.from(out);
}
function referenceValue(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(i === b.length - 1 ? b[i]! & 0x7f : b[i]!);
  return b[b.length - 1]! & 0x80 ? -v : v;
}

const MAX5 = 2 ** 39 - 1; // largest magnitude a 5-byte script number holds
const int5 = fc.integer({ min: -MAX5, max: MAX5 });
const int32 = fc.integer({ min: -0x7fffffff, max: 0x7fffffff });
const run = (script: Uint8Array, flags = 0) => evaluate(script, [], { flags }).error;
const push = (b: Uint8Array) => pushDataBytes(b);
const OP_1ADD = Uint8Array.of(0x8b);
const OP_ADD = Uint8Array.of(0x93);

describe('script numbers', () => {
  it('encode minimally, exactly as the reference, and decode back', () => {
    fc.assert(
      fc.property(int5, (n) => {
        const enc = encodeScriptNum(n);
        expect(enc).toEqual(reference(BigInt(n)));
        expect(isMinimallyEncoded(enc)).toBe(true);
        expect(decodeScriptNum(enc, true, 5)).toBe(n);
      }),
    );
  });

  it('decode any byte string of up to 5 bytes as the reference does; only the canonical one is minimal', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5 }), (b) => {
        const n = decodeScriptNum(b, false, 5);
        expect(BigInt(n)).toBe(referenceValue(b));
        const canonical = encodeScriptNum(n);
        expect(isMinimallyEncoded(b)).toBe(b.length === canonical.length && b.every((x, i) => x === canonical[i]));
        if (!isMinimallyEncoded(b)) expect(() => decodeScriptNum(b, true, 5)).toThrow(ScriptNumError);
      }),
    );
  });

  it('scriptNumOrNaN: NaN exactly where decodeScriptNum throws, the same value elsewhere', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 7 }), fc.boolean(), fc.integer({ min: 0, max: 6 }), (b, minimal, maxSize) => {
        const v = scriptNumOrNaN(b, minimal, maxSize);
        let expected: number | 'throws';
        try {
          expected = decodeScriptNum(b, minimal, maxSize);
        } catch (e) {
          expect(e).toBeInstanceOf(ScriptNumError);
          expected = 'throws';
        }
        if (expected === 'throws') expect(v).toBeNaN();
        else expect(v).toBe(expected);
      }),
    );
  });

  it('agree with bitcoinjs-lib on every 4-byte value', () => {
    fc.assert(
      fc.property(int32, fc.uint8Array({ maxLength: 4 }), (n, b) => {
        expect(encodeScriptNum(n)).toEqual(new Uint8Array(bjs.number.encode(n)));
        expect(decodeScriptNum(b, false)).toBe(bjs.number.decode(b, 4, false));
      }),
    );
  });

  it('reject operands over 4 bytes in arithmetic with SCRIPTNUM', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 8 }), fc.uint8Array({ maxLength: 4 }), (big, small) => {
        expect(() => decodeScriptNum(big, false)).toThrow(ScriptNumError);
        expect(run(concatBytes(push(big), OP_1ADD))).toBe('SCRIPTNUM');
        expect(run(concatBytes(push(small), OP_1ADD, Uint8Array.of(0x75, 0x51)))).toBe('OK');
      }),
    );
  });

  it('enforce MINIMALDATA on operands only under that flag', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 23 - 1), max: 2 ** 23 - 1 }), (v) => {
        // |v| minimally, then one redundant byte carrying the sign: same value, not minimal.
        const b = concatBytes(reference(BigInt(Math.abs(v))), Uint8Array.of(v < 0 ? 0x80 : 0x00));
        expect(isMinimallyEncoded(b)).toBe(false);
        expect(decodeScriptNum(b, false)).toBe(v);
        const script = concatBytes(push(b), OP_1ADD, Uint8Array.of(0x75, 0x51));
        expect(run(script)).toBe('OK');
        expect(run(script, FLAGS.MINIMALDATA)).toBe('SCRIPTNUM');
      }),
    );
  });

  it('give results that may be 5 bytes, which then fail as operands', () => {
    fc.assert(
      fc.property(int32, int32, (a, b) => {
        const sum = a + b;
        const r = evaluate(concatBytes(push(encodeScriptNum(a)), push(encodeScriptNum(b)), OP_ADD), []);
        expect(r.stack).toEqual([reference(BigInt(sum))]);
        const again = run(concatBytes(push(encodeScriptNum(a)), push(encodeScriptNum(b)), OP_ADD, OP_1ADD, Uint8Array.of(0x75, 0x51)));
        expect(again).toBe(reference(BigInt(sum)).length > 4 ? 'SCRIPTNUM' : 'OK');
      }),
    );
  });

  it('allow 5-byte operands for CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY, not 6', () => {
    const flags = FLAGS.CHECKLOCKTIMEVERIFY | FLAGS.CHECKSEQUENCEVERIFY;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.boolean(), (five, six, csv) => {
        const op = Uint8Array.of(csv ? 0xb2 : 0xb1);
        // The base checker has no transaction: the check itself fails, but the operand is read.
        expect(['NEGATIVE_LOCKTIME', 'UNSATISFIED_LOCKTIME', 'OK']).toContain(run(concatBytes(push(five), op), flags));
        expect(run(concatBytes(push(six), op), flags)).toBe('SCRIPTNUM');
      }),
    );
  });
});
