/** Input ranges of a model: parsed from `LO,HI`, or measured from a data set (`--calibrate`). */
import type { InputRange } from './model.js';
import { BsmlError } from '../errors.js';
import { parseDecimal } from '../io/decimal.js';

/** An input range that cannot be used. */
export class InputRangeError extends BsmlError {
  readonly code = 'BAD_RANGE';
  override readonly name = 'InputRangeError';
}

/**
 * Parses `LO,HI` (finite numbers, LO <= HI).
 * @throws {@link InputRangeError} naming the bad text.
 */
export function parseInputRange(text: string): [number, number] {
  const parts = text.split(',').map((s) => s.trim());
  const nums = parts.map((s) => parseDecimal(s));
  if (parts.length !== 2 || nums.some((v) => !Number.isFinite(v))) throw new InputRangeError(`input range ${JSON.stringify(text)}: expected LO,HI (two finite numbers)`);
  const [lo, hi] = nums as [number, number];
  if (lo > hi) throw new InputRangeError(`input range ${JSON.stringify(text)}: LO ${lo} is above HI ${hi}`);
  return [lo, hi];
}

/**
 * Measures the input range of a data set: by default one global `[min, max]` over every value of
 * every feature; with `perFeature`, one `[min, max]` per feature.
 *
 * Global is the default because a range is a promise about every input the compiled script will
 * accept, not only the calibration rows: per-feature ranges measured on a sample are often
 * degenerate (a digits pixel that is 0 in every sampled row gets `[0, 0]`, and the script would
 * then reject a real digit with ink there). Use per-feature ranges when features have very
 * different scales and the sample covers each one well.
 * @throws {@link InputRangeError} when there are no rows.
 */
export function calibrateRange(inputs: readonly (readonly number[])[], perFeature = false): InputRange {
  if (inputs.length === 0) throw new InputRangeError('cannot calibrate an input range from an empty data set');
  const n = inputs[0]!.length;
  const lo = new Array<number>(n).fill(Infinity);
  const hi = new Array<number>(n).fill(-Infinity);
  for (const row of inputs) {
    for (let i = 0; i < n; i++) {
      const v = row[i]!;
      if (v < lo[i]!) lo[i] = v;
      if (v > hi[i]!) hi[i] = v;
    }
  }
  if (perFeature) return lo.map((l, i): [number, number] => [l, hi[i]!]);
  return [Math.min(...lo), Math.max(...hi)];
}
