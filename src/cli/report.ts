/**
 * `bsml report OUT_DIR [--model MODEL.json|MODEL.onnx --data FILE.csv [--input-range LO,HI |
 * --calibrate DATA.csv]] [--weights A,B] [--frac-bits auto,N] [--rescale hint,pure] [--rows N]
 * [--engine all|ts|native|batch] [--json]`: the demo pipeline and report on the embedded digits
 * model, or on the user's model and data.
 */
import { basename } from 'node:path';
import { DEMO_META, demoData, demoModel } from '../demo/demo.js';
import { runPipeline } from '../demo/pipeline.js';
import { checkReportDir, REPORT_FILES, writeReport, type ReportMeta } from '../demo/report.js';
import { REPORT_SWEEP_GRID } from '../demo/sweep-grid.js';
import { firstRows, readDataset } from '../models/csv.js';
import { describeModel, inputSize, outputSize } from '../models/validate.js';
import { calibrationOptions, parseRows, readModelFile } from './model-args.js';
import { parseGridArgs, parsePipelineEngines } from './pipeline-args.js';
import { pipelineJson, printPipeline } from './pipeline-output.js';
import { progressBars } from './progress.js';
import { asUsage, asUsageAsync, refuseStdoutDir, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { printable } from '../io/quote.js';
import { REPORT_SPEC } from './spec/report.js';
import { counted } from '../io/text.js';

/** The report's default grid: the sweep's, with the hint rescale only (the chart compares weights and fractional bits). */

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(REPORT_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected exactly one OUT_DIR');
  const out = positionals[0]!;
  if (values.model !== undefined && values.data === undefined) throw new UsageError('--model needs --data FILE.csv (the labelled rows to report on)');
  if (values.model === undefined && (values['input-range'] !== undefined || values.calibrate !== undefined)) {
    throw new UsageError('--input-range and --calibrate go with --model (the embedded model has its own range)');
  }
  const engines = parsePipelineEngines(values.engine);
  const grid = parseGridArgs(values, REPORT_SWEEP_GRID);
  const rows = parseRows(values.rows);
  refuseStdoutDir(out, '-', 'report', REPORT_FILES);
  asUsage(() => checkReportDir(out));

  const model = values.model === undefined ? demoModel() : readModelFile(values.model, values['input-range'], values.calibrate);
  const data = firstRows(values.data === undefined ? demoData() : asUsage(() => readDataset(values.data!, inputSize(model), outputSize(model))), rows);
  const meta: ReportMeta =
    values.model === undefined && values.data === undefined
      ? DEMO_META
      : {
          title: `bsml report: ${printable(model.name ?? basename(values.model ?? 'digits'))}`,
          model: `${values.model ?? DEMO_META.model}: ${describeModel(model)}`,
          data: values.data!,
        };
  // The cost table and confusion matrix are those of the first setting of each grid list.
  const compile = { ...(values.model ? calibrationOptions(model, values.calibrate) : {}), weights: grid.weights[0], fracBits: grid.fracBits[0], rescale: grid.rescale[0] };
  const r = await asUsageAsync(() => runPipeline(model, data, { compile, engines, sweep: grid, progress: values.json ? undefined : progressBars({ delayMs: 1000 }) }));
  const files = await asUsageAsync(() => writeReport(out, r, meta));
  if (values.json) {
    process.stdout.write(pipelineJson(r, files) + '\n');
    return r.scriptVsReference === r.rows && r.wrongClaims.rejected === r.wrongClaims.tried ? 0 : 1;
  }
  return printPipeline('report', r, `${meta.title}\n${counted(r.rows, 'row')}; ${meta.model}`, files);
}
