/** The report's charts: vega-lite specifications rendered to SVG in Node (no browser needed). */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { SweepPoint } from './sweep.js';

/** Renders a vega-lite specification to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The points no other point beats on both size (smaller) and accuracy (higher), by size. */
export function paretoFront(points: readonly SweepPoint[]): SweepPoint[] {
  const sorted = [...points].sort((a, b) => a.scriptBytes - b.scriptBytes || b.scriptAccuracy - a.scriptAccuracy);
  const front: SweepPoint[] = [];
  for (const p of sorted) if (!front.length || p.scriptAccuracy > front[front.length - 1]!.scriptAccuracy) front.push(p);
  return front;
}

const fracLabel = (p: SweepPoint) => (p.setting === 'auto' ? 'auto' : String(p.setting));

/**
 * The script's accuracy against its size, one point per compiled setting (colour: weight scheme, and
 * rescale mode when the sweep has both; shape: fractional bits), with the Pareto front and the float
 * model's accuracy as a reference line.
 */
export function tradeoffSpec(points: readonly SweepPoint[], floatAccuracy: number): TopLevelSpec {
  const bothRescales = new Set(points.map((p) => p.rescale)).size > 1;
  const values = points.map((p) => ({
    scheme: bothRescales ? `${p.weights} ${p.rescale}` : p.weights,
    rescale: p.rescale,
    frac: fracLabel(p),
    bytes: p.scriptBytes,
    accuracy: p.scriptAccuracy,
    fee: p.fee,
  }));
  const front = paretoFront(points).map((p) => ({ bytes: p.scriptBytes, accuracy: p.scriptAccuracy }));
  const x = { field: 'bytes', type: 'quantitative' as const, title: 'script size (bytes)', scale: { zero: false } };
  const y = { field: 'accuracy', type: 'quantitative' as const, title: 'test accuracy of the script', axis: { format: '.0%' }, scale: { zero: false } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Accuracy / script size trade-off',
    width: 520,
    height: 320,
    layer: [
      { data: { values: front }, mark: { type: 'line', color: '#999', strokeDash: [4, 3] }, encoding: { x, y } },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x,
          y,
          color: { field: 'scheme', type: 'nominal', title: bothRescales ? 'weights, rescale' : 'weights' },
          shape: { field: 'frac', type: 'nominal', title: 'fractional bits' },
          tooltip: [{ field: 'scheme' }, { field: 'rescale' }, { field: 'frac' }, { field: 'bytes' }, { field: 'accuracy', format: '.2%' }, { field: 'fee' }],
        },
      },
      {
        data: { values: [{ accuracy: floatAccuracy, label: `float model ${(floatAccuracy * 100).toFixed(1)}%` }] },
        layer: [
          { mark: { type: 'rule', color: '#d62728', strokeDash: [2, 2] }, encoding: { y: { field: 'accuracy', type: 'quantitative' } } },
          { mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#d62728' }, encoding: { y: { field: 'accuracy', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } } },
        ],
      },
    ],
  };
}

/** A confusion matrix heatmap: rows are true labels, columns the script's classes. */
export function confusionSpec(confusion: readonly (readonly number[])[]): TopLevelSpec {
  const values = confusion.flatMap((row, label) => row.map((n, cls) => ({ label: String(label), cls: String(cls), n })));
  const max = Math.max(1, ...values.map((v) => v.n));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Confusion matrix (script)',
    data: { values },
    width: 300,
    height: 300,
    encoding: {
      x: { field: 'cls', type: 'ordinal', title: 'script class' },
      y: { field: 'label', type: 'ordinal', title: 'true label' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'n', type: 'quantitative', title: 'rows', scale: { scheme: 'blues' } } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'n', type: 'quantitative' },
          color: { condition: { test: `datum.n > ${max / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}
