/** `bsml eval OUT_DIR --data FILE.csv [--engine auto|ts|native] [--json]`. */
import { readOutDir } from '../compiler/artifact.js';
import { evaluateProgram } from '../compiler/evaluate.js';
import { parseEngineName } from '../engine/index.js';
import { readDataset } from '../models/csv.js';
import { outputSize } from '../models/validate.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { EVAL_SPEC } from './spec/eval.js';
import { counted } from '../io/text.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(2)}%`);

export async function evalCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(EVAL_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected exactly one OUT_DIR');
  if (!values.data) throw new UsageError('missing --data FILE.csv');
  const p = asUsage(() => readOutDir(positionals[0]!));
  const n = p.file.quantized.inputRange.length;
  const ds = asUsage(() => readDataset(values.data!, n, outputSize(p.file.model)));
  if (!ds.inputs.length) throw new UsageError(`${values.data}: no data rows`);
  const engine = values.engine === undefined ? undefined : asUsage(() => parseEngineName(values.engine!));
  const s = asUsage(() => evaluateProgram(p, ds.inputs, ds.labels, engine));
  if (values.json) process.stdout.write(JSON.stringify(s) + '\n');
  else {
    process.stdout.write(
      [
        `${counted(s.rows, 'row')} (${p.file.options.weights}, ${p.file.options.rescale}, ${p.file.options.output})`,
        `  accuracy: float ${pct(s.float_accuracy)}, quantized ${pct(s.quantized_accuracy)}, script ${pct(s.script_accuracy)}`,
        `  quantized vs float classes agree on ${pct(s.quantized_float_agreement)}`,
        `  script vs integer reference: ${s.reference_mismatches} mismatches, ${s.script_failures} unexpected failures` +
          (s.out_of_range_rows ? ` (${counted(s.out_of_range_rows, 'row')} outside the declared input range)` : ''),
      ].join('\n') + '\n',
    );
  }
  return s.reference_mismatches === 0 ? 0 : 1;
}
