/** `--compare`: compile every weight scheme x rescale mode side by side. */
import type { Model } from '../models/model.js';
import type { CompareRow } from './artifact.js';
import { compileModel, type CompileOptions } from './compile.js';
import { WEIGHT_SCHEMES } from './intmodel.js';

/** Compiles the model under every scheme and rescale mode (other options as given). */
export function compareAll(model: Model, options: CompileOptions): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const weights of WEIGHT_SCHEMES) {
    for (const rescale of ['hint', 'pure'] as const) {
      try {
        const c = compileModel(model, { ...options, weights, rescale });
        const r = c.report;
        rows.push({
          weights, rescale, fracBits: c.options.fracBits, scriptBytes: r.scriptBytes, bytesPerWeight: r.bytesPerWeight, nonzeroWeights: r.nonzeroWeights,
          witnessBytesMax: r.witnessBytesMax, peakStackItems: r.peakStackItems, vbytes: r.spend.vbytes, fee: r.spend.fee,
        });
      } catch (e) {
        if (!(e instanceof Error && 'code' in e)) throw e;
        rows.push({ weights, rescale, error: e.message });
      }
    }
  }
  return rows;
}

/** A plain-text table of compare rows. */
export function compareTable(rows: readonly CompareRow[]): string {
  const head = ['weights', 'rescale', 'script B', 'B/weight', 'nonzero w', 'witness B', 'peak items', 'vbytes', 'fee'];
  const body = rows.map((r) =>
    r.error
      ? [r.weights, r.rescale, `error: ${r.error}`]
      : [r.weights, r.rescale, String(r.scriptBytes), r.bytesPerWeight!.toFixed(2), String(r.nonzeroWeights), String(r.witnessBytesMax), String(r.peakStackItems), String(r.vbytes), String(r.fee)],
  );
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b.length > 3 || i < 2 ? (b[i] ?? '').length : 0))));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), ...body.map((b) => (b.length === 3 ? `${b[0]!.padEnd(w[0]!)}  ${b[1]!.padEnd(w[1]!)}  ${b[2]}` : line(b)))].join('\n');
}
