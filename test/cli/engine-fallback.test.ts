/**
 * Engine 'auto' without the native addon, whether or not it is built here: BSML_NATIVE_ADDON
 * pointing at a file that does not exist makes the loader find no addon, as on a machine without a
 * C++ compiler. A command that ran prints the one-line fallback notice; a command that fails prints
 * only its error line (see also test/cli/fuzz.test.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, spawnNode, tempDir } from '../helpers/cli.js';

const missing = join(tempDir('no-addon'), 'bsml_addon.node');
const env = { BSML_NATIVE_ADDON: missing, BSML_ENGINE: undefined };
const notice = `bsml: native engine unavailable (the addon is not built (no ${missing}; run 'npm run build:native')); using the TypeScript engine\n`;
const run = (...args: string[]) => spawnCli(args, env);

describe('engine auto without the native addon', () => {
  it('a command that ran prints the notice, once, as its only stderr line (exit 0 and exit 1)', async () => {
    const [ok, failed, vectors] = await Promise.all([
      run('run', '--asm', '2 3 ADD 5 NUMEQUAL'),
      run('run', '--hex', '4c'),
      run('vectors', 'test/fixtures/script_tests.public.json'),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('success: OK  opCount 2\nstack: [01]\n');
    expect(ok.stderr).toBe(notice);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('failure: BAD_OPCODE');
    expect(failed.stderr).toBe(notice);
    // 856 verifications, one notice.
    expect(vectors.code).toBe(0);
    expect(vectors.stdout.trimEnd().split('\n').at(-1)).toBe('428 passed, 0 failed, 0 skipped');
    expect(vectors.stderr).toBe(notice);
  });

  it('a command that fails prints only its error line (exit 2)', async () => {
    const nowhere = join(tempDir('no-addon'), 'nope.json');
    const [unreadable, native] = await Promise.all([run('vectors', nowhere), run('run', '--asm', '1', '--engine', 'native')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toBe(`bsml vectors: cannot read ${nowhere}: ENOENT\n`);
    expect(native.code).toBe(2);
    expect(native.stderr).toBe(`bsml run: the native engine is not available: the addon is not built (no ${missing}; run 'npm run build:native')\n`);
    for (const r of [unreadable, native]) expect(r.stdout).toBe('');
  });

  it('the library writes the notice to stderr when it falls back (not held back), once per process', async () => {
    const lib = new URL('../../dist/index.js', import.meta.url).href;
    const code = `import { evaluate } from '${lib}';
      const a = evaluate(Uint8Array.of(0x51), []);
      process.stderr.write('after the first evaluate\\n');
      const b = evaluate(Uint8Array.of(0x00), []);
      process.stdout.write(a.error + ' ' + b.error + '\\n');`;
    const r = await spawnNode(['--input-type=module', '-e', code], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('OK EVAL_FALSE\n');
    expect(r.stderr).toBe(notice + 'after the first evaluate\n');
  });
});
