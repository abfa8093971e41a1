/** Shards of a campaign (runDifferential's `shard`), their merge, and `bsml fuzz --jobs / --shard`. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OP } from '../../src/script/opcodes.js';
import { caseFromJson, caseKey, caseToJson, type EvalCase } from '../../src/testing/case.js';
import { counterexampleToJson, runDifferential, type Counterexample, type DifferentialReport, type Shard } from '../../src/testing/differential.js';
import { fuzzCaseKey } from '../../src/testing/fuzz-case.js';
import { FuzzJobError, mergeReports, reportFromJson, runFuzzShards } from '../../src/testing/jobs.js';
import { evalCase, referenceEvaluator, type Evaluator } from '../../src/testing/index.js';
import { runCli, spawnNode, tempDir } from '../helpers/cli.js';

/** A stand-in shard process (see the file): a campaign with a wrong candidate, or a broken child. */
const CHILD = new URL('../fixtures/fuzz/shard-child.mjs', import.meta.url).pathname;
const child =
  (mode: string, gate = '') =>
  (s: Shard) => [CHILD, String(s.index), String(s.count), mode, gate];

/** The reference with OP_NOT run as OP_0NOTEQUAL: mismatches on many cases. */
const buggy: Evaluator = (script, stack, flags, sv) => referenceEvaluator(script.map((b) => (b === OP.OP_NOT ? OP.OP_0NOTEQUAL : b)), stack, flags, sv);

/** Runs a campaign (or one shard of it), recording every case the reference saw. */
async function campaign(shard?: { index: number; count: number }): Promise<{ report: DifferentialReport; cases: string[] }> {
  const cases: string[] = [];
  const reference: Evaluator = (script, stack, flags, sv) => {
    cases.push(caseKey({ script, stack, flags, sigVersion: sv }));
    return referenceEvaluator(script, stack, flags, sv);
  };
  const report = await runDifferential({
    reference,
    candidate: buggy,
    arbitrary: evalCase({ kinds: ['structured'] }),
    numRuns: 430,
    chunkSize: 50,
    seed: 77,
    maxCounterexamples: 0,
    async: false,
    shard,
  });
  return { report, cases };
}

describe('campaign shards', () => {
  it('three shards run exactly the cases of the whole campaign, and merge to its report', async () => {
    const whole = await campaign();
    const shards = [await campaign({ index: 0, count: 3 }), await campaign({ index: 1, count: 3 }), await campaign({ index: 2, count: 3 })];
    expect(whole.report.cases).toBe(430);
    expect(whole.report.mismatches).toBeGreaterThan(0);
    // Chunks 0,3,6 (50 each) / 1,4,7 / 2,5,8 (the last has 30): 150 + 150 + 130.
    expect(shards.map((s) => s.report.cases)).toEqual([150, 150, 130]);
    expect(shards.flatMap((s) => s.cases).sort()).toEqual([...whole.cases].sort());
    const merged = mergeReports(
      shards.map((s) => s.report),
      10,
    );
    expect(merged.cases).toBe(whole.report.cases);
    expect(merged.mismatches).toBe(whole.report.mismatches);
    expect(merged.referenceErrors).toEqual(whole.report.referenceErrors);
  });

  it('rejects a shard that does not exist', async () => {
    for (const shard of [
      { index: 2, count: 2 },
      { index: -1, count: 2 },
      { index: 0, count: 0 },
      { index: 0.5, count: 2 },
    ]) {
      await expect(runDifferential({ reference: referenceEvaluator, candidate: referenceEvaluator, arbitrary: evalCase(), numRuns: 1, shard })).rejects.toThrow(RangeError);
    }
  });
});

describe('mergeReports / reportFromJson', () => {
  it('a report survives --json and merging keeps distinct counterexamples in order, up to the limit', async () => {
    const r = await runDifferential({ reference: referenceEvaluator, candidate: buggy, arbitrary: evalCase({ kinds: ['structured'] }), numRuns: 400, seed: 10, maxCounterexamples: 2 });
    expect(r.counterexamples).toHaveLength(2);
    const json = JSON.parse(JSON.stringify({ ...r, counterexamples: r.counterexamples.map(counterexampleToJson) }));
    const back = reportFromJson(json);
    expect(back).toEqual(r);
    const merged = mergeReports([back, back], 3);
    expect(merged.cases).toBe(2 * r.cases);
    expect(merged.mismatches).toBe(2 * r.mismatches);
    expect(merged.counterexamples).toHaveLength(2); // the same two cases twice: kept once
    expect(mergeReports([back, back], 1).counterexamples).toHaveLength(1);
    expect(() => mergeReports([back, { ...back, seed: back.seed + 1 }], 3)).toThrow(/share a seed/);
  });

  it('merging keeps two counterexamples whose stacks differ only in no items vs one empty item', async () => {
    const r = await runDifferential({ reference: referenceEvaluator, candidate: buggy, arbitrary: evalCase({ kinds: ['structured'] }), numRuns: 400, seed: 10, maxCounterexamples: 1 });
    const cx = r.counterexamples[0]!;
    const on = (stack: Uint8Array[]): Counterexample => ({ ...cx, case: { ...(cx.case as EvalCase), stack } });
    const [none, oneEmpty] = [on([]), on([Uint8Array.of()])];
    expect(caseKey(none.case as EvalCase)).not.toBe(caseKey(oneEmpty.case as EvalCase));
    expect(mergeReports([{ ...r, counterexamples: [none] }, { ...r, counterexamples: [oneEmpty] }], 5).counterexamples).toEqual([none, oneEmpty]);
    const spend = { scriptSig: Uint8Array.of(), scriptPubKey: Uint8Array.of(0x51), flags: 0 };
    expect(fuzzCaseKey({ ...spend, witness: [] })).not.toBe(fuzzCaseKey({ ...spend, witness: [Uint8Array.of()] }));
  });

  it('caseFromJson inverts caseToJson', () => {
    const c: EvalCase = { script: Uint8Array.of(0x51, 0x93), stack: [Uint8Array.of(), Uint8Array.of(0x80)], flags: 0x805, sigVersion: 'tapscript' };
    expect(caseFromJson(caseToJson(c))).toEqual(c);
    expect(() => caseFromJson({ ...caseToJson(c), sigVersion: 'v9' as never })).toThrow(/sigversion/);
  });
});

describe('bsml fuzz --jobs / --shard', () => {
  it('--jobs 2 runs shard processes and prints one merged report', async () => {
    const one = JSON.parse((await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '8', '--json'])).stdout);
    const r = await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '8', '--jobs', '2', '--json']);
    expect(r.code).toBe(0);
    const two = JSON.parse(r.stdout);
    expect(two).toMatchObject({ engines: ['ts', 'ts'], jobs: 2, seed: 8, cases: 200, mismatches: 0, counterexamples: [] });
    expect(two.referenceErrors).toEqual(one.referenceErrors);
    const text = await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '8', '--jobs', '2']);
    expect(text.stdout).toMatch(/^seed 8, 2 jobs, [0-9.]+ s\n200 cases, 0 mismatches\n$/);
  }, 60_000);

  it('--shard runs its chunks only', async () => {
    const s0 = JSON.parse((await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '8', '--shard', '0/2', '--json'])).stdout);
    const s1 = JSON.parse((await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '8', '--shard', '1/2', '--json'])).stdout);
    expect(s0).toMatchObject({ shard: '0/2', cases: 200 });
    expect(s1).toMatchObject({ shard: '1/2', cases: 0 }); // 200 cases are one chunk, shard 0's
  });

  it.each([
    [['--shard', '2/2', '--seed', '1'], /--shard must be I\/N with 0 <= I < N/],
    [['--shard', '1/0', '--seed', '1'], /--shard must be I\/N/],
    [['--shard', 'a', '--seed', '1'], /--shard must be I\/N/],
    [['--shard', '0/2'], /--shard needs --seed/],
    [['--jobs', '2', '--shard', '0/2', '--seed', '1'], /--jobs or --shard, not both/],
    [['--jobs', '2', '--seed', '1', '--path', '3'], /--path replays one case; it takes no --jobs/],
    [['--jobs', '0'], /--jobs must be a positive integer/],
  ])('exits 2 with one line for %j', async (args, message) => {
    const r = await runCli(['fuzz', '--engines', 'ts,ts', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('runFuzzShards streams counterexamples', () => {
  it('passes each counterexample on while the shard processes still run, and they are the merged report\'s', async () => {
    // Each stand-in shard prints its counterexamples as it finds them, then holds its report back
    // until `gate` exists; only the first counterexample passed on creates it. So the run ends
    // only if a counterexample reached us while every shard process was still running.
    const gate = join(tempDir('fuzz-gate'), 'go');
    const got: { cx: Counterexample; job: number; gateWasThere: boolean }[] = [];
    const reports = await runFuzzShards([], 2, {
      nodeArgs: child('buggy', gate),
      maxCounterexamples: 50,
      onCounterexample: (cx, job) => {
        got.push({ cx, job, gateWasThere: existsSync(gate) });
        writeFileSync(gate, '');
      },
    });
    expect(got.length).toBeGreaterThan(1);
    expect(got[0]!.gateWasThere).toBe(false);
    expect(new Set(got.map((g) => g.job))).toEqual(new Set([0, 1])); // both shards found some
    expect(reports.map((r) => r.cases)).toEqual([200, 200]);
    const merged = mergeReports(reports, 50);
    expect(merged.mismatches).toBeGreaterThan(0);
    // The same cases as the merged report (arrival order may differ between shards), none twice.
    const keys = got.map((g) => fuzzCaseKey(g.cx.case));
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(merged.counterexamples.map((c) => fuzzCaseKey(c.case)).sort());
    // Each one exactly as the shard that found it reported it. When both shards shrink to the same
    // case, the stream passes on the first to arrive and the merged report keeps shard 0's, which
    // may differ in seed, path and shrink count: compare with the shard's own report.
    for (const g of got) expect(reports[g.job]!.counterexamples).toContainEqual(g.cx);
  }, 60_000);

  it('passes on at most maxCounterexamples, never one case twice', async () => {
    const gate = join(tempDir('fuzz-gate'), 'go');
    writeFileSync(gate, '');
    const got: Counterexample[] = [];
    const reports = await runFuzzShards([], 2, { nodeArgs: child('buggy', gate), maxCounterexamples: 2, onCounterexample: (cx) => got.push(cx) });
    expect(mergeReports(reports, 50).counterexamples.length).toBeGreaterThan(2);
    expect(got).toHaveLength(2);
    expect(fuzzCaseKey(got[0]!.case)).not.toBe(fuzzCaseKey(got[1]!.case));
  }, 60_000);

  it.each([
    ['garbage', /^fuzz job [12] of 2 printed an unreadable line: not a JSON line: "this is not a report"$/],
    ['silent', /^fuzz job [12] of 2 ended without printing its report$/],
    ['crash', /^fuzz job [12] of 2 exited with code 7$/],
  ])('a shard process that goes wrong (%s) is an error naming the job', async (mode, message) => {
    await expect(runFuzzShards([], 2, { nodeArgs: child(mode) })).rejects.toThrow(message);
  });

  it('a line of the wrong shape is an error naming the job', async () => {
    const nodeArgs = (s: Shard) => ['-e', s.index === 1 ? 'console.log(JSON.stringify({type: "counterexample", seed: 1}))' : 'console.log(JSON.stringify({type: "progress"}))'];
    await expect(runFuzzShards([], 2, { nodeArgs })).rejects.toThrow(/^fuzz job [12] of 2 printed an unreadable line: (a malformed counterexample line: a counterexample needs a case|a line of unknown type "progress")/);
  });

  it('when one shard process goes wrong, the others are stopped', async () => {
    const pidFile = join(tempDir('fuzz-pid'), 'pid');
    const nodeArgs = (s: Shard) =>
      s.index === 0 ? ['-e', `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 60000)`] : ['-e', `const t = setInterval(() => { if (require('fs').existsSync(${JSON.stringify(pidFile)})) { console.log('garbage'); clearInterval(t); } }, 20)`];
    const t = Date.now();
    await expect(runFuzzShards([], 2, { nodeArgs })).rejects.toThrow(/^fuzz job 2 of 2 printed an unreadable line/);
    expect(Date.now() - t).toBeLessThan(20_000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive()).toBe(false);
  });

  it('the real shard processes failing (a bad option) name the job and its exit code', async () => {
    const run = runFuzzShards(['--engines', 'ts,ts', '--bogus'], 2);
    await expect(run).rejects.toThrow(/^fuzz job [12] of 2 exited with code 2$/);
    await expect(run).rejects.toBeInstanceOf(FuzzJobError);
  });

  it('bsml fuzz --jobs: a job that fails is one line and exit 2, not a stack trace', async () => {
    // The shard processes cannot start Node (a preload that does not exist); this process is unaffected.
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `--require ${join(tempDir('fuzz-preload'), 'missing.cjs')}`;
    try {
      const r = await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '50', '--seed', '3', '--jobs', '2']);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(/^bsml fuzz: fuzz job [12] of 2 (ended without printing its report|exited with code \d+)\n$/);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  });

  it('when the parent process exits, its shard processes are stopped', async () => {
    const dir = tempDir('fuzz-exit');
    const jobs = new URL('../../dist/testing/jobs.js', import.meta.url).href;
    // Two shards that write their pid and then wait a minute; the parent exits once both have started.
    const pidFile = (i: number) => join(dir, `pid${i}`);
    const parent = [
      `const { runFuzzShards } = await import(${JSON.stringify(jobs)});`,
      `const fs = await import('node:fs');`,
      `const shard = (s) => ['-e', 'require("fs").writeFileSync(' + JSON.stringify(${JSON.stringify(dir)} + '/pid' + s.index) + ', String(process.pid)); setTimeout(() => {}, 60000)'];`,
      `runFuzzShards([], 2, { nodeArgs: shard }).catch(() => {});`,
      `setInterval(() => { if (fs.existsSync(${JSON.stringify(pidFile(0))}) && fs.existsSync(${JSON.stringify(pidFile(1))})) process.exit(0); }, 20);`,
    ].join('\n');
    const r = await spawnNode(['--input-type=module', '-e', parent]);
    expect(r.code, r.stderr).toBe(0);
    // The shards are orphans once the parent is gone: a killed one stays a zombie until init reaps
    // it (which some containers never do), and kill(pid, 0) still finds a zombie. On Linux, read
    // the process state instead (Z: dead, not yet reaped).
    const alive = (pid: number) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      }
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const pids = [0, 1].map((i) => Number(readFileSync(pidFile(i), 'utf8')));
    for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((res) => setTimeout(res, 20));
    expect(pids.filter(alive)).toEqual([]);
  }, 30_000);
});

describe('bsml fuzz --jsonl', () => {
  it('prints one report line (the --json object with type "report"), also with --jobs 2', async () => {
    const json = JSON.parse((await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '8', '--json'])).stdout);
    const one = await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '8', '--jsonl']);
    expect(one.code).toBe(0);
    const lines = one.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect({ ...lines[0], elapsedMs: 0 }).toEqual({ type: 'report', ...json, elapsedMs: 0 });
    const two = await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '8', '--jobs', '2', '--jsonl']);
    expect(two.code).toBe(0);
    const twoLines = two.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(twoLines).toHaveLength(1);
    expect(twoLines[0]).toMatchObject({ type: 'report', jobs: 2, seed: 8, cases: 200, mismatches: 0, counterexamples: [], referenceErrors: json.referenceErrors });
  }, 60_000);

  it('--json and --jsonl together are a usage error', async () => {
    const r = await runCli(['fuzz', '--engines', 'ts,ts', '--json', '--jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give --json or --jsonl, not both/);
  });
});

