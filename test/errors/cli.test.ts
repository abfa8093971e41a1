/**
 * Runs every CLI row of docs/errors.md as written: the exit code and the message must be the
 * table's, on one line, and nothing may be written where an output file was asked for.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOutDirFile } from '../../src/compiler/artifact.js';
import { writeDirAtomic } from '../../src/io/write-dir.js';
import { runCli } from '../helpers/cli.js';
import { writeErrorFixtures } from './fixtures.js';
import { errorRows, splitCommand } from './table.js';

const FIX = writeErrorFixtures();
// An OUT_DIR from an earlier run (written as compile writes, with its record of the files): a
// failed compile into it must leave it as it was.
writeDirAtomic(join(FIX, 'old-out'), { 'script.hex': '51\n' }, isOutDirFile);
afterAll(() => rmSync(FIX, { recursive: true, force: true }));

const rows = errorRows().filter((r) => r.id.startsWith('cli-'));

/** A file's bytes, or a directory's entries with their bytes (one level: the fixtures are flat). */
function snapshot(path: string): Record<string, string> {
  if (!statSync(path).isDirectory()) return { '.': readFileSync(path, 'hex') };
  return Object.fromEntries(
    readdirSync(path)
      .sort()
      .map((n) => [n, statSync(join(path, n)).isDirectory() ? 'dir' : readFileSync(join(path, n), 'hex')]),
  );
}

describe('docs/errors.md CLI rows', () => {
  it('has the rows the issue asks for', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });
  for (const { id, cells } of rows) {
    const [command, exit, message] = cells as [string, string, string];
    it(`${id}: ${command}`, async () => {
      const args = splitCommand(command.replaceAll('$FIX', FIX));
      expect(args[0]).toBe('bsml');
      const out = args.indexOf('-o');
      // What the -o target held before the command: a refused target must be left as it was.
      const target = out >= 0 ? args[out + 1]! : undefined;
      const before = target !== undefined && existsSync(target) ? snapshot(target) : undefined;
      const r = await runCli(args.slice(1));
      const expected = message.replaceAll('$FIX', FIX);
      expect(r.code).toBe(Number(exit));
      if (r.code === 2) {
        // One line on stderr naming the command, nothing on stdout.
        expect(r.stderr).toBe(`bsml ${args[1]}: ${r.stderr.slice(`bsml ${args[1]}: `.length)}`);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(expected);
        expect(r.stdout).toBe('');
      } else {
        expect(r.stdout + r.stderr).toContain(expected);
      }
      if (target !== undefined && target.endsWith('old-out')) {
        expect(readFileSync(join(target, 'script.hex'), 'utf8')).toBe('51\n');
      } else if (target !== undefined && before !== undefined) {
        expect(snapshot(target)).toEqual(before);
      } else if (target !== undefined) {
        expect(existsSync(target)).toBe(false);
      }
    });
  }
});
