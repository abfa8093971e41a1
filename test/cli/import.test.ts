import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { importOnnx } from '../../src/models/onnx.js';

const FIX = 'test/fixtures/models/';
const dir = tempDir('import');

describe('bsml import', () => {
  it('writes the imported model as format-v1 JSON', async () => {
    const out = join(dir, 'digits.json');
    const r = await runCli(['import', FIX + 'digits_mlp_64_32_10.onnx', '-o', out, '--input-range', '0,16']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('64 -> dense 32, relu, dense 10 (2410 parameters); input range [0, 16]');
    const m = JSON.parse(readFileSync(out, 'utf8'));
    expect(m).toEqual({ ...importOnnx(readFileSync(FIX + 'digits_mlp_64_32_10.onnx'), { inputRange: [0, 16] }), name: 'digits_mlp_64_32_10' });
  });

  it('measures the range with --calibrate (global, or per feature)', async () => {
    const r = await runCli(['import', FIX + 'iris_mlp_4_8_3.onnx', '--calibrate', FIX + 'iris_mlp_4_8_3.test.csv']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).input.range).toEqual([0.1, 7.2]);
    const p = await runCli(['import', FIX + 'iris_mlp_4_8_3.onnx', '--calibrate', FIX + 'iris_mlp_4_8_3.test.csv', '--per-feature']);
    expect(JSON.parse(p.stdout).input.range).toEqual([[4.3, 7.2], [2, 3.7], [1, 5.8], [0.1, 2.4]]);
  });

  it('fails with one line on stderr and exit 2 on bad input', async () => {
    const trunc = join(dir, 'trunc.onnx');
    writeFileSync(trunc, readFileSync(FIX + 'digits_mlp_64_32_10.onnx').subarray(0, 1000));
    const cases: [string[], RegExp][] = [
      [[FIX + 'digits_mlp_64_32_10.onnx'], /carry no input range/],
      [[trunc, '--input-range', '0,16'], /trunc\.onnx: not a valid ONNX protobuf/],
      [[FIX + 'digits_mlp_64_32_10.onnx', '--input-range', '16,0'], /LO 16 is above HI 0/],
      [[FIX + 'digits_mlp_64_32_10.test.csv', '--input-range', '0,1'], /unknown model file type ".csv"/],
      [[FIX + 'digits_mlp_64_32_10.onnx', '--calibrate', FIX + 'iris_mlp_4_8_3.test.csv'], /model has 64 inputs but the file has only 8 columns/],
      [[FIX + 'digits_mlp_64_32_10.onnx', '--input-range', '0,1', '--calibrate', 'x.csv'], /not both/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(['import', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('loadModel', () => {
  it('loads .json models (validated) and lets a given range replace theirs', async () => {
    const { loadModel } = await import('../../src/models/load.js');
    const out = join(dir, 'iris.json');
    await runCli(['import', FIX + 'iris_mlp_4_8_3.onnx', '-o', out, '--input-range', '0,8']);
    const fromJson = loadModel(out);
    expect(fromJson).toEqual(loadModel(FIX + 'iris_mlp_4_8_3.onnx', { inputRange: [0, 8] }));
    expect(loadModel(out, { inputRange: [1, 2] }).input.range).toEqual([1, 2]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...fromJson, layers: [] }));
    expect(() => loadModel(bad)).toThrow(/bad\.json: model layers/);
    expect(() => loadModel(FIX + 'iris_mlp_4_8_3.onnx', { inputRange: [[0, 1]] })).toThrow(/input\.range/);
  });
});
