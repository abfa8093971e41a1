/**
 * The two ASM dialects as properties: readable ASM round-trips every byte string and interoperates
 * with bitcoinjs-lib's `script.toASM`/`fromASM`; Core's test-vector ASM encodes numbers exactly as
 * ParseScript does up to ±0xFFFFFFFF and follows the rules in ASM_FORMAT.md.
 */
import { script as bjs } from 'bitcoinjs-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsmError, fromAsm, parseCoreAsm, toAsm, toCoreAsm } from '../../src/script/asm.js';
import { concatBytes, fromHex, toHex } from '../../src/script/bytes.js';
import { OPCODES } from '../../src/script/opcodes.js';
import { pushData, pushDataBytes } from '../../src/script/script.js';

/** bitcoinjs-lib's round trip, or undefined where it throws. */
function bjsToAsm(s: Uint8Array): string | undefined {
  try {
    return bjs.toASM(s);
  } catch {
    return undefined;
  }
}
function bjsFromAsm(a: string): Uint8Array | undefined {
  try {
    return new Uint8Array(bjs.fromASM(a));
  } catch {
    return undefined;
  }
}

const namedOps = OPCODES.filter((o) => o.code > 0x4e).map((o) => o.code);
/** Scripts made of minimal pushes and named opcodes: the kind bitcoinjs-lib represents losslessly. */
const wellFormed = fc
  .array(
    fc.oneof(
      fc.constantFrom(...namedOps).map((op) => Uint8Array.of(op)),
      fc.uint8Array({ maxLength: 80 }).map((d) => pushData(d)),
      fc.uint8Array({ minLength: 250, maxLength: 300 }).map((d) => pushData(d)),
    ),
    { maxLength: 12 },
  )
  .map((parts) => concatBytes(...parts));
/** Anything, including truncated pushes, non-minimal pushes and unnamed opcodes. */
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc
    .array(fc.oneof(fc.uint8Array({ maxLength: 3 }), fc.uint8Array({ maxLength: 80 }).map((d) => pushDataBytes(d)), fc.constantFrom(Uint8Array.of(0x4c), Uint8Array.of(0x4d, 0x05), Uint8Array.of(0x4e, 1, 0, 0))), {
      maxLength: 8,
    })
    .map((parts) => concatBytes(...parts)),
);

describe('readable ASM', () => {
  it('round-trips every byte string: fromAsm(toAsm(s)) = s', () => {
    fc.assert(
      fc.property(fc.oneof(anyBytes, wellFormed), (s) => {
        expect(fromAsm(toAsm(s))).toEqual(s);
      }),
      { numRuns: 500 },
    );
  });

  it('is read by bitcoinjs-lib fromASM back to s, for every script bitcoinjs-lib represents losslessly', () => {
    let lossless = 0;
    fc.assert(
      fc.property(fc.oneof(wellFormed, anyBytes), (s) => {
        const theirs = bjsToAsm(s);
        if (theirs === undefined) return;
        const back = bjsFromAsm(theirs);
        if (back === undefined || toHex(back) !== toHex(s)) return; // bitcoinjs-lib loses something here
        lossless++;
        expect(bjsFromAsm(toAsm(s))).toEqual(s);
      }),
      { numRuns: 500 },
    );
    expect(lossless).toBeGreaterThan(200);
  });

  it('reads what bitcoinjs-lib toASM prints exactly as bitcoinjs-lib fromASM does', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.oneof(wellFormed, anyBytes), (s) => {
        const text = bjsToAsm(s);
        if (text === undefined) return;
        const theirs = bjsFromAsm(text);
        if (theirs === undefined) return;
        compared++;
        expect(fromAsm(text)).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
    expect(compared).toBeGreaterThan(200);
  });

  it('prints the extension forms for what bitcoinjs-lib cannot show', () => {
    expect(toAsm(fromHex('0105'))).toBe('OP_PUSHBYTES_1:05');
    expect(toAsm(fromHex('4c00'))).toBe('OP_PUSHDATA1:');
    expect(toAsm(fromHex('bb'))).toBe('OP_UNKNOWN_0xbb');
    // bitcoinjs-lib names 0xfd and 0xfe (early Core's template pseudo-opcodes); so do we.
    expect(toAsm(fromHex('fdfe'))).toBe('OP_PUBKEYHASH OP_PUBKEY');
    expect(fromAsm('OP_PUBKEY OP_PUBKEYHASH')).toEqual(fromHex('fefd'));
    expect(() => fromAsm('OP_UNKNOWN_0xfd')).toThrow(AsmError);
    expect(toAsm(fromHex('514c05ab'))).toBe('OP_1 OP_TRUNCATED:4c05ab');
    expect(() => fromAsm('OP_PUSHBYTES_2:05')).toThrow(AsmError);
    expect(() => fromAsm('OP_UNKNOWN_0x51')).toThrow(AsmError);
  });
});

/** What ParseScript emits for a decimal token, written independently with BigInt. */
function coreNumber(n: bigint): Uint8Array {
  if (n === 0n) return Uint8Array.of(0x00);
  if (n === -1n) return Uint8Array.of(0x4f);
  if (n >= 1n && n <= 16n) return Uint8Array.of(0x50 + Number(n));
  const neg = n < 0n;
  let m = neg ? -n : n;
  const le: number[] = [];
  for (; m > 0n; m >>= 8n) le.push(Number(m & 0xffn));
  if (le[le.length - 1]! & 0x80) le.push(neg ? 0x80 : 0x00);
  else if (neg) le[le.length - 1]! |= 0x80;
  return Uint8Array.from([le.length, ...le]);
}

describe('Core test-vector ASM (ParseScript)', () => {
  const MAX = 0xffffffffn;

  it('encodes every decimal in [-0xFFFFFFFF, 0xFFFFFFFF] as ParseScript does', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -MAX, max: MAX }), (n) => {
        expect(parseCoreAsm(n.toString())).toEqual(coreNumber(n));
      }),
      { numRuns: 1000 },
    );
  });

  it('handles the range edges and rejects what lies beyond', () => {
    expect(toHex(parseCoreAsm('4294967295'))).toBe('05ffffffff00');
    expect(toHex(parseCoreAsm('-4294967295'))).toBe('05ffffffff80');
    expect(toHex(parseCoreAsm('2147483648'))).toBe('050000008000');
    expect(toHex(parseCoreAsm('-2147483648'))).toBe('050000008080');
    expect(toHex(parseCoreAsm('2147483647'))).toBe('04ffffff7f');
    for (const bad of ['4294967296', '-4294967296', '99999999999999999999', '18446744073709551616']) {
      expect(() => parseCoreAsm(bad), bad).toThrow(AsmError);
    }
  });

  it('follows the examples of ASM_FORMAT.md', () => {
    const cases: [string, string][] = [
      ['0', '00'],
      ['-1', '4f'],
      ['1', '51'],
      ['16', '60'],
      ['17', '0111'],
      ['-2', '0182'],
      ['128', '028000'],
      ['-128', '028080'],
      ['1000', '02e803'],
      ['007', '57'],
      ['-0', '00'],
      ['0x14 0x' + '11'.repeat(20), '14' + '11'.repeat(20)],
      ['0x4c 0x01 0x07', '4c0107'],
      ['0x4c01', '4c01'],
      ['0xAbCd', 'abcd'],
      ["'1'", '0131'],
      ["''", '00'],
      ["'Az'", '02417a'],
      ["'''", '0127'],
      ['ADD OP_ADD 1ADD 2DUP 0NOTEQUAL', '93938b6e92'],
      ['RESERVED NOP NOP10 CHECKLOCKTIMEVERIFY CHECKSEQUENCEVERIFY', '5061b9b1b2'],
      ['1\t2\n3  4', '51525354'],
      ['', ''],
      ['   ', ''],
    ];
    for (const [asm, hex] of cases) expect(toHex(parseCoreAsm(asm)), JSON.stringify(asm)).toBe(hex);
    expect(toHex(parseCoreAsm(`'${'a'.repeat(76)}'`))).toBe('4c4c' + '61'.repeat(76));
    expect(toHex(parseCoreAsm(`'${'a'.repeat(256)}'`))).toBe('4d0001' + '61'.repeat(256));
  });

  it('is written for every byte string by toCoreAsm (Core: FormatScript) and read back: parseCoreAsm(toCoreAsm(s)) = s', () => {
    fc.assert(
      fc.property(fc.oneof(anyBytes, wellFormed), (s) => {
        expect(parseCoreAsm(toCoreAsm(s))).toEqual(s);
      }),
      { numRuns: 500 },
    );
    const cases: [string, string][] = [
      ['', ''],
      ['00', '0'],
      ['4f5160', '-1 1 16'],
      ['93b9b1', 'ADD NOP10 CHECKLOCKTIMEVERIFY'],
      // Not in ParseScript's table: as bytes.
      ['50baff', '0x50 0xba 0xff'],
      ['0107', '0x01 0x07'],
      ['4c0107', '0x4c01 0x07'],
      ['4c00', '0x4c00'],
      ['4d0500ab', '0x4d0500ab'],
      ['514c', '1 0x4c'],
    ];
    for (const [hex, asm] of cases) expect(toCoreAsm(fromHex(hex)), hex).toBe(asm);
  });

  it('rejects what ParseScript rejects, naming the token', () => {
    for (const bad of ['OP_0', 'OP_1', 'FALSE', 'TRUE', 'OP_TRUE', 'OP_1NEGATE', 'PUSHDATA1', 'NOP2', 'NOP3', 'CHECKSIGADD', 'INVALIDOPCODE', 'add', '0X12', '0x', '0x1', '+1', '1.5', "'", "'a", '1\r', 'OP_UNKNOWN']) {
      let err: unknown;
      try {
        parseCoreAsm(`1 ${bad} 2`);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(bad)).toBeInstanceOf(AsmError);
      expect((err as AsmError).token).toBe(bad.trim() === '' ? bad : bad.split(/[ \t\n]/)[0]);
    }
  });
});
