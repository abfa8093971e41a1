/**
 * Runs the README's "On chain: Taproot" example as a user would (make the toy leaf's directory,
 * taproot, spend, verify-tx) and checks that every line it shows is printed, in order. In the
 * README, `A…B` stands for a value elided in the middle: in a command it is the one value shown
 * (or given) before that starts with A and ends with B; in an output line it matches anything.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const MARK = '<!-- example: taproot, spend, verify-tx (run by test/bitcoin/readme-example.test.ts) -->';
/** The values the README elides in the spend command: the funding outpoint and the destination. */
const GIVEN = [`${'11'.repeat(32)}:0:50000`, 'bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5'];

/** A README output line as a pattern: `…` matches anything, the rest literally. */
function linePattern(line: string): RegExp {
  return new RegExp('^' + line.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

it('the README taproot example prints what the README shows', async () => {
  const at = readme.indexOf(MARK);
  expect(at, `README has "${MARK}"`).toBeGreaterThanOrEqual(0);
  const block = /```\n([\s\S]*?)```/.exec(readme.slice(at))![1]!.split('\n').filter((l) => l !== '');
  const dir = tempDir('readme-taproot');
  const mkdir = /^\$ mkdir (\w+) && echo ([0-9a-f]+) > \1\/script\.hex$/.exec(block[0]!);
  expect(mkdir, `first line makes the leaf's directory: ${block[0]}`).not.toBeNull();
  mkdirSync(join(dir, mkdir![1]!));
  writeFileSync(join(dir, mkdir![1]!, 'script.hex'), `${mkdir![2]}\n`);

  const known: string[] = [...GIVEN];
  let hex: string | undefined;
  let ran = 0;
  for (let i = 1; i < block.length; ) {
    const command = block[i]!;
    expect(command.startsWith('$ bsml '), `a command: ${command}`).toBe(true);
    const shown: string[] = [];
    for (i++; i < block.length && !block[i]!.startsWith('$ '); i++) if (block[i] !== '...') shown.push(block[i]!);
    const args = command
      .slice('$ bsml '.length)
      .split(' ')
      .map((w) => {
        if (w === `${mkdir![1]}/`) return join(dir, w);
        if (w === '<hex>') return hex ?? '<hex>';
        if (!w.includes('…')) return w;
        const [a, b] = w.split('…') as [string, string];
        const full = [...new Set(known.filter((k) => k.startsWith(a) && k.endsWith(b) && k.length > a.length + b.length))];
        expect(full, `one value shown before for ${w}`).toHaveLength(1);
        return full[0]!;
      });
    const r = await runCli(args);
    expect(r.code, `${command}\n${r.stderr}`).toBe(0);
    const printed = r.stdout.split('\n');
    let from = 0;
    for (const line of shown) {
      const re = linePattern(line);
      const j = printed.findIndex((p, k) => k >= from && re.test(p));
      expect(j, `${command}: README line not printed (in order): ${line}\n${r.stdout}`).toBeGreaterThanOrEqual(0);
      from = j + 1;
    }
    known.push(...r.stdout.split(/\s+/));
    hex = /^hex:\s+([0-9a-f]+)$/m.exec(r.stdout)?.[1] ?? hex;
    ran++;
  }
  expect(ran).toBe(3);
}, 60_000);

it('the README gives in full the values its spend command cuts short, so a reader can run it', () => {
  const section = readme.slice(readme.indexOf('## On chain: Taproot'), readme.indexOf(MARK));
  const [outpoint, to] = GIVEN as [string, string];
  for (const value of [outpoint.split(':')[0]!, to]) expect(section, `README spells out ${value}`).toContain(`\`${value}\``);
});
