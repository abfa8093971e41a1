import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonNumberLiterals } from '../../src/io/json-numbers.js';
import { parseVectors, readVectors, runVector, VectorFormatError } from '../../src/vm/vectors.js';

const cases = parseVectors(readFileSync(new URL('../fixtures/script_tests.public.json', import.meta.url), 'utf8'));

describe('Bitcoin Core script_tests.json (public part)', () => {
  it('has the 428 cases', () => {
    expect(cases.length).toBe(428);
  });
  it.each(cases.map((c) => [c.index, c] as const))('case %i', (_i, c) => {
    const o = runVector(c);
    expect(o.status, `${c.scriptSigAsm} | ${c.scriptPubKeyAsm} | ${c.flagsText} | ${c.comment}`).toBe('pass');
    expect(o.got).toBe(c.expected);
  });
});

// Core's driver reads the witness amount with AmountFromValue: BTC with at most 8 decimals, within
// MoneyRange. Out of range, it reached bitcoinjs-lib's addOutput as a negative or huge satoshi
// count and crashed with a ValiError (exit 1) instead of naming the entry.
describe('the witness amount (BTC, as a JSON number)', () => {
  const entry = (amount: unknown) => [[amount], '', '1', 'P2SH', 'OK'];
  it('is converted to satoshis exactly, up to 21 000 000 BTC', () => {
    for (const [btc, sats] of [
      [0, 0n],
      [0.00000001, 1n],
      [0.1, 10_000_000n],
      [1.23456789, 123_456_789n],
      [20999999.99999999, 2_099_999_999_999_999n],
      [21000000, 2_100_000_000_000_000n],
    ] as const) {
      const [c] = parseVectors(JSON.stringify([entry(btc)]));
      expect(c!.amount, String(btc)).toBe(sats);
      expect(runVector(c!).status).toBe('pass');
    }
  });
  it('outside MoneyRange, or finer than a satoshi, is a VectorFormatError naming the entry', () => {
    for (const [btc, message] of [
      [-1, "test vector entry 1: witness amount -1 BTC is out of range (0..21000000 BTC, Core's MoneyRange)"],
      [-0.00000001, "test vector entry 1: witness amount -1e-8 BTC is out of range (0..21000000 BTC, Core's MoneyRange)"],
      [21000000.00000001, "test vector entry 1: witness amount 21000000.00000001 BTC is out of range (0..21000000 BTC, Core's MoneyRange)"],
      [1e30, "test vector entry 1: witness amount 1e+30 BTC is out of range (0..21000000 BTC, Core's MoneyRange)"],
      [0.000000015, 'test vector entry 1: witness amount 1.5e-8 BTC is not a whole number of satoshis (at most 8 decimals)'],
    ] as const) {
      const e = (() => {
        try {
          parseVectors(JSON.stringify([['a comment'], entry(btc)]));
        } catch (err) {
          return err as VectorFormatError;
        }
        throw new Error(`${btc}: no error`);
      })();
      expect(e).toBeInstanceOf(VectorFormatError);
      expect(e.code).toBe('BAD_VECTOR');
      expect(e.message).toBe(message);
    }
  });

  // JSON.parse keeps a number as a double (about 17 significant digits); Core's UniValue keeps the
  // literal. Read from the double, these amounts were taken as 21000000 and 0.00000001 BTC.
  it('is read from its text when the file\'s numbers are given, as Core reads it', () => {
    const text = `[
      [["", 20999999.999999999], "", "1", "P2SH", "OK"],
      [["", 0.000000010000000000001], "", "1", "P2SH", "OK"],
      [["", 1e400], "", "1", "P2SH", "OK"],
      [["", 1.2345678900000000000], "", "1", "P2SH", "OK"],
      [["", "0.1"], "", "1", "P2SH", "OK"]
    ]`;
    const { cases, malformed } = readVectors(JSON.parse(text), jsonNumberLiterals(text));
    expect(malformed.map((e) => e.message)).toEqual([
      'test vector entry 0: witness amount 20999999.999999999 BTC is not a whole number of satoshis (at most 8 decimals)',
      'test vector entry 1: witness amount 0.000000010000000000001 BTC is not a whole number of satoshis (at most 8 decimals)',
      "test vector entry 2: witness amount 1e400 BTC is out of range (0..21000000 BTC, Core's MoneyRange)",
    ]);
    expect(cases.map((c) => [c.index, c.amount])).toEqual([
      [3, 123_456_789n],
      [4, 10_000_000n],
    ]);
    // Given the text itself, readVectors and parseVectors read it the same way (a BOM is dropped).
    const fromText = readVectors(`\ufeff${text}`);
    expect(fromText.malformed.map((e) => e.message)).toEqual(malformed.map((e) => e.message));
    expect(fromText.cases).toEqual(cases);
    expect(() => parseVectors(text)).toThrow(malformed[0]!.message);
    expect(() => readVectors('[1,')).toThrow(/^the text is not valid JSON: /);
  });

  // A double does not tell which text it came from: read without it, 20999999.999999999 was taken
  // as 21000000 BTC and the case run. Now a number amount without its text is an unreadable entry,
  // saying how to give the text; an amount written as a string needs none.
  it('given as a parsed number without its text, is refused naming the entry and how to give the text', () => {
    const text = '[["a comment"], [["", 20999999.999999999], "", "1", "P2SH", "OK"], [["", "0.1"], "", "1", "P2SH", "OK"]]';
    const howTo = "is a JSON number without the text it was read from (a double keeps about 17 significant digits; Core reads the digits as written): give readVectors / parseVectors the file's text, or jsonNumberLiterals(text) with the parsed array, or write the amount as a string";
    const { cases, malformed } = readVectors(JSON.parse(text));
    expect(malformed.map((e) => [e.index, e.code, e.message])).toEqual([[1, 'BAD_VECTOR', `test vector entry 1: witness amount 21000000 ${howTo}`]]);
    expect(cases.map((c) => [c.index, c.amount])).toEqual([[2, 10_000_000n]]);
    for (const btc of [0, 0.00000001, 1, Infinity]) {
      expect(() => parseVectors([entry(btc)]), String(btc)).toThrow(`test vector entry 0: witness amount ${btc} ${howTo}`);
    }
    expect(parseVectors([entry('0.00000001')])[0]!.amount).toBe(1n);
  });
});
