// transactionEncodingProblem: Core's transaction deserializer (UnserializeTransaction with
// witnesses, ReadCompactSize, then nothing left), next to bitcoinjs-lib's Transaction.fromHex,
// which reads a non-canonical CompactSize as if it were canonical.
import { readFileSync } from 'node:fs';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { MAX_SIZE, transactionEncodingProblem } from '../../src/bitcoin/serialize.js';
import { fromHex } from '../../src/script/bytes.js';

const bip341 = JSON.parse(readFileSync(new URL('../fixtures/bip341_wallet_vectors.json', import.meta.url), 'utf8'));
const signedSegwitTx: string = bip341.keyPathSpending[0].auxiliary.fullySignedTx;

const version = '01000000';
const prevout = '11'.repeat(32) + '00000000';
const locktime = '00000000';
const output = '0000000000000000' + '00';
/** A legacy transaction: one input with scriptSig `scriptSig` (its CompactSize length included). */
const legacy = (scriptSig = '00') => version + '01' + prevout + scriptSig + 'ffffffff' + '01' + output + locktime;
/** A segwit transaction with flag byte `flag` and the witness part `witness`. */
const segwit = (flag: string, witness: string) => version + '00' + flag + '01' + prevout + '00' + 'ffffffff' + '01' + output + witness + locktime;
const problem = (hex: string) => transactionEncodingProblem(fromHex(hex));

describe('transactionEncodingProblem (Core: UnserializeTransaction, then no byte left)', () => {
  it('reads canonical transactions, legacy and segwit, as bitcoinjs-lib does', () => {
    for (const hex of [legacy(), legacy('0151'), segwit('01', '0101aa'), signedSegwitTx, version + '0000' + locktime]) {
      expect(problem(hex), hex).toBeUndefined();
      expect(() => Transaction.fromHex(hex)).not.toThrow();
    }
  });
  it('refuses a non-canonical CompactSize, which bitcoinjs-lib reads as canonical (so verify-tx judged a transaction Core cannot read)', () => {
    // The scriptSig length (byte 41) written as fd 0000, fe 00000000, ff 00..00; an input count of 1 as fd 0100.
    for (const [hex, at] of [
      [legacy('fd0000'), 41],
      [legacy('fe00000000'), 41],
      [legacy('ff0000000000000000'), 41],
      [legacy('fdfc00' + '51'.repeat(0xfc)), 41],
      [version + 'fd0100' + legacy().slice(10), 4],
      [segwit('01', 'fd010001aa'), 58],
    ] as const) {
      expect(problem(hex), hex.slice(0, 100)).toBe(`byte ${at}: non-canonical ReadCompactSize() (Core refuses to read it)`);
    }
    expect(Transaction.fromHex(legacy('fd0000')).toHex()).toBe(legacy('00'));
    // The smallest canonical forms are read.
    expect(problem(legacy('fdfd00' + '51'.repeat(0xfd)))).toBeUndefined();
  });
  it(`refuses a length or count above MAX_SIZE (${MAX_SIZE})`, () => {
    expect(problem(legacy('fe01000002'))).toBe('byte 41: ReadCompactSize(): size too large (Core refuses to read it)');
    expect(problem(legacy('fe00000002'))).toBe('byte 46: DataStream::read(): end of data (Core refuses to read it)');
  });
  it('reads the byte after an empty input list as the flag: bit 1 is witnesses, any other bit unknown optional data', () => {
    expect(problem(segwit('02', ''))).toBe('byte 5: Unknown transaction optional data (Core refuses to read it)');
    expect(problem(segwit('03', '0101aa'))).toBe('byte 5: Unknown transaction optional data (Core refuses to read it)');
    expect(problem(segwit('01', '00'))).toBe('byte 5: Superfluous witness record (Core refuses to read it)');
    expect(problem(segwit('03', '00'))).toBe('byte 5: Superfluous witness record (Core refuses to read it)');
  });
  it('refuses a truncated transaction and bytes after it', () => {
    expect(problem(legacy().slice(0, -2))).toBe('byte 56: DataStream::read(): end of data (Core refuses to read it)');
    expect(problem('')).toBe('byte 0: DataStream::read(): end of data (Core refuses to read it)');
    expect(problem(legacy() + '00')).toBe('byte 60: 1 byte(s) after the transaction (Core refuses to read it)');
  });
});
