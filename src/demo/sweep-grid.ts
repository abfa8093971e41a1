/**
 * The grid type of a sweep and the default grids of `bsml sweep` and `bsml report`, in a module
 * the commands' help can import without loading the compiler.
 */
import { WEIGHT_SCHEMES, type WeightScheme } from '../compiler/intmodel.js';
import type { RescaleMode } from '../compiler/program.js';

/** The settings a sweep compiles: every combination of the three lists, in this order (weights outermost). */
export interface SweepGrid {
  weights: readonly WeightScheme[];
  /** 'auto' (the compiler picks per tensor) or one value for every tensor. */
  fracBits: readonly (number | 'auto')[];
  rescale: readonly RescaleMode[];
}

/** The default grid of `bsml sweep`: every weight scheme, four fractional-bit settings, both rescale modes. */
export const DEFAULT_SWEEP_GRID: SweepGrid = { weights: WEIGHT_SCHEMES, fracBits: ['auto', 0, 2, 4], rescale: ['hint', 'pure'] };

/** The default grid of `bsml report`: the sweep's, with the hint rescale only. */
export const REPORT_SWEEP_GRID: SweepGrid = { ...DEFAULT_SWEEP_GRID, rescale: ['hint'] };

/** A grid list as an option writes it: `auto,0,2,4`. */
export function gridListText(list: readonly (string | number)[]): string {
  return list.join(',');
}
