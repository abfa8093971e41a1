/**
 * Arbitraries for whole fuzz cases: initial stacks (including stacks near the 1000-item limit),
 * flag sets, sigversions, and `evalCase`, which mixes the script kinds.
 */
import fc from 'fast-check';
import { FLAGS } from '../vm/flags.js';
import { MAX_STACK_SIZE } from '../vm/limits.js';
import { FUZZ_SIGVERSIONS, type EvalCase, type FuzzSigVersion } from './case.js';
import { assemble, itemKind, limitScript, program, randomBytesScript } from './scripts.js';
import { stackItem, stackItemWithBig } from './values.js';

type Bytes = Uint8Array;

/** The kinds of script `evalCase` can draw from. */
export type CaseKind = 'structured' | 'bytes' | 'limits';

/** Every case kind. */
export const CASE_KINDS: readonly CaseKind[] = ['structured', 'bytes', 'limits'];

/** Initial stacks: usually 0–7 items; sometimes 990–1001 copies of one item (the 1000-item limit). */
export const initialStack: fc.Arbitrary<Bytes[]> = fc.oneof(
  { withCrossShrink: true },
  { weight: 20, arbitrary: fc.array(stackItemWithBig, { maxLength: 7, size: 'max' }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: MAX_STACK_SIZE - 10, max: MAX_STACK_SIZE + 1 }), stackItem, fc.array(stackItem, { maxLength: 3 }))
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
export function flagSet(mask: number = FLAG_BITS.reduce((a, b) => a | b, 0)): fc.Arbitrary<number> {
  const bits = FLAG_BITS.filter((b) => (mask & b) !== 0);
  if (bits.length === 0) return fc.constant(0);
  return fc
    .tuple(fc.constantFrom(9, 5, 1), fc.array(fc.nat(9), { minLength: bits.length, maxLength: bits.length }))
    .map(([threshold, draws]) => draws.reduce((f, d, i) => (d >= threshold ? f | bits[i]! : f), 0));
}

/** One of the given sigversions (default: base, witness_v0, tapscript). */
export function sigVersion(among: readonly FuzzSigVersion[] = FUZZ_SIGVERSIONS): fc.Arbitrary<FuzzSigVersion> {
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
  if (kinds.length === 0) throw new RangeError('evalCase: kinds must not be empty');
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
