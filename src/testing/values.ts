/**
 * Arbitraries for the values a script handles: script numbers at every boundary (minimal and not),
 * byte strings around the 520-byte element limit, signature- and key-shaped bytes, and the push
 * encodings of a value (minimal, direct, PUSHDATA1/2/4).
 */
import fc from 'fast-check';
import { OP } from '../script/opcodes.js';
import { pushData, pushDataBytes } from '../script/script.js';
import { encodeScriptNum } from '../script/scriptnum.js';
import { MAX_SCRIPT_ELEMENT_SIZE } from '../vm/limits.js';

type Bytes = Uint8Array;

const P31 = 2n ** 31n;
const P32 = 2n ** 32n;
const P39 = 2n ** 39n;
const P40 = 2n ** 40n;

/**
 * Magnitudes at the edges of each script-number byte length (1 to 6 bytes), around int32 and the
 * 5-byte lock-time limit; every one is used with both signs.
 */
export const BOUNDARY_MAGNITUDES: readonly bigint[] = [
  0n, 1n, 2n, 15n, 16n, 17n, 126n, 127n, 128n, 129n, 254n, 255n, 256n, 257n, 32767n, 32768n, 65535n, 65536n,
  8388607n, 8388608n, P31 - 2n, P31 - 1n, P31, P31 + 1n, P32 - 1n, P32, P39 - 1n, P39, P40 - 1n, P40,
];

/** Boundary values (both signs), as bigints. */
export const boundaryValue: fc.Arbitrary<bigint> = fc
  .tuple(fc.constantFrom(...BOUNDARY_MAGNITUDES), fc.boolean())
  .map(([m, neg]) => (neg ? -m : m));

/**
 * The non-minimal encoding of the same value with one extra sign byte (`01` → `0100`, `81` →
 * `0180`, `` → `00` or `80`).
 */
export function padScriptNum(minimal: Bytes): Bytes {
  if (minimal.length === 0) return Uint8Array.of(0x00);
  const last = minimal[minimal.length - 1]!;
  const out = new Uint8Array(minimal.length + 1);
  out.set(minimal);
  out[minimal.length - 1] = last & 0x7f;
  out[minimal.length] = last & 0x80;
  return out;
}

/**
 * Script-number byte strings: minimal encodings of small and boundary values, negative zero
 * (`80`, `0080`), zero-padded (non-minimal) encodings, and short random byte strings.
 */
export const scriptNumBytes: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 20 }).map((n) => encodeScriptNum(n)) },
  { weight: 4, arbitrary: boundaryValue.map((v) => encodeScriptNum(v)) },
  { weight: 1, arbitrary: fc.constantFrom(Uint8Array.of(0x80), Uint8Array.of(0x00, 0x80), Uint8Array.of(0x00), Uint8Array.of(0x00, 0x00)) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -3, max: 20 }).map((n) => BigInt(n)), boundaryValue).map((v) => padScriptNum(encodeScriptNum(v))) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 6 }) },
);

/**
 * Encodings at the edges of the number rules: negative zero (`80`, `0080`, `00000080`), zero-padded
 * values (`00`, `0000`, `0100`, `0180`, the 5-byte `0100000000`), the largest 4-byte and the 5-byte
 * values (±(2^31−1), ±2^31, ±(2^32−1), ±(2^39−1)) and the smallest 6-byte one (2^39): what
 * MINIMALDATA, the 4-byte operand limit and CastToBool decide on.
 */
export const numberEdgeBytes: fc.Arbitrary<Bytes> = fc.constantFrom(
  Uint8Array.of(0x80), Uint8Array.of(0x00, 0x80), Uint8Array.of(0x00, 0x00, 0x00, 0x80), Uint8Array.of(0x00), Uint8Array.of(0x00, 0x00),
  Uint8Array.of(0x01, 0x00), Uint8Array.of(0x01, 0x80), Uint8Array.of(0x01, 0x00, 0x00, 0x00, 0x00),
  ...[P31 - 1n, P31, P32 - 1n, P39 - 1n].flatMap((v) => [encodeScriptNum(v), encodeScriptNum(-v)]),
  encodeScriptNum(P39),
);

/**
 * Lock-time operands of CHECKLOCKTIMEVERIFY / CHECKSEQUENCEVERIFY: {@link scriptNumBytes}, or (2 in
 * 3) values at the lock-time boundaries: the 500,000,000 threshold, BIP68's type flag (2^22) and
 * disable flag (2^31, alone and with lock-time bits), the largest 5-byte value, negative values,
 * negative zero.
 */
export const lockTimeBytes: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 1, arbitrary: scriptNumBytes },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...[0n, 1n, 0xffffn, 0x10000n, 2n ** 22n - 1n, 2n ** 22n, 2n ** 22n + 1n, 499_999_999n, 500_000_000n, 500_000_001n, P31 - 1n, P31, P31 + 1n, P31 + 0xffffn, P31 + 2n ** 22n, P31 + 500_000_000n, P32 - 1n, P39 - 1n, -1n, -(2n ** 22n), -500_000_000n, -P31, -(P39 - 1n)].map((v) => encodeScriptNum(v)),
      Uint8Array.of(0x80),
      Uint8Array.of(0x00, 0x00, 0x00, 0x00, 0x80),
    ),
  },
);

const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

function bigBytes(v: bigint): Bytes {
  const out: number[] = [];
  while (v > 0n) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return Uint8Array.from(out);
}

/**
 * A DER integer body: random bytes, more often made valid in form (not negative, no needless
 * leading zero), or S right at the low-S bound (n/2, n/2 + 1).
 */
const derInt: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 33 }) },
  {
    weight: 3,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 32 }).map((b) => {
      const out = b.slice();
      out[0] = (out[0]! & 0x7f) || 1;
      return out;
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom(bigBytes(HALF_N), bigBytes(HALF_N + 1n), Uint8Array.of(0x00, 0x80), Uint8Array.of(0x00, 0x01)) },
);

/** Hash-type bytes: mostly defined ones, sometimes undefined. */
const hashType = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0x01, 0x02, 0x03, 0x81, 0x82, 0x83) }, { weight: 1, arbitrary: fc.constantFrom(0x00, 0x04, 0x84, 0x41) });

/**
 * Signature-shaped bytes: DER `30 len 02 R 02 S` plus a hash type (often strictly valid in form,
 * sometimes with a wrong length byte), 64/65-byte Schnorr-sized strings, or nothing.
 */
export const signatureBytes: fc.Arbitrary<Bytes> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(derInt, derInt, hashType, fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 2 }) })).map(([r, s, ht, lenSkew]) => {
      const body = [0x02, r.length, ...r, 0x02, s.length, ...s];
      return Uint8Array.from([0x30, (body.length + lenSkew) & 0xff, ...body, ht]);
    }),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(64, 65, 63, 66), fc.nat(255)).map(([n, b]) => new Uint8Array(n).fill(b)) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
);

/**
 * Public-key-shaped bytes: compressed, uncompressed, hybrid, x-only (32), empty, odd sizes; half
 * the time a well-formed key (02/03 and 33 bytes, 04 and 65, or 32 bytes), so the checks after
 * the key's encoding run.
 */
export const pubkeyBytes: fc.Arbitrary<Bytes> = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constantFrom(0x02, 0x03, 0x04, 0x06, 0x07, 0x05, 0x00), fc.constantFrom(33, 65, 32, 0, 1, 34)),
      fc.constantFrom<[number, number]>([0x02, 33], [0x03, 33], [0x04, 65], [0x02, 32]),
    ),
    fc.nat(255),
  )
  .map(([[prefix, n], fill]) => {
    const k = new Uint8Array(n).fill(fill);
    if (n > 0) k[0] = prefix;
    return k;
  });

/** Byte strings of 519, 520 (the limit) and 521 bytes. */
export const bigElement: fc.Arbitrary<Bytes> = fc
  .tuple(fc.constantFrom(MAX_SCRIPT_ELEMENT_SIZE - 1, MAX_SCRIPT_ELEMENT_SIZE, MAX_SCRIPT_ELEMENT_SIZE + 1), fc.nat(255))
  .map(([n, b]) => new Uint8Array(n).fill(b));

/**
 * Any stack item or pushed value: mostly small minimal numbers (so arithmetic gets to run), then
 * boundary and malformed numbers, raw bytes, keys and signatures.
 */
export const stackItem: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 14, arbitrary: fc.integer({ min: -3, max: 20 }).map((n) => encodeScriptNum(n)) },
  { weight: 6, arbitrary: scriptNumBytes },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  { weight: 1, arbitrary: signatureBytes },
  { weight: 1, arbitrary: pubkeyBytes },
);

/** The rare big items (519–521 bytes) added to `stackItem` where the element limit matters. */
export const stackItemWithBig: fc.Arbitrary<Bytes> = fc.oneof({ withCrossShrink: true }, { weight: 30, arbitrary: stackItem }, { weight: 1, arbitrary: bigElement });

/** The PUSHDATA1/2/4 encodings of `data` (never minimal for short data). */
export function pushDataN(data: Bytes, opcode: number): Bytes {
  const n = data.length;
  const head =
    opcode === OP.OP_PUSHDATA1 ? [opcode, n & 0xff] : opcode === OP.OP_PUSHDATA2 ? [opcode, n & 0xff, (n >> 8) & 0xff] : [opcode, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  const out = new Uint8Array(head.length + n);
  out.set(head);
  out.set(data, head.length);
  return out;
}

/**
 * A push of `data`: usually minimal (`pushData`, which may be OP_0/OP_1NEGATE/OP_n), otherwise a
 * direct length push or PUSHDATA1/2/4 (non-minimal, a MINIMALDATA failure when that flag is set).
 */
export function pushOf(data: fc.Arbitrary<Bytes>): fc.Arbitrary<Bytes> {
  return fc
    .tuple(data, fc.oneof({ weight: 12, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.constantFrom(0, OP.OP_PUSHDATA1, OP.OP_PUSHDATA2, OP.OP_PUSHDATA4) }))
    .map(([d, enc]) => {
      if (enc === -1) return pushData(d);
      if (enc === 0) return d.length <= 75 ? pushDataBytes(d) : pushData(d);
      return pushDataN(d, enc === OP.OP_PUSHDATA1 && d.length > 0xff ? OP.OP_PUSHDATA2 : enc);
    });
}
