/** BIP340 Schnorr verification (Core's `XOnlyPubKey::VerifySchnorr`) with @noble/curves. */
import { schnorr } from '@noble/curves/secp256k1.js';

/** True when `sig` (64 bytes) is a valid BIP340 signature of `msg` under x-only `pubkey`. */
export function verifySchnorr(sig: Uint8Array, msg: Uint8Array, pubkey: Uint8Array): boolean {
  if (sig.length !== 64 || pubkey.length !== 32) return false;
  try {
    return schnorr.verify(sig, msg, pubkey);
  } catch {
    return false;
  }
}
