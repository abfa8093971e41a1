/**
 * Bad hex in a `HEX,HEX,...` stack option: the CLI names the option actually given (`--stack` or
 * `--witness`), the item (0 = bottom) and the bad digit's position, on one stderr line, exit 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
