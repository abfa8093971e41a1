/** docs/errors.md "Model and data files": the library's typed errors for bad model and CSV input. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNumericCsv, readDataset, CsvError } from '../../src/models/csv.js';
import { loadModel, ModelLoadError } from '../../src/models/load.js';
import { importOnnxGraph, OnnxImportError } from '../../src/models/onnx.js';
import { InputRangeError, parseInputRange } from '../../src/models/range.js';
import { ERROR_FIXTURES, writeErrorFixtures } from './fixtures.js';
import { thrown } from '../helpers/errors.js';

const FIX = writeErrorFixtures();
afterAll(() => rmSync(FIX, { recursive: true, force: true }));

const onnx = (name: string) => thrown(() => importOnnxGraph(ERROR_FIXTURES[name] as Uint8Array, name));

describe('ONNX models', () => {
  it('lib-onnx-truncated', () => {
    const e = onnx('truncated.onnx');
    expect(e).toBeInstanceOf(OnnxImportError);
    expect(e.code).toBe('ONNX_DECODE');
    expect(e.message).toMatch(/^truncated\.onnx: not a valid ONNX protobuf/);
  });
  it('lib-onnx-corrupt', () => {
    const e = onnx('corrupt.onnx');
    expect(e.code).toBe('ONNX_DECODE');
    expect(e.message).toMatch(/^corrupt\.onnx: not a valid ONNX protobuf \(index out of range: .*\); is the file truncated or not an \.onnx model\?$/);
    // The same bytes from a file (a Node Buffer) fail the same way.
    expect(thrown(() => importOnnxGraph(Buffer.from(ERROR_FIXTURES['corrupt.onnx'] as Uint8Array), 'corrupt.onnx')).message).toBe(e.message);
    const empty = onnx('empty.onnx');
    expect([empty.code, empty.message]).toEqual(['ONNX_DECODE', 'empty.onnx: no graph in the ONNX model; is it an .onnx model file?']);
  });
  it('lib-onnx-op', () => {
    const e = onnx('unsupported-op.onnx');
    expect([e.code, e.message]).toEqual(['ONNX_UNSUPPORTED', 'unsupported-op.onnx: 1 unsupported node: Sigmoid "act1" (not supported: sigmoid needs exp(), which fixed-point script arithmetic cannot compute exactly; use Relu, Clip (ReLU6, Hardtanh) or LeakyRelu)']);
  });
  it('lib-onnx-nan', () => {
    expect(onnx('nan-weight.onnx').message).toBe('nan-weight.onnx: initializer "W": value 2 is NaN');
    const e = onnx('inf-weight.onnx');
    expect([e.code, e.message]).toEqual(['ONNX_INVALID', 'inf-weight.onnx: initializer "W": value 4 is Infinity']);
  });
  it('lib-onnx-shape', () => {
    const e = onnx('wrong-shape.onnx');
    expect(e.code).toBe('ONNX_UNSUPPORTED');
    expect(e.message).toContain('Gemm "Gemm_y" (weights 2x3 (transB=1) do not take 4 inputs)');
  });
  it('lib-onnx-short', () => {
    const e = onnx('short-weights.onnx');
    expect([e.code, e.message]).toEqual(['ONNX_INVALID', 'short-weights.onnx: initializer "W": raw_data holds 20 bytes, dims [2,3] need 24']);
  });
  it('lib-onnx-view', () => {
    const e = onnx('view-not-flatten.onnx');
    expect(e.code).toBe('ONNX_UNSUPPORTED');
    expect(e.message).toBe('view-not-flatten.onnx: 1 unsupported node: Reshape "view" (Reshape to [2, -1] does not keep the batch dimension first)');
    expect((e as OnnxImportError).nodes).toEqual([{ opType: 'Reshape', name: 'view', reason: 'Reshape to [2, -1] does not keep the batch dimension first' }]);
  });
  it('lib-onnx-no-layers', () => {
    const e = onnx('no-layers.onnx');
    expect([e.code, e.message]).toEqual(['ONNX_UNSUPPORTED', 'no-layers.onnx: the graph has no Gemm or MatMul layer']);
  });
  it('a good file imports (the fixtures are wrong in one way only)', () => {
    expect(importOnnxGraph(ERROR_FIXTURES['good.onnx'] as Uint8Array, 'good.onnx').layers).toHaveLength(1);
  });
});

describe('model files', () => {
  it('lib-model-missing', () => {
    const e = thrown(() => loadModel(join(FIX, 'missing.onnx'), { inputRange: [0, 1] }));
    expect(e).toBeInstanceOf(ModelLoadError);
    expect([e.code, e.message]).toEqual(['MODEL_READ', `${join(FIX, 'missing.onnx')}: cannot read (ENOENT)`]);
  });
  it('lib-model-range', () => {
    const e = thrown(() => loadModel(join(FIX, 'good.onnx')));
    expect(e.code).toBe('MODEL_NO_RANGE');
    expect(e.message).toContain('give --input-range LO,HI or --calibrate DATA.csv');
  });
});

describe('CSV data', () => {
  it('lib-csv-value', () => {
    for (const [field, shown] of [['five', '"five"'], ['', '""'], ['NaN', '"NaN"'], ['0x10', '"0x10"'], ['Infinity', '"Infinity"']]) {
      const e = thrown(() => parseNumericCsv(`a,b\n1,2\n3,${field}\n`, 'd.csv'));
      expect(e).toBeInstanceOf(CsvError);
      expect([e.code, e.message]).toEqual(['CSV_VALUE', `d.csv: line 3, column "b": ${shown} is not a decimal number`]);
    }
    // A decimal beyond the doubles is a decimal number: it is refused as not finite.
    for (const field of ['1e400', '-1e400', '1' + '0'.repeat(400)]) {
      const e = thrown(() => parseNumericCsv(`a,b\n1,2\n3,${field}\n`, 'd.csv'));
      expect([e.code, e.message]).toEqual(['CSV_VALUE', `d.csv: line 3, column "b": "${field}" is not finite (its magnitude is beyond the largest double, 1.7976931348623157e+308)`]);
    }
    expect(parseNumericCsv('a,b\n1e-400,1.7976931348623157e308\n', 'd.csv').rows).toEqual([[0, Number.MAX_VALUE]]);
  });
  it('lib-csv-count', () => {
    expect(thrown(() => parseNumericCsv('a,b\n1,2,3\n', 'd.csv')).message).toBe('d.csv: line 2: 3 fields, but the header has 2');
    const e = thrown(() => parseNumericCsv('a,b\n1,2\n\n7\n', 'd.csv'));
    expect([e.code, e.message]).toEqual(['CSV_SHAPE', 'd.csv: line 4: 1 fields, but the header has 2']);
  });
  it('lib-csv-columns', () => {
    const e = thrown(() => readDataset(join(FIX, 'narrow.csv'), 3));
    expect([e.code, e.message]).toEqual(['CSV_COLUMN', `${join(FIX, 'narrow.csv')}: the model has 3 inputs but the file has only 2 columns`]);
  });
  it('lib-range', () => {
    for (const [text, why] of [['1,0', 'LO 1 is above HI 0'], ['a,b', 'expected LO,HI (two finite numbers)'], ['1', 'expected LO,HI (two finite numbers)']]) {
      const e = thrown(() => parseInputRange(text!));
      expect(e).toBeInstanceOf(InputRangeError);
      expect([e.code, e.message]).toEqual(['BAD_RANGE', `input range "${text}": ${why}`]);
    }
  });
});
