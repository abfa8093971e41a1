/**
 * The end-to-end demo pipeline: import -> quantize -> prove ranges -> compile -> witnesses for a
 * data set -> run the script on every available engine -> accuracies, agreement, cost, speed.
 * Each stage reports progress through a {@link Progress} sink so the CLI can draw bars.
 */
import { programFile, type LoadedProgram } from '../compiler/artifact.js';
import { compileModel, type Compiled, type CompileOptions } from '../compiler/compile.js';
import { buildWitnesses, rowOutcome, runWitnesses } from '../compiler/evaluate.js';
import { WEIGHT_SCHEMES } from '../compiler/intmodel.js';
import { buildWitness, type BuiltWitness } from '../compiler/witness.js';
import { batchLoadError, loadBatchBinding } from '../engine/batch-binding.js';
import { EngineError, evaluate, evaluateBatch, selectEngine } from '../engine/index.js';
import { buildTaprootOutput } from '../bitcoin/taproot.js';
import type { Dataset } from '../models/csv.js';
import { argmax, forward } from '../models/forward.js';
import type { Model } from '../models/model.js';
import type { EvalResult } from '../vm/verify.js';
import { NO_PROGRESS, type Progress } from './progress.js';
import { labeledRows, runSweep, type SweepGrid, type SweepResult } from './sweep.js';

export { NO_PROGRESS, type Progress } from './progress.js';

/** The engines the demo measures, in order; unavailable ones are reported and skipped. */
export type DemoEngine = 'ts' | 'native' | 'batch';

/** Every engine the demo knows, in the order it runs them. */
export const DEMO_ENGINES: readonly DemoEngine[] = ['ts', 'native', 'batch'];

/** Options of {@link runPipeline}. */
export interface PipelineOptions {
  /** Compile options of the main script (default: int8, hint rescale, assert-output). */
  compile?: CompileOptions;
  /** Engines to measure (default: every available one). */
  engines?: DemoEngine[];
  /**
   * The accuracy / size sweep's grid (see {@link runSweep}); each list left out defaults to: every
   * weight scheme, fractional bits ['auto'], the main compile's rescale mode. `weights: []` skips it.
   */
  sweep?: Partial<SweepGrid>;
  /** How many wrong claims to try (each must be rejected by the script); default 20. */
  wrongClaims?: number;
  progress?: Progress;
}

/** One engine's run over the data set. */
export interface EngineRun {
  engine: DemoEngine;
  available: boolean;
  /** Why it was skipped, when not available. */
  note?: string;
  rows: number;
  seconds: number;
  evalsPerSecond: number;
  /** Rows where the script accepted the honest witness. */
  accepted: number;
}

/** Everything the demo measured. */
export interface PipelineResult {
  rows: number;
  classes: number;
  accuracy: {
    /** From the data's `logitK` columns (the training framework's own outputs), when present. */
    reference?: number;
    float: number;
    quantized: number;
    script: number;
  };
  /** Rows where the float model's class equals the reference logits' argmax (when present). */
  floatVsReference?: number;
  /** Rows where the quantized (integer reference) class equals the float class. */
  quantizedVsFloat: number;
  /** Rows where the script accepted exactly the integer reference's class (must be all rows). */
  scriptVsReference: number;
  /** Wrong claims tried, and how many the script rejected (must be all). */
  wrongClaims: { tried: number; rejected: number };
  compiled: Compiled;
  /** The mainnet P2TR address committing to the script as its only leaf (BIP341 NUMS internal key: script path only). */
  taprootAddress: string;
  engines: EngineRun[];
  /** confusion[label][scriptClass]. */
  confusion: number[][];
  /** The accuracy / size sweep: one point per compiled setting, each script run on every row. */
  sweep: SweepResult;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

function timed<T>(timings: Record<string, number>, stage: string, f: () => T): T {
  const t = performance.now();
  const r = f();
  timings[stage] = (timings[stage] ?? 0) + performance.now() - t;
  return r;
}

/** Runs the script on every witness with one engine; returns whether each row agrees with the reference, and the script's classes. */
async function runEngine(engine: DemoEngine, p: LoadedProgram, witnesses: BuiltWitness[], progress: Progress): Promise<{ agrees: boolean[]; classes: (number | null)[]; seconds: number }> {
  progress.start(`run (${engine})`, witnesses.length);
  const agrees: boolean[] = [];
  const classes: (number | null)[] = [];
  const record = (w: BuiltWitness, r: EvalResult) => {
    const o = rowOutcome(p, w, r);
    agrees.push(o.agrees);
    classes.push(o.scriptClass);
  };
  let seconds = 0;
  if (engine === 'batch') {
    // The whole matrix of witnesses in one call (SIMD lanes on worker threads).
    let done = 0;
    const t = performance.now();
    const res = await evaluateBatch(p.script, witnesses.map((w) => w.items), {
      ...p.file.evaluation,
      engine: 'batch',
      onProgress: (d) => {
        progress.tick(d - done);
        done = d;
      },
    });
    seconds = (performance.now() - t) / 1000;
    witnesses.forEach((w, i) => record(w, res.lane(i)));
  } else {
    const chunk = 25;
    for (let i = 0; i < witnesses.length; i += chunk) {
      const ws = witnesses.slice(i, i + chunk);
      const t = performance.now();
      const results = runWitnesses(p, ws, engine);
      seconds += (performance.now() - t) / 1000;
      ws.forEach((w, j) => record(w, results[j]!));
      progress.tick(ws.length);
    }
  }
  progress.stop();
  return { agrees, classes, seconds };
}

function engineAvailable(engine: DemoEngine): string | undefined {
  if (engine === 'ts') return undefined;
  if (engine === 'batch') return loadBatchBinding() ? undefined : `the batch engine is not available: ${batchLoadError()}`;
  try {
    selectEngine(engine);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Compiles `model` and checks the script against the integer reference on every row of `data`,
 * on each engine; also sweeps the weight schemes for the accuracy / size trade-off.
 * @throws the compiler's typed errors (range proof, stack limit), `WitnessError` for a row outside the range.
 */
export async function runPipeline(model: Model, data: Dataset, options: PipelineOptions = {}): Promise<PipelineResult> {
  const progress = options.progress ?? NO_PROGRESS;
  const timings: Record<string, number> = {};
  const rows = data.inputs.length;
  const { labels } = labeledRows(data, 'the report');

  progress.start('float model', rows);
  const floatClass = timed(timings, 'float', () =>
    data.inputs.map((x) => {
      const c = argmax(forward(model, x));
      progress.tick();
      return c;
    }),
  );
  progress.stop();
  const classes = Math.max(...labels, ...floatClass) + 1;

  progress.start('compile', 1);
  const compiled = timed(timings, 'compile', () => compileModel(model, options.compile));
  progress.tick();
  progress.stop();

  const program: LoadedProgram = { file: programFile(compiled), script: compiled.code.script };
  progress.start('witnesses', 1);
  const witnesses = timed(timings, 'witness', () => buildWitnesses(program, data.inputs));
  progress.tick();
  progress.stop();
  const refClass = witnesses.map((w) => w.reference.class);

  const engines: EngineRun[] = [];
  let first: { agrees: boolean[]; classes: (number | null)[] } | undefined;
  for (const engine of options.engines ?? DEMO_ENGINES) {
    const note = engineAvailable(engine);
    if (note) {
      engines.push({ engine, available: false, note, rows: 0, seconds: 0, evalsPerSecond: 0, accepted: 0 });
      continue;
    }
    const t0 = performance.now();
    const run = await runEngine(engine, program, witnesses, progress);
    timings[`run-${engine}`] = performance.now() - t0;
    if (first && run.classes.some((c, i) => c !== first!.classes[i])) throw new Error(`internal: engine ${engine} disagrees with ${engines[0]!.engine} on some rows`);
    first ??= run;
    engines.push({ engine, available: true, rows, seconds: run.seconds, evalsPerSecond: rows / run.seconds, accepted: run.agrees.filter(Boolean).length });
  }
  if (!first) {
    // None of the engines asked for can run here: say why for each (a typed error: exit 2 from the CLI).
    throw new EngineError(`no engine available: ${engines.map((e) => `${e.engine}: ${e.note}`).join('; ')}`);
  }
  const { agrees, classes: scriptClasses } = first;

  // Soundness spot check: a wrong claimed class must make the script fail.
  const tries = Math.min(options.wrongClaims ?? 20, rows);
  let rejected = 0;
  if (compiled.options.output.kind === 'assert-output') {
    timed(timings, 'wrong-claims', () => {
      for (let i = 0; i < tries; i++) {
        const claim = (refClass[i]! + 1 + (i % (classes - 1))) % classes;
        const w = buildWitness(program.file.witness, compiled.intModel, data.inputs[i]!, { claim });
        if (!evaluate(program.script, w.items, program.file.evaluation).success) rejected++;
      }
    });
  }

  // The script's class (for assert-output: the claim it accepted); a rejected row has none (-1).
  const scriptClass = scriptClasses.map((c) => c ?? -1);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  scriptClass.forEach((c, i) => {
    if (c >= 0) confusion[labels[i]!]![c]!++;
  });
  const count = (f: (i: number) => boolean) => Array.from({ length: rows }, (_, i) => i).filter(f).length;
  const refLogitClass = data.logits?.map(argmax);

  const grid: SweepGrid = {
    weights: options.sweep?.weights ?? WEIGHT_SCHEMES,
    fracBits: options.sweep?.fracBits ?? ['auto'],
    rescale: options.sweep?.rescale ?? [compiled.options.rescale],
  };
  const t1 = performance.now();
  const sweep = await runSweep(model, data, { grid, compile: options.compile, known: [compiled], progress });
  timings.sweep = performance.now() - t1;

  return {
    rows,
    classes,
    accuracy: {
      ...(refLogitClass ? { reference: count((i) => refLogitClass[i] === labels[i]) / rows } : {}),
      float: count((i) => floatClass[i] === labels[i]) / rows,
      quantized: count((i) => refClass[i] === labels[i]) / rows,
      script: count((i) => scriptClass[i] === labels[i]) / rows,
    },
    ...(refLogitClass ? { floatVsReference: count((i) => floatClass[i] === refLogitClass[i]) } : {}),
    quantizedVsFloat: count((i) => refClass[i] === floatClass[i]),
    scriptVsReference: count((i) => agrees[i]!),
    wrongClaims: { tried: compiled.options.output.kind === 'assert-output' ? tries : 0, rejected },
    compiled,
    taprootAddress: buildTaprootOutput({ tree: { script: compiled.code.script } }).address,
    engines,
    confusion,
    sweep,
    timings,
  };
}
