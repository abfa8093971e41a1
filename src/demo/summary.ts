/** The demo's numbers as labelled rows and tables, shared by the CLI printout and the report. */
import type { PipelineResult } from './pipeline.js';
import type { SweepResult } from './sweep.js';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const int = (n: number) => n.toLocaleString('en-US');

/** `[label, value]` rows: accuracies, agreement, cost, speed. */
export function summaryRows(r: PipelineResult): [string, string][] {
  const c = r.compiled;
  const rep = c.report;
  const rows: [string, string][] = [];
  if (r.accuracy.reference !== undefined) rows.push(['PyTorch accuracy (its logits)', pct(r.accuracy.reference)]);
  rows.push(
    ['float accuracy (imported model)', pct(r.accuracy.float)],
    [`quantized accuracy (${c.options.weights}, integer reference)`, pct(r.accuracy.quantized)],
    ['script accuracy', pct(r.accuracy.script)],
    ['script vs reference agreement', `${r.scriptVsReference}/${r.rows} (${pct(r.scriptVsReference / r.rows)})`],
    ['quantized vs float agreement', `${r.quantizedVsFloat}/${r.rows} (${pct(r.quantizedVsFloat / r.rows)})`],
  );
  if (r.wrongClaims.tried) rows.push(['wrong claimed classes rejected', `${r.wrongClaims.rejected}/${r.wrongClaims.tried}`]);
  rows.push(
    ['script size', `${int(rep.scriptBytes)} bytes (${rep.bytesPerWeight.toFixed(2)} bytes per nonzero weight, ${int(rep.nonzeroWeights)} weights)`],
    ['opcodes', `${int(rep.opcodes)} (+ ${int(rep.pushes)} pushes)`],
    ['witness', `${rep.witnessItems} items, up to ${int(rep.witnessBytesMax)} bytes; peak stack ${rep.peakStackItems} items`],
    ['spend witness weight', `${int(rep.spend.witnessWeight)} WU (${int(rep.spend.vbytes)} vB tx)`],
    ['fee', `${int(rep.spend.fee)} sat at ${rep.spend.feerate} sat/vB`],
    ['Taproot address (mainnet, script path only)', r.taprootAddress],
  );
  for (const e of r.engines) {
    rows.push([`evaluations/s (${e.engine})`, e.available ? `${int(Math.round(e.evalsPerSecond))} (${r.rows} rows in ${e.seconds.toFixed(2)} s)` : `n/a: ${e.note}`]);
  }
  return rows;
}

/** The sweep as a table (header + one row per compiled setting): the numbers behind the trade-off chart. */
export function sweepTable(s: SweepResult): string[][] {
  return [
    ['weights', 'rescale', 'frac bits (per tensor)', 'script bytes', 'opcodes', 'bytes/weight', 'quantized acc.', 'script acc.', 'script = reference', 'witness WU', 'fee (sat)'],
    ...s.points.map((p) => [
      p.weights,
      p.rescale,
      `${p.setting === 'auto' ? 'auto: ' : ''}${p.fracBits.join('/')}`,
      int(p.scriptBytes),
      int(p.opcodes),
      p.bytesPerWeight.toFixed(2),
      pct(p.quantizedAccuracy),
      pct(p.scriptAccuracy),
      `${p.agreement}/${s.rows}`,
      int(p.witnessWeight),
      int(p.fee),
    ]),
  ];
}

/** The sweep's settings that could not be compiled, one line each. */
export function sweepSkippedLines(s: SweepResult): string[] {
  return s.skipped.map((k) => `${k.weights} / frac bits ${k.setting} / ${k.rescale}: ${k.reason}`);
}

/** A plain-text table: columns padded, text left-aligned, numbers right-aligned. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const numeric = (c: number) => rows.slice(1).every((r) => /^[\d,.%/: -]*$/.test(r[c] ?? '') && /\d/.test(r[c] ?? ''));
  const right = widths.map((_, c) => rows.length > 1 && numeric(c));
  return rows.map((r) => r.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/** The confusion matrix as a table (rows: true label; columns: script class). */
export function confusionTable(r: PipelineResult): string[][] {
  return [['label \\ script', ...r.confusion.map((_, k) => String(k))], ...r.confusion.map((row, k) => [String(k), ...row.map(String)])];
}

/** Checks the demo's invariants; returns the failures (empty when all hold). */
export function demoFailures(r: PipelineResult): string[] {
  const f: string[] = [];
  if (r.scriptVsReference !== r.rows) f.push(`the script disagreed with the integer reference on ${r.rows - r.scriptVsReference} of ${r.rows} rows`);
  if (r.wrongClaims.rejected !== r.wrongClaims.tried) f.push(`the script accepted ${r.wrongClaims.tried - r.wrongClaims.rejected} wrong claimed classes`);
  return f;
}
