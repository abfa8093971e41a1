/**
 * `bsml eval`: runs data rows through the float model, the integer reference and the script, and
 * summarizes. Witness building (per row) is separate from execution (a batch of witnesses through
 * the engine API), so a batch engine can take the whole matrix.
 */
import { evaluate, selectEngine, type EngineName } from '../engine/index.js';
import { argmax, forward } from '../models/forward.js';
import { decodeScriptNum } from '../script/scriptnum.js';
import type { EvalResult } from '../vm/verify.js';
import type { LoadedProgram } from './artifact.js';
import { WitnessError } from './errors.js';
import { buildWitness, type BuiltWitness } from './witness.js';

/** Builds the witness of every row (rows outside the declared range get their honest witness; the script rejects them). */
export function buildWitnesses(p: LoadedProgram, inputs: readonly (readonly number[])[]): BuiltWitness[] {
  return inputs.map((x, k) => {
    try {
      return buildWitness(p.file.witness, p.file.quantized, x, { allowOutOfRange: true });
    } catch (e) {
      if (e instanceof WitnessError) throw new WitnessError(`data row ${k + 1}: ${e.message}`);
      throw e;
    }
  });
}

/** Runs the script on each witness with the chosen engine. */
export function runWitnesses(p: LoadedProgram, witnesses: readonly BuiltWitness[], engine?: EngineName): EvalResult[] {
  const { sigVersion, flags } = p.file.evaluation;
  return witnesses.map((w) => evaluate(p.script, w.items, { sigVersion, flags, engine }));
}

/** What the script said about one row. */
export interface RowOutcome {
  /** Class the script established (assert-output: the verified claim; leave: argmax of its outputs; assert-class: K when it succeeded). */
  scriptClass: number | null;
  /** The script did what the reference says it must (succeed / leave the reference outputs / reject a non-K row / reject a row outside the declared input range). */
  agrees: boolean;
  /** The script failed where the reference says it must succeed or complete. */
  unexpectedFailure: boolean;
  error: string;
}

/** Interprets one script run against the reference. */
export function rowOutcome(p: LoadedProgram, w: BuiltWitness, r: EvalResult): RowOutcome {
  const mode = p.file.outputMode;
  const ref = w.reference;
  // A row with an input outside the declared range: the script's range check must reject it (the
  // integer reference's answer is only defined inside the range). It agrees when the script stops
  // with an error, never when it succeeds or runs to its end.
  if (w.outOfRange) {
    const rejected = !r.success && r.error !== 'CLEANSTACK' && r.error !== 'EVAL_FALSE';
    return { scriptClass: null, agrees: rejected, unexpectedFailure: false, error: r.error };
  }
  if (mode.kind === 'assert-output') {
    return { scriptClass: r.success ? ref.class : null, agrees: r.success, unexpectedFailure: !r.success, error: r.error };
  }
  if (mode.kind === 'assert-class') {
    const expected = ref.class === mode.cls;
    return { scriptClass: r.success ? mode.cls : null, agrees: r.success === expected, unexpectedFailure: expected && !r.success, error: r.error };
  }
  const n = ref.logits.length;
  const completed = (r.error === 'OK' || r.error === 'CLEANSTACK' || r.error === 'EVAL_FALSE') && r.stack.length === n;
  if (!completed) return { scriptClass: null, agrees: false, unexpectedFailure: true, error: r.error };
  let outs: number[];
  try {
    outs = r.stack.map((b) => decodeScriptNum(b, false, 5));
  } catch {
    return { scriptClass: null, agrees: false, unexpectedFailure: true, error: 'SCRIPTNUM' };
  }
  return { scriptClass: argmax(outs), agrees: outs.every((v, i) => v === ref.logits[i]), unexpectedFailure: false, error: r.error };
}

/** The summary `bsml eval --json` prints. */
export interface EvalSummary {
  rows: number;
  labeled: boolean;
  /** Accuracies against the `label` column (null without labels). assert-class:K: binary accuracy of "is K". */
  float_accuracy: number | null;
  quantized_accuracy: number | null;
  script_accuracy: number | null;
  /** Rows where the script's result differs from the integer reference's. */
  reference_mismatches: number;
  /** Rows where the script failed although the reference says it must succeed. */
  script_failures: number;
  /** Fraction of rows where the quantized class equals the float class. */
  quantized_float_agreement: number;
  /** Fraction of rows where the script agrees with the integer reference. */
  script_reference_agreement: number;
  /** Count of each script error name over all rows. */
  script_errors: Record<string, number>;
  /** Rows with an input outside the declared range (the script must reject them). */
  out_of_range_rows: number;
  engine: string;
}

/**
 * Evaluates a compiled program on data rows.
 * @param labels The true class of each row, one per row (in the order of `inputs`).
 * @throws {@link WitnessError} for no rows (an agreement or accuracy over zero rows means nothing),
 *   `labels` of another length than `inputs` (a row without its label would count as wrong), or a
 *   row the witness cannot be built for.
 */
export function evaluateProgram(p: LoadedProgram, inputs: readonly (readonly number[])[], labels?: readonly number[], engine?: EngineName): EvalSummary {
  if (inputs.length === 0) throw new WitnessError('no data rows to evaluate (an agreement over zero rows means nothing)');
  if (labels && labels.length !== inputs.length) {
    throw new WitnessError(`expected ${inputs.length} labels (one per data row), got ${labels.length}`);
  }
  const witnesses = buildWitnesses(p, inputs);
  const results = runWitnesses(p, witnesses, engine);
  const mode = p.file.outputMode;
  let fOk = 0, qOk = 0, sOk = 0, mismatches = 0, failures = 0, qf = 0, oor = 0;
  const errors: Record<string, number> = {};
  witnesses.forEach((w, i) => {
    const fClass = argmax(forward(p.file.model, inputs[i]!));
    const qClass = w.reference.class;
    const o = rowOutcome(p, w, results[i]!);
    errors[o.error] = (errors[o.error] ?? 0) + 1;
    if (w.outOfRange) oor++;
    if (!o.agrees) mismatches++;
    if (o.unexpectedFailure) failures++;
    if (qClass === fClass) qf++;
    if (labels) {
      const label = labels[i]!;
      if (mode.kind === 'assert-class') {
        const isK = label === mode.cls;
        if ((fClass === mode.cls) === isK) fOk++;
        if ((qClass === mode.cls) === isK) qOk++;
        if ((o.scriptClass === mode.cls) === isK) sOk++;
      } else {
        if (fClass === label) fOk++;
        if (qClass === label) qOk++;
        if (o.scriptClass === label) sOk++;
      }
    }
  });
  const n = inputs.length;
  const frac = (k: number) => (labels ? k / n : null);
  return {
    rows: n,
    labeled: !!labels,
    float_accuracy: frac(fOk),
    quantized_accuracy: frac(qOk),
    script_accuracy: frac(sOk),
    reference_mismatches: mismatches,
    script_failures: failures,
    quantized_float_agreement: qf / n,
    script_reference_agreement: (n - mismatches) / n,
    script_errors: errors,
    out_of_range_rows: oor,
    // The engine that ran ('auto' resolved), as bsml vectors and verify-tx report it.
    engine: selectEngine(engine).name,
  };
}
