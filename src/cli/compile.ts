/** `bsml compile MODEL.json ... -o OUT_DIR`: compiles a model to tapscript. */
import { compareAll, compareTable } from '../compiler/compare.js';
import { compileModel, type CompileOptions } from '../compiler/compile.js';
import { checkOutDir, OUT_DIR_FILES, writeOutDir, reportFile } from '../compiler/artifact.js';
import { outputModeName } from '../compiler/program.js';
import { warningLine } from '../compiler/warnings.js';
import type { WeightScheme } from '../compiler/intmodel.js';
import type { RescaleMode } from '../compiler/program.js';
import { readDataset } from '../models/csv.js';
import { inputSize } from '../models/validate.js';
import { readModelFile } from './model-args.js';
import { asUsage, refuseStdoutDir, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { printable } from '../io/quote.js';
import { COMPILE_SPEC } from './spec/compile.js';

export async function compileCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(COMPILE_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected exactly one MODEL.json or MODEL.onnx');
  if (!values.out) throw new UsageError('missing -o OUT_DIR');
  refuseStdoutDir(values.out, '-o -', 'compile', OUT_DIR_FILES);
  asUsage(() => checkOutDir(values.out!));
  const model = readModelFile(positionals[0]!, values['input-range'], values.calibrate);
  const fb = values['frac-bits'];
  if (fb !== 'auto' && !/^-?\d+$/.test(fb)) throw new UsageError(`--frac-bits: expected an integer or auto, got ${JSON.stringify(fb)}`);
  const options: CompileOptions = {
    target: values.target,
    weights: values.weights as WeightScheme | undefined,
    fracBits: fb === 'auto' ? 'auto' : Number(fb),
    rescale: values.rescale as RescaleMode | undefined,
    output: values.output,
  };
  if (values.calibrate) options.calibration = asUsage(() => readDataset(values.calibrate!, inputSize(model)).inputs);
  const c = asUsage(() => compileModel(model, options));
  const compare = values.compare ? asUsage(() => compareAll(model, options)) : undefined;
  asUsage(() => writeOutDir(values.out!, c, compare));
  // After the results: one line each on stderr.
  const warn = () => {
    for (const w of c.warnings) process.stderr.write(`bsml compile: warning: ${warningLine(w)}\n`);
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(reportFile(c, compare)) + '\n');
    warn();
    return 0;
  }
  const r = c.report;
  const lines = [
    `compiled ${printable(model.name ?? positionals[0]!)} for ${c.options.target} -> ${values.out}`,
    `  weights ${c.options.weights}, rescale ${c.options.rescale}, output ${outputModeName(c.options.output)}, frac bits ${c.options.fracBits.join(',')} (${c.options.fracBitsMode})`,
    `  script ${r.scriptBytes} bytes (${r.opcodes} opcodes), ${r.nonzeroWeights} nonzero weights, ${r.bytesPerWeight.toFixed(2)} B/weight`,
    `  witness ${r.witnessItems} items, <= ${r.witnessBytesMax} bytes; peak stack ${r.peakStackItems} items`,
    `  spend: witness weight ${r.spend.witnessWeight} WU, ${r.spend.vbytes} vB, fee ${r.spend.fee} sat at ${r.spend.feerate} sat/vB`,
  ];
  if (compare) lines.push('', compareTable(compare));
  process.stdout.write(lines.join('\n') + '\n');
  warn();
  return 0;
}
