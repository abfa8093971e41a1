/**
 * Edges of `bsml eval`, `bsml witness` and `bsml demo` found by QA: rows outside the declared
 * input range (the script must reject them: that is agreement, not a mismatch), inputs too large
 * to quantize (one line, exit 2, not a RangeError), and demo's output directory and engines
 * checked before it runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, tempDir } from '../helpers/cli.js';

const iris = new URL('../fixtures/models/iris_mlp_4_8_3.onnx', import.meta.url).pathname;

describe('eval and witness at the edges of the input range', () => {
  const dir = tempDir('eval-edges');
  const out = join(dir, 'iris');
  beforeAll(async () => {
    const c = await runCli(['compile', iris, '--input-range', '0,8', '-o', out]);
    expect(c.code, c.stderr).toBe(0);
  });

  it('a row outside the declared range is rejected by the script, and that agrees with the reference (exit 0)', async () => {
    const csv = join(dir, 'oor.csv');
    writeFileSync(csv, 'a,b,c,d,label\n9,2,3,4,0\n5,3.3,1.4,0.2,0\n-1,1,1,1,2\n');
    const r = await runCli(['eval', out, '--data', csv, '--engine', 'ts', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ rows: 3, out_of_range_rows: 2, reference_mismatches: 0, script_failures: 0 });
    expect(s.script_errors).toEqual({ VERIFY: 2, OK: 1 });
  });

  it('an input too large to quantize is one line naming the row (exit 2), in eval and witness', async () => {
    const csv = join(dir, 'huge.csv');
    writeFileSync(csv, 'a,b,c,d,label\n5,3.3,1.4,0.2,0\n1e308,2,3,4,0\n');
    const r = await runCli(['eval', out, '--data', csv, '--engine', 'ts']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe('bsml eval: data row 2: input 0 = 1e+308 is too large to quantize (|x * 2^5| must be below 2^53)\n');
    const w = await runCli(['witness', out, '--input', '5,3.3,1e300,0.2']);
    expect([w.code, w.stdout]).toEqual([2, '']);
    expect(w.stderr).toBe('bsml witness: input 2 = 1e+300 is too large to quantize (|x * 2^5| must be below 2^53)\n');
  });
});

describe('witness --claim', () => {
  const dir = tempDir('claim-edges');
  it('must name a class of the model, and only a program with a claim takes one (exit 2)', async () => {
    const out = join(dir, 'iris');
    expect((await runCli(['compile', iris, '--input-range', '0,8', '-o', out])).code).toBe(0);
    const ok = await runCli(['witness', out, '--input', '5,3.3,1.4,0.2', '--claim', '2']);
    expect([ok.code, ok.stdout.split(',')[0]]).toEqual([0, '02']);
    const three = await runCli(['witness', out, '--input', '5,3.3,1.4,0.2', '--claim', '3']);
    expect([three.code, three.stdout, three.stderr]).toEqual([2, '', 'bsml witness: --claim: 3 is not a class of the model (it has 3: 0 to 2)\n']);
    const leave = join(dir, 'leave');
    expect((await runCli(['compile', iris, '--input-range', '0,8', '--output', 'leave', '-o', leave])).code).toBe(0);
    const r = await runCli(['witness', leave, '--input', '5,3.3,1.4,0.2', '--claim', '1']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'bsml witness: --claim: this program takes no claim (its output is leave)\n']);
  });
});

describe('numbers in data and options are plain decimals', () => {
  const dir = tempDir('decimal');
  it('0x10 is refused in a CSV cell, --input and --input-range (Number() read it as 16); 1e400 is refused as not finite', async () => {
    const out = join(dir, 'iris');
    expect((await runCli(['compile', iris, '--input-range', '0,8', '-o', out])).code).toBe(0);
    const csv = join(dir, 'hex.csv');
    writeFileSync(csv, 'a,b,c,d,label\n0x5,3.3,1.4,0.2,0\n');
    const e = await runCli(['eval', out, '--data', csv, '--engine', 'ts']);
    expect([e.code, e.stderr]).toEqual([2, `bsml eval: ${csv}: line 2, column "a": "0x5" is not a decimal number\n`]);
    const w = await runCli(['witness', out, '--input', '5,0b11,1.4,0.2']);
    expect([w.code, w.stderr]).toEqual([2, 'bsml witness: --input value 1: not a decimal number: "0b11"\n']);
    const inf = await runCli(['witness', out, '--input', '5,1e400,1.4,0.2']);
    expect([inf.code, inf.stderr]).toEqual([2, 'bsml witness: --input value 1: not finite (its magnitude is beyond the largest double, 1.7976931348623157e+308): "1e400"\n']);
    const c = await runCli(['compile', iris, '--input-range', '0x0,8', '-o', join(dir, 'x')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('"0x0,8"');
  });
});

describe('messages', () => {
  const dir = tempDir('messages');
  it('name the file, not entry -1; a missing model format or version; the engine that ran; 1 row', async () => {
    const obj = join(dir, 'obj.json');
    writeFileSync(obj, '{}');
    expect(await runCli(['vectors', obj])).toEqual({ code: 2, stdout: '', stderr: 'bsml vectors: the file is not a JSON array\n' });
    const m = join(dir, 'meta.json');
    writeFileSync(m, '{"accuracy": 0.97}');
    const c = await runCli(['compile', m, '-o', join(dir, 'x')]);
    expect(c.stderr).toBe(`bsml compile: ${m}: model format: missing: not a bsml model file (expected "format": "bsml-model"; an ONNX export is read with bsml import)\n`);
    writeFileSync(m, '{"format": "bsml-model"}');
    expect((await runCli(['compile', m, '-o', join(dir, 'x')])).stderr).toBe(`bsml compile: ${m}: model version: missing (expected 1)\n`);
    const out = join(dir, 'iris');
    expect((await runCli(['compile', iris, '--input-range', '0,8', '-o', out])).code).toBe(0);
    const csv = join(dir, 'one.csv');
    writeFileSync(csv, 'a,b,c,d,label\n5,3.3,1.4,0.2,0\n');
    const e = await runCli(['eval', out, '--data', csv, '--engine', 'ts', '--json']);
    expect(JSON.parse(e.stdout).engine).toBe('ts');
    const auto = await runCli(['eval', out, '--data', csv, '--json']);
    expect(['ts', 'native']).toContain(JSON.parse(auto.stdout).engine);
    expect((await runCli(['eval', out, '--data', csv, '--engine', 'ts'])).stdout).toMatch(/^1 row \(/);
  });
});

describe('bsml demo checks before it runs', () => {
  const dir = tempDir('demo-edges');
  const noAddon = { BSML_NATIVE_ADDON: join(dir, 'no-such-addon.node') };

  it('an output path that is a file is refused first (exit 2), before any engine runs', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'mine\n');
    // The only engine asked for cannot run: were the output checked after the run, that would be the error.
    const r = await spawnCli(['demo', '--engine', 'native', '--rows', '5', '--out', file], noAddon);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(`bsml demo: ${file}: exists and is not a directory\n`);
  });

  it('no engine that can run is one line saying why (exit 2), not a stack trace', async () => {
    const r = await spawnCli(['demo', '--engine', 'native', '--rows', '5', '--no-report'], noAddon);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^bsml demo: no engine available: native: the native engine is not available: [^\n]*\n$/);
  });
});
