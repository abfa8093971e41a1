// How the fields of a script_tests.json entry are read, each as Core's driver (script_tests.cpp,
// script_json_test) reads it: witness hex by TryParseHex, the amount by AmountFromValue, the flags
// by ParseScriptFlags, and #TAPROOTOUTPUT# only in the one scriptPubKey the driver fills in.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHexSkippingSpace, toHex } from '../../src/script/bytes.js';
import { FLAGS } from '../../src/vm/flags.js';
import { parseVectors, readVectors, runVector, VectorFormatError } from '../../src/vm/vectors.js';

/**
 * The message of the VectorFormatError that parsing `entries` throws, read as a file's text (a
 * number amount is read from its digits; JSON.stringify writes a number's shortest form).
 */
function formatError(entries: unknown[]): string {
  try {
    parseVectors(JSON.stringify(entries));
  } catch (e) {
    expect(e).toBeInstanceOf(VectorFormatError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(entries)}`);
}

describe('witness hex items (Core: TryParseHex, whitespace between bytes skipped)', () => {
  // P2WSH of "0x02 0x0102 EQUAL": the witness item must be the two bytes 01 02.
  const witnessScript = '02010287';
  const program = createHash('sha256').update(Buffer.from(witnessScript, 'hex')).digest('hex');
  const entry = (item: string) => [[item, witnessScript, 0], '', `0 0x20 0x${program}`, 'P2SH,WITNESS', 'OK'];

  it('reads "01 02", " 0102\\n" and "01\\t02" as 0x0102 and the case passes (bsml refused them as bad hex)', () => {
    for (const item of ['0102', '01 02', ' 0102\n', '01\t02', '\r01\v02\f']) {
      const [c] = parseVectors(JSON.stringify([entry(item)]));
      expect(toHex(c!.witness[0]!), JSON.stringify(item)).toBe('0102');
      expect(runVector(c!).status).toBe('pass');
    }
  });
  it('reads "" and "  " as an empty item', () => {
    expect(fromHexSkippingSpace('')).toEqual(new Uint8Array(0));
    expect(fromHexSkippingSpace('  ')).toEqual(new Uint8Array(0));
    expect(fromHexSkippingSpace('AbcD')).toEqual(Uint8Array.of(0xab, 0xcd));
  });
  it('refuses a byte split by whitespace, a lone digit and non-hex, naming the entry, item and position', () => {
    expect(formatError([entry('0 1')])).toBe(`test vector entry 0: witness item 0: bad hex "0 1": ' ' at position 1 is not a hex digit`);
    expect(formatError([entry('010')])).toBe('test vector entry 0: witness item 0: bad hex "010": lone hex digit at position 2 (a byte is two digits)');
    expect(formatError([entry('01 0x')])).toBe(`test vector entry 0: witness item 0: bad hex "01 0x": 'x' at position 4 is not a hex digit`);
  });
});

// Text from the file is echoed with its control characters escaped (DEL and C1 too, which
// JSON.stringify left raw): a vector file cannot drive the terminal through an error.
describe('messages escape the control characters of the text they echo', () => {
  it('in a witness item, a script token, the flags, the expected error and the amount', () => {
    const cases: [unknown[], string][] = [
      [[['0\u009b', 0], '', '1', 'P2SH,WITNESS', 'OK'], `witness item 0: bad hex "0\\u009b": '\\u009b' at position 1 is not a hex digit`],
      [['1', 'FROB\u001b[2J\u007f', '', 'OK'], 'bad ASM token "FROB\\u001b[2J\\u007f"'],
      [['1', '1', 'P2SH,W\u0085', 'OK'], 'flags "P2SH,W\\u0085": "W\\u0085" is not a flag name'],
      [['1', '1', '', 'OK\u009b'], 'unknown expected error "OK\\u009b"'],
      [[['1\u007f'], '', '1', 'P2SH', 'OK'], 'witness amount "1\\u007f" is not a decimal number of BTC'],
      [['1', '1 #TAPROOTOUTPUT#\u009b', '', 'OK'], 'scriptPubKey "1 #TAPROOTOUTPUT#\\u009b": #TAPROOTOUTPUT# is only filled in'],
    ];
    for (const [entry, shown] of cases) {
      const message = formatError([entry]);
      expect(message, shown).toContain(shown);
      expect(/[\u0000-\u001f\u007f-\u009f]/.test(message), message).toBe(false);
    }
  });
});

describe('the witness amount (Core: AmountFromValue, a number or a string of BTC)', () => {
  const entry = (amount: unknown) => [[amount], '', '1', 'P2SH', 'OK'];
  const amountOf = (amount: unknown) => parseVectors(JSON.stringify([entry(amount)]))[0]!.amount;

  it('takes a string as Core does (bsml refused it: "witness array must end with the amount")', () => {
    expect(amountOf('0.00000001')).toBe(1n);
    expect(amountOf('1.5')).toBe(150_000_000n);
    expect(amountOf('21000000')).toBe(2_100_000_000_000_000n);
    expect(runVector(parseVectors([entry('0.00000001')])[0]!).status).toBe('pass');
  });
  it('reads the text exactly as ParseFixedPoint: exponents, trailing zeros past 8 decimals, -0', () => {
    for (const [text, sats] of [
      ['1e-8', 1n],
      ['1E+2', 10_000_000_000n],
      ['0.000000010', 1n],
      ['0.10000000000000', 10_000_000n],
      ['12.3456789e-1', 123_456_789n],
      ['0.000000000', 0n],
      ['-0', 0n],
      ['0', 0n],
    ] as const) {
      expect(amountOf(text), text).toBe(sats);
    }
    expect(amountOf(1e-8)).toBe(1n);
  });
  it('refuses what ParseFixedPoint or MoneyRange refuse, naming the entry', () => {
    for (const [amount, detail] of [
      ['', 'witness amount "" is not a decimal number of BTC'],
      ['+1', 'witness amount "+1" is not a decimal number of BTC'],
      ['01', 'witness amount "01" is not a decimal number of BTC'],
      ['.5', 'witness amount ".5" is not a decimal number of BTC'],
      ['1.', 'witness amount "1." is not a decimal number of BTC'],
      [' 1', 'witness amount " 1" is not a decimal number of BTC'],
      ['0x10', 'witness amount "0x10" is not a decimal number of BTC'],
      ['0.000000001', 'witness amount "0.000000001" BTC is not a whole number of satoshis (at most 8 decimals)'],
      ['0e-9', 'witness amount "0e-9" BTC is not a whole number of satoshis (at most 8 decimals)'],
      ['-1', `witness amount "-1" BTC is out of range (0..21000000 BTC, Core's MoneyRange)`],
      ['21000000.00000001', `witness amount "21000000.00000001" BTC is out of range (0..21000000 BTC, Core's MoneyRange)`],
      ['1e10', `witness amount "1e10" BTC is out of range (0..21000000 BTC, Core's MoneyRange)`],
    ] as const) {
      expect(formatError([entry(amount)]), amount).toBe(`test vector entry 0: ${detail}`);
    }
    for (const amount of [null, true, ['1'], { btc: 1 }]) {
      expect(formatError([entry(amount)])).toBe('test vector entry 0: witness array must end with the amount');
    }
  });
});

describe('the flags field (Core: ParseScriptFlags, exact names)', () => {
  const entry = (flags: string) => ['1', '1', flags, 'OK'];
  const flagsOf = (flags: string) => parseVectors([entry(flags)])[0]!.flags;

  it('reads "" and "NONE" as no flags and exact names joined by ","', () => {
    expect(flagsOf('')).toBe(0);
    expect(flagsOf('NONE')).toBe(0);
    expect(flagsOf('P2SH,STRICTENC')).toBe(FLAGS.P2SH | FLAGS.STRICTENC);
    expect(flagsOf('CLEANSTACK')).toBe(FLAGS.CLEANSTACK | FLAGS.P2SH | FLAGS.WITNESS);
  });
  it('refuses what Core reports as an unknown flag: spaces, the SCRIPT_VERIFY_ prefix, empty names, NONE in a list', () => {
    for (const [flags, word] of [
      ['P2SH, STRICTENC', ' STRICTENC'],
      [' P2SH', ' P2SH'],
      ['SCRIPT_VERIFY_P2SH', 'SCRIPT_VERIFY_P2SH'],
      ['P2SH,', ''],
      ['P2SH,,STRICTENC', ''],
      ['P2SH,NONE', 'NONE'],
      ['p2sh', 'p2sh'],
      ['P2SH,SCRIPT_RESTORATION', 'SCRIPT_RESTORATION'],
    ] as const) {
      expect(formatError([entry(flags)]), flags).toMatch(
        `test vector entry 0: flags ${JSON.stringify(flags)}: ${JSON.stringify(word)} is not a flag name (Core's driver reads "" or "NONE", or names joined by "," exactly: P2SH, STRICTENC,`,
      );
    }
  });
});

describe('#TAPROOTOUTPUT# (Core fills it in only in the scriptPubKey "0x51 0x20 #TAPROOTOUTPUT#")', () => {
  const witness = ['#SCRIPT# 1', '#CONTROLBLOCK#', 0.00000001];
  it('fills in the exact form', () => {
    const [c] = parseVectors(JSON.stringify([[witness, '', '0x51 0x20 #TAPROOTOUTPUT#', 'P2SH,WITNESS,TAPROOT', 'OK']]));
    expect(c!.scriptPubKey.length).toBe(34);
    expect(runVector(c!).status).toBe('pass');
  });
  it('refuses it anywhere else (Core: ParseScript fails on the token), naming the scriptPubKey', () => {
    for (const spk of ['1 0x20 #TAPROOTOUTPUT#', '0x51 0x20 #TAPROOTOUTPUT# ', '0x51  0x20 #TAPROOTOUTPUT#', '0x51 0x20 #TAPROOTOUTPUT# NOP']) {
      expect(formatError([[witness, '', spk, 'P2SH,WITNESS,TAPROOT', 'OK']]), spk).toBe(
        `test vector entry 0: scriptPubKey ${JSON.stringify(spk)}: #TAPROOTOUTPUT# is only filled in when the scriptPubKey is exactly "0x51 0x20 #TAPROOTOUTPUT#" (as in Core's driver)`,
      );
    }
  });
});

describe('readVectors: entry by entry, as Core\'s driver goes on after a bad entry', () => {
  it('sets each unreadable entry aside with its error and reads the others; parseVectors throws the first', () => {
    const entries = [['1', '1', '', 'OK'], ['1', 'FROB', '', 'OK'], ['comment'], 7, ['1', '1 EQUAL', 'P2SH', 'OK']];
    const { cases, malformed } = readVectors(entries);
    expect(cases.map((c) => c.index)).toEqual([0, 4]);
    expect(malformed.map((e) => [e.index, e instanceof VectorFormatError])).toEqual([[1, true], [3, true]]);
    expect(malformed[1]!.message).toBe('test vector entry 3: not an array');
    expect(() => parseVectors(entries)).toThrow(malformed[0]!.message);
    expect(() => readVectors({})).toThrow('the file is not a JSON array');
  });
});
