/** A stack written as text: `HEX,HEX,...` (the `--stack` / `--witness` form of the CLI). */
import { BsmlError } from '../errors.js';
import { fromHex, HexError } from './bytes.js';

/**
 * A stack list item that is not hex; the message names the option the list came from, the item's
 * index (0 = bottom) and the hex error (with the bad digit's position in the item).
 */
export class StackListError extends BsmlError {
  readonly code = 'BAD_STACK_ITEM';
  override readonly name = 'StackListError';
}

/**
 * Parses `HEX,HEX,...` into stack items, bottom first. `undefined` and `''` are the empty stack;
 * an empty string between commas is an empty item; whitespace around an item is ignored.
 *
 * @param option - the name the list was given under, used in error messages (`--stack`, `--witness`).
 * @throws {@link StackListError} for an item that is not hex
 *   (`--witness item 1: bad hex "0g": 'g' at position 1 is not a hex digit`).
 */
export function parseStackList(list: string | undefined, option = '--stack'): Uint8Array[] {
  if (list === undefined || list === '') return [];
  return list.split(',').map((item, i) => {
    try {
      return fromHex(item.trim());
    } catch (e) {
      if (e instanceof HexError) throw new StackListError(`${option} item ${i}: ${e.message}`);
      throw e;
    }
  });
}
