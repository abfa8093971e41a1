/** parseInternalKey: the x-only internal key of `bsml taproot` / `bsml spend --internal-key`. */
import { describe, expect, it } from 'vitest';
import { parseInternalKey, TaprootError } from '../../src/bitcoin/taproot.js';
import { HexError } from '../../src/script/bytes.js';
import { thrown } from '../helpers/errors.js';

const KEY = 'd6889cb081036e0faefa3a35157ad71086b123b2b144b649798b494c300a961d';

describe('parseInternalKey', () => {
  it('is undefined when no key is given (the caller picks the default)', () => {
    expect(parseInternalKey(undefined)).toBeUndefined();
  });

  it('reads 32 bytes of hex, ignoring surrounding whitespace and case', () => {
    const k = parseInternalKey(` ${KEY.toUpperCase()}\n`)!;
    expect(k).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(k).toString('hex')).toBe(KEY);
  });

  it('refuses a key that is not 32 bytes, naming its length', () => {
    for (const [text, n] of [['abcd', 2], ['', 0], [KEY + '00', 33]] as const) {
      const e = thrown(() => parseInternalKey(text));
      expect(e).toBeInstanceOf(TaprootError);
      expect([e.code, e.message]).toEqual(['BAD_TAPROOT', `--internal-key must be 32 bytes (64 hex digits, x-only), got ${n} bytes`]);
    }
  });

  it('refuses text that is not hex with the hex error', () => {
    const e = thrown(() => parseInternalKey('zz'));
    expect(e).toBeInstanceOf(HexError);
    expect(e.message).toBe(`bad hex "zz": 'z' at position 0 is not a hex digit`);
  });
});
