/** Text rendering of a debug session: script listing, stacks, step lines, whole traces. */
import { toHex } from '../script/bytes.js';
import { describeItem, type DebugSession, type DebugView } from './session.js';

/** Stacks, top first, one item a line, numbers decoded. */
export function formatStacks(v: DebugView): string {
  const lines: string[] = [];
  lines.push(`stack (${v.stack.length}${v.stack.length ? ', top first' : ''}):`);
  for (let i = v.stack.length - 1; i >= 0; i--) lines.push(`  ${String(v.stack.length - 1 - i).padStart(3)}: ${describeItem(v.stack[i]!)}`);
  if (v.altstack.length) {
    lines.push(`altstack (${v.altstack.length}, top first):`);
    for (let i = v.altstack.length - 1; i >= 0; i--) lines.push(`  ${String(v.altstack.length - 1 - i).padStart(3)}: ${describeItem(v.altstack[i]!)}`);
  }
  return lines.join('\n');
}

/** One line saying where the cursor is. */
export function formatPosition(s: DebugSession, v: DebugView): string {
  const where = v.next ? `next #${v.next.index} @${v.next.pos} ${v.next.text}` : 'end of script';
  const did = v.last ? `; ran #${v.last.index} ${v.last.text}${v.lastExecuted === false ? ' (not executed)' : ''}` : '';
  const label = v.label ? `  [${v.label}]` : '';
  let line = `step ${v.cursor}/${v.total}: ${where}${did}${label}`;
  if (v.finished) {
    line += v.finished.success
      ? '\nfinished: success'
      : `\nfinished: failure ${v.finished.error}${v.next ? ` (stopped at #${v.next.index} ${v.next.text})` : ''}`;
  }
  return line;
}

/** The whole script on one line with the next instruction marked >>like this<< and breakpoints with '*'. */
export function formatScriptLine(s: DebugSession, v: DebugView): string {
  return s.ops
    .map((op) => {
      const t = (s.breakpoints.has(op.index) ? '*' : '') + op.text;
      return v.next && op.index === v.next.index ? `>>${t}<<` : t;
    })
    .join(' ');
}

/** A listing of `radius` instructions around the next one. */
export function formatListing(s: DebugSession, v: DebugView, radius = 5): string {
  const center = v.next?.index ?? s.ops.length;
  const from = Math.max(0, center - radius);
  const to = Math.min(s.ops.length - 1, center + radius);
  const lines: string[] = [];
  for (let i = from; i <= to; i++) {
    const op = s.ops[i]!;
    const mark = v.next && i === v.next.index ? '=>' : '  ';
    const bp = s.breakpoints.has(i) ? '*' : ' ';
    lines.push(`${mark}${bp}${String(i).padStart(5)} @${String(op.pos).padEnd(6)} ${op.text}`);
  }
  return lines.join('\n');
}

/** Every step of the trace, one line each, then the outcome (the non-interactive --trace). */
export function formatTrace(s: DebugSession): string {
  const hex = (st: Uint8Array[]) => st.map((x) => (x.length ? toHex(x) : "''")).join(' ');
  const lines = s.steps.map((t, k) => {
    const op = s.stepOp(k)!;
    const label = s.sourceMap.find((r) => op.index >= r.from && op.index <= r.to)?.label;
    const alt = t.altstack.length ? `  alt: [${hex(t.altstack)}]` : '';
    return `${String(k + 1).padStart(5)} #${String(op.index).padEnd(5)} ${(t.executed ? '' : '(skip) ') + op.text}`.padEnd(44) + `[${hex(t.stack)}]${alt}${label ? `  <${label}>` : ''}`;
  });
  const saved = s.cursor;
  lines.push(formatPosition(s, s.goto(s.total)).split('\n').pop()!);
  s.goto(saved);
  return lines.join('\n');
}
