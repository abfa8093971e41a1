/**
 * How deep generated cases run on the reference interpreter: the distribution of error names and
 * of the number of instructions executed before evaluation stopped. Used to keep the arbitraries
 * honest (a fuzzer whose cases all fail on their first opcode tests little).
 */
import fc from 'fast-check';
import { decodeScript } from '../script/script.js';
import { evaluate } from '../vm/verify.js';
import type { EvalCase } from './case.js';

/** What `profileCases` measured. */
export interface CaseProfile {
  cases: number;
  /** Reference error name → number of cases. */
  errors: Record<string, number>;
  /** Share of cases (0–1) that executed at least 1, 5, 10 and 20 instructions. */
  stepsAtLeast: { 1: number; 5: number; 10: number; 20: number };
  /** Share of cases whose evaluation got through every instruction of the script. */
  reachedEnd: number;
  /** Median number of instructions executed (or skipped inside a false branch). */
  medianSteps: number;
  /** Share of cases per sigversion. */
  sigVersions: Record<string, number>;
}

/** Runs `numRuns` cases of `arb` (seeded) on the reference interpreter with a trace and summarises them. */
export function profileCases(arb: fc.Arbitrary<EvalCase>, options: { numRuns?: number; seed?: number } = {}): CaseProfile {
  const numRuns = options.numRuns ?? 10_000;
  const cases = fc.sample(arb, { numRuns, seed: options.seed ?? 1 });
  const errors: Record<string, number> = {};
  const sigVersions: Record<string, number> = {};
  const steps: number[] = [];
  let reachedEnd = 0;
  for (const c of cases) {
    const r = evaluate(c.script, c.stack, { flags: c.flags, sigVersion: c.sigVersion, trace: true });
    errors[r.error] = (errors[r.error] ?? 0) + 1;
    sigVersions[c.sigVersion] = (sigVersions[c.sigVersion] ?? 0) + 1 / cases.length;
    const n = r.trace?.length ?? 0;
    steps.push(n);
    if (n === decodeScript(c.script).length) reachedEnd++;
  }
  steps.sort((a, b) => a - b);
  const share = (k: number) => steps.filter((s) => s >= k).length / cases.length;
  return {
    cases: cases.length,
    errors: Object.fromEntries(Object.entries(errors).sort((a, b) => b[1] - a[1])),
    stepsAtLeast: { 1: share(1), 5: share(5), 10: share(10), 20: share(20) },
    reachedEnd: reachedEnd / cases.length,
    medianSteps: steps[Math.floor(steps.length / 2)] ?? 0,
    sigVersions,
  };
}
