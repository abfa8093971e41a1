/**
 * parseStackList / formatStackList: the `HEX,HEX,...` stack form of `bsml run --stack`, `debug` and
 * `spend --witness`, and of what `bsml witness` prints.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BsmlError } from '../../src/errors.js';
import { fromHex } from '../../src/script/bytes.js';
import { formatStackList, parseStackList, StackListError } from '../../src/script/stack-list.js';
import { thrown } from '../helpers/errors.js';

describe('parseStackList', () => {
  it('is the empty stack for undefined and the empty string', () => {
    expect(parseStackList(undefined)).toEqual([]);
    expect(parseStackList('')).toEqual([]);
  });

  it('is the empty stack for white space only, as the empty string (white space around items is dropped)', () => {
    for (const blank of [' ', '  \t', '\n', '\u00a0', '\u3000\ufeff']) expect(parseStackList(blank), JSON.stringify(blank)).toEqual([]);
    // Commas still separate items, each trimmed to an empty one.
    expect(parseStackList(' , ')).toEqual([new Uint8Array(0), new Uint8Array(0)]);
  });

  it('reads items bottom first, trims whitespace, and keeps empty items between commas', () => {
    expect(parseStackList('01,ff00')).toEqual([Uint8Array.of(1), Uint8Array.of(0xff, 0)]);
    expect(parseStackList(' 02 ,, 0A')).toEqual([Uint8Array.of(2), new Uint8Array(0), Uint8Array.of(10)]);
    expect(parseStackList(',')).toEqual([new Uint8Array(0), new Uint8Array(0)]);
  });

  it('reads 0x as an empty item: the one spelling of a stack of exactly one empty item', () => {
    const empty = new Uint8Array(0);
    expect(parseStackList('0x')).toEqual([empty]);
    expect(parseStackList(' 0x ')).toEqual([empty]);
    expect(parseStackList('01,0x,02')).toEqual([Uint8Array.of(1), empty, Uint8Array.of(2)]);
    expect(parseStackList('01,0x,02')).toEqual(parseStackList('01,,02'));
    expect(parseStackList('0x,0x')).toEqual(parseStackList(','));
    expect(parseStackList('0x02,0xFF00')).toEqual([Uint8Array.of(2), Uint8Array.of(0xff, 0)]);
  });

  it("counts a bad digit's position from the start of the item as written, 0x included", () => {
    expect(thrown(() => parseStackList('01,0x0g')).message).toBe(`--stack item 1: bad hex "0x0g": 'g' at position 3 is not a hex digit`);
    expect(thrown(() => parseStackList('0x0', '--witness')).message).toBe('--witness item 0: bad hex "0x0": odd number of hex digits (1)');
    // Only the lower-case prefix, as in Core's script ASM; 0x only at the start of an item.
    expect(thrown(() => parseStackList('0X01')).message).toBe(`--stack item 0: bad hex "0X01": 'X' at position 1 is not a hex digit`);
    expect(thrown(() => parseStackList('0x0x')).message).toBe(`--stack item 0: bad hex "0x0x": 'x' at position 3 is not a hex digit`);
  });

  it('names the bad item by its index (0 = bottom) and carries the hex error', () => {
    const e = thrown(() => parseStackList('01,,0g'));
    expect(e).toBeInstanceOf(StackListError);
    expect(e).toBeInstanceOf(BsmlError);
    expect(e.code).toBe('BAD_STACK_ITEM');
    expect(e.message).toBe(`--stack item 2: ${thrown(() => fromHex('0g')).message}`);
    expect(thrown(() => parseStackList('abc')).message).toBe('--stack item 0: bad hex "abc": odd number of hex digits (3)');
  });

  // The bad digit was printed raw between single quotes (an escape sequence reached the terminal),
  // and the item's DEL and C1 characters raw inside the JSON quotes.
  it('escapes control characters (C0, DEL, C1) in the hex error', () => {
    expect(thrown(() => parseStackList('0\u001b')).message).toBe(`--stack item 0: bad hex "0\\u001b": '\\u001b' at position 1 is not a hex digit`);
    expect(thrown(() => parseStackList('\u009b2J' + '0'.repeat(41))).message).toBe(`--stack item 0: bad hex "\\u009b2J${'0'.repeat(37)}…": '\\u009b' at position 0 is not a hex digit`);
    expect(thrown(() => parseStackList('0\u007f')).message).toBe(`--stack item 0: bad hex "0\\u007f": '\\u007f' at position 1 is not a hex digit`);
  });

  it('names the option the list came from when given one', () => {
    const e = thrown(() => parseStackList('02, 0g', '--witness'));
    expect([e.code, e.message]).toEqual(['BAD_STACK_ITEM', `--witness item 1: bad hex "0g": 'g' at position 1 is not a hex digit`]);
  });
});

describe('formatStackList', () => {
  it('writes hex joined by commas, and 0x for a stack of one empty item', () => {
    const empty = new Uint8Array(0);
    expect(formatStackList([])).toBe('');
    expect(formatStackList([empty])).toBe('0x');
    expect(formatStackList([empty, empty])).toBe(',');
    expect(formatStackList([Uint8Array.of(1), empty, Uint8Array.of(0xab)])).toBe('01,,ab');
  });

  it('is read back by parseStackList as the same stack, whatever the stack', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 4 })), { maxLength: 5 }), (stack) => {
        expect(parseStackList(formatStackList(stack))).toEqual(stack);
      }),
    );
  });
});
