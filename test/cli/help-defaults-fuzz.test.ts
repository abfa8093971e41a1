/**
 * `bsml fuzz --help` shows the time budget and counterexample limit the campaign really gets:
 * the campaign loop is replaced by one that records its options (a 30-second run is not cheap).
 */
import { describe, expect, it, vi } from 'vitest';
import type { DifferentialOptions } from '../../src/testing/differential.js';
import { runCli } from '../helpers/cli.js';
import { leadingNumber, shownDefault } from '../helpers/help-defaults.js';

const calls = vi.hoisted(() => [] as DifferentialOptions[]);
vi.mock('../../src/testing/differential.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/testing/differential.js')>();
  return {
    ...real,
    runDifferential: async (o: DifferentialOptions) => {
      calls.push(o);
      return { seed: o.seed ?? 1, cases: 0, mismatches: 0, counterexamples: [], referenceErrors: {}, elapsedMs: 0 };
    },
  };
});

describe('bsml fuzz --help defaults', () => {
  it('--seconds and --max-counterexamples: a campaign without them gets the shown values', async () => {
    calls.length = 0;
    const r = await runCli(['fuzz', '--engines', 'ts,ts']);
    expect(r.code, r.stderr).toBe(0);
    expect(calls).toHaveLength(1);
    expect(await shownDefault('fuzz', 'seconds')).toMatch(/, unless --runs is given$/);
    expect(calls[0]!.seconds).toBe(leadingNumber(await shownDefault('fuzz', 'seconds')));
    expect(calls[0]!.maxCounterexamples).toBe(leadingNumber(await shownDefault('fuzz', 'max-counterexamples')));
  });

  it('--seconds: none with --runs', async () => {
    calls.length = 0;
    expect((await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '5'])).code).toBe(0);
    expect(calls[0]!.seconds).toBeUndefined();
    expect(calls[0]!.numRuns).toBe(5);
  });
});
