/** `bsml compile`: options and help. */
import { defineCommand } from '../command-spec.js';
import { COMPILE_DEFAULTS } from '../../compiler/compile-defaults.js';
import { WEIGHT_SCHEMES } from '../../compiler/intmodel.js';
import { CALIBRATE_OPTION, INPUT_RANGE_OPTION } from './model-data.js';

export const COMPILE_SPEC = defineCommand({
  name: 'compile',
  usage: 'MODEL.json|MODEL.onnx [options] -o OUT_DIR',
  summary: 'compile a model to tapscript, with a range proof and a cost report',
  description:
    'Compiles a small neural network into a tapscript that computes it exactly in fixed point, with a proof that no intermediate overflows. ' +
    'Writes script.hex, script.asm, program.json and report.json into OUT_DIR (atomically, with .bsml-output.json recording them; an existing OUT_DIR is replaced only if it holds nothing but files an earlier compile wrote there, unchanged) and prints a summary.',
  options: {
    out: { type: 'string', short: 'o', value: 'OUT_DIR', help: 'directory to write the compiled program into (required)' },
    'input-range': INPUT_RANGE_OPTION,
    calibrate: CALIBRATE_OPTION,
    target: { type: 'string', value: 'btc-tapscript', help: 'script dialect to compile for', defaultText: COMPILE_DEFAULTS.target },
    weights: { type: 'string', value: WEIGHT_SCHEMES.join('|'), help: 'weight quantization scheme (a power-of-two scale per layer; int8-col: per input column, e.g. after a folded BatchNormalization)', defaultText: COMPILE_DEFAULTS.weights },
    'frac-bits': { type: 'string', value: 'N|auto', default: COMPILE_DEFAULTS.fracBits, help: 'fractional bits of every activation, or auto (from the input range or --calibrate)' },
    rescale: { type: 'string', value: 'hint|pure', help: 'how activations are rescaled when the range proof needs it', defaultText: COMPILE_DEFAULTS.rescale },
    output: {
      type: 'string',
      value: 'assert-output|assert-class:K|leave',
      help: 'what the script checks: the claimed class is the argmax, the class is K, or leave the logits on the stack',
      defaultText: COMPILE_DEFAULTS.output,
    },
    compare: { type: 'boolean', help: 'also compile every weight scheme x rescale mode and print them side by side' },
    json: { type: 'boolean', help: 'print the report (report.json) instead of the summary' },
  },
  examples: ['bsml compile data/digits/model.onnx --input-range 0,16 --weights int8 -o out', 'bsml compile test/fixtures/models/iris_mlp_4_8_3.onnx --input-range 0,8 -o iris_out'],
});
