/**
 * Engine 'auto' without the native addon, whether or not it is built here: BSML_NATIVE_ADDON
 * pointing at a file that does not exist makes the loader find no addon, as on a machine without a
 * C++ compiler. A command that ran prints the one-line fallback notice; a command that fails prints
 * only its error line (see also test/cli/fuzz.test.ts).
 */
import { writeFileSync } from 'node:fs';
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

/**
 * BSML_NATIVE_ADDON naming a file that is not the addon: require() would load a .json file as
 * data (and a .js file as a module), so the loader checks for the addon's functions. Engine 'auto'
 * falls back with the notice, 'native' fails with the one-line error, as for a missing file.
 */
describe('BSML_NATIVE_ADDON pointing at a file that is not the addon', () => {
  const dir = tempDir('not-addon');
  const json = join(dir, 'bsml_addon.json');
  writeFileSync(json, JSON.stringify({ evaluate: 1, name: 'not an addon' }));
  const cjs = join(dir, 'half.cjs');
  writeFileSync(cjs, 'exports.evaluate = () => undefined; exports.verifyScript = () => undefined;\n');
  const reason = (path: string, missing: string) => `the file at ${path} is not the bsml addon (no ${missing}; run 'npm run build:native')`;
  const ALL = 'evaluate, verifyScript, verifyPacked, evaluatePacked, sha256, ripemd160, sha1, contextSize functions';

  it('a .json file: auto prints the notice and runs TypeScript; native fails with one line (exit 2)', async () => {
    const e = { BSML_NATIVE_ADDON: json, BSML_ENGINE: undefined };
    const [auto, native, batch] = await Promise.all([
      spawnCli(['run', '--asm', '2 3 ADD 5 NUMEQUAL'], e),
      spawnCli(['run', '--asm', '1', '--engine', 'native'], e),
      spawnNode(['--input-type=module', '-e', `import { evaluateBatchSync } from '${new URL('../../dist/index.js', import.meta.url).href}';
        try { evaluateBatchSync(Uint8Array.of(0x51), [[]], { engine: 'batch' }); } catch (x) { process.stdout.write(x.code + ': ' + x.message + '\\n'); }`], e),
    ]);
    expect(auto.code).toBe(0);
    expect(auto.stdout).toBe('success: OK  opCount 2\nstack: [01]\n');
    expect(auto.stderr).toBe(`bsml: native engine unavailable (${reason(json, ALL)}); using the TypeScript engine\n`);
    expect(native.code).toBe(2);
    expect(native.stdout).toBe('');
    expect(native.stderr).toBe(`bsml run: the native engine is not available: ${reason(json, ALL)}\n`);
    expect(batch.stdout).toBe(`BAD_BATCH_INPUT: the batch engine is not available: ${reason(json, ALL)}\n`);
  });

  it('a module with only some of the functions is refused too, naming what it lacks', async () => {
    const native = await spawnCli(['run', '--asm', '1', '--engine', 'native'], { BSML_NATIVE_ADDON: cjs, BSML_ENGINE: undefined });
    expect(native.code).toBe(2);
    expect(native.stderr).toBe(`bsml run: the native engine is not available: ${reason(cjs, 'verifyPacked, evaluatePacked, sha256, ripemd160, sha1, contextSize functions')}\n`);
  });
});
