import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { loadModel } from '../../src/models/load.js';
import { runCli, tempDir } from '../helpers/cli.js';

const DIR = 'test/fixtures/models/bn/';

describe('bsml compile on PyTorch exports with BatchNormalization', () => {
  // Normalizations folded into the Linear before them (per-row factors) and a one-channel BatchNorm2d
  // (one factor for every input). Folded into the Linear after it, per-channel factors of very
  // different sizes defeat the per-layer power-of-two weight scale (README, ONNX import).
  // With int8-col (a scale per input column) the normalizations folded into the Linear after them
  // compile too.
  for (const [file, logits, weights] of [
    ['linear-bn-relu.op13.onnx', 'linear-bn-relu.logits.csv', 'int8'],
    ['bn-output.op9.onnx', 'bn-output.logits.csv', 'int8'],
    ['bn2d-flatten.op15.onnx', 'bn2d-flatten.logits.csv', 'int8'],
    ['bn-input.op13.onnx', 'bn-input.logits.csv', 'int8-col'],
    ['relu-bn.op15.onnx', 'relu-bn.logits.csv', 'int8-col'],
    ['bn-relu.op9.onnx', 'bn-relu.logits.csv', 'int8-col'],
  ] as const) {
    it(`${file} --weights ${weights}: compiles; eval on PyTorch's rows has no reference mismatch and PyTorch's float accuracy`, async () => {
      const out = join(tempDir('onnx-bn'), file);
      const c = await runCli(['compile', DIR + file, '--input-range', '0,16', '--weights', weights, '-o', out]);
      expect(c.stderr).toBe('');
      expect(c.code).toBe(0);
      const e = await runCli(['eval', out, '--data', DIR + logits, '--engine', 'ts', '--json']);
      expect(e.code).toBe(0);
      const s = JSON.parse(e.stdout);
      expect(s.rows).toBe(150);
      expect(s.reference_mismatches).toBe(0);
      expect(s.script_failures).toBe(0);
      const { models } = JSON.parse(readFileSync(DIR + 'manifest.json', 'utf8')) as { models: { file: string; float_accuracy: number }[] };
      const float = models.find((m) => m.file === file)!.float_accuracy;
      expect(Math.abs(s.float_accuracy - float)).toBeLessThan(1e-9);
      console.log(`${file} ${weights}: float accuracy ${float}, script accuracy ${s.script_accuracy}`);
      expect(Math.abs(s.script_accuracy - float)).toBeLessThanOrEqual(0.03);
    });
  }
});

describe("the README's figures for BatchNormalization folded into the Linear after it (ONNX import)", () => {
  it('int8-col and int8 script sizes of the normalized-input, ReLU -> BatchNorm -> Linear and BatchNorm -> ReLU models', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const m = /\(scripts of ([\d,]+), ([\d,]+) and ([\d,]+) bytes, against ([\d,]+), ([\d,]+) and ([\d,]+) with `int8`\)/.exec(readme);
    expect(m, 'README sentence "(scripts of A, B and C bytes, against D, E and F with `int8`)"').not.toBeNull();
    const shown = m!.slice(1).map((n) => Number(n.replace(/,/g, '')));
    const sizes = (['int8-col', 'int8'] as const).flatMap((weights) =>
      ['bn-input', 'relu-bn', 'bn-relu'].map((name) => compileModel(loadModel(`${DIR}${name}.op13.onnx`, { inputRange: [0, 16] }), { weights }).report.scriptBytes),
    );
    expect(shown).toEqual(sizes);
  }, 60_000);
});
