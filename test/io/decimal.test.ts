import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/io/decimal.js';

describe('parseDecimal', () => {
  it('reads plain decimals, with sign, fraction, exponent and surrounding spaces', () => {
    const cases: [string, number][] = [['0', 0], ['-1', -1], ['+2.5', 2.5], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['-1.5E-2', -0.015], [' 7 ', 7], ['1e308', 1e308]];
    for (const [text, want] of cases) expect(parseDecimal(text), text).toBe(want);
  });
  it('refuses what Number() would also take: hex, binary, octal, Infinity, empty, blanks', () => {
    for (const text of ['0x10', '0b101', '0o7', 'Infinity', '-Infinity', 'NaN', '', '   ', '1_000', '1,5', '--1', '1e', 'e3', '.']) {
      expect(parseDecimal(text), text).toBeNaN();
    }
  });
});
