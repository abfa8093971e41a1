/** Turning a compiler source map (byte ranges → model locations) into debugger labels. */
import type { ScriptOp, SourceRange } from './session.js';

/** A compiler source-map entry: bytes [start, end) of the script come from `source`. */
export interface ByteRangeSource {
  start: number;
  end: number;
  source: { layer: number; neuron?: number; what: string };
}

/**
 * The label of a source-map entry: "layer L neuron N", "layer L shared digit pairs", "end of layer
 * L", "input I range check", "output". Never prints a missing field: an entry without its neuron
 * (older program.json files) is labelled by what is there ("layer L").
 */
export function describeSource(s: ByteRangeSource['source']): string {
  const has = (n: number | undefined): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  const layer = has(s.layer) ? `layer ${s.layer}` : undefined;
  switch (s.what) {
    case 'neuron':
      if (layer) return has(s.neuron) ? `${layer} neuron ${s.neuron}` : layer;
      break;
    case 'shared':
      if (layer) return `${layer} shared digit pairs`;
      break;
    case 'layer-end':
      if (layer) return `end of ${layer}`;
      break;
    case 'check-input':
      return has(s.neuron) ? `input ${s.neuron} range check` : 'input checks';
    case 'output':
      return 'output';
  }
  const what = typeof s.what === 'string' && s.what !== '' ? s.what : 'code';
  const where = [layer, layer && has(s.neuron) ? `neuron ${s.neuron}` : undefined].filter(Boolean).join(' ');
  return where ? `${what} (${where})` : what;
}

/** Instruction-index ranges for the debugger from byte-range entries (innermost entry wins). */
export function sourceRangesFromBytes(entries: readonly ByteRangeSource[], ops: readonly ScriptOp[]): SourceRange[] {
  const ranges: SourceRange[] = [];
  // Narrower entries first, so a neuron inside a wider section is what the debugger shows.
  const sorted = [...entries].sort((a, b) => a.end - a.start - (b.end - b.start));
  for (const e of sorted) {
    const inside = ops.filter((op) => op.pos >= e.start && op.pos < e.end);
    if (inside.length === 0) continue;
    ranges.push({ from: inside[0]!.index, to: inside[inside.length - 1]!.index, label: describeSource(e.source) });
  }
  return ranges;
}
