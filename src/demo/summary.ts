/** The demo's numbers as labelled rows and tables, shared by the CLI printout and the report. */
import type { PipelineResult } from './pipeline.js';

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

/** The sweep as a table: header + rows. */
export function sweepTable(r: PipelineResult): string[][] {
  return [
    ['weights', 'frac bits (per layer)', 'script bytes', 'opcodes', 'bytes/weight', 'accuracy', 'fee (sat)'],
    ...r.sweep.map((p) => [
      p.weights,
      `${p.setting === 'auto' ? 'auto: ' : ''}${p.fracBits.join('/')}`,
      int(p.scriptBytes),
      int(p.opcodes),
      p.bytesPerWeight.toFixed(2),
      pct(p.quantizedAccuracy),
      int(p.fee),
    ]),
  ];
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
