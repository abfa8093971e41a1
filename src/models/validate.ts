/**
 * Model JSON loader and validator (format v1, see docs/model-format.md). Every error names the
 * offending field by its JSON path (`layers[2].weights[3][7]`).
 */
import type { ActivationLayer, DenseLayer, InputRange, Layer, Model } from './model.js';
import { BsmlError } from '../errors.js';
import { quoteJson } from '../io/quote.js';
import { withoutBom } from '../io/text.js';

/** A model file that is not valid format v1. `path` is the JSON path of the offending field. */
export class ModelError extends BsmlError {
  readonly code = 'BAD_MODEL';
  override readonly name = 'ModelError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(path ? `model ${path}: ${detail}` : `model: ${detail}`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function finite(v: unknown, path: string): number {
  if (typeof v !== 'number') throw new ModelError(path, `expected a number, got ${v === null ? 'null' : typeof v}`);
  if (!Number.isFinite(v)) throw new ModelError(path, `not finite (${v})`);
  return v;
}

function pair(v: unknown, path: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) throw new ModelError(path, 'expected [lo, hi]');
  const lo = finite(v[0], `${path}[0]`);
  const hi = finite(v[1], `${path}[1]`);
  if (lo > hi) throw new ModelError(path, `lo ${lo} > hi ${hi}`);
  return [lo, hi];
}

/** Number of inputs of a model (product of its input shape). */
export function inputSize(model: Model): number {
  return model.input.shape.reduce((a, b) => a * b, 1);
}

/** The declared `[lo, hi]` of every input feature (expands a single range). */
export function featureRanges(model: Model): [number, number][] {
  const n = inputSize(model);
  const r = model.input.range;
  if (typeof r[0] === 'number') return Array.from({ length: n }, () => [r[0] as number, r[1] as number]);
  return (r as [number, number][]).map(([lo, hi]) => [lo, hi]);
}

function checkInput(v: unknown): Model['input'] {
  if (!isObj(v)) throw new ModelError('input', 'expected an object {shape, range}');
  const shape = v.shape;
  if (!Array.isArray(shape) || shape.length === 0) throw new ModelError('input.shape', 'expected a non-empty array of positive integers');
  shape.forEach((d, i) => {
    if (!Number.isInteger(d) || (d as number) <= 0) throw new ModelError(`input.shape[${i}]`, `expected a positive integer, got ${quoteJson(d)}`);
  });
  const n = (shape as number[]).reduce((a, b) => a * b, 1);
  // Each weight row must have n entries: an n that is not an exact integer would only show up
  // there, as "expected Infinity weights".
  if (!Number.isSafeInteger(n)) throw new ModelError('input.shape', `the input size (the product of the dimensions) is ${n}, beyond 2^53`);
  const r = v.range;
  if (!Array.isArray(r)) throw new ModelError('input.range', 'expected [lo, hi] or one [lo, hi] per input');
  let range: InputRange;
  if (r.length === 2 && typeof r[0] !== 'object') range = pair(r, 'input.range');
  else {
    if (r.length !== n) throw new ModelError('input.range', `expected ${n} per-input ranges (input size), got ${r.length}`);
    range = r.map((p, i) => pair(p, `input.range[${i}]`));
  }
  return { shape: shape as number[], range };
}

function checkDense(v: Record<string, unknown>, li: number, inSize: number): DenseLayer {
  const at = `layers[${li}]`;
  const w = v.weights;
  if (!Array.isArray(w) || w.length === 0) throw new ModelError(`${at}.weights`, 'expected a non-empty [out][in] array');
  const weights = w.map((row, o) => {
    if (!Array.isArray(row)) throw new ModelError(`${at}.weights[${o}]`, 'expected an array (one row per output)');
    if (row.length !== inSize) throw new ModelError(`${at}.weights[${o}]`, `expected ${inSize} weights (this layer's input size), got ${row.length}`);
    return row.map((x, i) => finite(x, `${at}.weights[${o}][${i}]`));
  });
  const b = v.bias;
  if (!Array.isArray(b)) throw new ModelError(`${at}.bias`, `expected an array of ${weights.length} numbers`);
  if (b.length !== weights.length) throw new ModelError(`${at}.bias`, `expected ${weights.length} entries (rows of weights), got ${b.length}`);
  const bias = b.map((x, o) => finite(x, `${at}.bias[${o}]`));
  return { type: 'dense', weights, bias };
}

const LAYER_TYPES = '"dense", "relu", "clip" or "leakyRelu"';

function checkClip(v: Record<string, unknown>, li: number): ActivationLayer {
  const at = `layers[${li}]`;
  const out: ActivationLayer = { type: 'clip' };
  if (v.min !== undefined && v.min !== null) out.min = finite(v.min, `${at}.min`);
  if (v.max !== undefined && v.max !== null) out.max = finite(v.max, `${at}.max`);
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) throw new ModelError(`${at}.min`, `min ${out.min} is above max ${out.max}`);
  return out;
}

function checkLeaky(v: Record<string, unknown>, li: number): ActivationLayer {
  const at = `layers[${li}].alpha`;
  if (v.alpha === undefined) throw new ModelError(at, 'expected a number (the negative slope), got nothing');
  const alpha = finite(v.alpha, at);
  if (alpha < 0) throw new ModelError(at, `negative slope ${alpha} is not supported (alpha must be >= 0: the compiler needs a monotone activation)`);
  return { type: 'leakyRelu', alpha };
}

/**
 * Validates a parsed JSON value as a format-v1 model and returns a clean copy. Throws ModelError
 * naming the field: wrong format/version, bad shapes, NaN/Infinity, empty or unknown layers.
 */
export function validateModel(json: unknown): Model {
  if (!isObj(json)) throw new ModelError('', 'expected a JSON object');
  if (json.format === undefined) throw new ModelError('format', 'missing: not a bsml model file (expected "format": "bsml-model"; an ONNX export is read with bsml import)');
  if (json.format !== 'bsml-model') throw new ModelError('format', `expected "bsml-model", got ${quoteJson(json.format)}`);
  if (json.version === undefined) throw new ModelError('version', 'missing (expected 1)');
  if (json.version !== 1) throw new ModelError('version', `unsupported version ${quoteJson(json.version)} (expected 1)`);
  if (json.name !== undefined && typeof json.name !== 'string') throw new ModelError('name', 'expected a string');
  const input = checkInput(json.input);
  const layersRaw = json.layers;
  if (!Array.isArray(layersRaw) || layersRaw.length === 0) throw new ModelError('layers', 'expected a non-empty array of layers');
  let size = input.shape.reduce((a, b) => a * b, 1);
  const layers: Layer[] = layersRaw.map((l, li) => {
    if (!isObj(l)) throw new ModelError(`layers[${li}]`, 'expected an object');
    if (l.type === 'relu') return { type: 'relu' };
    if (l.type === 'clip') return checkClip(l, li);
    if (l.type === 'leakyRelu') return checkLeaky(l, li);
    if (l.type === 'dense') {
      const d = checkDense(l, li, size);
      size = d.weights.length;
      return d;
    }
    throw new ModelError(`layers[${li}].type`, `unknown layer type ${quoteJson(l.type)} (expected ${LAYER_TYPES})`);
  });
  if (!layers.some((l) => l.type === 'dense')) throw new ModelError('layers', 'at least one dense layer is required');
  const model: Model = { format: 'bsml-model', version: 1, input, layers };
  if (typeof json.name === 'string') model.name = json.name;
  return model;
}

/** Parses model JSON text; JSON syntax errors become ModelError too. */
export function parseModel(text: string): Model {
  let json: unknown;
  try {
    json = JSON.parse(withoutBom(text));
  } catch (e) {
    throw new ModelError('', `not valid JSON: ${(e as Error).message}`);
  }
  return validateModel(json);
}

/** Output size of a model (rows of its last dense layer). */
export function outputSize(model: Model): number {
  const dense = model.layers.filter((l): l is DenseLayer => l.type === 'dense');
  return dense[dense.length - 1]!.weights.length;
}

/** One line describing a model's layers: `64 -> dense 32, relu, dense 10 (2410 parameters)`. */
export function describeModel(m: Model): string {
  let params = 0;
  const layers = m.layers.map((l) => {
    if (l.type === 'relu') return 'relu';
    if (l.type === 'clip') return `clip [${l.min ?? '-inf'}, ${l.max ?? 'inf'}]`;
    if (l.type === 'leakyRelu') return `leakyRelu ${l.alpha}`;
    params += l.weights.length * (l.weights[0]?.length ?? 0) + l.bias.length;
    return `dense ${l.weights.length}`;
  });
  return `${m.input.shape.join('x')} -> ${layers.join(', ')} (${params} parameters)`;
}
