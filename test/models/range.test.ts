import { describe, expect, it } from 'vitest';
import { calibrateRange, InputRangeError, parseInputRange } from '../../src/models/range.js';

describe('input ranges', () => {
  it('parses LO,HI and rejects anything else', () => {
    expect(parseInputRange('0,16')).toEqual([0, 16]);
    expect(parseInputRange(' -1.5 , 2e1 ')).toEqual([-1.5, 20]);
    for (const bad of ['', '1', '1,2,3', 'a,1', '1,', '3,2', 'Infinity,1']) expect(() => parseInputRange(bad), bad).toThrow(InputRangeError);
  });

  it('calibrates a global min/max by default, per feature on request', () => {
    const rows = [[0, 5, 2], [3, -1, 2]];
    expect(calibrateRange(rows)).toEqual([-1, 5]);
    expect(calibrateRange(rows, true)).toEqual([[0, 3], [-1, 5], [2, 2]]);
    expect(() => calibrateRange([])).toThrow(InputRangeError);
  });
});
