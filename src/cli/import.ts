/** `bsml import MODEL.onnx [-o MODEL.json|-] (--input-range LO,HI | --calibrate DATA.csv [--per-feature])`. */
import { loadModel, rangeFromOptions } from '../models/load.js';
import { describeModel } from '../models/validate.js';
import { parseInputRange } from '../models/range.js';
import { checkModelFileTarget, writeModelFile } from '../models/model-file.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { IMPORT_SPEC } from './spec/import.js';

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(IMPORT_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected one MODEL.onnx argument');
  if (values['input-range'] !== undefined && values.calibrate !== undefined) throw new UsageError('give --input-range or --calibrate, not both');
  if (values['per-feature'] && values.calibrate === undefined) throw new UsageError('--per-feature needs --calibrate DATA.csv');
  if (values.out !== undefined && values.output !== undefined) throw new UsageError('give -o/--out once (--output is its former name)');
  const path = positionals[0]!;
  // `-` (or no -o) is stdout; a file is checked before the work, as compile checks OUT_DIR.
  const out = values.out ?? values.output;
  const toFile = out !== undefined && out !== '-';
  if (toFile) asUsage(() => checkModelFileTarget(out));
  const inputRange = values['input-range'] === undefined ? undefined : asUsage(() => parseInputRange(values['input-range']!));
  const opts = { inputRange, calibrate: values.calibrate, perFeature: values['per-feature'], name: values.name };
  const model = asUsage(() => loadModel(path, opts));
  if (!toFile) {
    process.stdout.write(JSON.stringify(model) + '\n');
    return 0;
  }
  asUsage(() => writeModelFile(out, model));
  const size = model.input.shape.reduce((a, b) => a * b, 1);
  const from = inputRange ? 'given' : rangeFromOptions(size, opts)!.from;
  const r = model.input.range;
  const range = Array.isArray(r[0]) ? `${r.length} per-feature ranges` : `[${r[0]}, ${r[1]}]`;
  process.stdout.write(`${out}: ${describeModel(model)}; input range ${range} (${from})\n`);
  return 0;
}
