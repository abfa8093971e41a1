/**
 * The TS-vs-native property: the two engines give the same success, error, stack, altstack and
 * op count on at least 20,000 generated cases. Runs when the native addon loads; otherwise it is
 * skipped with the reason printed, or fails when BSML_REQUIRE_NATIVE=1.
 */
import { describe, expect, it } from 'vitest';
import { loadNative, nativeLoadError } from '../../src/engine/native.js';
import { CHUNK_SIZE, engineEvaluator, evalCase, formatCounterexample, runDifferential } from '../../src/testing/index.js';
import { replayCommand } from '../../src/cli/fuzz.js';

const CASES = 20_000;
const native = loadNative();
const required = process.env.BSML_REQUIRE_NATIVE === '1';
const seed = process.env.BSML_FUZZ_SEED !== undefined ? Number(process.env.BSML_FUZZ_SEED) : (Math.random() * 2 ** 32) | 0;

/** How a counterexample is printed: the replay line is the one bsml fuzz prints (`--seed=S`). */
const labels = { reference: 'ts', candidate: 'native', replay: (s: number, p: string) => replayCommand(['ts', 'native'], undefined, s, p) };

if (!native && !required) {
  process.stdout.write(`[native-equivalence] skipped: the native engine is not available (${nativeLoadError()}); set BSML_REQUIRE_NATIVE=1 to make this a failure\n`);
}

describe('TS and native engines agree', () => {
  it('a counterexample replays with the command bsml fuzz prints and documents (--seed=S)', () => {
    expect(labels.replay(-1127, '41:3:3')).toBe('bsml fuzz --engines ts,native --seed=-1127 --path 41:3:3');
  });

  it.skipIf(!native && !required)(`on ${CASES} generated cases (success, error, stack, altstack, opCount)`, async () => {
    if (!native) throw new Error(`BSML_REQUIRE_NATIVE=1 but the native engine does not load: ${nativeLoadError()}`);
    const started = process.cpuUsage();
    const r = await runDifferential({
      reference: engineEvaluator('ts'),
      candidate: engineEvaluator('native'),
      arbitrary: evalCase(),
      numRuns: CASES,
      seed,
      maxCounterexamples: 3,
      async: false,
    });
    const cpu = process.cpuUsage(started);
    process.stdout.write(`[native-equivalence] ${r.cases} cases, ${r.mismatches} mismatches, seed ${seed} (chunks of ${CHUNK_SIZE}), ${(r.elapsedMs / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU\n`);
    const text = r.counterexamples.map((cx) => formatCounterexample(cx, labels)).join('\n\n');
    expect(r.cases).toBe(CASES);
    expect(r.mismatches, `seed ${seed}\n${text}`).toBe(0);
  }, 600_000);
});
