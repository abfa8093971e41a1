/** Turning a compiler source map (byte ranges → model locations) into debugger labels. */
import type { ScriptOp, SourceRange } from './session.js';

/** A compiler source-map entry: bytes [start, end) of the script come from `source`. */
export interface ByteRangeSource {
  start: number;
  end: number;
  source: { layer: number; neuron?: number; what: string };
}

/** "layer L neuron N", "input checks" or "output". */
export function describeSource(s: ByteRangeSource['source']): string {
  if (s.what === 'neuron') return `layer ${s.layer} neuron ${s.neuron}`;
  if (s.what === 'check-input') return 'input checks';
  if (s.what === 'output') return 'output';
  return s.neuron === undefined ? `${s.what} (layer ${s.layer})` : `${s.what} (layer ${s.layer} neuron ${s.neuron})`;
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
