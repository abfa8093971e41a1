/**
 * writeDirAtomic and checkReplaceableDir: an existing directory is replaced only when every file in
 * it is one its record (.bsml-output.json) lists, unchanged, or, without a record, one that
 * `wroteBefore` recognises; anything else is refused by name and left as it was.
 * An existing directory the file system will not list is refused with an
 * OutputDirError naming it and the system's code. The refusal is real: a directory of mode 000
 * read by a process that is not root (root reads it anyway, so as root the check runs in a child
 * process switched to the `nobody` user, on the compiled module from dist/ (which the test setup
 * keeps current), copied next to the locked directory so that the child can read it wherever the
 * repository lives).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { addToOutputRecord, checkReplaceableDir, isRecordedUnchanged, OUTPUT_RECORD, OutputDirError, writeDirAtomic } from '../../src/io/write-dir.js';
import { thrown } from '../helpers/errors.js';

const root = mkdtempSync(join(tmpdir(), 'bsml-write-dir-'));
// Searchable by everyone, so that another user reaches the locked directory inside it.
chmodSync(root, 0o755);
afterAll(() => {
  if (existsSync(join(root, 'locked'))) chmodSync(join(root, 'locked'), 0o755);
  rmSync(root, { recursive: true, force: true });
});
const NOBODY = 65534;

describe('checkReplaceableDir', () => {
  it('accepts a missing or empty directory; refuses one holding files of other names', () => {
    expect(() => checkReplaceableDir(join(root, 'missing'), () => true)).not.toThrow();
    mkdirSync(join(root, 'mine'));
    expect(() => checkReplaceableDir(join(root, 'mine'), () => false)).not.toThrow();
    writeFileSync(join(root, 'mine', 'a.txt'), 'x');
    const e = thrown(() => checkReplaceableDir(join(root, 'mine'), () => false));
    expect(e).toBeInstanceOf(OutputDirError);
    expect(e.message).toBe(`${join(root, 'mine')}: holds files this command did not write ("a.txt"); give a new or empty directory`);
  });

  it('refuses a directory it cannot read, naming it and the system error (EACCES)', (ctx) => {
    const locked = join(root, 'locked');
    mkdirSync(locked);
    writeFileSync(join(locked, 'a.txt'), 'x');
    chmodSync(locked, 0o000);
    const want = { name: 'OutputDirError', code: 'BAD_OUTPUT_DIR', message: `${locked}: cannot read (EACCES)` };
    if (process.getuid?.() !== 0) {
      const e = thrown(() => checkReplaceableDir(locked, () => true));
      expect(e).toBeInstanceOf(OutputDirError);
      expect({ name: e.name, code: e.code, message: e.message }).toEqual(want);
      return;
    }
    // dist/io/write-dir.js imports only node: modules, ./output-path.js and ../errors.js.
    mkdirSync(join(root, 'lib', 'io'), { recursive: true });
    copyFileSync(new URL('../../dist/io/write-dir.js', import.meta.url), join(root, 'lib', 'io', 'write-dir.js'));
    copyFileSync(new URL('../../dist/io/output-path.js', import.meta.url), join(root, 'lib', 'io', 'output-path.js'));
    copyFileSync(new URL('../../dist/errors.js', import.meta.url), join(root, 'lib', 'errors.js'));
    writeFileSync(join(root, 'lib', 'package.json'), '{"type":"module"}');
    const module = pathToFileURL(join(root, 'lib', 'io', 'write-dir.js')).href;
    const program = `import { checkReplaceableDir } from ${JSON.stringify(module)};
      try { checkReplaceableDir(${JSON.stringify(locked)}, () => true); console.log('null'); }
      catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', program], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'EPERM') return ctx.skip('cannot switch to the nobody user here');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(want);
  });
});

describe('writeDirAtomic: an existing directory is replaced only when its record shows every file in it was written there, unchanged', () => {
  const owns = (n: string) => ['a.txt', 'b.txt'].includes(n);
  const noRecord = (names: string) =>
    `holds files with no ${OUTPUT_RECORD} to show this command wrote them (${names}; if they are an older bsml's output, which kept no such record, delete them first); give a new or empty directory`;

  it('replaces a directory it wrote, on every run; a listed file deleted since is no obstacle', () => {
    const d = join(root, 'ours');
    writeDirAtomic(d, { 'a.txt': 'one', 'b.txt': new Uint8Array([1, 2, 3]) }, owns);
    expect(readdirSync(d).sort()).toEqual([OUTPUT_RECORD, 'a.txt', 'b.txt']);
    const record = JSON.parse(readFileSync(join(d, OUTPUT_RECORD), 'utf8'));
    expect(record).toMatchObject({ format: 'bsml-output', version: 1, files: { 'a.txt': { bytes: 3 }, 'b.txt': { bytes: 3 } } });
    expect(record.files['a.txt'].sha256).toBe(createHash('sha256').update('one').digest('hex'));
    writeDirAtomic(d, { 'a.txt': 'two' }, owns);
    expect(readdirSync(d).sort()).toEqual([OUTPUT_RECORD, 'a.txt']);
    expect(readFileSync(join(d, 'a.txt'), 'utf8')).toBe('two');
    rmSync(join(d, 'a.txt'));
    writeDirAtomic(d, { 'b.txt': 'three' }, owns);
    expect(readFileSync(join(d, 'b.txt'), 'utf8')).toBe('three');
    expect(readdirSync(root).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it("refuses a file of the user's that has a name it writes, and leaves it byte-identical", () => {
    const d = join(root, 'users');
    mkdirSync(d);
    const mine = Buffer.from('my own notes\n\x00\xff', 'latin1');
    writeFileSync(join(d, 'a.txt'), mine);
    const e = thrown(() => writeDirAtomic(d, { 'a.txt': 'generated' }, owns));
    expect(e).toBeInstanceOf(OutputDirError);
    expect(e.message).toBe(`${d}: ${noRecord('"a.txt"')}`);
    expect(readFileSync(join(d, 'a.txt')).equals(mine)).toBe(true);
    expect(readdirSync(d)).toEqual(['a.txt']);
    // Among files of other names: each group named with its reason.
    writeFileSync(join(d, 'notes.md'), 'x');
    expect(thrown(() => checkReplaceableDir(d, owns)).message).toBe(`${d}: holds files this command did not write ("notes.md"); ${noRecord('"a.txt"')}`);
  });

  it('refuses a file it wrote that was changed since (even to the same size), a file added later, a symlink and a record that is not one', () => {
    const d = join(root, 'edited');
    writeDirAtomic(d, { 'a.txt': 'generated\n' }, owns);
    writeFileSync(join(d, 'a.txt'), 'GENERATED\n');
    const changed = `${d}: holds files changed since this command wrote them ("a.txt"); give a new or empty directory`;
    expect(thrown(() => writeDirAtomic(d, { 'a.txt': 'again' }, owns)).message).toBe(changed);
    writeFileSync(join(d, 'a.txt'), 'generated\n and my addition\n');
    expect(thrown(() => writeDirAtomic(d, { 'a.txt': 'again' }, owns)).message).toBe(changed);
    expect(readFileSync(join(d, 'a.txt'), 'utf8')).toBe('generated\n and my addition\n');

    const added = join(root, 'added');
    writeDirAtomic(added, { 'a.txt': 'generated' }, owns);
    writeFileSync(join(added, 'b.txt'), 'mine');
    expect(thrown(() => writeDirAtomic(added, { 'a.txt': 'x' }, owns)).message).toBe(`${added}: holds files this command did not write ("b.txt"); give a new or empty directory`);
    rmSync(join(added, 'b.txt'));
    writeFileSync(join(root, 'target.txt'), 'mine');
    symlinkSync(join(root, 'target.txt'), join(added, 'b.txt'));
    expect(thrown(() => writeDirAtomic(added, { 'a.txt': 'x' }, owns)).message).toBe(`${added}: holds files this command did not write ("b.txt"); give a new or empty directory`);
    rmSync(join(added, 'b.txt'));
    writeFileSync(join(added, OUTPUT_RECORD), '{}\n');
    expect(thrown(() => writeDirAtomic(added, { 'a.txt': 'x' }, owns)).message).toBe(
      `${added}: holds files this command did not write ("${OUTPUT_RECORD}", "a.txt"); give a new or empty directory`,
    );
    expect(readFileSync(join(added, 'a.txt'), 'utf8')).toBe('generated');
    expect(readFileSync(join(root, 'target.txt'), 'utf8')).toBe('mine');
  });

  it('takes files without a record for an earlier version\'s only when wroteBefore recognises their content', () => {
    const d = join(root, 'legacy');
    mkdirSync(d);
    writeFileSync(join(d, 'a.txt'), 'legacy output');
    const wroteBefore = (name: string, content: Buffer) => name === 'a.txt' && content.toString('utf8') === 'legacy output';
    expect(() => checkReplaceableDir(d, owns, wroteBefore)).not.toThrow();
    writeFileSync(join(d, 'b.txt'), 'my notes');
    expect(thrown(() => checkReplaceableDir(d, owns, wroteBefore)).message).toBe(`${d}: holds files this command did not write ("b.txt"); give a new or empty directory`);
    rmSync(join(d, 'b.txt'));
    writeDirAtomic(d, { 'a.txt': 'new output' }, owns, wroteBefore);
    expect(readFileSync(join(d, 'a.txt'), 'utf8')).toBe('new output');
    // With a record, a file it does not list is not ours, whatever its content.
    writeFileSync(join(d, 'b.txt'), 'legacy output');
    expect(thrown(() => checkReplaceableDir(d, owns, (_, c) => c.toString('utf8') === 'legacy output')).message).toBe(
      `${d}: holds files this command did not write ("b.txt"); give a new or empty directory`,
    );
  });
});

describe('addToOutputRecord / isRecordedUnchanged (scripts/render-report.sh adds its screenshot to a report)', () => {
  const owns = (n: string) => ['a.txt', 'shot.png'].includes(n);

  it('a file added to the record is replaced with the rest; one changed since, or never added, is not recorded', () => {
    const d = join(root, 'screenshot-added');
    writeDirAtomic(d, { 'a.txt': 'one' }, owns);
    writeFileSync(join(d, 'shot.png'), 'picture');
    expect(isRecordedUnchanged(d, 'shot.png')).toBe(false);
    expect(isRecordedUnchanged(d, 'a.txt')).toBe(true);
    expect(() => checkReplaceableDir(d, owns)).toThrow('holds files this command did not write ("shot.png")');
    expect(addToOutputRecord(d, 'shot.png')).toBe(true);
    expect(isRecordedUnchanged(d, 'shot.png')).toBe(true);
    const record = JSON.parse(readFileSync(join(d, OUTPUT_RECORD), 'utf8'));
    expect(record.files['shot.png']).toEqual({ bytes: 7, sha256: createHash('sha256').update('picture').digest('hex') });
    expect(record.files['a.txt']).toMatchObject({ bytes: 3 });
    expect(readdirSync(d).sort()).toEqual([OUTPUT_RECORD, 'a.txt', 'shot.png']);
    writeFileSync(join(d, 'shot.png'), 'pictures');
    expect(isRecordedUnchanged(d, 'shot.png')).toBe(false);
    expect(addToOutputRecord(d, 'shot.png')).toBe(true);
    writeDirAtomic(d, { 'a.txt': 'two' }, owns);
    expect(readdirSync(d).sort()).toEqual([OUTPUT_RECORD, 'a.txt']);
  });

  it('without a record: nothing is recorded and nothing written; a missing file is an OutputDirError', () => {
    const d = join(root, 'no-record');
    mkdirSync(d);
    writeFileSync(join(d, 'shot.png'), 'picture');
    expect(addToOutputRecord(d, 'shot.png')).toBe(false);
    expect(isRecordedUnchanged(d, 'shot.png')).toBe(false);
    expect(readdirSync(d)).toEqual(['shot.png']);
    const e = join(root, 'missing-file');
    writeDirAtomic(e, { 'a.txt': 'one' }, owns);
    const before = readFileSync(join(e, OUTPUT_RECORD), 'utf8');
    expect(thrown(() => addToOutputRecord(e, 'shot.png'))).toMatchObject({ name: 'OutputDirError', message: `${e}: cannot add shot.png to ${OUTPUT_RECORD} (ENOENT)` });
    expect(readFileSync(join(e, OUTPUT_RECORD), 'utf8')).toBe(before);
    expect(readdirSync(e).sort()).toEqual([OUTPUT_RECORD, 'a.txt']);
  });
});
