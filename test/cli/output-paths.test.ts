/**
 * `bsml import -o FILE` and `bsml compile -o DIR` treat their output path alike: missing parent
 * directories are made; an existing output of their own kind (a bsml model file; a directory of an
 * earlier compile, as its .bsml-output.json records it) is replaced, anything else is refused before any work, untouched; a path of the
 * other kind (a directory for import, a file for compile) is refused by name; `-` is stdout
 * (import writes the model there; compile and report, whose output is a directory, refuse it). One line on
 * stderr, exit 2, for every refusal.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const IRIS = 'test/fixtures/models/iris_mlp_4_8_3.onnx';
const dir = tempDir('output-paths');
const imp = (...a: string[]) => runCli(['import', IRIS, '--input-range', '0,8', ...a]);
const comp = (...a: string[]) => runCli(['compile', IRIS, '--input-range', '0,8', ...a]);

async function refused(run: Promise<{ code: number; stderr: string; stdout: string }>, message: string) {
  const r = await run;
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(message);
}

describe('import -o and compile -o', () => {
  it('make missing parent directories', async () => {
    const file = join(dir, 'new', 'deeper', 'iris.json');
    expect((await imp('-o', file)).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('bsml-model');
    const out = join(dir, 'new2', 'deeper', 'iris_out');
    expect((await comp('-o', out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.bsml-output.json', 'program.json', 'report.json', 'script.asm', 'script.hex']);
  });

  it('replace an earlier output of their own, and refuse to replace anything else (left untouched)', async () => {
    const file = join(dir, 'again.json');
    expect((await imp('-o', file)).code).toBe(0);
    const again = await imp('-o', file, '--name', 'second');
    expect(again.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).name).toBe('second');
    const mine = join(dir, 'notes.json');
    writeFileSync(mine, '{"keep": "me"}\n');
    await refused(imp('-o', mine), `${mine}: exists and is not a bsml model file; give a new path or remove it`);
    expect(readFileSync(mine, 'utf8')).toBe('{"keep": "me"}\n');
    // The model's own source is never overwritten.
    await refused(runCli(['import', IRIS, '--input-range', '0,8', '-o', IRIS]), `${IRIS}: exists and is not a bsml model file`);
    const out = join(dir, 'again_out');
    expect((await comp('-o', out)).code).toBe(0);
    expect((await comp('-o', out)).code).toBe(0);
    writeFileSync(join(out, 'mine.txt'), 'keep');
    await refused(comp('-o', out), `${out}: holds files this command did not write ("mine.txt")`);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('keep');
  });

  it("compile -o: a user's own file with a name compile writes is refused, byte for byte untouched; so is a file compile wrote and the user changed", async () => {
    const out = join(dir, 'users-program');
    mkdirSync(out);
    const mine = '{"format": "bsml-program", "mine": true}\n';
    writeFileSync(join(out, 'program.json'), mine);
    // Without a record, an older compile's program.json is recognised by content (a valid compiled
    // program); this one is not, so it is the user's.
    await refused(comp('-o', out), `${out}: holds files this command did not write ("program.json"); give a new or empty directory`);
    expect(readFileSync(join(out, 'program.json'), 'utf8')).toBe(mine);
    expect(readdirSync(out)).toEqual(['program.json']);
    const edited = join(dir, 'edited_out');
    expect((await comp('-o', edited)).code).toBe(0);
    writeFileSync(join(edited, 'script.asm'), 'OP_1 my edit\n');
    await refused(comp('-o', edited), `${edited}: holds files changed since this command wrote them ("script.asm"); give a new or empty directory`);
    expect(readFileSync(join(edited, 'script.asm'), 'utf8')).toBe('OP_1 my edit\n');
  });

  // An OUT_DIR written before compile kept its .bsml-output.json record: each file is recognised by
  // its content (a valid program.json, a compile report, a line of hex, a line of ASM), so a re-run
  // still replaces it; one file of another content in it (the user's) keeps it refused.
  it('compile -o replaces an older version\'s OUT_DIR (no record) recognised by content, and refuses it when a file is not compile\'s', async () => {
    const old = join(dir, 'older-out');
    expect((await comp('-o', old)).code).toBe(0);
    rmSync(join(old, '.bsml-output.json'));
    expect((await comp('-o', old)).code).toBe(0);
    expect(readdirSync(old).sort()).toEqual(['.bsml-output.json', 'program.json', 'report.json', 'script.asm', 'script.hex']);
    rmSync(join(old, '.bsml-output.json'));
    writeFileSync(join(old, 'script.asm'), 'my notes\n');
    await refused(comp('-o', old), `${old}: holds files this command did not write ("script.asm"); give a new or empty directory`);
    expect(readFileSync(join(old, 'script.asm'), 'utf8')).toBe('my notes\n');
  });

  it('refuse a path of the other kind by name', async () => {
    const d = join(dir, 'a-directory');
    mkdirSync(d, { recursive: true });
    await refused(imp('-o', d), `${d}: exists and is a directory; give a file path (MODEL.json)`);
    const f = join(dir, 'a-file.json');
    writeFileSync(f, 'x');
    await refused(comp('-o', f), `${f}: exists and is not a directory`);
  });

  it('refuse a path under a file by name, before any work, naming the file that is in the way', async () => {
    const f = join(dir, 'in-the-way.json');
    writeFileSync(f, 'mine');
    await refused(imp('-o', join(f, 'x')), `${join(f, 'x')}: ${f} is a file, not a directory`);
    await refused(imp('-o', join(f, 'x', 'y.json')), `${join(f, 'x', 'y.json')}: ${f} is a file, not a directory`);
    await refused(comp('-o', join(f, 'x')), `${join(f, 'x')}: ${f} is a file, not a directory`);
    await refused(runCli(['report', join(f, 'x', 'y'), '--model', IRIS, '--input-range', '0,8', '--data', 'test/fixtures/models/iris_mlp_4_8_3.test.csv']), `${join(f, 'x', 'y')}: ${f} is a file, not a directory`);
    expect(readFileSync(f, 'utf8')).toBe('mine');
    expect(readdirSync(dir).filter((n) => n.startsWith('.in-the-way'))).toEqual([]);
  });

  it('take - as stdout: import writes the model there, compile, report and demo (directories) refuse it, naming what they write', async () => {
    const r = await imp('-o', '-');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).format).toBe('bsml-model');
    expect(existsSync('-')).toBe(false);
    await refused(comp('-o', '-'), '-o -: compile writes a directory (script.hex, script.asm, program.json, report.json), not stdout; give a directory (--json prints the report on stdout)');
    await refused(runCli(['report', '-']), '-: report writes a directory (report.html, report.md, tradeoff.svg, confusion.svg), not stdout; give a directory (--json prints the report on stdout)');
    await refused(runCli(['demo', '--out', '-']), '--out -: demo writes a directory (report.html, report.md, tradeoff.svg, confusion.svg), not stdout; give a directory (--json prints the report on stdout)');
    await refused(runCli(['demo', '-o', '-', '--json']), '--out -: demo writes a directory (report.html, report.md, tradeoff.svg, confusion.svg), not stdout; give a directory (--json prints the report on stdout)');
    // With --no-report it was accepted and wrote nothing, to stdout or anywhere.
    await refused(runCli(['demo', '-o', '-', '--no-report']), '--out - with --no-report: --out names where the report goes and --no-report writes none; drop one of them (--json prints the results on stdout)');
    expect(existsSync('-')).toBe(false);
  });

  it('demo refuses an explicit --out DIR with --no-report (it was ignored silently: nothing went to DIR), before any work', async () => {
    const out = join(dir, 'demo-no-report');
    for (const args of [['--out', out, '--no-report'], ['--no-report', `-o${out}`, '--json'], ['--out=demo-report', '--no-report']]) {
      await refused(runCli(['demo', ...args]), `--out ${args.find((a) => a.includes('demo-'))!.replace(/^(--out=|-o)/, '')} with --no-report: --out names where the report goes and --no-report writes none; drop one of them (--json prints the results on stdout)`);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('spell the option alike: -o / --out (import also takes its former name --output)', async () => {
    const a = join(dir, 'long.json');
    expect((await imp('--out', a)).code).toBe(0);
    const b = join(dir, 'former.json');
    expect((await imp('--output', b)).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    await refused(imp('--out', a, '--output', b), 'give -o/--out once (--output is its former name)');
  });
});
