/** `bsml sweep`: options and help. */
import { defineCommand } from '../command-spec.js';
import { MODEL_DATA_OPTIONS } from './model-data.js';

export const SWEEP_SPEC = defineCommand({
  name: 'sweep',
  usage: 'MODEL.json|MODEL.onnx --data FILE.csv [options]',
  summary: 'accuracy and size of the model compiled at every setting of a grid',
  description:
    'Compiles the model at every point of the grid (weights x frac bits x rescale; each option takes a comma-separated list to narrow it), runs each script on every row ' +
    'of the data and checks it against the integer reference; prints a table of accuracy, script size and fee. Settings whose range proof fails are listed, not fatal, unless none compiles (exit 2). ' +
    'Exit 1 if any script disagrees with the reference.',
  options: {
    ...MODEL_DATA_OPTIONS,
    data: { ...MODEL_DATA_OPTIONS.data, help: 'labelled rows to run every script on (required)' },
    engine: {
      type: 'string',
      value: 'auto|batch|ts',
      default: 'auto',
      help: 'engine for the script runs: auto is the SIMD batch engine when the addon loads, else TypeScript',
    },
  },
  examples: ['bsml sweep data/digits/model.onnx --input-range 0,16 --data data/digits/test.csv --weights int8,ternary --frac-bits auto,4'],
});
