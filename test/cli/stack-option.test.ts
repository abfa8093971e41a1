/**
 * The `HEX,HEX,...` stack options (`run --stack`, `debug --stack/--witness`, `spend --witness`):
 * `0x` is an empty item, so a stack of exactly one empty item can be written (`0x`), apart from the
 * empty stack (`""`) and two empty items (`,`); bad hex names the option actually given, the item
 * (0 = bottom) and the bad digit's position, on one stderr line, exit 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { commandHelp } from '../../src/cli/command-spec.js';
import { runCli } from '../helpers/cli.js';

// An OUT_DIR holding only a leaf script (OP_ADD OP_5 OP_EQUAL), enough for debug and spend.
const DIR = mkdtempSync(join(tmpdir(), 'bsml-stackopt-'));
writeFileSync(join(DIR, 'script.hex'), '935587\n');
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const SPEND = ['--utxo', `${'aa'.repeat(32)}:1:50000`, '--to', 'bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5', '--fee-rate', '2'];

describe('bad hex in --stack / --witness', () => {
  const cases: [string, string[], string][] = [
    ['run --stack', ['run', '--asm', '1', '--stack', '01,0g'], `bsml run: --stack item 1: bad hex "0g": 'g' at position 1 is not a hex digit\n`],
    ['debug --stack', ['debug', '--asm', '1', '--stack', '0g', '--trace'], `bsml debug: --stack item 0: bad hex "0g": 'g' at position 1 is not a hex digit\n`],
    ['debug --witness', ['debug', DIR, '--witness', '02,,x3', '--trace'], `bsml debug: --witness item 2: bad hex "x3": 'x' at position 0 is not a hex digit\n`],
    ['debug --witness (odd length)', ['debug', '--asm', '1', '--witness', '02,abc', '--trace'], `bsml debug: --witness item 1: bad hex "abc": odd number of hex digits (3)\n`],
    ['spend --witness', ['spend', DIR, '--witness', '02,0z', ...SPEND], `bsml spend: --witness item 1: bad hex "0z": 'z' at position 1 is not a hex digit\n`],
  ];
  for (const [name, args, stderr] of cases) {
    it(`${name} names the option, the item and the position`, async () => {
      const r = await runCli(args);
      expect(r).toEqual({ code: 2, stdout: '', stderr });
    });
  }

  it('debug refuses --stack and --witness together (one of them would be ignored)', async () => {
    const r = await runCli(['debug', '--asm', '1', '--stack', '01', '--witness', '02', '--trace']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'bsml debug: give --stack or --witness, not both\n' });
  });
});

describe('0x: an empty item', () => {
  const run = async (...args: string[]) => {
    const r = await runCli(['run', ...args, '--json']);
    expect(r.stderr).toBe('');
    return { code: r.code, ...JSON.parse(r.stdout) };
  };

  it('bsml run --stack 0x --asm SIZE --json: the stack of one empty item (SIZE pushes its size, empty)', async () => {
    expect(await run('--stack', '0x', '--asm', 'SIZE')).toEqual({ code: 1, success: false, error: 'EVAL_FALSE', stack: ['', ''], altstack: [], opCount: 1 });
    expect(await run('--stack=0x', '--asm', 'SIZE')).toMatchObject({ stack: ['', ''] });
  });

  it('the empty stack and two empty items are written as before ("" and ",")', async () => {
    expect(await run('--stack', '', '--asm', 'SIZE')).toMatchObject({ code: 1, error: 'INVALID_STACK_OPERATION', stack: [] });
    expect(await run('--asm', 'SIZE')).toMatchObject({ code: 1, error: 'INVALID_STACK_OPERATION', stack: [] });
    expect(await run('--stack', ',', '--asm', 'SIZE')).toMatchObject({ stack: ['', '', ''] });
    // White space only is the empty stack too (it was one empty item), as --hex ' ' is the empty script.
    expect(await run('--stack', ' ', '--asm', 'SIZE')).toMatchObject({ code: 1, error: 'INVALID_STACK_OPERATION', stack: [] });
    expect(await run('--stack=\t ', '--asm', 'SIZE')).toMatchObject({ code: 1, error: 'INVALID_STACK_OPERATION', stack: [] });
    expect(await run('--stack', '0x,0x', '--asm', 'SIZE')).toMatchObject({ stack: ['', '', ''] });
  });

  it('among other items, 0x is the same empty item as nothing between commas; items may carry the prefix', async () => {
    expect(await run('--stack', '01,0x,02', '--asm', 'DROP SIZE')).toMatchObject({ code: 1, error: 'EVAL_FALSE', stack: ['01', '', ''] });
    expect(await run('--stack', '01,,02', '--asm', 'DROP SIZE')).toMatchObject({ stack: ['01', '', ''] });
    expect(await run('--stack', '0x02,0x03', '--hex', '93')).toMatchObject({ code: 0, success: true, stack: ['05'] });
  });

  it('bsml run writes an empty item as 0x in its text output (stack, altstack, trace), as --stack reads it', async () => {
    // Blank, a stack of one empty item printed as the empty stack, and [empty, 01, empty] as "[ 01 ]".
    expect(await runCli(['run', '--stack', '0x,01', '--hex', '75'])).toEqual({ code: 1, stdout: 'failure: EVAL_FALSE  opCount 1\nstack: [0x]\n', stderr: '' });
    expect(await runCli(['run', '--stack', '', '--hex', '61'])).toEqual({ code: 1, stdout: 'failure: EVAL_FALSE  opCount 1\nstack: []\n', stderr: '' });
    expect(await runCli(['run', '--stack', '0x,01,0x', '--hex', '6b61', '--trace'])).toEqual({
      code: 0,
      stdout:
        '    0  OP_TOALTSTACK                [0x 01]  alt: [0x]\n' +
        '    1  OP_NOP                       [0x 01]  alt: [0x]\n' +
        'success: OK  opCount 2\nstack: [0x 01]  altstack: [0x]\n',
      stderr: '',
    });
  });

  it('debug --stack / --witness and spend --witness read it the same way', async () => {
    for (const option of ['--stack', '--witness']) {
      const r = await runCli(['debug', '--asm', 'SIZE', option, '0x', '--trace']);
      expect(r, option).toEqual({ code: 1, stdout: `    1 #0     OP_SIZE                        ['' '']\nfinished: failure EVAL_FALSE\n`, stderr: '' });
    }
    const s = await runCli(['spend', DIR, '--witness', '0x', ...SPEND, '--json']);
    expect(s.stderr).toBe('');
    const witness = JSON.parse(s.stdout).witness as string[];
    expect(witness.slice(0, 2)).toEqual(['', '935587']); // the one empty item, then the leaf script
    expect(witness).toHaveLength(3); // and the control block
  });

  it('is documented in the help of every HEX,... option', () => {
    const options = [...COMMANDS.values()].flatMap(({ spec }) =>
      Object.entries(spec.options).filter(([, o]) => o.value === 'HEX,...').map(([name]) => [spec, name] as const),
    );
    expect(options.map(([spec, name]) => `${spec.name} --${name}`)).toEqual(['spend --witness', 'run --stack', 'debug --stack', 'debug --witness']);
    for (const [spec, name] of options) {
      const help = commandHelp(spec).replace(/\s+/g, ' ');
      // debug --witness is "the same as --stack", whose help says it.
      expect(help, `${spec.name} --${name}`).toContain('0x alone is an empty item (0x: one empty item, "": none, ",": two; 0x02 = 02)');
    }
  });
});
