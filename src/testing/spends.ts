/**
 * Arbitraries for VerifyScript-level cases (the `spends` kind of a campaign): bare scripts and
 * unknown or wrong witness programs, P2SH, P2WSH, P2SH-P2WSH, P2WPKH, and taproot key-path and
 * script-path spends (valid and broken control blocks, annexes, other leaf versions), with
 * witness items near the 520-byte limit, malleated scriptSigs and flag sets consistent as Core
 * requires (CLEANSTACK ⇒ WITNESS ⇒ P2SH).
 *
 * The shape builders take the scripts and items to use, so tests can pair them with their own
 * script arbitraries and checkers.
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { pushData } from '../script/script.js';
import { FLAGS } from '../vm/flags.js';
import { tapbranchHash, tapleafHash, tweakPublicKey } from '../vm/taproot.js';
import { NUMS_INTERNAL_KEY } from '../vm/vectors.js';
import { flagSet } from './arbitraries.js';
import { randomBytesScript, structuredScript } from './scripts.js';
import type { SpendCase } from './spend-case.js';
import { bigElement, pubkeyBytes, signatureBytes, stackItem } from './values.js';

type Bytes = Uint8Array;

/** The three parts of a spend. */
export interface SpendParts {
  scriptSig: Bytes;
  scriptPubKey: Bytes;
  witness: Bytes[];
}

/** The spend shapes {@link spendParts} draws from. */
export type SpendShape = 'bare' | 'program' | 'p2sh' | 'p2wsh' | 'p2sh-p2wsh' | 'p2wpkh' | 'taproot';

/** Every spend shape. */
export const SPEND_SHAPES: readonly SpendShape[] = ['bare', 'program', 'p2sh', 'p2wsh', 'p2sh-p2wsh', 'p2wpkh', 'taproot'];

/** The taproot variants {@link taprootSpend} builds. */
export type TaprootShape = 'key' | 'script' | 'badsize' | 'badparity' | 'badpath' | 'path' | 'leafc2' | 'empty';

/** Every taproot variant. */
export const TAPROOT_SHAPES: readonly TaprootShape[] = ['key', 'script', 'badsize', 'badparity', 'badpath', 'path', 'leafc2', 'empty'];

const cat = (parts: readonly Bytes[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

/** RIPEMD160(SHA256(b)). */
export const hash160 = (b: Bytes): Bytes => ripemd160(sha256(b));

/** A push-only script pushing `items` in order (each with Core's minimal push). */
export const pushes = (items: readonly Bytes[]): Bytes => cat(items.map((i) => pushData(i)));

/** `OP_HASH160 <hash160(redeem)> OP_EQUAL`. */
export const p2shScript = (redeem: Bytes): Bytes => Uint8Array.of(0xa9, 0x14, ...hash160(redeem), 0x87);

/** `OP_0 <sha256(witnessScript)>`. */
export const p2wshScript = (ws: Bytes): Bytes => Uint8Array.of(0x00, 0x20, ...sha256(ws));

/** A P2SH spend of `redeem` with `items` pushed before it. */
export function p2shSpend(redeem: Bytes, items: readonly Bytes[]): SpendParts {
  return { scriptSig: pushes([...items, redeem]), scriptPubKey: p2shScript(redeem), witness: [] };
}

/** A P2WSH spend of witness script `ws` with `items` under it. */
export function p2wshSpend(ws: Bytes, items: readonly Bytes[]): SpendParts {
  return { scriptSig: new Uint8Array(0), scriptPubKey: p2wshScript(ws), witness: [...items, ws] };
}

/** A P2SH-wrapped P2WSH spend of `ws` with `items` under it. */
export function p2shP2wshSpend(ws: Bytes, items: readonly Bytes[]): SpendParts {
  const redeem = p2wshScript(ws);
  return { scriptSig: pushes([redeem]), scriptPubKey: p2shScript(redeem), witness: [...items, ws] };
}

/** A P2WPKH spend of `key` with witness `[sig, key]`. */
export function p2wpkhSpend(key: Bytes, sig: Bytes): SpendParts {
  return { scriptSig: new Uint8Array(0), scriptPubKey: Uint8Array.of(0x00, 0x14, ...hash160(key)), witness: [sig, key] };
}

/**
 * A taproot spend of an output committing (internal key: the NUMS point) to `tapscript` as its
 * only leaf, or with `sibling` as the other branch (`'path'`, `'badpath'`):
 * - `key`: a 64-byte key-path "signature" (fails under the base checker);
 * - `script`: `items`, the tapscript and a valid control block;
 * - `badsize`: the control block cut to 32 bytes; `badparity`: the wrong parity bit;
 * - `path`: a valid 65-byte control block (one sibling); `badpath`: a sibling the output does not commit to;
 * - `leafc2`: leaf version 0xc2 (not tapscript: succeeds unless discouraged);
 * - `empty`: no witness at all.
 * With `annex`, an annex (0x50 …) is added last to a non-empty witness.
 */
export function taprootSpend(shape: TaprootShape, tapscript: Bytes, items: readonly Bytes[], annex: boolean, sibling: Bytes = new Uint8Array(32).fill(0x11)): SpendParts {
  const leafVersion = shape === 'leafc2' ? 0xc2 : 0xc0;
  const leaf = tapleafHash(leafVersion, tapscript);
  const root = shape === 'path' ? tapbranchHash(leaf, sibling) : leaf;
  const tweaked = tweakPublicKey(NUMS_INTERNAL_KEY, root)!;
  const scriptPubKey = Uint8Array.of(0x51, 0x20, ...tweaked.outputKey);
  let control: Bytes = Uint8Array.of(leafVersion | (tweaked.parity ^ (shape === 'badparity' ? 1 : 0)), ...NUMS_INTERNAL_KEY);
  if (shape === 'path' || shape === 'badpath') control = cat([control, sibling]);
  if (shape === 'badsize') control = control.subarray(0, 32);
  let witness: Bytes[];
  if (shape === 'key') witness = [new Uint8Array(64).fill(7)];
  else if (shape === 'empty') witness = [];
  else witness = [...items, tapscript, control];
  if (annex && witness.length > 0) witness.push(Uint8Array.of(0x50, 1, 2));
  return { scriptSig: new Uint8Array(0), scriptPubKey, witness };
}

/** What {@link spendParts} and {@link taprootParts} build from. */
export interface SpendShapeOptions {
  /** Redeem / witness / tapscripts and bare scriptPubKeys (default: structured scripts of up to 12 tokens, sometimes random bytes). */
  script?: fc.Arbitrary<Bytes>;
  /** Pushed and witness items (default: `stackItem`, sometimes 519–521 bytes). */
  item?: fc.Arbitrary<Bytes>;
  /** Most items under the script (default 4). */
  maxItems?: number;
  /** Shapes to draw from (default all). */
  shapes?: readonly SpendShape[];
}

/** `arb`'s value about once in `n` draws, else undefined (shrinks to undefined). */
function rarely<T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> {
  return fc.tuple(fc.nat(n - 1), arb).map(([d, v]) => (d === n - 1 ? v : undefined));
}

/** The default script of a spend: mostly structured, sometimes random bytes. */
export const spendScript: fc.Arbitrary<Bytes> = fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: structuredScript(12) }, { weight: 1, arbitrary: randomBytesScript });

/** The default pushed / witness item: `stackItem`, sometimes near the 520-byte limit. */
export const spendItem: fc.Arbitrary<Bytes> = fc.oneof({ withCrossShrink: true }, { weight: 12, arbitrary: stackItem }, { weight: 1, arbitrary: bigElement });

/** Taproot spends ({@link taprootSpend}) of generated tapscripts and items, with or without an annex. */
export function taprootParts(o: SpendShapeOptions = {}): fc.Arbitrary<SpendParts> {
  const script = o.script ?? spendScript;
  const items = fc.array(o.item ?? spendItem, { maxLength: o.maxItems ?? 4 });
  return fc
    .tuple(fc.constantFrom(...TAPROOT_SHAPES), script, items, fc.boolean(), fc.uint8Array({ minLength: 32, maxLength: 32 }))
    .map(([shape, s, it, annex, sibling]) => taprootSpend(shape, s, it, annex, sibling));
}

/**
 * Spends of the given shapes (default all): `bare` (a scriptSig of pushes or a script, a
 * scriptPubKey script), `program` (witness programs of every version with random programs,
 * including v0 ones of the right sizes that commit to nothing here), `p2sh`, `p2wsh`,
 * `p2sh-p2wsh`, `p2wpkh` (keys and signature-like items), `taproot` ({@link taprootParts}).
 */
export function spendParts(o: SpendShapeOptions = {}): fc.Arbitrary<SpendParts> {
  const script = o.script ?? spendScript;
  const item = o.item ?? spendItem;
  const items = fc.array(item, { maxLength: o.maxItems ?? 4 });
  const empty = new Uint8Array(0);
  const byShape: Record<SpendShape, () => fc.Arbitrary<SpendParts>> = {
    bare: () =>
      fc
        .tuple(fc.oneof(items.map(pushes), script), script, rarely(items, 6))
        .map(([scriptSig, scriptPubKey, w]) => ({ scriptSig, scriptPubKey, witness: w ?? [] })),
    program: () =>
      fc
        .tuple(fc.integer({ min: 0, max: 16 }), fc.oneof(fc.constantFrom(20, 32), fc.integer({ min: 1, max: 41 })), fc.nat(255), items, rarely(items.map(pushes), 6))
        .map(([v, n, fill, w, sig]) => ({ scriptSig: sig ?? empty, scriptPubKey: Uint8Array.of(v === 0 ? 0 : 0x50 + v, ...pushData(new Uint8Array(n).fill(fill))), witness: w })),
    p2sh: () => fc.tuple(script, items).map(([s, it]) => p2shSpend(s, it)),
    p2wsh: () => fc.tuple(script, items).map(([s, it]) => p2wshSpend(s, it)),
    'p2sh-p2wsh': () => fc.tuple(script, items).map(([s, it]) => p2shP2wshSpend(s, it)),
    p2wpkh: () => fc.tuple(fc.oneof(pubkeyBytes, item), fc.oneof(signatureBytes, item)).map(([k, s]) => p2wpkhSpend(k, s)),
    taproot: () => taprootParts(o),
  };
  const shapes = o.shapes ?? SPEND_SHAPES;
  if (shapes.length === 0) throw new RangeError('spendParts: shapes must not be empty');
  for (const s of shapes) if (!SPEND_SHAPES.includes(s)) throw new RangeError(`spendParts: unknown shape ${JSON.stringify(s)} (expected ${SPEND_SHAPES.join(', ')})`);
  return fc.oneof({ withCrossShrink: true }, ...shapes.map((s) => byShape[s]()));
}

/** Core's flag consistency (what its drivers assert): CLEANSTACK adds WITNESS and P2SH; WITNESS adds P2SH. */
export function consistentFlags(flags: number): number {
  let f = flags;
  if (f & FLAGS.CLEANSTACK) f |= FLAGS.WITNESS;
  if (f & FLAGS.WITNESS) f |= FLAGS.P2SH;
  return f;
}

/**
 * Flag sets for spends: {@link flagSet}, often with P2SH, WITNESS and TAPROOT added (so the
 * wrapped spends run), made consistent ({@link consistentFlags}). Shrinks towards fewer flags.
 */
export const spendFlags: fc.Arbitrary<number> = fc
  .tuple(flagSet(), fc.boolean())
  .map(([f, softForks]) => consistentFlags(softForks ? f | FLAGS.P2SH | FLAGS.WITNESS | FLAGS.TAPROOT : f));

/**
 * Whole spend cases: {@link spendParts} and {@link spendFlags}, sometimes malleated (an extra
 * push before the scriptSig: a native witness spend's scriptSig is then not empty, a wrapped
 * one's not a single push).
 */
export function spendCase(o: SpendShapeOptions = {}): fc.Arbitrary<SpendCase> {
  const item = o.item ?? spendItem;
  return fc
    .tuple(spendParts(o), spendFlags, rarely(item, 10))
    .map(([p, flags, extra]) => ({
      scriptSig: extra === undefined ? p.scriptSig : cat([pushData(extra), p.scriptSig]),
      scriptPubKey: p.scriptPubKey,
      witness: p.witness,
      flags,
    }));
}
