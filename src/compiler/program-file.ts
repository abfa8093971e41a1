/**
 * Validating a parsed program.json (see ProgramFile in artifact.ts) before anything uses it: a
 * hand-edited or corrupt file is refused with the JSON path of the offending field
 * (`witness[1]: input index 99 is out of range (the model has 4 inputs)`), in the style of the
 * model validator (src/models/validate.ts), instead of failing deep inside the witness builder,
 * the integer reference or the engine.
 */
import { quoteJson } from '../io/quote.js';
import { featureRanges, outputSize, validateModel } from '../models/validate.js';
import { isHex } from '../script/bytes.js';
import type { ProgramFile } from './artifact.js';
import type { SourceMapEntry } from './codegen.js';
import { ArtifactError } from './errors.js';
import { WEIGHT_SCHEMES, type IntLayer, type IntModel } from './intmodel.js';
import type { OutputMode, WitnessItem } from './program.js';

/** A field of program.json that is wrong: `field` is its JSON path. */
class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : quoteJson(v));

function obj(v: unknown, at: string): Record<string, unknown> {
  if (!isObj(v)) throw new FieldError(at, `expected an object, got ${show(v)}`);
  return v;
}

function arr(v: unknown, at: string, nonEmpty = false): unknown[] {
  if (!Array.isArray(v)) throw new FieldError(at, `expected an array, got ${show(v)}`);
  if (nonEmpty && v.length === 0) throw new FieldError(at, 'expected a non-empty array');
  return v;
}

function int(v: unknown, at: string, lo = -Number.MAX_SAFE_INTEGER, hi = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new FieldError(at, `expected an integer, got ${show(v)}`);
  if (v < lo || v > hi) throw new FieldError(at, `${v} is outside ${lo}..${hi}`);
  return v;
}

function oneOf<T extends string>(v: unknown, at: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new FieldError(at, `expected ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${show(v)}`);
  return v as T;
}

function intRow(v: unknown, at: string, n: number, what: string): number[] {
  const a = arr(v, at);
  if (a.length !== n) throw new FieldError(at, `expected ${n} ${what}, got ${a.length}`);
  return a.map((x, i) => int(x, `${at}[${i}]`));
}

/** Fractional bits: the compiler keeps every scale within 2^±40, sums of two within ±80. */
const FRAC = 80;

function checkLayer(v: unknown, at: string, inputs: number): IntLayer {
  const l = obj(v, at);
  const rows = arr(l.weights, `${at}.weights`, true);
  const weights = rows.map((r, o) => intRow(r, `${at}.weights[${o}]`, inputs, `weights (this layer's input count)`));
  const bias = intRow(l.bias, `${at}.bias`, weights.length, 'biases (rows of weights)');
  const out: IntLayer = {
    weights,
    bias,
    fracIn: int(l.fracIn, `${at}.fracIn`, -FRAC, FRAC),
    weightFrac: int(l.weightFrac, `${at}.weightFrac`, -FRAC, FRAC),
    shift: int(l.shift, `${at}.shift`, 0, 2 * FRAC),
    fracOut: int(l.fracOut, `${at}.fracOut`, -2 * FRAC, 2 * FRAC),
    relu: (() => {
      if (typeof l.relu !== 'boolean') throw new FieldError(`${at}.relu`, `expected true or false, got ${show(l.relu)}`);
      return l.relu;
    })(),
  };
  if (l.leaky !== undefined) {
    const k = obj(l.leaky, `${at}.leaky`);
    const bits = int(k.bits, `${at}.leaky.bits`, 0, 30);
    out.leaky = { num: int(k.num, `${at}.leaky.num`, 0, 2 ** 31 - 1), bits, shift: int(k.shift, `${at}.leaky.shift`, 0, bits) };
  }
  if (l.clip !== undefined) {
    const c = arr(l.clip, `${at}.clip`);
    if (c.length !== 2) throw new FieldError(`${at}.clip`, `expected [lo, hi] (null for unbounded), got ${c.length} entries`);
    const [lo, hi] = c.map((x, i) => (x === null ? null : int(x, `${at}.clip[${i}]`)));
    if (lo !== null && hi !== null && lo! > hi!) throw new FieldError(`${at}.clip`, `lo ${lo} is above hi ${hi}`);
    out.clip = [lo!, hi!];
  }
  return out;
}

function checkQuantized(v: unknown): IntModel {
  const q = obj(v, 'quantized');
  const scheme = oneOf(q.scheme, 'quantized.scheme', WEIGHT_SCHEMES);
  const inputFrac = int(q.inputFrac, 'quantized.inputFrac', -40, 40);
  const inputRange = arr(q.inputRange, 'quantized.inputRange', true).map((p, i) => {
    const r = intRow(p, `quantized.inputRange[${i}]`, 2, 'bounds [lo, hi]');
    if (r[0]! > r[1]!) throw new FieldError(`quantized.inputRange[${i}]`, `lo ${r[0]} is above hi ${r[1]}`);
    return r as [number, number];
  });
  let inputs = inputRange.length;
  const layers = arr(q.layers, 'quantized.layers', true).map((l, k) => {
    const layer = checkLayer(l, `quantized.layers[${k}]`, inputs);
    inputs = layer.weights.length;
    return layer;
  });
  return { scheme, inputFrac, inputRange, layers };
}

function checkOutputMode(v: unknown, classes: number): OutputMode {
  const m = obj(v, 'outputMode');
  const kind = oneOf(m.kind, 'outputMode.kind', ['assert-output', 'assert-class', 'leave'] as const);
  if (kind === 'assert-class') return { kind, cls: int(m.cls, 'outputMode.cls', 0, classes - 1) };
  return { kind };
}

function checkWitness(v: unknown, im: IntModel, mode: OutputMode): WitnessItem[] {
  const seen = new Set<string>();
  const layers = im.layers;
  const items = arr(v, 'witness').map((x, i): WitnessItem => {
    const at = `witness[${i}]`;
    const w = obj(x, at);
    const kind = oneOf(w.kind, `${at}.kind`, ['claim', 'input', 'hint', 'leaky-hint'] as const);
    let item: WitnessItem;
    if (kind === 'claim') {
      if (mode.kind !== 'assert-output') throw new FieldError(at, `a claim, but the output mode is ${mode.kind} (only assert-output takes one)`);
      item = { kind };
    } else if (kind === 'input') {
      const n = im.inputRange.length;
      if (typeof w.index !== 'number' || !Number.isInteger(w.index)) throw new FieldError(`${at}.index`, `expected an integer, got ${show(w.index)}`);
      if (w.index < 0 || w.index >= n) throw new FieldError(at, `input index ${w.index} is out of range (the model has ${n} inputs)`);
      item = { kind, index: w.index };
    } else {
      const layer = int(w.layer, `${at}.layer`);
      if (layer < 0 || layer >= layers.length) throw new FieldError(at, `${kind} of layer ${layer}, but the model has ${layers.length} dense layers`);
      const neuron = int(w.neuron, `${at}.neuron`);
      const n = layers[layer]!.weights.length;
      if (neuron < 0 || neuron >= n) throw new FieldError(at, `${kind} of neuron ${neuron}, but layer ${layer} has ${n} neurons`);
      if (kind === 'leaky-hint' && !layers[layer]!.leaky) throw new FieldError(at, `a leaky-hint, but layer ${layer} has no LeakyRelu`);
      item = { kind, layer, neuron };
    }
    const key = JSON.stringify(item);
    if (seen.has(key)) throw new FieldError(at, `${key} is listed twice`);
    seen.add(key);
    return item;
  });
  for (let i = 0; i < im.inputRange.length; i++) {
    if (!seen.has(JSON.stringify({ kind: 'input', index: i }))) throw new FieldError('witness', `input ${i} is missing`);
  }
  if (mode.kind === 'assert-output' && !seen.has('{"kind":"claim"}')) throw new FieldError('witness', 'the claim is missing (the output mode is assert-output)');
  return items;
}

function checkSourceMap(v: unknown, scriptBytes: number): SourceMapEntry[] {
  if (v === undefined) return [];
  return arr(v, 'sourceMap').map((x, i) => {
    const at = `sourceMap[${i}]`;
    const e = obj(x, at);
    const start = int(e.start, `${at}.start`, 0, scriptBytes);
    const end = int(e.end, `${at}.end`, start, scriptBytes);
    const s = obj(e.source, `${at}.source`);
    const source: SourceMapEntry['source'] = {
      layer: int(s.layer, `${at}.source.layer`, -1),
      what: oneOf(s.what, `${at}.source.what`, ['check-input', 'neuron', 'shared', 'layer-end', 'output'] as const),
    };
    if (s.neuron !== undefined) source.neuron = int(s.neuron, `${at}.source.neuron`, -1);
    return { start, end, source };
  });
}

/**
 * Checks a parsed program.json and returns it (the model a clean copy from validateModel). Throws
 * ArtifactError whose message and `field` name the offending field by its JSON path; the caller
 * prefixes the file.
 */
export function validateProgramFile(json: unknown): ProgramFile {
  try {
    const p = obj(json, '(top level)');
    if (p.format !== 'bsml-program') throw new FieldError('format', `expected "bsml-program", got ${show(p.format)} (not a compiled program)`);
    if (p.version !== 1) throw new FieldError('version', `unsupported version ${show(p.version)} (expected 1)`);
    if (typeof p.target !== 'string') throw new FieldError('target', `expected a string, got ${show(p.target)}`);
    let model;
    try {
      model = validateModel(p.model);
    } catch (e) {
      const m = e as { path?: string; detail?: string };
      throw new FieldError(m.path ? `model.${m.path}` : 'model', m.detail ?? (e as Error).message);
    }
    const quantized = checkQuantized(p.quantized);
    const inputs = featureRanges(model).length;
    if (quantized.inputRange.length !== inputs) throw new FieldError('quantized.inputRange', `${quantized.inputRange.length} inputs, but the model has ${inputs}`);
    const classes = quantized.layers[quantized.layers.length - 1]!.weights.length;
    if (classes !== outputSize(model)) throw new FieldError('quantized.layers', `${classes} outputs, but the model has ${outputSize(model)}`);
    const o = obj(p.options, 'options');
    const options: ProgramFile['options'] = {
      ...(o as unknown as ProgramFile['options']),
      weights: oneOf(o.weights, 'options.weights', WEIGHT_SCHEMES),
      fracBits: arr(o.fracBits, 'options.fracBits', true).map((f, i) => int(f, `options.fracBits[${i}]`, -FRAC, FRAC)),
      rescale: oneOf(o.rescale, 'options.rescale', ['hint', 'pure'] as const),
      output: (() => {
        if (typeof o.output !== 'string') throw new FieldError('options.output', `expected a string, got ${show(o.output)}`);
        return o.output;
      })(),
    };
    const ev = obj(p.evaluation, 'evaluation');
    const evaluation: ProgramFile['evaluation'] = {
      sigVersion: oneOf(ev.sigVersion, 'evaluation.sigVersion', ['tapscript'] as const),
      flags: int(ev.flags, 'evaluation.flags', 0, 2 ** 32 - 1),
    };
    const outputMode = checkOutputMode(p.outputMode, classes);
    const witness = checkWitness(p.witness, quantized, outputMode);
    if (typeof p.scriptHex !== 'string' || p.scriptHex === '' || !isHex(p.scriptHex)) {
      throw new FieldError('scriptHex', `expected the script as non-empty hex, got ${p.scriptHex === '' ? 'an empty string' : show(typeof p.scriptHex === 'string' ? p.scriptHex.slice(0, 20) : p.scriptHex)}`);
    }
    const sourceMap = checkSourceMap(p.sourceMap, p.scriptHex.length / 2);
    return { format: 'bsml-program', version: 1, target: p.target, options, evaluation, outputMode, model, quantized, witness, scriptHex: p.scriptHex, sourceMap };
  } catch (e) {
    if (e instanceof FieldError) throw new ArtifactError(e.message, e.field);
    throw e;
  }
}
