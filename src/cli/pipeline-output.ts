/** Printing a pipeline result (demo, report): the summary rows for people, one JSON object for machines. */
import type { PipelineResult } from '../demo/pipeline.js';
import type { ReportFiles } from '../demo/report.js';
import { demoFailures, summaryRows } from '../demo/summary.js';
import { warningLine } from '../compiler/warnings.js';

/** The `--json` object: everything measured, the resolved compile options and cost report, the files written, the failed checks. */
export function pipelineJson(r: PipelineResult, files?: ReportFiles): string {
  const { compiled, ...rest } = r;
  return JSON.stringify({ ...rest, options: compiled.options, report: compiled.report, warnings: compiled.warnings, files, failures: demoFailures(r) });
}

/** Writes the summary table to stdout, each compile warning and failed check to stderr; returns the exit code (1 when a check failed). */
export function printPipeline(command: string, r: PipelineResult, heading: string, files?: ReportFiles): number {
  const rows = summaryRows(r);
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${heading}\n\n`);
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(w)}  ${v}\n`);
  if (files) process.stdout.write(`\nreport: ${files.html} (and ${files.md})\n`);
  for (const w of r.compiled.warnings) process.stderr.write(`bsml ${command}: warning: ${warningLine(w)}\n`);
  const failures = demoFailures(r);
  for (const f of failures) process.stderr.write(`bsml ${command}: FAILED: ${f}\n`);
  return failures.length ? 1 : 0;
}
