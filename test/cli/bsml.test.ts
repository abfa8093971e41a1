/**
 * The CLI as scripts see it: `node bin/bsml.js` in a child process (from the compiled dist/),
 * checking stdout, stderr and exit codes (0 ok, 1 failed check, 2 bad usage or input).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStackList } from '../../src/script/stack-list.js';
import { spawnCli, tempDir, type CliRun } from '../helpers/cli.js';

const PUBLIC = new URL('../fixtures/script_tests.public.json', import.meta.url).pathname;
const dir = tempDir('cli');

/** Runs the CLI in a child process on the TypeScript engine (several at once where a test awaits them together). */
const bsml = (...args: string[]): Promise<CliRun> => spawnCli(args, { BSML_ENGINE: 'ts' });
function writeVectors(name: string, entries: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(entries));
  return file;
}
/** Exit 2 with exactly one line on stderr that names `token`, and nothing on stdout. */
function expectUsageError(r: CliRun, token: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(token);
}

describe('bsml vectors', () => {
  it('runs the public vectors, ends with the summary line and exits 0', async () => {
    const r = await bsml('vectors', PUBLIC);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('428 passed, 0 failed, 0 skipped');
  });

  it('prints each failure and exits 1 when a case fails', async () => {
    const file = writeVectors('failing.json', [
      ['a comment line'],
      ['1', '2 EQUAL', 'P2SH', 'OK', 'deliberately wrong'],
      ['1', '1 EQUAL', 'P2SH', 'OK'],
      ['0', 'IF 1 ENDIF', '', 'OK', 'also wrong'],
    ]);
    const r = await bsml('vectors', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL #1 (deliberately wrong)');
    expect(r.stdout).toContain('scriptSig:    1');
    expect(r.stdout).toContain('scriptPubKey: 2 EQUAL');
    expect(r.stdout).toContain('expected OK, got EVAL_FALSE');
    expect(r.stdout).toContain('FAIL #3 (also wrong)');
    expect(r.stdout).not.toContain('FAIL #2');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 2 failed, 0 skipped');
  });

  // The witness is printed as --stack reads it: one empty item as 0x (it was a blank, which reads
  // back as no items), other lists as hex joined by commas.
  it('prints the witness of a failing case as a --stack list', async () => {
    const file = writeVectors('witness.json', [
      [['', 0], '0', '1', 'P2SH,WITNESS', 'OK', 'one empty item'],
      [['', '01', 0], '0', '1', 'P2SH,WITNESS', 'OK', 'two items'],
    ]);
    const r = await bsml('vectors', file);
    expect(r.code).toBe(1);
    const witness = r.stdout.split('\n').filter((l) => l.startsWith('  witness:'));
    expect(witness).toEqual(['  witness:      0x', '  witness:      ,01']);
    expect(parseStackList('0x')).toEqual([new Uint8Array(0)]);
  });

  // The comment, scripts and flags come from the file: printed with their control characters
  // escaped (they were printed raw, so a comment could clear the terminal or forge a FAIL line).
  it('escapes the control characters of the text it echoes from the file', async () => {
    const file = writeVectors('control.json', [
      ["'\u001b'", '2 EQUAL', '', 'OK', 'c\u001b[2J\rFAIL #9\u009b'],
      ['1', 'FROB\u007f', '', 'OK'],
    ]);
    const r = await bsml('vectors', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL #0 (c\\u001b[2J\\rFAIL #9\\u009b)\n  scriptSig:    \'\\u001b\'\n');
    expect(r.stdout).toContain('FAIL #1 (unreadable): scriptPubKey: bad ASM token "FROB\\u007f"');
    expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(r.stdout), r.stdout).toBe(false);
  });

  it('reports the same in --json', async () => {
    const file = writeVectors('failing2.json', [['1', '2 EQUAL', '', 'OK', 'wrong'], ['1', '1 EQUAL', '', 'OK']]);
    const r = await bsml('vectors', file, '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ engine: 'ts', passed: 1, failed: 1, skipped: 0 });
    expect(j.cases).toEqual([
      { index: 0, status: 'fail', comment: 'wrong', scriptSig: '1', scriptPubKey: '2 EQUAL', flags: '', expected: 'OK', got: 'EVAL_FALSE' },
    ]);
  });

  it('treats a missing file, bad JSON or a file that is not an array as bad input (exit 2)', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[[');
    const runs = await Promise.all([
      bsml('vectors', join(dir, 'nope.json')),
      bsml('vectors', bad),
      bsml('vectors', writeVectors('object.json', { a: 1 } as unknown as unknown[])),
      bsml('vectors'),
    ]);
    ['nope.json', 'bad.json', 'not a JSON array', 'FILE'].forEach((token, i) => expectUsageError(runs[i]!, token));
  });

  // Core's driver reports an entry it cannot read as a test error and goes on with the others; so
  // does bsml: the entry fails (named, in the file's order) and the rest run and are judged.
  it('fails an unreadable entry, naming it, and still runs the others (exit 1)', async () => {
    const entries = [
      ['1', '1', '', 'OK'],
      ['1', 'FROB', '', 'OK'],
      ['1', '2 EQUAL', '', 'OK', 'wrong'],
      ['1', '1', 'P2SH,WOBBLE', 'OK'],
    ];
    const [mixed, json, onlyBad] = await Promise.all([
      bsml('vectors', writeVectors('mixed.json', entries)),
      bsml('vectors', writeVectors('mixed2.json', entries), '--json'),
      bsml('vectors', writeVectors('onlybad.json', [entries[0], entries[1]])),
    ]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toBe('');
    const fails = mixed.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails).toHaveLength(3);
    expect(fails[0]).toMatch(/^FAIL #1 \(unreadable\): scriptPubKey.*FROB/);
    expect(fails[1]).toBe('FAIL #2 (wrong)');
    expect(fails[2]).toMatch(/^FAIL #3 \(unreadable\): .*WOBBLE/);
    expect(mixed.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 3 failed, 0 skipped');
    expect(json.code).toBe(1);
    const j = JSON.parse(json.stdout);
    expect({ passed: j.passed, failed: j.failed, skipped: j.skipped }).toEqual({ passed: 1, failed: 3, skipped: 0 });
    expect(j.cases.map((c: { index: number; status: string }) => [c.index, c.status])).toEqual([[1, 'fail'], [2, 'fail'], [3, 'fail']]);
    expect(j.cases[0].reason).toMatch(/^scriptPubKey.*FROB/);
    expect(onlyBad.code).toBe(1);
    expect(onlyBad.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed, 0 skipped');
  });

  // A JSON number is a double once parsed (about 17 significant digits): this amount became
  // 21000000 BTC and passed. Core reads the literal and refuses it; so does bsml, quoting the file.
  it('reads a witness amount from its text in the file, as Core does', async () => {
    const file = join(dir, 'amount.json');
    writeFileSync(file, '[[["", 20999999.999999999], "", "1", "P2SH", "OK"], [["", 0.1], "", "1", "P2SH", "OK"]]');
    const r = await bsml('vectors', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'FAIL #0 (unreadable): witness amount 20999999.999999999 BTC is not a whole number of satoshis (at most 8 decimals)\n1 passed, 1 failed, 0 skipped\n',
    );
  });
});

describe('bsml run', () => {
  it('prints the --json result object', async () => {
    const r = await bsml('run', '--asm', '2 3 ADD 5 NUMEQUAL', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ success: true, error: 'OK', stack: ['01'], altstack: [], opCount: 2 });
  });

  it('exits 1 for a failing script and names Core\'s error', async () => {
    const r = await bsml('run', '--asm', '1 TOALTSTACK 1 1', '--sigversion', 'tapscript', '--json');
    expect(r.code).toBe(1);
    // Tapscript: Core's nOpCount stays 0 (it counts in BASE and WITNESS_V0 only).
    expect(JSON.parse(r.stdout)).toEqual({ success: false, error: 'CLEANSTACK', stack: ['01', '01'], altstack: ['01'], opCount: 0 });
  });

  it('takes an initial stack (bottom first, empty items between commas) and flags', async () => {
    const r = await bsml('run', '--hex', '87', '--stack', ',', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ success: true, stack: ['01'] });
    const m = await bsml('run', '--asm', 'IF 1 ENDIF', '--stack', '02', '--sigversion', 'witness_v0', '--flags', 'MINIMALIF', '--json');
    expect(m.code).toBe(1);
    expect(JSON.parse(m.stdout).error).toBe('MINIMALIF');
  });

  it('adds a step trace with --trace', async () => {
    const r = await bsml('run', '--asm', '1 2 ADD', '--trace', '--json');
    const j = JSON.parse(r.stdout);
    expect(j.trace.map((t: { opcode: string }) => t.opcode)).toEqual(['1', '2', 'OP_ADD']);
    expect(j.trace.at(-1).stack).toEqual(['03']);
  });

  it('evaluates a malformed script and reports Core\'s error instead of a CLI error', async () => {
    const cases = [
      ['4c05aa', 'base', 'BAD_OPCODE'], // truncated PUSHDATA1
      ['ba', 'witness_v0', 'BAD_OPCODE'], // CHECKSIGADD outside tapscript
      ['7e', 'tapscript', 'OK'], // OP_CAT is OP_SUCCESS126 in tapscript
      ['7e', 'base', 'DISABLED_OPCODE'],
      ['', 'base', 'EVAL_FALSE'],
    ];
    const runs = await Promise.all(cases.map(([hex, sv]) => bsml('run', '--hex', hex!, '--sigversion', sv!, '--json')));
    cases.forEach(([hex, , error], i) => {
      const r = runs[i]!;
      expect(r.stderr, hex).toBe('');
      expect(JSON.parse(r.stdout).error, hex).toBe(error);
      expect(r.code, hex).toBe(error === 'OK' ? 0 : 1);
    });
  });

  it('rejects bad input with one line naming the bad token (exit 2)', async () => {
    const cases: [string[], string][] = [
      [['run', '--asm', '1 FROB 2'], 'FROB'],
      [['run', '--hex', 'abc'], 'abc'],
      [['run', '--hex', '0g'], '0g'],
      [['run', '--asm', '1', '--stack', '01,zz'], 'zz'],
      [['run', '--asm', '1', '--flags', 'P2SH,WOBBLE'], 'WOBBLE'],
      [['run', '--asm', '1', '--sigversion', 'segwit'], 'segwit'],
      [['run', '--asm', '1', '--engine', 'warp'], 'warp'],
      [['run', '--asm', '1', '--hex', '51'], '--asm'],
      [['run', '--asm', '1', '--bogus'], '--bogus'],
      [['frobnicate'], 'frobnicate'],
    ];
    const runs = await Promise.all(cases.map(([args]) => bsml(...args)));
    cases.forEach(([, token], i) => expectUsageError(runs[i]!, token));
  });
});
