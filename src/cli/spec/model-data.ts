/** The options every command taking a model and a labelled data file accepts (report, sweep). */
import type { OptionSpec } from '../command-spec.js';
import { JSON_OPTION } from './engine-option.js';
import { DEFAULT_SWEEP_GRID, gridListText } from '../../demo/sweep-grid.js';
import { WEIGHT_SCHEMES } from '../../compiler/intmodel.js';

/** `--input-range LO,HI` of a model file (compile, report, sweep). */
export const INPUT_RANGE_OPTION = {
  type: 'string',
  value: 'LO,HI',
  help: "every input's range: needed by an ONNX model (they carry none) unless --calibrate is given; replaces a JSON model's range",
} as const satisfies OptionSpec;

/** `--calibrate DATA.csv` of a model file (compile, report, sweep). */
export const CALIBRATE_OPTION = {
  type: 'string',
  value: 'DATA.csv',
  help: "rows whose values set the automatic fractional bits, and an ONNX model's input range (global min/max) when --input-range is absent",
} as const satisfies OptionSpec;

export const MODEL_DATA_OPTIONS = {
  data: { type: 'string', value: 'FILE.csv', help: 'labelled rows: a header, the inputs in model order, a label column' },
  'input-range': INPUT_RANGE_OPTION,
  calibrate: CALIBRATE_OPTION,
  weights: { type: 'string', value: 'A,B', help: `weight schemes to compile, from ${WEIGHT_SCHEMES.join(', ')}`, defaultText: gridListText(DEFAULT_SWEEP_GRID.weights) },
  'frac-bits': { type: 'string', value: 'auto,N', help: 'fractional-bit settings to compile: auto and/or integers', defaultText: gridListText(DEFAULT_SWEEP_GRID.fracBits) },
  rescale: { type: 'string', value: 'hint,pure', help: 'rescale modes to compile, from hint, pure', defaultText: gridListText(DEFAULT_SWEEP_GRID.rescale) },
  rows: { type: 'string', value: 'N', help: 'use only the first N rows of the data', defaultText: 'all rows' },
  json: JSON_OPTION,
} as const satisfies Record<string, OptionSpec>;
