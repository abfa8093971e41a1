/** `bsml sweep`: one row per grid point, scripts agreeing with the reference, numbers equal to compile + eval. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepResult } from '../../src/demo/sweep.js';
import { runCli } from '../helpers/cli.js';

const FIX = 'test/fixtures/models/';
const IRIS = FIX + 'iris_mlp_4_8_3.onnx';
const IRIS_CSV = FIX + 'iris_mlp_4_8_3.test.csv';
const dir = mkdtempSync(join(tmpdir(), 'bsml-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bsml sweep', () => {
  it('--json: one point per grid setting, each equal to bsml compile + bsml eval with the same options', async () => {
    const r = await runCli(['sweep', IRIS, '--calibrate', IRIS_CSV, '--data', IRIS_CSV, '--weights', 'int8,ternary', '--frac-bits', 'auto,2', '--rescale', 'hint,pure', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as SweepResult & { failures: string[] };
    expect(s.rows).toBe(38);
    expect(s.skipped).toEqual([]);
    expect(s.failures).toEqual([]);
    expect(s.points.map((p) => `${p.weights} ${p.setting} ${p.rescale}`)).toEqual([
      'int8 auto hint', 'int8 auto pure', 'int8 2 hint', 'int8 2 pure',
      'ternary auto hint', 'ternary auto pure', 'ternary 2 hint', 'ternary 2 pure',
    ]);
    for (const p of s.points) {
      const what = `${p.weights} ${p.setting} ${p.rescale}`;
      expect(p.agreement, what).toBe(38);
      const out = join(dir, what.replaceAll(' ', '-'));
      const c = await runCli(['compile', IRIS, '--calibrate', IRIS_CSV, '--weights', p.weights, '--frac-bits', String(p.setting), '--rescale', p.rescale, '-o', out]);
      expect(c.code, c.stderr).toBe(0);
      const e = await runCli(['eval', out, '--data', IRIS_CSV, '--json']);
      const ev = JSON.parse(e.stdout) as { script_accuracy: number; quantized_accuracy: number; reference_mismatches: number };
      expect(ev.reference_mismatches).toBe(0);
      expect(p.scriptAccuracy, what).toBe(ev.script_accuracy);
      expect(p.quantizedAccuracy, what).toBe(ev.quantized_accuracy);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { scriptBytes: number; spend: { fee: number; witnessWeight: number } };
      expect(p.scriptBytes, what).toBe(report.scriptBytes);
      expect(p.fee, what).toBe(report.spend.fee);
      expect(p.witnessWeight, what).toBe(report.spend.witnessWeight);
    }
    // The settings differ: not every point has the same size or accuracy.
    expect(new Set(s.points.map((p) => p.scriptBytes)).size).toBeGreaterThan(2);
    expect(new Set(s.points.map((p) => p.scriptAccuracy)).size).toBeGreaterThan(1);
  });

  it('prints the table: a header and one line per point; --rows limits the rows (digits JSON model)', async () => {
    const r = await runCli(['sweep', FIX + 'digits_mlp_64_32_10.model.json', '--data', FIX + 'digits_mlp_64_32_10.test.csv', '--rows', '15', '--weights', 'int4', '--frac-bits', 'auto,4', '--rescale', 'hint']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/: 15 rows, float accuracy [\d.]+%; 2 of 2 settings compiled/);
    expect(lines[2]).toMatch(/^weights\s+rescale\s+frac bits/);
    expect(lines.slice(3)).toHaveLength(2);
    for (const l of lines.slice(3)) expect(l).toMatch(/^int4\s+hint\s.*\s15\/15\s/);
  });

  it('lists the settings whose range proof fails instead of failing', async () => {
    const r = await runCli(['sweep', IRIS, '--input-range', '0,8', '--data', IRIS_CSV, '--weights', 'int8', '--frac-bits', '2,30', '--rescale', 'hint', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as SweepResult;
    expect(s.points.map((p) => p.setting)).toEqual([2]);
    expect(s.skipped).toHaveLength(1);
    expect(s.skipped[0]).toMatchObject({ weights: 'int8', setting: 30, rescale: 'hint' });
  });

  it('exits 2 when no setting compiles, after listing why (one plain reason per setting)', async () => {
    const args = ['sweep', IRIS, '--input-range', '0,8', '--data', IRIS_CSV, '--weights', 'int8', '--frac-bits', '21', '--rescale', 'hint'];
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('0 of 1 settings compiled');
    expect(r.stdout).toContain(
      'not compiled:\n  int8 / frac bits 21 / hint: dense layer 0 neuron 0: intermediate values can reach 3155354304 (~2^31.6), beyond the operand limit ±2147483647; ' +
        'the input has 21 fractional bits: use fewer (--frac-bits) or a smaller weight scheme (--weights int4, ternary or pow2)\n',
    );
    expect(r.stderr).toBe('bsml sweep: no setting compiled (1 of 1 refused; the reasons are under "not compiled")\n');
    const j = await runCli([...args, '--json']);
    expect(j.code).toBe(2);
    expect((JSON.parse(j.stdout) as SweepResult).points).toEqual([]);
    expect(j.stderr).toBe('bsml sweep: no setting compiled (1 of 1 refused; the reasons are in "skipped")\n');
  });
});
