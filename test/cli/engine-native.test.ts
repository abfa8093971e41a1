import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { runCli } from '../helpers/cli.js';

const fixture = new URL('../fixtures/script_tests.public.json', import.meta.url).pathname;

/** Exit code and stdout (what --engine native must reproduce exactly). */
async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const r = await runCli(argv);
  return { code: r.code, out: r.stdout };
}

describe.skipIf(!loadNative())('CLI --engine native prints exactly what --engine ts prints', () => {
  it('bsml vectors (text and --json, apart from the engine name)', async () => {
    const ts = await capture(['vectors', fixture, '--engine', 'ts']);
    const nt = await capture(['vectors', fixture, '--engine', 'native']);
    expect(nt).toEqual(ts);
    expect(ts.out).toContain('428 passed, 0 failed, 0 skipped');
    const tsJ = await capture(['vectors', fixture, '--engine', 'ts', '--json']);
    const ntJ = await capture(['vectors', fixture, '--engine', 'native', '--json']);
    expect(JSON.parse(ntJ.out)).toEqual({ ...JSON.parse(tsJ.out), engine: 'native' });
  });

  const runs: string[][] = [
    ['--asm', '2 3 ADD 5 NUMEQUAL'],
    ['--asm', '1 TOALTSTACK 0 IF 1 ENDIF', '--json'],
    ['--asm', '0x02 0x0100 1ADD', '--flags', 'MINIMALDATA'],
    ['--hex', '7676a914000000000000000000000000000000000000000088ac', '--stack', '00,01'],
    ['--asm', 'DUP HASH256 SWAP SHA1 CAT', '--stack', 'ab', '--json'],
    ['--asm', '1 2 3', '--sigversion', 'witness_v0', '--json'],
    ['--asm', 'IF 1 ENDIF', '--sigversion', 'tapscript', '--stack', '02'],
    ['--hex', 'ba', '--sigversion', 'tapscript', '--stack', '01,00,' + '11'.repeat(32)],
    ['--hex', '4d0100', '--json'],
  ];
  it.each(runs.map((r) => [r.join(' '), r] as const))('bsml run %s', async (_name, args) => {
    const ts = await capture(['run', ...args, '--engine', 'ts']);
    const nt = await capture(['run', ...args, '--engine', 'native']);
    expect(nt).toEqual(ts);
    expect(ts.out.length).toBeGreaterThan(0);
  });
});
