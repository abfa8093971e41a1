/**
 * Taproot outputs (BIP341): a script tree's leaf hashes, Merkle root, tweaked output key,
 * scriptPubKey, address (bech32m via bitcoinjs-lib) and each leaf's control block. The commitment
 * arithmetic is the interpreter's own (src/vm/taproot.ts), so what we build is what we verify.
 */
import { address as btcAddress, networks, type Network } from 'bitcoinjs-lib';
import { concatBytes, fromHex } from '../script/bytes.js';
import { TAPROOT_LEAF_TAPSCRIPT } from '../vm/limits.js';
import { tapbranchHash, tapleafHash, taggedHash, tweakPublicKey } from '../vm/taproot.js';
import { NUMS_INTERNAL_KEY } from '../vm/vectors.js';
import { BsmlError } from '../errors.js';

/** One leaf of a script tree. */
export interface TapLeaf {
  script: Uint8Array;
  /** Leaf version; default 0xc0 (tapscript). */
  leafVersion?: number;
}

/** A script tree: a leaf, or a pair of subtrees (BIP341's nested-list form). */
export type TapTree = TapLeaf | [TapTree, TapTree];

/** A leaf of a built output, with what spending it by script path needs. */
export interface BuiltLeaf {
  script: Uint8Array;
  leafVersion: number;
  leafHash: Uint8Array;
  /** Control block: (leafVersion | parity) || internal key || Merkle path. */
  controlBlock: Uint8Array;
}

/** A P2TR output. */
export interface TaprootOutput {
  internalKey: Uint8Array;
  /** Merkle root of the tree; undefined for a key-path-only output. */
  merkleRoot?: Uint8Array;
  /** TapTweak hash. */
  tweak: Uint8Array;
  /** x-only output key. */
  outputKey: Uint8Array;
  parity: number;
  /** OP_1 <32-byte output key>. */
  scriptPubKey: Uint8Array;
  address: string;
  /** Leaves in depth-first order, left to right. */
  leaves: BuiltLeaf[];
}

/** A key or tree that cannot make a taproot output. */
export class TaprootError extends BsmlError {
  readonly code = 'BAD_TAPROOT';
  override readonly name = 'TaprootError';
}

/**
 * Parses an x-only internal key: 32 bytes of hex (surrounding whitespace ignored). `undefined`
 * stays `undefined` (the caller's default, e.g. the BIP341 NUMS point).
 *
 * @throws `HexError` for text that is not hex; {@link TaprootError} for a key that is not 32 bytes.
 */
export function parseInternalKey(text: string | undefined): Uint8Array | undefined {
  if (text === undefined) return undefined;
  const key = fromHex(text.trim());
  if (key.length !== 32) throw new TaprootError(`--internal-key must be 32 bytes (64 hex digits, x-only), got ${key.length} bytes`);
  return key;
}

/** Network names the CLI accepts. */
export type NetworkName = 'mainnet' | 'testnet' | 'signet' | 'regtest';

/** bitcoinjs-lib network parameters by name (signet shares testnet's address prefix). */
export function networkByName(name: string): Network {
  switch (name) {
    case 'mainnet':
    case 'bitcoin':
      return networks.bitcoin;
    case 'testnet':
    case 'signet':
      return networks.testnet;
    case 'regtest':
      return networks.regtest;
    default:
      throw new TaprootError(`unknown network ${JSON.stringify(name)} (known: mainnet, testnet, signet, regtest)`);
  }
}

function isLeaf(t: TapTree): t is TapLeaf {
  return !Array.isArray(t);
}

/**
 * Builds the P2TR output for `internalKey` (x-only, 32 bytes; default BIP341's NUMS point, which
 * disables the key path) committing to `tree` (none: key path only).
 */
export function buildTaprootOutput(options: { internalKey?: Uint8Array; tree?: TapTree; network?: Network } = {}): TaprootOutput {
  const internalKey = options.internalKey ?? NUMS_INTERNAL_KEY;
  if (internalKey.length !== 32) throw new TaprootError(`internal key must be 32 bytes (x-only), got ${internalKey.length}`);
  const network = options.network ?? networks.bitcoin;
  // Walk the tree: each leaf collects the sibling hashes on its way up.
  const leaves: { script: Uint8Array; leafVersion: number; leafHash: Uint8Array; path: Uint8Array[] }[] = [];
  const walk = (t: TapTree): { hash: Uint8Array; members: number[] } => {
    if (isLeaf(t)) {
      const leafVersion = t.leafVersion ?? TAPROOT_LEAF_TAPSCRIPT;
      if ((leafVersion & 1) !== 0 || leafVersion < 0 || leafVersion > 0xfe) {
        throw new TaprootError(`leaf version 0x${leafVersion.toString(16)} is not a valid (even) leaf version`);
      }
      const leafHash = tapleafHash(leafVersion, t.script);
      leaves.push({ script: t.script, leafVersion, leafHash, path: [] });
      return { hash: leafHash, members: [leaves.length - 1] };
    }
    const a = walk(t[0]);
    const b = walk(t[1]);
    for (const i of a.members) leaves[i]!.path.push(b.hash);
    for (const i of b.members) leaves[i]!.path.push(a.hash);
    return { hash: tapbranchHash(a.hash, b.hash), members: [...a.members, ...b.members] };
  };
  const merkleRoot = options.tree ? walk(options.tree).hash : undefined;
  const tweaked = tweakPublicKey(internalKey, merkleRoot ?? new Uint8Array(0));
  if (!tweaked) throw new TaprootError('internal key is not a valid x-only public key (or the tweak overflows)');
  const scriptPubKey = concatBytes(Uint8Array.of(0x51, 0x20), tweaked.outputKey);
  return {
    internalKey,
    merkleRoot,
    tweak: taggedHash('TapTweak', internalKey, merkleRoot ?? new Uint8Array(0)),
    outputKey: tweaked.outputKey,
    parity: tweaked.parity,
    scriptPubKey,
    address: btcAddress.toBech32(tweaked.outputKey, 1, network.bech32),
    leaves: leaves.map((l) => ({
      script: l.script,
      leafVersion: l.leafVersion,
      leafHash: l.leafHash,
      controlBlock: concatBytes(Uint8Array.of(l.leafVersion | tweaked.parity), internalKey, ...l.path),
    })),
  };
}
