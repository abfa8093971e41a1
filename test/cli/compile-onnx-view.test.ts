import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const DIR = 'test/fixtures/models/view/';

describe('bsml compile on PyTorch exports that flatten with x.view(x.size(0), -1)', () => {
  it('compiles the Shape/Gather/Unsqueeze/Concat/Reshape export to the same script as the nn.Flatten export; eval has no reference mismatches', async () => {
    const base = tempDir('onnx-view');
    const scripts: string[] = [];
    for (const file of ['view-size0.dyn.op11.onnx', 'flatten.dyn.op13.onnx']) {
      const out = join(base, file);
      const c = await runCli(['compile', DIR + file, '--input-range', '0,16', '-o', out]);
      expect(c.stderr).toBe('');
      expect(c.code).toBe(0);
      scripts.push(readFileSync(join(out, 'script.hex'), 'utf8'));
    }
    expect(scripts[0]!.length).toBeGreaterThan(100);
    expect(scripts[0]).toBe(scripts[1]);
    const e = await runCli(['eval', join(base, 'view-size0.dyn.op11.onnx'), '--data', DIR + 'logits.csv', '--engine', 'ts', '--json']);
    expect(e.code).toBe(0);
    const s = JSON.parse(e.stdout);
    expect(s.rows).toBe(150);
    expect(s.reference_mismatches).toBe(0);
    expect(s.script_failures).toBe(0);
    // PyTorch's float accuracy on these rows (manifest.json): 0.9267; int8 quantization measured 0.92.
    const { float_accuracy } = JSON.parse(readFileSync(DIR + 'manifest.json', 'utf8'));
    expect(Math.abs(s.float_accuracy - float_accuracy)).toBeLessThan(1e-9);
    expect(Math.abs(s.script_accuracy - float_accuracy)).toBeLessThanOrEqual(0.02);
  });
});
