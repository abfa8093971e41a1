import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { evaluateProgram } from '../../src/compiler/evaluate.js';
import { programFile } from '../../src/compiler/artifact.js';
import { fromHex } from '../../src/script/bytes.js';
import { parseNumericCsv, toDataset } from '../../src/models/csv.js';
import { parseModel } from '../../src/models/validate.js';

// Digits: UCI Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak; CC BY 4.0), via
// scikit-learn; model trained with PyTorch (test/fixtures/models/README.md).
const dir = new URL('../fixtures/models/', import.meta.url);
const model = parseModel(readFileSync(new URL('digits_mlp_64_32_10.model.json', dir), 'utf8'));
const data = toDataset(parseNumericCsv(readFileSync(new URL('digits_mlp_64_32_10.test.csv', dir), 'utf8')), 64);
/** PyTorch's float test accuracy (digits_mlp_64_32_10.json). */
const TORCH_ACCURACY = 0.9755555555555555;

describe('digits_mlp_64_32_10 (real model)', () => {
  it('int8 hint: script accuracy within 1 point of PyTorch, zero reference mismatches', () => {
    const c = compileModel(model, { weights: 'int8' });
    const pf = programFile(c);
    // 'auto': the native engine when the addon is built (it must equal the TS engine, which the
    // property tests exercise), else TypeScript.
    const s = evaluateProgram({ file: pf, script: fromHex(pf.scriptHex) }, data.inputs, data.labels, 'auto');
    expect(s.rows).toBe(450);
    expect(s.reference_mismatches).toBe(0);
    expect(s.script_failures).toBe(0);
    expect(Math.abs(s.script_accuracy! - TORCH_ACCURACY)).toBeLessThanOrEqual(0.01);
    expect(s.float_accuracy).toBeCloseTo(TORCH_ACCURACY, 2);
    // The size goal (README table): int8 <= 12 script bytes per nonzero weight in hint mode.
    expect(c.report.bytesPerWeight).toBeLessThanOrEqual(12);
  }, 300_000);

  it('pure rescale with forced rescales (--frac-bits 2) still matches the reference on every row', () => {
    const c = compileModel(model, { weights: 'int4', rescale: 'pure', fracBits: 2 });
    expect(c.intModel.layers[0]!.shift).toBeGreaterThan(0);
    const pf = programFile(c);
    const s = evaluateProgram({ file: pf, script: fromHex(pf.scriptHex) }, data.inputs.slice(0, 60), data.labels!.slice(0, 60), 'auto');
    expect(s.reference_mismatches).toBe(0);
    expect(s.script_failures).toBe(0);
  }, 120_000);
});
