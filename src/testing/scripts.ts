/**
 * Script arbitraries: random bytes, scripts from an opcode grammar (pushes at every number
 * boundary, stack and arithmetic ops, PICK/ROLL at edge indices, nested IF/NOTIF/ELSE/ENDIF both
 * balanced and not, signature and lock-time ops), and scripts built to sit right at the consensus
 * limits (201 ops, 10,000 bytes, 1000 stack items, 520-byte elements).
 *
 * A generated script is a list of tokens (byte chunks) joined together, so fast-check shrinks a
 * failing script by dropping whole tokens: counterexamples come out short and readable.
 */
import fc from 'fast-check';
import { concatBytes } from '../script/bytes.js';
import { OP } from '../script/opcodes.js';
import { isTruncated, pushData, pushDataBytes, readInstruction } from '../script/script.js';
import { encodeScriptNum, isMinimallyEncoded, scriptNumOrNaN } from '../script/scriptnum.js';
import { MAX_OPS_PER_SCRIPT, MAX_SCRIPT_ELEMENT_SIZE, MAX_SCRIPT_SIZE, MAX_STACK_SIZE } from '../vm/limits.js';
import { bigElement, boundaryValue, lockTimeBytes, numberEdgeBytes, pubkeyBytes, pushDataN, pushOf, scriptNumBytes, signatureBytes, stackItemWithBig } from './values.js';

type Bytes = Uint8Array;

const ops = (...codes: number[]): Bytes => Uint8Array.from(codes);
const join = (parts: readonly Bytes[]): Bytes => concatBytes(...parts);
const repeat = (code: number, n: number): Bytes => new Uint8Array(n).fill(code);

const STACK_OPS = [
  OP.OP_TOALTSTACK, OP.OP_FROMALTSTACK, OP.OP_2DROP, OP.OP_2DUP, OP.OP_3DUP, OP.OP_2OVER, OP.OP_2ROT, OP.OP_2SWAP,
  OP.OP_IFDUP, OP.OP_DEPTH, OP.OP_DROP, OP.OP_DUP, OP.OP_NIP, OP.OP_OVER, OP.OP_ROT, OP.OP_SWAP, OP.OP_TUCK, OP.OP_SIZE,
];
const NUMBER_OPS = [
  OP.OP_1ADD, OP.OP_1SUB, OP.OP_NEGATE, OP.OP_ABS, OP.OP_NOT, OP.OP_0NOTEQUAL, OP.OP_ADD, OP.OP_SUB, OP.OP_BOOLAND,
  OP.OP_BOOLOR, OP.OP_NUMEQUAL, OP.OP_NUMEQUALVERIFY, OP.OP_NUMNOTEQUAL, OP.OP_LESSTHAN, OP.OP_GREATERTHAN,
  OP.OP_LESSTHANOREQUAL, OP.OP_GREATERTHANOREQUAL, OP.OP_MIN, OP.OP_MAX, OP.OP_WITHIN,
];
const TEST_OPS = [OP.OP_EQUAL, OP.OP_EQUALVERIFY, OP.OP_VERIFY];
const HASH_OPS = [OP.OP_RIPEMD160, OP.OP_SHA1, OP.OP_SHA256, OP.OP_HASH160, OP.OP_HASH256];
const SIG_OPS = [OP.OP_CODESEPARATOR, OP.OP_CHECKSIG, OP.OP_CHECKSIGVERIFY, OP.OP_CHECKMULTISIG, OP.OP_CHECKMULTISIGVERIFY, OP.OP_CHECKSIGADD];
const NOP_OPS = [
  OP.OP_NOP, OP.OP_NOP1, OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_CHECKSEQUENCEVERIFY, OP.OP_NOP4, OP.OP_NOP5, OP.OP_NOP6,
  OP.OP_NOP7, OP.OP_NOP8, OP.OP_NOP9, OP.OP_NOP10,
];
const FLOW_OPS = [OP.OP_IF, OP.OP_NOTIF, OP.OP_ELSE, OP.OP_ENDIF];
/** Ops that fail wherever they are, in every sigversion (even in a skipped branch for VERIF). */
const FAILING_OPS = [OP.OP_RETURN, OP.OP_VERIF, OP.OP_VERNOTIF, OP.OP_INVALIDOPCODE];
/** Reserved, disabled and unknown ops: failures in base/witness_v0, OP_SUCCESSx in tapscript. */
const SUCCESS_OPS = [
  OP.OP_RESERVED, OP.OP_VER, OP.OP_RESERVED1, OP.OP_RESERVED2, OP.OP_CAT, OP.OP_SUBSTR, OP.OP_LEFT, OP.OP_RIGHT,
  OP.OP_INVERT, OP.OP_AND, OP.OP_OR, OP.OP_XOR, OP.OP_2MUL, OP.OP_2DIV, OP.OP_MUL, OP.OP_DIV, OP.OP_MOD,
  OP.OP_LSHIFT, OP.OP_RSHIFT, 0xbb, 0xc0, 0xfe,
];

/**
 * A grammar token before assembly. A leaf is a byte chunk with its stack effect (`need` items on
 * the stack, `delta` change; the same for the altstack); when `fix` is set the assembler first
 * pushes `feed` until the token's needs are met, so most scripts run deep instead of failing on
 * their first opcode. Tokens without `fix` (about 1 in 7) test the invalid depths.
 */
export type Token =
  | {
      kind: 'leaf';
      bytes: Bytes;
      need: number;
      delta: number;
      altNeed: number;
      altDelta: number;
      /** How many of the `need` top items must be script numbers. */
      numeric: number;
      /** What the token leaves: numbers, other bytes, or copies of what it took. */
      out: ItemKind | 'copy';
      fix: boolean;
      feed: number;
    }
  | {
      kind: 'if';
      /** False: emit the branches one after the other, without IF/ELSE/ENDIF (how shrinking unwraps a block). */
      wrap: boolean;
      /** Condition push, or undefined to test the item already on top. */
      cond: Bytes | undefined;
      op: number;
      then: Token[];
      otherwise: Token[] | undefined;
      extraElse: Token[] | undefined;
      close: boolean;
      fix: boolean;
      feed: number;
    };

/** What the assembler assumes an item is: a script number ('n') or other bytes ('b'). */
export type ItemKind = 'n' | 'b';

/** 'n' for items that decode as 4-byte minimal script numbers, else 'b'. */
export function itemKind(item: Uint8Array): ItemKind {
  return item.length <= 4 && isMinimallyEncoded(item) ? 'n' : 'b';
}

/** A token list plus how it ends: as is, or trimmed to one item (what witness scripts need). */
export interface Program {
  tokens: Token[];
  finish: 'none' | 'one';
}

/**
 * One byte steers the assembler for a token: its low 3 bits say whether to feed (7 of 8 values
 * do), the rest pick the value fed (mostly 0–5). It shrinks towards 0, no feeding, so shrunk
 * counterexamples keep only the feeding pushes they need.
 */
const ctlArb = fc.nat(255);
const FEEDS = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, -1, 6, 7, 8, 15, 16, 1, 2];
const fixOf = (ctl: number): boolean => (ctl & 7) !== 0;
const feedOf = (ctl: number): number => FEEDS[ctl >> 3]!;

function leaf(
  bytes: fc.Arbitrary<Bytes>,
  need: number,
  delta: number | ((b: Bytes) => number),
  more: { altNeed?: number; altDelta?: number; numeric?: number; out?: ItemKind | 'copy' | ((b: Bytes) => ItemKind) } = {},
): fc.Arbitrary<Token> {
  return fc.tuple(bytes, ctlArb).map(([b, ctl]) => ({
    kind: 'leaf' as const,
    bytes: b,
    need,
    delta: typeof delta === 'function' ? delta(b) : delta,
    altNeed: more.altNeed ?? 0,
    altDelta: more.altDelta ?? 0,
    numeric: more.numeric ?? 0,
    out: typeof more.out === 'function' ? more.out(b) : (more.out ?? 'n'),
    fix: fixOf(ctl),
    feed: feedOf(ctl),
  }));
}

/** The kind of item a push token pushes. */
function pushKind(bytes: Bytes): ItemKind {
  const ins = readInstruction(bytes, 0);
  if (isTruncated(ins)) return 'b';
  return ins.data ? itemKind(ins.data) : 'n';
}

/** Leaves for single opcodes with a known stack effect: [opcode, need, delta, altNeed, altDelta]. */
const EFFECTS: readonly (readonly [number, number, number, number?, number?])[] = [
  [OP.OP_TOALTSTACK, 1, -1, 0, 1], [OP.OP_FROMALTSTACK, 0, 1, 1, -1], [OP.OP_2DROP, 2, -2], [OP.OP_2DUP, 2, 2],
  [OP.OP_3DUP, 3, 3], [OP.OP_2OVER, 4, 2], [OP.OP_2ROT, 6, 0], [OP.OP_2SWAP, 4, 0], [OP.OP_IFDUP, 1, 0],
  [OP.OP_DEPTH, 0, 1], [OP.OP_DROP, 1, -1], [OP.OP_DUP, 1, 1], [OP.OP_NIP, 2, -1], [OP.OP_OVER, 2, 1],
  [OP.OP_ROT, 3, 0], [OP.OP_SWAP, 2, 0], [OP.OP_TUCK, 2, 1], [OP.OP_SIZE, 1, 1],
  [OP.OP_1ADD, 1, 0], [OP.OP_1SUB, 1, 0], [OP.OP_NEGATE, 1, 0], [OP.OP_ABS, 1, 0], [OP.OP_NOT, 1, 0],
  [OP.OP_0NOTEQUAL, 1, 0], [OP.OP_ADD, 2, -1], [OP.OP_SUB, 2, -1], [OP.OP_BOOLAND, 2, -1], [OP.OP_BOOLOR, 2, -1],
  [OP.OP_NUMEQUAL, 2, -1], [OP.OP_NUMEQUALVERIFY, 2, -2], [OP.OP_NUMNOTEQUAL, 2, -1], [OP.OP_LESSTHAN, 2, -1],
  [OP.OP_GREATERTHAN, 2, -1], [OP.OP_LESSTHANOREQUAL, 2, -1], [OP.OP_GREATERTHANOREQUAL, 2, -1], [OP.OP_MIN, 2, -1],
  [OP.OP_MAX, 2, -1], [OP.OP_WITHIN, 3, -2], [OP.OP_EQUAL, 2, -1], [OP.OP_EQUALVERIFY, 2, -2], [OP.OP_VERIFY, 1, -1],
  [OP.OP_RIPEMD160, 1, 0], [OP.OP_SHA1, 1, 0], [OP.OP_SHA256, 1, 0], [OP.OP_HASH160, 1, 0], [OP.OP_HASH256, 1, 0],
  [OP.OP_CODESEPARATOR, 0, 0], [OP.OP_CHECKSIG, 2, -1], [OP.OP_CHECKSIGVERIFY, 2, -2], [OP.OP_CHECKMULTISIG, 1, 0],
  [OP.OP_CHECKMULTISIGVERIFY, 1, -1], [OP.OP_CHECKSIGADD, 3, -2], [OP.OP_CHECKLOCKTIMEVERIFY, 1, 0],
  [OP.OP_CHECKSEQUENCEVERIFY, 1, 0],
];
const effectOf = new Map(EFFECTS.map((e) => [e[0], e]));

const NUMERIC_IN = new Set<number>([...NUMBER_OPS, OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_CHECKSEQUENCEVERIFY]);
const COPYING = new Set<number>(STACK_OPS.filter((c) => c !== OP.OP_DEPTH && c !== OP.OP_SIZE));

function opLeaves(codes: readonly number[]): fc.Arbitrary<Token> {
  return fc.tuple(fc.constantFrom(...codes), ctlArb).map(([c, ctl]): Token => {
    const e = effectOf.get(c);
    const need = e?.[1] ?? 0;
    const out = (HASH_OPS as readonly number[]).includes(c) ? 'b' : COPYING.has(c) ? 'copy' : 'n';
    return {
      kind: 'leaf', bytes: ops(c), need, delta: e?.[2] ?? 0, altNeed: e?.[3] ?? 0, altDelta: e?.[4] ?? 0,
      numeric: NUMERIC_IN.has(c) ? need : 0, out, fix: fixOf(ctl), feed: feedOf(ctl),
    };
  });
}

/** A push of a stack value (numbers at every boundary, keys, signatures, 519–521-byte strings). */
export const pushToken: fc.Arbitrary<Bytes> = pushOf(stackItemWithBig);

/**
 * PICK / ROLL with an index at the edges: small indices (with the items they reach), negative
 * ones, boundary values, and `DEPTH`-relative ones (`DEPTH 1SUB PICK` is the deepest valid index,
 * `DEPTH PICK` one past it).
 */
const pickRollLeaf: fc.Arbitrary<Token> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(OP.OP_PICK, OP.OP_ROLL), ctlArb).map(([n, op, ctl]): Token => ({
      kind: 'leaf', bytes: concatBytes(pushData(encodeScriptNum(n)), ops(op)), need: n + 1, delta: op === OP.OP_PICK ? 1 : 0, altNeed: 0, altDelta: 0, numeric: 0, out: 'copy', fix: fixOf(ctl), feed: feedOf(ctl),
    })),
  },
  { weight: 1, arbitrary: leaf(fc.tuple(fc.oneof(fc.constant(-1n), boundaryValue), fc.constantFrom(OP.OP_PICK, OP.OP_ROLL)).map(([v, op]) => concatBytes(pushData(encodeScriptNum(v)), ops(op))), 0, 0, { out: 'copy' }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(ops(OP.OP_DEPTH, OP.OP_1SUB), ops(OP.OP_DEPTH), ops(OP.OP_DEPTH, OP.OP_1ADD), ops(OP.OP_DEPTH, OP.OP_2, OP.OP_SUB)), fc.constantFrom(OP.OP_PICK, OP.OP_ROLL), ctlArb)
      .map(([index, op, ctl]): Token => ({ kind: 'leaf', bytes: concatBytes(index, ops(op)), need: 1, delta: op === OP.OP_PICK ? 1 : 0, altNeed: 0, altDelta: 0, numeric: 0, out: 'copy', fix: fixOf(ctl), feed: feedOf(ctl) })),
  },
);

/**
 * Joins the parts of a composite token, each kept unless its draw (0–9, one per part) is 0: one
 * part in ten is left out when generating, and shrinking can drop any part on its own.
 */
function droppable(parts: fc.Arbitrary<Bytes[]>, maxParts: number): fc.Arbitrary<Bytes> {
  return fc
    .tuple(parts, fc.array(fc.nat(9), { minLength: maxParts, maxLength: maxParts }))
    .map(([ps, keep]) => join(ps.filter((_, i) => i >= maxParts || keep[i] !== 0)));
}

/**
 * `<n> CHECKLOCKTIMEVERIFY|CHECKSEQUENCEVERIFY [DROP]`, with n at the 5-byte, sign and lock-time
 * boundaries (threshold, BIP68 type and disable flags; see `lockTimeBytes`).
 */
export const lockTimeToken: fc.Arbitrary<Bytes> = droppable(
  fc
    .tuple(pushOf(lockTimeBytes), fc.constantFrom(OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_CHECKSEQUENCEVERIFY), fc.boolean())
    .map(([n, op, drop]) => [n, ops(op), ...(drop ? [ops(OP.OP_DROP)] : [])]),
  3,
);

/**
 * `<dummy> <sig>… <m> <key>… <n> CHECKMULTISIG[VERIFY]` with counts at their edges (m > n, n > 20,
 * negative) and signature/key-shaped items.
 */
export const multisigToken: fc.Arbitrary<Bytes> = droppable(
  fc
    .record({
      dummy: fc.option(pushOf(scriptNumBytes), { nil: undefined }),
      sigs: fc.array(pushOf(signatureBytes), { maxLength: 3 }),
      m: fc.option(fc.integer({ min: -1, max: 4 }), { nil: undefined, freq: 4 }),
      keys: fc.array(pushOf(pubkeyBytes), { maxLength: 3 }),
      n: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(-1, 0, 20, 21) }),
      verify: fc.boolean(),
    })
    .map(({ dummy, sigs, m, keys, n, verify }) => [
      dummy ?? new Uint8Array(0),
      ...sigs,
      pushData(encodeScriptNum(m ?? sigs.length)),
      ...keys,
      pushData(encodeScriptNum(n ?? keys.length)),
      ops(verify ? OP.OP_CHECKMULTISIGVERIFY : OP.OP_CHECKMULTISIG),
    ]),
  10,
);

/**
 * `<sig> [<n>] <key> CHECKSIG|CHECKSIGVERIFY|CHECKSIGADD` with signature- and key-shaped items (and
 * CHECKSIGADD's n 2 times in 3 at a number-rule edge: negative zero, padded, 5 bytes).
 */
export const checksigToken: fc.Arbitrary<Bytes> = droppable(
  fc
    .tuple(pushOf(signatureBytes), pushOf(fc.oneof({ weight: 1, arbitrary: scriptNumBytes }, { weight: 2, arbitrary: numberEdgeBytes })), pushOf(pubkeyBytes), fc.constantFrom(OP.OP_CHECKSIG, OP.OP_CHECKSIGVERIFY, OP.OP_CHECKSIGADD))
    .map(([sig, n, key, op]) => (op === OP.OP_CHECKSIGADD ? [sig, n, key, ops(op)] : [sig, key, ops(op)])),
  4,
);

/** Operands of the number probes: small numbers, boundary values, and encodings at the number rules' edges. */
const probeOperand: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -2, max: 4 }).map((n) => encodeScriptNum(n)) },
  { weight: 2, arbitrary: boundaryValue.map((v) => encodeScriptNum(v)) },
  { weight: 4, arbitrary: numberEdgeBytes },
);

/**
 * An operand related to `a` (`how` 0–4): the same bytes, the same value minimally encoded, its
 * value plus or minus one, or `other` (independent): comparisons and WITHIN meet equal and
 * adjacent values, which independent draws rarely give.
 */
function relatedTo(a: Bytes, how: number, other: Bytes): Bytes {
  const v = scriptNumOrNaN(a, false, 8);
  if (how === 0) return a;
  if (how === 1) return encodeScriptNum(v);
  if (how === 2) return encodeScriptNum(v + 1);
  if (how === 3) return encodeScriptNum(v - 1);
  return other;
}

const PROBE_UNARY: number[] = [OP.OP_1ADD, OP.OP_1SUB, OP.OP_NEGATE, OP.OP_ABS, OP.OP_NOT, OP.OP_0NOTEQUAL, OP.OP_SIZE];
const PROBE_BINARY = [
  OP.OP_ADD, OP.OP_SUB, OP.OP_BOOLAND, OP.OP_BOOLOR, OP.OP_NUMEQUAL, OP.OP_NUMEQUALVERIFY, OP.OP_NUMNOTEQUAL, OP.OP_LESSTHAN,
  OP.OP_GREATERTHAN, OP.OP_LESSTHANOREQUAL, OP.OP_GREATERTHANOREQUAL, OP.OP_MIN, OP.OP_MAX, OP.OP_EQUAL,
];

/**
 * Number probes: `<a> [<b> [<c>]] OP [VERIFY]`, a number op (or SIZE, EQUAL, VERIFY, IFDUP, or
 * CHECKSIGADD with an empty signature) on its own operands: small, boundary, negative zero, zero-padded and
 * 5-byte values, the second and third often equal or adjacent to the first (WITHIN's bounds at x).
 * Two thirds of them end in VERIFY (SIZE: in `<its size> EQUALVERIFY`), so a wrong result decides
 * the case's outcome. They leave one item (none when they end in a VERIFY).
 */
export const numberProbe: fc.Arbitrary<Bytes> = fc
  .record({
    op: fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(...PROBE_UNARY) },
      { weight: 1, arbitrary: fc.constantFrom(...PROBE_BINARY) },
      { weight: 1, arbitrary: fc.constantFrom(OP.OP_WITHIN, OP.OP_CHECKSIGADD) },
      { weight: 2, arbitrary: fc.constantFrom(OP.OP_SIZE, OP.OP_VERIFY, OP.OP_IFDUP) },
    ),
    a: probeOperand,
    b: probeOperand,
    c: probeOperand,
    relB: fc.nat(4),
    relC: fc.nat(4),
    swap: fc.boolean(),
    verify: fc.nat(2),
  })
  .map(({ op, a, b, c, relB, relC, swap, verify }) => {
    let args: Bytes[];
    if (PROBE_UNARY.includes(op)) args = [a];
    // An empty signature: CHECKSIGADD adds nothing without asking the checker (BAD_OPCODE outside tapscript).
    else if (op === OP.OP_CHECKSIGADD) args = [new Uint8Array(0), a, new Uint8Array(32).fill(0x79)];
    else if (op === OP.OP_WITHIN) args = [a, relatedTo(a, relB, b), relatedTo(a, relC, c)];
    else {
      const second = relatedTo(a, relB, b);
      args = swap ? [second, a] : [a, second];
    }
    // SIZE's right answer is known here: `<a> SIZE <size of a> EQUALVERIFY`.
    const check = op === OP.OP_SIZE ? ops(...pushData(encodeScriptNum(a.length)), OP.OP_EQUALVERIFY) : ops(OP.OP_VERIFY);
    const tail = verify !== 0 && op !== OP.OP_NUMEQUALVERIFY && op !== OP.OP_VERIFY ? [ops(op), check] : [ops(op)];
    return join([...args.map(pushData), ...tail]);
  });

const PROBE_STACK_OPS = [...COPYING].filter((c) => c !== OP.OP_TOALTSTACK && c !== OP.OP_FROMALTSTACK);

/**
 * Stack probes: `1 2 … n` (n from 2 to 6), one stack op (or `<i> PICK|ROLL`, i from 0 to 3), then
 * `<v> EQUALVERIFY` with v one of the pushed values: whether the op left v on top decides the
 * outcome, so an op that moves the wrong item shows in success and error, not only in the stack.
 */
export const stackProbe: fc.Arbitrary<Bytes> = fc
  .record({ n: fc.integer({ min: 2, max: 6 }), op: fc.constantFrom(...PROBE_STACK_OPS, OP.OP_PICK, OP.OP_ROLL), index: fc.nat(3), v: fc.nat(5) })
  .map(({ n, op, index, v }) => {
    const pushes = Array.from({ length: n }, (_, i) => ops(OP.OP_1 + i));
    const opBytes = op === OP.OP_PICK || op === OP.OP_ROLL ? ops(index === 0 ? OP.OP_0 : OP.OP_1 + index - 1, op) : ops(op);
    return join([...pushes, opBytes, ops(OP.OP_1 + (v % n), OP.OP_EQUALVERIFY)]);
  });

/** The stack effect of a stack probe: its n pushes, the op's effect, and EQUALVERIFY's net -1. */
function stackProbeDelta(b: Bytes): number {
  let n = 0;
  while (b[n]! >= OP.OP_1 && b[n]! <= OP.OP_16) n++;
  const op = b[b.length - 3]!;
  if (op === OP.OP_PICK || op === OP.OP_ROLL) {
    // n counted the index too when it is OP_1…OP_3; `<i> PICK` adds one item, `<i> ROLL` none.
    const pushes = b[b.length - 4] === OP.OP_0 ? n : n - 1;
    return pushes + (op === OP.OP_PICK ? 1 : 0) - 1;
  }
  return n + (effectOf.get(op)?.[2] ?? 0) - 1;
}

/**
 * Skipped-branch probes: `0 IF x ENDIF`, `1 NOTIF x ENDIF` or `1 IF ELSE x ENDIF`, where x is
 * one of the things whose rule applies in an unexecuted branch too, or only when executed:
 * disabled, reserved and OP_SUCCESSx opcodes; VERIF / VERNOTIF; CODESEPARATOR; RETURN and
 * INVALIDOPCODE; upgradable NOPs; signature ops; 519–521-byte and non-minimal pushes.
 */
export const skippedProbe: fc.Arbitrary<Bytes> = fc
  .tuple(
    fc.constantFrom(ops(OP.OP_0, OP.OP_IF), ops(OP.OP_1, OP.OP_NOTIF), ops(OP.OP_1, OP.OP_IF, OP.OP_ELSE)),
    fc.oneof(
      fc.constantFrom(...SUCCESS_OPS.map((c) => ops(c))),
      fc.constantFrom(ops(OP.OP_VERIF), ops(OP.OP_VERNOTIF)),
      fc.constant(ops(OP.OP_CODESEPARATOR)),
      fc.constantFrom(ops(OP.OP_RETURN), ops(OP.OP_INVALIDOPCODE)),
      fc.constantFrom(...[OP.OP_NOP1, OP.OP_NOP4, OP.OP_NOP10, OP.OP_CHECKLOCKTIMEVERIFY].map((c) => ops(c))),
      fc.constantFrom(...[OP.OP_CHECKMULTISIG, OP.OP_CHECKSIGADD, OP.OP_CHECKSIG].map((c) => ops(c))),
      pushOf(bigElement),
      fc.tuple(numberEdgeBytes, fc.constantFrom(0, OP.OP_PUSHDATA1, OP.OP_PUSHDATA2)).map(([d, enc]) => (enc === 0 ? pushDataBytes(d) : pushDataN(d, enc))),
    ),
  )
  .map(([open, x]) => join([open, x, ops(OP.OP_ENDIF)]));

/** IF conditions: minimal and non-minimal truth values (MINIMALIF / tapscript), or the stack top. */
const conditionArb: fc.Arbitrary<Bytes | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(ops(OP.OP_0), ops(OP.OP_1)) },
  { weight: 1, arbitrary: fc.constantFrom(ops(1, 0x80), ops(1, 2), ops(2, 1, 0), ops(1, 0), ops(OP.OP_2), ops(OP.OP_1NEGATE)) },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

const lockTimeLeaf = leaf(lockTimeToken, 0, (b) => (b[b.length - 1] === OP.OP_DROP ? 0 : 1));
const multisigLeaf = leaf(multisigToken, 0, 1);
const checksigLeaf = leaf(checksigToken, 0, 1);
const numberProbeLeaf = leaf(numberProbe, 0, (b) => (([OP.OP_VERIFY, OP.OP_NUMEQUALVERIFY, OP.OP_EQUALVERIFY] as number[]).includes(b[b.length - 1]!) ? 0 : 1));
const stackProbeLeaf = leaf(stackProbe, 0, stackProbeDelta, { out: 'n' });
const skippedProbeLeaf = leaf(skippedProbe, 0, 0);

/**
 * The tokens of probe programs: number, stack and skipped-branch probes, lock-time, multisig and
 * signature tokens, PICK/ROLL at edge indices.
 */
const probeTokenArb: fc.Arbitrary<Token> = fc.oneof(
  { weight: 4, arbitrary: numberProbeLeaf },
  { weight: 3, arbitrary: skippedProbeLeaf },
  { weight: 3, arbitrary: stackProbeLeaf },
  { weight: 3, arbitrary: lockTimeLeaf },
  { weight: 2, arbitrary: multisigLeaf },
  { weight: 3, arbitrary: checksigLeaf },
  { weight: 1, arbitrary: pickRollLeaf },
);

/** Tokens of nesting depth `depth` (IF blocks nest `depth` levels deep). */
function tokenArb(depth: number): fc.Arbitrary<Token> {
  const leaves: fc.WeightedArbitrary<Token>[] = [
    { weight: 20, arbitrary: leaf(pushToken, 0, 1, { out: pushKind }) },
    { weight: 10, arbitrary: opLeaves(STACK_OPS) },
    { weight: 12, arbitrary: opLeaves(NUMBER_OPS) },
    { weight: 4, arbitrary: opLeaves(TEST_OPS) },
    { weight: 2, arbitrary: opLeaves(HASH_OPS) },
    { weight: 1, arbitrary: opLeaves(SIG_OPS) },
    { weight: 2, arbitrary: opLeaves(NOP_OPS) },
    { weight: 4, arbitrary: pickRollLeaf },
    { weight: 2, arbitrary: lockTimeLeaf },
    { weight: 2, arbitrary: multisigLeaf },
    { weight: 2, arbitrary: checksigLeaf },
    { weight: 4, arbitrary: numberProbeLeaf },
    { weight: 1, arbitrary: stackProbeLeaf },
    { weight: 3, arbitrary: skippedProbeLeaf },
    { weight: 1, arbitrary: opLeaves(FLOW_OPS) },
    { weight: 1, arbitrary: fc.oneof({ weight: 1, arbitrary: opLeaves(FAILING_OPS) }, { weight: 1, arbitrary: opLeaves(SUCCESS_OPS) }) },
  ];
  if (depth > 0) leaves.push({ weight: 5, arbitrary: ifBlock(depth - 1) });
  return fc.oneof(...leaves);
}

/**
 * `<cond> IF|NOTIF … [ELSE …] [ELSE …] ENDIF`: mostly balanced; sometimes the ENDIF is missing
 * (UNBALANCED_CONDITIONAL) or a second ELSE appears (legal: it flips the branch again).
 */
function ifBlock(depth: number): fc.Arbitrary<Token> {
  const body = fc.array(tokenArb(depth), { maxLength: 5 });
  return fc
    .record({
      kind: fc.constant('if' as const),
      cond: conditionArb,
      op: fc.constantFrom(OP.OP_IF, OP.OP_NOTIF),
      then: body,
      otherwise: fc.option(body, { nil: undefined }),
      extraElse: fc.option(body, { freq: 8, nil: undefined }),
      close: fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      ctl: ctlArb,
      wrap: fc.nat(15),
    })
    .map(({ ctl, wrap, ...rest }): Token => ({ ...rest, wrap: wrap !== 0, fix: fixOf(ctl), feed: feedOf(ctl) }));
}

/** One token of the grammar (IF blocks nest up to 3 deep). */
export const scriptToken: fc.Arbitrary<Token> = tokenArb(3);

/**
 * Programs of up to `maxTokens` tokens; half of them end trimmed to one stack item. One in four is
 * a probe program: 1–3 probe tokens (number, stack and skipped-branch probes, lock-time, multisig,
 * signature and PICK/ROLL tokens), short, so that what they probe is reached and decides the
 * outcome instead of being cut off by an earlier failure.
 */
export function program(maxTokens = 16): fc.Arbitrary<Program> {
  const finish = fc.constantFrom('none' as const, 'one' as const);
  const plain = fc.record({ tokens: fc.array(scriptToken, { maxLength: maxTokens, size: 'max' }), finish });
  // No probe programs when no token is allowed; at most maxTokens probe tokens otherwise.
  if (maxTokens < 1) return plain;
  const probes = fc.record({ tokens: fc.array(probeTokenArb, { minLength: 1, maxLength: Math.min(3, maxTokens) }), finish });
  return fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: plain }, { weight: 1, arbitrary: probes });
}

const feedPush = (v: number): Bytes => pushData(encodeScriptNum(v));

function emit(tokens: readonly Token[], stack: ItemKind[], alt: number, out: Bytes[]): [ItemKind[], number] {
  for (const t of tokens) {
    if (t.kind === 'leaf') {
      if (t.fix) {
        const top = stack.slice(Math.max(0, stack.length - t.numeric));
        if (t.numeric > 0 && (stack.length < t.numeric || top.includes('b'))) {
          for (let i = 0; i < t.need; i++) out.push(feedPush(t.feed));
          stack.push(...new Array<ItemKind>(t.need).fill('n'));
        }
        while (stack.length < t.need) {
          out.push(feedPush(t.feed));
          stack.push('n');
        }
        for (; alt < t.altNeed; alt++) out.push(feedPush(t.feed), ops(OP.OP_TOALTSTACK));
      }
      out.push(t.bytes);
      const taken = stack.splice(Math.max(0, stack.length - t.need));
      const made = Math.max(0, taken.length + t.delta);
      const kind: ItemKind = t.out === 'copy' ? (taken.includes('b') ? 'b' : 'n') : t.out;
      stack.push(...new Array<ItemKind>(made).fill(kind));
      alt = Math.max(0, alt + t.altDelta);
      continue;
    }
    if (!t.wrap) {
      [stack, alt] = emit([...t.then, ...(t.otherwise ?? []), ...(t.extraElse ?? [])], stack, alt, out);
      continue;
    }
    if (t.cond) out.push(t.cond);
    else {
      if (t.fix && stack.length < 1) out.push(feedPush(t.feed));
      else stack.pop();
    }
    out.push(ops(t.op));
    const [s1, a1] = emit(t.then, stack.slice(), alt, out);
    if (t.otherwise) {
      out.push(ops(OP.OP_ELSE));
      emit(t.otherwise, stack.slice(), alt, out);
    }
    if (t.extraElse) {
      out.push(ops(OP.OP_ELSE));
      emit(t.extraElse, stack.slice(), alt, out);
    }
    if (t.close) out.push(ops(OP.OP_ENDIF));
    stack = s1;
    alt = a1;
  }
  return [stack, alt];
}

/**
 * Script bytes of a program run on an initial stack whose items are of the given kinds (or a
 * count of number items): tokens in order, with feeding pushes where a `fix` token needs items
 * or numbers (tracked as if every IF took its first branch), and for `finish: 'one'` NIPs (or a
 * push) so that one item is left.
 */
export function assemble(p: Program, initial: readonly ItemKind[] | number = 0): Bytes {
  const out: Bytes[] = [];
  const start = typeof initial === 'number' ? new Array<ItemKind>(initial).fill('n') : initial.slice();
  let [stack] = emit(p.tokens, start, 0, out);
  if (p.finish === 'one') {
    let d = stack.length;
    if (d === 0) out.push(ops(OP.OP_1));
    for (; d > 1 && out.length < 400; d--) out.push(ops(OP.OP_NIP));
  }
  return join(out);
}

/** Token lists joined into a script (assembled for an empty initial stack). */
export function tokens(maxLength: number): fc.Arbitrary<Bytes> {
  return fc.array(scriptToken, { maxLength, size: 'max' }).map((t) => assemble({ tokens: t, finish: 'none' }));
}

/** Structured scripts of up to `maxTokens` grammar tokens (default 16), assembled for an empty stack. */
export function structuredScript(maxTokens = 16): fc.Arbitrary<Bytes> {
  return program(maxTokens).map((p) => assemble(p));
}

/** Random scripts: uniform bytes, or bytes drawn from the opcodes that matter most. */
export const randomBytesScript: fc.Arbitrary<Bytes> = fc.oneof(
  fc.uint8Array({ maxLength: 48 }),
  fc
    .array(fc.constantFrom(0x00, 0x01, 0x02, 0x4c, 0x4d, 0x4e, 0x4f, 0x51, 0x52, 0x60, ...STACK_OPS, ...NUMBER_OPS, ...TEST_OPS, ...FLOW_OPS, OP.OP_PICK, OP.OP_ROLL, OP.OP_CHECKSIG, OP.OP_CHECKMULTISIG, 0x80, 0xba, 0xbb), { maxLength: 48 })
    .map((b) => Uint8Array.from(b)),
);

/**
 * The limit scripts' switch: any value but 0 (all but 1 in about 200 generated cases) puts the
 * limit part in; shrinking goes to 0 first and takes it out, so a counterexample that does not
 * need the limit part loses it.
 */
const onArb = fc.nat(2 ** 31 - 1);

/** Core's op count of a script as written: opcodes above OP_16 (CHECKMULTISIG key counts aside). */
function countedOps(script: Bytes): number {
  let n = 0;
  for (let pc = 0; pc < script.length; ) {
    const ins = readInstruction(script, pc);
    if (isTruncated(ins)) break;
    if (ins.opcode > OP.OP_16) n++;
    pc = ins.end;
  }
  return n;
}

/**
 * Scripts around the 201-op limit: `k` counted ops (k from 185 to 205; half the time 201 or 202,
 * right at the limit), the ops of the tokens before them included: plain NOPs (k counts the
 * whole script), NOPs inside a skipped branch (still counted), or NOPs before a CHECKMULTISIG whose
 * key count is added to the count (k counts up to the branch's end or the CHECKMULTISIG).
 */
export const opCountLimitScript: fc.Arbitrary<Bytes> = fc
  .record({
    prefix: tokens(4),
    k: fc.oneof(fc.integer({ min: MAX_OPS_PER_SCRIPT - 16, max: MAX_OPS_PER_SCRIPT + 4 }), fc.constantFrom(MAX_OPS_PER_SCRIPT, MAX_OPS_PER_SCRIPT + 1)),
    style: fc.constantFrom('nop', 'skipped', 'multisig'),
    keys: fc.integer({ min: 0, max: 20 }),
    suffix: tokens(3),
    on: onArb,
    fill: onArb,
  })
  .map(({ prefix, k, style, keys, suffix, on, fill }) => {
    if (on === 0) return join([prefix, suffix]);
    // `fill` 0 (only ever reached by shrinking) drops the NOPs but keeps the structure around them.
    const nops = (n: number) => repeat(OP.OP_NOP, fill === 0 ? 0 : Math.max(0, n));
    // Plain NOPs: k counts the whole script; the other styles put k at their structure (the suffix's ops come after).
    const left = k - countedOps(prefix);
    if (style === 'nop') return join([prefix, nops(left - countedOps(suffix)), suffix]);
    if (style === 'skipped') return join([prefix, ops(OP.OP_0, OP.OP_IF), nops(left - 2), ops(OP.OP_ENDIF), suffix]);
    const msig = join([ops(OP.OP_0, OP.OP_0), repeat(OP.OP_1, keys), pushData(encodeScriptNum(keys)), ops(OP.OP_CHECKMULTISIG)]);
    return join([prefix, nops(left - keys - 1), msig, suffix]);
  });

/** `size` bytes of padding: 520-byte pushes then OP_1s, inside `0 IF … ENDIF` or executed and dropped. */
function padding(size: number, skipped: boolean): Bytes {
  const parts: Bytes[] = [];
  let left = size - (skipped ? 3 : 0);
  const big = concatBytes(ops(OP.OP_PUSHDATA2, MAX_SCRIPT_ELEMENT_SIZE & 0xff, MAX_SCRIPT_ELEMENT_SIZE >> 8), new Uint8Array(MAX_SCRIPT_ELEMENT_SIZE).fill(0xab));
  const block = skipped ? big : concatBytes(big, ops(OP.OP_DROP));
  while (left >= block.length + 100) {
    parts.push(block);
    left -= block.length;
  }
  if (left > 0) parts.push(skipped ? repeat(OP.OP_1, left) : left >= 2 ? concatBytes(repeat(OP.OP_1, left - 1), ops(OP.OP_DROP)) : ops(OP.OP_NOP));
  return skipped ? join([ops(OP.OP_0, OP.OP_IF), ...parts, ops(OP.OP_ENDIF)]) : join(parts);
}

/** Scripts whose total size is within a few bytes of the 10,000-byte limit (either side). */
export const scriptSizeLimitScript: fc.Arbitrary<Bytes> = fc
  .record({
    prefix: tokens(4),
    size: fc.oneof(fc.constantFrom(MAX_SCRIPT_SIZE - 1, MAX_SCRIPT_SIZE, MAX_SCRIPT_SIZE + 1), fc.integer({ min: MAX_SCRIPT_SIZE - 8, max: MAX_SCRIPT_SIZE + 8 })),
    skipped: fc.boolean(),
    suffix: tokens(3),
    on: onArb,
  })
  .map(({ prefix, size, skipped, suffix, on }) => {
    // Tokens too long to pad around (several 520-byte pushes) are left out: the size stays at the limit.
    const [pre, post] = prefix.length + suffix.length + 4 > size ? [new Uint8Array(0), new Uint8Array(0)] : [prefix, suffix];
    return join([pre, on === 0 ? new Uint8Array(0) : padding(Math.max(4, size - pre.length - post.length), skipped), post]);
  });

/**
 * Scripts that push the stack to about 1000 items (k from 990 to 1001, half the time 1000 or 1001)
 * around other tokens: OP_1 × k, half the time with 1–3 of them moved to the altstack first
 * (`1 TOALTSTACK`), which counts towards the same limit.
 */
export const stackSizeLimitScript: fc.Arbitrary<Bytes> = fc
  .record({
    prefix: tokens(3),
    k: fc.oneof(fc.integer({ min: MAX_STACK_SIZE - 10, max: MAX_STACK_SIZE + 1 }), fc.constantFrom(MAX_STACK_SIZE, MAX_STACK_SIZE + 1)),
    alt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
    suffix: tokens(4),
    on: onArb,
  })
  .map(({ prefix, k, alt, suffix, on }) =>
    on === 0 ? join([prefix, suffix]) : join([prefix, ...new Array<Bytes>(alt).fill(ops(OP.OP_1, OP.OP_TOALTSTACK)), repeat(OP.OP_1, k - alt), suffix]),
  );

/** Scripts with a 519/520/521-byte push, executed or in a skipped branch, with ops around it. */
export const elementSizeLimitScript: fc.Arbitrary<Bytes> = fc
  .record({ prefix: tokens(3), data: pushOf(bigElement), skipped: fc.boolean(), suffix: tokens(4), on: onArb })
  .map(({ prefix, data, skipped, suffix, on }) =>
    join([prefix, on === 0 ? new Uint8Array(0) : skipped ? join([ops(OP.OP_0, OP.OP_IF), data, ops(OP.OP_ENDIF)]) : data, suffix]),
  );

/** Any of the limit scripts (op count 2 : script size 1 : stack size 2 : element size 1). */
export const limitScript: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 2, arbitrary: opCountLimitScript },
  { weight: 1, arbitrary: scriptSizeLimitScript },
  { weight: 2, arbitrary: stackSizeLimitScript },
  { weight: 1, arbitrary: elementSizeLimitScript },
);
