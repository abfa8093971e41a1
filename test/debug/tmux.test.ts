/**
 * The interactive debugger in a real terminal: tmux runs `bsml debug`, send-keys types commands,
 * capture-pane reads the screen. Needs tmux and the built CLI (dist/); skipped, saying so, without tmux.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const bin = new URL('../../bin/bsml.js', import.meta.url).pathname;

/** Polls the screen until `text` appears at least `times` times. */
function waitFor(session: string, text: string, times = 1, timeoutMs = 8000): string {
  const until = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < until) {
    screen = execFileSync('tmux', ['capture-pane', '-t', session, '-p']).toString();
    if (screen.split(text).length - 1 >= times) return screen;
    spawnSync('sleep', ['0.1']);
  }
  throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${screen}`);
}

describe.skipIf(!hasTmux)('bsml debug in tmux (skipped when tmux is not installed)', () => {
  it('steps, stops at a breakpoint and steps back on a real terminal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsml-tmux-'));
    writeFileSync(join(dir, 'script.hex'), '935587\n');
    const session = `bsml-debug-${process.pid}`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '50', `node ${bin} debug ${dir} --witness 02,04; sleep 30`]);
    try {
      waitFor(session, '(bsml debug)');
      execFileSync('tmux', ['send-keys', '-t', session, 'step', 'Enter']);
      waitFor(session, 'step 1/3: next #1 @1 5; ran #0 OP_ADD');
      execFileSync('tmux', ['send-keys', '-t', session, 'bp 2', 'Enter', 'c', 'Enter']);
      const atBreak = waitFor(session, 'step 2/3: next #2 @2 OP_EQUAL');
      expect(atBreak).toContain('0: 05 (5)');
      execFileSync('tmux', ['send-keys', '-t', session, 'c', 'Enter']);
      expect(waitFor(session, 'finished: failure EVAL_FALSE')).toContain('step 3/3');
      execFileSync('tmux', ['send-keys', '-t', session, 'back', 'Enter']);
      // Back from the end: the breakpoint's position shows a second time.
      waitFor(session, 'step 2/3: next #2 @2 OP_EQUAL; ran #1 5', 2);
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  }, 20000);
});
