/**
 * Warnings of a compile that succeeded: things in the result worth a look before using it. A weight
 * scheme that rounded most of a layer's weights to 0 (as int8 does to a layer whose input columns
 * differ by orders of magnitude, e.g. after folding a BatchNormalization); input fractional bits
 * too few for the declared input range; a spend Bitcoin Core's nodes will not relay; `--output
 * leave` with more than one output, which no spend can satisfy.
 */
import { weightProblem } from '../bitcoin/policy.js';
import type { Model } from '../models/model.js';
import { featureRanges } from '../models/validate.js';
import { spendTxWeight, type CostReport } from './cost.js';
import type { IntModel, WeightScheme } from './intmodel.js';
import type { OutputMode } from './program.js';
import { blocks, quantizeWeights } from './quantize.js';

/**
 * The fraction of a layer's nonzero float weights that may quantize to 0 before
 * {@link compileWarnings} warns, per scheme: half, except ternary, whose threshold (0.7 · mean
 * |w|) zeroes 40-60% of a typical layer by design.
 */
export const ZEROED_WEIGHTS_THRESHOLD: Readonly<Record<WeightScheme, number>> = { int8: 0.5, 'int8-col': 0.5, int4: 0.5, ternary: 0.75, pow2: 0.5 };

/** The weight scheme made most of one layer's nonzero weights 0. */
export interface ZeroedWeightsWarning {
  readonly code: 'WEIGHTS_ZEROED';
  /** The dense layer: its index among the dense layers (0 = first) and in `model.layers`. */
  readonly layer: number;
  readonly modelLayer: number;
  readonly scheme: WeightScheme;
  /** The layer's nonzero float weights, and how many of them quantized to 0. */
  readonly nonzero: number;
  readonly zeroed: number;
  /** `zeroed / nonzero`, above the scheme's {@link ZEROED_WEIGHTS_THRESHOLD}. */
  readonly fraction: number;
  /** `'int8-col'` when that scheme keeps this layer at or under its threshold (per-column scales). */
  readonly suggestion?: WeightScheme;
  /** What happened, in one line for people (without the suggestion: see {@link warningLine}). */
  readonly message: string;
}

/**
 * The fewest distinct values an input's quantized range may hold, when automatic fractional bits
 * were lowered by the range proof, before {@link inputWarnings} warns (`INPUT_COARSE`): 16, four
 * bits of resolution (as coarse as int4 weights). A range of one value always warns
 * (`INPUT_COLLAPSED`).
 */
export const MIN_INPUT_LEVELS = 16;

/**
 * The input's fractional bits leave some inputs' declared ranges a single quantized value
 * (`INPUT_COLLAPSED`: the script reads them, but they cannot change its result), or, when the
 * range proof lowered the automatic choice, fewer than {@link MIN_INPUT_LEVELS} values
 * (`INPUT_COARSE`).
 */
export interface InputResolutionWarning {
  readonly code: 'INPUT_COLLAPSED' | 'INPUT_COARSE';
  /** Fractional bits of the inputs. */
  readonly fracBits: number;
  /** Automatic fractional bits: what the declared range (or calibration) chose before the range proof lowered them to `fracBits`. */
  readonly chosenFracBits?: number;
  /** The inputs concerned (indices), and how many inputs the model has. */
  readonly inputs: number[];
  readonly inputCount: number;
  /** The fewest distinct quantized values among `inputs` (1 when collapsed). */
  readonly levels: number;
  readonly message: string;
}

/** The worst-case script-path spend weighs more than Bitcoin Core relays (or a block holds). */
export interface NonstandardWeightWarning {
  readonly code: 'NONSTANDARD_WEIGHT';
  /** Weight of the cost report's 1-in, 1-out spend (WU; in a sweep, the heaviest), and the limit it exceeds. */
  readonly weight: number;
  readonly limit: number;
  /** In a sweep ({@link mergeWeightWarnings}): how many of its compiled settings exceed `limit`. */
  readonly settings?: number;
  readonly message: string;
}

/** `--output leave` with more than one output: tapscript's clean-stack rule fails every spend. */
export interface UnspendableLeaveWarning {
  readonly code: 'UNSPENDABLE_LEAVE';
  /** The values the script leaves on the stack. */
  readonly outputs: number;
  readonly message: string;
}

/** A warning of a compile (see each kind). */
export type CompileWarning = ZeroedWeightsWarning | InputResolutionWarning | NonstandardWeightWarning | UnspendableLeaveWarning;

function zeroedOf(float: readonly (readonly number[])[], quantized: readonly (readonly number[])[]): { nonzero: number; zeroed: number } {
  let nonzero = 0;
  let zeroed = 0;
  float.forEach((row, o) =>
    row.forEach((w, i) => {
      if (w === 0) return;
      nonzero++;
      if (quantized[o]![i] === 0) zeroed++;
    }),
  );
  return { nonzero, zeroed };
}

/**
 * The warnings of quantizing `model` into `intModel` with `scheme`: one {@link ZeroedWeightsWarning}
 * per dense layer whose nonzero float weights became 0 for more than the scheme's
 * {@link ZEROED_WEIGHTS_THRESHOLD} of them. (compileModel adds {@link inputWarnings} and
 * {@link spendWarnings}.)
 */
export function compileWarnings(model: Model, intModel: IntModel, scheme: WeightScheme): CompileWarning[] {
  const out: CompileWarning[] = [];
  blocks(model).forEach((b, k) => {
    const { nonzero, zeroed } = zeroedOf(b.dense.weights, intModel.layers[k]!.weights);
    if (nonzero === 0 || zeroed / nonzero <= ZEROED_WEIGHTS_THRESHOLD[scheme]) return;
    const fraction = zeroed / nonzero;
    let suggestion: WeightScheme | undefined;
    if (scheme !== 'int8-col') {
      const col = zeroedOf(b.dense.weights, quantizeWeights(b.dense.weights, 'int8-col').weights);
      if (col.zeroed / col.nonzero <= ZEROED_WEIGHTS_THRESHOLD['int8-col']) suggestion = 'int8-col';
    }
    const message = `weights ${scheme} rounds ${(fraction * 100).toFixed(0)}% of dense layer ${k}'s nonzero weights to 0 (${zeroed} of ${nonzero}; model layer ${b.modelLayer})`;
    out.push({ code: 'WEIGHTS_ZEROED', layer: k, modelLayer: b.modelLayer, scheme, nonzero, zeroed, fraction, ...(suggestion ? { suggestion } : {}), message });
  });
  return out;
}

/** `0, 1, 2, 3, 4, 5 and 778 more`: the first indices of a list. */
function someIndices(ix: readonly number[]): string {
  return ix.length <= 6 ? ix.join(', ') : `${ix.slice(0, 6).join(', ')} and ${ix.length - 6} more`;
}

/**
 * The input warnings of `intModel` (quantized from `model`): an `INPUT_COLLAPSED` naming the inputs
 * whose declared range (lo < hi) quantized to one value; with automatic fractional bits that the
 * range proof lowered from `chosenFracBits`, an `INPUT_COARSE` naming the other inputs left fewer
 * than {@link MIN_INPUT_LEVELS} values. Inputs declared constant (lo = hi) are never named.
 */
export function inputWarnings(model: Model, intModel: IntModel, chosenFracBits?: number): InputResolutionWarning[] {
  const f = intModel.inputFrac;
  const declared = featureRanges(model);
  const levels = intModel.inputRange.map(([lo, hi]) => hi - lo + 1);
  const varying = levels.flatMap((n, i) => (declared[i]![0] < declared[i]![1] ? [i] : []));
  const lowered = chosenFracBits !== undefined && f < chosenFracBits;
  const bits = `input fractional bits ${f}${lowered ? ` (lowered from ${chosenFracBits} by the range proof)` : ''}`;
  const of = (ix: number[]) => `${ix.length} of ${levels.length} input${levels.length > 1 ? 's' : ''} (${someIndices(ix)})`;
  const out: InputResolutionWarning[] = [];
  const collapsed = varying.filter((i) => levels[i] === 1);
  if (collapsed.length) {
    const message = `${bits} quantize the declared range of ${of(collapsed)} to a single value: the script's result cannot depend on ${collapsed.length > 1 ? 'them' : 'it'}`;
    out.push({ code: 'INPUT_COLLAPSED', fracBits: f, ...(lowered ? { chosenFracBits } : {}), inputs: collapsed, inputCount: levels.length, levels: 1, message });
  }
  const coarse = lowered ? varying.filter((i) => levels[i]! > 1 && levels[i]! < MIN_INPUT_LEVELS) : [];
  if (coarse.length) {
    const fewest = Math.min(...coarse.map((i) => levels[i]!));
    const message = `${bits} leave the declared range of ${of(coarse)} fewer than ${MIN_INPUT_LEVELS} quantized values (as few as ${fewest})`;
    out.push({ code: 'INPUT_COARSE', fracBits: f, chosenFracBits: chosenFracBits!, inputs: coarse, inputCount: levels.length, levels: fewest, message });
  }
  return out;
}

/**
 * The warnings of the spend a cost report describes: `NONSTANDARD_WEIGHT` when the transaction
 * weighs more than Bitcoin Core's MAX_STANDARD_TX_WEIGHT (or MAX_BLOCK_WEIGHT); `UNSPENDABLE_LEAVE`
 * when the output mode leaves more than one of the model's `outputs` values on the stack.
 */
export function spendWarnings(report: CostReport, output: OutputMode, outputs: number): CompileWarning[] {
  const out: CompileWarning[] = [];
  const weight = spendTxWeight(report.spend.witnessWeight);
  const problem = weightProblem(weight);
  if (problem) out.push({ code: 'NONSTANDARD_WEIGHT', weight, limit: problem.limit, message: `the worst-case script-path spend weighs ${weight} WU, ${problem.reason}` });
  if (output.kind === 'leave' && outputs > 1) {
    out.push({
      code: 'UNSPENDABLE_LEAVE',
      outputs,
      message: `--output leave leaves ${outputs} values on the stack, and a tapscript spend must end with exactly one (true) item: no spend of this script is valid, and the spend figures price one that cannot confirm`,
    });
  }
  return out;
}

/**
 * The NONSTANDARD_WEIGHT warnings of the `compiles` settings of a sweep, one per limit: the
 * heaviest weight and how many settings exceed the limit (`settings`), instead of a line per
 * setting.
 */
export function mergeWeightWarnings(ws: readonly NonstandardWeightWarning[], compiles: number): NonstandardWeightWarning[] {
  const limits = [...new Set(ws.map((w) => w.limit))].sort((a, b) => a - b);
  return limits.map((limit) => {
    const same = ws.filter((w) => w.limit === limit);
    const weight = Math.max(...same.map((w) => w.weight));
    const n = same.length;
    const subject = n === 1 ? `the worst-case script-path spend of 1 of ${compiles} settings weighs` : `the worst-case script-path spends of ${n} of ${compiles} settings weigh up to`;
    return { code: 'NONSTANDARD_WEIGHT', weight, limit, settings: n, message: `${subject} ${weight} WU, ${weightProblem(weight)!.reason}` };
  });
}

/**
 * Identifies a warning across the compiles of a sweep: a weight scheme zeroes the same weights of
 * a layer whatever the other options, so WEIGHTS_ZEROED is its scheme and layer; any other is its
 * code and message.
 */
export function warningKey(w: CompileWarning): string {
  return w.code === 'WEIGHTS_ZEROED' ? `${w.code} ${w.scheme} ${w.layer}` : `${w.code} ${w.message}`;
}

/**
 * A warning as the CLI prints it: its message, then (with `suggest`, the default) the option to
 * try, when there is one: `...; try --weights int8-col (a scale per input column)`.
 */
export function warningLine(w: CompileWarning, suggest = true): string {
  return suggest && w.code === 'WEIGHTS_ZEROED' && w.suggestion ? `${w.message}; try --weights ${w.suggestion} (a scale per input column)` : w.message;
}
