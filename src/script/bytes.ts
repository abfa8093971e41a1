/** Small byte helpers shared by every module. */
import { BsmlError } from '../errors.js';
import { printable, quote } from '../io/quote.js';

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

/** Bytes of a hex string; throws on odd length or a non-hex digit (naming its position). */
export function fromHex(hex: string): Uint8Array {
  return decodeHex(hex, 0);
}

/**
 * {@link fromHex} that also accepts a leading `0x` (lower case, as in Core's script ASM): `0x01` is one
 * byte, `0x` alone is zero bytes. An error's position counts from the start of `hex`, the prefix included.
 */
export function fromHexAllowing0x(hex: string): Uint8Array {
  return decodeHex(hex, hex.startsWith('0x') ? 2 : 0);
}

/** The bytes of `hex` from index `start` on (the digits after a prefix). */
function decodeHex(hex: string, start: number): Uint8Array {
  const digits = hex.length - start;
  if (digits % 2 !== 0) throw new HexError(hex, `odd number of hex digits (${digits})`);
  const out = new Uint8Array(digits / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(start + 2 * i));
    const lo = nibble(hex.charCodeAt(start + 2 * i + 1));
    if (hi < 0 || lo < 0) {
      const at = start + (hi < 0 ? 2 * i : 2 * i + 1);
      throw notHexDigit(hex, at);
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Bytes of a hex string as Bitcoin Core's `TryParseHex` reads it (util/strencodings): whitespace
 * (space, \t, \n, \v, \f, \r) between byte pairs is skipped, so `"01 02"` is 0x0102 and `""` is no
 * bytes; a pair split by whitespace, a lone digit or a non-hex character is refused (HexError
 * naming its position).
 */
export function fromHexSkippingSpace(hex: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < hex.length; ) {
    if (CORE_SPACE.has(hex[i]!)) {
      i++;
      continue;
    }
    if (i + 1 >= hex.length) throw new HexError(hex, `lone hex digit at position ${i} (a byte is two digits)`);
    const hi = nibble(hex.charCodeAt(i));
    const lo = nibble(hex.charCodeAt(i + 1));
    if (hi < 0 || lo < 0) {
      const at = hi < 0 ? i : i + 1;
      throw notHexDigit(hex, at);
    }
    out.push((hi << 4) | lo);
    i += 2;
  }
  return Uint8Array.from(out);
}

/** Core's `IsSpace` (util/strencodings.h): the C locale's whitespace. */
const CORE_SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

/** True when `s` is a string of hex digit pairs. */
export function isHex(s: string): boolean {
  return s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Concatenation of byte strings. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A bad hex string. */
export class HexError extends BsmlError {
  readonly code = 'BAD_HEX';
  override readonly name = 'HexError';
  constructor(readonly input: string, detail: string) {
    super(`bad hex ${quote(input, 40)}: ${detail}`);
  }
}

/** The error for the character of `hex` at `at` that is not a hex digit (in single quotes, escaped: `'\u001b'`). */
function notHexDigit(hex: string, at: number): HexError {
  return new HexError(hex, `'${printable(hex[at]!)}' at position ${at} is not a hex digit`);
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
