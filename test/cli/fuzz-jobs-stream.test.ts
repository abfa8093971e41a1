/**
 * `bsml fuzz --jobs 2` end to end with a wrong engine: the shard processes are the stand-ins of
 * test/fixtures/fuzz/shard-child.mjs (a candidate wrong on purpose, each holding its report back
 * until a counterexample has reached the parent); everything else is the real command.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { caseFromJson, formatCase } from '../../src/testing/case.js';
import type { Shard } from '../../src/testing/differential.js';
import type { FuzzShardsOptions } from '../../src/testing/jobs.js';
import { runCli, tempDir } from '../helpers/cli.js';

const state = vi.hoisted(() => ({ gate: '', written: [] as { text: string; shardsRunning: boolean }[] }));
const CHILD = new URL('../fixtures/fuzz/shard-child.mjs', import.meta.url).pathname;

vi.mock('../../src/testing/jobs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/testing/jobs.js')>();
  return {
    ...real,
    runFuzzShards: (args: readonly string[], jobs: number, options: FuzzShardsOptions = {}) =>
      real.runFuzzShards(args, jobs, {
        ...options,
        nodeArgs: (s: Shard) => [CHILD, String(s.index), String(s.count), 'buggy', state.gate],
        onCounterexample: (cx, job) => {
          // What the command writes to stdout (runCli's spy) for this counterexample, while every
          // shard process is still holding its report back.
          const calls = vi.mocked(process.stdout.write).mock.calls;
          const before = calls.length;
          options.onCounterexample?.(cx, job);
          state.written.push({ text: calls.slice(before).map((c) => String(c[0])).join(''), shardsRunning: !existsSync(state.gate) });
          writeFileSync(state.gate, '');
        },
      }),
  };
});

/** Runs `bsml fuzz --engines ts,ts --jobs 2 ...extra` over the stand-in shards. */
async function fuzzJobs(extra: string[]) {
  state.gate = join(tempDir('fuzz-gate'), 'go');
  state.written = [];
  return runCli(['fuzz', '--engines', 'ts,ts', '--seed', '81', '--jobs', '2', '--max-counterexamples', '50', ...extra]);
}

/** The script and stack lines of each printed counterexample (what identifies its case). */
const printedCases = (text: string) => [...text.matchAll(/ {2}script \(hex\): +(.*)\n {2}stack: +(.*)\n/g)].map((m) => `${m[1]} ${m[2]}`);

describe('bsml fuzz --jobs 2 with mismatches', () => {
  it('prints each counterexample in the single-process format as it arrives, then the summary; the cases are those of --json', async () => {
    const text = await fuzzJobs([]);
    expect(text.code).toBe(1);
    // The first counterexample was printed while the shard processes were still running.
    expect(state.written[0]!.shardsRunning).toBe(true);
    expect(state.written[0]!.text).toMatch(/^mismatch in /);
    expect(text.stdout.startsWith(state.written[0]!.text)).toBe(true);
    const blocks = text.stdout.split('\n\n');
    expect(blocks.length).toBeGreaterThan(2);
    for (const b of blocks.slice(0, -1)) {
      expect(b).toMatch(/^mismatch in [a-z, ]+ \(shrunk in \d+ steps\)\n {2}script \(ASM\):/);
      expect(b).toMatch(/\n {2}ts \(1st\): +.*\n {2}ts \(2nd\): +.*\n {2}replay: +bsml fuzz --engines ts,ts --seed=-?\d+ --path [0-9:]+$/);
    }
    expect(blocks.at(-1)).toMatch(/^seed 81, 2 jobs, [0-9.]+ s\n400 cases, [1-9]\d* mismatches\n$/);

    const json = await fuzzJobs(['--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { jobs: number; cases: number; mismatches: number; counterexamples: { case: unknown }[] };
    expect(report).toMatchObject({ jobs: 2, cases: 400 });
    expect(text.stdout).toContain(`400 cases, ${report.mismatches} mismatches`);
    const printed = printedCases(text.stdout);
    expect(new Set(printed).size).toBe(printed.length);
    expect(printed).toHaveLength(report.counterexamples.length);
    // Each of --json's counterexamples was printed: its case's lines, as the single-process run prints them.
    for (const c of report.counterexamples) expect(text.stdout).toContain(formatCase(caseFromJson(c.case as never)).map((l) => `  ${l}`).join('\n'));
  }, 60_000);

  it('--jsonl: a counterexample line for each as it arrives, then the merged report line', async () => {
    const r = await fuzzJobs(['--jsonl']);
    expect(r.code).toBe(1);
    expect(state.written[0]!.shardsRunning).toBe(true);
    expect(state.written[0]!.text).toMatch(/^\{"type":"counterexample",.*\}\n$/);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const report = lines.at(-1)!;
    expect(report).toMatchObject({ type: 'report', engines: ['ts', 'ts'], jobs: 2, seed: 81, cases: 400 });
    const cxs = lines.slice(0, -1);
    expect(cxs.length).toBeGreaterThan(1);
    for (const c of cxs) {
      expect(c).toMatchObject({ type: 'counterexample', engines: ['ts', 'ts'] });
      expect(c.replay).toBe(`bsml fuzz --engines ts,ts --seed=${c.seed} --path ${c.path}`);
      expect(c).not.toHaveProperty('shard');
    }
    const key = (c: Record<string, unknown>) => JSON.stringify(c.case);
    expect(cxs.map(key).sort()).toEqual((report.counterexamples as Record<string, unknown>[]).map(key).sort());
  }, 60_000);
});
