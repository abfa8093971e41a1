/**
 * Warnings of a compile that succeeded: things in the result worth a look before using it. Today
 * one kind: a weight scheme that rounded most of a layer's weights to 0 (as int8 does to a layer
 * whose input columns differ by orders of magnitude, e.g. after folding a BatchNormalization).
 */
import type { Model } from '../models/model.js';
import type { IntModel, WeightScheme } from './intmodel.js';
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

/** A warning of a compile (see {@link ZeroedWeightsWarning}). */
export type CompileWarning = ZeroedWeightsWarning;

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
 * {@link ZEROED_WEIGHTS_THRESHOLD} of them.
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

/**
 * A warning as the CLI prints it: its message, then (with `suggest`, the default) the option to
 * try, when there is one: `...; try --weights int8-col (a scale per input column)`.
 */
export function warningLine(w: CompileWarning, suggest = true): string {
  return suggest && w.suggestion ? `${w.message}; try --weights ${w.suggestion} (a scale per input column)` : w.message;
}
