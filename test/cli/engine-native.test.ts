import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadNative } from '../../src/engine/native.js';

const fixture = new URL('../fixtures/script_tests.public.json', import.meta.url).pathname;

async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    const code = await main(argv);
    return { code, out };
  } finally {
    spy.mockRestore();
  }
}

describe.skipIf(!loadNative())('CLI --engine native prints exactly what --engine ts prints', () => {
  afterEach(() => vi.restoreAllMocks());

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
