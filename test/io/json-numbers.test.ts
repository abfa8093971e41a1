import { describe, expect, it } from 'vitest';
import { jsonNumberLiterals } from '../../src/io/json-numbers.js';

describe('jsonNumberLiterals', () => {
  it('keys each number held only by arrays by its path of indexes, with its text as written', () => {
    const text = '[["a", 1.50], 2, [], [[-0.000000010000000000001, 1e400]], "x,[3]\\"4", 20999999.999999999]';
    expect(JSON.parse(text)[5]).toBe(21000000); // what a double makes of it
    expect([...jsonNumberLiterals(text)]).toEqual([
      ['0/1', '1.50'],
      ['1', '2'],
      ['3/0/0', '-0.000000010000000000001'],
      ['3/0/1', '1e400'],
      ['5', '20999999.999999999'],
    ]);
  });

  it('leaves out numbers inside objects, and counts an object as one element', () => {
    const text = '[{"a": [1, 2], "b": 3}, 4, {"c": {}}, [5]]';
    expect([...jsonNumberLiterals(text)]).toEqual([
      ['1', '4'],
      ['3/0', '5'],
    ]);
  });

  it('reads a top-level number, and none in strings, true, false or null', () => {
    expect([...jsonNumberLiterals(' 12.0 ')]).toEqual([['', '12.0']]);
    expect([...jsonNumberLiterals('[true, false, null, "1"]')]).toEqual([]);
  });
});
