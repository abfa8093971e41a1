import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runRepl } from '../../src/debug/repl.js';
import { DebugSession, describeItem } from '../../src/debug/session.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { fromHex } from '../../src/script/bytes.js';
import { evaluate } from '../../src/vm/verify.js';
import { runCli } from '../helpers/cli.js';

const ok = () => new DebugSession(parseCoreAsm('2 3 ADD 5 EQUALVERIFY 1'), []);
const failing = () => new DebugSession(parseCoreAsm('2 3 ADD 6 EQUALVERIFY 1'), []);

/** Feeds `commands` to the interactive debugger and returns everything it printed. */
async function drive(session: DebugSession, commands: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d) => (text += String(d)));
  const done = runRepl(session, input, output);
  for (const c of commands) input.write(c + '\n');
  input.end();
  await done;
  return text;
}

describe('DebugSession', () => {
  it('steps forward and back over the interpreter trace, with the stacks of each step', () => {
    const s = ok();
    expect(s.total).toBe(6);
    expect(s.view().next?.text).toBe('2');
    expect(s.step(3).stack.map((x) => describeItem(x))).toEqual(['05 (5)']);
    expect(s.view().next?.text).toBe('5');
    expect(s.back().stack.length).toBe(2);
    const end = s.goto(99);
    expect(end.cursor).toBe(6);
    expect(end.finished).toEqual({ success: true, error: 'OK' });
    expect(s.goto(-5).cursor).toBe(0);
  });

  it('agrees with the interpreter at every step', () => {
    const script = parseCoreAsm('1 2 3 ROT DUP TOALTSTACK ADD FROMALTSTACK 0 IF 9 ELSE 8 ENDIF');
    const s = new DebugSession(script, [fromHex('07')]);
    const r = evaluate(script, [fromHex('07')], { trace: true });
    expect(s.total).toBe(r.trace!.length);
    for (let k = 1; k <= s.total; k++) expect(s.goto(k).stack).toEqual(r.trace![k - 1]!.stack);
    expect(s.result.stack).toEqual(r.stack);
  });

  it('stops at the failing instruction and at breakpoints', () => {
    const s = failing();
    s.breakpoints.add(2);
    expect(s.continue().next?.index).toBe(2);
    const end = s.continue();
    expect(end.finished).toEqual({ success: false, error: 'EQUALVERIFY' });
    expect(end.next?.text).toBe('OP_EQUALVERIFY');
  });
});

describe('interactive debugger (driven through its input stream)', () => {
  it('runs step, back, breakpoints, continue, print, list and quit', async () => {
    const out = await drive(failing(), ['step', 'step 2', 'print', 'bp 4', 'reset', 'c', 'back', 'asm', 'list 1', 'info', 'bogus', 'q', 'step']);
    expect(out).toContain('step 1/4: next #1 @1 3; ran #0 2');
    expect(out).toContain('step 3/4: next #3 @3 6; ran #2 OP_ADD');
    expect(out).toContain('breakpoint at #4 OP_EQUALVERIFY');
    expect(out).toContain('finished: failure EQUALVERIFY (stopped at #4 OP_EQUALVERIFY)');
    expect(out).toContain('0: 06 (6)');
    expect(out).toContain('2 3 OP_ADD >>6<< *OP_EQUALVERIFY 1');
    expect(out).toContain('=>     3 @3      6');
    expect(out).toContain('result: failure EQUALVERIFY');
    expect(out).toContain('unknown command "bogus"');
    // Nothing runs after quit: the last "step" is never answered.
    expect(out.trimEnd().endsWith('(bsml debug)')).toBe(true);
  });

  it('ends cleanly at the end of its input', async () => {
    const out = await drive(ok(), ['c']);
    expect(out).toContain('finished: success');
  });
});

describe('bsml debug', () => {
  it('--trace prints every step and the outcome; exit code follows the result', async () => {
    const r = await runCli(['debug', '--asm', '2 3 ADD 5 EQUALVERIFY 1', '--trace']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toMatch(/^\s+3 #2\s+OP_ADD\s+\[05\]$/);
    expect(lines[6]).toBe('finished: success');
    const bad = await runCli(['debug', '--hex', '5253935687', '--trace']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('finished: failure EVAL_FALSE');
  });

  it('debugs the leaf script of an OUT_DIR as tapscript with --witness items', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsml-dbg-'));
    writeFileSync(join(dir, 'script.hex'), '935587\n');
    const r = await runCli(['debug', dir, '--witness', '02,03', '--trace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OP_ADD');
    expect(r.stdout).toContain('finished: success');
    // Tapscript rules apply: two items left is CLEANSTACK.
    const c = await runCli(['debug', dir, '--witness', '01,02,03', '--trace']);
    expect(c.stdout).toContain('finished: failure CLEANSTACK');
    expect((await runCli(['debug', dir, '--asm', '1'])).code).toBe(2);
    expect((await runCli(['debug', '--asm', '1', '--break', '7'])).code).toBe(2);
  });
});

describe('source maps', () => {
  it('turns byte ranges into instruction ranges and labels steps (innermost range wins)', async () => {
    const { sourceRangesFromBytes } = await import('../../src/debug/sourcemap.js');
    const { decodeOps } = await import('../../src/debug/session.js');
    const script = parseCoreAsm('1 2 ADD 3 ADD 6 EQUAL'); // bytes 0..6, one per instruction
    const ranges = sourceRangesFromBytes(
      [
        { start: 0, end: 7, source: { layer: -1, what: 'output' } },
        { start: 1, end: 3, source: { layer: 0, neuron: 1, what: 'neuron' } },
      ],
      decodeOps(script),
    );
    expect(ranges).toEqual([
      { from: 1, to: 2, label: 'layer 0 neuron 1' },
      { from: 0, to: 6, label: 'output' },
    ]);
    const s = new DebugSession(script, [], {}, ranges);
    expect(s.goto(1).label).toBe('layer 0 neuron 1');
    expect(s.goto(4).label).toBe('output');
  });
});
