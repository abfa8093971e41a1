/**
 * Signature and public-key encoding rules that script evaluation enforces before (and without)
 * any cryptography: strict DER (BIP66), low S, defined hash types, key formats, and
 * FindAndDelete of signatures from a legacy scriptCode.
 */
import type { SigVersion } from './checker.js';
import type { ScriptErrorName } from './errors.js';
import { FLAGS } from './flags.js';
import { isTruncated, readInstruction } from '../script/script.js';

const SIGHASH_ANYONECANPAY = 0x80;
const SIGHASH_ALL = 1;
const SIGHASH_SINGLE = 3;
/** secp256k1 group order n, and n/2 (the low-S bound). */
const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HALF_N = CURVE_N >> 1n;

/** Core's `IsValidSignatureEncoding`: strict DER plus a trailing hash-type byte. */
export function isValidSignatureEncoding(sig: Uint8Array): boolean {
  const n = sig.length;
  if (n < 9 || n > 73) return false;
  if (sig[0] !== 0x30) return false;
  if (sig[1] !== n - 3) return false;
  const lenR = sig[3]!;
  if (5 + lenR >= n) return false;
  const lenS = sig[5 + lenR]!;
  if (lenR + lenS + 7 !== n) return false;
  if (sig[2] !== 0x02) return false;
  if (lenR === 0) return false;
  if (sig[4]! & 0x80) return false;
  if (lenR > 1 && sig[4] === 0x00 && !(sig[5]! & 0x80)) return false;
  if (sig[lenR + 4] !== 0x02) return false;
  if (lenS === 0) return false;
  if (sig[lenR + 6]! & 0x80) return false;
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !(sig[lenR + 7]! & 0x80)) return false;
  return true;
}

function bigFromBytes(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/**
 * Core's `CPubKey::CheckLowS` on a strictly DER-encoded signature (hash type removed): S must not
 * exceed n/2. (libsecp256k1's lax parser zeroes a signature whose R or S overflows, which then
 * counts as low.)
 */
function isLowS(der: Uint8Array): boolean {
  const lenR = der[3]!;
  const r = bigFromBytes(der.subarray(4, 4 + lenR));
  const lenS = der[5 + lenR]!;
  const s = bigFromBytes(der.subarray(6 + lenR, 6 + lenR + lenS));
  if (r >= CURVE_N || s >= CURVE_N) return true;
  return s <= HALF_N;
}

function isDefinedHashtype(sig: Uint8Array): boolean {
  if (sig.length === 0) return false;
  const t = sig[sig.length - 1]! & ~SIGHASH_ANYONECANPAY;
  return t >= SIGHASH_ALL && t <= SIGHASH_SINGLE;
}

/** Core's `CheckSignatureEncoding`: undefined when acceptable, else the error. */
export function checkSignatureEncoding(sig: Uint8Array, flags: number): ScriptErrorName | undefined {
  if (sig.length === 0) return undefined;
  if (flags & (FLAGS.DERSIG | FLAGS.LOW_S | FLAGS.STRICTENC) && !isValidSignatureEncoding(sig)) return 'SIG_DER';
  if (flags & FLAGS.LOW_S && !isLowS(sig.subarray(0, sig.length - 1))) return 'SIG_HIGH_S';
  if (flags & FLAGS.STRICTENC && !isDefinedHashtype(sig)) return 'SIG_HASHTYPE';
  return undefined;
}

function isCompressedOrUncompressed(pk: Uint8Array): boolean {
  if (pk.length < 33) return false;
  if (pk[0] === 0x04) return pk.length === 65;
  if (pk[0] === 0x02 || pk[0] === 0x03) return pk.length === 33;
  return false;
}

/** Core's `CheckPubKeyEncoding`: undefined when acceptable, else the error. */
export function checkPubKeyEncoding(pk: Uint8Array, flags: number, sigVersion: SigVersion): ScriptErrorName | undefined {
  if (flags & FLAGS.STRICTENC && !isCompressedOrUncompressed(pk)) return 'PUBKEYTYPE';
  if (flags & FLAGS.WITNESS_PUBKEYTYPE && sigVersion === 'witness_v0' && !(pk.length === 33 && (pk[0] === 0x02 || pk[0] === 0x03))) {
    return 'WITNESS_PUBKEYTYPE';
  }
  return undefined;
}

/**
 * Core's `FindAndDelete`: removes every occurrence of `needle` that starts at an instruction
 * boundary of `script` (matching repeatedly at the same boundary), and counts them.
 */
export function findAndDelete(script: Uint8Array, needle: Uint8Array): { script: Uint8Array; found: number } {
  if (needle.length === 0) return { script, found: 0 };
  let found = 0;
  const result: number[] = [];
  let pc = 0;
  let pc2 = 0;
  const end = script.length;
  const matchesAt = (p: number) => {
    if (end - p < needle.length) return false;
    for (let i = 0; i < needle.length; i++) if (script[p + i] !== needle[i]) return false;
    return true;
  };
  for (;;) {
    for (let i = pc2; i < pc; i++) result.push(script[i]!);
    while (matchesAt(pc)) {
      pc += needle.length;
      found++;
    }
    pc2 = pc;
    // GetOp: advance one instruction; stop at the end or on a truncated push.
    if (pc >= end) break;
    const ins = readInstruction(script, pc);
    if (isTruncated(ins)) break;
    pc = ins.end;
  }
  if (found === 0) return { script, found };
  for (let i = pc2; i < end; i++) result.push(script[i]!);
  return { script: Uint8Array.from(result), found };
}
