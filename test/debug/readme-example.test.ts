/**
 * Runs the README's "debug a compiled model" example (compile the iris fixture, trace one input)
 * and checks that every line it shows is printed, in order, with the step count it shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const MARK = '<!-- example: debug a compiled model (run by test/debug/readme-example.test.ts) -->';
const root = new URL('../../', import.meta.url).pathname;

it('the README debugger example prints what the README shows', async () => {
  const at = readme.indexOf(MARK);
  expect(at, `README has "${MARK}"`).toBeGreaterThanOrEqual(0);
  const block = /```\n([\s\S]*?)```/.exec(readme.slice(at))![1]!.split('\n').filter((l) => l !== '');
  const commands = block.filter((l) => l.startsWith('$ bsml '));
  expect(commands).toHaveLength(2);
  const shown = block.filter((l) => !l.startsWith('$ ') && l.trim() !== '...');
  const dir = tempDir('readme-debug');
  const args = (line: string) =>
    line
      .slice('$ bsml '.length)
      .split(' ')
      .map((w) => (w === 'iris_out' ? join(dir, 'iris_out') : w.startsWith('test/') ? join(root, w) : w));
  const c = await runCli(args(commands[0]!));
  expect(c.code, c.stderr).toBe(0);
  const d = await runCli(args(commands[1]!));
  expect(d.code, d.stderr).toBe(0);
  const printed = d.stdout.split('\n');
  let from = 0;
  for (const line of shown) {
    const i = printed.indexOf(line, from);
    expect(i, `README line not printed (in order): ${line}`).toBeGreaterThanOrEqual(0);
    from = i + 1;
  }
  // The last step shown is the last step run.
  expect(printed.filter((l) => /^\s+\d+ #/.test(l)).at(-1)).toBe(shown.at(-2));
  expect(d.stdout).not.toMatch(/undefined/);
}, 120_000);
