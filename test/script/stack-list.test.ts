/** parseStackList: the `HEX,HEX,...` stack form of `bsml run --stack`, `debug` and `spend --witness`. */
import { describe, expect, it } from 'vitest';
import { BsmlError } from '../../src/errors.js';
import { fromHex } from '../../src/script/bytes.js';
import { parseStackList, StackListError } from '../../src/script/stack-list.js';
import { thrown } from '../helpers/errors.js';

describe('parseStackList', () => {
  it('is the empty stack for undefined and the empty string', () => {
    expect(parseStackList(undefined)).toEqual([]);
    expect(parseStackList('')).toEqual([]);
  });

  it('reads items bottom first, trims whitespace, and keeps empty items between commas', () => {
    expect(parseStackList('01,ff00')).toEqual([Uint8Array.of(1), Uint8Array.of(0xff, 0)]);
    expect(parseStackList(' 02 ,, 0A')).toEqual([Uint8Array.of(2), new Uint8Array(0), Uint8Array.of(10)]);
    expect(parseStackList(',')).toEqual([new Uint8Array(0), new Uint8Array(0)]);
  });

  it('names the bad item by its index (0 = bottom) and carries the hex error', () => {
    const e = thrown(() => parseStackList('01,,0g'));
    expect(e).toBeInstanceOf(StackListError);
    expect(e).toBeInstanceOf(BsmlError);
    expect(e.code).toBe('BAD_STACK_ITEM');
    expect(e.message).toBe(`--stack item 2: ${thrown(() => fromHex('0g')).message}`);
    expect(thrown(() => parseStackList('abc')).message).toBe('--stack item 0: bad hex "abc": odd number of hex digits (3)');
  });

  it('names the option the list came from when given one', () => {
    const e = thrown(() => parseStackList('02, 0g', '--witness'));
    expect([e.code, e.message]).toEqual(['BAD_STACK_ITEM', `--witness item 1: bad hex "0g": 'g' at position 1 is not a hex digit`]);
  });
});
