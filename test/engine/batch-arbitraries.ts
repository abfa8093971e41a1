/**
 * fast-check arbitraries for the batch engine: scripts from the vector-path grammar (pushes,
 * constant-depth stack ops, PICK/ROLL after a constant, arithmetic, comparisons, VERIFY family,
 * altstack, IF/NOTIF/ELSE/ENDIF with same-shape branches), plus a few tokens outside it, and lanes
 * of initial stacks full of boundary numbers, non-minimal encodings and non-number items.
 */
import fc from 'fast-check';
import { OP } from '../../src/script/opcodes.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import { pushData, pushDataBytes } from '../../src/script/script.js';
import { FLAGS } from '../../src/vm/flags.js';

type Bytes = Uint8Array;

/** Numbers around every encoding-length boundary (and the 4-byte operand limit). */
export const BOUNDARY_NUMBERS: readonly number[] = [
  0, 1, -1, 2, 15, 16, 17, 127, 128, -127, -128, 255, 256, 32767, 32768, -32768, 65535, 0x7fffff, 0x800000, -0x800000,
  0x7fffffff, -0x7fffffff, 0x80000000, -0x80000000, 0xffffffff, 2 ** 32, -(2 ** 32), 2 ** 39,
];

export const number: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS) },
  { weight: 3, arbitrary: fc.integer({ min: -300, max: 300 }) },
  { weight: 1, arbitrary: fc.integer({ min: -0x7fffffff, max: 0x7fffffff }) },
);

/** A stack item: mostly minimal numbers, sometimes non-minimal encodings or byte strings. */
export const item: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 12, arbitrary: number.map((n) => encodeScriptNum(n)) },
  { weight: 1, arbitrary: fc.constantFrom(Uint8Array.of(0), Uint8Array.of(0x80), Uint8Array.of(1, 0), Uint8Array.of(0xff, 0)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 5, maxLength: 21 }) },
);

const tok = (...ops: number[]): Bytes => Uint8Array.from(ops);
const pushNum = (n: number): Bytes => pushData(encodeScriptNum(n));

/** Pushes of constants, minimal and (rarely) not. */
const push: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 8, arbitrary: number.map(pushNum) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 16 }).map((n) => pushDataBytes(Uint8Array.of(n))) }, // non-minimal push
  { weight: 1, arbitrary: fc.constantFrom(pushDataBytes(Uint8Array.of(1, 0)), pushDataBytes(new Uint8Array(20))) },
);

const SIMPLE = [
  OP.OP_DUP, OP.OP_DROP, OP.OP_SWAP, OP.OP_ROT, OP.OP_OVER, OP.OP_NIP, OP.OP_TUCK, OP.OP_2DUP, OP.OP_2DROP, OP.OP_3DUP,
  OP.OP_2OVER, OP.OP_2ROT, OP.OP_2SWAP, OP.OP_DEPTH, OP.OP_TOALTSTACK, OP.OP_FROMALTSTACK, OP.OP_1ADD, OP.OP_1SUB,
  OP.OP_NEGATE, OP.OP_ABS, OP.OP_NOT, OP.OP_0NOTEQUAL, OP.OP_ADD, OP.OP_SUB, OP.OP_BOOLAND, OP.OP_BOOLOR,
  OP.OP_NUMEQUAL, OP.OP_NUMEQUALVERIFY, OP.OP_NUMNOTEQUAL, OP.OP_LESSTHAN, OP.OP_GREATERTHAN, OP.OP_LESSTHANOREQUAL,
  OP.OP_GREATERTHANOREQUAL, OP.OP_MIN, OP.OP_MAX, OP.OP_WITHIN, OP.OP_EQUAL, OP.OP_EQUALVERIFY, OP.OP_VERIFY, OP.OP_NOP,
] as const;

/** Tokens outside the vector path (scripts with them decline; lanes must still be exact). */
const OUTSIDE = [
  OP.OP_SHA256, OP.OP_SIZE, OP.OP_IFDUP, OP.OP_RETURN, OP.OP_NOP1, OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_CAT, OP.OP_ELSE,
  OP.OP_ENDIF, OP.OP_PICK, 0xbb, OP.OP_CODESEPARATOR,
] as const;

/** Branch bodies that leave the stack shape unchanged (so predicated IFs stay on the vector path). */
const NET_ZERO: readonly Bytes[] = [
  tok(), tok(OP.OP_1ADD), tok(OP.OP_NEGATE), tok(OP.OP_DUP, OP.OP_ADD), tok(OP.OP_0, OP.OP_MAX), tok(OP.OP_5, OP.OP_MIN),
  tok(OP.OP_ABS), tok(OP.OP_SWAP), tok(OP.OP_NOT), tok(OP.OP_OVER, OP.OP_SUB), tok(OP.OP_DUP, OP.OP_DROP),
  tok(OP.OP_DUP, OP.OP_VERIFY), tok(OP.OP_TOALTSTACK, OP.OP_1, OP.OP_FROMALTSTACK, OP.OP_ADD),
  tok(OP.OP_2, OP.OP_PICK, OP.OP_ADD), tok(OP.OP_1, OP.OP_ROLL),
];

const body = (depth: number): fc.Arbitrary<Bytes[]> =>
  fc.array(
    depth > 0
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NET_ZERO) }, { weight: 1, arbitrary: ifBlock(depth - 1) })
      : fc.constantFrom(...NET_ZERO),
    { maxLength: 4 },
  );

/** `cond IF a [ELSE b] ENDIF` where the condition is a copy of a stack value (or a 0/1 pushed). */
function ifBlock(depth: number): fc.Arbitrary<Bytes> {
  return fc
    .record({
      cond: fc.constantFrom(tok(OP.OP_DUP), tok(OP.OP_OVER), tok(OP.OP_DUP, OP.OP_0, OP.OP_LESSTHAN), tok(OP.OP_1), tok(OP.OP_0), tok(OP.OP_2, OP.OP_PICK)),
      op: fc.constantFrom(OP.OP_IF, OP.OP_NOTIF),
      then: body(depth),
      else: fc.option(body(depth), { nil: undefined }),
      unbalanced: fc.integer({ min: 0, max: 30 }),
    })
    .map(({ cond, op, then, else: els, unbalanced }) => {
      const parts: Bytes[] = [cond, tok(op), ...then];
      if (els) parts.push(tok(OP.OP_ELSE), ...els);
      if (unbalanced === 0) parts.push(tok(OP.OP_DUP)); // different shapes per branch: declines
      parts.push(tok(OP.OP_ENDIF));
      return concat(parts);
    });
}

const token: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 6, arbitrary: push },
  { weight: 14, arbitrary: fc.constantFrom(...SIMPLE).map((o) => tok(o)) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(OP.OP_PICK, OP.OP_ROLL)).map(([n, o]) => concat([pushNum(n), tok(o)])) },
  { weight: 2, arbitrary: ifBlock(2) },
  { weight: 1, arbitrary: fc.constantFrom(...OUTSIDE).map((o) => tok(o)) },
);

export function concat(parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A script from the vector-path grammar (plus rare tokens outside it). */
export const vectorScript: fc.Arbitrary<Bytes> = fc.array(token, { maxLength: 40 }).map(concat);

/** Lanes for a script: `lanes` stacks of `depth` items (a few lanes get another depth). */
export const laneStacks: fc.Arbitrary<Bytes[][]> = fc
  .record({ depth: fc.integer({ min: 0, max: 6 }), lanes: fc.integer({ min: 1, max: 70 }) })
  .chain(({ depth, lanes }) =>
    fc.array(
      fc.oneof(
        { weight: 20, arbitrary: fc.array(item, { minLength: depth, maxLength: depth }) },
        { weight: 1, arbitrary: fc.array(item, { maxLength: 7 }) },
      ),
      { minLength: lanes, maxLength: lanes },
    ),
  );

export const sigVersion = fc.constantFrom('base', 'witness_v0', 'tapscript') as fc.Arbitrary<'base' | 'witness_v0' | 'tapscript'>;

/** Flags that matter to the vector path. */
export const flags: fc.Arbitrary<number> = fc
  .subarray([FLAGS.MINIMALDATA, FLAGS.MINIMALIF, FLAGS.CLEANSTACK, FLAGS.DISCOURAGE_UPGRADABLE_NOPS, FLAGS.CHECKLOCKTIMEVERIFY])
  .map((b) => b.reduce((a, x) => a | x, 0));
