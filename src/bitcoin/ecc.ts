/**
 * bitcoinjs-lib needs an elliptic-curve backend for taproot (address decoding, p2tr payments):
 * `@bitcoinerlab/secp256k1` (built on @noble/curves), registered once on import.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { initEccLib } from 'bitcoinjs-lib';

let ready = false;

/** Registers the ECC backend with bitcoinjs-lib (idempotent). */
export function ensureEccLib(): void {
  if (ready) return;
  initEccLib(ecc);
  ready = true;
}
