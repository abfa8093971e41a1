/**
 * The interactive debugger: reads commands line by line from any stream (a terminal or a test)
 * and writes what they show. Logic lives in DebugSession; this file only interprets commands.
 */
import { createInterface } from 'node:readline';
import { formatListing, formatPosition, formatScriptLine, formatStacks } from './format.js';
import type { DebugSession } from './session.js';

/** The help text of the interactive debugger. */
export const REPL_HELP = [
  'commands:',
  '  s | step [N]        run N instructions (default 1); "n"/"next" is the same',
  '  b | back [N]        undo N instructions',
  '  c | continue        run to the next breakpoint or the end (or the failing instruction)',
  '  r | reset           back to the start',
  '  bp N | break N      breakpoint at instruction N; "bp @P" at byte position P',
  '  del N               remove the breakpoint at instruction N ("del" alone removes all)',
  '  p | print           show the stacks (numbers decoded)',
  '  l | list [R]        list instructions around the next one (radius R, default 5)',
  '  asm                 the whole script, next instruction marked >>so<<',
  '  i | info            result, breakpoints, position',
  '  q | quit            leave',
].join('\n');

/** Runs one command; returns the text to print and whether to stop. */
export function runCommand(session: DebugSession, line: string): { output: string; quit?: boolean } {
  const [cmd = '', arg] = line.trim().split(/\s+/);
  const count = (): number | undefined => {
    if (arg === undefined) return 1;
    const n = Number(arg);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const show = () => {
    const v = session.view();
    return `${formatPosition(session, v)}\n${formatStacks(v)}`;
  };
  switch (cmd) {
    case '':
      return { output: '' };
    case 's': case 'step': case 'n': case 'next': {
      const n = count();
      if (n === undefined) return { output: `bad count ${JSON.stringify(arg)}` };
      session.step(n);
      return { output: show() };
    }
    case 'b': case 'back': {
      const n = count();
      if (n === undefined) return { output: `bad count ${JSON.stringify(arg)}` };
      session.back(n);
      return { output: show() };
    }
    case 'c': case 'continue':
      session.continue();
      return { output: show() };
    case 'r': case 'reset':
      session.goto(0);
      return { output: show() };
    case 'bp': case 'break': {
      if (arg === undefined) return { output: `breakpoints: ${[...session.breakpoints].sort((a, b) => a - b).join(', ') || 'none'}` };
      let index: number | undefined;
      if (arg.startsWith('@')) index = session.opAt(Number(arg.slice(1)))?.index;
      else if (/^\d+$/.test(arg) && Number(arg) < session.ops.length) index = Number(arg);
      if (index === undefined) return { output: `no instruction ${arg} (instructions 0..${session.ops.length - 1}, or @byte-position of one)` };
      session.breakpoints.add(index);
      return { output: `breakpoint at #${index} ${session.ops[index]!.text}` };
    }
    case 'del': {
      if (arg === undefined) {
        session.breakpoints.clear();
        return { output: 'all breakpoints removed' };
      }
      return { output: session.breakpoints.delete(Number(arg)) ? `removed breakpoint #${arg}` : `no breakpoint at #${arg}` };
    }
    case 'p': case 'print': case 'stack':
      return { output: formatStacks(session.view()) };
    case 'l': case 'list': {
      const r = arg === undefined ? 5 : Number(arg);
      return { output: formatListing(session, session.view(), Number.isInteger(r) && r >= 0 ? r : 5) };
    }
    case 'asm':
      return { output: formatScriptLine(session, session.view()) };
    case 'i': case 'info': {
      const r = session.result;
      return {
        output:
          `${session.ops.length} instructions, ${session.total} steps recorded; result: ${r.success ? 'success' : `failure ${r.error}`}\n` +
          `breakpoints: ${[...session.breakpoints].sort((a, b) => a - b).join(', ') || 'none'}\n` +
          formatPosition(session, session.view()),
      };
    }
    case 'h': case 'help': case '?':
      return { output: REPL_HELP };
    case 'q': case 'quit': case 'exit':
      return { output: '', quit: true };
    default:
      return { output: `unknown command ${JSON.stringify(cmd)}; type "help"` };
  }
}

/** Reads commands from `input` until "quit" or end of input, writing results to `output`. */
export async function runRepl(session: DebugSession, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, prompt = '(bsml debug) '): Promise<void> {
  const rl = createInterface({ input, terminal: false });
  const write = (s: string) => output.write(s);
  const v = session.view();
  write(`${session.ops.length} instructions, ${session.total} steps; type "help" for commands\n${formatPosition(session, v)}\n${formatStacks(v)}\n${prompt}`);
  for await (const line of rl) {
    const r = runCommand(session, line);
    if (r.output) write(r.output + '\n');
    if (r.quit) break;
    write(prompt);
  }
  rl.close();
}
