/** Loading a float model from a file: `.onnx` (imported) or `.json` (format v1). */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { readDataset } from './csv.js';
import type { InputRange, Model } from './model.js';
import { importOnnxGraph } from './onnx.js';
import { calibrateRange } from './range.js';
import { ModelError, parseModel, validateModel } from './validate.js';
import { BsmlError } from '../errors.js';
import { counted } from '../io/text.js';

/** Stable codes of {@link ModelLoadError}. */
export type ModelLoadErrorCode = 'MODEL_READ' | 'MODEL_FORMAT' | 'MODEL_NO_RANGE';

/** A model file that cannot be loaded (unreadable, unknown extension, or an ONNX file without a range). */
export class ModelLoadError extends BsmlError {
  override readonly name = 'ModelLoadError';
  constructor(
    readonly code: ModelLoadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** The declared input range (`--input-range`); overrides a JSON model's own. */
  inputRange?: InputRange;
  /** A CSV data set to measure the input range from (`--calibrate`), when no `inputRange` is given. */
  calibrate?: string;
  /** Measure one range per feature instead of one global range (see `calibrateRange`). */
  perFeature?: boolean;
  /** Model name; defaults to the file name without its extension. */
  name?: string;
}

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ModelLoadError('MODEL_READ', `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** The input range from the options: `inputRange`, else measured from `calibrate`, else undefined. */
export function rangeFromOptions(inputSize: number, opts: LoadModelOptions): { range: InputRange; from: string } | undefined {
  if (opts.inputRange) return { range: opts.inputRange, from: 'given' };
  if (opts.calibrate) {
    const ds = readDataset(opts.calibrate, inputSize);
    return { range: calibrateRange(ds.inputs, opts.perFeature), from: `measured on ${counted(ds.inputs.length, 'row')} of ${opts.calibrate} (${opts.perFeature ? 'per feature' : 'global min/max'})` };
  }
  return undefined;
}

/**
 * Loads a float model from `.onnx` (imported with {@link importOnnxGraph}; needs `inputRange` or
 * `calibrate`, since ONNX files carry no input range) or `.json` (format v1, validated; a range
 * from the options replaces the file's).
 * @throws {@link ModelLoadError}, `ModelError`, `OnnxImportError` or `CsvError` (all with a stable `code`).
 */
export function loadModel(path: string, opts: LoadModelOptions = {}): Model {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return loadJson(path, opts);
  if (ext !== '.onnx') throw new ModelLoadError('MODEL_FORMAT', `${path}: unknown model file type ${JSON.stringify(ext)} (expected .onnx or .json)`);
  const g = importOnnxGraph(read(path), path);
  const size = g.inputShape.reduce((a, b) => a * b, 1);
  const r = rangeFromOptions(size, opts);
  if (!r) throw new ModelLoadError('MODEL_NO_RANGE', `${path}: ONNX models carry no input range; give --input-range LO,HI or --calibrate DATA.csv`);
  return checked(path, { format: 'bsml-model', version: 1, name: opts.name ?? basename(path, extname(path)), input: { shape: g.inputShape, range: r.range }, layers: g.layers });
}

/** Validates a model built here, naming the file in the error. */
function checked(path: string, model: Model): Model {
  try {
    return validateModel(model);
  } catch (e) {
    if (e instanceof ModelError) e.message = `${path}: ${e.message}`;
    throw e;
  }
}

function loadJson(path: string, opts: LoadModelOptions): Model {
  let model: Model;
  try {
    model = parseModel(read(path).toString('utf8'));
  } catch (e) {
    if (e instanceof ModelError) e.message = `${path}: ${e.message}`;
    throw e;
  }
  const size = model.input.shape.reduce((a, b) => a * b, 1);
  const r = rangeFromOptions(size, opts);
  if (r) model = checked(path, { ...model, input: { ...model.input, range: r.range } });
  if (opts.name !== undefined) model.name = opts.name;
  return model;
}
