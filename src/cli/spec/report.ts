/** `bsml report`: options and help. */
import { defineCommand } from '../command-spec.js';
import { PIPELINE_ENGINE_OPTION } from './demo.js';
import { MODEL_DATA_OPTIONS } from './model-data.js';
import { REPORT_SWEEP_GRID, gridListText } from '../../demo/sweep-grid.js';

export const REPORT_SPEC = defineCommand({
  name: 'report',
  usage: 'OUT_DIR [--model MODEL --data FILE.csv] [options]',
  summary: 'report.html and report.md (accuracy / size chart, costs, confusion matrix) for the digits model or yours',
  description:
    'Runs the demo pipeline and writes report.html, report.md, tradeoff.svg and confusion.svg into OUT_DIR: on the embedded digits model and test split, ' +
    'or with --model and --data on your model and labelled rows. The chart plots script accuracy against script size for every setting of the grid; ' +
    'the table, costs and confusion matrix are those of the first setting of each list. OUT_DIR is replaced only if it holds nothing but files an earlier report wrote there, unchanged (as its .bsml-output.json records them). ' +
    'Exit 1 if any script disagrees with the integer reference or accepts a wrong claimed class.',
  options: {
    model: { type: 'string', value: 'MODEL.json|MODEL.onnx', help: 'your model', defaultText: 'the embedded digits model' },
    ...MODEL_DATA_OPTIONS,
    data: { ...MODEL_DATA_OPTIONS.data, help: 'labelled rows to report on; needed with --model', defaultText: "the digits model's test split" },
    weights: { ...MODEL_DATA_OPTIONS.weights, defaultText: gridListText(REPORT_SWEEP_GRID.weights) },
    'frac-bits': { ...MODEL_DATA_OPTIONS['frac-bits'], defaultText: gridListText(REPORT_SWEEP_GRID.fracBits) },
    rescale: { ...MODEL_DATA_OPTIONS.rescale, defaultText: gridListText(REPORT_SWEEP_GRID.rescale) },
    engine: PIPELINE_ENGINE_OPTION,
  },
  examples: ['bsml report report-out --model data/digits/model.onnx --input-range 0,16 --data data/digits/test.csv --weights int8,ternary'],
});
