/** The demo report: report.html (charts inline) and report.md (charts as SVG files next to it). */
import { join } from 'node:path';
import { warningLine } from '../compiler/warnings.js';
import { checkReplaceableDir, writeDirAtomic } from '../io/write-dir.js';
import { confusionSpec, renderSvg, tradeoffSpec } from './charts.js';
import type { PipelineResult } from './pipeline.js';
import { confusionTable, summaryRows, sweepSkippedLines, sweepTable } from './summary.js';

/** What the report says about the model and data. */
export interface ReportMeta {
  title: string;
  /** One line: the model and where it came from. */
  model: string;
  /** One line: the data set and its attribution. */
  data: string;
}

/** The files written by {@link writeReport}. */
export interface ReportFiles {
  html: string;
  md: string;
  svgs: string[];
}

const SWEEP_NOTE =
  'Each point is one compile of the same model; its script was run on every test row. The script computes the integer model exactly, so its accuracy equals the integer model\'s (the "script = reference" column must show every row).';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(rows: string[][], header = true): string {
  const [head, ...body] = header ? rows : [[], ...rows];
  const th = head!.length ? `<thead><tr>${head!.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` : '';
  return `<table>${th}<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function mdTable(rows: string[][]): string {
  const [head, ...body] = rows;
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head!), `| ${head!.map(() => '---').join(' | ')} |`, ...body.map(line)].join('\n');
}

/** The files a report writes (`bsml report`, `bsml demo`). */
export const REPORT_FILES: readonly string[] = ['report.html', 'report.md', 'tradeoff.svg', 'confusion.svg'];

/**
 * The files of a report directory; `report.png` is where scripts/render-report.sh puts its
 * screenshot, recording it in the directory's output record (see {@link checkReplaceableDir}) so
 * that a later report may replace it.
 */
export const REPORT_FILE_NAMES: readonly string[] = [...REPORT_FILES, 'report.png'];

/** The report's files, name -> content: report.html (charts inline), report.md, tradeoff.svg, confusion.svg. */
export async function renderReport(r: PipelineResult, meta: ReportMeta): Promise<Record<string, string>> {
  const tradeoff = await renderSvg(tradeoffSpec(r.sweep.points, r.accuracy.float));
  const confusion = await renderSvg(confusionSpec(r.confusion));

  const summary = [['measure', 'value'], ...summaryRows(r)];
  const o = r.compiled.options;
  const settings = `target ${o.target}, weights ${o.weights}, fractional bits ${o.fracBits.join('/')} (${o.fracBitsMode}), rescale ${o.rescale}, output ${o.output.kind}`;
  const skipped = sweepSkippedLines(r.sweep);
  // The compile's warnings (as the CLI prints them on stderr): a reader of the report alone sees them too.
  const warnings = r.compiled.warnings.map((w) => warningLine(w));

  const md = [
    `# ${meta.title}`,
    '',
    `Model: ${meta.model}`,
    '',
    `Data: ${meta.data}`,
    '',
    `Compiled with ${settings}; ${r.rows} test rows.`,
    '',
    ...(warnings.length ? ['Warnings of this compile:', '', ...warnings.map((w) => `- ${w}`), ''] : []),
    mdTable(summary),
    '',
    '## Accuracy / script size',
    '',
    SWEEP_NOTE,
    '',
    '![accuracy / script size trade-off](tradeoff.svg)',
    '',
    mdTable(sweepTable(r.sweep)),
    ...(skipped.length ? ['', 'Settings that could not be compiled:', '', ...skipped.map((s) => `- ${s}`)] : []),
    '',
    '## Confusion matrix (script)',
    '',
    '![confusion matrix](confusion.svg)',
    '',
    mdTable(confusionTable(r)),
    '',
  ].join('\n');

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(meta.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}
th{background:#f3f3f3}.wide{overflow-x:auto}.wide table{font-size:.9em}.wide td{white-space:nowrap}.charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
</style></head><body>
<h1>${esc(meta.title)}</h1>
<p>Model: ${esc(meta.model)}</p>
<p>Data: ${esc(meta.data)}</p>
<p>Compiled with ${esc(settings)}; ${r.rows} test rows.</p>
${warnings.length ? `<p>Warnings of this compile:</p><ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>\n` : ''}${htmlTable(summary)}
<h2>Accuracy / script size</h2>
<p>${esc(SWEEP_NOTE)}</p>
<div class="charts">${tradeoff}</div>
<div class="wide">${htmlTable(sweepTable(r.sweep))}</div>
${skipped.length ? `<p>Settings that could not be compiled:</p><ul>${skipped.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : ''}
<h2>Confusion matrix (script)</h2>
<div class="charts">${confusion}${htmlTable(confusionTable(r))}</div>
</body></html>
`;
  return { 'report.html': html, 'report.md': md, 'tradeoff.svg': tradeoff, 'confusion.svg': confusion };
}

/** Throws {@link OutputDirError} unless {@link writeReport} may write `dir` (missing, or holding only an earlier report's files, unchanged). */
export function checkReportDir(dir: string): void {
  checkReplaceableDir(dir, isReportFile, reportWroteBefore);
}

const isReportFile = (name: string) => REPORT_FILE_NAMES.includes(name);

/**
 * True for a file that a report or demo from before the output record (see
 * {@link checkReplaceableDir}) wrote: its content begins as that version wrote it (report.md under
 * a `# bsml report:` / `# bsml demo:` title, report.html with that title, the charts as vega's SVG
 * renderer writes them), so `npm start` still replaces the demo-report directory an older bsml left,
 * while a file of the user's with one of these names is refused. A screenshot (report.png) is
 * never recognised by content: without a record it is the user's to remove.
 */
function reportWroteBefore(name: string, content: Buffer): boolean {
  const head = content.subarray(0, 512).toString('utf8');
  if (name === 'report.md') return /^# bsml (report|demo): /.test(head);
  if (name === 'report.html') return /^<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>bsml (report|demo): /.test(head);
  if (name.endsWith('.svg')) return head.startsWith('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" class="marks" ');
  return false;
}

/**
 * Writes the report into `dir`, atomically (see {@link writeDirAtomic}): a directory that exists
 * must hold only an earlier report's files, unchanged (and the screenshot
 * scripts/render-report.sh adds to its record), which are replaced.
 * @throws {@link OutputDirError} when `dir` holds other files or cannot be written.
 */
export async function writeReport(dir: string, r: PipelineResult, meta: ReportMeta): Promise<ReportFiles> {
  const files = await renderReport(r, meta);
  writeDirAtomic(dir, files, isReportFile, reportWroteBefore);
  return { html: join(dir, 'report.html'), md: join(dir, 'report.md'), svgs: [join(dir, 'tradeoff.svg'), join(dir, 'confusion.svg')] };
}
