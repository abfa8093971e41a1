/** `bsml demo [--out DIR] [--engine all|ts|native|batch] [--rows N] [--no-report] [--json]`. */
import { DEMO_META, runDemo } from '../demo/demo.js';
import { checkReportDir, REPORT_FILES, writeReport } from '../demo/report.js';
import { demoFailures } from '../demo/summary.js';
import { parseRows } from './model-args.js';
import { parsePipelineEngines } from './pipeline-args.js';
import { pipelineJson, printPipeline } from './pipeline-output.js';
import { progressBars } from './progress.js';
import { asUsage, asUsageAsync, refuseStdoutDir, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { DEMO_REPORT_DIR, DEMO_SPEC } from './spec/demo.js';

export async function demoCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(DEMO_SPEC, argv);
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const engines = parsePipelineEngines(values.engine);
  const rows = parseRows(values.rows);
  // The output directory is checked before the demo runs (README "Output paths": before any work).
  if (values['no-report'] && values.out !== undefined) {
    // Nothing would be written to the directory asked for (nor to stdout, for -): one of them is a mistake.
    throw new UsageError(
      `--out ${values.out} with --no-report: --out names where the report goes and --no-report writes none; drop one of them (--json prints the results on stdout)`,
    );
  }
  const out = values.out ?? DEMO_REPORT_DIR;
  if (!values['no-report']) {
    refuseStdoutDir(out, '--out -', 'demo', REPORT_FILES);
    asUsage(() => checkReportDir(out));
  }
  const r = await asUsageAsync(() => runDemo({ engines, rows, progress: values.json ? undefined : progressBars() }));
  const files = values['no-report'] ? undefined : await asUsageAsync(() => writeReport(out, r, DEMO_META));
  if (values.json) {
    process.stdout.write(pipelineJson(r, files) + '\n');
    return demoFailures(r).length ? 1 : 0;
  }
  return printPipeline('demo', r, `${DEMO_META.title}\n${r.rows} test rows; ${DEMO_META.model}`, files);
}
