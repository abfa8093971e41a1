/**
 * The accuracy / size sweep: one model compiled over a grid of weight schemes × fractional bits ×
 * rescale modes; each compiled script is run on every data row (the batch engine when available)
 * and checked against the integer reference. One implementation, used by `bsml sweep`,
 * `bsml report` and the demo.
 */
import { BsmlError } from '../errors.js';
import { programFile, type LoadedProgram } from '../compiler/artifact.js';
import { compileModel, type Compiled, type CompileOptions } from '../compiler/compile.js';
import { RangeProofError, StackLimitError } from '../compiler/errors.js';
import { buildWitnesses, rowOutcome } from '../compiler/evaluate.js';
import { WEIGHT_SCHEMES, type WeightScheme } from '../compiler/intmodel.js';
import type { RescaleMode } from '../compiler/program.js';
import { mergeWeightWarnings, warningKey, type CompileWarning, type NonstandardWeightWarning } from '../compiler/warnings.js';
import { evaluateBatch } from '../engine/batch.js';
import { CsvError, type Dataset } from '../models/csv.js';
import { argmax, forward } from '../models/forward.js';
import type { Model } from '../models/model.js';
import { NO_PROGRESS, type Progress } from './progress.js';

import { DEFAULT_SWEEP_GRID, type SweepGrid } from './sweep-grid.js';

export { DEFAULT_SWEEP_GRID, REPORT_SWEEP_GRID, type SweepGrid } from './sweep-grid.js';

/** A bad sweep grid option (unknown scheme or mode, bad fractional bits, empty or repeated list). */
export class SweepOptionsError extends BsmlError {
  readonly code = 'BAD_SWEEP_OPTION';
  override readonly name = 'SweepOptionsError';
}

function parseList<T>(option: string, text: string, parse: (item: string) => T | undefined, expected: string): T[] {
  const items = text.split(',').map((s) => s.trim());
  const out: T[] = [];
  items.forEach((item, i) => {
    const v = parse(item);
    if (v === undefined) throw new SweepOptionsError(`${option}: item ${i} ${JSON.stringify(item)} is not ${expected}`);
    if (out.includes(v)) throw new SweepOptionsError(`${option}: ${JSON.stringify(item)} is given twice`);
    out.push(v);
  });
  return out;
}

/**
 * A grid from comma-separated option values (`int8,int4`, `auto,4,6`, `hint`); an option left
 * undefined takes `defaults`' list.
 * @throws {@link SweepOptionsError} naming the option and the bad item.
 */
export function parseSweepGrid(text: { weights?: string; fracBits?: string; rescale?: string }, defaults: SweepGrid = DEFAULT_SWEEP_GRID): SweepGrid {
  return {
    weights:
      text.weights === undefined
        ? defaults.weights
        : parseList('--weights', text.weights, (s) => (WEIGHT_SCHEMES as readonly string[]).includes(s) ? (s as WeightScheme) : undefined, `a weight scheme (${WEIGHT_SCHEMES.join(', ')})`),
    fracBits:
      text.fracBits === undefined
        ? defaults.fracBits
        : parseList('--frac-bits', text.fracBits, (s) => (s === 'auto' ? 'auto' : /^-?\d+$/.test(s) && Math.abs(Number(s)) <= 40 ? Number(s) : undefined), 'auto or an integer in -40..40'),
    rescale:
      text.rescale === undefined
        ? defaults.rescale
        : parseList('--rescale', text.rescale, (s) => (s === 'hint' || s === 'pure' ? s : undefined), 'a rescale mode (hint, pure)'),
  };
}

/** One compiled setting of the sweep and what its script did on the data. */
export interface SweepPoint {
  weights: WeightScheme;
  rescale: RescaleMode;
  /** The requested fractional bits ('auto' or one value for every tensor). */
  setting: number | 'auto';
  /** The fractional bits used, per tensor (inputs, then each hidden layer's output). */
  fracBits: number[];
  scriptBytes: number;
  opcodes: number;
  nonzeroWeights: number;
  bytesPerWeight: number;
  /** Largest witness, bytes. */
  witnessBytesMax: number;
  /** Weight of the script-path spend's witness (WU), vbytes of the spending transaction, and its fee (sat). */
  witnessWeight: number;
  vbytes: number;
  fee: number;
  /** Accuracy of the integer model (the script's reference) against the labels. */
  quantizedAccuracy: number;
  /** Accuracy of the class the script established (a rejected row counts as wrong). */
  scriptAccuracy: number;
  /** Rows where the script did exactly what the integer reference says (must be all rows). */
  agreement: number;
}

/** A grid point that could not be compiled (range proof or stack limit), and why. */
export interface SweepSkip {
  weights: WeightScheme;
  rescale: RescaleMode;
  setting: number | 'auto';
  reason: string;
}

/** The whole sweep. */
export interface SweepResult {
  rows: number;
  /** Accuracy of the float model on the same rows (the ceiling the points are compared with). */
  floatAccuracy: number;
  /** The engine that ran the scripts: the native batch engine, or the TypeScript one lane by lane. */
  engine: 'batch' | 'ts';
  grid: SweepGrid;
  /** Compiled points, in grid order. */
  points: SweepPoint[];
  skipped: SweepSkip[];
  /**
   * The compiles' warnings, each once (see {@link warningKey}: WEIGHTS_ZEROED once per weight scheme
   * and layer, as a scheme zeroes the same weights whatever the fractional bits and rescale mode),
   * in grid order; then NONSTANDARD_WEIGHT once per limit, for all the settings that exceed it
   * (see {@link mergeWeightWarnings}).
   */
  warnings: CompileWarning[];
  seconds: number;
}

/** Options of {@link runSweep}. */
export interface SweepOptions {
  /** The settings to compile (default {@link DEFAULT_SWEEP_GRID}). */
  grid?: SweepGrid;
  /** Options every point shares (output mode, calibration rows, fee rate); weights, fracBits and rescale come from the grid. */
  compile?: CompileOptions;
  /** 'auto' (default): the native batch engine when available, else TypeScript; 'ts' forces the reference. */
  engine?: 'auto' | 'batch' | 'ts';
  /** Already compiled settings to reuse instead of compiling again (same shared options). */
  known?: readonly Compiled[];
  progress?: Progress;
}

/**
 * The rows of `data` with their labels; throws when there are none.
 * @throws {@link CsvError} (`CSV_COLUMN`) without a `label` column, (`CSV_SHAPE`) without rows.
 */
export function labeledRows(data: Dataset, purpose: string): { inputs: number[][]; labels: number[] } {
  if (!data.labels) throw new CsvError('CSV_COLUMN', `${data.source}: no "label" column (${purpose} measures accuracy against it)`);
  if (!data.inputs.length) throw new CsvError('CSV_SHAPE', `${data.source}: no data rows`);
  return { inputs: data.inputs, labels: data.labels };
}

function matches(c: Compiled, weights: WeightScheme, setting: number | 'auto', rescale: RescaleMode): boolean {
  const o = c.options;
  if (o.weights !== weights || o.rescale !== rescale) return false;
  return setting === 'auto' ? o.fracBitsMode === 'auto' : o.fracBitsMode === 'fixed' && o.fracBits.every((f) => f === setting);
}

/**
 * Compiles `model` at every grid point and runs each script on every row of `data` (which needs a
 * `label` column). Points whose range proof or stack budget fails are listed in `skipped`.
 * @throws {@link CsvError} for data without labels or rows; the compiler's option errors.
 */
export async function runSweep(model: Model, data: Dataset, options: SweepOptions = {}): Promise<SweepResult> {
  const { inputs, labels } = labeledRows(data, 'the sweep');
  const grid = options.grid ?? DEFAULT_SWEEP_GRID;
  const progress = options.progress ?? NO_PROGRESS;
  const t0 = performance.now();
  const rows = inputs.length;
  const floatCorrect = inputs.filter((x, i) => argmax(forward(model, x)) === labels[i]).length;
  const points: SweepPoint[] = [];
  const skipped: SweepSkip[] = [];
  const warnings: CompileWarning[] = [];
  const heavy: NonstandardWeightWarning[] = [];
  let engine: SweepResult['engine'] = options.engine === 'ts' ? 'ts' : 'batch';
  progress.start('sweep', grid.weights.length * grid.fracBits.length * grid.rescale.length);
  for (const weights of grid.weights) {
    for (const setting of grid.fracBits) {
      for (const rescale of grid.rescale) {
        let c: Compiled;
        try {
          c = options.known?.find((k) => matches(k, weights, setting, rescale)) ?? compileModel(model, { ...options.compile, weights, fracBits: setting, rescale });
        } catch (e) {
          // A setting that cannot be compiled is not a point of the trade-off; say why.
          if (!(e instanceof RangeProofError || e instanceof StackLimitError)) throw e;
          skipped.push({ weights, rescale, setting, reason: e.message });
          progress.tick();
          continue;
        }
        for (const w of c.warnings) {
          if (w.code === 'NONSTANDARD_WEIGHT') heavy.push(w);
          else if (!warnings.some((x) => warningKey(x) === warningKey(w))) warnings.push(w);
        }
        const program: LoadedProgram = { file: programFile(c), script: c.code.script };
        const witnesses = buildWitnesses(program, inputs);
        const res = await evaluateBatch(program.script, witnesses.map((w) => w.items), { ...program.file.evaluation, engine: options.engine ?? 'auto' });
        if (res.stats.engine === 'ts') engine = 'ts';
        let agreement = 0;
        let qOk = 0;
        let sOk = 0;
        witnesses.forEach((w, i) => {
          const o = rowOutcome(program, w, res.lane(i));
          if (o.agrees) agreement++;
          if (w.reference.class === labels[i]) qOk++;
          if (o.scriptClass === labels[i]) sOk++;
        });
        const r = c.report;
        points.push({
          weights,
          rescale,
          setting,
          fracBits: c.options.fracBits,
          scriptBytes: r.scriptBytes,
          opcodes: r.opcodes,
          nonzeroWeights: r.nonzeroWeights,
          bytesPerWeight: r.bytesPerWeight,
          witnessBytesMax: r.witnessBytesMax,
          witnessWeight: r.spend.witnessWeight,
          vbytes: r.spend.vbytes,
          fee: r.spend.fee,
          quantizedAccuracy: qOk / rows,
          scriptAccuracy: sOk / rows,
          agreement,
        });
        progress.tick();
      }
    }
  }
  progress.stop();
  warnings.push(...mergeWeightWarnings(heavy, points.length));
  return { rows, floatAccuracy: floatCorrect / rows, engine, grid, points, skipped, warnings, seconds: (performance.now() - t0) / 1000 };
}

/** The points whose script disagreed with the integer reference on some row (must be none). */
export function sweepFailures(s: SweepResult): string[] {
  return s.points
    .filter((p) => p.agreement !== s.rows)
    .map((p) => `${p.weights} / frac bits ${p.setting} / ${p.rescale}: the script disagreed with the integer reference on ${s.rows - p.agreement} of ${s.rows} rows`);
}
