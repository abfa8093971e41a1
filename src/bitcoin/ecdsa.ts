/**
 * ECDSA verification with Bitcoin Core's semantics (`CPubKey::Verify`): public keys parsed as
 * libsecp256k1 does (compressed, uncompressed and hybrid 0x06/0x07), signatures parsed with Core's
 * lax DER parser, S normalized to the lower half, then verified (@noble/curves).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';

const N = secp256k1.Point.CURVE().n;
const HALF_N = N >> 1n;

function big(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function bytes32(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * Core's `ecdsa_signature_parse_der_lax`: undefined when the input is rejected outright; otherwise
 * (r, s), which is (0, 0) when either value does not fit below the group order.
 */
export function parseDerLax(input: Uint8Array): { r: bigint; s: bigint } | undefined {
  const len = input.length;
  let pos = 0;
  if (pos === len || input[pos] !== 0x30) return undefined;
  pos++;
  if (pos === len) return undefined;
  let lenbyte = input[pos++]!;
  if (lenbyte & 0x80) {
    lenbyte -= 0x80;
    if (lenbyte > len - pos) return undefined;
    pos += lenbyte;
  }
  const readInt = (): { at: number; n: number } | undefined => {
    if (pos === len || input[pos] !== 0x02) return undefined;
    pos++;
    if (pos === len) return undefined;
    let lb = input[pos++]!;
    let n: number;
    if (lb & 0x80) {
      lb -= 0x80;
      if (lb > len - pos) return undefined;
      while (lb > 0 && input[pos] === 0) {
        pos++;
        lb--;
      }
      if (lb >= 4) return undefined;
      n = 0;
      while (lb > 0) {
        n = n * 256 + input[pos]!;
        pos++;
        lb--;
      }
    } else {
      n = lb;
    }
    if (n > len - pos) return undefined;
    return { at: pos, n };
  };
  const R = readInt();
  if (!R) return undefined;
  pos += R.n;
  const S = readInt();
  if (!S) return undefined;
  const value = (at: number, n: number): bigint | undefined => {
    while (n > 0 && input[at] === 0) {
      n--;
      at++;
    }
    return n > 32 ? undefined : big(input.subarray(at, at + n));
  };
  const r = value(R.at, R.n);
  const s = value(S.at, S.n);
  if (r === undefined || s === undefined || r >= N || s >= N) return { r: 0n, s: 0n };
  return { r, s };
}

/**
 * libsecp256k1's `secp256k1_ec_pubkey_parse` after Core's size check (`CPubKey::IsValid`): the
 * 65-byte uncompressed form (0x04 || x || y) of a valid key, or undefined.
 */
export function parsePubKey(pk: Uint8Array): Uint8Array | undefined {
  const h = pk[0];
  const want = h === 2 || h === 3 ? 33 : h === 4 || h === 6 || h === 7 ? 65 : 0;
  if (want === 0 || pk.length !== want) return undefined;
  try {
    if (h === 6 || h === 7) {
      // Hybrid: y's parity must match the header.
      if ((pk[64]! & 1) !== (h & 1)) return undefined;
      const plain = pk.slice();
      plain[0] = 4;
      return secp256k1.Point.fromBytes(plain).toBytes(false);
    }
    return secp256k1.Point.fromBytes(pk).toBytes(false);
  } catch {
    return undefined;
  }
}

/**
 * Core's `CPubKey::Verify(hash, sig)`: `sig` is DER without the hash-type byte; `hash` is the
 * 32-byte signature hash as Core holds it.
 */
export function verifyEcdsa(sigDer: Uint8Array, pubkey: Uint8Array, hash: Uint8Array): boolean {
  const pk = parsePubKey(pubkey);
  if (!pk) return false;
  const sig = parseDerLax(sigDer);
  if (!sig) return false;
  if (sig.r === 0n || sig.s === 0n) return false;
  const s = sig.s > HALF_N ? N - sig.s : sig.s;
  const compact = new Uint8Array(64);
  compact.set(bytes32(sig.r), 0);
  compact.set(bytes32(s), 32);
  try {
    return secp256k1.verify(compact, hash, pk, { prehash: false, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}
