/**
 * The compile warnings on the command line: `bsml compile` and `bsml sweep` print one line on
 * stderr per warning (after their results; exit 0), suggesting --weights int8-col where it helps
 * (and, in a sweep, only when the grid lacks it); --json and report.json carry them as entries.
 * The input, spend and `--output leave` warnings the same way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { runSweep } from '../../src/demo/sweep.js';
import { loadModel } from '../../src/models/load.js';

const BN = 'test/fixtures/models/bn/bn-input.op13.onnx';
const BN_CSV = 'test/fixtures/models/bn/bn-input.logits.csv';
const IRIS = 'test/fixtures/models/iris_mlp_4_8_3.onnx';
const ZEROED = (scheme: string, pct: number, n: number) => `weights ${scheme} rounds ${pct}% of dense layer 0's nonzero weights to 0 (${n} of 1024; model layer 0)`;
const TRY = '; try --weights int8-col (a scale per input column)';

describe('compile warnings in the CLI', () => {
  it('bsml compile (int8 on a BatchNormalization folded into the Linear after it): one stderr line, exit 0; --json and report.json hold the entry', async () => {
    const out = join(tempDir('warn'), 'bn');
    const r = await runCli(['compile', BN, '--input-range', '0,16', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('compiled bn-input.op13');
    expect(r.stderr).toBe(`bsml compile: warning: ${ZEROED('int8', 84, 865)}${TRY}\n`);
    const j = await runCli(['compile', BN, '--input-range', '0,16', '-o', out, '--json']);
    expect(j.code).toBe(0);
    expect(j.stderr).toBe(r.stderr);
    const entry = { code: 'WEIGHTS_ZEROED', layer: 0, modelLayer: 0, scheme: 'int8', nonzero: 1024, zeroed: 865, fraction: 865 / 1024, suggestion: 'int8-col', message: ZEROED('int8', 84, 865) };
    expect(JSON.parse(j.stdout).warnings).toEqual([entry]);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).warnings).toEqual([entry]);
  });

  it('bsml compile says nothing when nothing is lost (int8-col on the same model; iris with int8)', async () => {
    const dir = tempDir('warn');
    const col = await runCli(['compile', BN, '--input-range', '0,16', '--weights', 'int8-col', '-o', join(dir, 'col'), '--json']);
    expect(col.code).toBe(0);
    expect(col.stderr).toBe('');
    expect(JSON.parse(col.stdout).warnings).toEqual([]);
    const iris = await runCli(['compile', IRIS, '--input-range', '0,8', '-o', join(dir, 'iris')]);
    expect(iris).toMatchObject({ code: 0, stderr: '' });
  });

  it('bsml sweep: each scheme and layer once (not per fractional-bit setting); int8-col suggested only when the grid lacks it', async () => {
    const args = ['sweep', BN, '--input-range', '0,16', '--data', BN_CSV, '--rows', '20', '--frac-bits', 'auto,2', '--rescale', 'hint', '--engine', 'ts'];
    const without = await runCli([...args, '--weights', 'int8,int4']);
    expect(without.code).toBe(0);
    expect(without.stderr).toBe(`bsml sweep: warning: ${ZEROED('int8', 84, 865)}${TRY}\nbsml sweep: warning: ${ZEROED('int4', 91, 929)}${TRY}\n`);
    const withCol = await runCli([...args, '--weights', 'int8,int8-col', '--json']);
    expect(withCol.code).toBe(0);
    expect(withCol.stderr).toBe(`bsml sweep: warning: ${ZEROED('int8', 84, 865)}\n`);
    const s = JSON.parse(withCol.stdout);
    expect(s.points.length).toBe(4);
    expect(s.warnings.map((w: { scheme: string; layer: number }) => `${w.scheme} ${w.layer}`)).toEqual(['int8 0']);
  });
});

describe('the input, spend and --output leave warnings in the CLI', () => {
  // LeakyRelu of slope 1e300: the range proof lowers the input bits to -1, leaving [-1, 1] two values.
  const LEAKY = { format: 'bsml-model', version: 1, input: { shape: [1], range: [-1, 1] }, layers: [{ type: 'dense', weights: [[1]], bias: [0] }, { type: 'leakyRelu', alpha: 1e300 }] };
  const COARSE = 'input fractional bits -1 (lowered from 8 by the range proof) leave the declared range of 1 of 1 input (0) fewer than 16 quantized values (as few as 2)';
  const LEAVE = '--output leave leaves 3 values on the stack, and a tapscript spend must end with exactly one (true) item: no spend of this script is valid, and the spend figures price one that cannot confirm';

  it('bsml compile: INPUT_COARSE and UNSPENDABLE_LEAVE on stderr (exit 0), in --json and report.json; stdout stays the report', async () => {
    const dir = tempDir('warn');
    const model = join(dir, 'leaky.json');
    writeFileSync(model, JSON.stringify(LEAKY));
    const r = await runCli(['compile', model, '-o', join(dir, 'leaky'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`bsml compile: warning: ${COARSE}\n`);
    expect(JSON.parse(r.stdout).warnings).toEqual([{ code: 'INPUT_COARSE', fracBits: -1, chosenFracBits: 8, inputs: [0], inputCount: 1, levels: 2, message: COARSE }]);
    const leave = await runCli(['compile', IRIS, '--input-range', '0,8', '--output', 'leave', '-o', join(dir, 'iris')]);
    expect(leave.code).toBe(0);
    expect(leave.stdout).toContain('spend: witness weight');
    expect(leave.stderr).toBe(`bsml compile: warning: ${LEAVE}\n`);
    expect(JSON.parse(readFileSync(join(dir, 'iris', 'report.json'), 'utf8')).warnings).toEqual([{ code: 'UNSPENDABLE_LEAVE', outputs: 3, message: LEAVE }]);
  });

  it('runSweep lists each distinct warning once (not only the first that is not WEIGHTS_ZEROED)', async () => {
    const model = loadModel(IRIS, { inputRange: [0, 8] });
    const data = { source: 'rows', inputs: [[1, 2, 3, 4], [5, 1, 0.5, 2]], labels: [0, 2] };
    const s = await runSweep(model, data, { grid: { weights: ['int8'], fracBits: ['auto', -5], rescale: ['hint'] }, compile: { output: 'leave' }, engine: 'ts' });
    expect(s.skipped).toEqual([]);
    // At -5 bits [0, 8] is [0, 0.25], which rounds to 0: every input collapses.
    expect(s.warnings.map((w) => w.code)).toEqual(['UNSPENDABLE_LEAVE', 'INPUT_COLLAPSED']);
  });

});
