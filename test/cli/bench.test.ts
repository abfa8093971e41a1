import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBatchBinding } from '../../src/engine/batch-binding.js';
import { checkBenchOutDir, countOpcodes, syntheticWorkload } from '../../src/engine/bench.js';
import { evaluate } from '../../src/vm/verify.js';
import { runCli, tempDir } from '../helpers/cli.js';

// The cheapest bench that still measures every engine once.
const CHEAP = ['--lanes', '500', '--seconds', '0.05', '--no-peer', '--threads', '1', '--isa', 'scalar'];

describe('bsml bench', () => {
  it('rejects bad options with exit 2 and one line on stderr', async () => {
    const lanes = await runCli(['bench', '--lanes', 'many']);
    const isa = await runCli(['bench', '--isa', 'sse4']);
    expect(lanes.code).toBe(2);
    expect(isa.code).toBe(2);
    expect(lanes.stderr).toMatch(/--lanes must be a positive integer/);
    expect(isa.stderr).toMatch(/unknown ISA "sse4"/);
  });

  it('the generated workload is a valid script every engine accepts', () => {
    const w = syntheticWorkload(16, 4);
    expect(countOpcodes(w.script)).toBeGreaterThan(100);
    for (const s of w.stacks.slice(0, 5)) expect(evaluate(w.script, s, w.options).error).toBe('OK');
  });

  it.skipIf(!loadBatchBinding())('--json prints one object with the measured rates', async () => {
    const c = await runCli(['bench', '--json', '--lanes', '1024', '--seconds', '0.05', '--threads', '1', '--isa', 'scalar', '--no-peer']);
    expect(c.code).toBe(0);
    const r = JSON.parse(c.stdout);
    for (const k of ['ts_evals_per_s', 'native_evals_per_s', 'batch_lane_evals_per_s', 'batch_lane_ops_per_s']) expect(r[k]).toBeGreaterThan(0);
    expect(r.batch_isa).toBe('scalar');
    expect(r.lanes).toBe(1024);
    expect(r.opcodes).toBeGreaterThan(1000);
  }, 120_000);

  describe('--out follows the output-path rules (README "Output paths"), checked before the benchmark runs', () => {
    const dir = tempDir('bench-out');
    // Refused at once: one line on stderr (a benchmark that ran would have logged its progress there), nothing on stdout.
    async function refused(args: string[], message: string) {
      const r = await runCli(['bench', ...args, ...CHEAP]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([`bsml bench: ${message}`]);
    }

    it('refuses - (a directory cannot go to stdout), a file, a path under a file, and a directory with foreign files, untouched', async () => {
      await refused(['--out', '-'], '--out -: bench writes a directory (batch.json, batch.md), not stdout; give a directory (--json prints the report on stdout)');
      expect(existsSync('-')).toBe(false);
      const file = join(dir, 'iris.json');
      writeFileSync(file, '{"mine": true}\n');
      await refused(['-o', file], `${file}: exists and is not a directory`);
      await refused(['--out', join(file, 'x')], `${join(file, 'x')}: ${file} is a file, not a directory`);
      expect(readFileSync(file, 'utf8')).toBe('{"mine": true}\n');
      // A user's own batch.md (not a table bench wrote) is foreign, whatever its name.
      const notes = join(dir, 'notes');
      mkdirSync(notes);
      writeFileSync(join(notes, 'batch.md'), 'my notes\n');
      await refused(['--out', notes], `${notes}: holds files this command did not write ("batch.md"); give a new or empty directory`);
      writeFileSync(join(notes, 'batch.md'), 'my notes\n');
      writeFileSync(join(notes, 'batch.json'), '{"mine": true}\n');
      await refused(['--out', notes], `${notes}: holds files this command did not write ("batch.json", "batch.md"); give a new or empty directory`);
      expect(readFileSync(join(notes, 'batch.md'), 'utf8')).toBe('my notes\n');
      expect(readdirSync(dir).sort()).toEqual(['iris.json', 'notes']);
    });

    it.skipIf(!loadBatchBinding())('writes batch.json and batch.md, making parents, and replaces its own earlier output', async () => {
      const out = join(dir, 'new', 'deeper');
      const first = await runCli(['bench', '--json', '-o', out, ...CHEAP]);
      expect(first.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['.bsml-output.json', 'batch.json', 'batch.md']);
      expect(JSON.parse(readFileSync(join(out, 'batch.json'), 'utf8')).lanes).toBe(500);
      expect(readFileSync(join(out, 'batch.md'), 'utf8')).toMatch(/^Workload: .*\n\n\| engine \| ISA \| threads \|/);
      // The same files as a bench from before the output record wrote them (no .bsml-output.json)
      // are still recognised by their contents; a batch.md of the user's beside them is not.
      const legacy = join(dir, 'legacy');
      mkdirSync(legacy);
      for (const f of ['batch.json', 'batch.md']) copyFileSync(join(out, f), join(legacy, f));
      expect(() => checkBenchOutDir(legacy)).not.toThrow();
      writeFileSync(join(legacy, 'batch.md'), 'my notes\n');
      expect(() => checkBenchOutDir(legacy)).toThrow(`${legacy}: holds files this command did not write ("batch.md"); give a new or empty directory`);
      const again = await runCli(['bench', '--json', '--out', out, ...CHEAP.map((a) => (a === '500' ? '600' : a))]);
      expect(again.code).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'batch.json'), 'utf8')).lanes).toBe(600);
      expect(readdirSync(join(dir, 'new'))).toEqual(['deeper']);
      expect(readFileSync(join(legacy, 'batch.md'), 'utf8')).toBe('my notes\n');
    }, 120_000);
  });
});

