import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { TINY_MODEL } from '../helpers/tiny-model.js';

const tiny = TINY_MODEL;

describe('bsml compile / witness / eval', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('compile');
    writeFileSync(join(dir, 'model.json'), JSON.stringify(tiny));
    writeFileSync(join(dir, 'data.csv'), 'a,b,c,label\n1,2,3,1\n4,0,0,0\n0,4,1,1\n2,2,2,2\n');
  });

  it('compiles, builds a witness usable by bsml run, and evaluates', async () => {
    const out = join(dir, 'out');
    const c = await runCli(['compile', join(dir, 'model.json'), '--frac-bits', '3', '-o', out]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/script \d+ bytes/);
    expect(readdirSync(out).sort()).toEqual(['.bsml-output.json', 'program.json', 'report.json', 'script.asm', 'script.hex']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.scriptBytes).toBe(readFileSync(join(out, 'script.hex'), 'utf8').trim().length / 2);
    const w = await runCli(['witness', out, '--input', '1,2,3']);
    expect(w.code, w.stderr).toBe(0);
    const hex = readFileSync(join(out, 'script.hex'), 'utf8').trim();
    const r = await runCli(['run', '--sigversion', 'tapscript', '--hex', hex, '--stack', w.stdout.trim(), '--engine', 'ts', '--json']);
    expect(JSON.parse(r.stdout).error).toBe('OK');
    const e = await runCli(['eval', out, '--data', join(dir, 'data.csv'), '--engine', 'ts', '--json']);
    expect(e.code, e.stderr).toBe(0);
    const s = JSON.parse(e.stdout);
    expect(s).toMatchObject({ rows: 4, reference_mismatches: 0, script_failures: 0 });
    for (const k of ['float_accuracy', 'quantized_accuracy', 'script_accuracy']) expect(typeof s[k]).toBe('number');
  });

  it('eval refuses labels that are not classes of the model, a file without data rows and a file without a header (exit 2, one line)', async () => {
    const out = join(dir, 'eval-out');
    expect((await runCli(['compile', join(dir, 'model.json'), '-o', out])).code).toBe(0);
    const bad = async (name: string, text: string, message: string) => {
      writeFileSync(join(dir, name), text);
      const e = await runCli(['eval', out, '--data', join(dir, name), '--engine', 'ts']);
      expect(e.code).toBe(2);
      expect(e.stdout).toBe('');
      expect(e.stderr).toBe(`bsml eval: ${join(dir, name)}: ${message}\n`);
    };
    // The tiny model has 3 classes: 3 is scored as nothing, as -1 is.
    await bad('label3.csv', 'a,b,c,label\n1,2,3,1\n4,0,0,3\n', 'line 3, column "label": 3 is not a class index (the model has 3 classes, 0 to 2)');
    await bad('label-neg.csv', 'a,b,c,label\n1,2,3,-1\n', 'line 2, column "label": -1 is not a class index (the model has 3 classes, 0 to 2)');
    await bad('header-only.csv', 'a,b,c,label\n', 'no data rows');
    await bad('no-header.csv', '1,2,3,1\n4,0,0,0\n', 'line 1: the first row is numbers (1,2,3,1), not column names; the file needs a header row (the inputs\' names, then label)');
    // pandas' names for unnamed columns are numbers too, and are a header.
    writeFileSync(join(dir, 'pandas.csv'), '0,1,2\n1,2,3\n');
    const p = await runCli(['eval', out, '--data', join(dir, 'pandas.csv'), '--engine', 'ts', '--json']);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout).rows).toBe(1);
  });

  it("prints the model file's name with its control characters escaped", async () => {
    writeFileSync(join(dir, 'named.json'), JSON.stringify({ ...tiny, name: 'm\u001b[2J\r\u009b' }));
    const c = await runCli(['compile', join(dir, 'named.json'), '-o', join(dir, 'named')]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout.split('\n')[0]!.startsWith('compiled m\\u001b[2J\\r\\u009b for '), c.stdout).toBe(true);
    expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(c.stdout), c.stdout).toBe(false);
  });

  it('the witness is printed bottom first in the layout of program.json (claim, hints, inputs), as the help says', async () => {
    const out = join(dir, 'order');
    expect((await runCli(['compile', join(dir, 'model.json'), '--frac-bits', '3', '-o', out])).code).toBe(0);
    const layout = JSON.parse(readFileSync(join(out, 'program.json'), 'utf8')).witness as { kind: string }[];
    const kinds = layout.map((w) => w.kind);
    expect(kinds[0]).toBe('claim');
    expect(kinds.lastIndexOf('hint')).toBeLessThan(kinds.indexOf('input'));
    expect(kinds.indexOf('hint')).toBeGreaterThan(0);
    const w = await runCli(['witness', out, '--input', '1,2,3', '--claim', '2']);
    const items = w.stdout.trim().split(',');
    expect(items).toHaveLength(layout.length);
    expect(items[0]).toBe('02'); // the claim is the bottom item
    const help = (await runCli(['witness', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('bottom first (the claim, then the hints, then the inputs');
    expect(help).not.toContain('inputs, hints, claim');
  });

  it('a witness of one empty item is printed 0x, which bsml run --stack reads back as that item', async () => {
    // One input, one output left on the stack: at input 0 the witness is one script number 0, the empty item.
    const model = { format: 'bsml-model', version: 1, input: { shape: [1], range: [0, 4] }, layers: [{ type: 'dense', weights: [[1]], bias: [0.5] }] };
    writeFileSync(join(dir, 'one.json'), JSON.stringify(model));
    const out = join(dir, 'one');
    expect((await runCli(['compile', join(dir, 'one.json'), '--output', 'leave', '-o', out])).code).toBe(0);
    const w = await runCli(['witness', out, '--input', '0']);
    expect(w).toEqual({ code: 0, stdout: '0x\n', stderr: '' });
    const hex = readFileSync(join(out, 'script.hex'), 'utf8').trim();
    const r = await runCli(['run', '--sigversion', 'tapscript', '--hex', hex, '--stack', w.stdout.trim(), '--engine', 'ts', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: true, error: 'OK' });
  });

  it('--calibrate takes the input fractional bits from data', async () => {
    const c = await runCli(['compile', join(dir, 'model.json'), '--calibrate', join(dir, 'data.csv'), '--json', '-o', join(dir, 'cal')]);
    expect(c.code, c.stderr).toBe(0);
    const p = JSON.parse(readFileSync(join(dir, 'cal', 'program.json'), 'utf8'));
    expect(p.options.calibrated).toBe(true);
    expect(p.options.fracBits[0]).toBe(6); // max |x| in data.csv is 4: 8 - ceil(log2 4)
  });

  it('--compare tabulates every scheme and rescale mode', async () => {
    const c = await runCli(['compile', join(dir, 'model.json'), '--compare', '--json', '-o', join(dir, 'cmp')]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).compare).toHaveLength(10);
  });

  it('bad input: exit 2, one line naming the problem, and no partial OUT_DIR', async () => {
    const bad = { ...tiny, layers: [{ type: 'dense', weights: [[1, 2]], bias: [0] }] };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const out = join(dir, 'never');
    const c = await runCli(['compile', join(dir, 'bad.json'), '-o', out]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/layers\[0\]\.weights\[0\]: expected 3 weights/);
    expect(c.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect((await runCli(['compile', join(dir, 'model.json'), '--weights', 'int3', '-o', out])).code).toBe(2);
    expect((await runCli(['witness', join(dir, 'nowhere'), '--input', '1'])).code).toBe(2);
    const o = await runCli(['witness', join(dir, 'out'), '--input', '1,2,9']);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/input 2 = 9 is outside the declared range/);
  });
});
