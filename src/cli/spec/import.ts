/** `bsml import`: options and help. */
import { defineCommand } from '../command-spec.js';

export const IMPORT_SPEC = defineCommand({
  name: 'import',
  usage: 'MODEL.onnx (--input-range LO,HI | --calibrate DATA.csv) [options]',
  summary: 'ONNX multilayer perceptron -> bsml model JSON',
  description:
    'Imports an ONNX MLP (Gemm, MatMul+Add, Relu, Clip (ReLU6, Hardtanh), LeakyRelu, Flatten, Reshape, BatchNormalization in inference form, a trailing Softmax; opset 9 to 21) into the bsml model format v1. ' +
    'A BatchNormalization is folded into the dense layer next to it. ' +
    'A Reshape target computed from the input shape (PyTorch x.view(x.size(0), -1): Shape, Gather, Slice, Squeeze, Unsqueeze, Concat, Cast, Mul) is folded and must be a flatten. ' +
    'ONNX files carry no input range: give --input-range or measure it with --calibrate. Writes the model to stdout, or to a file with -o (atomically; an existing file is replaced only if it is a bsml model file). ' +
    'Unsupported nodes are all listed in one error (exit 2).',
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: 'MODEL.json',
      help: 'write the model to this file (and print a one-line summary); - is stdout. Missing parent directories are made; an existing file is replaced only when it is a bsml model file',
      defaultText: 'stdout',
    },
    output: { type: 'string', value: 'MODEL.json', help: 'the former name of --out' },
    'input-range': { type: 'string', value: 'LO,HI', help: "every input's range" },
    calibrate: { type: 'string', value: 'DATA.csv', help: 'measure the input range on these rows (one global min/max)' },
    'per-feature': { type: 'boolean', help: 'with --calibrate: one range per feature instead of a global one' },
    name: { type: 'string', value: 'NAME', help: "the model's name", defaultText: 'the file name without .onnx' },
  },
  examples: ['bsml import data/digits/model.onnx --input-range 0,16 -o digits.json'],
});
