/** `bsml eval`: options and help. */
import { defineCommand } from '../command-spec.js';
import { ENGINE_OPTION } from './engine-option.js';

export const EVAL_SPEC = defineCommand({
  name: 'eval',
  usage: 'OUT_DIR --data FILE.csv [options]',
  summary: 'accuracy of a compiled model on labelled data: float, quantized and script, script vs reference',
  description:
    'Runs every row through the float model, the integer reference and the script (one witness per row) and reports float, quantized and script accuracy, ' +
    'script-vs-reference mismatches and script failures. Exit 1 if the script disagrees with the reference on any row.',
  options: {
    data: { type: 'string', value: 'FILE.csv', help: 'labelled rows: a header, the inputs in model order, a label column (required)' },
    engine: ENGINE_OPTION,
    json: { type: 'boolean', help: 'print the figures as one JSON object' },
  },
  examples: ['bsml eval out --data data/digits/test.csv'],
});
