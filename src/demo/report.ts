/** The demo report: report.html (charts inline) and report.md (charts as SVG files next to it). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confusionSpec, renderSvg, tradeoffSpec } from './charts.js';
import type { PipelineResult } from './pipeline.js';
import { confusionTable, summaryRows, sweepTable } from './summary.js';

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

/** Writes report.html, report.md, tradeoff.svg and confusion.svg into `dir` (created if needed). */
export async function writeReport(dir: string, r: PipelineResult, meta: ReportMeta): Promise<ReportFiles> {
  mkdirSync(dir, { recursive: true });
  const tradeoff = await renderSvg(tradeoffSpec(r.sweep, r.accuracy.float));
  const confusion = await renderSvg(confusionSpec(r.confusion));
  const svgs = [join(dir, 'tradeoff.svg'), join(dir, 'confusion.svg')];
  writeFileSync(svgs[0]!, tradeoff);
  writeFileSync(svgs[1]!, confusion);

  const summary = [['measure', 'value'], ...summaryRows(r)];
  const o = r.compiled.options;
  const settings = `target ${o.target}, weights ${o.weights}, fractional bits ${o.fracBits.join('/')} (${o.fracBitsMode}), rescale ${o.rescale}, output ${o.output.kind}`;
  const skipped = r.sweepSkipped.map((s) => `${s.weights} / frac bits ${s.fracBits}: ${s.reason}`);

  const md = [
    `# ${meta.title}`,
    '',
    `Model: ${meta.model}`,
    '',
    `Data: ${meta.data}`,
    '',
    `Compiled with ${settings}; ${r.rows} test rows.`,
    '',
    mdTable(summary),
    '',
    '## Accuracy / script size',
    '',
    'Each point is one compile of the same model. The script computes the integer model exactly, so its accuracy is the integer model\'s.',
    '',
    '![accuracy / script size trade-off](tradeoff.svg)',
    '',
    mdTable(sweepTable(r)),
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
th{background:#f3f3f3}.charts{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
</style></head><body>
<h1>${esc(meta.title)}</h1>
<p>Model: ${esc(meta.model)}</p>
<p>Data: ${esc(meta.data)}</p>
<p>Compiled with ${esc(settings)}; ${r.rows} test rows.</p>
${htmlTable(summary)}
<h2>Accuracy / script size</h2>
<p>Each point is one compile of the same model. The script computes the integer model exactly, so its accuracy is the integer model's.</p>
<div class="charts">${tradeoff}</div>
${htmlTable(sweepTable(r))}
${skipped.length ? `<p>Settings that could not be compiled:</p><ul>${skipped.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : ''}
<h2>Confusion matrix (script)</h2>
<div class="charts">${confusion}${htmlTable(confusionTable(r))}</div>
</body></html>
`;
  const files = { html: join(dir, 'report.html'), md: join(dir, 'report.md'), svgs };
  writeFileSync(files.html, html);
  writeFileSync(files.md, md);
  return files;
}
