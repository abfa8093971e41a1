/** BIP341 commitments: tagged hashes, tapleaf/tapbranch hashes, the output-key tweak check. */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '../script/bytes.js';
import { TAPROOT_CONTROL_BASE_SIZE, TAPROOT_CONTROL_NODE_SIZE } from './limits.js';

const tagCache = new Map<string, Uint8Array>();
const enc = new TextEncoder();

/** BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || msg). */
export function taggedHash(tag: string, ...msg: Uint8Array[]): Uint8Array {
  let t = tagCache.get(tag);
  if (!t) {
    const h = sha256(enc.encode(tag));
    t = concatBytes(h, h);
    tagCache.set(tag, t);
  }
  return sha256(concatBytes(t, ...msg));
}

/** Bitcoin's CompactSize encoding of a length. */
export function compactSize(n: number): Uint8Array {
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >> 8);
  if (n <= 0xffffffff) return Uint8Array.of(0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff);
  const lo = n % 2 ** 32;
  const hi = Math.floor(n / 2 ** 32);
  return Uint8Array.of(0xff, lo & 0xff, (lo >> 8) & 0xff, (lo >> 16) & 0xff, lo >>> 24, hi & 0xff, (hi >> 8) & 0xff, (hi >> 16) & 0xff, hi >>> 24);
}

/** TapLeaf hash of a script with a leaf version. */
export function tapleafHash(leafVersion: number, script: Uint8Array): Uint8Array {
  return taggedHash('TapLeaf', Uint8Array.of(leafVersion), compactSize(script.length), script);
}

/** TapBranch hash of two child hashes (sorted lexicographically). */
export function tapbranchHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  return lexLess(a, b) ? taggedHash('TapBranch', a, b) : taggedHash('TapBranch', b, a);
}

function lexLess(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
}

/** The Merkle root that a control block proves for a leaf hash. */
export function merkleRootFromControl(control: Uint8Array, leafHash: Uint8Array): Uint8Array {
  const pathLen = (control.length - TAPROOT_CONTROL_BASE_SIZE) / TAPROOT_CONTROL_NODE_SIZE;
  let k = leafHash;
  for (let i = 0; i < pathLen; i++) {
    const off = TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * i;
    k = tapbranchHash(k, control.subarray(off, off + TAPROOT_CONTROL_NODE_SIZE));
  }
  return k;
}

function bytesToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/**
 * Tweaks an x-only internal key with a Merkle root (empty for key-path-only outputs): returns the
 * x-only output key and its parity, or undefined when the key is not on the curve or the tweak
 * overflows.
 */
export function tweakPublicKey(internalKey: Uint8Array, merkleRoot: Uint8Array): { outputKey: Uint8Array; parity: number } | undefined {
  let P;
  try {
    P = schnorr.utils.lift_x(bytesToBig(internalKey));
  } catch {
    return undefined;
  }
  const t = bytesToBig(taggedHash('TapTweak', internalKey, merkleRoot));
  if (t >= secp256k1.Point.CURVE().n) return undefined;
  const Q = t === 0n ? P : P.add(secp256k1.Point.BASE.multiply(t));
  if (Q.equals(secp256k1.Point.ZERO)) return undefined;
  const aff = Q.toAffine();
  const x = aff.x.toString(16).padStart(64, '0');
  const outputKey = new Uint8Array(32);
  for (let i = 0; i < 32; i++) outputKey[i] = parseInt(x.slice(2 * i, 2 * i + 2), 16);
  return { outputKey, parity: Number(aff.y & 1n) };
}

/** Core's `VerifyTaprootCommitment`: does `program` commit to the leaf through `control`? */
export function verifyTaprootCommitment(control: Uint8Array, program: Uint8Array, leafHash: Uint8Array): boolean {
  const internal = control.subarray(1, TAPROOT_CONTROL_BASE_SIZE);
  const root = merkleRootFromControl(control, leafHash);
  const tweaked = tweakPublicKey(internal, root);
  if (!tweaked) return false;
  if (tweaked.parity !== (control[0]! & 1)) return false;
  for (let i = 0; i < 32; i++) if (tweaked.outputKey[i] !== program[i]) return false;
  return true;
}
