/** Arguments shared by the commands that take a model and data (compile, sweep, report). */
import { extname } from 'node:path';
import type { CompileOptions } from '../compiler/compile.js';
import { readDataset } from '../models/csv.js';
import { loadModel } from '../models/load.js';
import type { Model } from '../models/model.js';
import { parseInputRange } from '../models/range.js';
import { inputSize } from '../models/validate.js';
import { asUsage, UsageError } from './usage.js';

/**
 * Reads a model: `.json` (format v1, validated) or `.onnx` (imported; its input range comes from
 * `--input-range`, else is measured from `--calibrate`). Errors name the file (usage errors, exit 2).
 */
export function readModelFile(path: string, inputRange?: string, calibrate?: string): Model {
  const range = inputRange === undefined ? undefined : asUsage(() => parseInputRange(inputRange));
  const onnx = extname(path).toLowerCase() === '.onnx';
  return asUsage(() => loadModel(path, { inputRange: range, calibrate: onnx ? calibrate : undefined }));
}

/** `--calibrate DATA.csv` as compile options: its rows set the automatic fractional bits (as `bsml compile` does). */
export function calibrationOptions(model: Model, calibrate?: string): CompileOptions {
  return calibrate === undefined ? {} : { calibration: asUsage(() => readDataset(calibrate, inputSize(model)).inputs) };
}

/** `--rows N`: a positive integer, or undefined when not given. */
export function parseRows(value?: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--rows: expected a positive integer, got ${JSON.stringify(value)}`);
  return n;
}
