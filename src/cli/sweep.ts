/**
 * `bsml sweep MODEL --data FILE.csv [--input-range LO,HI | --calibrate DATA.csv] [--weights A,B]
 * [--frac-bits auto,N] [--rescale hint,pure] [--rows N] [--engine auto|batch|ts] [--json]`.
 */
import { firstRows, readDataset } from '../models/csv.js';
import { inputSize, outputSize } from '../models/validate.js';
import { runSweep, sweepFailures } from '../demo/sweep.js';
import { warningLine } from '../compiler/warnings.js';
import { sweepSkippedLines, sweepTable, textTable } from '../demo/summary.js';
import { calibrationOptions, parseRows, readModelFile } from './model-args.js';
import { parseGridArgs } from './pipeline-args.js';
import { progressBars } from './progress.js';
import { asUsage, asUsageAsync, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { printable } from '../io/quote.js';
import { SWEEP_SPEC } from './spec/sweep.js';
import { counted } from '../io/text.js';

const ENGINES = ['auto', 'batch', 'ts'] as const;

export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(SWEEP_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected exactly one MODEL.json or MODEL.onnx');
  if (values.data === undefined) throw new UsageError('missing --data FILE.csv (labelled rows to evaluate every script on)');
  const engine = values.engine;
  if (!(ENGINES as readonly string[]).includes(engine)) throw new UsageError(`unknown engine ${JSON.stringify(engine)} (expected ${ENGINES.join(', ')})`);
  const grid = parseGridArgs(values);
  const rows = parseRows(values.rows);
  const path = positionals[0]!;
  const model = readModelFile(path, values['input-range'], values.calibrate);
  const data = firstRows(asUsage(() => readDataset(values.data!, inputSize(model), outputSize(model))), rows);
  const s = await asUsageAsync(() =>
    runSweep(model, data, { grid, compile: calibrationOptions(model, values.calibrate), engine: engine as (typeof ENGINES)[number], progress: progressBars({ delayMs: 1000 }) }),
  );
  const failures = sweepFailures(s);
  // After the results (one line each on stderr); the suggested scheme's rows are in the table
  // when the grid has it, so it is suggested only when it does not.
  const warn = () => {
    for (const w of s.warnings) process.stderr.write(`bsml sweep: warning: ${warningLine(w, !(w.code === 'WEIGHTS_ZEROED' && s.grid.weights.includes(w.suggestion!)))}\n`);
  };
  // No setting of the grid compiled: the options asked for nothing that can be built (as a compile
  // refused by its range proof), so bad input, exit 2, after the reasons.
  const none = () => {
    const where = values.json ? 'the reasons are in "skipped"' : 'the reasons are under "not compiled"';
    process.stderr.write(`bsml sweep: no setting compiled (${s.skipped.length} of ${s.skipped.length} refused; ${where})\n`);
    return 2;
  };
  if (values.json) {
    process.stdout.write(JSON.stringify({ model: model.name ?? path, data: values.data, ...s, failures }) + '\n');
    warn();
    if (!s.points.length) return none();
    return failures.length ? 1 : 0;
  }
  const lines = [
    `sweep of ${printable(model.name ?? path)} on ${values.data}: ${counted(s.rows, 'row')}, float accuracy ${(s.floatAccuracy * 100).toFixed(2)}%; ` +
      `${s.points.length} of ${s.points.length + s.skipped.length} settings compiled, scripts run on the ${s.engine} engine in ${s.seconds.toFixed(1)} s`,
    '',
    textTable(sweepTable(s)),
  ];
  const skipped = sweepSkippedLines(s);
  if (skipped.length) lines.push('', 'not compiled:', ...skipped.map((k) => `  ${k}`));
  process.stdout.write(lines.join('\n') + '\n');
  warn();
  for (const f of failures) process.stderr.write(`bsml sweep: FAILED: ${f}\n`);
  if (!s.points.length) return none();
  return failures.length ? 1 : 0;
}
