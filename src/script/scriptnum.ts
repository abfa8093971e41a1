/**
 * Script numbers with Bitcoin Core's `CScriptNum` rules: little-endian magnitude with a sign bit in
 * the top bit of the last byte; operands are at most 4 bytes (5 for CHECKLOCKTIMEVERIFY and
 * CHECKSEQUENCEVERIFY); results may be longer; minimal encoding is checked only when asked
 * (SCRIPT_VERIFY_MINIMALDATA).
 *
 * Values are plain JS numbers: every value a script can decode or produce fits in ±2^40, far
 * inside the 2^53 that doubles represent exactly.
 */
import { BsmlError } from '../errors.js';

/** Operand size limit of ordinary numeric opcodes. */
export const DEFAULT_MAX_NUM_SIZE = 4;
/** Operand size limit of CHECKLOCKTIMEVERIFY / CHECKSEQUENCEVERIFY. */
export const LOCKTIME_MAX_NUM_SIZE = 5;

/** Raised when bytes are not a valid script number (too long or non-minimal). */
export class ScriptNumError extends BsmlError {
  readonly code = 'SCRIPTNUM';
  override readonly name = 'ScriptNumError';
  constructor(readonly reason: 'overflow' | 'non-minimal') {
    super(reason === 'overflow' ? 'script number overflow' : 'non-minimally encoded script number');
  }
}

/** True when `bytes` is the minimal encoding of its value (Core's check; rejects negative zero). */
export function isMinimallyEncoded(bytes: Uint8Array, maxSize = Infinity): boolean {
  const n = bytes.length;
  if (n > maxSize) return false;
  if (n === 0) return true;
  if ((bytes[n - 1]! & 0x7f) !== 0) return true;
  return n > 1 && (bytes[n - 2]! & 0x80) !== 0;
}

/**
 * Decodes a script number. Throws ScriptNumError when longer than `maxSize` bytes, or not
 * minimal while `requireMinimal` is set.
 */
export function decodeScriptNum(
  bytes: Uint8Array,
  requireMinimal: boolean,
  maxSize: number = DEFAULT_MAX_NUM_SIZE,
): number {
  if (bytes.length > maxSize) throw new ScriptNumError('overflow');
  if (requireMinimal && !isMinimallyEncoded(bytes)) throw new ScriptNumError('non-minimal');
  return valueOf(bytes);
}

/**
 * Decodes a script number as decodeScriptNum does, but returns NaN where decodeScriptNum would
 * throw. For the interpreter, to which an invalid number is a result (SCRIPTNUM), not an error:
 * building and catching an Error (with its stack trace) per failing script cost it about a fifth
 * of its time on Core's test vectors.
 */
export function scriptNumOrNaN(
  bytes: Uint8Array,
  requireMinimal: boolean,
  maxSize: number = DEFAULT_MAX_NUM_SIZE,
): number {
  if (bytes.length > maxSize || (requireMinimal && !isMinimallyEncoded(bytes))) return NaN;
  return valueOf(bytes);
}

/** The value of a script number's bytes, whatever their length (callers check it). */
function valueOf(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n === 0) return 0;
  let result = 0;
  let mul = 1;
  for (let i = 0; i < n - 1; i++) {
    result += bytes[i]! * mul;
    mul *= 256;
  }
  const last = bytes[n - 1]!;
  result += (last & 0x7f) * mul;
  return last & 0x80 ? -result : result;
}

/** Encodes a value minimally (Core's `CScriptNum::serialize`); 0 is the empty byte string. */
export function encodeScriptNum(value: number | bigint): Uint8Array {
  if (typeof value === 'bigint') return encodeBig(value);
  if (value === 0) return EMPTY;
  if (!Number.isSafeInteger(value)) return encodeBig(BigInt(value));
  const neg = value < 0;
  const abs = neg ? -value : value;
  // Byte length of the magnitude, plus one when its top bit would collide with the sign bit.
  let len = 1;
  let top = abs;
  while (top >= 256) {
    top = Math.floor(top / 256);
    len++;
  }
  const extra = top & 0x80 ? 1 : 0;
  const out = new Uint8Array(len + extra);
  let v = abs;
  for (let i = 0; i < len; i++) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  if (extra) out[len] = neg ? 0x80 : 0x00;
  else if (neg) out[len - 1]! |= 0x80;
  return out;
}

function encodeBig(value: bigint): Uint8Array {
  if (value === 0n) return EMPTY;
  const neg = value < 0n;
  let abs = neg ? -value : value;
  const out: number[] = [];
  while (abs > 0n) {
    out.push(Number(abs & 0xffn));
    abs >>= 8n;
  }
  const top = out[out.length - 1]!;
  if (top & 0x80) out.push(neg ? 0x80 : 0x00);
  else if (neg) out[out.length - 1] = top | 0x80;
  return Uint8Array.from(out);
}

/** Core's `CScriptNum::getint`: the value clamped to the int32 range. */
export function clampInt32(value: number): number {
  if (value > 0x7fffffff) return 0x7fffffff;
  if (value < -0x80000000) return -0x80000000;
  return value;
}

/** Core's `CastToBool`: false for any encoding of zero, including negative zero. */
export function castToBool(bytes: Uint8Array): boolean {
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) return !(i === n - 1 && bytes[i] === 0x80);
  }
  return false;
}

const EMPTY = new Uint8Array(0);
