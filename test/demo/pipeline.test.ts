import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paretoFront } from '../../src/demo/charts.js';
import { runDemo } from '../../src/demo/demo.js';
import { runPipeline } from '../../src/demo/pipeline.js';
import type { SweepPoint } from '../../src/demo/sweep.js';
import { renderReport, writeReport } from '../../src/demo/report.js';
import { compileModel } from '../../src/compiler/compile.js';
import { demoFailures, summaryRows } from '../../src/demo/summary.js';
import { readDataset } from '../../src/models/csv.js';
import { loadModel } from '../../src/models/load.js';

const FIX = 'test/fixtures/models/';

describe('demo pipeline', () => {
  it('iris end to end: the script agrees with the integer reference on every row and rejects wrong claims', async () => {
    const model = loadModel(FIX + 'iris_mlp_4_8_3.onnx', { calibrate: FIX + 'iris_mlp_4_8_3.test.csv' });
    const data = readDataset(FIX + 'iris_mlp_4_8_3.test.csv', 4);
    const r = await runPipeline(model, data, { engines: ['ts'], sweep: { weights: ['int8', 'ternary'], fracBits: ['auto', 2] }, wrongClaims: 10 });
    expect(r.rows).toBe(38);
    expect(r.scriptVsReference).toBe(38);
    expect(r.wrongClaims).toEqual({ tried: 10, rejected: 10 });
    expect(demoFailures(r)).toEqual([]);
    // The float model reproduces PyTorch's classes, so their accuracies are equal.
    expect(r.floatVsReference).toBe(38);
    expect(r.accuracy.float).toBe(r.accuracy.reference);
    expect(r.accuracy.script).toBe(r.accuracy.quantized);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(38);
    expect(r.engines[0]).toMatchObject({ engine: 'ts', available: true, rows: 38, accepted: 38 });
    expect(r.sweep.points.length + r.sweep.skipped.length).toBe(4);
    for (const p of r.sweep.points) expect(p.agreement, `${p.weights} ${p.setting}`).toBe(38);
    // The main compile (int8, auto, hint) is a point of the sweep, with the pipeline's numbers.
    const main = r.sweep.points.find((p) => p.weights === 'int8' && p.setting === 'auto')!;
    expect(main.scriptBytes).toBe(r.compiled.report.scriptBytes);
    expect(main.scriptAccuracy).toBe(r.accuracy.script);
    expect(summaryRows(r).map(([k]) => k)).toContain('script vs reference agreement');

    const dir = mkdtempSync(join(tmpdir(), 'bsml-report-'));
    const files = await writeReport(dir, r, { title: 'iris', model: 'iris_mlp_4_8_3', data: 'iris test split' });
    const html = readFileSync(files.html, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('script vs reference agreement');
    expect(readFileSync(files.md, 'utf8')).toContain('![accuracy / script size trade-off](tradeoff.svg)');
    for (const svg of files.svgs) expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/);
    // No warning: no warnings paragraph.
    expect(r.compiled.warnings).toEqual([]);
    expect(html).not.toContain('Warnings of this compile');

    // The compile's warnings are in both files (a real one: --output leave with 3 outputs).
    const leave = compileModel(model, { output: 'leave' }).warnings;
    expect(leave.map((w) => w.code)).toEqual(['UNSPENDABLE_LEAVE']);
    const warned = await renderReport({ ...r, compiled: { ...r.compiled, warnings: leave } }, { title: 'iris <&>', model: 'm', data: 'd' });
    expect(warned['report.md']).toContain(`Warnings of this compile:\n\n- ${leave[0]!.message}\n`);
    expect(warned['report.html']).toContain(`<p>Warnings of this compile:</p><ul><li>${leave[0]!.message}</li></ul>`);
  });

  it('the embedded digits demo runs on a few rows, on every available engine', async () => {
    const r = await runDemo({ rows: 12, sweep: { weights: [] }, wrongClaims: 3 });
    expect(r.rows).toBe(12);
    expect(r.scriptVsReference).toBe(12);
    expect(r.wrongClaims).toEqual({ tried: 3, rejected: 3 });
    expect(r.engines.map((e) => e.engine)).toEqual(['ts', 'native', 'batch']);
    for (const e of r.engines.filter((x) => x.available)) expect(e.accepted, e.engine).toBe(12);
    expect(r.compiled.report.scriptBytes).toBeGreaterThan(1000);
    expect(r.taprootAddress).toMatch(/^bc1p[02-9ac-hj-np-z]{58}$/);
  });

  it('the Pareto front keeps only points nothing beats on size and accuracy', () => {
    const p = (scriptBytes: number, scriptAccuracy: number) => ({ scriptBytes, scriptAccuracy }) as SweepPoint;
    const front = paretoFront([p(100, 0.8), p(50, 0.7), p(120, 0.75), p(200, 0.9), p(60, 0.7)]);
    expect(front.map((q) => q.scriptBytes)).toEqual([50, 100, 200]);
  });
});
