/**
 * checkEquivalence at its defaults (1,000 cases) must keep finding the hardest bugs of the catalogue
 * in bench/fuzz-mutants.mjs (the reference interpreter with one consensus rule changed): a change
 * to the arbitraries that makes them rarer fails here. bench/fuzz-detection.mjs measures all of
 * them over 10 seeds (README, "Differential fuzzing").
 */
import { describe, expect, it } from 'vitest';
import { checkEquivalence } from '../../src/testing/index.js';
import { loadMutant } from '../../bench/fuzz-mutants.mjs';

// Among the rarest to find at the defaults (about 2–3 mismatching cases per 1,000 over seeds 1–10);
// before the probes and boundary values were added, found on 0–2 of those 10 seeds.
const HARD = ['csv-disable-flag-off', 'altstack-not-counted', 'codesep-if-executed', 'size-of-number'];
const SEEDS = [1, 2];

describe('checkEquivalence finds hard single-rule bugs at its defaults', () => {
  for (const id of HARD) {
    it(`${id} (seeds ${SEEDS.join(', ')})`, async () => {
      const candidate = await loadMutant(id);
      for (const seed of SEEDS) {
        const r = await checkEquivalence(candidate, { seed, throwOnMismatch: false, maxCounterexamples: 0 });
        expect(r.cases).toBe(1000);
        expect(r.mismatches, `${id} not found with seed ${seed}`).toBeGreaterThan(0);
      }
    });
  }
});
