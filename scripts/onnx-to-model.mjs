#!/usr/bin/env node
// Converts a Gemm/Relu MLP exported by torch.onnx.export to bsml model format v1 (JSON).
// Usage: node scripts/onnx-to-model.mjs MODEL.onnx --range LO,HI [--name NAME] > model.json
// A developer script for test fixtures; the library's ONNX importer lives in src/models.
import { readFileSync } from 'node:fs';
import pkg from 'onnx-proto';

const { onnx } = pkg;
const args = process.argv.slice(2);
const file = args[0];
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!file || !opt('--range')) {
  process.stderr.write('usage: onnx-to-model.mjs MODEL.onnx --range LO,HI [--name NAME]\n');
  process.exit(2);
}
const range = opt('--range').split(',').map(Number);
const model = onnx.ModelProto.decode(readFileSync(file));
const g = model.graph;

function tensor(t) {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new Error(`${t.name}: only float32 initializers are supported`);
  const dims = t.dims.map(Number);
  let data;
  if (t.rawData && t.rawData.length) {
    const buf = Buffer.from(t.rawData);
    data = Array.from({ length: buf.length / 4 }, (_, i) => buf.readFloatLE(4 * i));
  } else data = t.floatData.slice();
  return { dims, data };
}
const inits = new Map(g.initializer.map((t) => [t.name, tensor(t)]));
const attr = (node, name, dflt) => {
  const a = node.attribute.find((x) => x.name === name);
  if (!a) return dflt;
  return a.type === onnx.AttributeProto.AttributeType.FLOAT ? a.f : Number(a.i);
};
const inputName = g.input.find((i) => !inits.has(i.name));
const shape = inputName.type.tensorType.shape.dim.slice(1).map((d) => Number(d.dimValue));
const layers = [];
for (const node of g.node) {
  if (node.opType === 'Relu') layers.push({ type: 'relu' });
  else if (node.opType === 'Gemm') {
    if (attr(node, 'alpha', 1) !== 1 || attr(node, 'beta', 1) !== 1 || attr(node, 'transA', 0) !== 0) throw new Error(`${node.name}: unsupported Gemm attributes`);
    const W = inits.get(node.input[1]);
    const B = inits.get(node.input[2]);
    const transB = attr(node, 'transB', 0);
    const [r, c] = W.dims;
    const out = transB ? r : c;
    const inn = transB ? c : r;
    const weights = Array.from({ length: out }, (_, o) => Array.from({ length: inn }, (_, i) => (transB ? W.data[o * c + i] : W.data[i * c + o])));
    layers.push({ type: 'dense', weights, bias: B.data.slice() });
  } else if (node.opType === 'Flatten' || node.opType === 'Identity') continue;
  else throw new Error(`unsupported node ${node.opType} (${node.name})`);
}
const out = { format: 'bsml-model', version: 1, name: opt('--name') ?? file.replace(/^.*\//, '').replace(/\.onnx$/, ''), input: { shape, range }, layers };
process.stdout.write(JSON.stringify(out) + '\n');
