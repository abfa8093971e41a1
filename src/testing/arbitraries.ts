/**
 * Arbitraries for whole fuzz cases: initial stacks (including stacks near the 1000-item limit),
 * flag sets, sigversions, and `evalCase`, which mixes the script kinds.
 */
import fc from 'fast-check';
import { ALL_FLAGS, FLAGS } from '../vm/flags.js';
import { MAX_STACK_SIZE } from '../vm/limits.js';
import { FUZZ_SIGVERSIONS, type EvalCase, type FuzzSigVersion } from './case.js';
import { assemble, itemKind, limitScript, program, randomBytesScript } from './scripts.js';
import { stackItem, stackItemWithBig } from './values.js';

type Bytes = Uint8Array;

/** The kinds of script `evalCase` can draw from. */
export type CaseKind = 'structured' | 'bytes' | 'limits';

/** Every case kind. */
export const CASE_KINDS: readonly CaseKind[] = ['structured', 'bytes', 'limits'];

/**
 * Initial stacks: usually (5 in 6) 0–7 items; otherwise 990–1001 copies of one item (half of those
 * 1000 or 1001 items: the 1000-item limit).
 */
export const initialStack: fc.Arbitrary<Bytes[]> = fc.oneof(
  { withCrossShrink: true },
  { weight: 10, arbitrary: fc.array(stackItemWithBig, { maxLength: 7, size: 'max' }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.integer({ min: MAX_STACK_SIZE - 10, max: MAX_STACK_SIZE + 1 }), fc.constantFrom(MAX_STACK_SIZE, MAX_STACK_SIZE + 1)),
        stackItem,
        fc.array(stackItem, { maxLength: 3 }),
      )
      .map(([n, fill, top]) => [...new Array<Bytes>(Math.max(0, n - top.length)).fill(fill), ...top]),
  },
);

const FLAG_BITS = Object.values(FLAGS).filter((b) => b !== 0);

/**
 * Flag sets using only the bits of `mask` (default: every defined SCRIPT_VERIFY_* bit): sparse
 * (each bit set with probability 1/10), half (1/2) or dense (9/10; all bits 1 time in 9). Each bit
 * has its own draw 0–9 that shrinks towards 0, unset, so a counterexample keeps only the flags
 * it needs.
 */
export function flagSet(mask: number = ALL_FLAGS): fc.Arbitrary<number> {
  // A mask that is not an integer would lose bits silently (`'P2SH' & b` is 0: no flags ever).
  if (!Number.isInteger(mask) || mask < 0 || mask > ALL_FLAGS || (mask & ~ALL_FLAGS) !== 0) {
    throw new RangeError(`flagMask must be a non-negative integer of SCRIPT_VERIFY_* bits (FLAGS; every flag: 0x${ALL_FLAGS.toString(16)}) (got ${typeof mask === 'number' ? mask : JSON.stringify(mask)})`);
  }
  const bits = FLAG_BITS.filter((b) => (mask & b) !== 0);
  if (bits.length === 0) return fc.constant(0);
  return fc
    .tuple(fc.constantFrom(9, 5, 1), fc.array(fc.nat(9), { minLength: bits.length, maxLength: bits.length }))
    .map(([threshold, draws]) => draws.reduce((f, d, i) => (d >= threshold ? f | bits[i]! : f), 0));
}

/** One of the given sigversions (default: base, witness_v0, tapscript). */
export function sigVersion(among: readonly FuzzSigVersion[] = FUZZ_SIGVERSIONS): fc.Arbitrary<FuzzSigVersion> {
  if (!Array.isArray(among as unknown) || among.length === 0) throw new RangeError(`sigVersions must be a non-empty array of ${FUZZ_SIGVERSIONS.join(', ')} (got ${JSON.stringify(among)})`);
  for (const v of among) if (!FUZZ_SIGVERSIONS.includes(v)) throw new RangeError(`unknown sigversion ${JSON.stringify(v)} in sigVersions (expected ${FUZZ_SIGVERSIONS.join(', ')})`);
  return fc.constantFrom(...among);
}

/** Options of `evalCase`. */
export interface EvalCaseOptions {
  /** Script kinds to draw from (default all: structured, bytes, limits). */
  kinds?: readonly CaseKind[];
  /** Sigversions to use (default all three). */
  sigVersions?: readonly FuzzSigVersion[];
  /** Only these flag bits are ever set (default: every defined flag; 0 = always no flags). */
  flagMask?: number;
  /** Most grammar tokens in a structured script (default 16). */
  maxTokens?: number;
}

const KIND_WEIGHTS: Record<CaseKind, number> = { structured: 7, bytes: 2, limits: 2 };

/**
 * Whole cases: a script of one of `kinds` (weighted structured 7 : bytes 2 : limits 2), an initial
 * stack, a flag set and a sigversion.
 */
export function evalCase(options: EvalCaseOptions = {}): fc.Arbitrary<EvalCase> {
  const kinds = options.kinds ?? CASE_KINDS;
  if (!Array.isArray(kinds as unknown) || kinds.length === 0) throw new RangeError(`evalCase: kinds must be a non-empty array of ${CASE_KINDS.join(', ')} (got ${JSON.stringify(kinds)})`);
  for (const k of kinds) if (!CASE_KINDS.includes(k)) throw new RangeError(`evalCase: unknown kind ${JSON.stringify(k)} (expected ${CASE_KINDS.join(', ')})`);
  const flags = flagSet(options.flagMask);
  const sig = sigVersion(options.sigVersions);
  const withScript = (script: fc.Arbitrary<Bytes>): fc.Arbitrary<EvalCase> => fc.record({ script, stack: initialStack, flags, sigVersion: sig });
  const byKind: Record<CaseKind, () => fc.Arbitrary<EvalCase>> = {
    // Structured scripts are assembled for the generated stack, so fix-up pushes count its items.
    structured: () =>
      fc
        .record({ program: program(options.maxTokens ?? 16), stack: initialStack, flags, sigVersion: sig })
        .map(({ program: p, stack, flags: f, sigVersion: v }) => ({ script: assemble(p, stack.map(itemKind)), stack, flags: f, sigVersion: v })),
    bytes: () => withScript(randomBytesScript),
    limits: () => withScript(limitScript),
  };
  return fc.oneof({ withCrossShrink: true }, ...kinds.map((k) => ({ weight: KIND_WEIGHTS[k], arbitrary: byKind[k]() })));
}
