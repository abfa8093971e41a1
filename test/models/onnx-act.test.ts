/**
 * ReLU6, Hardtanh and LeakyReLU in real PyTorch exports (test/fixtures/models/act,
 * scripts/make-act-fixtures.py): the import reproduces PyTorch's logits, and the compiled scripts
 * equal the integer reference on every held-back row.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { programFile } from '../../src/compiler/artifact.js';
import { compileModel } from '../../src/compiler/compile.js';
import { evaluateProgram } from '../../src/compiler/evaluate.js';
import { fromHex } from '../../src/script/bytes.js';
import { readDataset } from '../../src/models/csv.js';
import { argmax, forward } from '../../src/models/forward.js';
import type { Model } from '../../src/models/model.js';
import { decodeOnnx, importOnnx } from '../../src/models/onnx.js';

const DIR = 'test/fixtures/models/act/';
interface Entry {
  file: string;
  layers: string;
  opset: number;
  logits: string;
  float_accuracy: number;
}
const manifest = JSON.parse(readFileSync(DIR + 'manifest.json', 'utf8')) as { models: Entry[] };
const bytes = (f: string) => readFileSync(DIR + f);
const load = (f: string) => importOnnx(bytes(f), { inputRange: [0, 16], source: f });
const shown = (m: Model) =>
  m.layers.map((l) => (l.type === 'dense' ? `${l.weights.length}x${l.weights[0]!.length}` : l.type === 'clip' ? `clip(${l.min},${l.max})` : l.type === 'leakyRelu' ? `leaky(${l.alpha})` : l.type));
const EXPECTED: Record<string, string[]> = {
  relu6: ['16x64', 'clip(0,6)', '10x16'],
  hardtanh: ['16x64', 'clip(-1,1)', '10x16'],
  leaky: ['16x64', `leaky(${Math.fround(0.1)})`, '10x16'],
  'leaky-relu6': ['32x64', `leaky(${Math.fround(0.01)})`, '16x32', 'clip(0,6)', '10x16', 'clip(-4,4)'],
};

describe('Clip and LeakyRelu in PyTorch exports', () => {
  it('the fixtures hold Clip (attributes at opset 9, inputs at 13) and LeakyRelu nodes', () => {
    expect(manifest.models.length).toBe(8);
    for (const e of manifest.models) {
      const ops = (decodeOnnx(bytes(e.file)).graph!.node ?? []).map((n) => n.opType);
      expect(ops.some((o) => o === 'Clip' || o === 'LeakyRelu')).toBe(true);
      for (const n of decodeOnnx(bytes(e.file)).graph!.node ?? []) {
        if (n.opType !== 'Clip') continue;
        if (e.opset < 11) expect((n.attribute ?? []).map((a) => a.name).sort()).toEqual(['max', 'min']);
        else expect((n.input ?? []).length).toBe(3);
      }
    }
  });

  for (const e of manifest.models) {
    it(`${e.file} (${e.layers}) imports to PyTorch's logits`, () => {
      const m = load(e.file);
      expect(shown(m)).toEqual(EXPECTED[e.file.split('.')[0]!]);
      const ds = readDataset(DIR + e.logits, 64);
      let maxErr = 0;
      let agree = 0;
      ds.inputs.forEach((x, r) => {
        const out = forward(m, x);
        const ref = ds.logits![r]!;
        out.forEach((v, k) => (maxErr = Math.max(maxErr, Math.abs(v - ref[k]!))));
        if (argmax(out) === argmax(ref)) agree++;
      });
      console.log(`${e.file}: ${ds.inputs.length} rows, max |logit - PyTorch| = ${maxErr.toExponential(2)}, argmax agrees on ${agree}`);
      // float32 rounding only (summation order); a wrong bound or slope is off by far more.
      expect(maxErr).toBeLessThanOrEqual(2e-5);
      expect(agree).toBe(ds.inputs.length);
    });
  }
});

describe('compiled PyTorch exports with Clip and LeakyRelu', () => {
  // The README's table of these compiles ("ONNX import"): its row for each file.
  const readme = readFileSync('README.md', 'utf8');
  const readmeRow = (label: string) => readme.split('\n').find((l) => l.startsWith(`| ${label} |`))?.split('|').map((c) => c.trim()).slice(1, -1);
  for (const [file, rescale, label] of [
    ['relu6.op13.onnx', 'hint', 'ReLU6 (op13)'],
    ['hardtanh.op9.onnx', 'hint', 'Hardtanh(-1,1) (op9)'],
    ['leaky.op9.onnx', 'pure', 'LeakyReLU(0.1) (op9)'],
    ['leaky-relu6.op13.onnx', 'hint', 'LeakyReLU + ReLU6 + Hardtanh (op13)'],
  ] as const) {
    it(`${file} --rescale ${rescale}: the script equals the integer reference on every row; accuracy near PyTorch's`, () => {
      const m = load(file);
      const e = manifest.models.find((x) => x.file === file)!;
      const ds = readDataset(DIR + e.logits, 64);
      const c = compileModel(m, { rescale, fracBits: 'auto' });
      // Through program.json, as `bsml eval` reads it.
      const file_ = JSON.parse(JSON.stringify(programFile(c)));
      // The default engine (native when built; equal to the TypeScript interpreter by contract, tested elsewhere).
      const s = evaluateProgram({ file: file_, script: fromHex(file_.scriptHex) }, ds.inputs, ds.labels);
      const hints = c.program.witness.filter((w) => w.item.kind === 'leaky-hint').length;
      console.log(
        `${file} ${rescale}: script ${c.report.scriptBytes} B, ${c.report.witnessItems} witness items (${hints} leaky hints), fracBits ${c.options.fracBits}; ` +
          `float accuracy ${s.float_accuracy}, quantized ${s.quantized_accuracy}, script ${s.script_accuracy}`,
      );
      expect(s.rows).toBe(150);
      expect(s.reference_mismatches).toBe(0);
      expect(s.script_failures).toBe(0);
      expect(Math.abs(s.float_accuracy! - e.float_accuracy)).toBeLessThan(1e-9);
      expect(Math.abs(s.script_accuracy! - e.float_accuracy)).toBeLessThanOrEqual(0.03);
      expect(readmeRow(label), `README act table row for ${file}`).toEqual([
        label,
        rescale,
        c.report.scriptBytes.toLocaleString('en-US'),
        hints ? `${c.report.witnessItems} (${hints} LeakyRelu hints)` : `${c.report.witnessItems}`,
        e.float_accuracy.toFixed(3),
        s.script_accuracy!.toFixed(3),
      ]);
    });
  }
});
