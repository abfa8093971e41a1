// parseCoreAsm against Bitcoin Core's ParseScript (core_io.cpp) and CScript's << operators
// (script.h): what each token becomes, and which tokens Core refuses.
import { describe, expect, it } from 'vitest';
import { AsmError, parseCoreAsm } from '../../src/script/asm.js';
import { toHex } from '../../src/script/bytes.js';

const hex = (asm: string) => toHex(parseCoreAsm(asm));

describe('parseCoreAsm (Core: ParseScript)', () => {
  it('pushes decimal numbers as CScript << int64: OP_0, OP_1NEGATE, OP_1..OP_16, else the minimal script number', () => {
    expect(hex('0 -0 00 -1 1 16 0016')).toBe('00' + '00' + '00' + '4f' + '51' + '60' + '60');
    expect(hex('17 -17 127 128 -128 255')).toBe('0111' + '0191' + '017f' + '028000' + '028080' + '02ff00');
    expect(hex('4294967295 -4294967295')).toBe('05ffffffff00' + '05ffffffff80');
  });
  it('refuses numbers outside -0xFFFFFFFF..0xFFFFFFFF and signs other than a leading "-"', () => {
    for (const tok of ['4294967296', '-4294967296', '99999999999999999999999', '+1', '-', '1-', '--1']) {
      expect(() => parseCoreAsm(tok), tok).toThrow(AsmError);
    }
  });
  it('splices 0x hex (even length, upper or lower case) as raw bytes, not pushed', () => {
    expect(hex('0x4c 0x01 0x07')).toBe('4c0107');
    expect(hex('0xAbCd')).toBe('abcd');
    for (const tok of ['0x', '0x1', '0X12', '0xzz']) expect(() => parseCoreAsm(tok), tok).toThrow(AsmError);
  });
  it("pushes 'text' with the shortest length prefix, never as OP_n ('' is OP_0)", () => {
    expect(hex("''")).toBe('00');
    expect(hex("'a'")).toBe('0161');
    expect(hex("'\u0001'")).toBe('0101');
    expect(hex(`'${'z'.repeat(75)}'`)).toBe('4b' + '7a'.repeat(75));
    expect(hex(`'${'z'.repeat(76)}'`)).toBe('4c4c' + '7a'.repeat(76));
    expect(hex(`'${'z'.repeat(256)}'`)).toBe('4d0001' + '7a'.repeat(256));
    expect(hex("'é'")).toBe('02c3a9');
    expect(() => parseCoreAsm("'")).toThrow(AsmError);
    expect(() => parseCoreAsm("'a b'")).toThrow(AsmError);
  });
  it('knows the names GetOpName gives OP_NOP..OP_NOP10 and OP_RESERVED, with or without OP_', () => {
    expect(hex('NOP OP_NOP RESERVED OP_RESERVED CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY NOP10 1ADD CAT')).toBe('61615050b1b2b98b7e');
    // Not in Core's table: push names, aliases, CHECKSIGADD (above MAX_OPCODE = OP_NOP10), INVALIDOPCODE.
    for (const tok of ['OP_0', 'OP_1', 'FALSE', 'TRUE', 'OP_TRUE', '1NEGATE', 'PUSHDATA1', 'NOP2', 'OP_NOP3', 'CHECKSIGADD', 'OP_CHECKSIGADD', 'INVALIDOPCODE', 'add']) {
      expect(() => parseCoreAsm(tok), tok).toThrow(AsmError);
    }
  });
  it('splits on space, tab and newline only (runs of them are one gap)', () => {
    expect(hex(' \t1 \n\n 2\t')).toBe('5152');
    for (const asm of ['1\r2', '1\u000b2', '1\u00a02']) expect(() => parseCoreAsm(asm), JSON.stringify(asm)).toThrow(AsmError);
  });
});
