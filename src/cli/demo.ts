/** `bsml demo [--out DIR] [--engine all|ts|native|batch] [--rows N] [--no-report] [--json]`. */
import { DEMO_META, runDemo } from '../demo/demo.js';
import { DEMO_ENGINES, type DemoEngine } from '../demo/pipeline.js';
import { writeReport } from '../demo/report.js';
import { demoFailures, summaryRows } from '../demo/summary.js';
import { progressBars } from './progress.js';
import { parseCli, UsageError } from './usage.js';

export async function demoCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(argv, {
    out: { type: 'string', short: 'o' },
    engine: { type: 'string' },
    rows: { type: 'string' },
    'no-report': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const engine = values.engine ?? 'all';
  if (engine !== 'all' && !(DEMO_ENGINES as readonly string[]).includes(engine)) {
    throw new UsageError(`unknown engine ${JSON.stringify(engine)} (expected all, ${DEMO_ENGINES.join(', ')})`);
  }
  const engines: DemoEngine[] | undefined = engine === 'all' ? undefined : [engine as DemoEngine];
  let rows: number | undefined;
  if (values.rows !== undefined) {
    rows = Number(values.rows);
    if (!Number.isInteger(rows) || rows < 1) throw new UsageError(`--rows: expected a positive integer, got ${JSON.stringify(values.rows)}`);
  }
  const r = await runDemo({ engines, rows, progress: values.json ? undefined : progressBars() });
  const files = values['no-report'] ? undefined : await writeReport(values.out ?? 'demo-report', r, DEMO_META);
  const failures = demoFailures(r);
  if (values.json) {
    const { compiled, ...rest } = r;
    process.stdout.write(JSON.stringify({ ...rest, options: compiled.options, report: compiled.report, files, failures }) + '\n');
  } else {
    const rowsOut = summaryRows(r);
    const w = Math.max(...rowsOut.map(([k]) => k.length));
    process.stdout.write(`\n${DEMO_META.title}\n${r.rows} test rows; ${DEMO_META.model}\n\n`);
    for (const [k, v] of rowsOut) process.stdout.write(`  ${k.padEnd(w)}  ${v}\n`);
    if (files) process.stdout.write(`\nreport: ${files.html} (and ${files.md})\n`);
    for (const f of failures) process.stderr.write(`bsml demo: FAILED: ${f}\n`);
  }
  return failures.length ? 1 : 0;
}
