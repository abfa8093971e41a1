/**
 * The case kinds of a campaign (`bsml fuzz --kinds`): the evaluate kinds of `evalCase`
 * (structured, bytes, limits) and `spends` (VerifyScript cases, see `spendCase`).
 */
import fc from 'fast-check';
import { CASE_KINDS, evalCase, type CaseKind } from './arbitraries.js';
import type { FuzzCase } from './fuzz-case.js';
import { spendCase } from './spends.js';

/** A campaign's case kind. */
export type FuzzKind = CaseKind | 'spends';

/** Every campaign kind, the default set of `bsml fuzz`. */
export const FUZZ_KINDS: readonly FuzzKind[] = [...CASE_KINDS, 'spends'];

/** Weight of spends against the evaluate kinds (structured 7 : bytes 2 : limits 2). */
const SPENDS_WEIGHT = 4;

const KIND_WEIGHTS: Record<CaseKind, number> = { structured: 7, bytes: 2, limits: 2 };

/**
 * A campaign's cases: evaluate cases of the chosen evaluate kinds and spends, weighted
 * structured 7 : bytes 2 : limits 2 : spends 4 (default: all four kinds).
 */
export function fuzzCase(kinds: readonly FuzzKind[] = FUZZ_KINDS): fc.Arbitrary<FuzzCase> {
  if (kinds.length === 0) throw new RangeError('fuzzCase: kinds must not be empty');
  for (const k of kinds) if (!FUZZ_KINDS.includes(k)) throw new RangeError(`fuzzCase: unknown kind ${JSON.stringify(k)} (expected ${FUZZ_KINDS.join(', ')})`);
  const evalKinds = kinds.filter((k): k is CaseKind => k !== 'spends');
  const parts: { weight: number; arbitrary: fc.Arbitrary<FuzzCase> }[] = [];
  if (evalKinds.length) parts.push({ weight: evalKinds.reduce((n, k) => n + KIND_WEIGHTS[k], 0), arbitrary: evalCase({ kinds: evalKinds }) });
  if (kinds.includes('spends')) parts.push({ weight: SPENDS_WEIGHT, arbitrary: spendCase() });
  return parts.length === 1 ? parts[0]!.arbitrary : fc.oneof({ withCrossShrink: true }, ...parts);
}
