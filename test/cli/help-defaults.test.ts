/**
 * Every default `bsml <command> --help` shows as a value is the one the command really uses:
 * observed by running the command without the option where that is cheap, else read from the
 * constant the code path uses. (bsml fuzz's time budget and counterexample limit: see
 * help-defaults-fuzz.test.ts.)
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { demoData } from '../../src/demo/demo.js';
import { loadBatchBinding } from '../../src/engine/batch-binding.js';
import { benchDefaultThreads } from '../../src/engine/bench-defaults.js';
import { runCli, spawnCli, tempDir } from '../helpers/cli.js';
import { leadingNumber, shownDefault } from '../helpers/help-defaults.js';

const FIX = 'test/fixtures/models/';
const IRIS = FIX + 'iris_mlp_4_8_3.onnx';
const IRIS_CSV = FIX + 'iris_mlp_4_8_3.test.csv';
/** No addon at this path: bench measures the TypeScript engine only (cheap at any lane count). */
const NO_ADDON = { BSML_NATIVE_ADDON: join(tempDir('no-addon'), 'bsml_addon.node') };

describe('bsml bench --help defaults', () => {
  it('--lanes: a run without it uses the shown number of lanes', async () => {
    const lanes = leadingNumber(await shownDefault('bench', 'lanes'));
    const r = await spawnCli(['bench', '--json', '--seconds', '0.03', '--no-peer'], NO_ADDON);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).lanes).toBe(lanes);
  }, 60_000);

  it('--seconds: a measurement without it lasts three rounds of about the shown seconds / 3', async () => {
    const seconds = leadingNumber(await shownDefault('bench', 'seconds'));
    const r = await spawnCli(['bench', '--json', '--lanes', '16', '--no-peer'], NO_ADDON);
    expect(r.code, r.stderr).toBe(0);
    const ts = (JSON.parse(r.stdout).runs as { engine: string; seconds: number }[]).find((x) => x.engine === 'ts')!;
    // The reported round is the median of three, each ending once seconds / 3 have passed (one
    // evaluation of the digits model takes a few ms; the margin is for a busy machine): so within
    // [s/3, 2·s/3), which half or twice the shown default would miss.
    expect(ts.seconds).toBeGreaterThanOrEqual(seconds / 3);
    expect(ts.seconds).toBeLessThan((2 * seconds) / 3);
  }, 60_000);

  it('--threads and --isa: what "1 and the core count" and "every one this CPU runs" mean', async () => {
    expect(await shownDefault('bench', 'threads')).toBe('1 and the core count');
    expect(await shownDefault('bench', 'isa')).toBe('every one this CPU runs');
    expect(benchDefaultThreads(8)).toEqual([1, 8]);
    expect(benchDefaultThreads(1)).toEqual([1]);
  });

  it.skipIf(!loadBatchBinding())('--threads and --isa: a run without them measures 1 and the core count on every ISA', async () => {
    const r = await runCli(['bench', '--json', '--lanes', '64', '--seconds', '0.01', '--no-peer']);
    expect(r.code, r.stderr).toBe(0);
    const batch = (JSON.parse(r.stdout).runs as { engine: string; isa: string; threads: number }[]).filter((x) => x.engine === 'batch');
    expect([...new Set(batch.map((x) => x.threads))]).toEqual([...new Set([1, cpus().length])]);
    expect([...new Set(batch.map((x) => x.isa))]).toEqual(loadBatchBinding()!.isas().available);
  }, 60_000);
});

describe('bsml compile --help defaults', () => {
  it('--target, --weights, --frac-bits, --rescale, --output: a compile without them uses the shown ones', async () => {
    const out = join(tempDir('compile-defaults'), 'out');
    const r = await runCli(['compile', IRIS, '--input-range', '0,8', '-o', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { target: string; weights: string; rescale: string; output: string };
    expect(j.target).toBe(await shownDefault('compile', 'target'));
    expect(j.weights).toBe(await shownDefault('compile', 'weights'));
    expect(j.rescale).toBe(await shownDefault('compile', 'rescale'));
    expect(j.output).toBe(await shownDefault('compile', 'output'));
    // auto frac bits are chosen per layer; a fixed setting would be one value for all.
    expect(await shownDefault('compile', 'frac-bits')).toBe('auto');
    const summary = await runCli(['compile', IRIS, '--input-range', '0,8', '-o', out]);
    expect(summary.stdout).toMatch(/frac bits [0-9,]+ \(auto\)/);
  });
});

describe('bsml sweep / report --help defaults (the grid)', () => {
  const list = (s: string) => s.split(',').map((x) => (/^-?\d+$/.test(x) ? Number(x) : x));

  it('sweep: a run without --weights, --frac-bits, --rescale compiles the shown grid', async () => {
    const r = await runCli(['sweep', IRIS, '--input-range', '0,8', '--data', IRIS_CSV, '--rows', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { grid?: unknown; points: { weights: string; setting: string | number; rescale: string }[]; skipped: unknown[] };
    expect(s.skipped).toEqual([]);
    const expected: string[] = [];
    for (const w of list(await shownDefault('sweep', 'weights')))
      for (const f of list(await shownDefault('sweep', 'frac-bits'))) for (const m of list(await shownDefault('sweep', 'rescale'))) expected.push(`${w} ${f} ${m}`);
    expect(s.points.map((p) => `${p.weights} ${p.setting} ${p.rescale}`)).toEqual(expected);
  });

  it('report: a run without --weights, --frac-bits, --rescale sweeps the shown grid', async () => {
    const dir = join(tempDir('report-defaults'), 'r');
    const r = await runCli(['report', dir, '--model', IRIS, '--input-range', '0,8', '--data', IRIS_CSV, '--rows', '3', '--engine', 'ts', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const grid = (JSON.parse(r.stdout) as { sweep: { grid: Record<string, unknown[]> } }).sweep.grid;
    expect(grid).toEqual({
      weights: list(await shownDefault('report', 'weights')),
      fracBits: list(await shownDefault('report', 'frac-bits')),
      rescale: list(await shownDefault('report', 'rescale')),
    });
  }, 60_000);
});

describe('bsml spend --help defaults', () => {
  it('--sequence and --locktime: a spend without them has the shown nSequence and nLockTime', async () => {
    const dir = tempDir('spend-defaults');
    writeFileSync(join(dir, 'script.hex'), '51\n');
    const r = await runCli(['spend', dir, '--witness', '01', '--utxo', `${'5a'.repeat(32)}:0:20000`, '--to', 'bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5', '--fee-rate', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const tx = Transaction.fromHex(JSON.parse(r.stdout).hex);
    expect(tx.ins[0]!.sequence).toBe(leadingNumber(await shownDefault('spend', 'sequence')));
    expect(tx.locktime).toBe(leadingNumber(await shownDefault('spend', 'locktime')));
  });
});

describe('bsml demo --help defaults', () => {
  it('--rows: "all N" is every row of the embedded test split', async () => {
    const shown = await shownDefault('demo', 'rows');
    expect(shown).toMatch(/^all \d+$/);
    expect(demoData().inputs).toHaveLength(Number(shown.slice(4)));
  });
});

describe('bsml fuzz --help defaults', () => {
  it('--jobs: the chunk size the help names is the one shards split by', async () => {
    const help = (await runCli(['fuzz', '--help'])).stdout.replace(/\s+/g, ' ');
    const chunk = leadingNumber(/every N-th chunk of ([0-9,]+) cases/.exec(help)![1]!);
    // A campaign of chunk + 1 cases: shard 1 of 2 holds the second chunk, one case.
    const r = await runCli(['fuzz', '--engines', 'ts,ts', '--runs', String(chunk + 1), '--seed', '4', '--shard', '1/2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).cases).toBe(1);
    expect(await shownDefault('fuzz', 'jobs')).toBe('1');
  });
});
