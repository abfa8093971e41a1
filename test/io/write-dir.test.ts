/**
 * checkReplaceableDir: an existing directory the file system will not list is refused with an
 * OutputDirError naming it and the system's code. The refusal is real: a directory of mode 000
 * read by a process that is not root (root reads it anyway, so as root the check runs in a child
 * process switched to the `nobody` user, on the compiled module from dist/ (which the test setup
 * keeps current), copied next to the locked directory so that the child can read it wherever the
 * repository lives).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkReplaceableDir, OutputDirError } from '../../src/io/write-dir.js';
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
  it('accepts a missing directory and one holding only replaceable files; refuses others', () => {
    expect(() => checkReplaceableDir(join(root, 'missing'), () => true)).not.toThrow();
    mkdirSync(join(root, 'mine'));
    writeFileSync(join(root, 'mine', 'a.txt'), 'x');
    expect(() => checkReplaceableDir(join(root, 'mine'), (n) => n === 'a.txt')).not.toThrow();
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
