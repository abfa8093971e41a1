/**
 * A stack written as text: `HEX,HEX,...` (the `--stack` / `--witness` form of the CLI). The empty
 * string (or white space only) is the empty stack; `0x` is an empty item, the one way to write a
 * stack of exactly one empty item (`""` is no items, `,` is two).
 */
import { BsmlError } from '../errors.js';
import { fromHexAllowing0x, HexError, toHex } from './bytes.js';

/**
 * A stack list item that is not hex; the message names the option the list came from, the item's
 * index (0 = bottom) and the hex error (with the bad digit's position in the item).
 */
export class StackListError extends BsmlError {
  readonly code = 'BAD_STACK_ITEM';
  override readonly name = 'StackListError';
}

/**
 * Parses `HEX,HEX,...` into stack items, bottom first. `undefined`, `''` and a list of white space
 * only (`' '`, as a script's hex of white space only is the empty script) are the empty stack;
 * an item may be written with a `0x` prefix, so `0x` alone is an empty item (`0x` is the stack of
 * one empty item, `01,0x,02` the same as `01,,02`); an empty string between commas is an empty item
 * too; whitespace around an item is ignored.
 *
 * @param option - the name the list was given under, used in error messages (`--stack`, `--witness`).
 * @throws {@link StackListError} for an item that is not hex
 *   (`--witness item 1: bad hex "0g": 'g' at position 1 is not a hex digit`).
 */
export function parseStackList(list: string | undefined, option = '--stack'): Uint8Array[] {
  if (list === undefined || list.trim() === '') return [];
  return list.split(',').map((item, i) => {
    try {
      return fromHexAllowing0x(item.trim());
    } catch (e) {
      if (e instanceof HexError) throw new StackListError(`${option} item ${i}: ${e.message}`);
      throw e;
    }
  });
}

/**
 * Writes stack items, bottom first, as {@link parseStackList} reads them back: hex joined by commas,
 * and `0x` for a stack of one empty item (which the plain join would write as the empty stack).
 */
export function formatStackList(items: readonly Uint8Array[]): string {
  return items.length === 1 && items[0]!.length === 0 ? '0x' : items.map(toHex).join(',');
}
