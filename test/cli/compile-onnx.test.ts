import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const FIX = 'test/fixtures/models/';

describe('bsml compile MODEL.onnx', () => {
  it('compiles a PyTorch ONNX export directly; eval shows PyTorch accuracy and no reference mismatches', async () => {
    const dir = join(tempDir('onnx'), 'out');
    const c = await runCli(['compile', FIX + 'iris_mlp_4_8_3.onnx', '--calibrate', FIX + 'iris_mlp_4_8_3.test.csv', '-o', dir]);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    const e = await runCli(['eval', dir, '--data', FIX + 'iris_mlp_4_8_3.test.csv', '--engine', 'ts', '--json']);
    expect(e.code).toBe(0);
    const s = JSON.parse(e.stdout);
    expect(s.rows).toBe(38);
    expect(s.reference_mismatches).toBe(0);
    expect(s.script_failures).toBe(0);
    // PyTorch's float test accuracy on this split is 34/38 (fixtures/models/iris_mlp_4_8_3.json).
    expect(Math.abs(s.script_accuracy - 34 / 38)).toBeLessThanOrEqual(0.01 + 1e-9);
  });

  it('asks for a range when an ONNX model has none', async () => {
    const r = await runCli(['compile', FIX + 'iris_mlp_4_8_3.onnx', '-o', join(tmpdir(), 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ONNX models carry no input range; give --input-range LO,HI or --calibrate DATA.csv/);
  });
});
